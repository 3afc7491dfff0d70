"""`facilitator check-programme`: summary, --json output and exit codes, in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "programmes"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "facilitator", "check-programme", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def bundled_json() -> dict:
    result = run("--json")   # FILE defaults to --programme, itself sessions.yaml in the cwd
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_json_outline_of_the_bundled_programme(bundled_json):
    assert set(bundled_json) == {"sessions", "exercises", "questionnaires_due", "crisis_cards", "resources",
                                 "check_locally", "warnings"}
    sessions = bundled_json["sessions"]
    assert [s["number"] for s in sessions] == list(range(1, 9))
    for session in sessions:
        assert set(session) == {"number", "title", "minutes", "items"}
        assert session["minutes"] == 90 == sum(item["minutes"] for item in session["items"])
        for item in session["items"]:
            assert set(item) == {"id", "title", "minutes", "kind", "exercise"}
    assert bundled_json["warnings"] == []
    exercises = {e["id"]: e for e in bundled_json["exercises"]}
    assert exercises["beck_columns"]["fields"] == ["records"]
    assert set(exercises["trigger_map"]) == {"id", "title", "scope", "minutes", "fields"}
    due = {d["timepoint"]: d for d in bundled_json["questionnaires_due"]}
    assert (due["T1"]["session"], due["T1"]["moment"]) == (4, "end")
    assert set(due["T0"]) == {"timepoint", "session", "moment", "weeks_after", "instruments"}
    assert "dudit" in due["T2"]["instruments"]


def test_json_lists_crisis_cards_resources_and_every_mark_to_check_locally(bundled_json):
    cards = {card["id"]: card for card in bundled_json["crisis_cards"]}
    assert {"under_influence", "ghb_overdose", "stimulant_overdose", "suicidal_thoughts",
            "assault_disclosure", "ghb_withdrawal", "panic_dissociation"} <= set(cards)
    assert cards["suicidal_thoughts"]["category"] == "suicide_risk"
    phones = {resource["phone"] for resource in bundled_json["resources"]}
    assert {"15", "112", "114", "3114", "0 800 23 13 13", "0 800 840 800", "01 48 06 42 41", "116 006"} <= phones
    marked = {(mark["field"], mark["label"]) for mark in bundled_json["check_locally"]}
    # every resource is marked: national numbers are checked before printing, local ones filled in
    for index, resource in enumerate(bundled_json["resources"]):
        assert (f"resources[{index}]", resource["name"]) in marked
    text = (ROOT / "sessions.yaml").read_text(encoding="utf-8").splitlines()
    for mark in bundled_json["check_locally"]:
        assert mark["file"].endswith("sessions.yaml")
        assert "check_locally" in text[mark["line"] - 1]


def test_text_summary_lists_the_marks_to_check_locally():
    result = run(str(FIXTURES / "minimal.yaml"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Crisis cards: 1" in out and "g_hole" in out and "medical" in out
    assert "To check locally before running or printing (2)" in out
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").splitlines()
    samu = next(n for n, line in enumerate(text, 1) if 'phone: "15"' in line) + 1
    assert f"minimal.yaml:{samu}: resources[0]: SAMU" in out
    assert "resources[1]: CSAPA — coordonnées du CSAPA" in out


def test_json_minimal_given_as_positional_file():
    result = run(str(FIXTURES / "minimal.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["minutes"] for s in data["sessions"]] == [60, 60]
    assert data["sessions"][0]["items"][1] == {"id": "s1-log", "title": "Journal", "minutes": 40,
                                               "kind": "exercise", "exercise": "log"}
    assert data["sessions"][0]["items"][0]["exercise"] is None


def test_programme_option_is_the_default_file():
    result = run("--programme", str(FIXTURES / "minimal.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sessions"][0]["title"] == "Première séance"


def test_text_summary_lists_sessions_items_exercises_and_questionnaires():
    result = run(str(FIXTURES / "minimal.yaml"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Session 1 — Première séance (60 min)" in out
    assert "s1-log" in out and "[exercise: log]" in out
    assert "Exercises" in out and "entries, mood" in out
    assert "T1: session 2 (end of the session)" in out
    assert "valid programme (2 sessions, 1 exercise, 0 warnings)" in out


def test_warnings_are_printed_and_in_json(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("minutes: 50", "minutes: 45")
    path = tmp_path / "short.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(str(path), "--json", "--lang", "en")
    assert result.returncode == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert len(warnings) == 1 and "session 2 lasts 55 min instead of 60 min" in warnings[0]
    assert "55 min" in run(str(path)).stdout


def test_invalid_file_prints_every_error_on_stderr_and_exits_1():
    path = FIXTURES / "many_errors.yaml"
    result = run(str(path), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith(f"{path}:") and line.count(":") >= 3]
    assert len(errors) == 19
    assert f"{path}:4: programme.colour: " in result.stderr


@pytest.mark.parametrize("name", ["truncated.yaml", "latin1.yaml", "absent.yaml"])
def test_unreadable_files_exit_1_without_traceback(name):
    result = run(str(FIXTURES / name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{FIXTURES / name}:")


def test_default_file_in_another_directory_is_the_bundled_programme(tmp_path):
    result = run(cwd=tmp_path)   # launched from elsewhere (e.g. ~): the programme that comes with the app
    assert result.returncode == 0, result.stderr
    assert f"{ROOT / 'sessions.yaml'}" in result.stdout


def test_absurdly_nested_file_is_one_line_and_the_process_lives(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("\n".join(" " * i + "- x:" for i in range(0, 3000, 2)), encoding="utf-8")
    result = run(str(deep))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(deep) + ":")]
    assert len(problems) == 1, result.stderr     # one FILE:LINE problem, then the count
    file, line, rest = problems[0].split(":", 2)
    assert file.endswith("deep.yaml") and line.isdigit() and 1 <= int(line) <= 1500


def test_french_summaries_use_real_plurals(tmp_path):
    ok = run(str(FIXTURES / "minimal.yaml"), "--lang", "fr")
    assert ok.returncode == 0, ok.stderr
    assert "(2\u00a0séances, 1\u00a0exercice, 0\u00a0avertissement)" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: &a [1]\nb: *a\n", encoding="utf-8")
    refused = run(str(bad), "--lang", "fr")
    assert refused.returncode == 1
    assert refused.stderr.rstrip().endswith(": 1\u00a0erreur") and "(s)" not in refused.stderr
