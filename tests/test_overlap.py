"""Quote overlap: matching rules on invented quotes, clusters, alignment, passages, the seeds."""

from __future__ import annotations

import io
import itertools
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import load_corpus
from analysis.quotes import extract_quotes
from analysis.overlap import (
    ALIGNMENT_COLUMNS,
    CLUSTER_COLUMNS,
    PAIR_COLUMNS,
    PASSAGE_COLUMNS,
    align_quotes,
    alignment_html,
    attribution_table,
    exclusive_quotes,
    normalised_words,
    quote_clusters,
    quote_overlap,
    quote_pairs,
    shared_passages,
    source_overlap,
    speaker_voice,
)

from overlap_helpers import QUOTE_COLUMNS, SEED_QUOTES, make_quotes


def quotes_of(*rows: tuple[str, str] | tuple[str, str, str]) -> pd.DataFrame:
    """A quotes table with one quote per invented article: rows are (source, text[, speaker])."""
    recs = []
    for i, row in enumerate(rows):
        source, text = row[0], row[1]
        recs.append({c: "" for c in QUOTE_COLUMNS} | {
            "doc_id": f"d{i}", "source": source, "quote_id": f"d{i}:0", "start": 0, "end": len(text),
            "text": text, "kind": "full", "speaker": row[2] if len(row) > 2 else "", "para_no": 0})
    return pd.DataFrame(recs, columns=QUOTE_COLUMNS)


def match(a: str, b: str, **params) -> str | None:
    """The match type of two quotes from different outlets, or None."""
    pairs = quote_pairs(quotes_of(("Outlet A", a), ("Outlet B", b)), **params)
    assert len(pairs) <= 1
    return pairs["match_type"].iloc[0] if len(pairs) else None


# --------------------------------------------------------------------------------------------- #
# One fixture per edit type, and near-misses
# --------------------------------------------------------------------------------------------- #

EDITS = {
    "identical": ("The river belongs to all of us, and we will defend it.",
                  "The river belongs to all of us, and we will defend it,", "exact"),
    "all caps": ("THE RIVER BELONGS TO ALL OF US, AND WE WILL DEFEND IT!",
                 "The river belongs to all of us, and we will defend it.", "normalised"),
    "quote marks and punctuation": ("\u201cWe will not back down \u2014 not now, not ever,\u201d",
                                    '"We will not back down: not now; not ever."', "normalised"),
    "U.S. vs US": ("The U.S. must keep its promise to our farmers",
                   "The US must keep its promise to our farmers", "normalised"),
    "apostrophes": ("Kessia\u2019s engineers don\u2019t decide this", "Kessia's engineers don't decide this",
                    "normalised"),
    "ellipsis for omitted words": (
        "Our engineers measured every gallon ... and found nothing wrong",
        "Our engineers measured every gallon released since March and found nothing wrong", "contained"),
    "partial quote in a longer one": (
        "a waste of everyone's time",
        "These talks have been a waste of everyone's time, and I said so in the room.", "contained"),
    "truncated": ("We will keep the gates open through the summer",
                  "We will keep the gates open through the summer, whatever it costs our own farms.",
                  "contained"),
    "word inserted": ("I have asked to the minister that the gates be opened before the harvest.",
                      "I have asked the minister that the gates be opened before the harvest.", "fuzzy"),
    "word dropped, short quote": ("we asked them very politely", "we asked them politely", "fuzzy"),
    "word changed": ("The dam is ours to operate, and every gallon released is measured.",
                     "The dam is ours to run, and every gallon released is measured.", "fuzzy"),
    "overlapping sentence split": (
        "Our farmers cannot wait another season. The fields along the border are already dry.",
        "The fields along the border are already dry. We need the water this month.", "fuzzy"),
}

NEAR_MISSES = {
    "same speaker, different sentence": ("We will defend the river with everything we have.",
                                         "We will rebuild the villages that the floods destroyed."),
    "one shared common phrase": ("At the end of the day, the farmers will pay for this dam.",
                                 "At the end of the day, the ministry must answer to parliament."),
    "shared stock opening": ("I want to be very clear about this: the gates stay shut.",
                             "I want to be very clear about this: we never left the talks."),
    "scare quote": ("stalling", "stalling"),
    "two-word fragment in a longer quote": ("very difficult", "The situation on the border is very difficult."),
    "reordered words": ("the gates stay shut until the engineers report",
                        "the engineers report until the gates stay shut"),
    "two stock phrases far apart": ("I think the minister is wrong. It's just that the dam is old.",
                                    "I think it's just politics."),
    "fragments around an ellipsis": ("the gates ... open", "the gates were never open"),
    # 80% of the shorter's words, but it only starts or ends like the other: a stock phrase
    "same opening, different ending": ("I think the minister is wrong",
                                       "I think the minister is the right person for this job"),
    "same ending, different opening": ("nothing is off the table", "everything is off the table"),
}


@pytest.mark.parametrize("name", EDITS)
def test_edit_types_match(name):
    a, b, expected = EDITS[name]
    assert match(a, b) == expected
    assert match(b, a) == expected


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_near_misses_do_not_match(name):
    a, b = NEAR_MISSES[name]
    assert match(a, b) is None


def test_split_by_attribution_matches_both_halves():
    whole = "We came to Geneva in good faith, and we will not be lectured about water by anyone."
    q = quotes_of(("A", whole), ("B", "We came to Geneva in good faith,"),
                  ("B", "and we will not be lectured about water by anyone."))
    pairs = quote_pairs(q)
    assert set(zip(pairs["quote_id_a"], pairs["quote_id_b"])) == {("d0:0", "d1:0"), ("d0:0", "d2:0")}
    assert set(pairs["match_type"]) == {"contained"}
    clusters = quote_clusters(q, pairs)
    assert clusters["cluster_id"].nunique() == 1
    assert clusters.loc[clusters["is_canonical"], "text"].item() == whole


def test_thresholds_are_parameters():
    a, b, _ = EDITS["word changed"]
    assert match(a, b, min_coverage=0.95) is None
    assert match("we asked them politely", "we asked them politely", min_words=5) is None
    a, b, _ = EDITS["overlapping sentence split"]
    assert match(a, b, min_run=9) is None


def test_coverage_and_similarity():
    pairs = quote_pairs(quotes_of(("A", "a waste of everyone's time"),
                                  ("B", "These talks have been a waste of everyone's time")))
    row = pairs.iloc[0]
    assert list(pairs.columns) == PAIR_COLUMNS
    assert row["coverage_a"] == 1.0 and row["n_common_words"] == 6
    assert row["coverage_b"] == pytest.approx(6 / 10)
    assert row["similarity"] == pytest.approx(2 * 6 / 16)


def test_same_source_and_duplicates_do_not_pair():
    text = "The river belongs to all of us, and we will defend it."
    q = quotes_of(("A", text), ("A", text), ("B", text))
    pairs = quote_pairs(q)
    assert sorted(zip(pairs["quote_id_a"], pairs["quote_id_b"])) == [("d0:0", "d2:0"), ("d1:0", "d2:0")]
    articles = pd.DataFrame({"doc_id": ["d0", "d1", "d2"], "duplicate_of": ["", "d0", ""],
                             "date": pd.to_datetime(["2025-06-02"] * 3)})
    pairs = quote_pairs(q, articles)
    assert list(zip(pairs["quote_id_a"], pairs["quote_id_b"])) == [("d0:0", "d2:0")]


def test_scare_quotes_never_match():
    """A show named in quotes by two outlets is no one's words, however long: no pair."""
    q = quotes_of(("A", "Morning Valley Report"), ("B", "Morning Valley Report"),
                  ("A", "The river belongs to all of us."), ("B", "The river belongs to all of us."))
    q.loc[[0, 1], "kind"] = "scare"
    pairs = quote_pairs(q)
    assert list(zip(pairs["quote_id_a"], pairs["quote_id_b"])) == [("d2:0", "d3:0")]
    assert len(quote_pairs(q.drop(columns="kind"))) == 2  # without kinds, the words decide


def test_a_common_phrase_does_not_chain_clusters():
    """ "law and order" inside two different speeches pairs with both, but does not make them one
    quote; a fragment of a single quote joins its cluster."""
    q = quotes_of(("A", "law and order", "Lee Park"),
                  ("B", "We will bring law and order back to every street of this valley.", "Lee Park"),
                  ("C", "Without law and order the farmers along the river cannot plant a thing.", "Ana Costa"),
                  ("D", "cannot wait another season"),
                  ("E", "Our farmers cannot wait another season for the water they were promised."),
                  ("F", "Our farmers cannot wait another season for the water they were promised."))
    pairs = quote_pairs(q)
    assert {("d0:0", "d1:0"), ("d0:0", "d2:0"), ("d3:0", "d4:0"), ("d3:0", "d5:0")} <= set(
        zip(pairs["quote_id_a"], pairs["quote_id_b"]))
    clusters = quote_clusters(q, pairs)
    members = clusters.groupby("cluster_id")["quote_id"].agg(sorted).tolist()
    assert members == [["d3:0", "d4:0", "d5:0"]]
    assert quote_clusters(q, pairs, min_link_words=3)["cluster_id"].nunique() == 2  # chained again


def test_normalised_words():
    assert normalised_words("The U.S.-backed plan, Kessia\u2019s \u201cfirst\u201d") == [
        "the", "us", "backed", "plan", "kessia", "'s", "first"]


# --------------------------------------------------------------------------------------------- #
# The index finds what comparing every pair finds
# --------------------------------------------------------------------------------------------- #

WORDS = ("river dam gates water farmers border engineers talks season minister lakes summer harvest "
         "geneva report").split()
FILLER = "the of and we will to a is in our".split()


EDIT_KINDS = ["upper", "drop", "insert", "insert several", "truncate", "fragment", "change", "ellipsis"]


@st.composite
def edited_sets(draw):
    """Invented sentences, each with copies in other outlets carrying one to four edits."""
    rows = []
    for s in range(draw(st.integers(1, 3))):
        words = [draw(st.sampled_from(WORDS + FILLER)) for _ in range(draw(st.integers(3, 24)))]
        rows.append((f"S{s}", " ".join(words)))
        for k in range(draw(st.integers(1, 3))):
            w = list(words)
            for _ in range(draw(st.integers(1, 4))):
                edit = draw(st.sampled_from(EDIT_KINDS))
                i = draw(st.integers(0, len(w) - 1))
                if edit == "upper":
                    w = [x.upper() for x in w]
                elif edit == "drop" and len(w) > 1:
                    del w[i]
                elif edit == "insert":
                    w.insert(i, draw(st.sampled_from(WORDS + FILLER)))
                elif edit == "insert several":
                    w[i:i] = draw(st.lists(st.sampled_from(WORDS + FILLER), min_size=2, max_size=5))
                elif edit == "truncate":
                    w = w[: max(3, i)]
                elif edit == "fragment":
                    w = w[i // 2: i // 2 + max(3, len(w) // 2)]
                elif edit == "ellipsis":
                    w[i:i + draw(st.integers(0, 3))] = ["..."]
                else:
                    w[i] = draw(st.sampled_from(WORDS))
            rows.append((f"T{s}{k}", " ".join(w)))
    return rows


@settings(derandomize=True, deadline=None, max_examples=300)
@given(edited_sets())
def test_index_finds_the_same_pairs_as_all_pairs(rows):
    q = quotes_of(*rows)
    indexed = quote_pairs(q)
    everything = quote_pairs(q, candidates="all")
    pd.testing.assert_frame_equal(indexed, everything)


@pytest.mark.parametrize("n_stretches", [2, 3, 5, 8, 11, 16])
def test_index_finds_the_sparsest_match(n_stretches):
    """The worst case for the index: the shorter quote shares only three-word stretches, each
    separated in the longer quote by two inserted words (one index key per stretch)."""
    vocab = ("".join(w) for w in itertools.product("bcdfghjklm", repeat=3))  # one token each
    stretches = [[next(vocab) for _ in range(3)] for _ in range(n_stretches)]
    short = " ".join(w for s in stretches for w in s)
    long_ = " ".join(" ".join(s + [next(vocab), next(vocab)]) for s in stretches)
    q = quotes_of(("A", short), ("B", long_))
    assert quote_pairs(q, candidates="all")["match_type"].tolist() == ["fuzzy"]
    pd.testing.assert_frame_equal(quote_pairs(q), quote_pairs(q, candidates="all"))


# --------------------------------------------------------------------------------------------- #
# Alignment
# --------------------------------------------------------------------------------------------- #


def test_alignment_shows_what_differs():
    a = "I have strongly requested to President Putin that their lives be spared."
    b = "I HAVE STRONGLY REQUESTED PRESIDENT PUTIN THAT THEIR LIVES BE SAVED. God bless them!"
    al = align_quotes(a, b)
    assert list(al.columns) == ALIGNMENT_COLUMNS
    ops = dict(zip(al["word_a"].where(al["word_a"] != "", al["word_b"]), al["op"]))
    assert ops["to"] == "only_a" and ops["God"] == "only_b" and ops["spared"] == "changed"
    assert ops["President"] == "restyled"
    for side, text in (("a", a), ("b", b)):
        rows = al[al[f"start_{side}"] >= 0]
        assert all(text[s:e] == w for s, e, w in zip(rows[f"start_{side}"], rows[f"end_{side}"], rows[f"word_{side}"]))
    assert al.loc[al["op"] == "same", "word_a"].tolist() == ["I"] and al["step"].tolist() == list(range(len(al)))


def test_alignment_html_escapes_and_marks():
    out = alignment_html([("A <x>", "we asked them very politely & firmly")], "we asked them politely")
    assert "A &lt;x&gt;" in out and "&amp;" in out
    assert "<span class=\"ov-only_a\"" in out and ">very</span>" in out
    out = alignment_html([("B", "we asked politely")], "we asked them politely")
    assert 'asked <span class="ov-only_b" style="color:#868e96;text-decoration:line-through" title="them">them</span> politely' in out


# --------------------------------------------------------------------------------------------- #
# Clusters and summaries
# --------------------------------------------------------------------------------------------- #


@pytest.fixture()
def multi_quotes(multi):
    """Hand-made quotes of the invented multi-outlet set (Courier's AMP page is a duplicate)."""
    reyes = "We came to Geneva in good faith, and we will not be lectured about water by a government that has drained three of our lakes,"
    specs = []
    for doc in ("ledger-dam-talks", "harbor-dam-talks", "courier-dam-talks", "courier-dam-talks_amp"):
        specs.append(dict(doc_id=doc, text=reyes, speaker="Alana Reyes", cue="said"))
    return make_quotes(multi.articles, specs + [
        dict(doc_id="wire-dam-talks", text="We came to Geneva in good faith,", speaker="Alana Reyes", cue="said"),
        dict(doc_id="wire-dam-talks", text="and we will not be lectured about water by a government that has "
             "drained three of our lakes.", speaker="Alana Reyes", cue="said"),
        dict(doc_id="ledger-dam-talks", text="The dam is ours to operate, and every gallon released is measured "
             "by independent engineers,", speaker="Tomas Okafor", via="AFP", cue="told"),
        dict(doc_id="harbor-dam-talks", text="The dam is ours to operate, and every gallon released is measured "
             "by independent engineers,", speaker="Tomas Okafor", cue="said"),
        dict(doc_id="courier-dam-talks", text="READY TO TALK TOMORROW, WITHOUT PRECONDITIONS.",
             speaker="Tomas Okafor", venue="X", cue="wrote"),
        dict(doc_id="ledger-dam-talks", text="ready to talk tomorrow, without preconditions.", speaker="Tomas Okafor",
             venue="X", cue="said"),
        dict(doc_id="ledger-dam-talks", text="Our farmers cannot wait another season.", speaker="Alana Reyes"),
        dict(doc_id="wire-dam-talks", text="cannot wait another season", speaker="Alana Reyes", kind="partial"),
        dict(doc_id="harbor-dam-talks", text="Neither government can afford to be seen blinking first",
             speaker="Mira Halvorsen"),
        dict(doc_id="courier-dam-talks", text="a waste of time", speaker="Alana Reyes", kind="partial"),
    ])


def test_clusters(multi, multi_quotes):
    pairs = quote_pairs(multi_quotes, multi.articles)
    assert not (pairs["doc_id_a"].str.contains("_amp") | pairs["doc_id_b"].str.contains("_amp")).any()
    clusters = quote_clusters(multi_quotes, pairs, multi.articles)
    assert list(clusters.columns) == CLUSTER_COLUMNS
    for col in clusters.columns:
        assert not clusters[col].map(lambda v: isinstance(v, (list, tuple, set, dict))).any(), col
    sizes = clusters.groupby("cluster_id").agg(n=("quote_id", "size"), s=("n_sources", "first"))
    assert sizes["n"].tolist() == [5, 2, 2, 2]  # Reyes (4 outlets, split in two by Northern Wire), ...
    assert sizes["s"].tolist() == [4, 2, 2, 2]
    first = clusters[clusters["cluster_id"] == 1]
    assert first["is_canonical"].sum() == 1 and first["cluster_speaker"].iloc[0] == "Alana Reyes"
    assert first["first_date"].iloc[0] == pd.Timestamp("2025-06-02")
    caps = clusters[clusters["canonical_text"].str.contains("tomorrow", case=False)]
    assert caps["canonical_text"].iloc[0] == "ready to talk tomorrow, without preconditions."

    singles = quote_clusters(multi_quotes, pairs, multi.articles, singletons=True)
    assert singles["cluster_id"].nunique() == 6
    only = exclusive_quotes(singles)
    assert set(only["source"]) == {"Harbor Times", "Courier Online"}
    assert only["text"].tolist() == ["a waste of time", "Neither government can afford to be seen blinking first"]

    so = source_overlap(singles)
    pair = so[(so["source_a"] == "Daily Ledger") & (so["source_b"] == "Harbor Times")].iloc[0]
    assert pair["n_shared"] == 2 and pair["n_quotes_a"] == 4 and pair["share_of_a"] == 0.5
    assert len(so) == 4 * 3 and len(source_overlap(singles, top=2)) == 2

    voice = speaker_voice(singles)
    reyes = voice[voice["speaker"] == "Alana Reyes"].set_index("source")
    assert reyes.loc["Daily Ledger", "n_quotes"] == 2 and reyes.loc["Harbor Times", "n_quotes"] == 1
    assert reyes["n_speaker_quotes"].eq(3).all()
    assert reyes.loc["Courier Online", "share"] == pytest.approx(2 / 3, abs=1e-4)

    attr = attribution_table(singles)
    okafor = attr[attr["canonical_text"].str.startswith("The dam")]
    assert okafor.set_index("source")["via"].to_dict() == {"Daily Ledger": "AFP", "Harbor Times": ""}
    assert okafor["differs"].all()


# --------------------------------------------------------------------------------------------- #
# Shared passages
# --------------------------------------------------------------------------------------------- #

WIRE = ("The dispute has simmered since the Tarn dam began filling in March. Veldora says river flow at the "
        "border has fallen by a third, while Kessia says the figure is exaggerated.")
EDITED = ("The dispute has simmered since the Tarn dam began filling in early March, and Veldora says river "
          "flow at the border has fallen by a third. Kessia says the figure is exaggerated.")


def write_set(folder, texts: dict[str, tuple[str, str]]):
    folder.mkdir()
    meta = ["file,source,date"]
    for name, (source, text) in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        meta.append(f"{name}.txt,{source},2025-06-02")
    (folder / "metadata.csv").write_text("\n".join(meta) + "\n", encoding="utf-8")
    return load_corpus(folder)


def test_shared_passages(tmp_path):
    quote = "We will not be lectured about water by anyone in this building today, or ever,"
    c = write_set(tmp_path / "set", {
        "a": ("Ledger", f"Talks ended on Monday.\n\n{WIRE}\n\n\"{quote}\" Reyes said."),
        "b": ("Harbor", f"Negotiators left Geneva.\n\n{EDITED}\n\n\"{quote}\" she said."),
        "c": ("Wire", f"{WIRE}\n\nMore talks are planned."),
        "d": ("Wire", f"{WIRE}\n\nMore talks are planned."),  # exact duplicate of c
        "e": ("Courier", "The dispute has simmered since the spring, officials said on Monday."),
    })
    q = make_quotes(c.articles, [dict(doc_id="a", text=quote), dict(doc_id="b", text=quote)])
    ps = shared_passages(c.articles, q)
    assert list(ps.columns) == PASSAGE_COLUMNS
    got = {(r.doc_id_a, r.doc_id_b): r for r in ps.itertuples()}
    assert set(got) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert got[("a", "c")].match_type == "exact" and got[("a", "c")].text_a == WIRE
    edited = got[("a", "b")]
    assert edited.match_type == "edited" and edited.n_common_words >= 25
    assert quote not in edited.text_a and "lectured" not in edited.text_b
    body_b = c.articles.set_index("doc_id").at["b", "body"]
    assert body_b[edited.start_b:edited.end_b] == edited.text_b
    # the quote itself is shared too, but it is not a passage; at a low minimum only 'The dispute has simmered since the' joins e
    assert shared_passages(c.articles, q, min_words=40).empty
    low = shared_passages(c.articles, q, min_words=5)
    assert ("a", "e") in set(zip(low["doc_id_a"], low["doc_id_b"]))


# --------------------------------------------------------------------------------------------- #
# The seeds, with the quotes written by hand
# --------------------------------------------------------------------------------------------- #


def test_seed_matches_from_hand_made_quotes(seeds):
    q = make_quotes(seeds.articles, SEED_QUOTES)
    pairs = quote_pairs(q, seeds.articles)
    got = {(a.split(",")[0][:30], b.split(",")[0][:30], t) for a, b, t in
           zip(pairs["text_a"], pairs["text_b"], pairs["match_type"])}
    assert got == {
        ("In order to effectively implem", "In order to effectively implem", "normalised"),
        ("We are sympathetic to Presiden", "We are sympathetic to Presiden", "normalised"),
        ("If they lay down their arms an", "If they lay down their arms an", "exact"),
        ("thousands of Ukrainian troops ", "BUT", "contained"),
        ("I have strongly requested to P", "I have strongly requested Pres", "fuzzy"),
    }
    assert shared_passages(seeds.articles, q).empty
    longest = shared_passages(seeds.articles, q, min_words=2)["n_common_words"].max()
    assert longest == 6  # "Putin said in a televised address"


# --------------------------------------------------------------------------------------------- #
# The seeds and the multi-outlet set, end to end with the quote extractor
# --------------------------------------------------------------------------------------------- #


def test_seeds_exactly_five_cross_outlet_matches(seeds):
    pairs, clusters = quote_overlap(seeds)
    assert len(pairs) == 5
    assert (pairs["source_a"] != pairs["source_b"]).all()
    by_start = {t.split()[0].strip(",").lower() + " " + t.split()[1].lower().strip(","): r
                for t, r in zip(pairs["text_a"], pairs.itertuples())}
    assert set(by_start) == {"in order", "we are", "if they", "thousands of", "i have"}
    trump = by_start["thousands of"]
    assert "..." in trump.text_a and trump.text_b.startswith("BUT, AT THIS VERY MOMENT")
    assert trump.match_type == "contained" and trump.coverage_a == 1.0
    assert by_start["in order"].match_type == "normalised"  # U.S. / US
    assert by_start["i have"].match_type == "fuzzy" and "God bless them all" in by_start["i have"].text_b
    assert set(pairs["speaker_a"]) == {"Vladimir Putin", "Donald Trump"}
    assert clusters["cluster_id"].nunique() == 5 and (clusters["n_sources"] == 2).all()
    # unmatched: the Truth Social post, "very difficult", "nothing will work out", Zelensky's quotes
    matched = set(pairs["quote_id_a"]) | set(pairs["quote_id_b"])
    q = extract_quotes(seeds)
    unmatched = " ".join(q.loc[~q["quote_id"].isin(matched), "text"])
    for words in ("We had very good and productive", "very difficult", "nothing will work out",
                  "Thousands, unfortunately", "From the very first minutes"):
        assert words in unmatched
    # attribution differs inside matches: TASS and DailyMail.com credits on Newsmax's side only
    attr = attribution_table(quote_clusters(q, pairs, seeds.articles))
    via = attr.pivot(index="cluster_id", columns="source", values="via")
    assert set(via["Newsmax"]) == {"TASS", "DailyMail.com", ""} and set(via["WION"]) == {""}
    assert shared_passages(seeds.articles, q).empty


def test_multi_outlet_end_to_end(multi):
    pairs, clusters = quote_overlap(multi, singletons=True)
    assert not pairs["doc_id_a"].str.endswith("_amp").any() and not pairs["doc_id_b"].str.endswith("_amp").any()
    shared = clusters[clusters["n_sources"] > 1]
    reyes = shared[shared["canonical_text"].str.startswith("We came to Geneva")]
    assert reyes["n_sources"].iloc[0] == 4  # Ledger, Harbor, Courier and the Wire's split quote
    assert set(pairs["match_type"]) >= {"exact", "normalised", "contained", "fuzzy"}


def test_cli_overlap(capsys):
    from analysis.cli import main
    from analysis import BUNDLED_CORPUS

    assert main(["overlap", str(BUNDLED_CORPUS), "--quiet"]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert list(table.columns) == PAIR_COLUMNS and len(table) == 5
    assert main(["overlap", str(BUNDLED_CORPUS), "--quiet", "--clusters", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 10 and json.loads(lines[0])["cluster_id"] == 1
