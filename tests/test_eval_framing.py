"""The framing gold of issue 21 (tests/gold/framing_*.jsonl) and its scorer, analysis.eval_framing.

Tests marked with ``shared_dir`` read the sampled articles from ../shared and skip without it; the
others exercise the scorer's parts on invented records.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from analysis import eval_framing as ef

SPLITS = ("dev", "heldout")


# --------------------------------------------------------------------------------------------- #
# The committed gold against ../shared
# --------------------------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def articles():
    return ef._read_jsonl(ef.ARTICLES_FILE)


@pytest.fixture(scope="module")
def texts(shared_dir, articles):
    return ef.load_texts(articles, shared_dir)


@pytest.fixture(scope="module")
def produced(shared_dir, articles):
    """Every row of the five tables in the sampled articles, as the current code produces them."""
    return ef.all_produced(articles, shared_dir)


def test_article_sample_is_split_by_unit_with_e2e_articles_in_each_split(articles):
    units = Counter((a["set"], a["unit"]) for a in articles)
    split_of = {}
    for a in articles:
        assert split_of.setdefault((a["set"], a["unit"]), a["split"]) == a["split"], "a unit spans two splits"
    assert {a["split"] for a in articles} == set(SPLITS)
    assert {a["set"] for a in articles} == {"pac", "allsides"}
    for split in SPLITS:
        e2e = [a for a in articles if a["split"] == split and a["e2e"]]
        assert len(e2e) >= 10 and {a["set"] for a in e2e} == {"pac", "allsides"}
    assert len(units) == 40


def test_every_gold_record_check_matches_the_article_text(texts):
    """Offsets resolve to the same characters they were judged on (check and every *_check)."""
    rows = ef.read_gold(ef.ROWS_FILE, texts)
    credits = ef.read_gold(ef.CREDITS_FILE, texts)
    marked = ef.read_gold(ef.EXHAUSTIVE_FILE, texts)
    assert len(rows) >= 500 and len(credits) >= 100 and len(marked) >= 40
    per = Counter((r["table"], r["split"]) for r in rows)
    for table in ef.TABLES:
        for split in SPLITS:
            assert per[(table, split)] >= 30, (table, split)


def test_gold_records_are_well_formed_and_hold_no_text():
    for rec in ef._read_jsonl(ef.ROWS_FILE):
        assert rec["table"] in ef.TABLES and rec["split"] in SPLITS
        assert rec["verdict"] in ("correct", "incorrect")
        assert (rec["verdict"] == "incorrect") == bool(rec["error"])
        assert not rec["error"] or rec["error"] in ef.ERRORS[rec["table"]]
        assert 0 <= rec["start"] < rec["end"] and len(rec["check"]) == 8
        # codes, offsets and hashes only: no value is a long string
        for value in [*rec["claim"].values(), *rec["gold"].values()]:
            assert not isinstance(value, str) or len(value) <= 16, value
    for rec in ef._read_jsonl(ef.CREDITS_FILE):
        assert rec["type"] in ef.CITATION_TYPES + ("organisation",)
    for rec in ef._read_jsonl(ef.EXHAUSTIVE_FILE):
        assert rec["table"] in ("verbs", "certainty")
        assert rec.get("category") in (None, *ef.CERTAINTY)


def test_rows_map_to_text_and_the_scorer_accounts_for_every_record(produced, articles):
    rows, texts, problems = produced
    assert problems == []
    # spans mapped from body to text hold the words the table matched there
    for r in rows:
        text = texts[(r.set, r.doc_id)]
        assert 0 <= r.start < r.end <= len(text)
        if r.table == "certainty":
            assert " ".join(text[r.start:r.end].lower().split()) == r.values["term"], r
        if r.table == "citations" and r.claim["where"] == "body":
            assert text[r.start:r.end] == r.values["mention"], r
    gold = ef._read_jsonl(ef.ROWS_FILE)
    df = ef.score_rows(articles, rows, texts, gold, ef._read_jsonl(ef.CREDITS_FILE),
                       ef._read_jsonl(ef.EXHAUSTIVE_FILE))
    prec = df[df["measure"] == "precision"]
    assert len(prec) == len(ef.TABLES) * len(SPLITS)
    for r in prec.itertuples():
        n_records = sum(1 for g in gold if g["table"] == r.table and g["split"] == r.split)
        assert r.n + r.n_gone == n_records == r.n_same + r.n_changed + r.n_gone
        assert 0 <= r.k <= r.n and 0 <= r.n_unjudged <= r.n_produced
        assert math.isnan(r.value) or r.low <= r.value <= r.high
    recall = df[(df["table"] == "citations") & (df["measure"] == "recall")]
    credits = ef._read_jsonl(ef.CREDITS_FILE)
    assert sorted(recall["n"]) == sorted(Counter(c["split"] for c in credits).values())
    text = ef.report(df)
    assert "citations" in text and "naming" in text and "recall" in text


def test_stored_verdicts_agree_with_the_automatic_comparison(produced):
    """The true values stored with each record judge the row's own claim as the rater did, so a
    changed claim at the same span is judged the same way a human would."""
    rows, texts, _ = produced
    by_key = {(*r.key, r.claim["sha"]): r for r in rows}
    checked = 0
    for g in ef._read_jsonl(ef.ROWS_FILE):
        r = by_key.get((g["table"], g["set"], g["doc_id"], g["start"], g["end"], g["claim"]["sha"]))
        if r is None:
            continue  # the code no longer produces this row
        auto = ef._auto_verdict(g["table"], r.values, r.claim, g["gold"], texts[(g["set"], g["doc_id"])], False)
        assert auto["correct"] == (g["verdict"] == "correct"), g
        checked += 1
    assert checked > 0


def test_draw_skips_judged_rows_and_is_seed_fixed(produced):
    rows, texts, _ = produced
    judged = ef._read_jsonl(ef.ROWS_FILE)
    a = ef.draw_rows(rows, texts, seed=7, per_table=5, judged=judged)
    b = ef.draw_rows(rows, texts, seed=7, per_table=5, judged=judged)
    c = ef.draw_rows(rows, texts, seed=8, per_table=5, judged=judged)
    assert a == b and a != c
    done = {(g["table"], g["doc_id"], g["start"], g["end"], g["claim"]["sha"]) for g in judged}
    assert not any((t["table"], t["doc_id"], t["start"], t["end"], t["claim"]["sha"]) in done for t in a)
    assert Counter((t["table"], t["split"]) for t in a) == {(t, s): 5 for t in ef.TABLES for s in SPLITS}
    shown = ef.show_rows(a[:3], rows, texts, chars=80)
    assert shown.count("[[") == 3 and "NOT PRODUCED" not in shown


# --------------------------------------------------------------------------------------------- #
# The scorer's parts on invented records (no ../shared needed)
# --------------------------------------------------------------------------------------------- #


@pytest.mark.parametrize("claim, gold, person, loose, same", [
    ("The Washington Post", "Washington Post", False, False, True),
    ("AP", "Associated Press", False, False, True),
    ("ABC News", "ABC", False, False, True),
    ("Volodymyr Zelenskyy", "Volodymyr Zelensky", True, False, True),
    ("Jeff Sessions", "Attorney General Jeff Sessions", True, False, True),
    ("Gregory Mullen", "Greg Mullen", True, False, True),
    ("Sessions", "Jeff Sessions", True, False, False),  # a shorter name than the article's fullest
    ("Sessions", "Jeff Sessions", True, True, True),  # but the right speaker
    ("Donald Trump", "Trump administration", True, False, False),
    ("CNN", "WREG", False, False, False),
])
def test_same_name(claim, gold, person, loose, same):
    assert ef.same_name(claim, gold, person=person, loose=loose) is same


def test_check_of_is_sha1_prefix_of_the_span():
    import hashlib

    text = "Reuters reported that “the talks” failed."
    assert ef.check_of(text, 22, 33) == hashlib.sha1("“the talks”".encode("utf-8")).hexdigest()[:8]
    assert ef.check_of(text, 0, 7) != ef.check_of(text, 1, 8)


def test_resolve_span_forms():
    text = "Kelly said. Ray Kelly told ABC that Kelly left."
    assert ef._resolve_span("@0:5", text) == [0, 5]
    assert ef._resolve_span("Kelly#2", text) == [16, 21]
    assert ef._resolve_span("Kelly^20", text) == [36, 41]
    assert ef._resolve_span("none", text) is None
    with pytest.raises(ValueError):
        ef._resolve_span("Kelly#4", text)
    with pytest.raises(ValueError):
        ef._resolve_span("@40:99", text)


def test_parse_judgements_reads_verdicts_errors_and_fields():
    got = ef.parse_judgements(["# comment", "", 'vrb-d01 no wrong_speaker speaker="Ray Kelly"^100',
                               "cer-h02 ok", "nam-d03 ok etype=place|organisation"])
    assert got["vrb-d01"] == {"verdict": "incorrect", "error": "wrong_speaker", "fields": {"speaker": "Ray Kelly^100"}}
    assert got["cer-h02"]["verdict"] == "correct" and got["nam-d03"]["fields"]["etype"] == "place|organisation"
    with pytest.raises(ValueError):
        ef.parse_judgements(["cer-h02 maybe"])
    with pytest.raises(ValueError):
        ef.parse_judgements(["cer-h02 ok", "cer-h02 no other_sense category=none"])


def _todo(table, claim, start=0, end=6):
    return {"id": "x-d01", "table": table, "set": "pac", "doc_id": "D", "split": "dev", "round": 1,
            "start": start, "end": end, "check": ef.check_of(TEXT, start, end), "claim": claim}


TEXT = "Kelly said the May vote may fail, CNN reported."


def test_judge_rows_stores_true_values_and_refuses_bad_records():
    todo = [_todo("certainty", {"category": "hedge", "sha": "00000000"}, 15, 18)]
    texts = {("pac", "D"): TEXT}
    recs, warnings = ef.judge_rows(todo, ef.parse_judgements(["x-d01 no date_or_name category=none"]), texts)
    assert recs[0]["gold"] == {"category": "none"} and recs[0]["error"] == "date_or_name" and not warnings
    for bad in ("x-d01 no", "x-d01 no not_a_class category=none", "x-d01 no other_sense category=maybe"):
        with pytest.raises(ValueError):
            ef.judge_rows(todo, ef.parse_judgements([bad]), texts)
    drifted = [dict(todo[0], check="deadbeef")]
    with pytest.raises(ValueError):
        ef.judge_rows(drifted, ef.parse_judgements(["x-d01 ok"]), texts)


def test_auto_verdict_per_table():
    # a verb whose speaker changed from the right person to another is wrong
    gold = {"reporting": True, "speaker": [0, 5]}
    claim = {"speaker_type": "person"}
    assert ef._auto_verdict("verbs", {"speaker": "Ray Kelly"}, claim, gold, TEXT, False)["correct"]
    assert not ef._auto_verdict("verbs", {"speaker": "CNN"}, claim, gold, TEXT, False)["correct"]
    # certainty: the category must be the true one
    assert not ef._auto_verdict("certainty", {}, {"category": "hedge"}, {"category": "none"}, TEXT, False)["correct"]
    # a place typed "other" is right only while the table has no place type
    g = {"entity": [15, 18], "type": ["place"]}
    assert ef._auto_verdict("naming", {"entity": "May"}, {"entity_type": "other"}, g, TEXT, False)["correct"]
    assert not ef._auto_verdict("naming", {"entity": "May"}, {"entity_type": "other"}, g, TEXT, True)["correct"]
    # an anonymous credit is named by its type
    g = {"credit": True, "type": "anonymous", "name": [0, 5]}
    assert ef._auto_verdict("citations", {"name": "anonymous source"}, {"type": "anonymous"}, g, TEXT, False)["correct"]


def test_wilson_interval():
    lo, hi = ef._wilson(40, 50)
    assert 0.66 < lo < 0.68 and 0.88 < hi < 0.90
    assert all(math.isnan(x) for x in ef._wilson(0, 0))


def test_records_round_trip_through_jsonl(tmp_path):
    path = tmp_path / "x.jsonl"
    ef._write_jsonl(path, [{"a": 1}, {"b": "é"}])
    assert ef._read_jsonl(path) == [{"a": 1}, {"b": "é"}]
    path.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="x.jsonl:2"):
        ef._read_jsonl(path)
    assert json.loads(json.dumps(ef.ERRORS))  # the error classes are plain codes
