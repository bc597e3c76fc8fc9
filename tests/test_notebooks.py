"""Every numbered notebook runs on the bundled set and on the invented multi-outlet set, and the
committed notebooks carry the outputs of a fresh run (so they can be read on GitHub)."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.report import NOTEBOOK_DIR, notebooks
from notebook_outputs import errors, images, text_outputs

NOTEBOOKS = [nb.name for nb in notebooks()]


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS[0] == "00-corpus-overview.ipynb"


@pytest.mark.notebook
@pytest.mark.parametrize("corpus_key", ["seeds", "multi_outlet"])
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_without_errors(notebook_runs, corpus_key, name):
    nb = notebook_runs(corpus_key)[name]
    assert errors(nb) == []
    assert images(nb) > 0, "no plot drawn"


@pytest.mark.notebook
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_outputs_are_fresh(notebook_runs, name):
    committed = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    fresh = notebook_runs("seeds")[name]
    assert errors(committed) == []
    assert text_outputs(committed) == text_outputs(fresh), (
        f"{name}: committed outputs differ from a fresh run; refresh them with `make notebooks`")


@pytest.mark.notebook
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_read_like_a_story(name):
    """A title and lede, a parameters cell with corpus_path, question headings, no hard-coded paths."""
    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert md[0].startswith("# ") and len(md[0].splitlines()) > 2
    params = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1 and re.search(r'^corpus_path = ""', params[0].source, re.M)
    headings = [line for s in md for line in s.splitlines() if line.startswith("## ")]
    assert len(headings) >= 3 and sum(h.rstrip().endswith("?") for h in headings) >= len(headings) // 2
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "/work/" not in code and "sys.path" not in code and "../shared" not in code


def test_notebook_00_on_the_seeds(notebook_runs):
    nb = notebook_runs("seeds")["00-corpus-overview.ipynb"]
    text = "\n".join(t for _, t in text_outputs(nb))
    assert "0 problems: 0 errors, 0 warnings" in text
    assert "Longest median article: Newsmax (412 words); shortest: WION (311 words)." in text
    assert "3 related links in 1 articles from 1 outlets." in text


def test_notebook_00_on_the_multi_outlet_set(notebook_runs):
    nb = notebook_runs("multi_outlet")["00-corpus-overview.ipynb"]
    text = "\n".join(t for _, t in text_outputs(nb))
    assert "1 problems: 0 errors, 1 warnings" in text
    assert "exact duplicate of article" in text
