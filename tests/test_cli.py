"""python -m analysis SUBCOMMAND PATH: tables on stdout, problems on stderr."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd

from analysis import BUNDLED_CORPUS, CorpusError
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


def test_version_and_the_loader_tables(capsys):
    with __import__("pytest").raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("samestory ")
    assert main(["boilerplate", str(BUNDLED_CORPUS), "--quiet"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["kind"].value_counts().to_dict() == {"advert": 3, "related_link": 3, "credit": 1}
    assert main(["paragraphs", str(BUNDLED_CORPUS), "--quiet"]) == 0
    assert len(pd.read_csv(io.StringIO(capsys.readouterr().out))) == 22
    assert main(["problems", str(BUNDLED_CORPUS), "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("file,line,severity,message")


def test_where_and_columns_and_one_line_errors(tmp_path, capsys):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps({"story": f"Text {i}.", "media_name": m, "topic": t})
                              for i, (m, t) in enumerate([("A", "x"), ("B", "y")])), encoding="utf-8")
    assert main(["corpus", str(path), "--columns", "text=story,source=media_name", "--where", "topic=y",
                 "--quiet"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["source"].tolist() == ["B"] and table["body"].tolist() == ["Text 1."]
    assert main(["corpus", str(path), "--columns", "text=story", "--where", "topic=z"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "no article has topic=z" in err
    with __import__("pytest").raises(CorpusError):
        main(["corpus", str(path), "--columns", "text=story", "--where", "topic=z", "--debug"])
