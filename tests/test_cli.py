"""python -m analysis SUBCOMMAND PATH: tables on stdout, problems on stderr."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd

from analysis import BUNDLED_CORPUS
from analysis.cli import COMMANDS, main


def test_corpus_command_csv_in_a_subprocess():
    out = subprocess.run([sys.executable, "-m", "analysis", "corpus", str(BUNDLED_CORPUS)],
                         capture_output=True, text=True, check=True)
    table = pd.read_csv(io.StringIO(out.stdout))
    assert table["source"].tolist() == ["Newsmax", "WION"]
    assert table["date"].tolist() == ["2025-03-14", "2025-03-14"]
    assert "<Corpus 'kursk-2025-03-14': 2 articles from 2 sources, 0 problems>" in out.stderr


def test_corpus_command_jsonl_and_problems_on_stderr(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    assert main(["corpus", str(tmp_path), "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["doc_id"] for r in rows] == ["a", "b"]
    assert f"error: {tmp_path / 'b.txt'}: empty article: no text" in captured.err


def test_strict_and_missing_paths_exit_2(tmp_path, capsys):
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    assert main(["corpus", str(tmp_path), "--strict"]) == 2
    assert "empty article" in capsys.readouterr().err
    assert main(["corpus", str(tmp_path / "nope")]) == 2


def test_every_subcommand_shares_the_common_options(capsys):
    for name in COMMANDS:
        assert main([name, str(BUNDLED_CORPUS), "--format", "jsonl", "--quiet"]) == 0
        out = capsys.readouterr()
        assert out.err == ""
        assert all(json.loads(line) for line in out.out.splitlines())
