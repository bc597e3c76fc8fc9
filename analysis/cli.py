"""Command line: ``python -m analysis SUBCOMMAND PATH [--format csv|jsonl] [options]``.

Every subcommand loads PATH with :func:`analysis.load_corpus` (any form it reads; ``--where`` keeps
some of its articles, ``--columns`` names input columns the loader does not recognise), prints one
table to standard output and the loader's problems report to standard error. A subcommand is one
entry in ``COMMANDS``: a help line, a function that adds its own options, and a function that
returns the table. Input errors print as one line (``--debug`` shows the traceback) and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Callable, TextIO

import pandas as pd

from . import __version__
from .corpus import Corpus, CorpusError, load_corpus
from .report import parse_pairs


@dataclass(frozen=True)
class Command:
    help: str
    table: Callable[[Corpus, argparse.Namespace], pd.DataFrame]
    options: Callable[[argparse.ArgumentParser], None] = lambda parser: None


def _corpus_table(corpus: Corpus, args: argparse.Namespace) -> pd.DataFrame:
    return corpus.articles


def _loader_table(name: str) -> Callable[[Corpus, argparse.Namespace], pd.DataFrame]:
    return lambda corpus, args: getattr(corpus, name)


def _quotes_table(corpus: Corpus, args: argparse.Namespace) -> pd.DataFrame:
    from .quotes import extract_quotes

    return extract_quotes(corpus)


def _terms_table(corpus: Corpus, args: argparse.Namespace) -> pd.DataFrame:
    from .terms import distinctive_terms

    if args.by not in corpus.articles.columns:
        raise SystemExit(f"error: {args.path}: no column {args.by!r} to group by; columns are "
                         f"{', '.join(map(str, corpus.articles.columns))}")
    return distinctive_terms(corpus, by=args.by, max_n=args.max_n, stopwords=args.stopwords,
                             shuffles=args.shuffles, seed=args.seed)


def _terms_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", default="source", metavar="COLUMN", help="article column to group by (default source)")
    p.add_argument("--max-n", type=int, default=1, choices=(1, 2, 3), help="longest term in words (default 1)")
    p.add_argument("--stopwords", action="store_true", help="drop the shipped stopwords")
    p.add_argument("--shuffles", type=int, default=100, help="sentence shuffles for the chance band (0: none)")
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffles (default 0)")


def _framing_options(parser: argparse.ArgumentParser) -> None:
    from .framing import TABLES

    parser.add_argument("--table", choices=list(TABLES), default="summary", metavar="NAME",
                        help="which framing table to print (default summary): " + ", ".join(TABLES))


def _framing_table(corpus: Corpus, args: argparse.Namespace) -> pd.DataFrame:
    from .framing import framing_tables

    return framing_tables(corpus).table(args.table)


def _overlap_table(corpus: Corpus, args: argparse.Namespace) -> pd.DataFrame:
    from .overlap import quote_overlap

    pairs, clusters = quote_overlap(corpus)
    return clusters if args.clusters else pairs


COMMANDS: dict[str, Command] = {
    "corpus": Command("the articles table, one row per article", _corpus_table),
    "paragraphs": Command("the paragraphs table, one row per paragraph of each article's body",
                          _loader_table("paragraphs")),
    "boilerplate": Command("the boilerplate table: the lines taken out of each article's body",
                           _loader_table("boilerplate")),
    "problems": Command("the problems table: what went wrong reading the input, one row each",
                        _loader_table("problems")),
    "quotes": Command("direct quotes with speaker, cue, via and venue, one row per quote", _quotes_table),
    "terms": Command("distinctive terms per group: log-odds z, counts, G2, Log Ratio, chance band",
                     _terms_table, _terms_options),
    "framing": Command("per-source framing: credits, reporting verbs, voices, naming, certainty, tone, frames, "
                       "agenda (--table NAME; default the source x feature summary)", _framing_table, _framing_options),
    "overlap": Command(
        "quotes that articles of different sources share: matched pairs (or --clusters)", _overlap_table,
        lambda p: p.add_argument("--clusters", action="store_true",
                                 help="print the clusters of shared quotes, one row per member quote"),
    ),
}


def write_table(df: pd.DataFrame, fmt: str, out: TextIO) -> None:
    """Write ``df`` as CSV (no index) or JSON Lines (ISO dates) to ``out``."""
    if fmt == "csv":
        df.to_csv(out, index=False, date_format="%Y-%m-%d")
    elif fmt == "jsonl":
        if len(df):
            df.to_json(out, orient="records", lines=True, date_format="iso", force_ascii=False)
    else:
        raise ValueError(f"unknown format {fmt!r}; use csv or jsonl")


def report_problems(corpus: Corpus, out: TextIO) -> None:
    """A short problems report: counts by severity, then every problem, one a line."""
    probs = corpus.problems
    print(f"{corpus!r}", file=out)
    for row in probs.itertuples(index=False):
        where = f"{row.file}:{row.line}" if pd.notna(row.line) else row.file
        print(f"{row.severity}: {where}: {row.message}", file=out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"samestory {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    for name, cmd in COMMANDS.items():
        p = sub.add_parser(name, help=cmd.help, description=cmd.help)
        p.add_argument("path", metavar="PATH", help="a corpus folder, or a .jsonl, .jsonl.gz, .csv or .html file")
        p.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format (default csv)")
        p.add_argument("--strict", action="store_true", help="stop at the first input problem")
        p.add_argument("--quiet", action="store_true", help="do not print the problems report")
        p.add_argument("--where", action="append", metavar="KEY=VALUE",
                       help="keep only the articles whose column holds the value (repeatable; "
                            "topic=trade, story_id=STORY_99, date=2019-05)")
        p.add_argument("--columns", action="append", metavar="OURS=THEIRS",
                       help="input columns the loader does not recognise: text=story,source=media_name")
        p.add_argument("--debug", action="store_true", help="show the traceback of an error")
        cmd.options(p)
    return parser


#: Errors that come from the input or the options, not from a bug: one line, exit status 2.
USER_ERRORS = (CorpusError, FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        corpus = load_corpus(args.path, strict=args.strict, where=parse_pairs(args.where, "--where"),
                             columns=parse_pairs(args.columns, "--columns") or None)
        if len(corpus.articles) == 0:
            raise CorpusError(f"{args.path}: no articles loaded")
    except USER_ERRORS as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not args.quiet:
        report_problems(corpus, sys.stderr)
    try:
        table = COMMANDS[args.command].table(corpus, args)
        write_table(table, args.format, sys.stdout)
    except BrokenPipeError:  # `| head` closed the pipe: not an error
        sys.stderr.close()
    except Exception as err:  # a bug: one line for the user, the traceback with --debug
        if args.debug:
            raise
        print(f"error: {args.command} failed on {args.path}: {type(err).__name__}: {err} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return 1
    return 0
