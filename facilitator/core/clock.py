"""The injected clock: wall time anchored once, then advanced by a monotonic counter.

Displayed times derive from a monotonic start so they never drift, and tests replace the clock
to run a 90-minute session in milliseconds.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch (UTC), monotonic within a process."""
        ...


class SystemClock:
    """Real time: the wall clock read once at start, then advanced with `time.monotonic()`."""

    def __init__(self) -> None:
        self._wall0 = time.time()
        self._mono0 = time.monotonic()

    def now(self) -> float:
        return self._wall0 + (time.monotonic() - self._mono0)


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: float = 1_790_000_000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, epoch_seconds: float) -> None:
        self._now = epoch_seconds


def local_hhmm(epoch_seconds: float) -> str:
    """Local wall-clock time as HH:MM, for display."""
    return datetime.fromtimestamp(epoch_seconds).strftime("%H:%M")


def format_mmss(seconds: float, *, signed: bool = False) -> str:
    """`mm:ss` (minutes may exceed 59); with `signed`, a leading + or -."""
    total = int(round(seconds)) if seconds >= 0 else -int(round(-seconds))
    sign = "-" if total < 0 else "+"
    total = abs(total)
    text = f"{total // 60:02d}:{total % 60:02d}"
    return f"{sign}{text}" if signed else ("-" + text if sign == "-" else text)
