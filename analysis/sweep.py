"""Render the report on many real article sets and print one row per set: the every-set check.

``python -m analysis.sweep`` (``make sweep``) renders the whole report (:func:`analysis.report.
build_report`) on every story of the PAC file (152 sets of two articles), on the whole PAC file, and
on ten AllSides topics whose sizes run from about 20 to about 2,000 articles, and prints for each
set its articles, outlets, seconds and status (``ok``, or the notebooks that failed and where). A
notebook that renders an error page counts as a failure. It needs ``../shared`` (evaluation data,
never copied into the project): PAC stories are picked with the loader's ``where`` filter, AllSides
topics are written one at a time to a temporary file that is removed afterwards. The rendered
reports go to a temporary folder too, unless ``--keep DIR`` is given.

``--subset`` runs the deterministic subset the test suite runs (``tests/test_sweep.py``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Iterator, NamedTuple

import pandas as pd

from .corpus import REPO_ROOT
from .report import build_report

SHARED = REPO_ROOT.parent / "shared"
PAC = Path("data/pac_partisan_events/pac_articles.jsonl")
ALLSIDES = Path("data/allsides/articles.jsonl.gz")

#: The test suite's subset: this many PAC stories (seeded draw), the PAC file and two AllSides topics.
SUBSET_STORIES = 20
SUBSET_SEED = 0
SWEEP_COLUMNS = ["set", "articles", "outlets", "seconds", "status"]


class SweepSet(NamedTuple):
    """One article set of the sweep: a name, the file, and the loader filter that picks it."""

    name: str
    path: Path
    where: dict[str, str]


def pac_story_ids(shared: Path = SHARED) -> list[str]:
    """Every story id of the PAC file, in numeric order (STORY_0, STORY_1, ...)."""
    ids = {json.loads(line)["story_id"] for line in (shared / PAC).open(encoding="utf-8") if line.strip()}
    return sorted(ids, key=lambda s: (len(s), s))


def allsides_topics(shared: Path = SHARED, n: int = 10, smallest: int = 20, largest: int = 2000) -> list[str]:
    """``n`` AllSides topics whose sizes are nearest to ``n`` sizes spaced evenly on a log scale
    from ``smallest`` to ``largest`` articles (each topic once)."""
    sizes = Counter()
    with gzip.open(shared / ALLSIDES, "rt", encoding="utf-8") as fh:
        for line in fh:
            sizes[json.loads(line).get("topic") or ""] += 1
    sizes.pop("", None)
    chosen: list[str] = []
    for i in range(n):
        target = math.exp(math.log(smallest) + i * (math.log(largest) - math.log(smallest)) / (n - 1))
        left = [t for t in sizes if t not in chosen]
        chosen.append(min(left, key=lambda t: (abs(math.log(sizes[t]) - math.log(target)), t)))
    return chosen


def sweep_sets(shared: Path = SHARED, subset: bool = False) -> list[SweepSet]:
    """The sets of the sweep: every PAC story, the PAC file, ten AllSides topics; or the subset."""
    stories = pac_story_ids(shared)
    topics = allsides_topics(shared)
    if subset:
        stories = sorted(random.Random(SUBSET_SEED).sample(stories, SUBSET_STORIES), key=stories.index)
        topics = [topics[0], topics[len(topics) // 2]]
    sets = [SweepSet(f"pac {s}", shared / PAC, {"story_id": s}) for s in stories]
    sets.append(SweepSet("pac (all stories)", shared / PAC, {}))
    sets += [SweepSet(f"allsides topic={t}", shared / ALLSIDES, {"topic": t}) for t in topics]
    return sets


def _materialised(s: SweepSet, tmp: Path) -> tuple[Path, dict[str, str]]:
    """A set as a path and filter the report can read quickly: an AllSides topic (a 90 MB file read
    once per notebook otherwise) is written to its own temporary JSON Lines file."""
    if not s.path.name.endswith(".gz"):
        return s.path, s.where
    key, value = next(iter(s.where.items()))
    out = tmp / f"allsides-{key}-{value}.jsonl"
    with gzip.open(s.path, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and str(json.loads(line).get(key)) == value:
                dst.write(line)
    return out, {}


def run_sweep(sets: list[SweepSet], keep: Path | None = None, workers: int = 2,
              echo=print) -> pd.DataFrame:
    """Render the report on each set; return one row per set (``SWEEP_COLUMNS``) and print it.

    Columns: ``set`` (its name), ``articles`` and ``outlets`` (as loaded), ``seconds`` (wall
    clock, loading and every notebook), ``status`` (``ok``, or each failed notebook with the
    section and error, or the loader's error).
    """
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="samestory-sweep-"))
    try:
        out = keep or tmp / "reports"
        echo(f"{'set':<34} {'articles':>8} {'outlets':>7} {'seconds':>8}  status")
        for s in sets:
            start = time.perf_counter()
            path, where = _materialised(s, tmp)
            try:
                report = build_report(path, out, where=where, workers=workers)
            except Exception as err:  # the sweep reports every kind of failure, and goes on
                row = (s.name, 0, 0, time.perf_counter() - start, f"load failed: {type(err).__name__}: {err}")
            else:
                failed = [r for r in report.results if not r.ok]
                status = "ok" if not failed else "; ".join(f"{Path(r.notebook).stem} {r.status}" for r in failed)
                arts = report.corpus.articles
                row = (s.name, len(arts), arts["source"].nunique(), time.perf_counter() - start, status)
            finally:
                if path.parent == tmp:
                    path.unlink()
            rows.append(row)
            echo(f"{row[0]:<34} {row[1]:>8} {row[2]:>7} {row[3]:>8.1f}  {row[4]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = pd.DataFrame(rows, columns=SWEEP_COLUMNS)
    n_failed = int((table["status"] != "ok").sum())
    echo(f"sweep: {len(table)} sets, {n_failed} failed, {table['articles'].sum():,} articles, "
         f"{table['seconds'].sum():.0f} s")
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.sweep", description=__doc__.split("\n")[0])
    ap.add_argument("--subset", action="store_true", help="only the test suite's subset")
    ap.add_argument("--only", choices=("pac-stories", "pac", "allsides"), help="only these sets")
    ap.add_argument("--keep", metavar="DIR", help="keep the rendered reports in DIR")
    ap.add_argument("--shared", default=str(SHARED), help="the shared data folder (default ../shared)")
    ap.add_argument("--workers", type=int, default=2, help="notebooks run at once (default 2)")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / PAC).exists() or not (shared / ALLSIDES).exists():
        print(f"error: {shared}: the PAC and AllSides data are not there (the sweep needs ../shared)",
              file=sys.stderr)
        return 2
    sets = sweep_sets(shared, subset=args.subset)
    prefix = {"pac-stories": "pac STORY", "pac": "pac (", "allsides": "allsides"}.get(args.only or "", "")
    sets = [s for s in sets if s.name.startswith(prefix)]
    table = run_sweep(sets, Path(args.keep) if args.keep else None, workers=args.workers)
    return 0 if (table["status"] == "ok").all() else 1


if __name__ == "__main__":
    raise SystemExit(main())
