"""Process hardening applied before any secret is in memory: no core dump can carry keys or verbatims."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import resource
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


def disable_core_dumps() -> None:
    """Set RLIMIT_CORE to 0 and, on Linux, clear the dumpable flag (also refuses ptrace by other users' tools)."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def is_dumpable() -> bool:
    """Whether the kernel would write a core dump of this process (for tests and diagnostics)."""
    if resource.getrlimit(resource.RLIMIT_CORE)[0] != 0:
        return True
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    return False
