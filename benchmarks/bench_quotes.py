"""Speed of the quote extractor on the AllSides set (37,554 articles), in MB/s of body text.

Loads ``../shared/data/allsides/articles.jsonl.gz`` with ``load_corpus`` (not timed), then times
``extract_quotes`` on one core against a baseline run side by side on the same bodies: a bare
quotation-mark regex that finds the quoted stretches and nothing else. Times are CPU seconds of
this process (``time.process_time``), so other work on the machine does not count against it.
Goal (issue 4): >= 5 MB/s.

    python benchmarks/bench_quotes.py [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time

from shared_data import load_allsides  # this folder is on sys.path when the script runs
GOAL_MB_S = 5.0
BASELINE_RE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{1,2000})[\"\u201d]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    args = ap.parse_args()
    corpus = load_allsides()
    if corpus is None:
        return 0
    from analysis.quotes import extract_quotes

    arts = corpus.articles if not args.limit else corpus.articles.head(args.limit)
    print(f"timing {len(arts):,} articles")
    mb = arts["body"].str.len().sum() / 1e6

    t0 = time.process_time()
    n_base = sum(len(BASELINE_RE.findall(b)) for b in arts["body"])
    t_base = time.process_time() - t0

    t0 = time.process_time()
    quotes = extract_quotes(arts)
    t_ext = time.process_time() - t0

    rate, base_rate = mb / t_ext, mb / t_base
    print(f"body text: {mb:.1f} MB")
    print(f"{'':24} {'CPU s':>8} {'MB/s':>8} {'quotes':>9}")
    print(f"{'baseline (mark regex)':24} {t_base:8.1f} {base_rate:8.1f} {n_base:9,}")
    print(f"{'extract_quotes':24} {t_ext:8.1f} {rate:8.1f} {len(quotes):9,}")
    print(f"ratio extract_quotes / baseline speed: {rate / base_rate:.3f}")
    print(f"goal >= {GOAL_MB_S} MB/s: {'met' if rate >= GOAL_MB_S else 'NOT met'} ({rate:.1f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
