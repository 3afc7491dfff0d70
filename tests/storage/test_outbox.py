"""The outbox keeps saves that failed for a passing reason and retries them in order."""

from __future__ import annotations

import pytest

from facilitator.storage.outbox import Outbox
from facilitator.storage.vault import CorruptFile, LockTimeout, StorageError


class FlakyDisk:
    def __init__(self) -> None:
        self.broken = True
        self.saved: list[str] = []

    def save(self, what: str):
        def fn() -> None:
            if self.broken:
                raise StorageError(f"could not save {what}: no space left on device")
            self.saved.append(what)

        return fn


def test_success_is_not_kept():
    disk = FlakyDisk()
    disk.broken = False
    outbox = Outbox()
    assert outbox.submit("a", disk.save("a")) is None
    assert outbox.pending == 0 and disk.saved == ["a"]


def test_failures_wait_in_order_and_newer_replaces_older():
    disk = FlakyDisk()
    outbox = Outbox()
    assert isinstance(outbox.submit("a", disk.save("a1")), StorageError)
    assert isinstance(outbox.submit("b", disk.save("b1")), StorageError)
    assert isinstance(outbox.submit("a", disk.save("a2")), StorageError)
    assert outbox.pending == 2 and outbox.keys() == ["b", "a"]
    assert len(outbox.retry()) == 2
    disk.broken = False
    assert outbox.retry() == []
    assert disk.saved == ["b1", "a2"] and outbox.pending == 0


def test_a_successful_newer_save_supersedes_the_pending_one():
    disk = FlakyDisk()
    outbox = Outbox()
    outbox.submit("a", disk.save("a1"))
    disk.broken = False
    assert outbox.submit("a", disk.save("a2")) is None
    assert outbox.pending == 0
    assert outbox.retry() == [] and disk.saved == ["a2"]


def test_lock_timeout_is_retryable_but_other_errors_are_raised():
    outbox = Outbox()

    def locked() -> None:
        raise LockTimeout("x is locked by another program (waited 5 s); try again")

    def damaged() -> None:
        raise CorruptFile("damaged file x (empty file); no backup")

    assert isinstance(outbox.submit("x", locked), LockTimeout)
    with pytest.raises(CorruptFile):
        outbox.submit("y", damaged)
    assert outbox.keys() == ["x"]
