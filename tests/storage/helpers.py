"""Helpers of the storage tests: the test passphrase and child processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PASSPHRASE = "violette-parapluie-42"
CHILDREN = Path(__file__).parent / "children"


def spawn(script: str, *args: str, stdin: int | None = None, **kwargs) -> subprocess.Popen:
    """Start tests/storage/children/<script> with this interpreter, stdout as a text pipe."""
    return subprocess.Popen(
        [sys.executable, str(CHILDREN / script), *args],
        stdout=subprocess.PIPE,
        stdin=stdin,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        **kwargs,
    )


def wait_for_line(proc: subprocess.Popen, expected: str) -> None:
    """Block until the child prints `expected` (fails with its stderr if it dies first)."""
    line = proc.stdout.readline()
    if line.strip() != expected:
        proc.kill()
        _out, err = proc.communicate()
        pytest.fail(f"child printed {line!r} instead of {expected!r}; stderr:\n{err}")
