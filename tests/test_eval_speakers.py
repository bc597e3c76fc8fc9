"""The hand-labelled speaker gold of issue 16 (tests/gold/speakers.jsonl) and its scorer.

The gold's own tests need ../shared (they skip without it); the judging rules are tested on
invented sentences.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pytest

from analysis.eval_speakers import (
    ERROR_CLASSES, GOLD_FILE, SPEAKER_TYPES, GoldQuote, assign_splits, load_gold, read_records, report,
    score, span_check, speaker_right,
)

# fields a record may hold: offsets, checks and codes, never article text
ALLOWED = {
    "set", "group", "doc_id", "split", "stratum", "rank", "start", "end", "check", "quote", "reject",
    "speaker_type", "speaker_start", "speaker_end", "speaker_check", "speaker_alt", "speaker_not", "hard",
    "error_class", "error_note",
}


def test_gold_file_holds_codes_and_offsets_only():
    recs = read_records(GOLD_FILE)
    assert all(set(r) <= ALLOWED for r in recs), "a gold record holds a field that is not a code or offset"
    quotes = [r for r in recs if r["quote"]]
    assert len(quotes) == 200
    assert Counter(r["set"] for r in quotes) == {"pac": 100, "allsides": 100}
    assert {r["speaker_type"] for r in quotes} <= set(SPEAKER_TYPES)
    assert {r["error_class"] for r in quotes if "error_class" in r} <= set(ERROR_CLASSES)
    for r in quotes:
        assert (r["speaker_type"] == "unknown") == (r["speaker_start"] < 0)


def test_gold_splits_are_by_article_and_about_half():
    recs = read_records(GOLD_FILE)
    splits = defaultdict(set)
    for r in recs:
        splits[r["doc_id"]].add(r["split"])
    assert all(len(s) == 1 for s in splits.values()), "an article's quotes are in both splits"
    n = Counter(r["split"] for r in recs if r["quote"])
    assert set(n) == {"dev", "heldout"} and abs(n["dev"] - n["heldout"]) <= 10
    assert assign_splits(recs) == recs  # the recorded splits are the seeded assignment


def test_every_gold_check_matches_the_shared_text(shared_dir):
    gold, corpora = load_gold(GOLD_FILE, shared_dir)  # raises on any check that does not match
    assert len(gold) == len(read_records(GOLD_FILE))
    for g in gold:
        r = g.record
        assert span_check(g.text, r["start"], r["end"]) == r["check"]
        if r["quote"] and r["speaker_start"] >= 0:
            assert g.speaker and span_check(g.text, r["speaker_start"], r["speaker_end"]) == r["speaker_check"]
    assert set(corpora) == {"pac", "allsides"}


def test_a_drifted_offset_is_reported(shared_dir, tmp_path):
    rec = next(r for r in read_records(GOLD_FILE) if r["set"] == "pac" and r["quote"])
    bad = dict(rec, start=rec["start"] + 1)
    path = tmp_path / "speakers.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="check"):
        load_gold(path, shared_dir)


def test_scorer_runs_on_a_few_records(shared_dir):
    recs = [r for r in read_records(GOLD_FILE) if r["set"] == "pac"]
    few = [r for r in recs if r["quote"]][:5] + [r for r in recs if not r["quote"]][:1]
    gold, corpora = load_gold(GOLD_FILE, shared_dir, few)
    scores = score(gold, corpora)
    assert len(scores) == len(few)
    assert {"matched", "right", "right_mention", "pred_speaker", "jaccard"} <= set(scores.columns)
    assert scores.matched.all()  # the gold spans were drawn from the extractor's quotes
    assert not scores[~scores.quote].right.any()  # a record judged not a quote is never "right"
    text = report(scores, gold, errors=2)
    assert "gold quotes" in text and "speaker right" in text and "by speaker type" in text


def test_malformed_gold_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "speakers.jsonl"
    path.write_text('{"set": "pac", "doc_id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"speakers\.jsonl:1: record lacks"):
        read_records(path)


# --------------------------------------------------------------------------------------------
# judging rules, on invented sentences


def _gold(text: str, speaker: str, kind: str, alt=(), not_=()) -> GoldQuote:
    s = text.index(speaker) if speaker else -1
    rec = {"speaker_type": kind, "speaker_start": s, "speaker_end": s + len(speaker) if speaker else -1,
           "speaker_alt": [[text.index(a), text.index(a) + len(a)] for a in alt],
           "speaker_not": [[text.index(n), text.index(n) + len(n)] for n in not_]}
    return GoldQuote(rec, text, "", speaker)


def test_person_needs_the_surname_and_compatible_first_names():
    g = _gold("Defense Secretary Lloyd Austin said the drills would go on.", "Lloyd Austin", "person")
    assert speaker_right(g, "Lloyd Austin") and speaker_right(g, "Austin") and speaker_right(g, "Lloyd J. Austin")
    assert speaker_right(g, "Defense Secretary Lloyd Austin")  # a known title is not a first name
    assert not speaker_right(g, "Tom Austin") and not speaker_right(g, "Lloyd") and not speaker_right(g, "")
    assert not speaker_right(g, "Meanwhile Austin")  # a sentence-opening word is no first name


def test_a_namesake_the_article_names_is_wrong():
    text = "President Obama spoke after Michelle Obama. Obama said the country was strong."
    g = _gold(text, "Obama", "person", not_=["Michelle Obama"])
    assert speaker_right(g, "Barack Obama") and speaker_right(g, "Obama")
    assert not speaker_right(g, "Michelle Obama")
    jr = _gold("Donald Trump Jr. and Donald J. Trump", "Donald J. Trump", "person")
    assert not speaker_right(jr, "Donald Trump Jr.")


def test_an_institution_needs_most_of_its_name():
    g = _gold("France's Defence Ministry said on Monday the jets had landed.", "France's Defence Ministry",
              "organisation")
    assert speaker_right(g, "Defence Ministry") and speaker_right(g, "France's Defence Ministry")
    assert not speaker_right(g, "France") and not speaker_right(g, "Ministry") and not speaker_right(g, "")
    u = _gold("United States Citizenship and Immigration Services said", "United States Citizenship and "
              "Immigration Services", "organisation")
    assert speaker_right(u, "USCIS") and not speaker_right(u, "Immigration Services")


def test_anonymous_and_group_need_their_head_word():
    g = _gold("a senior administration official said", "a senior administration official", "anonymous")
    assert speaker_right(g, "official") and speaker_right(g, "senior officials")
    assert not speaker_right(g, "administration") and not speaker_right(g, "Joe Biden")
    p = _gold("Protesters outside the court chanted", "Protesters", "group")
    assert speaker_right(p, "protesters") and not speaker_right(p, "court")


def test_unknown_is_right_only_when_nobody_is_named():
    g = _gold("", "", "unknown")
    assert speaker_right(g, "") and not speaker_right(g, "Joe Biden")


def test_assign_splits_keeps_articles_whole():
    recs = [{"set": "pac", "doc_id": f"d{i % 7}", "quote": True} for i in range(30)]
    out = assign_splits(recs, seed=3)
    by_doc = defaultdict(set)
    for r in out:
        by_doc[r["doc_id"]].add(r["split"])
    assert all(len(s) == 1 for s in by_doc.values())
    n = Counter(r["split"] for r in out)
    assert abs(n["dev"] - n["heldout"]) <= 5  # within one article's quotes of an even split
