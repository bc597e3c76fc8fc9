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


N, W = "Newsmax", "WION"
#: The seeds' quotes as issue 4 lists them, written by hand (independent of the extractor).
SEED_QUOTES = [
    dict(source=N, text="effectively implement", kind="partial", speaker="Vladimir Putin", via="TASS"),
    dict(source=N, text="spare", kind="scare"),
    dict(source=N, text="In order to effectively implement the call of the U.S. president, an appropriate order is "
         "needed from the military and political leadership of Ukraine to its military units to lay down "
         "their weapons and surrender,", speaker="Vladimir Putin", via="TASS", cue="said"),
    dict(source=N, text="We are sympathetic to President Trump\u2019s call,", speaker="Vladimir Putin",
         via="DailyMail.com", venue="televised address", cue="said"),
    dict(source=N, text="If they lay down their arms and surrender, they will be guaranteed life and dignified "
         "treatment.", speaker="Vladimir Putin", via="DailyMail.com", venue="televised address"),
    dict(source=N, text="thousands of Ukrainian troops are completely surrounded ... and in a very bad and "
         "vulnerable position.", kind="partial", speaker="Donald Trump", venue="Truth Social", cue="said"),
    dict(source=N, text="I have strongly requested to President Putin that their lives be spared. This would be "
         "a horrible massacre, one not seen since World War II.", speaker="Donald Trump", cue="added"),
    dict(source=N, text="very difficult", kind="partial", speaker="Volodymyr Zelenskyy", via="DailyMail.com"),
    dict(source=N, text="We had very good and productive discussions with President Vladimir Putin of Russia "
         "yesterday, and there is a very good chance that this horrible, bloody war can finally come to an "
         "end,", speaker="Donald Trump", venue="Truth Social", cue="said"),
    dict(source=N, text="nothing will work out at all, or that it will not work out for as long as possible.",
         kind="partial", speaker="Volodymyr Zelenskyy"),
    dict(source=W, text="surrender", kind="scare"),
    dict(source=W, text="We are sympathetic to President Trump's call,", speaker="Vladimir Putin",
         venue="televised address", cue="said"),
    dict(source=W, text="If they lay down their arms and surrender, they will be guaranteed life and dignified "
         "treatment,", speaker="Vladimir Putin", cue="added"),
    dict(source=W, text="In order to effectively implement the call of the US president, an appropriate order is "
         "needed from the military and political leadership of Ukraine to its military units to lay down "
         "their weapons and surrender,", speaker="Vladimir Putin", cue="said"),
    dict(source=W, text="BUT, AT THIS VERY MOMENT, THOUSANDS OF UKRAINIAN TROOPS ARE COMPLETELY SURROUNDED BY THE "
         "RUSSIAN MILITARY, AND IN A VERY BAD AND VULNERABLE POSITION,", speaker="Donald Trump",
         venue="Truth Social", cue="wrote"),
    dict(source=W, text="I have strongly requested President Putin that their lives be spared. This would be a "
         "horrible massacre, one not seen since World War II. God bless them all!!!", speaker="Donald Trump",
         cue="added"),
    dict(source=W, text="Thousands, unfortunately, have died on the front lines and from Russian bombs and "
         "missiles,", speaker="Volodymyr Zelenskyy", cue="said"),
    dict(source=W, text="From the very first minutes of this war, we have wanted only one thing \u2013 for Russia "
         "to leave our people in peace and for Russian occupiers to get off our land.",
         speaker="Volodymyr Zelenskyy", cue="added"),
]
