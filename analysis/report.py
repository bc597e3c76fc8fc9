"""Run the numbered notebooks on an article set and render them as HTML.

``python -m analysis.report [CORPUS] [--where KEY=VALUE] [--columns OURS=THEIRS] [--out build]``
(what ``make report`` calls) first loads the set once, so that a path that does not load stops with
a one-line error before any kernel starts and leaves nothing behind. It then executes every
``notebooks/NN-*.ipynb`` with papermill, each in its own kernel, into ``build/<set name>/``, renders
each to HTML and writes an ``index.html`` listing every notebook with its status. A notebook that
fails still gets its page, with a note at the top naming the section that failed and the error; the
other notebooks render all the same, and the command exits non-zero only after all have run, with a
one-line summary. ``--in-place`` refreshes the committed notebooks instead (``make notebooks``).
The tests and the sweep (:mod:`analysis.sweep`) use :func:`execute` and :func:`build_report` too, so
there is one way to run a notebook.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import nbformat

from .corpus import BUNDLED_CORPUS, REPO_ROOT, Corpus, CorpusError, load_corpus

NOTEBOOK_DIR = REPO_ROOT / "notebooks"


def notebooks() -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))


def set_name(corpus_path: str | Path, where: Mapping[str, str] | None = None) -> str:
    """A short name for an article set: its folder or file name without extension, then the filter.

    >>> set_name("data/articles.jsonl.gz", {"topic": "trade"})
    'articles-topic-trade'
    """
    name = re.sub(r"(\.jsonl\.gz|\.jsonl|\.csv|\.html?|\.txt)$", "", Path(corpus_path).name, flags=re.I)
    for key, value in (where or {}).items():
        name += f"-{key}-{value}"
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "corpus"


def parse_pairs(items: list[str] | str | None, what: str) -> dict[str, str]:
    """``["topic=trade", "text=story,source=media_name"]`` -> ``{"topic": "trade", ...}``.

    Each item holds one or more ``KEY=VALUE`` separated by commas; ``what`` names the option in the
    error raised for an item without ``=``.
    """
    if isinstance(items, str):
        items = [items]
    out: dict[str, str] = {}
    for item in items or []:
        for part in item.split(","):
            if not part.strip():
                continue
            key, eq, value = part.partition("=")
            if not eq or not key.strip():
                raise CorpusError(f"{what}: {part.strip()!r} is not KEY=VALUE (for example topic=trade)")
            out[key.strip()] = value.strip()
    return out


def execute(notebook: Path, output: Path, corpus_path: str | Path | None = None, *,
            where: Mapping[str, str] | None = None, columns: Mapping[str, str] | None = None,
            allow_errors: bool = False) -> nbformat.NotebookNode:
    """Execute ``notebook`` with papermill into ``output`` and return the executed notebook.

    ``corpus_path`` (and ``where``, ``columns`` when given) are injected as parameters; ``None``
    keeps the notebook's own default, the bundled set. With ``allow_errors`` a failing cell does
    not stop the run: every cell runs, errors stay in the outputs, and nothing is raised.
    """
    import papermill

    params: dict[str, object] = {}
    if corpus_path is not None:
        params["corpus_path"] = str(Path(corpus_path).resolve())
    if where:
        params["where"] = dict(where)
    if columns:
        params["columns"] = dict(columns)
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        return papermill.execute_notebook(
            str(notebook), str(output), parameters=params, kernel_name="python3",
            progress_bar=False, cwd=str(notebook.parent), allow_errors=allow_errors,
        )
    except papermill.PapermillExecutionError:
        if not allow_errors:
            raise
        return nbformat.read(output, as_version=4)


@dataclass
class SectionError:
    """One failing cell of an executed notebook: the section heading above it and the error."""

    section: str
    error: str


def section_errors(nb: nbformat.NotebookNode) -> list[SectionError]:
    """Each code cell that ended in an error, with the ``## `` heading of its section."""
    out, section = [], "(before the first section)"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## ") or line.startswith("# "):
                    section = line.lstrip("#").strip()
        elif cell.cell_type == "code":
            for o in cell.get("outputs", []):
                if o.get("output_type") == "error":
                    out.append(SectionError(section, f"{o.get('ename', 'Error')}: {o.get('evalue', '')}".strip()))
    return out


def to_html(notebook: Path, output: Path) -> None:
    """Render an executed notebook to a standalone HTML page (code cells kept, for adapting)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(notebook))
    output.write_text(body, encoding="utf-8")


def _title(nb: nbformat.NotebookNode, default: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return default


@dataclass
class NotebookResult:
    """How one notebook fared: its page, title, seconds and the sections that failed."""

    notebook: str
    title: str
    page: str
    seconds: float
    errors: list[SectionError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def status(self) -> str:
        if self.ok:
            return "ok"
        sections = list(dict.fromkeys(e.section for e in self.errors))
        return f"failed in {sections[0]!r}: {self.errors[0].error}"


@dataclass
class Report:
    """A rendered report: where its index is, the set it describes, and each notebook's result."""

    name: str
    index: Path
    corpus: Corpus
    results: list[NotebookResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def summary(self) -> str:
        """One line: how many notebooks rendered, which failed and where, the index page."""
        failed = [r for r in self.results if not r.ok]
        line = f"report {self.name}: {len(self.results) - len(failed)} of {len(self.results)} notebooks ran cleanly"
        if failed:
            line += "; " + "; ".join(f"{Path(r.notebook).stem} {r.status}" for r in failed)
        return f"{line}; {self.index}"


def _banner(errors: list[SectionError]) -> nbformat.NotebookNode:
    items = "\n".join(f"- **{e.section}**: `{e.error}`" for e in errors)
    return nbformat.v4.new_markdown_cell(
        "> **This notebook did not run cleanly on this article set.** The sections below that "
        "failed are listed here with their errors; a later failure may follow from an earlier one. "
        "Every other section ran, and its output is shown.\n\n" + items)


def _run_one(nb: Path, target: Path, corpus_path, where, columns) -> NotebookResult:
    executed = target / nb.name
    start = time.perf_counter()
    result = execute(nb, executed, corpus_path, where=where, columns=columns, allow_errors=True)
    errors = section_errors(result)
    if errors:  # our note, naming the sections, replaces papermill's "An Exception was encountered"
        result.cells = [c for c in result.cells
                        if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
        result.cells.insert(0, _banner(errors))
        nbformat.write(result, executed)
    page = executed.with_suffix(".html")
    to_html(executed, page)
    return NotebookResult(nb.name, _title(result, nb.stem), page.name, time.perf_counter() - start, errors)


def _index_html(name: str, corpus: Corpus, results: list[NotebookResult]) -> str:
    arts = corpus.articles
    dates = arts["date"].dropna()
    when = (f"{dates.min():%d %B %Y} to {dates.max():%d %B %Y}" if len(dates) else "no dates")
    probs = corpus.problems["severity"].value_counts()
    facts = (f"{len(arts):,} articles from {arts['source'].nunique():,} outlets, {when}; "
             f"{int(probs.get('error', 0))} input errors and {int(probs.get('warning', 0))} warnings "
             "(listed in the first notebook).")
    rows = "\n".join(
        f"<li><a href=\"{html.escape(r.page)}\">{html.escape(r.title)}</a> "
        f"<span class=\"{'ok' if r.ok else 'failed'}\">{html.escape(r.status)}</span></li>"
        for r in results)
    return (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>samestory: {html.escape(name)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}"
        ".ok{color:#2b8a3e}.failed{color:#c92a2a;font-weight:bold}</style>"
        f"<h1>samestory report: {html.escape(name)}</h1><p>{html.escape(facts)}</p><ol>{rows}</ol>\n"
    )


def build_report(corpus_path: str | Path | None, out_dir: Path, *, where: Mapping[str, str] | None = None,
                 columns: Mapping[str, str] | None = None, workers: int = 2,
                 progress=None, notebook_paths: list[Path] | None = None) -> Report:
    """Load the set once, then execute and render every notebook on it; return the :class:`Report`.

    The load comes first and raises (``CorpusError``, ``FileNotFoundError``) before anything is
    written. Notebooks (``notebook_paths``, default :func:`notebooks`) run ``workers`` at a time,
    each in its own kernel; ``progress`` (a callable taking a line) hears about each one as it
    finishes.
    """
    corpus = load_corpus(corpus_path or BUNDLED_CORPUS, where=where, columns=columns)
    name = set_name(corpus_path or BUNDLED_CORPUS, where)
    if corpus_path:  # absolute before the threads start: papermill changes the working directory
        corpus_path = Path(corpus_path).resolve()
    target = out_dir / name
    target.mkdir(parents=True, exist_ok=True)

    def run(nb: Path) -> NotebookResult:
        r = _run_one(nb, target, corpus_path, where, columns)
        if progress:
            progress(f"{nb.stem} on {name}: {r.status} ({r.seconds:.1f} s)")
        return r

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(run, notebook_paths or notebooks()))
    index = target / "index.html"
    index.write_text(_index_html(name, corpus, results), encoding="utf-8")
    return Report(name, index, corpus, results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default="", help="article set (default: the bundled one)")
    ap.add_argument("--where", action="append", metavar="KEY=VALUE",
                    help="keep only the articles whose column holds the value (repeatable; "
                         "topic=trade, story_id=STORY_99, date=2019-05)")
    ap.add_argument("--columns", action="append", metavar="OURS=THEIRS",
                    help="name the input's columns the loader does not recognise (text=story,source=media_name)")
    ap.add_argument("--out", default=str(REPO_ROOT / "build"), help="output folder (default build/)")
    ap.add_argument("--workers", type=int, default=2, help="notebooks run at once (default 2)")
    ap.add_argument("--in-place", action="store_true",
                    help="refresh the committed notebooks on the bundled set instead")
    ap.add_argument("--debug", action="store_true", help="show the traceback of an input error")
    args = ap.parse_args(argv)
    if args.in_place:
        for nb in notebooks():
            print(f"refreshing {nb.name} ...", file=sys.stderr)
            execute(nb, nb, None)
        return 0
    try:
        where = parse_pairs(args.where, "--where")
        columns = parse_pairs(args.columns, "--columns")
        report = build_report(args.corpus or None, Path(args.out), where=where, columns=columns,
                              workers=args.workers, progress=lambda line: print(line, file=sys.stderr))
    except (CorpusError, FileNotFoundError, PermissionError, IsADirectoryError) as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
