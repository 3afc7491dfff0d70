"""The command-line entry point: options before or after the command, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_language_before_the_command_is_kept():
    bad = json.dumps({"answers": [0] * 10 + [9], "sex": "m"})
    before = run("--lang", "en", "score", "dudit", stdin=bad)
    after = run("score", "dudit", "--lang", "en", stdin=bad)
    french = run("score", "dudit", stdin=bad)
    assert before.returncode == after.returncode == french.returncode == 2
    assert before.stderr == after.stderr
    assert before.stderr != french.stderr
    assert before.stderr.count("\n") == 1 and "Traceback" not in before.stderr


def test_missing_data_folder_is_one_line_and_non_zero(tmp_path):
    result = run("console", "--data", str(tmp_path / "nowhere"))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "nowhere" in result.stderr


def test_data_folder_that_is_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = run("--data", str(target))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert str(target) in result.stderr


def test_broken_programme_refuses_to_open_the_console(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    broken = tmp_path / "broken.yaml"
    broken.write_text("programme:\n  title: x\nsessions: [\n", encoding="utf-8")
    result = run("--data", str(data), "--programme", str(broken))
    assert result.returncode == 1
    assert f"{broken}:" in result.stderr and "Traceback" not in result.stderr
    assert list(data.iterdir()) == []  # nothing written


def test_wrong_passphrase_file_is_refused_without_writing(tmp_path):
    from facilitator.storage.vault import FAST_TEST_KDF, Vault

    data = tmp_path / "data"
    data.mkdir()
    Vault.create(data, "the-right-one", kdf=FAST_TEST_KDF)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in data.rglob("*"))
    wrong = tmp_path / "pass"
    wrong.write_text("the-wrong-one\n")
    result = run("review", "--data", str(data), "--passphrase-file", str(wrong))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert sorted((p.name, p.stat().st_mtime_ns) for p in data.rglob("*")) == before


def test_missing_passphrase_file(tmp_path):
    result = run("console", "--data", str(tmp_path), "--passphrase-file", str(tmp_path / "none"))
    assert result.returncode == 1
    assert "none" in result.stderr and result.stderr.count("\n") == 1


def test_english_interface_uses_the_english_programme_when_it_exists(tmp_path, monkeypatch):
    from facilitator import i18n
    from facilitator.commands._common import programme_path

    monkeypatch.chdir(tmp_path)
    default = Path("sessions.yaml")
    default.write_text("x", encoding="utf-8")
    previous = i18n.language()
    try:
        i18n.set_language("en")
        assert programme_path(default) == default  # no English file: the French one
        Path("sessions.en.yaml").write_text("x", encoding="utf-8")
        assert programme_path(default) == Path("sessions.en.yaml")
        assert programme_path(Path("other.yaml")) == Path("other.yaml")  # an explicit file wins
        i18n.set_language("fr")
        assert programme_path(default) == default
    finally:
        i18n.set_language(previous)


def test_argument_errors_are_one_line_and_abbreviations_are_refused(tmp_path):
    # `--passphrase` must not silently mean `--passphrase-file` (a secret would be taken for a path)
    result = run("review", "--data", str(tmp_path), "--passphrase", "s3cret-words")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "arguments inconnus\u00a0: --passphrase" in result.stderr
    missing = run("report", "--format", "html", "--out", "x.html")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "--cycle" in missing.stderr


def test_every_command_has_a_description_and_help_imports_no_command():
    """`cli.helps()` reads the descriptions from the catalogue so that `--help` does not import the command modules."""
    from facilitator.cli import helps
    from facilitator.commands import COMMANDS

    HELPS = helps()
    assert set(HELPS) == set(COMMANDS) and all(HELPS.values())
    code = ("import sys; from facilitator.cli import main; main(['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith('facilitator.commands.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "COLUMNS": "200"})   # no wrapped descriptions
    assert result.returncode == 0, result.stderr
    assert all(HELPS[name] in result.stdout for name in ("report", "purge"))
    assert result.stdout.strip().splitlines()[-1] == "[]"
