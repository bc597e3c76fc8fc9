"""The report never aborts: a bad path stops before any kernel, a failing notebook gets a page."""

from __future__ import annotations

import nbformat
import pytest

from analysis import BUNDLED_CORPUS
from analysis.report import build_report, main, parse_pairs, set_name
from analysis import CorpusError


def test_a_path_that_does_not_load_is_one_line_and_leaves_nothing(tmp_path, capsys):
    out = tmp_path / "build"
    assert main([str(tmp_path / "missing"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [f"error: {tmp_path / 'missing'}: no such file or folder"]
    assert not out.exists()
    assert main([str(BUNDLED_CORPUS), "--where", "topic=trade", "--out", str(out)]) == 2
    assert "cannot filter on 'topic'" in capsys.readouterr().err
    assert not out.exists()


def test_options_parse_as_key_value_pairs():
    assert parse_pairs(["topic=trade", "text=story, source=media_name"], "--x") == {
        "topic": "trade", "text": "story", "source": "media_name"}
    with pytest.raises(CorpusError, match="--where: 'trade' is not KEY=VALUE"):
        parse_pairs("trade", "--where")
    assert set_name("x/articles.jsonl.gz", {"topic": "gun rights"}) == "articles-topic-gun_rights"


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(s) if s.startswith("#") else nbformat.v4.new_code_cell(s)
                for s in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.notebook
def test_a_failing_notebook_gets_a_page_naming_the_section_and_the_rest_render(tmp_path):
    good = _notebook(tmp_path / "00-good.ipynb", ["# Good\n\nlede", "## Does it run?", "print('fine')"])
    bad = _notebook(tmp_path / "01-bad.ipynb", [
        "# Bad\n\nlede", "## Does it break?", "raise ValueError('boom')",
        "## Does the next section still run?", "print('after the failure')"])
    report = build_report(BUNDLED_CORPUS, tmp_path / "out", notebook_paths=[good, bad])
    assert [r.ok for r in report.results] == [True, False]
    assert report.results[1].status == "failed in 'Does it break?': ValueError: boom"
    assert not report.ok
    assert report.summary().startswith("report kursk-2025-03-14: 1 of 2 notebooks ran cleanly; "
                                       "01-bad failed in 'Does it break?': ValueError: boom; ")
    page = (tmp_path / "out" / "kursk-2025-03-14" / "01-bad.html").read_text(encoding="utf-8")
    assert "did not run cleanly" in page and "after the failure" in page
    index = report.index.read_text(encoding="utf-8")
    assert "00-good.html" in index and "01-bad.html" in index and "failed in" in index
    assert "2 articles from 2 outlets, 14 March 2025 to 14 March 2025" in index
