"""Run the numbered notebooks on an article set and render them as HTML.

``python -m analysis.report [CORPUS] [--out build]`` (what ``make report`` calls) executes every
``notebooks/NN-*.ipynb`` with papermill into ``build/<set name>/``, renders each to HTML and writes
an ``index.html`` linking them. ``--in-place`` refreshes the committed notebooks instead (``make
notebooks``). The tests use :func:`execute` too, so there is one way to run a notebook.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import nbformat

from .corpus import BUNDLED_CORPUS, REPO_ROOT

NOTEBOOK_DIR = REPO_ROOT / "notebooks"


def notebooks() -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb"))


def set_name(corpus_path: str | Path) -> str:
    """A short name for an article set: its folder or file name without extension."""
    name = Path(corpus_path).name
    return re.sub(r"(\.jsonl\.gz|\.jsonl|\.csv|\.html?)$", "", name, flags=re.I) or "corpus"


def execute(notebook: Path, output: Path, corpus_path: str | Path | None = None) -> nbformat.NotebookNode:
    """Execute ``notebook`` with papermill (``corpus_path`` injected unless ``None``) into ``output``."""
    import papermill

    params = {} if corpus_path is None else {"corpus_path": str(Path(corpus_path).resolve())}
    output.parent.mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(
        str(notebook), str(output), parameters=params, kernel_name="python3",
        progress_bar=False, cwd=str(notebook.parent),
    )


def to_html(notebook: Path, output: Path) -> None:
    """Render an executed notebook to a standalone HTML page (code cells kept, for adapting)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(notebook))
    output.write_text(body, encoding="utf-8")


def _title(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def build_report(corpus_path: str | Path | None, out_dir: Path) -> Path:
    """Execute and render every notebook for one article set; return the index page's path."""
    name = set_name(corpus_path or BUNDLED_CORPUS)
    target = out_dir / name
    items = []
    for nb in notebooks():
        executed = target / nb.name
        print(f"running {nb.name} on {name} ...", file=sys.stderr)
        execute(nb, executed, corpus_path)
        page = executed.with_suffix(".html")
        to_html(executed, page)
        items.append((page.name, _title(executed)))
    links = "\n".join(f'<li><a href="{html.escape(p)}">{html.escape(t)}</a></li>' for p, t in items)
    index = target / "index.html"
    index.write_text(
        f"<!doctype html><meta charset='utf-8'><title>samestory: {html.escape(name)}</title>"
        f"<h1>samestory report: {html.escape(name)}</h1><ol>{links}</ol>\n",
        encoding="utf-8",
    )
    return index


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default="", help="article set (default: the bundled one)")
    ap.add_argument("--out", default=str(REPO_ROOT / "build"), help="output folder (default build/)")
    ap.add_argument("--in-place", action="store_true",
                    help="refresh the committed notebooks on the bundled set instead")
    args = ap.parse_args(argv)
    if args.in_place:
        for nb in notebooks():
            print(f"refreshing {nb.name} ...", file=sys.stderr)
            execute(nb, nb, None)
        return 0
    index = build_report(args.corpus or None, Path(args.out))
    print(index)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
