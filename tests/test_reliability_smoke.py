"""Smoke test of `python -m benchmarks.reliability`: a tiny run prints every count and finds nothing wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.bench
def test_a_small_reliability_run_loses_nothing_and_detects_all_damage():
    result = subprocess.run([sys.executable, "-m", "benchmarks.reliability", "--kills", "3", "--purges", "2",
                             "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["write_kills"] == 3 and figures["purge_runs"] == 2
    assert figures["write_lost"] == figures["write_duplicated"] == figures["purge_half"] == 0
    assert figures["damage_detected"] == figures["damage_kinds"]
