"""Saves that failed for a passing reason (disk full, file locked), kept in memory and retried.

The UI submits every save here: on StorageError or LockTimeout the save stays pending (a newer
save with the same key replaces it), the UI shows the error and keeps the text, and `retry()`
writes it once the problem is gone. Other errors (a damaged file, a bug) are raised as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from facilitator.storage.vault import LockTimeout, StorageError

RETRYABLE = (StorageError, LockTimeout)


class Outbox:
    """An ordered, keyed queue of pending saves (thread-safe; saves run outside the internal lock)."""

    def __init__(self) -> None:
        self._pending: dict[str, Callable[[], None]] = {}
        self._guard = threading.Lock()

    @property
    def pending(self) -> int:
        with self._guard:
            return len(self._pending)

    def keys(self) -> list[str]:
        """Keys of the pending saves, oldest first."""
        with self._guard:
            return list(self._pending)

    def submit(self, key: str, fn: Callable[[], None]) -> Exception | None:
        """Run `fn` now; on a retryable error keep it pending under `key` and return the error, else None."""
        try:
            fn()
        except RETRYABLE as error:
            with self._guard:
                self._pending.pop(key, None)  # the newest version goes to the back of the queue
                self._pending[key] = fn
            return error
        with self._guard:
            # An older pending version is superseded by the one just saved.
            if self._pending.get(key) is not None:
                del self._pending[key]
        return None

    def retry(self) -> list[Exception]:
        """Run the pending saves in order; those that fail again stay pending. Returns their errors."""
        with self._guard:
            queue = list(self._pending.items())
        errors: list[Exception] = []
        for key, fn in queue:
            try:
                fn()
            except RETRYABLE as error:
                errors.append(error)
                continue
            with self._guard:
                # Drop it unless a newer save for the same key arrived while this one ran.
                if self._pending.get(key) is fn:
                    del self._pending[key]
        return errors
