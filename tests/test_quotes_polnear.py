"""Accuracy of the quote extractor on the PolNeAR dev split (needs ../shared; skips without it)."""

from __future__ import annotations

from analysis.eval_quotes import parse_scores, score_polnear

# the goal of issue 4; the measured figures are in the README
GOAL_SPAN_F1 = 92.0
GOAL_SPEAKER_F1 = 84.0


def test_polnear_dev_figures_stay_at_goal(shared_dir):
    report = score_polnear(shared_dir)
    scores = parse_scores(report)
    assert scores["J>=0.5"]["F1"] >= GOAL_SPAN_F1, report
    assert scores["quote+spk"]["F1"] >= GOAL_SPEAKER_F1, report


def test_parse_scores_reads_the_scorer_table():
    report = """gold units: 3  (D only)
     match       P       R      F1
     exact    50.0    40.0    44.4
    J>=0.5    60.0    50.0    54.5
 quote+spk    30.0    20.0    24.0   (J>=0.5 and speaker correct)"""
    got = parse_scores(report)
    assert got["J>=0.5"] == {"P": 60.0, "R": 50.0, "F1": 54.5}
    assert got["quote+spk"]["F1"] == 24.0 and "J>=0.8" not in got


# issue 16: the name level measured 74.7 when it was first scored (goal 86); this floor only keeps
# it from slipping below that baseline
NAME_LEVEL_FLOOR = 74.0


def test_name_level_scores_names_alone(shared_dir):
    from analysis.eval_quotes import polnear_predictions

    gold = shared_dir / "data" / "polnear_dev" / "polnear_dev.jsonl"
    preds = polnear_predictions(gold, names=True)
    quotes = [q for p in preds for q in p["quotes"]]
    assert quotes and not any("speaker_start" in q or "speaker_end" in q for q in quotes)
    mention = parse_scores(score_polnear(shared_dir))["quote+spk"]["F1"]
    report = score_polnear(shared_dir, names=True)
    names = parse_scores(report)["quote+spk"]["F1"]
    assert NAME_LEVEL_FLOOR <= names <= mention, report
