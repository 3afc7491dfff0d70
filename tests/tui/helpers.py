"""Waiting in Pilot tests: for a condition, for a screen, for workers and the save queue to finish."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled

SIZE = (140, 45)   # the console's terminal in the tests
S = TypeVar("S", bound=Screen)


async def until(pilot: Pilot, condition: Callable[[], object], what: str, tries: int = 300) -> None:
    """Pause until `condition()` holds (at most `tries` x 20 ms); fail naming `what` otherwise."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


async def wait_for_screen(pilot: Pilot, kind: type[S]) -> S:
    """The app's screen once it is a `kind`."""
    app = pilot.app
    try:
        await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    except AssertionError:
        raise AssertionError(f"expected {kind.__name__}, got {type(app.screen).__name__}") from None
    return app.screen  # type: ignore[return-value]


async def settle(pilot: Pilot) -> None:
    """Let workers finish and, in an app with a save queue, the saves reach the disk."""
    app = pilot.app
    for _ in range(3):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive reload replaced an older one: wait for the new one
            continue
        await pilot.pause()
    saver = getattr(app, "saver", None)
    if saver is not None:
        # every queued save reported on the UI thread (Saved handled), or one being retried after a failure
        await until(pilot, lambda: app.unreported == 0 or saver.retrying, "saves reported", tries=1000)
    await pilot.pause()


def fill(screen: Screen, values: dict[str, str]) -> None:
    """Set the screen's Input fields, by selector, as if typed."""
    for selector, value in values.items():
        screen.query_one(selector, Input).value = value
