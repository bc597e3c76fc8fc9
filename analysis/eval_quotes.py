"""Score :func:`analysis.quotes.extract_quotes` on the PolNeAR dev split (``make eval-quotes``).

``python -m analysis.eval_quotes [--errors N] [--shared DIR]`` loads
``<shared>/data/polnear_dev/polnear_dev.jsonl`` with :func:`analysis.load_corpus`, extracts the
quotes, maps their offsets (and the speaker mentions' offsets) from each article's ``body`` back to
the original ``text`` the gold offsets refer to, writes the predictions to a temporary file, runs
the data set's own scorer ``score_quotes.py`` on it and prints the scorer's report.

Two levels (issue 16): *mention level* (the default) hands the scorer each speaker mention's offsets,
so a quote counts as attributed when the extractor found the right mention ("he", "the senator"),
whatever name it resolved that mention to; *name level* (``--names``) hands it only the canonical
``speaker`` name, no offsets, so a right mention resolved to the wrong person, or to nobody, counts
as wrong.

The shared folder is ``$SAMESTORY_SHARED`` or ``../shared`` beside the repository. Its data is
third-party text: read here, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from .corpus import REPO_ROOT, load_corpus
from .quotes import extract_quotes

__all__ = ["shared_dir", "offset_map", "to_text", "polnear_predictions", "score_polnear", "parse_scores"]


def shared_dir() -> Path:
    """The shared data folder: ``$SAMESTORY_SHARED`` or ``../shared`` next to the repository."""
    return Path(os.environ.get("SAMESTORY_SHARED", REPO_ROOT.parent / "shared"))


def offset_map(text: str, paragraphs: pd.DataFrame) -> list[tuple[int, int, int]]:
    """(body_start, body_end, text_start) for each paragraph found verbatim in ``text``."""
    out, cursor = [], 0
    for start, end, ptext in paragraphs[["start", "end", "text"]].itertuples(index=False, name=None):
        i = text.find(ptext, cursor)
        if i < 0:
            i = text.find(ptext)
        if i >= 0:
            out.append((start, end, i))
            cursor = i + len(ptext)
    return out


def to_text(pos: int, omap: list[tuple[int, int, int]], is_end: bool = False) -> int | None:
    for bs, be, ts in omap:
        if bs <= pos < be or (is_end and pos == be):
            return ts + pos - bs
    return None


def polnear_predictions(gold_path: Path, include_partial: bool = False, names: bool = False) -> list[dict]:
    """One prediction line per article, in the scorer's format (offsets into the gold ``text``).

    PolNeAR's *direct* quotes are what this extractor calls ``full`` quotes; its partial quotes
    (quoted fragments of a paraphrase, the scorer's "P-units") are our ``partial`` kind, which the
    scorer treats as don't-care unless ``--include-partial``. So ``full`` rows are submitted, and
    ``partial`` ones too with ``include_partial``; ``scare`` quotes are nobody's words and never are.
    With ``names`` (name level) a quote carries its canonical ``speaker`` only: no mention offsets,
    and no fallback to the mention as written when the name is empty.
    """
    kinds = {"full", "partial"} if include_partial else {"full"}
    corpus = load_corpus(gold_path)
    quotes = extract_quotes(corpus)
    texts = dict(zip(corpus.articles.doc_id, corpus.articles.text))
    paras = {d: g for d, g in corpus.paragraphs.groupby("doc_id", sort=False)}
    preds = []
    for doc_id in corpus.articles.doc_id:
        text = texts[doc_id]
        omap = offset_map(text, paras[doc_id]) if doc_id in paras else []
        out = []
        for r in quotes[(quotes.doc_id == doc_id) & quotes.kind.isin(kinds)].itertuples():
            q: dict = {"speaker": r.speaker if names else (r.speaker or r.speaker_mention)}
            s, e = to_text(r.start, omap), to_text(r.end, omap, is_end=True)
            if s is not None and e is not None and e > s:
                q.update(start=s, end=e)
            else:
                q["text"] = r.text
            if r.speaker_start >= 0 and not names:
                ss, se = to_text(r.speaker_start, omap), to_text(r.speaker_end, omap, is_end=True)
                if ss is not None and se is not None:
                    q.update(speaker_start=ss, speaker_end=se)
            out.append(q)
        preds.append({"doc_id": doc_id, "quotes": out})
    return preds


def parse_scores(report: str) -> dict[str, dict[str, float]]:
    """{row label: {"P", "R", "F1"}} from the scorer's printed table."""
    rows = {}
    for m in re.finditer(r"^\s*(exact|J>=0\.\d|cov>=0\.3|quote\+spk)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", report, re.M):
        rows[m.group(1)] = {"P": float(m.group(2)), "R": float(m.group(3)), "F1": float(m.group(4))}
    return rows


def score_polnear(shared: Path | None = None, errors: int = 0, include_partial: bool = False,
                  names: bool = False) -> str:
    """Run the extractor and the PolNeAR scorer; return the scorer's report (``names``: name level)."""
    folder = (shared or shared_dir()) / "data" / "polnear_dev"
    gold = folder / "polnear_dev.jsonl"
    preds = polnear_predictions(gold, include_partial, names)
    with tempfile.TemporaryDirectory(prefix="samestory-eval-") as tmp:
        pred_path = Path(tmp) / "preds.jsonl"
        with open(pred_path, "w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(folder / "score_quotes.py"), str(gold), str(pred_path)]
        if errors:
            cmd += ["--errors", str(errors)]
        if include_partial:
            cmd.append("--include-partial")
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.eval_quotes", description=__doc__.split("\n")[0])
    ap.add_argument("--errors", type=int, default=0, help="print N sample misses and false alarms")
    ap.add_argument("--include-partial", action="store_true",
                    help="submit partial quotes too and score them as gold units (scorer --include-partial)")
    ap.add_argument("--names", action="store_true",
                    help="name level: score the canonical speaker name only, not the mention's offsets")
    ap.add_argument("--shared", type=Path, default=None, help="the shared data folder (default ../shared)")
    args = ap.parse_args(argv)
    folder = args.shared or shared_dir()
    if not (folder / "data" / "polnear_dev").is_dir():
        print(f"error: {folder}/data/polnear_dev is absent", file=sys.stderr)
        return 2
    print(score_polnear(folder, args.errors, args.include_partial, args.names), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
