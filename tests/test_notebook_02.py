"""notebooks/02-quote-overlap.ipynb runs on the bundled set and on the four-outlet fixture set."""

from __future__ import annotations

import pytest

from notebook_outputs import errors, images, text_of

NB = "02-quote-overlap.ipynb"
pytestmark = pytest.mark.notebook


def outputs(nb) -> tuple[str, str]:
    """(printed and plain-text output, HTML output) of an executed notebook."""
    htm = [o["data"].get("text/html", "") for c in nb.cells for o in c.get("outputs", []) if "data" in o]
    return text_of(nb), "\n".join(htm)


@pytest.mark.parametrize("corpus", ["seeds", "multi_outlet"])
def test_notebook_runs(notebook_runs, corpus):
    nb = notebook_runs(corpus)[NB]
    assert errors(nb) == []
    assert images(nb) == 3  # source heatmap, shared/exclusive bars, speaker voice heatmap


def test_notebook_on_seeds(notebook_runs):
    text, htm = outputs(notebook_runs("seeds")[NB])
    assert "5 matched pairs across outlets; 5 quotes carried by more than one outlet" in text
    assert "Most shared: Newsmax and WION, 5 quotes" in text
    # the shared quotes side by side, differences marked: WION's capitals and the words Newsmax's
    # ellipsis stands for, Newsmax's added "to", Newsmax leaving out WION's "God bless them all"
    assert 'class="ov-restyled" style="background:#fff3bf">THOUSANDS</span>' in htm
    assert 'class="ov-only_a" style="background:#b2f2bb">MILITARY</span>' in htm
    assert 'class="ov-only_a" style="background:#b2f2bb">to</span>' in htm
    assert 'title="God bless them all">God bless them all</span>' in htm
    assert "TASS" in text and "DailyMail.com" in text  # attribution side by side
    assert "No passage of 12 or more words is shared outside quotation marks." in text


def test_notebook_on_multi_outlet(notebook_runs):
    text, htm = outputs(notebook_runs("multi_outlet")[NB])
    assert "quotes in 4 outlets" in text
    assert "Alana Reyes, 4 outlets" in htm
    for outlet in ("Courier Online", "Daily Ledger", "Harbor Times", "Northern Wire"):
        assert f"{outlet}: " in text and "of its" in text
    assert "1 shared passages between 1 pairs of outlets." in text
    assert "<b>Harbor Times</b> and <b>Daily Ledger</b>" in htm
