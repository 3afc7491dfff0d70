"""The one way screens read from disk: a thread worker reads, then posts `Loaded` or `LoadFailed`.

The worker never touches a widget and never waits for the UI thread: `Loaded` carries the method that
shows what was read, run on the UI thread when the message is handled. A damaged file (a `UserError`
naming the file and its latest good backup) is shown the same way on every screen: in the screen's
`LOAD_ERROR_AT` widget when it has one, and in a notification that stays 30 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Static

from facilitator.errors import UserError
from facilitator.i18n import t


class Loaded(Message):
    """A worker read `values`; `show(*values)` runs on the UI thread."""

    def __init__(self, show: Callable[..., object], *values: object) -> None:
        super().__init__()
        self.show = show
        self.values = values


class LoadFailed(Message):
    """A worker could not read a file; `error` is the one line naming it (and its backup)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


def read_then_show(target: MessagePump, read: Callable[[], tuple], show: Callable[..., object]) -> None:
    """Run `read()` (in the calling worker thread) and post what it returned, or the failure, to `target`."""
    try:
        values = read()
    except UserError as exc:
        target.post_message(LoadFailed(exc.message))
        return
    target.post_message(Loaded(show, *values))


class Loads:
    """Mixin for screens (and apps) that load with `Loaded` / `LoadFailed`."""

    LOAD_ERROR_AT: ClassVar[str | None] = None    # selector of the Static that names a damaged file

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        message.show(*message.values)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.load_failed(message.error)

    def load_failed(self, error: str) -> None:
        """Name the damaged file and its backup: in `LOAD_ERROR_AT`, and in a notification."""
        text = t("protect.load_failed", error=error)
        node = cast(DOMNode, self)      # mixed into a Screen or an App
        if self.LOAD_ERROR_AT is not None:
            for widget in node.query(self.LOAD_ERROR_AT):
                if isinstance(widget, Static):
                    widget.update(text)
        node.app.notify(text, severity="error", timeout=30, markup=False)
