"""Reading an executed notebook's outputs the way a reader sees them (shared by the notebook tests)."""

from __future__ import annotations

import re

VOLATILE = [
    (re.compile(r"0x[0-9a-f]{6,}"), "0x…"),                                  # memory addresses
    (re.compile(r"\d+(\.\d+)? ?(ms|µs|s) (±|per loop)"), "…"),                # timings
    (re.compile(r"/[^\s'\"]*/(?=[^/\s'\"]+\.(txt|html?|jsonl|csv)\b)"), "…/"),  # machine paths
]


def text_outputs(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every output a reader sees as text: tables and printed values.

    Consecutive stdout chunks of a cell are one output (how the kernel splits a cell's prints
    depends on timing). Images, stderr, warnings, progress bars, execution counts and papermill's
    injected cell are left out; volatile strings (addresses, timings, local paths) are blanked.
    """
    out: list[tuple[int, str]] = []
    cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for i, cell in enumerate(cells):
        stdout = None
        for o in cell.get("outputs", []):
            kind = o.get("output_type")
            if kind == "stream":
                if o.get("name") != "stdout":
                    continue
                if stdout is not None:
                    out[stdout] = (i, out[stdout][1] + o["text"])
                    continue
                stdout = len(out)
                out.append((i, o["text"]))
                continue
            stdout = None
            if kind in ("execute_result", "display_data"):
                data = o.get("data", {})
                if "image/png" in data or "image/svg+xml" in data:
                    continue
                out.append((i, data.get("text/html") or data.get("text/plain") or ""))
    cleaned = []
    for i, text in out:
        for rx, repl in VOLATILE:
            text = rx.sub(repl, text)
        cleaned.append((i, text.strip()))
    return cleaned


def text_of(nb) -> str:
    """Every printed value and table (plain-text form) of a notebook, one after another."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stdout":
                out.append(o.get("text", ""))
            elif "data" in o and "text/plain" in o["data"]:
                out.append(o["data"]["text/plain"] + "\n")
    return "".join(out)


def errors(nb) -> list[str]:
    """The errors a notebook raised, as 'Name: message'."""
    return [f"{o.get('ename')}: {o.get('evalue')}" for c in nb.cells for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


def images(nb) -> int:
    """How many plots a notebook drew."""
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
