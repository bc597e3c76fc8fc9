"""notebooks/01-word-frequencies.ipynb runs on the bundled set and on the four-outlet fixture set."""

from __future__ import annotations

import re

import pytest

from notebook_outputs import errors, images, text_of

NB = "01-word-frequencies.ipynb"
pytestmark = pytest.mark.notebook


@pytest.mark.parametrize("corpus", ["seeds", "multi_outlet"])
def test_notebook_runs_without_errors(notebook_runs, corpus):
    nb = notebook_runs(corpus)[NB]
    assert errors(nb) == []
    assert images(nb) == 4  # frequent words, shared vocabulary, distinctive words, word pairs


def test_notebook_on_seeds_says_the_articles_are_too_short(notebook_runs):
    text = text_of(notebook_runs("seeds")[NB])
    assert "Too short to tell: the smallest side has 311 words" in text
    assert "2 groups by 'source'" in text
    assert "Newsmax:" in text and "of its word uses are words no other group uses" in text
    m = re.search(r"Keywords in context: '([^']+)'\n(\d+) uses in", text)
    assert m and int(m.group(2)) > 0
    assert re.search(r"(Newsmax|WION) \| .*\[[^\]]+\] ", text)  # a context line: left [match] right


def test_notebook_on_multi_outlet(notebook_runs):
    text = text_of(notebook_runs("multi_outlet")[NB])
    assert "4 groups by 'source'" in text
    for outlet in ("Courier Online", "Daily Ledger", "Harbor Times", "Northern Wire"):
        assert f"{outlet}: " in text
    assert "(rest)" in text  # one-vs-rest with more than two outlets
    assert "Keywords in context:" in text
