"""Tables behind notebook 00."""

from __future__ import annotations

from analysis.overview import boilerplate_counts, paragraph_lengths, related_links, source_summary, top_sources


def test_source_summary_on_the_seeds(seeds):
    s = source_summary(seeds).set_index("source")
    assert s.loc["Newsmax", "n_articles"] == 1 and s.loc["WION", "boilerplate_lines"] == 7
    assert s.loc["Newsmax", "words_total"] == seeds.articles.set_index("source").loc["Newsmax", "n_words"]


def test_duplicates_count_once(multi):
    s = source_summary(multi).set_index("source")
    assert s.loc["Courier Online", "n_articles"] == 2
    assert s.loc["Courier Online", "n_duplicates"] == 1
    assert top_sources(multi, 1) == ["Courier Online"]
    bp = boilerplate_counts(multi).set_index(["source", "kind"])
    assert bp.loc[("Courier Online", "advert"), "n_lines"] == 2  # the duplicate's advert not counted
    assert bp.loc[("Northern Wire", "advert"), "n_lines"] == 0


def test_related_links_and_paragraphs(seeds):
    links = related_links(seeds)
    assert links["source"].tolist() == ["WION"] * 3
    assert links["target"].str.contains("Witkoff").sum() == 1
    paras = paragraph_lengths(seeds)
    assert len(paras) == len(seeds.paragraphs) and paras["n_words"].gt(0).all()
