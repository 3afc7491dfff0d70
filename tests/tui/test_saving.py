"""The save queue: in order, idle before it tells anyone, transient failures retried and said once,
permanent ones parked while the rest goes on; quitting waits for a running save and asks before
losing anything, keeping it in the encrypted journal that the next start offers to replay."""

from __future__ import annotations

import errno
import threading

import pytest

from facilitator.core.models import Verbatim
from facilitator.storage.journal import read_journal
from facilitator.storage.vault import CorruptFile, LockTimeout
from facilitator.tui.base import EXIT_UNSAVED
from facilitator.tui.observer import ObserverScreen
from facilitator.tui.quitting import QuitUnsavedScreen, ReplayJournalScreen
from facilitator.tui.saving import Saved, SaveFailed, SaveJob, SaveQueue
from tests.tui.folder import DataFolder
from tests.tui.helpers import SIZE, until


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(SaveQueue, "RETRY_S", 0.1)


class Inbox:
    """Collects what the queue posts; `seen` is set at each message (no sleeping in the tests)."""

    def __init__(self) -> None:
        self.messages: list[object] = []
        self.seen = threading.Condition()
        self.queue: SaveQueue | None = None
        self.idle_when_told: list[bool] = []

    def post(self, message: object) -> None:
        assert self.queue is not None
        self.idle_when_told.append(self.queue.wait_idle(0))
        with self.seen:
            self.messages.append(message)
            self.seen.notify_all()

    def wait_for(self, count: int) -> list[object]:
        with self.seen:
            assert self.seen.wait_for(lambda: len(self.messages) >= count, timeout=10), self.messages
            return list(self.messages)


def queue_with_inbox() -> tuple[SaveQueue, Inbox]:
    inbox = Inbox()
    queue = SaveQueue(inbox.post)
    inbox.queue = queue
    return queue, inbox


def test_jobs_run_in_order_and_the_queue_is_idle_before_the_last_one_is_reported():
    queue, inbox = queue_with_inbox()
    done: list[int] = []
    for i in range(5):
        queue.submit(SaveJob(f"job {i}", lambda i=i: done.append(i) or i))
    messages = inbox.wait_for(5)
    assert done == [0, 1, 2, 3, 4]
    assert [m.result for m in messages if isinstance(m, Saved)] == [0, 1, 2, 3, 4]
    assert inbox.idle_when_told[-1] is True, "idle is set before the last Saved is posted"
    queue.close(1)


def test_a_transient_failure_is_retried_said_once_and_keeps_the_job_pending():
    queue, inbox = queue_with_inbox()
    failures = [OSError(errno.ENOSPC, "full"), LockTimeout("locked"), OSError(errno.ENOSPC, "full")]
    saved: list[str] = []

    def run() -> str:
        if failures:
            raise failures.pop(0)
        saved.append("text")
        return "ok"

    queue.submit(SaveJob("note", run))
    messages = inbox.wait_for(4)
    failed = [m for m in messages if isinstance(m, SaveFailed)]
    assert [f.first for f in failed] == [True, False, False], "said once, then only the status line"
    assert not any(f.permanent for f in failed)
    assert isinstance(messages[-1], Saved) and saved == ["text"]
    assert queue.pending == 0 and queue.parked == []
    queue.close(1)


def test_a_permanent_failure_is_parked_and_the_rest_goes_on():
    queue, inbox = queue_with_inbox()
    gate = threading.Event()
    saved: list[str] = []

    def damaged() -> None:
        gate.wait(5)
        raise CorruptFile("fichier endommagé cycles/x/session-1.db")

    queue.submit(SaveJob("session 1", damaged, replay=("note", {"n": 1})))
    queue.submit(SaveJob("verbatim", lambda: saved.append("v")))
    assert [job.label for job in queue.unsaved()] == ["session 1", "verbatim"]
    gate.set()
    messages = inbox.wait_for(2)
    assert isinstance(messages[0], SaveFailed) and messages[0].permanent
    assert "session-1.db" in str(messages[0].error)
    assert isinstance(messages[1], Saved) and saved == ["v"]
    assert queue.pending == 0 and queue.wait_idle(0)
    assert [job.label for job in queue.unsaved()] == ["session 1"], "kept in memory until the app closes"
    queue.close(1)


def test_a_job_with_the_same_key_replaces_the_one_waiting():
    queue, inbox = queue_with_inbox()
    gate = threading.Event()
    saved: list[str] = []
    queue.submit(SaveJob("first", lambda: gate.wait(5)))
    for answers in ("a", "ab", "abc"):
        queue.submit(SaveJob("form", lambda answers=answers: saved.append(answers), key="form P01"))
    gate.set()
    inbox.wait_for(2)
    assert queue.wait_idle(5)
    assert saved == ["abc"], "only the latest answers are written"
    queue.close(1)


def test_close_does_not_wait_for_a_job_that_keeps_failing():
    queue, inbox = queue_with_inbox()

    def full() -> None:
        raise OSError(errno.ENOSPC, "full")

    queue.submit(SaveJob("note", full))
    inbox.wait_for(1)
    queue.close(5)
    assert not queue._thread.is_alive()
    assert [job.label for job in queue.unsaved()] == ["note"]


# -- through the apps --------------------------------------------------------------------------------


async def test_ctrl_q_with_a_slow_save_pending_quits_as_soon_as_it_is_saved(tmp_path):
    folder = DataFolder(tmp_path)
    app = folder.console()
    gate = threading.Event()
    saved: list[str] = []

    def slow() -> None:
        gate.wait(10)      # the test decides when the "slow disk" is done: no timing
        saved.append("done")

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.store is not None and app.saver.pending == 0, "unlocked")
        app.save("note", slow)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and app.return_code is None, "does not quit before the save is on disk"
        assert "Fermeture dès la fin" in app.save_status
        assert not isinstance(app.screen, QuitUnsavedScreen), "nothing to ask: the save is only running"
        gate.set()
        await until(pilot, lambda: app.return_code is not None, "quit once saved")
    assert saved == ["done"] and app.return_code == 0


async def test_quitting_the_observer_with_an_unsaved_verbatim_asks_and_keeps_it_in_the_journal(tmp_path,
                                                                                              monkeypatch):
    folder = DataFolder(tmp_path)
    folder.start(1)
    app = folder.observer()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ObserverScreen) and app.screen.run_view is not None,
                        "joined")
            await until(pilot, lambda: app.saver.pending == 0, "unlock audited")
            store = app.store

            def full(verbatim: Verbatim) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            monkeypatch.setattr(store, "add_verbatim", full)
            await pilot.press(*"2: je reviens [demain]")
            await until(pilot, lambda: app.screen.preview is not None, "preview")
            await pilot.press("enter")
            await until(pilot, lambda: app.saver.retrying, "the save is being retried")
            await pilot.press(*"une autre ligne")
            await pilot.press("ctrl+q")
            await until(pilot, lambda: isinstance(app.screen, QuitUnsavedScreen), "asked")
            listed = str(app.screen.query_one("#unsaved-list").render())
            assert "verbatim" in listed and "ligne en cours de saisie" in listed
            await pilot.press("escape")                  # wait: back to the capture, nothing lost
            await until(pilot, lambda: isinstance(app.screen, ObserverScreen), "back")
            assert app.is_running
            await pilot.press("ctrl+q")
            await until(pilot, lambda: isinstance(app.screen, QuitUnsavedScreen), "asked again")
            await pilot.click("#quit")
            await until(pilot, lambda: app.return_code is not None, "quit")
    finally:
        folder.stop()
    assert app.return_code == EXIT_UNSAVED
    kept = read_journal(folder.store.vault)
    assert [(kind, data["text"], data["speaker"]) for kind, data in kept] == [
        ("verbatim", "je reviens [demain]", "P02")]
    assert folder.fresh().verbatims(folder.cycle.id, 1) == []

    # the next start offers it; replaying saves it once and empties the journal
    assert folder.lock.acquire()                 # the console still runs session 1
    folder.store.set_live(folder.cycle.id, 1)
    app = folder.observer()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ReplayJournalScreen), "offered")
            await pilot.press("enter")                   # "Replay" has the focus
            await until(pilot, lambda: isinstance(app.screen, ObserverScreen), "back to the capture")
            await until(pilot, lambda: app.saver.pending == 0, "replayed", tries=1000)
            await until(pilot, lambda: read_journal(folder.store.vault) == [], "journal emptied")
    finally:
        folder.stop()
    assert [v.text for v in folder.fresh().verbatims(folder.cycle.id, 1)] == ["je reviens [demain]"]
