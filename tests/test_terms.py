"""Term statistics: counts, Monroe et al.'s log-odds z, G2, Log Ratio, chance band, KWIC, CLI."""

from __future__ import annotations

import io
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import load_corpus
from analysis.cli import main as cli_main
from analysis.terms import (
    REST, collocations, distinctive_summary, distinctive_terms, g2, keywords_in_context,
    log_odds_z, log_ratio, plain_verdict, term_counts, vocabulary_overlap,
)
from analysis.text import tokenize, tokenize_many


# ----------------------------------------------------------------------------- tokenizer

@pytest.mark.parametrize("text, tokens", [
    ("The U.S. said", ["the", "u.s.", "said"]),
    ("Don't go", ["don't", "go"]),
    ("Don\u2019t go", ["don't", "go"]),
    ("Zelenskyy's plan", ["zelenskyy", "'s", "plan"]),
    ("Zelenskyy\u2019s plan", ["zelenskyy", "'s", "plan"]),
    ("an ex-president and a well-known 30-day truce", ["an", "ex-president", "and", "a", "well-known",
                                                       "30-day", "truce"]),
    ("1,000 troops, 3.5% and the 1990s at 10:30", ["1,000", "troops", "3.5", "and", "the", "1990s",
                                                   "at", "10:30"]),
    ("O'Brien's view", ["o'brien", "'s", "view"]),
    ("at 5 p.m. in the U.K.", ["at", "5", "p.m.", "in", "the", "u.k."]),
    ("\u201cSpare\u201d them \u2014 now!", ["spare", "them", "now"]),
    ("the students' books", ["the", "students", "books"]),
])
def test_tokenize_cases(text, tokens):
    assert tokenize(text) == tokens
    assert list(tokenize_many([text])) == [tokens]


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aZs1.,:-'\u2019\u2018 \n\t\u00e9\u0130\u03a3_\u2014")),
                        max_size=40), max_size=5))
def test_tokenize_many_equals_tokenize(texts):
    assert list(tokenize_many(texts)) == [tokenize(t) for t in texts]


@pytest.mark.shared
def test_tokenize_many_equals_tokenize_on_real_news(shared_dir):
    corpus = load_corpus(shared_dir / "data" / "pac_partisan_events" / "pac_articles.jsonl")
    bodies = corpus.articles["body"].tolist()
    assert list(tokenize_many(bodies)) == [tokenize(b) for b in bodies]


# ----------------------------------------------------------------------------- scores

def test_log_odds_and_z_against_hand_computed_toy():
    # y_i = (3, 1), y_j = (1, 3), a = (1, 1): a0 = 2, n_i = n_j = 4.
    # delta_0 = ln(4 / (4 + 2 - 3 - 1)) - ln(2 / (4 + 2 - 1 - 1)) = ln 2 - ln 0.5 = ln 4
    # var_0 = 1/4 + 1/2 = 0.75, z_0 = ln 4 / sqrt(0.75); word 1 is the mirror image.
    delta, z = log_odds_z(np.array([3, 1]), np.array([1, 3]), np.array([1.0, 1.0]))
    assert delta == pytest.approx([1.3862944, -1.3862944], abs=1e-6)
    assert z == pytest.approx([1.6007548, -1.6007548], abs=1e-6)
    # an uneven prior: a = (0.5, 1.5), y_i = (2, 0), y_j = (0, 2)
    # delta_0 = ln(2.5 / (2 + 2 - 2 - 0.5)) - ln(0.5 / (2 + 2 - 0 - 0.5)) = ln(2.5/1.5) - ln(0.5/3.5)
    delta, z = log_odds_z(np.array([2, 0]), np.array([0, 2]), np.array([0.5, 1.5]))
    d0 = math.log(2.5 / 1.5) - math.log(0.5 / 3.5)
    assert delta[0] == pytest.approx(d0)
    assert z[0] == pytest.approx(d0 / math.sqrt(1 / 2.5 + 1 / 0.5))


def test_g2_matches_scipy():
    scipy_stats = pytest.importorskip("scipy.stats")
    n_i, n_j = 5000, 3200
    a = np.array([0, 1, 5, 40, 300, 17])
    b = np.array([3, 0, 9, 20, 150, 17])
    ours = g2(a, b, n_i, n_j)
    for k in range(len(a)):
        table = np.array([[a[k], b[k]], [n_i - a[k], n_j - b[k]]])
        if (table.sum(axis=1) == 0).any():
            continue
        ref = scipy_stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert ours[k] == pytest.approx(ref, rel=1e-9, abs=1e-9)


def test_log_ratio_uses_half_for_zero():
    assert log_ratio(np.array([4]), np.array([0]), 100, 200)[0] == pytest.approx(4.0)  # (4/100)/(0.5/200)=16
    assert log_ratio(np.array([2]), np.array([4]), 100, 100)[0] == pytest.approx(-1.0)


# ----------------------------------------------------------------------------- an invented corpus

def write_corpus(folder, articles):
    folder.mkdir()
    rows = ["file,source,title,date"]
    for i, (source, text) in enumerate(articles):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
        rows.append(f"a{i}.txt,{source},t{i},2025-06-0{1 + i % 9}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return load_corpus(folder)


@pytest.fixture
def toy(tmp_path):
    alpha = ("The Mayor's plan won praise. The mayor said the plan will work.\n\n"
             "Critics said the plan was costly.")
    beta = "The council rejected the plan. Council members said no.\n\nThe mayor left."
    return write_corpus(tmp_path / "toy", [("Alpha", alpha), ("Beta", beta), ("Alpha", alpha),
                                           ("Beta", "Council votes again. The council met.")])


def test_term_counts_count_duplicates_once(toy):
    counts = term_counts(toy)
    alpha = counts[counts["group"] == "Alpha"].set_index("term")
    # the second Alpha article is an exact duplicate: counted once
    assert alpha.loc["plan", "n"] == 3 and alpha.loc["plan", "n_docs"] == 1
    assert alpha.loc["mayor", "n"] == 2  # "Mayor's" gives "mayor" and "'s"
    assert alpha.loc["'s", "n"] == 1
    beta = counts[counts["group"] == "Beta"].set_index("term")
    assert beta.loc["council", "n"] == 4 and beta.loc["council", "n_docs"] == 2
    words_alpha = len(tokenize(toy.articles.loc[0, "body"]))
    assert alpha.loc["plan", "rate_per_10k"] == pytest.approx(3 / words_alpha * 10_000)
    assert list(counts.columns) == ["group", "term", "n_gram", "n", "rate_per_10k", "n_docs"]


def test_term_counts_ngrams_stay_inside_sentences(toy):
    counts = term_counts(toy, max_n=3)
    terms = set(counts["term"])
    assert "plan won praise" in terms and "the council" in terms
    assert "praise the" not in terms  # "praise. The" crosses a sentence end
    assert "work critics" not in terms  # and a paragraph break
    uni = counts[counts["n_gram"] == 1].reset_index(drop=True)
    fast = term_counts(toy).sort_values(["group", "term"]).reset_index(drop=True)
    slow = uni.sort_values(["group", "term"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(fast, slow)


def test_term_counts_stopwords(toy):
    counts = term_counts(toy, max_n=2, stopwords=True)
    assert not ({"the", "'s", "was"} & set(counts["term"]))
    assert "the plan" not in set(counts["term"])
    assert "council members" in set(counts["term"])


def test_group_by_any_column_and_bad_column(toy, multi):
    by_title = term_counts(toy, by="title")
    assert set(by_title["group"]) == {"t0", "t1", "t3"}  # t2 is the duplicate
    with pytest.raises(ValueError, match="no column 'nope'"):
        term_counts(multi, by="nope")


def test_missing_group_is_warned_and_kept(tmp_path):
    corpus = write_corpus(tmp_path / "c", [("A", "One two."), ("B", "Three four.")])
    corpus.articles.loc[1, "country"] = ""
    with pytest.warns(UserWarning, match="no 'country'"):
        counts = term_counts(corpus, by="country")
    assert set(counts["group"]) == {"(missing)"}


def test_distinctive_terms_two_groups_head_to_head(toy):
    dist = distinctive_terms(toy, prior="uniform", prior_strength=10, shuffles=20)
    # Beta has more (unique) articles, so it comes first
    assert set(dist["group"]) == {"Beta"} and set(dist["other"]) == {"Alpha"}
    row = dist.set_index("term").loc["council"]
    assert row["n_group"] == 4 and row["n_other"] == 0 and row["z"] > 0
    # the table's numbers are the functions' numbers
    alpha = dist["prior"].to_numpy()
    delta, z = log_odds_z(dist["n_group"].to_numpy(), dist["n_other"].to_numpy(), alpha)
    assert np.allclose(dist["z"], z) and np.allclose(dist["log_odds"], delta)
    assert alpha.sum() == pytest.approx(10)
    assert np.allclose(alpha, alpha[0])
    assert dist["z"].is_monotonic_decreasing


def test_distinctive_terms_one_vs_rest(multi):
    dist = distinctive_terms(multi, shuffles=10)
    assert set(dist["other"]) == {REST}
    assert set(dist["group"]) == set(multi.unique_articles["source"])
    one = dist[dist["group"] == "Daily Ledger"].set_index("term")
    pooled = term_counts(multi).groupby("term")["n"].sum().sort_index()
    both = (one["n_group"] + one["n_other"]).sort_index()
    assert list(both.index) == list(pooled.index) and np.array_equal(both.to_numpy(), pooled.to_numpy())


def test_chance_band_reproducible_under_seed(multi):
    a = distinctive_terms(multi, shuffles=30, seed=3)
    b = distinctive_terms(multi, shuffles=30, seed=3)
    c = distinctive_terms(multi, shuffles=30, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["chance_high"], c["chance_high"])
    assert (a["chance_low"] <= a["chance_high"]).all()
    outside = (a["z"] < a["chance_low"]) | (a["z"] > a["chance_high"])
    assert (outside | ~a["beyond_chance"]).all()  # beyond chance only outside the band
    once = (a["n_group"] + a["n_other"]) == 1
    assert not a.loc[once, "beyond_chance"].any()  # and never on a single use


def test_a_random_split_is_mostly_inside_the_band(tmp_path):
    # Two groups writing from the same invented word pool: differences are chance only.
    rng = np.random.default_rng(11)
    pool = [f"w{i}" for i in range(60)]
    weights = 1 / np.arange(1, 61)
    weights /= weights.sum()

    def text():
        return " ".join(" ".join(rng.choice(pool, size=12, p=weights)) + "." for _ in range(20))

    corpus = write_corpus(tmp_path / "null", [("A", text()), ("B", text()), ("A", text()), ("B", text())])
    dist = distinctive_terms(corpus, prior="uniform", prior_strength=60, shuffles=200, seed=1)
    summary = distinctive_summary(dist)
    assert summary.loc[0, "n_beyond_chance"] <= summary.loc[0, "n_expected_by_chance"]
    assert plain_verdict(summary).startswith("Too short")


def test_a_real_difference_is_beyond_chance(tmp_path):
    base = "The officials met on Monday and talked for hours about the water and the dam. "
    a = base * 8 + "The militants attacked the dam. " * 12
    b = base * 8 + "The activists defended the dam. " * 12
    corpus = write_corpus(tmp_path / "diff", [("A", a), ("B", b)])
    dist = distinctive_terms(corpus, prior="uniform", prior_strength=20, shuffles=100)
    flagged = set(dist.loc[dist["beyond_chance"], "term"])
    assert {"militants", "activists"} <= flagged
    assert not flagged & {"officials", "water", "monday"}
    assert not plain_verdict(distinctive_summary(dist)).startswith("Too short")


def test_seeds_are_too_short_to_be_more_than_a_ranking(seeds):
    verdict = plain_verdict(distinctive_summary(distinctive_terms(seeds)))
    assert verdict.startswith("Too short")


def test_priors(toy):
    for prior in ("wordfreq", "corpus", "uniform", "auto"):
        dist = distinctive_terms(toy, prior=prior, prior_strength=100, shuffles=0)
        assert dist["prior"].sum() == pytest.approx(100)
        assert dist["chance_low"].isna().all() and not dist["beyond_chance"].any()
    wf = distinctive_terms(toy, prior="wordfreq", shuffles=0).set_index("term")["prior"]
    assert wf["the"] > wf["council"]  # general English: "the" is far commoner
    with pytest.raises(ValueError, match="prior must be"):
        distinctive_terms(toy, prior="bogus")


# ----------------------------------------------------------------------------- KWIC, collocations

def test_keywords_in_context(seeds):
    kw = keywords_in_context(seeds, ["Kursk", "Trump\u2019s", "vladimir putin"], width=30)
    bodies = seeds.articles.set_index("doc_id")["body"]
    for r in kw.itertuples():
        assert bodies[r.doc_id][r.start:r.end] == r.match
        assert len(r.left) <= 30 and "\n" not in r.left
    assert set(kw["term"]) == {"kursk", "trump 's", "vladimir putin"}
    n_kursk = sum(tokenize(b).count("kursk") for b in bodies)
    assert (kw["term"] == "kursk").sum() == n_kursk
    with pytest.raises(ValueError, match="no word tokens"):
        keywords_in_context(seeds, "\u2014")


def test_collocations(seeds):
    col = collocations(seeds, top=5)
    assert list(col.columns) == ["group", "bigram", "w1", "w2", "n", "likelihood_ratio", "pmi", "rank"]
    assert (col.groupby("group")["rank"].max() <= 5).all()
    assert (col["n"] >= 2).all()
    assert "effectively implement" in set(col.loc[col["group"] == "Newsmax", "bigram"])


def test_vocabulary_overlap(multi):
    ov = vocabulary_overlap(term_counts(multi, stopwords=True))
    assert (ov["n_terms"] == ov["n_shared_all"] + ov["n_shared_some"] + ov["n_own"]).all()
    assert np.allclose(ov["share_shared_all"] + ov["share_shared_some"] + ov["share_own"], 1)
    assert ov["n_shared_all"].nunique() == 1  # the same terms are shared by all


# ----------------------------------------------------------------------------- CLI

def test_cli_terms(capsys, multi):
    assert cli_main(["terms", str(multi.path), "--quiet", "--shuffles", "5"]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"group", "other", "term", "z", "g2", "log_ratio", "chance_low"} <= set(out.columns)
    assert cli_main(["terms", str(multi.path), "--quiet", "--by", "country", "--format", "jsonl",
                     "--shuffles", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and lines[0].startswith('{"group":')
    with pytest.raises(SystemExit, match="no column 'nope'"):
        cli_main(["terms", str(multi.path), "--quiet", "--by", "nope"])


def _naive_counts(corpus, by="source"):
    rows = []
    arts = corpus.unique_articles
    for g, sub in arts.groupby(by):
        toks = [tokenize(b) for b in sub["body"]]
        n = pd.Series([t for ts in toks for t in ts]).value_counts()
        docs = pd.Series([t for ts in toks for t in set(ts)]).value_counts()
        rows += [(g, t, int(n[t]), int(docs[t])) for t in n.index]
    return pd.DataFrame(rows, columns=["group", "term", "n", "n_docs"]).sort_values(["group", "term"])


def test_fast_unigram_counts_match_a_naive_count(multi):
    fast = term_counts(multi)[["group", "term", "n", "n_docs"]].sort_values(["group", "term"])
    naive = _naive_counts(multi)
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), naive.reset_index(drop=True))


@pytest.mark.shared
def test_fast_unigram_counts_match_a_naive_count_on_real_news(shared_dir):
    corpus = load_corpus(shared_dir / "data" / "pac_partisan_events" / "pac_articles.jsonl")
    fast = term_counts(corpus)[["group", "term", "n", "n_docs"]].sort_values(["group", "term"])
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), _naive_counts(corpus).reset_index(drop=True))
