"""The issue-17 quote-overlap gold and its scorer (analysis.eval_overlap)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from itertools import combinations

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.eval_overlap import (
    GOLD_DIR,
    _GroupRun,
    _map_span,
    _score_group,
    _Tally,
    check_gold,
    evaluate,
    gold_files,
    load_gold,
    load_sets,
    main,
)

FIXTURE_SET = "tests/fixtures/ten_outlets"


@pytest.fixture(scope="module")
def fixture_units():
    units = [u for path in gold_files() for u in load_gold(path) if u.set == FIXTURE_SET]
    assert units, "the ten_outlets gold is missing"
    return units


@pytest.fixture(scope="module")
def fixture_corpora(fixture_units):
    return load_sets(fixture_units, None)


def test_every_gold_file_is_well_formed():
    files = gold_files()
    assert {p.name for p in files} >= {"overlap_pac.jsonl", "overlap_ten_outlets.jsonl"}
    for path in files:
        units = load_gold(path)
        assert units, path
        assert len({u.key for u in units}) == len(units), f"{path}: a unit recorded twice"
        for u in units:
            assert u.split in {"dev", "heldout", "fixture", "translation"}, u
            assert u.kind in {"full", "partial", "term"}, u
            assert u.start < u.end and len(u.check) == 8, u
            assert u.statement_id.startswith(u.group + ":"), u


def test_pac_splits_hold_ten_stories_each_and_the_known_ones_are_dev():
    units = load_gold(GOLD_DIR / "overlap_pac.jsonl")
    stories = defaultdict(set)
    for u in units:
        stories[u.split].add(u.group)
    assert len(stories["heldout"]) >= 10 and len(stories["dev"]) >= 10
    assert not stories["dev"] & stories["heldout"]
    known = {u.group for u in units if u.selection.endswith("known")}
    assert known == {"STORY_1", "STORY_56", "STORY_99", "STORY_124"}
    assert known <= stories["dev"]


def test_fixture_gold_checks_match_the_fixture(fixture_units, fixture_corpora):
    assert check_gold(fixture_units, fixture_corpora) == []
    corpus = fixture_corpora[FIXTURE_SET]
    assert corpus.articles["source"].nunique() >= 10


def test_gold_checks_match_the_shared_sets(shared_dir):
    units = [u for path in gold_files() for u in load_gold(path)]
    corpora = load_sets(units, shared_dir)
    assert set(corpora) == {u.set for u in units}
    assert check_gold(units, corpora) == []


def test_a_drifted_offset_is_reported(fixture_units, fixture_corpora):
    u = fixture_units[0]
    moved = dataclasses.replace(u, start=u.start + 1)
    problems = check_gold([moved], fixture_corpora)
    assert len(problems) == 1 and "does not match" in problems[0]


def test_a_quote_over_two_units_maps_to_both():
    class U:  # the two fields _map_span reads
        def __init__(self, start, end):
            self.start, self.end = start, end

    units = [(0, U(0, 40)), (1, U(41, 90)), (2, U(200, 220))]
    assert _map_span(units, 0, 90) == [0, 1]
    assert _map_span(units, 10, 30) == [0]       # a fragment of one unit
    assert _map_span(units, 85, 150) == []       # touches a unit, but neither half of it nor of the span


def _oracle_run(units, texts, sources, merge_all=False) -> _GroupRun:
    """A system that returns the gold: one quote per unit, pairs = gold pairs, clusters = statements."""
    quote_units = {f"q{i}": [i] for i in range(len(units))}
    rows = []
    for i, j in combinations(range(len(units)), 2):
        if units[i].statement_id == units[j].statement_id and sources[units[i].doc_id] != sources[units[j].doc_id]:
            rows.append({"quote_id_a": f"q{i}", "quote_id_b": f"q{j}", "match_type": "exact",
                         "text_a": "", "text_b": ""})
    clusters = defaultdict(set)
    for i, u in enumerate(units):
        clusters[0 if merge_all else u.statement_id].add(i)
    ids = {k: n for n, k in enumerate(clusters)}
    return _GroupRun(units, sources, texts, quote_units, {}, pd.DataFrame(rows),
                     {ids[k]: v for k, v in clusters.items()},
                     {ids[k]: {sources[units[i].doc_id] for i in v} for k, v in clusters.items()},
                     {i: {ids[k]} for k, v in clusters.items() for i in v})


def test_the_gold_itself_scores_perfectly_and_a_merged_cluster_is_caught(fixture_units, fixture_corpora):
    corpus = fixture_corpora[FIXTURE_SET]
    texts = dict(zip(corpus.articles.doc_id, corpus.articles.text))
    sources = dict(zip(corpus.articles.doc_id, corpus.articles.source))
    perfect = _Tally()
    _score_group(_oracle_run(fixture_units, texts, sources), perfect, 3)
    f = perfect.figures()
    assert perfect.gold_pairs > 0 and perfect.variant_gold > 0
    assert f["pair_precision"] == f["pair_recall"] == f["cluster_precision"] == f["cluster_recall"] == 1.0
    assert f["variant_recall_any"] == 1.0 and f["mixed_clusters"] == 0
    merged = _Tally()
    _score_group(_oracle_run(fixture_units, texts, sources, merge_all=True), merged, 3)
    g = merged.figures()
    assert g["cluster_recall"] == 1.0 and g["cluster_precision"] < 0.5
    assert g["mixed_clusters"] == g["mixed_shared_clusters"] == 1


def test_the_scorer_runs_the_system_on_the_fixture(fixture_units, fixture_corpora):
    tallies = evaluate(fixture_units, fixture_corpora)
    t = tallies["fixture"]
    assert t.groups == 1 and t.units == len(fixture_units)
    assert t.sys_right + t.sys_wrong + t.sys_excused + t.sys_off_gold > 0
    for key, value in t.figures().items():
        if isinstance(value, float):
            assert 0.0 <= value <= 1.0, key
    assert t.found_pairs <= t.gold_pairs and t.variant_found_any <= t.variant_gold


def test_the_command_reports_the_fixture(tmp_path, capsys):
    assert main(["--split", "fixture", "--shared", str(tmp_path), "--errors", "1"]) == 0
    out = capsys.readouterr().out
    assert "fixture" in out and "pair_f1" in out and "cluster_f1" in out


def test_the_fixture_loads_without_problems():
    corpus = load_corpus(GOLD_DIR.parent / "fixtures" / "ten_outlets")
    assert corpus.problems.empty
    assert len(corpus.articles) == 11
