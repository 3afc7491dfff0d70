"""Cross-process write locks on `.locks/<relpath>.lock` (kernel flock: released when a holder dies)."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from facilitator.storage.atomic import ensure_dir

DEFAULT_TIMEOUT_S = 5.0


class LockBusy(Exception):
    """The lock was not obtained within the timeout (the vault turns it into LockTimeout)."""


def acquire(lock_path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> FileLock:
    """Take the lock file `lock_path` (created with its folders); the caller must `release()` it.

    LockBusy after `timeout` seconds; OSError if the lock file cannot be created.
    """
    ensure_dir(lock_path.parent)
    # No soft-lock fallback: a marker file would outlive a killed holder, a kernel lock does not.
    # The lock file is kept on release so that no process ever locks an unlinked inode.
    lock = FileLock(
        lock_path,
        timeout=timeout,
        thread_local=False,
        fallback_to_soft=False,
        preserve_lock_file=True,
        poll_interval=0.005,
    )
    try:
        lock.acquire()
    except Timeout:
        raise LockBusy(str(lock_path)) from None
    return lock
