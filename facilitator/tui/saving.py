"""One background thread that saves changes in the order they were made.

Textual thread workers run concurrently, so two quick saves could land out of order; this queue
runs them one at a time. A save that fails (disk full, lock timeout) stays pending, in memory,
and is retried until it succeeds, so typed text is never dropped.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SaveJob:
    label: str                                  # what is being saved, for the status line
    run: Callable[[], object]
    done: Callable[[object], None] | None = None   # called on the UI thread with run()'s result
    attempts: int = field(default=0)


class SaveQueue:
    """Runs save jobs in order on one thread; reports through the callbacks given."""

    RETRY_S = 2.0

    def __init__(self, *, call_on_ui: Callable[..., object], on_saved: Callable[[SaveJob], None],
                 on_failed: Callable[[SaveJob, Exception], None]) -> None:
        self._call_on_ui = call_on_ui
        self._on_saved = on_saved
        self._on_failed = on_failed
        self._jobs: queue.Queue[SaveJob | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._loop, name="save-queue", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def submit(self, job: SaveJob) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._jobs.put(job)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted job has been saved (tests and shutdown)."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self.wait_idle(timeout)
        self._jobs.put(None)
        self._thread.join(timeout)

    def _notify(self, callback: Callable[..., object], *args: object) -> None:
        try:
            self._call_on_ui(callback, *args)
        except RuntimeError:
            pass  # the app is closing; the data itself is already saved

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            while True:
                job.attempts += 1
                try:
                    result = job.run()
                except Exception as exc:  # noqa: BLE001 - any failure keeps the job; nothing typed is dropped
                    # keep the job (and its text) and try again: the disk may be freed, the lock released
                    self._notify(self._on_failed, job, exc)
                    stop = threading.Event()
                    stop.wait(self.RETRY_S)
                    continue
                break
            with self._lock:
                self._pending -= 1
            if job.done is not None:
                self._notify(job.done, result)
            self._notify(self._on_saved, job)
            with self._lock:
                if self._pending == 0:
                    self._idle.set()
