"""Core dumps are off in every facilitator process (a dump would hold the data key and decrypted text)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.processes
def test_a_facilitator_process_cannot_dump_core():
    code = (
        "from facilitator.hardening import disable_core_dumps, is_dumpable\n"
        "import resource\n"
        "before = is_dumpable()\n"
        "disable_core_dumps()\n"
        "print(before, is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 2)
    assert out[1] == "False"
    assert out[2].strip() == "(0, 0)"
