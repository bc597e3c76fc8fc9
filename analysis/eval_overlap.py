"""Score the quote overlap (pairs and clusters) on hand-made gold (issue 17; ``make eval-overlap``).

``python -m analysis.eval_overlap [--split S] [--errors N] [--min-words N] [--shared DIR]`` loads
the gold in ``tests/gold/`` (``overlap_pac.jsonl``, ``overlap_ten_outlets.jsonl``,
``overlap_translations.jsonl``; each record a quote unit: ``doc_id`` plus character offsets into
``corpus.articles.text``, a ``check`` hash, and the ``statement_id`` it belongs to; see
``tests/gold/README.md``), runs :func:`analysis.overlap.quote_overlap` on each gold group (a PAC
story, the fixture folder, a set of AllSides articles) as a user would on that set, maps the
system's quotes to gold units by character overlap and reports per split (``dev``, ``heldout``,
``fixture``, ``translation``):

- **pairs**: precision, recall and F1 of cross-outlet pairs. A gold pair is two units of different
  outlets in one statement. A system pair (two quotes) is right when some unit of one quote and some
  unit of the other are a gold pair (a quote carrying two sentences maps to both units), wrong when
  none is and no pair of its units is excused (below); recall counts the gold pairs some system pair
  covers.
- **clusters**: precision, recall and F1 of cross-outlet unit pairs in one system cluster against
  unit pairs in one gold statement; ``mixed`` counts system clusters whose members hold two or more
  different gold statements (``mixed_shared``: such clusters carried by two or more outlets).
- **variants**: gold pairs whose units come in different wordings (two translations, another
  transcription). Until the system has a ``variant`` match type, recall by any match; then
  precision and recall of the pairs typed ``variant``.

Excused (neither right nor wrong): pairs that touch a unit marked ``unsure``, units shorter than
``--min-words`` words (the matcher's own floor, 3), quoted terms (``kind`` "term": a title, a name in
quotes) matched to the same term, and everything in groups annotated only in part (the translation
set records the statements found in other wordings, not every quote, so only recall is reported).

A cluster member is mapped by the offsets of its row when the cluster table has ``start``/``end``
(body offsets of the member, e.g. one sentence of a longer quote), else by its quote's offsets.
The shared folder is ``$SAMESTORY_SHARED`` or ``../shared``; the fixture needs nothing else.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

from . import load_corpus
from .eval_quotes import offset_map as _offset_map, shared_dir, to_text as _to_text
from .overlap import quote_overlap
from .quotes import extract_quotes
from .text import tokenize

__all__ = ["GoldUnit", "load_gold", "gold_files", "check_gold", "evaluate", "format_report", "GOLD_DIR"]

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "gold"
GOLD_FILES = ("overlap_pac.jsonl", "overlap_ten_outlets.jsonl", "overlap_translations.jsonl")
SET_PATHS = {
    "pac": Path("data") / "pac_partisan_events" / "pac_articles.jsonl",
    "allsides": Path("data") / "allsides" / "articles.jsonl.gz",
}
SPLITS = ("dev", "heldout", "fixture", "translation")
MIN_WORDS = 3


@dataclass(frozen=True)
class GoldUnit:
    """One quoted unit (a sentence of a quote, or a fragment) in the gold."""

    set: str
    group: str
    split: str
    doc_id: str
    start: int
    end: int
    check: str
    statement_id: str
    kind: str = "full"          # full | partial | term
    wording: str = "a"          # units of one statement in different wordings are variants
    relation: str = ""          # ref | copy | fragment | edited | single (within its wording)
    edit: str = ""              # comma-separated edit classes (ellipsis, contraction, ...)
    unsure: bool = False
    note: str = ""
    coverage: str = "full"      # full: every quote of the article is a unit; partial: some only
    speaker_start: int = -1
    speaker_end: int = -1
    speaker_check: str = ""
    selection: str = ""
    stratum: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.start, self.end)


def gold_files(gold_dir: Path | None = None) -> list[Path]:
    """The overlap gold files present in ``gold_dir`` (default ``tests/gold``)."""
    folder = gold_dir or GOLD_DIR
    return [folder / name for name in GOLD_FILES if (folder / name).exists()]


def load_gold(path: Path) -> list[GoldUnit]:
    """The records of one gold file; a bad line raises ValueError naming the file and line."""
    fields = {f.name for f in dataclasses.fields(GoldUnit)}
    units = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                units.append(GoldUnit(**{k: v for k, v in rec.items() if k in fields}))
            except (json.JSONDecodeError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a gold record ({exc})") from exc
    return units


def _sha8(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _nwords(text: str) -> int:
    """Words as the package counts them (:func:`analysis.text.tokenize`: "don't" is one word)."""
    return len(tokenize(text))


# --------------------------------------------------------------------------------------------- #
# Loading the sets
# --------------------------------------------------------------------------------------------- #


def _allsides_subset(path: Path, ids: set[str], out: Path) -> Path:
    """Write the AllSides rows whose ID is in ``ids`` to ``out`` (one pass over the .gz)."""
    id_re = re.compile(r'"ID":\s*"([^"]+)"')
    with gzip.open(path, "rt", encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as fo:
        for line in fh:
            m = id_re.search(line, 0, 200)
            if m and m.group(1) in ids and json.loads(line).get("ID") in ids:
                fo.write(line)
    return out


def load_sets(units: list[GoldUnit], shared: Path | None, repo: Path | None = None):
    """{set name: Corpus} for every set the units name; sets that are absent are left out.

    PAC is loaded whole; AllSides only the articles the gold names (read once from the .gz into a
    temporary file); a fixture set is a folder path relative to the repository.
    """
    repo = repo or GOLD_DIR.parent.parent
    corpora = {}
    for name in sorted({u.set for u in units}):
        if name in SET_PATHS:
            if shared is None or not (shared / SET_PATHS[name]).exists():
                continue
            if name == "allsides":
                ids = {u.doc_id for u in units if u.set == name}
                with tempfile.TemporaryDirectory(prefix="samestory-eval-") as tmp:
                    sub = _allsides_subset(shared / SET_PATHS[name], ids, Path(tmp) / "articles.jsonl")
                    corpora[name] = load_corpus(sub)
            else:
                corpora[name] = load_corpus(shared / SET_PATHS[name])
        else:
            corpora[name] = load_corpus(repo / name)
    return corpora


def check_gold(units: list[GoldUnit], corpora: dict) -> list[str]:
    """Problems with the gold against the loaded sets: unknown articles, offsets out of range,
    check hashes (of the unit and of the speaker mention) that do not match."""
    problems = []
    for name, corpus in corpora.items():
        texts = dict(zip(corpus.articles.doc_id, corpus.articles.text))
        for u in units:
            if u.set != name:
                continue
            text = texts.get(u.doc_id)
            where = f"{u.set} {u.doc_id} [{u.start}:{u.end}]"
            if text is None:
                problems.append(f"{where}: no such article")
            elif not 0 <= u.start < u.end <= len(text):
                problems.append(f"{where}: offsets outside the article ({len(text)} characters)")
            elif _sha8(text[u.start:u.end]) != u.check:
                problems.append(f"{where}: check {u.check} does not match {_sha8(text[u.start:u.end])}")
            elif u.speaker_start >= 0 and _sha8(text[u.speaker_start:u.speaker_end]) != u.speaker_check:
                problems.append(f"{where}: speaker check {u.speaker_check} does not match")
    return problems


# --------------------------------------------------------------------------------------------- #
# Running the system on one group and mapping its output to gold units
# --------------------------------------------------------------------------------------------- #


@dataclass
class _GroupRun:
    units: list[GoldUnit]
    sources: dict[str, str]                 # doc_id -> source
    texts: dict[str, str]                   # doc_id -> text
    quote_units: dict[str, list[int]]       # quote_id -> indices into units
    quote_text: dict[str, str]
    pairs: pd.DataFrame
    member_units: dict[int, set[int]]       # cluster_id -> unit indices of its members
    member_sources: dict[int, set[str]]
    unit_clusters: dict[int, set[int]]      # unit index -> cluster ids


def _sub_corpus(corpus, doc_ids: set[str]):
    keep = lambda df: df[df["doc_id"].isin(doc_ids)].reset_index(drop=True)  # noqa: E731
    return dataclasses.replace(corpus, articles=keep(corpus.articles), paragraphs=keep(corpus.paragraphs),
                               boilerplate=keep(corpus.boilerplate))


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _map_span(doc_units: list[tuple[int, GoldUnit]], s: int, e: int) -> list[int]:
    """Gold units a text span [s, e) stands for: half of the unit, or half of the span, overlaps."""
    out = []
    for i, u in doc_units:
        ov = _overlap(s, e, u.start, u.end)
        if ov and (ov >= 0.5 * (u.end - u.start) or ov >= 0.5 * (e - s)):
            out.append(i)
    return out


def _text_span(text: str, omap, body_text: str, start: int, end: int) -> tuple[int, int] | None:
    s, e = _to_text(start, omap), _to_text(end, omap, is_end=True)
    if s is not None and e is not None and e > s:
        return s, e
    i = text.find(body_text)
    return (i, i + len(body_text)) if i >= 0 and body_text else None


def run_group(corpus, units: list[GoldUnit], params: dict | None = None) -> _GroupRun:
    """Run :func:`quote_overlap` on the articles of one gold group and map its output to ``units``."""
    doc_ids = {u.doc_id for u in units}
    sub = _sub_corpus(corpus, doc_ids)
    quotes = extract_quotes(sub.unique_articles)
    pairs, clusters = quote_overlap(sub, quotes, singletons=True, **(params or {}))
    texts = dict(zip(sub.articles.doc_id, sub.articles.text))
    sources = dict(zip(sub.articles.doc_id, sub.articles.source))
    paras = {d: g for d, g in sub.paragraphs.groupby("doc_id", sort=False)}
    omaps = {d: _offset_map(texts[d], g) for d, g in paras.items()}
    by_doc: dict[str, list[tuple[int, GoldUnit]]] = defaultdict(list)
    for i, u in enumerate(units):
        by_doc[u.doc_id].append((i, u))

    def to_units(doc_id: str, start: int, end: int, body_text: str) -> list[int]:
        span = _text_span(texts[doc_id], omaps.get(doc_id, []), body_text, start, end)
        return _map_span(by_doc.get(doc_id, []), *span) if span else []

    quote_units, quote_text = {}, {}
    for q in quotes.itertuples(index=False):
        quote_units[q.quote_id] = to_units(q.doc_id, q.start, q.end, q.text)
        quote_text[q.quote_id] = q.text
    qpos = quotes.set_index("quote_id")[["doc_id", "start", "end", "text"]]
    member_units: dict[int, set[int]] = defaultdict(set)
    member_sources: dict[int, set[str]] = defaultdict(set)
    unit_clusters: dict[int, set[int]] = defaultdict(set)
    own_offsets = {"start", "end"} <= set(clusters.columns)
    for m in clusters.itertuples(index=False):
        if own_offsets:
            mapped = to_units(m.doc_id, m.start, m.end, m.text)
        else:
            q = qpos.loc[m.quote_id]
            mapped = to_units(q.doc_id, q.start, q.end, q.text)
        member_units[m.cluster_id].update(mapped)
        member_sources[m.cluster_id].add(m.source)
        for i in mapped:
            unit_clusters[i].add(m.cluster_id)
    return _GroupRun(units, sources, texts, quote_units, quote_text, pairs, member_units, member_sources,
                     unit_clusters)


# --------------------------------------------------------------------------------------------- #
# Scoring
# --------------------------------------------------------------------------------------------- #


@dataclass
class _Tally:
    """Counts for one split; figures are derived by :meth:`figures`."""

    groups: int = 0
    units: int = 0
    statements: int = 0
    gold_pairs: int = 0
    found_pairs: int = 0
    sys_right: int = 0
    sys_wrong: int = 0
    sys_excused: int = 0
    sys_off_gold: int = 0
    clu_both: int = 0
    clu_sys: int = 0
    clu_gold: int = 0
    mixed: int = 0
    mixed_shared: int = 0
    clusters: int = 0
    variant_gold: int = 0
    variant_found_any: int = 0
    variant_found_typed: int = 0
    variant_sys: int = 0
    variant_sys_right: int = 0
    partial_groups: int = 0
    by_edit: dict = dataclasses.field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: dict = dataclasses.field(default_factory=lambda: defaultdict(list))

    def figures(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        def f1(p, r):
            return 2 * p * r / (p + r) if p is not None and r is not None and p + r else None

        p, r = ratio(self.sys_right, self.sys_right + self.sys_wrong), ratio(self.found_pairs, self.gold_pairs)
        cp, cr = ratio(self.clu_both, self.clu_sys), ratio(self.clu_both, self.clu_gold)
        return {
            "pair_precision": p, "pair_recall": r, "pair_f1": f1(p, r),
            "cluster_precision": cp, "cluster_recall": cr, "cluster_f1": f1(cp, cr),
            "mixed_clusters": self.mixed, "mixed_shared_clusters": self.mixed_shared,
            "variant_recall_any": ratio(self.variant_found_any, self.variant_gold),
            "variant_precision": ratio(self.variant_sys_right, self.variant_sys),
            "variant_recall": ratio(self.variant_found_typed, self.variant_gold),
        }


def _score_group(run: _GroupRun, t: _Tally, min_words: int) -> None:
    units = run.units
    partial = any(u.coverage == "partial" for u in units)
    t.groups += 1
    t.partial_groups += partial
    t.units += len(units)
    t.statements += len({u.statement_id for u in units if u.kind != "term"})
    src = [run.sources.get(u.doc_id, "") for u in units]
    eligible = [u.kind != "term" and not u.unsure and _nwords(run.texts[u.doc_id][u.start:u.end]) >= min_words
                for u in units]

    def same(i: int, j: int) -> bool:
        return units[i].statement_id == units[j].statement_id

    def gold_pair(i: int, j: int) -> bool:
        return eligible[i] and eligible[j] and src[i] != src[j] and same(i, j)

    def excused(i: int, j: int) -> bool:
        return units[i].unsure or units[j].unsure or same(i, j)

    gold = {(i, j) for i, j in combinations(range(len(units)), 2) if gold_pair(i, j)}
    variants = {(i, j) for i, j in gold if units[i].wording != units[j].wording}
    t.gold_pairs += len(gold)
    t.variant_gold += len(variants)
    found, found_typed = set(), set()
    for p in run.pairs.itertuples(index=False):
        ua, ub = run.quote_units.get(p.quote_id_a, []), run.quote_units.get(p.quote_id_b, [])
        cand = {(min(i, j), max(i, j)) for i in ua for j in ub if i != j}
        hits = cand & gold
        found |= hits
        typed = p.match_type == "variant"
        if typed:
            found_typed |= hits & variants
        if partial:
            continue
        if not cand:
            t.sys_off_gold += 1
        elif hits:
            t.sys_right += 1
            t.variant_sys_right += typed
            t.variant_sys += typed
        elif any(excused(i, j) for i, j in cand):
            t.sys_excused += 1
        else:
            t.sys_wrong += 1
            t.variant_sys += typed
            t.errors["false pair"].append((p.match_type, p.text_a, p.text_b))
    t.found_pairs += len(found)
    t.variant_found_any += len(found & variants)
    t.variant_found_typed += len(found_typed)
    for i, j in gold:
        codes = {c for c in (units[i].edit + "," + units[j].edit).split(",") if c}
        if units[i].wording != units[j].wording:
            codes.add("variant")
        for c in codes or {"(none)"}:
            t.by_edit[c][0] += 1
            t.by_edit[c][1] += (i, j) in found
    text = lambda i: run.texts[units[i].doc_id][units[i].start:units[i].end]  # noqa: E731
    for i, j in sorted(gold - found):
        tag = "variant" if units[i].wording != units[j].wording else (
            ",".join(sorted({c for c in (units[i].edit + "," + units[j].edit).split(",") if c})) or "copy")
        t.errors["missed pair"].append((tag, text(i), text(j)))
    if partial:
        return
    # clusters: cross-outlet unit pairs
    sys_pairs = {(i, j) for i, j in combinations(range(len(units)), 2)
                 if eligible[i] and eligible[j] and src[i] != src[j]
                 and run.unit_clusters.get(i, set()) & run.unit_clusters.get(j, set())}
    t.clu_sys += len(sys_pairs)
    t.clu_gold += len(gold)
    t.clu_both += len(sys_pairs & gold)
    for cid, members in run.member_units.items():
        t.clusters += 1
        stmts = {units[i].statement_id for i in members if units[i].kind != "term" and not units[i].unsure}
        if len(stmts) > 1:
            t.mixed += 1
            shared = len(run.member_sources[cid]) > 1
            t.mixed_shared += shared
            if shared:
                t.errors["mixed cluster"].append((f"cluster {cid}", " | ".join(sorted(text(i)[:60] for i in members)), ""))


def evaluate(units: list[GoldUnit], corpora: dict, *, min_words: int = MIN_WORDS,
             params: dict | None = None) -> dict[str, _Tally]:
    """{split: tally} for every split whose set is loaded (see the module docstring)."""
    tallies: dict[str, _Tally] = {}
    groups: dict[tuple[str, str], list[GoldUnit]] = defaultdict(list)
    for u in units:
        if u.set in corpora:
            groups[(u.set, u.group)].append(u)
    for (set_name, _group), gunits in groups.items():
        split = gunits[0].split
        run = run_group(corpora[set_name], gunits, params)
        _score_group(run, tallies.setdefault(split, _Tally()), min_words)
    return tallies


def _fmt(x) -> str:
    return "   -  " if x is None else f"{x:6.3f}" if isinstance(x, float) else f"{x:6d}"


def format_report(tallies: dict[str, _Tally], errors: int = 0, min_words: int = MIN_WORDS) -> str:
    """The printed report: one block of figures per split, then per-edit-class recall and samples."""
    lines = [f"quote overlap against the issue-17 gold (units of {min_words}+ words; "
             "pairs and clusters across outlets)", ""]
    order = [s for s in SPLITS if s in tallies] + [s for s in tallies if s not in SPLITS]
    head = f"{'':28s}" + "".join(f"{s:>12s}" for s in order)
    lines.append(head)
    rows = [("groups", "groups"), ("units", "units"), ("statements", "statements"),
            ("gold pairs", "gold_pairs"), ("  of them variant", "variant_gold"),
            ("system pairs right", "sys_right"), ("system pairs wrong", "sys_wrong"),
            ("system pairs excused", "sys_excused"), ("system pairs off gold", "sys_off_gold")]
    for label, attr in rows:
        lines.append(f"{label:28s}" + "".join(f"{getattr(tallies[s], attr):>12d}" for s in order))
    figs = {s: tallies[s].figures() for s in order}
    for key in ["pair_precision", "pair_recall", "pair_f1", "cluster_precision", "cluster_recall",
                "cluster_f1", "mixed_clusters", "mixed_shared_clusters", "variant_recall_any",
                "variant_precision", "variant_recall"]:
        lines.append(f"{key:28s}" + "".join(f"{_fmt(figs[s][key]):>12s}" for s in order))
    partial = [s for s in order if tallies[s].partial_groups]
    if partial:
        lines.append(f"(annotated in part, recall only: {', '.join(partial)})")
    lines += ["", "recall of gold pairs by edit class (found/gold):"]
    for s in order:
        cells = ", ".join(f"{c} {f}/{g}" for c, (g, f) in sorted(tallies[s].by_edit.items()))
        lines.append(f"  {s}: {cells}")
    if errors:
        for s in order:
            for kind, items in sorted(tallies[s].errors.items()):
                lines.append("")
                lines.append(f"== {s}: {kind} ({len(items)}; {min(errors, len(items))} shown)")
                for tag, a, b in items[:errors]:
                    lines.append(f"  [{tag}] {a!r}")
                    if b:
                        lines.append(f"  {'':{len(str(tag)) + 2}s} {b!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.eval_overlap", description=__doc__.split("\n")[0])
    ap.add_argument("--split", action="append", choices=SPLITS, help="score only this split (repeatable)")
    ap.add_argument("--errors", type=int, default=0, help="print N sample errors of each kind per split")
    ap.add_argument("--min-words", type=int, default=MIN_WORDS, help="shortest gold unit scored (words)")
    ap.add_argument("--shared", type=Path, default=None, help="the shared data folder (default ../shared)")
    ap.add_argument("--gold-dir", type=Path, default=None, help="folder of the gold files (default tests/gold)")
    args = ap.parse_args(argv)
    shared = args.shared or shared_dir()
    units = [u for path in gold_files(args.gold_dir) for u in load_gold(path)]
    if args.split:
        units = [u for u in units if u.split in args.split]
    if not units:
        print("error: no gold units to score", file=sys.stderr)
        return 2
    corpora = load_sets(units, shared if (shared / "data").is_dir() else None)
    missing = sorted({u.set for u in units} - set(corpora))
    if missing:
        print(f"note: {', '.join(missing)} not found under {shared}; those splits are skipped", file=sys.stderr)
    problems = check_gold(units, corpora)
    if problems:
        print("error: the gold does not match the articles:\n  " + "\n  ".join(problems[:20]), file=sys.stderr)
        return 1
    tallies = evaluate(units, corpora, min_words=args.min_words)
    print(format_report(tallies, args.errors, args.min_words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
