"""One background thread that saves changes in the order they were made, and never waits for the UI.

Textual thread workers run concurrently, so two quick saves could land out of order; this queue
runs them one at a time. It reports with `post` (the app's thread-safe `post_message`): `Saved`
once a job is on disk, `SaveFailed` when it is not. It marks itself idle *before* posting, so
code waiting for the queue never waits for the UI thread.

- A transient failure (disk full, a lock held elsewhere, an I/O error) keeps the job, and its
  text, in memory and retries it; `SaveFailed.first` is true only for the first failure.
- A permanent failure (a damaged file, a file from a newer version, a bug) parks the job: the
  rest of the queue goes on, and the job stays listed in `unsaved()` until the app closes.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import App
from textual.message import Message
from textual.widgets import Static

from facilitator.core.clock import Clock, SystemClock, local_hhmm
from facilitator.errors import UserError
from facilitator.i18n import t


@dataclass(eq=False)
class SaveJob:
    label: str                                  # what is being saved, for the status line
    run: Callable[[], object]
    done: Callable[[object], None] | None = None   # called on the UI thread with run()'s result
    key: str | None = None      # a later job with the same key replaces this one while it waits
    replay: tuple[str, dict] | None = None      # (kind, data) to redo it from the journal
    attempts: int = field(default=0)


class Saved(Message):
    """A job is on disk (`result` is what its `run` returned)."""

    def __init__(self, job: SaveJob, result: object) -> None:
        super().__init__()
        self.job = job
        self.result = result


class SaveFailed(Message):
    """A job failed: retried later (`permanent` false) or parked (`permanent` true)."""

    def __init__(self, job: SaveJob, error: Exception, *, permanent: bool, first: bool) -> None:
        super().__init__()
        self.job = job
        self.error = error
        self.permanent = permanent
        self.first = first


def is_transient(error: Exception) -> bool:
    """True when trying again later may succeed: the disk, a lock or the file system, not the data."""
    from facilitator.storage.locks import LockBusy
    from facilitator.storage.vault import LockTimeout, ReadOnlyVault, StorageError

    if isinstance(error, ReadOnlyVault):
        return False
    return isinstance(error, OSError | LockTimeout | StorageError | LockBusy)


def error_text(error: Exception) -> str:
    """The one-line reason shown to the user (a UserError's message is already in their language)."""
    return error.message if isinstance(error, UserError) else f"{type(error).__name__}: {error}"


class SaveQueue:
    """Runs save jobs in order on one thread; reports through `post` without waiting for it."""

    RETRY_S = 2.0

    def __init__(self, post: Callable[[Message], object]) -> None:
        self._post = post
        self._jobs: deque[SaveJob] = deque()     # waiting, the first one running or being retried
        self._parked: list[tuple[SaveJob, Exception]] = []
        self._running: SaveJob | None = None
        self._failing: SaveJob | None = None
        self._lock = threading.Condition()
        self._idle = threading.Event()
        self._idle.set()
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="save-queue", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs not yet on disk and not parked (waiting, running or being retried)."""
        with self._lock:
            return len(self._jobs)

    @property
    def retrying(self) -> bool:
        """True while the running job failed for a transient reason and waits to be tried again."""
        with self._lock:
            return self._failing is not None

    @property
    def parked(self) -> list[tuple[SaveJob, Exception]]:
        with self._lock:
            return list(self._parked)

    def unsaved(self) -> list[SaveJob]:
        """Every job not on disk: waiting, running, retried or parked, oldest first."""
        with self._lock:
            return [job for job, _ in self._parked] + list(self._jobs)

    def submit(self, job: SaveJob) -> None:
        with self._lock:
            if job.key is not None:
                # replace a waiting job with the same key (never the one running)
                for index, other in enumerate(self._jobs):
                    if other.key == job.key and other is not self._running:
                        self._jobs[index] = job
                        return
            self._jobs.append(job)
            self._idle.clear()
            self._lock.notify()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no job is waiting or running (tests, and `close`)."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Finish the jobs that can be saved within `timeout`; a job failing again stays unsaved."""
        self._closing.set()
        with self._lock:
            self._lock.notify()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._jobs and not self._closing.is_set():
                    self._lock.wait()
                if not self._jobs or self._closing.is_set() and self._failing is not None:
                    return
                job = self._jobs[0]
                self._running = job
            job.attempts += 1
            try:
                result = job.run()
            except Exception as exc:  # noqa: BLE001 - any failure keeps the job; nothing typed is dropped
                if is_transient(exc):
                    with self._lock:
                        first = self._failing is not job
                        self._failing = job
                    self._post(SaveFailed(job, exc, permanent=False, first=first))
                    self._closing.wait(self.RETRY_S)
                    continue
                with self._lock:
                    self._finish(job)
                    self._parked.append((job, exc))
                self._post(SaveFailed(job, exc, permanent=True, first=True))
                continue
            with self._lock:
                self._finish(job)
            self._post(Saved(job, result))

    def _finish(self, job: SaveJob) -> None:
        """Take `job` off the queue (lock held); idle is set before anyone is told."""
        self._jobs.popleft()
        self._running = None
        if self._failing is job:
            self._failing = None
        if not self._jobs:
            self._idle.set()


class SavingApp(App[int]):
    """An app that saves through one `SaveQueue` and shows its state in every `.save-status` widget."""

    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__()
        self.clock: Clock = clock or SystemClock()
        self.saver: SaveQueue | None = None
        self.save_status = ""
        self.unreported = 0    # saves queued whose Saved (or parked SaveFailed) was not handled yet

    def open_saver(self) -> None:
        self.saver = SaveQueue(self.post_message)

    def close_saver(self) -> None:
        if self.saver is not None:
            self.saver.close()

    def save(self, label: str, run: Callable[[], object], done: Callable[[Any], None] | None = None, *,
             key: str | None = None, replay: tuple[str, dict] | None = None) -> None:
        """Queue a save; the status line says when it is on disk.

        `key`: a later save with the same key replaces this one while it waits (a form saved on every
        change). `replay`: (kind, data) to redo the save from the journal if the app closes first.
        """
        assert self.saver is not None, "read-only apps never save"
        self.save_status = t("console.saving")
        self.unreported += 1
        self.saver.submit(SaveJob(label=label, run=run, done=done, key=key, replay=replay))
        self.refresh_save_status()

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self.unreported -= 1
        if message.job.done is not None:
            message.job.done(message.result)
        vault = getattr(self, "vault", None)  # saved, but with a doubt (fsync after the rename, audit line)
        while vault is not None and vault.warnings:
            self.notify(vault.warnings.pop(0), severity="warning", timeout=8, markup=False)
        if self.saver and self.saver.pending == 0:
            self.save_status = t("console.saved_at", time=local_hhmm(self.clock.now()))
            if self.saver.parked:
                self.save_status += " · " + t("saving.parked_count", n=len(self.saver.parked))
        self.refresh_save_status()
        self.after_save()

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        error = error_text(message.error)
        if message.permanent:
            self.unreported -= 1
            self.save_status = t("saving.parked", what=message.job.label, error=error)
        else:
            self.save_status = t("console.save_failed", what=message.job.label, error=error)
        self.refresh_save_status()
        if message.first:  # a retried failure is said once; the status line keeps saying it
            self.notify(self.save_status, severity="error", timeout=8 if message.permanent else 6, markup=False)
        self.after_save()

    def after_save(self) -> None:
        """Called after each Saved or SaveFailed has been shown (quitting waits on it)."""

    def refresh_save_status(self) -> None:
        for widget in self.screen.query(".save-status"):
            if isinstance(widget, Static):
                widget.update(self.save_status)
