"""Hand-made quote tables in the quotes-table contract, for overlap tests independent of the extractor."""

from __future__ import annotations

import pandas as pd

QUOTE_COLUMNS = ["doc_id", "source", "quote_id", "start", "end", "text", "kind", "speaker",
                 "speaker_mention", "cue", "via", "venue", "para_no", "context", "speaker_rule"]


def make_quotes(articles: pd.DataFrame, specs: list[dict]) -> pd.DataFrame:
    """A quotes table from ``specs``: each names ``source`` (or ``doc_id``) and the quoted ``text``,
    which must occur in that article's body; other quote columns are optional."""
    rows, counters = [], {}
    for spec in specs:
        if "doc_id" in spec:
            art = articles[articles["doc_id"] == spec["doc_id"]].iloc[0]
        else:
            art = articles[articles["source"] == spec["source"]].iloc[0]
        start = art["body"].find(spec["text"])
        assert start >= 0, f"{spec['text']!r} is not in {art['doc_id']}"
        n = counters.get(art["doc_id"], 0)
        counters[art["doc_id"]] = n + 1
        rows.append({
            "doc_id": art["doc_id"], "source": art["source"], "quote_id": f"{art['doc_id']}:{n}",
            "start": start, "end": start + len(spec["text"]), "text": spec["text"],
            "kind": spec.get("kind", "full"), "speaker": spec.get("speaker", ""),
            "speaker_mention": spec.get("speaker_mention", ""), "cue": spec.get("cue", ""),
            "via": spec.get("via", ""), "venue": spec.get("venue", ""), "para_no": 0, "context": "",
            "speaker_rule": "",
        })
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)
