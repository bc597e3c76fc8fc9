"""Small and odd article sets, written into a folder on demand: the sets the every-set issue names.

Each function writes one set (folder form: ``.txt`` files and a ``metadata.csv``) into ``root`` and
returns its path. The texts are invented.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

_SPEAKERS = ["Maria Lopez", "Tom Becker", "Aisha Khan", "Jon Park", "Lena Ortiz"]
_WORDS = ("river dam water talks council farmers city valley drought plan vote budget court "
          "engineers village harvest report minister ministry flood season canal treaty").split()


def _write(root: Path, name: str, articles: list[dict]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    with (folder / "metadata.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "source", "country", "url", "title", "date"])
        w.writeheader()
        for i, a in enumerate(articles):
            f = f"a{i:03d}.txt"
            (folder / f).write_text(a["text"], encoding="utf-8")
            w.writerow({"file": f, "source": a["source"], "country": "", "url": "",
                        "title": a.get("title", f"Report {i}"), "date": a.get("date", "")})
    return folder


def _prose(rng: random.Random, n_sentences: int) -> str:
    out = []
    for _ in range(n_sentences):
        words = rng.sample(_WORDS, 8)
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def _article(rng: random.Random, quotes: list[str], n_paras: int = 4) -> str:
    paras = [_prose(rng, 3) for _ in range(n_paras)]
    for i, q in enumerate(quotes):
        speaker = _SPEAKERS[i % len(_SPEAKERS)]
        paras.insert(1 + i, f'"{q}," {speaker} said on Tuesday. {_prose(rng, 1)}')
    return "\n\n".join(paras) + "\n"


_QUOTES = [
    "We will not let the valley run dry while the talks drag on",
    "The council has a plan and the money to carry it out this season",
    "Farmers deserve to know where their water will come from next year",
    "This treaty protects the river for our children and their children",
    "Nobody in this village was asked before the engineers arrived",
]


def one_article(root: Path) -> Path:
    rng = random.Random(1)
    return _write(root, "one-article", [{"source": "Valley Post", "date": "2024-05-02",
                                          "text": _article(rng, _QUOTES[:2])}])


def one_outlet(root: Path) -> Path:
    rng = random.Random(2)
    return _write(root, "one-outlet", [{"source": "Valley Post", "date": f"2024-05-0{i + 1}",
                                         "text": _article(rng, _QUOTES[i:i + 2])} for i in range(3)])


def two_outlets_no_shared_quote(root: Path) -> Path:
    rng = random.Random(3)
    return _write(root, "two-outlets-no-shared-quote", [
        {"source": "Valley Post", "date": "2024-05-02", "text": _article(rng, _QUOTES[:2])},
        {"source": "River Times", "date": "2024-05-02", "text": _article(rng, _QUOTES[2:4])}])


def no_dates(root: Path) -> Path:
    rng = random.Random(4)
    return _write(root, "no-dates", [{"source": s, "text": _article(rng, _QUOTES[:3])}
                                     for s in ("Valley Post", "River Times", "Canal Daily")])


def no_quotes(root: Path) -> Path:
    rng = random.Random(5)
    return _write(root, "no-quotes", [{"source": s, "date": "2024-05-02", "text": _article(rng, [])}
                                      for s in ("Valley Post", "River Times", "Canal Daily")])


def many_outlets(root: Path, n: int = 500) -> Path:
    """``n`` outlets with one article each; every outlet quotes two of five shared quotes."""
    rng = random.Random(6)
    return _write(root, f"{n}-outlets", [
        {"source": f"Outlet {i:03d}", "date": f"2024-05-{1 + i % 28:02d}",
         "text": _article(rng, rng.sample(_QUOTES, 2), n_paras=3)} for i in range(n)])


SMALL_SETS = {f.__name__: f for f in (one_article, one_outlet, two_outlets_no_shared_quote, no_dates,
                                      no_quotes, many_outlets)}
