"""Failures injected at each step of a write, a crash at each step, disk full and permission errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from facilitator.storage import atomic
from facilitator.storage.vault import StorageError, Vault

RELPATH = "cycles/c1/verbatims-2.db"
OLD = {"version": "old", "text": "ancien"}
NEW = {"version": "new", "text": "nouveau"}


def temp_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*.tmp")]


def fail_at(monkeypatch: pytest.MonkeyPatch, step: str, error: BaseException) -> None:
    def checkpoint(current: str) -> None:
        if current == step:
            raise error

    monkeypatch.setattr(atomic, "_checkpoint", checkpoint)


@pytest.mark.parametrize("step", atomic.STEPS)
def test_failure_at_each_step_leaves_old_or_new_and_no_temp(
    vault: Vault, data_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
):
    vault.write(RELPATH, OLD)
    fail_at(monkeypatch, step, OSError(errno.EIO, "Input/output error"))
    after_rename = atomic.STEPS.index(step) >= atomic.STEPS.index("after_rename")
    if after_rename:  # the new content is in place: a success with a warning, never to be retried
        vault.write(RELPATH, NEW)
        assert vault.warnings[0] == "saved, but syncing the disk failed (verbatims-2.db: Input/output error): check the disk"
    else:
        with pytest.raises(StorageError) as caught:
            vault.write(RELPATH, NEW)
        assert str(caught.value) == f"could not save {RELPATH}: input/output error"
    monkeypatch.undo()
    assert vault.read(RELPATH) == (NEW if after_rename else OLD)
    assert temp_files(data_dir) == []
    vault.write(RELPATH, {"version": "later"})
    assert vault.read(RELPATH) == {"version": "later"}


@pytest.mark.parametrize("step", atomic.STEPS)
def test_crash_at_each_step_leaves_old_or_new(vault: Vault, data_dir: Path, step: str):
    """The write runs in a forked child that dies (os._exit) at `step`, as a power cut would stop it."""
    vault.write(RELPATH, OLD)
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            def die(current: str) -> None:
                if current == step:
                    os._exit(17)

            atomic._checkpoint = die
            vault.write(RELPATH, NEW)
        finally:
            os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 17
    after_rename = atomic.STEPS.index(step) >= atomic.STEPS.index("after_rename")
    assert vault.read(RELPATH) == (NEW if after_rename else OLD)
    leftovers = temp_files(data_dir)
    assert len(leftovers) <= 1 and all(b"nouveau" not in p.read_bytes() for p in leftovers), "temp files are encrypted"
    vault.write(RELPATH, {"version": "later"})
    assert vault.read(RELPATH) == {"version": "later"}
    assert temp_files(data_dir) == [], "the next write reuses and removes the leftover temp file"


def test_disk_full_keeps_old_version_and_a_later_save_succeeds(
    vault: Vault, data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """The app's SaveQueue retries a failed save (tests/tui/test_faults.py); here, what the vault leaves."""
    vault.write(RELPATH, OLD)
    real_write = os.write
    disk_full = True

    def write(fd: int, data: bytes) -> int:
        if disk_full:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", write)
    with pytest.raises(StorageError) as caught:
        vault.write(RELPATH, NEW)
    assert str(caught.value) == f"could not save {RELPATH}: no space left on device"
    assert vault.read(RELPATH) == OLD
    assert temp_files(data_dir) == []
    newer = {"version": "newer"}
    with pytest.raises(StorageError):
        vault.write(RELPATH, newer)
    assert vault.read(RELPATH) == OLD
    disk_full = False
    vault.write(RELPATH, newer)
    assert vault.read(RELPATH) == newer
    assert temp_files(data_dir) == []


def test_disk_full_inside_a_table_keeps_the_file(vault: Vault, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    with vault.table(RELPATH, "verbatims") as table:
        table.insert({"text": "gardé"})

    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", write)
    with pytest.raises(StorageError, match="no space left on device"):
        with vault.table(RELPATH, "verbatims") as table:
            table.insert({"text": "perdu ?"})
    monkeypatch.undo()
    assert [row["text"] for row in vault.read_table(RELPATH, "verbatims")] == ["gardé"]
    with vault.table(RELPATH, "verbatims") as table:
        table.insert({"text": "enregistré"})
    assert [row["text"] for row in vault.read_table(RELPATH, "verbatims")] == ["gardé", "enregistré"]


def test_permission_denied_is_one_line(vault: Vault, monkeypatch: pytest.MonkeyPatch):
    vault.write(RELPATH, OLD)
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise OSError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", deny)
    with pytest.raises(StorageError) as caught:
        vault.write(RELPATH, NEW)
    assert str(caught.value) == f"could not save {RELPATH}: permission denied"
    assert "\n" not in str(caught.value)
    monkeypatch.undo()
    assert vault.read(RELPATH) == OLD


def test_audit_disk_full_raises_storage_error(vault: Vault, monkeypatch: pytest.MonkeyPatch):
    vault.audit("unlock", actor="facilitator:AB", target="-")

    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", write)
    with pytest.raises(StorageError, match="no space left"):
        vault.audit("edit", actor="facilitator:AB", target="c1")
    monkeypatch.undo()
    assert [r["action"] for r in vault.read_audit()] == ["unlock"]
