"""load_corpus on the bundled seeds (exact), on every input form, and on every kind of bad input."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from analysis import CorpusError, load_corpus
from analysis.corpus import ARTICLE_COLUMNS, BOILERPLATE_COLUMNS, PARAGRAPH_COLUMNS, PROBLEM_COLUMNS

NEWSMAX, WION = "000_825bdfc8c4500e42", "002_731bbcc9fefcced6"


# ----------------------------------------------------------------------------- the seeds, exactly


def test_seed_articles(seeds):
    a = seeds.articles.set_index("doc_id")
    assert list(seeds.articles.columns) == ARTICLE_COLUMNS
    assert len(a) == 2
    assert a.loc[NEWSMAX, "source"] == "Newsmax" and a.loc[WION, "source"] == "WION"
    assert (a["date"] == pd.Timestamp("2025-03-14")).all()
    assert pd.api.types.is_datetime64_any_dtype(seeds.articles["date"])
    assert a.loc[WION, "domain"] == "wionews.com" and a.loc[NEWSMAX, "country"] == "US"
    assert a.loc[WION, "title"].startswith("Putin calls on Ukraine army")
    assert seeds.problems.empty
    assert (a["duplicate_of"] == "").all()


def test_seed_header_removed_and_text_kept(seeds):
    a = seeds.articles.set_index("doc_id")
    for doc_id in (NEWSMAX, WION):
        assert not a.loc[doc_id, "text"].lstrip().startswith("date")
        assert "2025-03-14" not in a.loc[doc_id, "body"][:40]
    assert a.loc[NEWSMAX, "body"].startswith("Russian President Vladimir Putin is urging")
    assert a.loc[WION, "body"].startswith("Hours after US President Donald Trump")
    # text is the file minus its header, byte for byte
    raw = (seeds.path / f"{WION}.txt").read_text(encoding="utf-8")
    assert raw.endswith(a.loc[WION, "text"]) and raw.startswith(" date 2025-03-14 ")


def test_seed_wion_boilerplate(seeds):
    bp = seeds.boilerplate
    assert list(bp.columns) == BOILERPLATE_COLUMNS
    assert set(bp["doc_id"]) == {WION}
    assert (bp["kind"] == "advert").sum() == 3
    assert (bp.loc[bp["kind"] == "advert", "text"] == "Advertisment").all()
    links = bp[bp["kind"] == "related_link"]
    assert len(links) == 3
    assert links["target"].tolist() == [
        "'Ending war would leave Putin with nothing': Zelensky urges US to use 'strength of America' "
        "to convince Russia",
        "US envoy Witkoff spoke to Putin, not Trump, White House clarifies after US president's post "
        "triggers confusion",
        "\u2018Horrible, bloody war can finally end\u2019: Trump pleads with Putin to spare Ukrainian lives",
    ]
    credit = bp[bp["kind"] == "credit"]
    assert credit["text"].tolist() == ["(With inputs from agencies)"]
    # positions are line numbers in `text`
    text_lines = seeds.articles.set_index("doc_id").loc[WION, "text"].split("\n")
    for row in bp.itertuples():
        assert text_lines[row.position - 1].strip() == row.text
    body = seeds.articles.set_index("doc_id").loc[WION, "body"]
    for needle in ("Advertisment", "Also read", "With inputs from agencies"):
        assert needle not in body
    assert seeds.articles.set_index("doc_id").loc[WION, "n_boilerplate"] == 7


def test_seed_paragraph_offsets(seeds):
    assert list(seeds.paragraphs.columns) == PARAGRAPH_COLUMNS
    bodies = seeds.articles.set_index("doc_id")["body"]
    for p in seeds.paragraphs.itertuples():
        assert bodies[p.doc_id][p.start:p.end] == p.text
    counts = seeds.paragraphs.groupby("doc_id").size()
    assert counts[NEWSMAX] == 10 and counts[WION] == 12
    assert (seeds.articles.set_index("doc_id")["n_paragraphs"] == counts).all()


# ----------------------------------------------------------------------------- input forms


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_folder_without_metadata_uses_header_and_file_names(tmp_path):
    _write(tmp_path / "a.txt", " date 2024-05-01 First paragraph.\n\nSecond paragraph.")
    _write(tmp_path / "b.txt", "No header here.\nOne line a paragraph.\nThird.")
    c = load_corpus(tmp_path)
    a = c.articles.set_index("doc_id")
    assert a.loc["a", "date"] == pd.Timestamp("2024-05-01")
    assert a.loc["a", "n_paragraphs"] == 2
    assert a.loc["b", "n_paragraphs"] == 3  # no blank line: one paragraph per line
    assert pd.isna(a.loc["b", "date"])
    assert (a["source"] == "unknown").all()
    assert "no date; date is NaT" in c.problems["message"].tolist()


def test_metadata_wins_over_header_with_a_warning(tmp_path):
    _write(tmp_path / "a.txt", " date 2024-05-01 Text.")
    _write(tmp_path / "metadata.csv", "file,source,date,url\na.txt,Daily Ledger,2024-05-02,https://www.ledger.example/x\n")
    c = load_corpus(tmp_path)
    assert c.articles.loc[0, "date"] == pd.Timestamp("2024-05-02")
    assert c.articles.loc[0, "domain"] == "ledger.example"
    assert c.problems["message"].str.contains("header date 2024-05-01 differs from metadata").any()


def test_source_falls_back_to_domain_and_aliases_merge(tmp_path):
    _write(tmp_path / "a.txt", "Text one.")
    _write(tmp_path / "b.txt", "Text two.")
    _write(tmp_path / "c.txt", "Text three.")
    _write(tmp_path / "metadata.csv",
           "file,source,url\na.txt,Fox News,\nb.txt,Fox Online News,\nc.txt,,https://www.example.org/a\n")
    _write(tmp_path / "sources.csv", "name,canonical\nFox Online News,Fox News\n")
    c = load_corpus(tmp_path)
    assert c.articles["source"].tolist() == ["Fox News", "Fox News", "example.org"]
    # an explicit alias mapping overrides the folder's table
    c2 = load_corpus(tmp_path, aliases={"fox news": "FOX"})
    assert c2.articles["source"].tolist()[0] == "FOX"


def test_jsonl_with_common_column_names(tmp_path):
    rows = [
        {"ID": "x1", "publisher": "Ledger", "content": "Para one.\n\nPara two.", "date": "2020-01-02",
         "title": "T", "url": "https://ledger.example/1", "topic": "water", "tags": ["a", "b"]},
        {"ID": "x2", "publisher": "Wire", "content": "Another.", "date": "1/3/2020", "title": "U"},
    ]
    p = _write(tmp_path / "set.jsonl", "\n".join(json.dumps(r) for r in rows))
    c = load_corpus(p)
    assert c.name == "set"
    assert c.articles["doc_id"].tolist() == ["x1", "x2"]
    assert c.articles["source"].tolist() == ["Ledger", "Wire"]
    # 1/3/2020 reads both ways and no other date settles it: day-first, with a problems row
    assert c.articles["date"].tolist() == [pd.Timestamp("2020-01-02"), pd.Timestamp("2020-03-01")]
    assert ((c.problems["line"] == 2) & c.problems["message"].str.contains("read day-first as 2020-03-01")).any()
    assert c.articles.loc[0, "topic"] == "water" and pd.isna(c.articles.loc[1, "topic"])  # extras kept
    assert "tags" not in c.articles.columns
    assert c.problems["message"].str.contains("'tags' holds lists").any()
    assert c.articles["file"].tolist() == [f"{p}:1", f"{p}:2"]


def test_jsonl_gz_csv_and_columns_override(tmp_path):
    rows = [{"story": "s1", "words": "Text of one.", "outlet_name": "A"}]
    gz = tmp_path / "set.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(rows[0]) + "\n")
    c = load_corpus(gz, columns={"text": "words", "source": "outlet_name", "doc_id": "story"})
    assert c.articles.loc[0, ["doc_id", "source", "body"]].tolist() == ["s1", "A", "Text of one."]
    csvp = _write(tmp_path / "set.csv", 'id,source,text\n7,B,"Line one,\nline two."\n8,C,Short.\n')
    c = load_corpus(csvp)
    assert c.articles["doc_id"].tolist() == ["7", "8"]
    assert c.articles.loc[0, "n_paragraphs"] == 2
    with pytest.raises(CorpusError, match="no column for the article text"):
        load_corpus(_write(tmp_path / "bad.csv", "id,source\n1,A\n"))
    with pytest.raises(CorpusError, match="unknown field 'txt'"):
        load_corpus(csvp, columns={"txt": "source"})


def test_html_article(tmp_path):
    para = ("Prime Minister Alana Reyes said on Monday that the talks had failed after three days of "
            "meetings in Geneva, and that her country would not return without guarantees.")
    html = (
        "<html><head><title>Talks fail</title><meta property='og:site_name' content='Daily Ledger'>"
        "<meta property='article:published_time' content='2025-06-02'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Talks fail</h1>"
        f"<p>{para}</p><p>\u201cWe came in good faith,\u201d Reyes said in a long televised address "
        "to the nation that evening, adding that farmers could not wait another season.</p>"
        "</article><footer>Contact us</footer></body></html>"
    )
    c = load_corpus(_write(tmp_path / "talks.html", html))
    a = c.articles.iloc[0]
    assert a["doc_id"] == "talks" and a["source"] == "Daily Ledger" and a["title"] == "Talks fail"
    assert a["date"] == pd.Timestamp("2025-06-02")
    assert a["body"].startswith(para) and "Home | World" not in a["body"]
    assert a["n_paragraphs"] == 2


def test_boilerplate_relatives_leave_body_but_are_kept(tmp_path):
    text = ("The story begins.\n\nADVERTISEMENT\n\nRead more at Example.com\n\nRelated: Dam talks fail\n\n"
            "Click here to subscribe to our newsletter\n\nThe story ends.\n\n"
            "The Associated Press contributed to this report.")
    c = load_corpus(_write(tmp_path / "a.txt", text))
    assert c.articles.loc[0, "body"] == "The story begins.\n\nThe story ends."
    assert c.boilerplate["kind"].tolist() == ["advert", "read_more", "related_link", "call_to_action", "credit"]
    assert c.boilerplate["target"].tolist()[1:3] == ["Example.com", "Dam talks fail"]


def test_prose_that_mentions_adverts_is_not_boilerplate(tmp_path):
    text = ("Advertisement revenue fell by a third, the company said.\n\n"
            "Also read the small print, she said, before you sign anything: a line of prose that "
            "merely starts like a related link.")
    c = load_corpus(_write(tmp_path / "a.txt", text))
    assert c.boilerplate.empty and c.articles.loc[0, "n_paragraphs"] == 2


# ----------------------------------------------------------------------------- bad input


def test_empty_file_is_kept_with_an_error(tmp_path):
    _write(tmp_path / "empty.txt", "")
    _write(tmp_path / "ok.txt", "Some text.")
    c = load_corpus(tmp_path)
    assert c.articles["doc_id"].tolist() == ["empty", "ok"]
    row = c.problems[c.problems["message"].str.contains("empty article")].iloc[0]
    assert row["file"].endswith("empty.txt") and row["severity"] == "error"
    with pytest.raises(CorpusError, match=r"empty\.txt: empty article"):
        load_corpus(tmp_path, strict=True)


def test_cp1252_bytes_are_read_with_a_warning(tmp_path):
    _write(tmp_path / "win.txt", "\u201cQuoted\u201d caf\u00e9 text.", encoding="cp1252")
    c = load_corpus(tmp_path)
    assert c.articles.loc[0, "body"] == "\u201cQuoted\u201d caf\u00e9 text."
    msg = c.problems.iloc[0]
    assert msg["file"].endswith("win.txt") and "not valid UTF-8" in msg["message"]


def test_impossible_and_missing_dates(tmp_path):
    rows = [{"id": i, "text": f"Article {i}.", "source": "S", "date": d}
            for i, d in enumerate(["0001", "2050-01-01", "2021-02-30", "", "not a date", "2019-07-04"])]
    c = load_corpus(_write(tmp_path / "d.jsonl", "\n".join(json.dumps(r) for r in rows)))
    assert c.articles["date"].isna().tolist() == [True, True, True, True, True, False]
    msgs = c.problems.set_index("line")["message"]
    assert msgs[1] == "date '0001' is not a possible date; date is NaT"
    assert "2050-01-01" in msgs[2] and "2021-02-30" in msgs[3]
    assert msgs[4] == "no date; date is NaT"
    assert len(c.articles) == 6


def test_header_with_impossible_date(tmp_path):
    _write(tmp_path / "a.txt", " date 2025-13-45 Body text.")
    c = load_corpus(tmp_path)
    assert pd.isna(c.articles.loc[0, "date"]) and c.articles.loc[0, "body"] == "Body text."
    assert "header date '2025-13-45' is not a possible date" in c.problems["message"].tolist()


def test_metadata_mismatches_and_escaping_paths(tmp_path):
    _write(tmp_path / "a.txt", "A.")
    _write(tmp_path / "b.txt", "B.")
    _write(tmp_path / "metadata.csv",
           "file,source\na.txt,Ledger\nmissing.txt,Wire\n../outside.txt,Evil\n,Nobody\n")
    c = load_corpus(tmp_path)
    p = c.problems
    assert len(c.articles) == 2
    assert ((p["line"] == 3) & p["message"].str.contains("'missing.txt', but there is no such file")).any()
    esc = p[p["message"].str.contains("outside the corpus folder")]
    assert esc["line"].tolist() == [4] and esc["severity"].tolist() == ["error"]
    assert ((p["line"] == 5) & p["message"].str.contains("empty 'file'")).any()
    nometa = p[p["message"] == "no row in metadata.csv for this file"]
    assert nometa["file"].str.endswith("b.txt").tolist() == [True]


def test_duplicate_ids_and_texts_are_flagged_not_dropped(tmp_path):
    rows = [{"id": "a", "text": "Same words.", "source": "S"}, {"id": "a", "text": "Other words.", "source": "S"},
            {"id": "c", "text": "Same words.", "source": "T"}]
    c = load_corpus(_write(tmp_path / "d.jsonl", "\n".join(json.dumps(r) for r in rows)))
    assert c.articles["doc_id"].tolist() == ["a", "a~2", "c"]
    assert c.articles["duplicate_of"].tolist() == ["", "", "a"]
    assert len(c.unique_articles) == 2
    assert c.problems["message"].str.contains("duplicate id 'a'").any()
    assert c.problems["message"].str.contains("exact duplicate of article 'a'").any()


def test_unknown_file_types_and_bad_json_lines(tmp_path):
    _write(tmp_path / "a.txt", "Text.")
    _write(tmp_path / "scan.pdf", b"%PDF-1.4")
    c = load_corpus(tmp_path)
    assert c.problems["message"].str.contains("unknown file type '.pdf'").any()
    with pytest.raises(CorpusError, match="unknown input type"):
        load_corpus(_write(tmp_path / "x.docx", b"PK"))
    p = _write(tmp_path / "j.jsonl", '{"text": "ok", "source": "S"}\n{broken\n[1, 2]\n')
    c = load_corpus(p)
    assert len(c.articles) == 1
    errors = c.problems[c.problems["severity"] == "error"]
    assert errors["line"].tolist() == [2, 3]
    assert errors["message"].str.contains("not valid JSON|not an object").all()
    assert list(c.problems.columns) == PROBLEM_COLUMNS


def test_missing_path():
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_corpus("/nonexistent/corpus")


# ----------------------------------------------------------------------------- the shared data


def test_reads_pac_and_allsides_directly(shared_dir):
    pac = load_corpus(shared_dir / "data/pac_partisan_events/pac_articles.jsonl")
    assert len(pac.articles) == 304 and pac.articles["source"].nunique() == 71
    assert "story_id" in pac.articles.columns
    assert pac.articles.groupby("story_id").size().eq(2).all()
    allsides = load_corpus(shared_dir / "data/allsides/articles.jsonl.gz")
    assert len(allsides.articles) == 37554
    assert allsides.articles["source"].nunique() == 491
    assert (allsides.articles["duplicate_of"] != "").sum() == 7
    assert allsides.articles["date"].isna().sum() >= 4407
    # nothing dropped or truncated: every body is there, in the original order
    assert allsides.articles["n_words"].gt(0).sum() >= 37500


def test_where_keeps_matching_articles_and_counts_the_rest(tmp_path):
    rows = [{"text": f"Article {i}.", "source": s, "topic": t, "date": d}
            for i, (s, t, d) in enumerate([("A", "trade", "2019-05-01"), ("B", "trade", "2019-06-02"),
                                           ("C", "guns", "2019-05-03")])]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    c = load_corpus(path, where={"topic": "trade"})
    assert c.articles["source"].tolist() == ["A", "B"]
    info = c.problems[c.problems["severity"] == "info"]
    assert info["message"].tolist() == ["where topic=trade: 2 of 3 articles kept, 1 left out by the filter"]
    assert load_corpus(path, where={"date": "2019-05"}).articles["source"].tolist() == ["A", "C"]
    assert load_corpus(path, where={"topic": "trade", "date": "2019-06-02"}).articles["source"].tolist() == ["B"]
    with pytest.raises(CorpusError, match="no article has topic=tax"):
        load_corpus(path, where={"topic": "tax"})
    with pytest.raises(CorpusError, match="cannot filter on 'story_id'.*columns are"):
        load_corpus(path, where={"story_id": "S1"})
