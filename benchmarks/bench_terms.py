"""Word counting speed: analysis.terms.term_counts against scikit-learn's CountVectorizer.

Both count single words (CountVectorizer's default, ngram_range=(1, 1)) in the same texts: the
bodies of the AllSides set's non-duplicate articles (../shared/data/allsides/articles.jsonl.gz,
223M characters), loaded once with load_corpus (not timed). term_counts also groups by source and
counts documents per word; CountVectorizer builds its document-term matrix. Each runs twice,
alternating; the better time counts. Prints both times and the ratio (CountVectorizer time / ours;
goal >= 1.0). A second, informative line times 1- to 3-gram counting on the first 2,000 articles
(ours within sentences, so it includes Punkt sentence splitting; CountVectorizer across them),
also the better of two alternating runs.
"""

from __future__ import annotations

import time

from sklearn.feature_extraction.text import CountVectorizer

from analysis.corpus import Corpus
from analysis.terms import term_counts

from shared_data import load_allsides  # this folder is on sys.path when the script runs


def best_of(fn, runs: int = 2) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    corpus = load_allsides()
    if corpus is None:
        return 0
    texts = corpus.unique_articles["body"].tolist()
    mb = sum(map(len, texts)) / 1e6
    print(f"{len(texts):,} non-duplicate article bodies, {mb:.1f}M characters")

    times = {"ours": float("inf"), "cv": float("inf")}
    for _ in range(2):
        t = time.perf_counter()
        counts = term_counts(corpus, by="source")
        times["ours"] = min(times["ours"], time.perf_counter() - t)
        t = time.perf_counter()
        matrix = CountVectorizer().fit_transform(texts)
        times["cv"] = min(times["cv"], time.perf_counter() - t)
    print(f"unigrams  analysis.terms.term_counts: {times['ours']:6.1f} s ({mb / times['ours']:.1f} MB/s; "
          f"{len(counts):,} group-term rows, {counts['n'].sum():,} tokens)")
    print(f"unigrams  sklearn CountVectorizer:    {times['cv']:6.1f} s ({mb / times['cv']:.1f} MB/s; "
          f"matrix {matrix.shape[0]:,} x {matrix.shape[1]:,}, {int(matrix.sum()):,} tokens)")
    print(f"ratio (CountVectorizer / ours): {times['cv'] / times['ours']:.2f}  (goal >= 1.0)")

    sub = corpus.unique_articles.head(2000)
    small = Corpus(sub, corpus.paragraphs.iloc[:0], corpus.boilerplate.iloc[:0], corpus.problems.iloc[:0],
                   name="allsides-2000")
    smb = sub["body"].str.len().sum() / 1e6
    t_ours = t_cv = float("inf")
    for _ in range(2):  # alternate, keep the better of two: other work on the machine evens out
        t_ours = min(t_ours, best_of(lambda: term_counts(small, by="source", max_n=3), runs=1))
        t_cv = min(t_cv, best_of(lambda: CountVectorizer(ngram_range=(1, 3)).fit_transform(sub["body"].tolist()),
                                 runs=1))
    print(f"1-3-grams on {len(sub):,} articles ({smb:.1f}M chars): ours {t_ours:.1f} s (incl. sentence "
          f"splitting), CountVectorizer(ngram_range=(1, 3)) {t_cv:.1f} s, ratio {t_cv / t_ours:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
