"""Crash-proof file replacement: temp file in the same folder, fsync, rename, fsync of the folder.

The caller holds the file's lock, so one fixed temp name per file is enough: a temp file left by a
killed writer is simply overwritten by the next one, and temp files never pile up.
Older versions are kept as `.backups/<relpath>.1..N` by renames and one hard link (no copies), and
the live path exists at every instant.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from pathlib import Path

BACKUPS_KEPT = 3
DIR_MODE = 0o700
FILE_MODE = 0o600

# Steps of `replace_file`, in order; tests inject failures at each one through `_checkpoint`.
STEPS = ("temp_written", "temp_synced", "before_rename", "after_rename", "before_dir_sync")


def _checkpoint(step: str) -> None:
    """No-op hook called between the steps of a write; tests monkeypatch it to inject failures."""


def temp_path(path: Path) -> Path:
    """The one temp file used while replacing `path` (hidden, in the same folder)."""
    return path.with_name(f".{path.name}.tmp")


def ensure_dir(path: Path) -> None:
    """Create `path` and its missing parents (private permissions), fsyncing each new entry."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            continue
        fsync_dir(folder.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def backup_paths(backup_base: Path, keep: int = BACKUPS_KEPT) -> list[Path]:
    """`.backups/<relpath>.1..keep`, newest first (whether they exist or not)."""
    return [backup_base.with_name(f"{backup_base.name}.{n}") for n in range(1, keep + 1)]


def _first_backup(path: Path, backup_base: Path) -> None:
    """Copy a file's first version to `.1`, so a file written once and then deleted can be restored.

    A copy, not a link: the live file could be damaged in place. It keeps the live file's mtime, which
    is how the next rotation knows `.1` is this same version and replaces it instead of shifting it.
    """
    with contextlib.suppress(OSError):     # best effort, like every backup
        ensure_dir(backup_base.parent)
        shutil.copy2(path, backup_paths(backup_base, 1)[0])


def _rotate_backups(path: Path, backup_base: Path, keep: int) -> None:
    """Shift .1 -> .2 -> ... and make .1 a hard link to the current live file (copy if links fail)."""
    slots = backup_paths(backup_base, keep)
    ensure_dir(backup_base.parent)
    with contextlib.suppress(FileNotFoundError):
        first, live = os.stat(slots[0]), os.stat(path)
        if (first.st_mtime_ns, first.st_size) == (live.st_mtime_ns, live.st_size) and first.st_ino != live.st_ino:
            os.unlink(slots[0])    # the first version's copy (see _first_backup): replaced, not kept twice
    for older, newer in zip(reversed(slots[1:]), reversed(slots[:-1]), strict=True):
        with contextlib.suppress(FileNotFoundError):
            os.replace(newer, older)
    try:
        os.link(path, slots[0])
    except FileExistsError:
        os.unlink(slots[0])
        os.link(path, slots[0])
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        shutil.copy2(path, slots[0])
    # No fsync of the backups folder: backups are best effort, and on journalling file systems the
    # fsync of the data folder that ends the write commits these renames too.


def replace_file(path: Path, data: bytes, *, backup_base: Path | None = None, keep: int = BACKUPS_KEPT,
                 sync_dir: bool = True) -> str | None:
    """Atomically and durably make `data` the content of `path`; OSError on failure, old content intact.

    `sync_dir=False` leaves the rename's durability to the next fsync of the folder (for a file whose
    older version is as good after a crash). Returns None, or a warning when an error came after the rename (the new content is in place but
    the folder's fsync did not complete): that is a success, not to be retried.

    The new file's mtime is made strictly greater than the old one's, so pollers comparing
    `st_mtime_ns` see every write even when two land within one clock tick.
    """
    ensure_dir(path.parent)
    tmp = temp_path(path)
    try:
        old_mtime_ns = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        old_mtime_ns = None
    renamed = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        try:
            write_all(fd, data)
            _checkpoint("temp_written")
            now_ns = time.time_ns()
            if old_mtime_ns is not None and now_ns <= old_mtime_ns:
                now_ns = old_mtime_ns + 1
            os.utime(fd, ns=(now_ns, now_ns))
            os.fsync(fd)
            _checkpoint("temp_synced")
        finally:
            os.close(fd)
        if backup_base is not None and old_mtime_ns is not None:
            _rotate_backups(path, backup_base, keep)
        _checkpoint("before_rename")
        os.replace(tmp, path)
        renamed = True
        _checkpoint("after_rename")
        if backup_base is not None and old_mtime_ns is None:
            _first_backup(path, backup_base)
        _checkpoint("before_dir_sync")
        if sync_dir:
            fsync_dir(path.parent)
    except OSError as exc:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        # The new content is in place: the write succeeded, only its durability is in doubt. Retrying
        # it would run the caller's job twice (two copies of one verbatim), so say it instead.
        return f"{path.name}: {exc.strerror or exc}"
    except BaseException:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    return None


def append_line(path: Path, line: bytes) -> None:
    """Append one newline-terminated record durably; a torn last line left by a crash is closed first."""
    ensure_dir(path.parent)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        size = os.fstat(fd).st_size
        prefix = b""
        if size:
            with open(path, "rb") as reader:
                reader.seek(size - 1)
                if reader.read(1) != b"\n":
                    prefix = b"\n"
        write_all(fd, prefix + line + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)
