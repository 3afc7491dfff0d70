"""Smoke test of `python -m benchmarks --json`: one JSON object with figures, verdicts and the machine.

No thresholds (timings are for the benchmark table, not for tests): only keys and types are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import TARGETS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.bench
def test_json_run_prints_one_object_with_figures_targets_and_machine():
    # The shape only, on the cheapest section: the whole run is `python -m benchmarks` (make bench).
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--json", "--only", "timer"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)      # one object, nothing else on standard output
    assert figures["errors"] == {} and figures["quick"] is True
    assert isinstance(figures["timer_drift_ms"], float) and figures["timer_wrong_texts"] == 0
    assert figures["timer_ticks"] > 5000
    assert set(figures["targets"]) == set(TARGETS)
    assert figures["targets"]["timer_drift_ms"] == {"target": 0.0, "ok": True}
    assert figures["targets"]["start_ratio"]["ok"] is False      # not measured in this run: never "ok"
    machine = figures["machine"]
    assert isinstance(machine["cores"], int) and len(machine["load_before"]) == 3


def test_table_lists_every_target_with_its_verdict():
    from benchmarks.__main__ import TARGETS, table

    figures = {"start_s": 0.5, "start_minimal_s": 0.4, "start_ratio": 1.25, "start_cpu_s": 0.3,
               "start_minimal_cpu_s": 0.2, "start_cpu_ratio": 1.5, "timer_drift_ms": 0.0,
               "timer_wrong_texts": 0, "timer_ticks": 10, "report_html_s": 3.0, "report_cycles": 4,
               "report_html_s_per_cycle": 0.75}
    info = {"cores": 2, "cpu_model": "test CPU", "load_before": (1.0, 1.0, 1.0), "load_after": (1.0, 1.0, 1.0),
            "python": "3", "textual": "8"}
    text = table(figures, {"commit": "OSError: disk full"}, info)
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert "ok" in lines["start_ratio"].split() and "MISSED" in lines["report_html_s"].split()
    assert "ok" in lines["timer_drift_ms"].split()
    assert "commit_p95_ms_large" not in lines          # a figure not measured is not shown
    assert "ERROR in commit: OSError: disk full" in text
    assert "test CPU" in text and "<= 1.50 x" in lines["start_ratio"]
    assert set(TARGETS) >= {"start_ratio", "report_html_s"}


def test_timer_drift_is_measured_against_exact_values():
    from fractions import Fraction

    from benchmarks.timer_drift import measure_timer_drift

    figures = measure_timer_drift(Fraction(5))
    assert figures["timer_drift_ms"] == 0.0 and figures["timer_wrong_texts"] == 0
    assert figures["timer_session_elapsed_s"] == 90 * 60


# -- the start-up fix the benchmark led to: the console loads its programme file after the first paint --

async def test_console_given_a_programme_file_loads_it_after_the_first_paint(tmp_path):
    from facilitator.core.clock import FakeClock
    from facilitator.core.programme import Programme
    from facilitator.storage.vault import FAST_TEST_KDF
    from facilitator.tui.app import FacilitatorApp

    data = tmp_path / "data"
    data.mkdir()
    app = FacilitatorApp(data_dir=data, programme=ROOT / "sessions.yaml", clock=FakeClock(),
                         passphrase="test-passphrase", kdf=FAST_TEST_KDF, idle_lock_s=0)
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.programme, Programme)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_console_with_a_broken_programme_file_exits_with_one_line_and_writes_nothing(tmp_path):
    from facilitator.core.clock import FakeClock
    from facilitator.storage.vault import FAST_TEST_KDF
    from facilitator.tui.app import FacilitatorApp

    data = tmp_path / "data"
    data.mkdir()
    broken = tmp_path / "broken.yaml"
    broken.write_text("programme:\n  title: x\nsessions: [\n", encoding="utf-8")
    app = FacilitatorApp(data_dir=data, programme=broken, clock=FakeClock(), passphrase="test-passphrase",
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    async with app.run_test(size=(140, 45)) as pilot:
        for _ in range(200):                   # the app closes itself once the programme fails to load
            if app.return_code is not None:
                break
            await pilot.pause(0.02)
    assert app.return_code == 1
    assert list(data.iterdir()) == []          # no vault created for a programme that does not load
