"""How the log-odds prior and its strength were chosen (a measurement, not a speed benchmark).

Run: ``.venv/bin/python benchmarks/prior_choice.py`` (needs ../shared). Two designs:

1. AllSides: the two outlets with most articles, compared head to head, at several sizes
   (articles per outlet drawn at random). Each outlet's articles are split at random into two
   halves; z is computed outlet vs outlet in each half.
2. PAC: Left vs Right (``relative_ideology``), halves by story (152 stories, each told by a
   left and a right outlet), so a word must lean the same way in different stories to reproduce.

For every prior (wordfreq's general English, the pooled corpus, uniform) and strength a_0:

- ``rho``: Spearman correlation of the two halves' z over words used 5+ times in each half
  (mean of 5 seeded splits). Higher: the scores reproduce.
- ``top20``: of the 20 most-leaning words each way in one half, the share also among the other
  half's 40. Higher: the lists a reader sees reproduce.
- ``null``: one side's articles split at random into two pseudo-groups and compared; the share
  of words (used 5+ times) with |z| > 1.96. Near 0.05: z means what it says; above: noise passes.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from analysis import load_corpus
from analysis.corpus import Corpus
from analysis.terms import _prior_shares, log_odds_z, term_counts

from shared_data import ALLSIDES, PAC, SHARED  # this folder is on sys.path when the script runs
PRIORS = ["wordfreq", "corpus", "uniform"]
STRENGTHS = [10, 100, 1_000, 10_000, 100_000]
SEEDS = range(5)


def subset(corpus: Corpus, arts: pd.DataFrame) -> Corpus:
    return Corpus(arts, corpus.paragraphs.iloc[:0], corpus.boilerplate.iloc[:0], corpus.problems.iloc[:0])


def wide(corpus: Corpus, arts: pd.DataFrame, by: str) -> pd.DataFrame:
    c = term_counts(subset(corpus, arts), by=by)
    return c.pivot_table(index="term", columns="group", values="n", fill_value=0, aggfunc="sum")


def z_of(w: pd.DataFrame, a: str, b: str, prior: str, strength: float) -> pd.DataFrame:
    pooled = (w[a] + w[b]).to_numpy()
    alpha = strength * _prior_shares(prior, list(w.index), pooled)
    _, z = log_odds_z(w[a].to_numpy(), w[b].to_numpy(), alpha)
    return pd.DataFrame({"z": z, "pooled": pooled}, index=w.index)


def score(tables, a, b, null_pair) -> pd.DataFrame:
    rows = []
    for prior in PRIORS:
        for strength in STRENGTHS:
            rhos, tops, nulls = [], [], []
            for w1, w2, wn in tables:
                z1, z2 = z_of(w1, a, b, prior, strength), z_of(w2, a, b, prior, strength)
                both = z1.add_suffix("1").join(z2.add_suffix("2"), how="inner")
                both = both[(both["pooled1"] >= 5) & (both["pooled2"] >= 5)]
                rhos.append(both["z1"].corr(both["z2"], method="spearman"))
                t1 = set(z1["z"].nlargest(20).index) | set(z1["z"].nsmallest(20).index)
                t2 = set(z2["z"].nlargest(20).index) | set(z2["z"].nsmallest(20).index)
                tops.append(len(t1 & t2) / 40)
                zn = z_of(wn, *null_pair, prior, strength)
                nulls.append(float((zn.loc[zn["pooled"] >= 5, "z"].abs() > 1.96).mean()))
            rows.append((prior, strength, np.mean(rhos), np.mean(tops), np.mean(nulls)))
    return pd.DataFrame(rows, columns=["prior", "strength", "rho", "top20", "null"])


def allsides(sizes=(25, 100, 400)) -> None:
    corpus = load_corpus(ALLSIDES)
    arts = corpus.unique_articles
    a, b = arts["source"].value_counts().index[:2]
    for size in sizes:
        tables = []
        for seed in SEEDS:
            rng = np.random.default_rng(seed)
            picks = []
            for s in (a, b):
                pool = arts[arts["source"] == s]
                take = pool.iloc[rng.permutation(len(pool))[: 2 * size]]
                picks.append((take.iloc[:size], take.iloc[size:]))
            h1 = pd.concat([picks[0][0], picks[1][0]])
            h2 = pd.concat([picks[0][1], picks[1][1]])
            null = picks[0][0].assign(_lab=np.where(rng.permutation(size) % 2 == 0, "x", "y"))
            tables.append((wide(corpus, h1, "source"), wide(corpus, h2, "source"), wide(corpus, null, "_lab")))
        words = int(pd.concat([picks[0][0], picks[1][0]])["n_words"].sum())
        print(f"\nAllSides, {a} vs {b}: {size} articles per outlet in each half (~{words:,} words a half)")
        print(score(tables, a, b, ("x", "y")).to_string(index=False, float_format=lambda v: f"{v:.3f}"), flush=True)


def pac() -> None:
    corpus = load_corpus(PAC)
    arts = corpus.unique_articles.assign(story_id=lambda d: d["story_id"].astype(str))
    stories = arts["story_id"].unique()
    tables = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        half = set(rng.permutation(stories)[: len(stories) // 2])
        inh = arts["story_id"].isin(half)
        left = arts[arts["relative_ideology"] == "Left"]
        null = left.assign(_lab=np.where(rng.permutation(len(left)) % 2 == 0, "x", "y"))
        tables.append((wide(corpus, arts[inh], "relative_ideology"), wide(corpus, arts[~inh], "relative_ideology"),
                       wide(corpus, null, "_lab")))
    print(f"\nPAC, Left vs Right, halves by story (~{int(arts['n_words'].sum()) // 2:,} words a half)")
    print(score(tables, "Left", "Right", ("x", "y")).to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def main() -> int:
    global STRENGTHS
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--strengths", default=",".join(map(str, STRENGTHS)), help="comma-separated a_0 values")
    ap.add_argument("--sizes", default="25,100,400", help="AllSides articles per outlet per half")
    args = ap.parse_args()
    STRENGTHS = [int(x) for x in args.strengths.split(",")]
    if not (SHARED / "data").is_dir():
        print(f"skip: {SHARED}/data is absent", file=sys.stderr)
        return 0
    pac()
    allsides(tuple(int(x) for x in args.sizes.split(",")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
