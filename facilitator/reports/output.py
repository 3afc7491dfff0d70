"""Writing exports (plaintext) so that no partial or stray copy is left: a private staging folder, nameless
temp files, removal on signals and at exit.

An export is written into `.facilitator-export-<pid>-<random>/` (mode 0700) beside `--out`, then moved into
place. Each file is written as an unnamed file (Linux `O_TMPFILE`) and only given a name once complete, so
even a SIGKILL mid-write leaves no plaintext; the staging folder is removed at exit and on SIGTERM,
SIGHUP and SIGINT, and one left by a killed export is removed by the next one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.storage import atomic

STAGING_PREFIX = ".facilitator-export-"
_staging: set[Path] = set()


def check_out(out: Path, *, folder: bool) -> None:
    """Refuse an `--out` that is a symbolic link or a special file (device, pipe, socket): replacing it would
    write plaintext where the link points, or replace a device node."""
    if out.is_symlink():
        raise UserError(t("integrity.out_symlink", path=out))
    if out.exists():
        mode = os.stat(out).st_mode
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            raise UserError(t("integrity.out_special", path=out))
    del folder  # a folder given for a file (or the reverse) is the caller's own message


def write_output(path: Path, data: bytes) -> None:
    """Write one export file completely or not at all (no named partial file, even if killed); OSError on failure."""
    path = Path(path)
    atomic.ensure_dir(path.parent)
    try:
        fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except (AttributeError, OSError):  # no O_TMPFILE here (not Linux, or the file system lacks it)
        atomic.replace_file(path, data)
        return
    named = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        atomic.write_all(fd, data)
        os.fsync(fd)
        linked = _link_fd(fd, named)
    finally:
        os.close(fd)
    if not linked:
        atomic.replace_file(path, data)
        return
    try:
        os.replace(named, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(named)
        raise
    with contextlib.suppress(OSError):
        atomic.fsync_dir(path.parent)


def _link_fd(fd: int, name: Path) -> bool:
    """Give the unnamed file `fd` a name (linkat through /proc, following the magic link; os.link does not)."""
    import ctypes

    at_fdcwd, at_symlink_follow = -100, 0x400
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        result = libc.linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(name),
                             at_symlink_follow)
    except (OSError, AttributeError):
        return False
    return result == 0


def _remove_staging() -> None:
    for folder in list(_staging):
        shutil.rmtree(folder, ignore_errors=True)
        _staging.discard(folder)


atexit.register(_remove_staging)


def _remove_stale(parent: Path) -> None:
    """Remove staging folders left by exports that were killed (their process is gone)."""
    with contextlib.suppress(OSError):
        for folder in parent.glob(f"{STAGING_PREFIX}*"):
            pid = folder.name[len(STAGING_PREFIX):].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _signals_end_the_export() -> Iterator[None]:
    """SIGTERM and SIGHUP raise like Ctrl+C during the export, so the staging folder is removed."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError):  # not the main thread: leave the handlers alone
            previous[signum] = signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def staged_export(out: Path, *, folder: bool, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run `write(target)` into a private staging folder, then move what it wrote to `out`; the paths at `out`.

    `target` is the staging folder itself (folder formats) or a file inside it named like `out`.
    """
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    check_out(out, folder=folder)
    _remove_stale(parent)
    staging = parent / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    os.mkdir(staging, 0o700)
    _staging.add(staging)
    try:
        with _signals_end_the_export():
            target = staging if folder else staging / out.name
            written = write(target)
            moved = []
            for path in written:
                relative = Path(path).relative_to(target) if folder else Path()
                final = out / relative if folder else out
                check_out(final, folder=False)
                atomic.ensure_dir(final.parent)
                os.replace(path, final)
                moved.append(final)
            return moved
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _staging.discard(staging)
