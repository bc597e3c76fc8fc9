"""Every numbered notebook runs on the bundled set and on the invented multi-outlet set, and the
committed notebooks carry the outputs of a fresh run (so they can be read on GitHub)."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.report import NOTEBOOK_DIR, notebooks

NOTEBOOKS = [nb.name for nb in notebooks()]
VOLATILE = [
    (re.compile(r"0x[0-9a-f]{6,}"), "0x…"),               # memory addresses
    (re.compile(r"\d+(\.\d+)? ?(ms|µs|s) (±|per loop)"), "…"),  # timings
    (re.compile(r"/[^\s'\"]*/(?=[^/\s'\"]+\.(txt|html?|jsonl|csv)\b)"), "…/"),  # machine paths
]


def text_outputs(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every output that a reader sees as text: tables and printed values.

    Images, stderr, warnings, progress bars, execution counts and papermill's injected cell are left
    out; volatile strings (addresses, timings, local paths) are blanked.
    """
    out = []
    cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for i, cell in enumerate(cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                if o.get("name") != "stdout":
                    continue
                text = o["text"]
            elif o.get("output_type") in ("execute_result", "display_data"):
                data = o.get("data", {})
                text = data.get("text/html") or data.get("text/plain") or ""
                if "image/png" in data or "image/svg+xml" in data:
                    continue
            else:
                continue
            for rx, repl in VOLATILE:
                text = rx.sub(repl, text)
            out.append((i, text.strip()))
    return out


def errors(nb) -> list[str]:
    return [f"{o['ename']}: {o['evalue']}" for c in nb.cells for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS[0] == "00-corpus-overview.ipynb"


@pytest.mark.notebook
@pytest.mark.parametrize("corpus_key", ["seeds", "multi_outlet"])
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_without_errors(notebook_runs, corpus_key, name):
    nb = notebook_runs(corpus_key)[name]
    assert errors(nb) == []
    assert any(o.get("data", {}).get("image/png") for c in nb.cells for o in c.get("outputs", [])), \
        "no plot drawn"


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
