"""`facilitator score` through a real process: JSON in, JSON out, one-line errors with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]


def score(instrument: str, stdin: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "facilitator", "score", instrument, *extra],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def ok(instrument: str, payload: object) -> dict:
    result = score(instrument, json.dumps(payload))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1        # one JSON object on one line
    return json.loads(result.stdout)


def test_dudit_scores():
    out = ok("dudit", {"answers": [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], "sex": "m"})
    assert out == {"total": 6, "problem": True, "probable_dependence": False, "complete": True}
    out = ok("dudit", {"answers": [4] * 9 + [2, 2], "sex": "f"})
    assert out == {"total": 44, "problem": True, "probable_dependence": True, "complete": True}


def test_dudit_missing_answer_is_null():
    out = ok("dudit", {"answers": [1] * 10 + [None], "sex": "f"})
    assert out == {"total": None, "problem": False, "probable_dependence": False, "complete": False}


def test_ceq_scores():
    out = ok("ceq-s", {"answers": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
    assert out == {"intensity": 2.0, "imagery": 5.5, "intrusiveness": 9.0, "total": 5.5}
    assert ok("ceq-f", {"answers": [10] * 10})["total"] == 10.0


def test_tlfb_scores():
    out = ok("tlfb", {
        "end": "2025-03-30", "window_days": 30,
        "use": {"2025-03-30": ["alcohol", "cocaine"], "2025-03-02": ["ghb_gbl", "cathinones"]},
        "injection": ["2025-03-02"], "unknown": ["2025-03-10"],
    })
    assert out == {
        "days_assessed": 29, "days_used": 2, "pct_days_used": 6.9, "pct_days_abstinent": 93.1,
        "longest_abstinent_streak": 19, "days_since_last_use": 0, "alcohol_days": 1,
        "days_by_substance": {"cathinones": 1, "ghb_gbl": 1, "methamphetamine": 0, "cocaine": 1,
                              "ketamine": 0, "mdma": 0, "cannabis": 0, "sedatives": 0, "poppers": 0,
                              "erectile": 0, "alcohol": 1, "other": 0},
        "injection_days": 1, "sexual_context_days": 0, "sexual_context_use_days": 0, "unknown_days": 1,
    }


def test_tlfb_alcohol_only_days_are_alcohol_days_not_use():
    # 30 days (2-31 March, assessed on 1 April): alcohol on 7 weekend days, and on 29 March with
    # cathinones in a sexual context
    alcohol = {f"2025-03-{d:02d}": ["alcohol"] for d in (7, 8, 14, 15, 21, 22, 28)}
    out = ok("tlfb", {"assessment_date": "2025-04-01",
                      "use": {**alcohol, "2025-03-29": ["cathinones", "alcohol"]}, "sexual": ["2025-03-29"]})
    assert out["alcohol_days"] == 8 and out["days_by_substance"]["alcohol"] == 8
    assert out["days_used"] == 1 and out["pct_days_used"] == 3.33 and out["pct_days_abstinent"] == 96.67
    assert out["longest_abstinent_streak"] == 27       # 2-28 March: the alcohol days do not break it
    assert out["days_since_last_use"] == 2             # 29 March to the window's end, 31 March
    assert out["days_assessed"] == 30 and out["sexual_context_use_days"] == 1


def test_tlfb_alcohol_only_month_is_no_use():
    out = ok("tlfb", {"end": "2025-03-30", "use": {f"2025-03-{d:02d}": ["alcohol"] for d in range(1, 31)}})
    assert out["alcohol_days"] == 30 and out["days_used"] == 0 and out["pct_days_abstinent"] == 100.0
    assert out["days_since_last_use"] is None


def test_tlfb_empty_month():
    out = ok("tlfb", {"end": "2025-03-30"})
    assert out["days_assessed"] == 30 and out["pct_days_abstinent"] == 100.0
    assert out["days_since_last_use"] is None and out["longest_abstinent_streak"] == 30


@pytest.mark.parametrize(("instrument", "stdin", "field"), [
    ("dudit", "not json", "JSON"),
    ("dudit", "[1, 2]", "JSON"),
    ("dudit", '{"answers": [0,0,0], "sex": "m"}', "answers: "),
    ("dudit", '{"answers": [0,0,0,7,0,0,0,0,0,0,0], "sex": "m"}', "answers[3]: option 7"),
    ("dudit", '{"answers": [0,0,0,0,0,0,0,0,0,0,3], "sex": "m"}', "answers[10]: option 3"),
    ("dudit", '{"answers": [0,0,0,"2",0,0,0,0,0,0,0], "sex": "m"}', "answers[3]: "),
    ("dudit", '{"answers": [0,0,0,1.5,0,0,0,0,0,0,0], "sex": "m"}', "answers[3]: "),
    ("dudit", '{"answers": [0,0,0,0,0,0,0,0,0,0,0]}', "sex: "),
    ("dudit", '{"answers": [0,0,0,0,0,0,0,0,0,0,0], "sex": "x"}', "sex: "),
    ("dudit", '{"answer": [0,0,0,0,0,0,0,0,0,0,0], "sex": "m"}', "answer"),
    ("ceq-s", '{"answers": [0,0,0,0,0,0,0,0,0,11]}', "answers[9]: "),
    ("ceq-f", '{"answers": "0000000000"}', "answers: "),
    ("tlfb", '{"end": "2025-13-01"}', "end: "),
    ("tlfb", '{"end": "2025-03-30", "use": {"2025-03-31": ["alcohol"]}}', "use.2025-03-31: "),
    ("tlfb", '{"end": "2025-03-30", "use": {"2025-02-28": ["alcohol"]}}', "use.2025-02-28: "),
    ("tlfb", '{"end": "2025-03-30", "use": {"2025-03-03": ["beer"]}}', "use.2025-03-03[0]: "),
    ("tlfb", '{"end": "2025-03-30", "use": {"1 mars": ["alcohol"]}}', "use.1 mars: "),
    ("tlfb", '{"end": "2025-03-30", "unknown": ["2025-03-30"], "use": {"2025-03-30": ["alcohol"]}}',
     "unknown[0]: "),
    ("tlfb", '{"end": "2025-03-30", "injection": ["yesterday"]}', "injection[0]: "),
    ("tlfb", '{"end": "2025-03-30", "window_days": 0}', "window_days: "),
    ("tlfb", '{"window_days": 30}', "end: "),
    ("tlfb", '{"end": "2025-03-30", "assessment_date": "2025-03-30"}', "assessment_date: "),
    ("tlfb", '{"assessment_date": "31/03/2025"}', "assessment_date: "),
    ("tlfb", '{"end": "2025-03-30", "sexual": ["2025-04-02"]}', "sexual[0]: "),
    ("audit", "{}", "audit"),
])
def test_bad_input_is_one_line_and_exit_2(instrument, stdin, field):
    result = score(instrument, stdin)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]


def test_english_messages():
    result = score("dudit", '{"answers": [0,0,0,7,0,0,0,0,0,0,0], "sex": "m"}', "--lang", "en")
    assert result.stderr.strip() == "facilitator: answers[3]: option 7 out of range 0-4"


def test_score_does_not_import_textual():
    code = ("import sys, io; sys.stdin = io.StringIO('{\"answers\": [0,0,0,0,0,0,0,0,0,0]}'); "
            "from facilitator.cli import main; main(['score', 'ceq-s']); "
            "print('textual' in sys.modules, 'tinydb' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False False"


@pytest.mark.parametrize(("instrument", "stdin", "expected"), [
    ("dudit", '{"answers": {"1": ' + "9" * 5000 + "}}", "number too long"),
    ("dudit", '{"answers": ' + "[" * 200_000 + "]" * 200_000 + "}", "nested too deeply"),
    ("tlfb", '{"end": "2026-01-10", "window_days": 1000000000, "use": {}}', "window_days: at most 366 days"),
], ids=["5000-digit-integer", "200k-nested-brackets", "window-10^9-days"])  # short ids: pytest puts them in the env
def test_absurd_inputs_end_in_one_line(instrument, stdin, expected):
    result = score(instrument, stdin, "--lang", "en")
    assert result.returncode == 2
    assert expected in result.stderr and result.stderr.count("\n") == 1
