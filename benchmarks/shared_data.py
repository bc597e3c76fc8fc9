"""Where the benchmarks find the evaluation data in ../shared (read in place, never copied here)."""

import os
from pathlib import Path

SHARED = Path(os.environ.get("SAMESTORY_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
ALLSIDES = SHARED / "data" / "allsides" / "articles.jsonl.gz"
PAC = SHARED / "data" / "pac_partisan_events" / "pac_articles.jsonl"


def load_allsides():
    """The AllSides set as a Corpus (load time printed, not counted), or None when it is absent."""
    import time

    from analysis import load_corpus

    if not ALLSIDES.exists():
        print(f"skip: {ALLSIDES} is absent")
        return None
    t0 = time.perf_counter()
    corpus = load_corpus(ALLSIDES)
    print(f"loaded {corpus!r} in {time.perf_counter() - t0:.0f} s (not counted)")
    return corpus
