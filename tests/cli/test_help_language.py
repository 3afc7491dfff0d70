"""Every `--help` of the command line, and argparse's own words, in the interface language (French by default)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
# words of argparse and of the former English help texts that must not reach a French reader
ENGLISH = re.compile(r"\b(usage|options:|show this help|the following|required|default|folder|file|the|of|"
                     r"to|and|with|instead|cycle's|write|unrecognized|invalid|error)\b")


def english_word(text: str) -> str | None:
    """The first English word of `text` once option names (--passphrase-file) are left out."""
    found = ENGLISH.search(re.sub(r"-[-\w]+", "", text))
    return found.group(0) if found else None


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)})


@pytest.mark.processes
def test_main_and_report_help_are_french_by_default_and_english_with_lang_en(tmp_path):
    for args in (["--help"], ["report", "--help"]):
        french = run(*args, cwd=tmp_path)
        assert french.returncode == 0, french.stderr
        assert french.stdout.startswith("utilisation\u00a0: facilitator")
        assert "options\u00a0:" in french.stdout and "afficher cette aide et quitter" in french.stdout
        assert english_word(french.stdout) is None
        english = run(*args, "--lang", "en", cwd=tmp_path)
        assert english.stdout.startswith("usage: facilitator") and "show this help message and exit" in english.stdout
    assert "exporter un cycle ou plusieurs" in run("--help").stdout
    assert "--out CHEMIN" in run("report", "--help").stdout


@pytest.mark.processes
def test_argparse_errors_follow_the_language():
    french = run("report", "--format", "html", "--out", "x.html")
    assert french.returncode == 2 and french.stderr.count("\n") == 1
    assert "l'un des arguments --cycle --cycles est obligatoire" in french.stderr
    assert "(voir facilitator report --help)" in french.stderr
    english = run("report", "--format", "html", "--out", "x.html", "--lang", "en")
    assert "one of the arguments --cycle --cycles is required" in english.stderr
    bad = run("demo", "--cycles", "x")
    assert "argument --cycles\u00a0: valeur invalide (int)\u00a0: 'x'" in bad.stderr


def test_every_option_of_every_command_is_described_in_french(capsys):
    """In-process: each command's help, built as `main` builds it, has no English help text left."""
    import importlib

    from facilitator import i18n
    from facilitator.cli import build_parser, translate_argparse

    previous = i18n.language()
    i18n.set_language("fr")
    try:
        translate_argparse()
        _parser, subparsers = build_parser()
        for name, module in COMMANDS.items():
            importlib.import_module(f"facilitator.commands.{module}").add_arguments(subparsers[name])
            text = subparsers[name].format_help()
            assert english_word(text.rsplit("\n\n", 1)[0] if name == "score" else text) is None, (name, text)
    finally:
        i18n.set_language(previous)
        translate_argparse()
