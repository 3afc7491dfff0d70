"""Start-up time and memory of the consoles, launched in a pseudo-terminal like a user would.

A launch is timed from `fork` to the moment the terminal output contains a text of the awaited
screen (the apps print nothing else, so the first frame showing it is the first paint). The child's
CPU time and resident memory are read with psutil at that moment, then the child is killed.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 140, 45


class LaunchFailed(RuntimeError):
    """The child exited or never showed the awaited text before the timeout."""


@dataclass(frozen=True)
class Launch:
    seconds: float        # fork -> awaited text on the terminal
    cpu_s: float          # the child's user + system CPU time at that moment
    rss_mb: float         # the child's resident memory at that moment (after `settle_s`)


def launch(argv: list[str], marker: str, *, timeout: float = 90.0, settle_s: float = 0.0,
           env: dict[str, str] | None = None) -> Launch:
    """Run `argv` in a pseudo-terminal until its output contains `marker`; kill it and return the figures."""
    wanted = marker.encode("utf-8")
    child_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
                 **(env or {})}
    child_env.pop("TEXTUAL", None)          # no devtools connection
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, child_env)
        finally:
            os._exit(127)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        output = bytearray()
        deadline = started + timeout
        seconds = None
        while seconds is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise LaunchFailed(f"{' '.join(argv[1:])}: no {marker!r} after {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                tail = output[-400:].decode("utf-8", "replace")
                raise LaunchFailed(f"{' '.join(argv[1:])} exited before showing {marker!r}: {tail!r}")
            # search the chunk with the previous one's tail (a text may straddle two reads)
            window = bytes(output[-len(wanted):]) + chunk
            output += chunk
            if wanted in window:
                seconds = time.perf_counter() - started
        process = psutil.Process(pid)
        times = process.cpu_times()
        cpu_s = times.user + times.system
        if settle_s:
            _drain(fd, settle_s)
        rss_mb = process.memory_info().rss / 2**20
        return Launch(seconds, cpu_s, rss_mb)
    finally:
        _stop(pid, fd)


def _drain(fd: int, seconds: float) -> None:
    """Keep reading the terminal for `seconds` so the child never blocks on a full pty buffer."""
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                if not os.read(fd, 1 << 16):
                    return
            except OSError:
                return


def _stop(pid: int, fd: int) -> None:
    """Kill the child we started (by its pid) and reap it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        end = time.perf_counter() + 3
        while time.perf_counter() < end:
            _drain(fd, 0.05)
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                os.close(fd)
                return
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    os.close(fd)


def console_argv(data: Path, passphrase_file: Path | None, command: str = "console",
                 extra: list[str] | None = None) -> list[str]:
    argv = [sys.executable, "-m", "facilitator", command, "--data", str(data),
            "--programme", str(ROOT / "sessions.yaml")]
    if passphrase_file is not None:
        argv += ["--passphrase-file", str(passphrase_file)]
    return argv + (extra or [])


def minimal_argv() -> list[str]:
    return [sys.executable, "-m", "benchmarks.minimal_app"]


def measure_startup(data: Path, passphrase_file: Path, *, runs: int, home_runs: int,
                    warm_up: bool = True) -> dict[str, float]:
    """Medians of cold starts: to the passphrase prompt and to the home screen, and of the minimal app.

    The runs alternate between the apps so a burst of load on the machine hits them alike. One
    discarded launch of each first warms the file cache.
    """
    from benchmarks.minimal_app import READY_TEXT
    from facilitator.i18n import t

    # The unlock screen's title: the input's placeholder is no marker, as the blinking cursor
    # splits its first letter from the rest in every other frame.
    prompt = (console_argv(data, None), t("common.app_title"))
    home = (console_argv(data, passphrase_file), t("console.home_title"))
    minimal = (minimal_argv(), READY_TEXT)
    for argv, marker in (minimal, prompt) if warm_up else ():
        launch(argv, marker)
    results: dict[str, list[Launch]] = {"minimal": [], "prompt": [], "home": []}
    for i in range(max(runs, home_runs)):
        if i < runs:
            results["minimal"].append(launch(*minimal))
            results["prompt"].append(launch(*prompt))
        if i < home_runs:
            results["home"].append(launch(*home))

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in results[name])

    minimal_s = median("minimal", "seconds")
    return {
        "start_s": median("prompt", "seconds"),
        "start_minimal_s": minimal_s,
        "start_ratio": median("prompt", "seconds") / minimal_s,
        "start_cpu_s": median("prompt", "cpu_s"),
        "start_minimal_cpu_s": median("minimal", "cpu_s"),
        "start_cpu_ratio": median("prompt", "cpu_s") / median("minimal", "cpu_s"),
        "start_home_s": median("home", "seconds"),
        "start_home_ratio": median("home", "seconds") / minimal_s,
        "start_runs": runs,
        "rss_mb_minimal": median("minimal", "rss_mb"),
    }


def measure_memory(data: Path, passphrase_file: Path, cycle_label: str) -> dict[str, float]:
    """Resident memory of the console on the home screen listing `cycle_label`, and of the observer
    once its model is loaded."""
    from facilitator.i18n import t

    console = launch(console_argv(data, passphrase_file), cycle_label, settle_s=1.0)
    observer = launch(console_argv(data, passphrase_file, "observe"), t("observer.model_ready"),
                      timeout=180, settle_s=1.0)
    return {"rss_mb_console": console.rss_mb, "rss_mb_observer": observer.rss_mb,
            "observer_ready_s": observer.seconds}
