"""The download-free text tools: sentences with the news abbreviation list, tokens, stopwords."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from analysis.text import abbreviations, sentence_spans, sentences, stopwords, tokenize


def _sents(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_do_not_end_sentences():
    text = ("Mr. Trump met Gov. Newsom in the U.S. capital on Jan. 5. Lt. Col. Vindman said no. "
            "Sen. Graham left at 5 p.m. on Friday. He was late.")
    assert _sents(text) == [
        "Mr. Trump met Gov. Newsom in the U.S. capital on Jan. 5.",
        "Lt. Col. Vindman said no.",
        "Sen. Graham left at 5 p.m. on Friday.",
        "He was late.",
    ]


def test_sentences_end_after_closing_quotes_and_never_cross_blank_lines():
    text = '"We are sympathetic," Putin said. "If they surrender, they live."\n\nNext paragraph'
    assert _sents(text) == ['"We are sympathetic," Putin said.', '"If they surrender, they live."',
                            "Next paragraph"]


def test_sentence_table_offsets_point_into_body(seeds):
    table = sentences(seeds.paragraphs)
    bodies = seeds.articles.set_index("doc_id")["body"]
    assert list(table.columns) == ["doc_id", "para_no", "sent_no", "start", "end", "text"]
    for row in table.itertuples():
        assert bodies[row.doc_id][row.start:row.end] == row.text
    assert table.groupby("doc_id")["sent_no"].apply(lambda s: list(s) == list(range(len(s)))).all()
    # "U.S. president" in Newsmax's quote stays inside one sentence
    assert table["text"].str.contains("call of the U.S. president, an appropriate order").any()


def test_tokenize_news_cases():
    assert tokenize("The U.S. didn\u2019t back Zelenskyy\u2019s 30-day plan") == [
        "the", "u.s.", "didn't", "back", "zelenskyy", "'s", "30-day", "plan"]
    assert tokenize("ex-president O'Brien paid $1,000 (3.5%) in the 1990s.") == [
        "ex-president", "o'brien", "paid", "1,000", "3.5", "in", "the", "1990s"]
    assert tokenize("It's 5 a.m. in Kyiv") == ["it", "'s", "5", "a.m.", "in", "kyiv"]
    assert tokenize("na\u00efve caf\u00e9") == ["na\u00efve", "caf\u00e9"]


def test_shipped_lists():
    assert {"mr", "u.s", "jan", "gov", "lt"} <= abbreviations()
    assert {"the", "and", "'s"} <= stopwords() and "said" not in stopwords()


def test_works_without_any_nltk_data(tmp_path):
    """In a fresh process with no nltk_data anywhere, the package loads and analyses the seeds."""
    code = textwrap.dedent(
        """
        import nltk
        nltk.data.path.clear()
        def refuse(*a, **k):
            raise AssertionError("nltk.download() was called")
        nltk.download = refuse
        from analysis import BUNDLED_CORPUS, load_corpus
        from analysis.text import sentences
        c = load_corpus(BUNDLED_CORPUS)
        s = sentences(c.paragraphs)
        assert len(c.articles) == 2 and len(s) > 20, (len(c.articles), len(s))
        try:
            nltk.data.find("tokenizers/punkt")
        except LookupError:
            print("no nltk data, ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    env["HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "no nltk data, ok" in out.stdout
