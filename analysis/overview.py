"""What is in an article set: per-source summaries, boilerplate counts, related links.

The tables behind ``notebooks/00-corpus-overview.ipynb``. Exact duplicate articles (flagged by the
loader in ``duplicate_of``) are counted once.
"""

from __future__ import annotations

import pandas as pd

from .boilerplate import KINDS
from .corpus import Corpus
from .text import tokenize_many

__all__ = ["source_summary", "boilerplate_counts", "related_links", "top_sources", "paragraph_lengths"]


def top_sources(corpus: Corpus, n: int | None = 20) -> list[str]:
    """The ``n`` sources with most (non-duplicate) articles, ties alphabetical; all when ``n`` is None."""
    counts = corpus.unique_articles["source"].value_counts()
    ordered = sorted(counts.index, key=lambda s: (-counts[s], s))
    return ordered if n is None else ordered[:n]


def source_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per source: how many articles, how long, when, how much boilerplate.

    Columns: ``source``, ``n_articles`` (not counting exact duplicates), ``n_duplicates``,
    ``words_total``, ``words_median``, ``paragraphs_median``, ``boilerplate_lines``,
    ``first_date``, ``last_date``, ``n_undated``. Sorted by ``n_articles`` descending, then source.
    """
    arts = corpus.articles
    uniq = corpus.unique_articles
    g = uniq.groupby("source")
    out = pd.DataFrame({
        "n_articles": g.size(),
        "words_total": g["n_words"].sum(),
        "words_median": g["n_words"].median(),
        "paragraphs_median": g["n_paragraphs"].median(),
        "boilerplate_lines": g["n_boilerplate"].sum(),
        "first_date": g["date"].min(),
        "last_date": g["date"].max(),
        "n_undated": g["date"].apply(lambda s: int(s.isna().sum())),
    })
    dups = arts[arts["duplicate_of"] != ""].groupby("source").size()
    out["n_duplicates"] = dups.reindex(out.index, fill_value=0).astype("int64")
    out = out.reset_index().rename(columns={"index": "source"})
    cols = ["source", "n_articles", "n_duplicates", "words_total", "words_median", "paragraphs_median",
            "boilerplate_lines", "first_date", "last_date", "n_undated"]
    return out[cols].sort_values(["n_articles", "source"], ascending=[False, True], ignore_index=True)


def boilerplate_counts(corpus: Corpus) -> pd.DataFrame:
    """Boilerplate lines per source and kind, every kind listed (zero where a source has none).

    Columns: ``source``, ``kind`` (advert, related_link, read_more, credit, call_to_action),
    ``n_lines``, ``n_articles`` (articles with at least one such line), ``per_article``
    (``n_lines`` divided by the source's article count).
    """
    uniq = corpus.unique_articles[["doc_id", "source"]]
    bp = corpus.boilerplate.merge(uniq, on="doc_id", how="inner", validate="many_to_one")
    sources = sorted(uniq["source"].unique())
    grid = pd.MultiIndex.from_product([sources, list(KINDS)], names=["source", "kind"])
    g = bp.groupby(["source", "kind"])
    out = pd.DataFrame({"n_lines": g.size(), "n_articles": g["doc_id"].nunique()})
    out = out.reindex(grid, fill_value=0).reset_index()
    n_art = uniq.groupby("source").size()
    out["per_article"] = out["n_lines"] / out["source"].map(n_art)
    return out.astype({"n_lines": "int64", "n_articles": "int64"})


def related_links(corpus: Corpus) -> pd.DataFrame:
    """The related-link and read-more lines each outlet put in its articles.

    Columns: ``source``, ``doc_id``, ``kind``, ``target`` (the linked title or site), ``position``
    (line number in the article's ``text``).
    """
    bp = corpus.boilerplate[corpus.boilerplate["kind"].isin(["related_link", "read_more"])]
    out = bp.merge(corpus.articles[["doc_id", "source"]], on="doc_id", how="left", validate="many_to_one")
    return out[["source", "doc_id", "kind", "target", "position"]].reset_index(drop=True)


def paragraph_lengths(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph with its source and length in words.

    Columns: ``source``, ``doc_id``, ``para_no``, ``n_words``.
    """
    paras = corpus.paragraphs.merge(corpus.unique_articles[["doc_id", "source"]], on="doc_id",
                                    how="inner", validate="many_to_one")
    n_words = [len(toks) for toks in tokenize_many(paras["text"])]
    return pd.DataFrame({"source": paras["source"], "doc_id": paras["doc_id"],
                         "para_no": paras["para_no"], "n_words": pd.Series(n_words, dtype="int64")})
