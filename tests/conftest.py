"""Shared fixtures: the bundled corpus, the invented multi-outlet set, ../shared, executed notebooks."""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from analysis import BUNDLED_CORPUS, load_corpus
from analysis.report import execute, notebooks

# Property tests are deterministic and keep no example database; hypothesis's own cache goes to a
# temporary folder removed at the end, so a test run leaves no files behind.
settings.register_profile("samestory", derandomize=True, deadline=None, database=None)
settings.load_profile("samestory")
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="samestory-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)


_BASETEMP: str | None = None


def pytest_configure(config):
    """Each session gets its own base folder for ``tmp_path``: pytest's shared default
    (``/tmp/pytest-of-<user>``) prunes older sessions' folders, so two test runs at once on one
    machine would delete each other's files. The folder is removed at the end of the session."""
    global _BASETEMP
    if config.option.basetemp is None and not hasattr(config, "workerinput"):
        _BASETEMP = tempfile.mkdtemp(prefix="samestory-pytest-")
        config.option.basetemp = _BASETEMP


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HYPOTHESIS_HOME, ignore_errors=True)
    if _BASETEMP:
        shutil.rmtree(_BASETEMP, ignore_errors=True)

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
SHARED = Path(os.environ.get("SAMESTORY_SHARED", REPO.parent / "shared"))

#: Article sets every notebook is executed on, once per test session.
NOTEBOOK_CORPORA = {
    "seeds": None,  # None: the notebook's own default, the bundled set (as committed)
    "multi_outlet": FIXTURES / "multi_outlet",
}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (evaluation data); tests that need it skip cleanly when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"{SHARED} is absent (users don't have it; CI does)")
    return SHARED


@pytest.fixture(scope="session")
def seeds():
    """The bundled Kursk corpus (Newsmax and WION, 14 March 2025)."""
    return load_corpus(BUNDLED_CORPUS)


@pytest.fixture(scope="session")
def multi():
    """The invented four-outlet fixture set."""
    return load_corpus(FIXTURES / "multi_outlet")


class NotebookRuns:
    """Executes every notebook on a corpus the first time it is asked for, then reuses the result."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.cache: dict[str, dict[str, object]] = {}

    def __call__(self, corpus_key: str) -> dict[str, object]:
        """{notebook file name: executed NotebookNode} for one of ``NOTEBOOK_CORPORA``."""
        if corpus_key not in self.cache:
            corpus_path = NOTEBOOK_CORPORA[corpus_key]
            nbs = notebooks()
            outdir = self.workdir / corpus_key
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(lambda nb: execute(nb, outdir / nb.name, corpus_path), nbs))
            self.cache[corpus_key] = {nb.name: res for nb, res in zip(nbs, results)}
        return self.cache[corpus_key]


@pytest.fixture(scope="session")
def notebook_runs():
    """``notebook_runs("seeds")["00-corpus-overview.ipynb"]``: executed once per corpus per session."""
    workdir = Path(tempfile.mkdtemp(prefix="samestory-nb-"))
    try:
        yield NotebookRuns(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
