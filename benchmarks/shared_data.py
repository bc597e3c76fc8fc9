"""Where the benchmarks find the evaluation data in ../shared (read in place, never copied here)."""

import os
from pathlib import Path

SHARED = Path(os.environ.get("SAMESTORY_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
ALLSIDES = SHARED / "data" / "allsides" / "articles.jsonl.gz"
PAC = SHARED / "data" / "pac_partisan_events" / "pac_articles.jsonl"
