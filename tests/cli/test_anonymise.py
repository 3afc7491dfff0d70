"""`facilitator anonymise` run as a real process: one line out per line in, clean errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROSTER = "# invented\nP01: Antoine, Tony\nP02: Jean-Pierre\nF1: Claire\n"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.txt"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_stdin_lines_are_pseudonymised_one_for_one(roster: Path) -> None:
    lines = ["antoine était chez Julien (06 39 98 12 34)", "", "  ", "Jean-Pierre : mail jp@example.org",
             "la 3-MMC et le G le samedi", "[crochets] et P03"]
    done = run("anonymise", "--roster", str(roster), "--no-model", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:-1] == [
        "P01 était chez [PRÉNOM] ([TÉLÉPHONE])", "", "  ", "P02 : mail [EMAIL]",
        "la 3-MMC et le G le samedi", "[crochets] et P03"]
    assert done.stderr == ""


def test_input_file_with_crlf_and_no_final_newline(roster: Path, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(b"Tony\r\n\r\nClaire et rachid")
    done = run("anonymise", "--roster", str(roster), "--no-model", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "P01\n\nF1 et [PRÉNOM]\n"


@pytest.mark.model
def test_with_the_model_every_line_gets_exactly_one_output_line(roster: Path) -> None:
    lines = ["Le mec de la soirée, Ignatius, m'a filmé", "", "Antoine au 12 rue des Lilas",
             "rien de spécial", "Hier soir chez Karim avec Julien"]
    done = run("anonymise", "--roster", str(roster), stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout.split("\n")[:-1]
    assert len(out) == len(lines)
    assert out[0] == "Le mec de la soirée, [PRÉNOM], m'a filmé"
    assert out[1] == "" and out[2] == "P01 au [ADRESSE]" and out[3] == "rien de spécial"
    assert "Karim" not in out[4] and "Julien" not in out[4]


def test_bad_roster_line_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "roster.txt"
    bad.write_text("P01: Antoine\n\nP02 Jean\n", encoding="utf-8")
    done = run("anonymise", "--roster", str(bad), "--no-model", "--lang", "en", stdin="x\n")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == f"facilitator: {bad}:3: expected 'CODE: name[, alias...]'"
    assert "Traceback" not in done.stderr


def test_duplicate_name_in_roster_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "r.txt"
    bad.write_text("P01: Antoine\nP02: antoine\n", encoding="utf-8")
    done = run("anonymise", "--roster", str(bad), "--no-model", stdin="x\n")
    assert done.returncode == 2 and f"{bad}:2:" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("missing", ["roster", "input"])
def test_missing_files_give_one_clear_line(roster: Path, tmp_path: Path, missing: str) -> None:
    nowhere = tmp_path / "nowhere.txt"
    args = ["--roster", str(nowhere)] if missing == "roster" else ["--roster", str(roster), str(nowhere)]
    done = run("anonymise", *args, "--no-model", "--lang", "en", stdin="")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and str(nowhere) in done.stderr and "not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_input_that_is_not_utf8_is_refused_cleanly(roster: Path, tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("café chez Julien\n".encode("latin-1"))
    done = run("anonymise", "--roster", str(roster), "--no-model", str(source))
    assert done.returncode == 1 and "Traceback" not in done.stderr and str(source) in done.stderr


def test_roster_is_required() -> None:
    done = run("anonymise", stdin="")
    assert done.returncode == 2 and "--roster" in done.stderr


def test_stdin_that_is_not_utf8_is_refused_cleanly(roster: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "facilitator", "anonymise", "--roster", str(roster),
                           "--no-model"], input="ok\ncafé\n".encode("latin-1"), capture_output=True,
                          timeout=120)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"stdin" in done.stderr


def test_run_in_process_with_a_text_stdin(roster: Path, monkeypatch, capsys) -> None:
    import argparse
    import io

    from facilitator.commands import anonymise

    parser = argparse.ArgumentParser()
    anonymise.add_arguments(parser)
    args = parser.parse_args(["--roster", str(roster), "--no-model"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("Tony chez Julien\n\nrien\n"))
    assert anonymise.run(args) == 0
    assert capsys.readouterr().out == "P01 chez [PRÉNOM]\n\nrien\n"
