"""Quote and passage overlap on the AllSides set (37,554 articles): time, scaling, memory, baseline.

Loads ``../shared/data/allsides/articles.jsonl.gz`` and extracts every quote (neither timed), then:

1. times ``quote_pairs`` (the overlap of all extracted quotes) and ``shared_passages`` on a seeded
   random 10% of the articles and on all of them, and prints their ratio (goal <= 12: close to
   linear; 10x the articles can mean up to 100x the pairs, so the ratio also depends on the output).
   Times are CPU seconds of this process (``time.process_time``), so other work on the machine
   does not count; each is the best of three runs, the 10% and 100% runs interleaved, since the
   machine's speed drifts by 10-20% from minute to minute and a tenth of a second in a
   two-second run moves the ratio by a point;
2. measures the peak memory of each overlap step at 100% with ``tracemalloc`` (a separate run, so
   that tracing does not slow the timed one);
3. runs, side by side on a sample of same-story articles (AllSides (date, topic) groups with three
   or more outlets), the n-gram index against a naive matcher that aligns every pair of quotes, and
   prints whether they find the same matches and the speed-up.

Goal (issue 5): quote overlap of the whole set in <= 60 s on one core, under 2 GB.

    python benchmarks/bench_overlap.py [--sample-quotes N]
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

import numpy as np

from shared_data import load_allsides  # this folder is on sys.path when the script runs
GOAL_SECONDS, GOAL_GB, GOAL_RATIO = 60.0, 2.0, 12.0


def timed(fn, *args, **kw):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0, time.process_time() - c0


def peak_mb(fn, *args, **kw) -> float:
    tracemalloc.start()
    try:
        fn(*args, **kw)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def pair_keys(pairs) -> set[tuple[str, str, str]]:
    return set(zip(pairs["quote_id_a"], pairs["quote_id_b"], pairs["match_type"]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample-quotes", type=int, default=1500,
                    help="quotes in the naive all-pairs comparison (default 1500)")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = ap.parse_args()
    corpus = load_allsides()
    if corpus is None:
        return 0
    from analysis.overlap import quote_pairs, shared_passages
    from analysis.quotes import extract_quotes

    arts = corpus.articles
    t0 = time.perf_counter()
    quotes = extract_quotes(corpus.unique_articles)
    print(f"extracted {len(quotes):,} quotes in {time.perf_counter() - t0:.0f} s (not counted); "
          f"{(arts['duplicate_of'] != '').sum()} exact duplicate articles left out")

    rng = np.random.default_rng(0)
    tenth = set(rng.choice(arts["doc_id"].to_numpy(), size=len(arts) // 10, replace=False))
    sets = {"10%": (arts[arts["doc_id"].isin(tenth)], quotes[quotes["doc_id"].isin(tenth)]),
            "100%": (arts, quotes)}

    print(f"\n{'step':16} {'set':>5} {'articles':>9} {'quotes':>9} {'found':>9} {'seconds':>8} {'cpu s':>7}")
    results = {}
    for step, fn in (("quote overlap", lambda a, q: quote_pairs(q, a)),
                     ("passage overlap", lambda a, q: shared_passages(a, q))):
        runs = {name: [] for name in sets}
        for _ in range(3):
            for name, (a, q) in sets.items():
                out, wall, cpu = timed(fn, a, q)
                runs[name].append((len(out), wall, cpu))
                del out
        for name, (a, q) in sets.items():
            results[step, name] = n, wall, cpu = min(runs[name], key=lambda r: r[2])
            print(f"{step:16} {name:>5} {len(a):9,} {len(q):9,} {n:9,} {wall:8.1f} {cpu:7.1f}")
    for step in ("quote overlap", "passage overlap"):
        small, big = results[step, "10%"], results[step, "100%"]
        print(f"{step}: cpu time 100% / 10% = {big[2] / small[2]:.1f} (wall {big[1] / small[1]:.1f}); "
              f"found 100% / 10% = {big[0] / max(small[0], 1):.0f}")

    if not args.no_memory:
        print("\npeak memory of each step on the whole set (tracemalloc, separate run):")
        mem_q = peak_mb(quote_pairs, quotes, arts)
        print(f"quote overlap   {mem_q:8.0f} MB")
        mem_p = peak_mb(shared_passages, arts, quotes)
        print(f"passage overlap {mem_p:8.0f} MB")
    else:
        mem_q = float("nan")

    # the index against every pair, on same-story articles
    uniq = corpus.unique_articles
    groups = uniq[uniq["date"].notna()].groupby([uniq["date"], uniq["topic"]])["source"].transform("nunique")
    story = uniq.loc[groups[groups >= 3].index].sort_values(["date", "topic", "doc_id"])
    counts = quotes.groupby("doc_id").size().reindex(story["doc_id"], fill_value=0).cumsum()
    docs = set(counts[counts <= args.sample_quotes].index)
    sq, sa = quotes[quotes["doc_id"].isin(docs)], arts[arts["doc_id"].isin(docs)]
    fast, _, t_fast = timed(quote_pairs, sq, sa)
    naive, _, t_naive = timed(quote_pairs, sq, sa, candidates="all")
    kf, kn = pair_keys(fast), pair_keys(naive)
    print(f"\nsample: {len(sa):,} same-story articles, {len(sq):,} quotes")
    print(f"{'':22} {'cpu s':>8} {'pairs':>7}")
    print(f"{'naive all pairs':22} {t_naive:8.2f} {len(naive):7,}")
    print(f"{'n-gram index':22} {t_fast:8.2f} {len(fast):7,}")
    print(f"same matches: {'yes' if kf == kn else 'NO'} (index misses {len(kn - kf)}, adds {len(kf - kn)}); "
          f"speed-up {t_naive / t_fast:.0f}x")

    n_q, _, cpu_q = results["quote overlap", "100%"]
    ratio = cpu_q / results["quote overlap", "10%"][2]
    print(f"\ngoal quote overlap <= {GOAL_SECONDS:.0f} CPU s: {'met' if cpu_q <= GOAL_SECONDS else 'NOT met'} "
          f"({cpu_q:.1f} s, {n_q:,} pairs)")
    if args.no_memory:
        print(f"goal peak memory < {GOAL_GB:.0f} GB: not measured (--no-memory)")
    else:
        print(f"goal peak memory < {GOAL_GB:.0f} GB: {'met' if mem_q < GOAL_GB * 1000 else 'NOT met'} ({mem_q:.0f} MB)")
    print(f"goal CPU time ratio 100%/10% <= {GOAL_RATIO:.0f}: {'met' if ratio <= GOAL_RATIO else 'NOT met'} ({ratio:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
