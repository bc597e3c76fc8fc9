"""What a notebook section needs from an article set, checked before anything is computed.

A set can be one article, one outlet, undated, or without a single quote. A section that needs
more than that asks first, through a named precondition, and on a set that lacks it shows one
sentence saying what the set lacks instead of an empty plot or an error::

    if ready(need_outlets(corpus.articles, 2)):
        ...  # the comparison

Each ``need_*`` function returns ``None`` when the table has what the section needs, else the
sentence to show; :func:`ready` prints the first such sentence and says whether to go on.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["ready", "need_outlets", "need_groups", "need_dates", "need_rows", "need_column"]


def ready(*lacks: str | None) -> bool:
    """True when every precondition holds; else print the first unmet one's sentence, and False."""
    for lack in lacks:
        if lack:
            print(lack)
            return False
    return True


def _names(values: list[str], limit: int = 5) -> str:
    shown = ", ".join(map(str, values[:limit]))
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def need_outlets(table: pd.DataFrame, n: int = 2, column: str = "source") -> str | None:
    """At least ``n`` different outlets in ``table[column]`` (an article, quote or cluster table)."""
    return need_groups(table, column, n, what="outlet")


def need_groups(table: pd.DataFrame, column: str, n: int = 2, what: str = "group") -> str | None:
    """At least ``n`` different non-empty values of ``column``: the groups a comparison sets side by side."""
    values = [v for v in pd.unique(table[column].dropna()) if str(v) != ""] if column in table else []
    if len(values) >= n:
        return None
    have = f"{len(values)} {what}{'' if len(values) == 1 else 's'}"
    if values:
        have += f" ({_names(values)})"
    return f"This set has {have} by {column!r}; this section compares {n} or more, so it is left out."


def need_dates(articles: pd.DataFrame) -> str | None:
    """At least one article with a publication date."""
    if articles["date"].notna().any():
        return None
    return (f"None of the {len(articles):,} articles has a date (no date column or header, or none "
            "that reads as a day), so there is no timeline to draw.")


def need_rows(table: pd.DataFrame, what: str) -> str | None:
    """A non-empty ``table``; ``what`` says in words what its rows are ("quotes in the articles")."""
    return None if len(table) else f"There are no {what} in this set, so this section has nothing to show."


def need_column(table: pd.DataFrame, column: str) -> str | None:
    """``column`` exists in ``table`` (a grouping column chosen in the parameters cell)."""
    if column in table.columns:
        return None
    return (f"The articles have no column {column!r} to group by; they have "
            f"{_names([str(c) for c in table.columns], 30)}.")
