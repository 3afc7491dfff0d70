"""The observer's widgets and how a preview is drawn."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import Input, OptionList

from facilitator.core.capture import Preview
from facilitator.core.models import Verbatim
from facilitator.core.pseudonymise import unelide


def render_preview(preview: Preview, selected: int | None = None) -> Text:
    """The saved text with every replacement in reverse video (undone ones underlined).

    Venues and employers to check are underlined in bold yellow until the observer masks them.
    """
    text = Text()
    cursor = 0
    for index, item in enumerate(preview.spans):
        span = item.span
        before = preview.body[cursor:span.start]
        text.append(unelide(before) if item.active else before)   # as `apply` saves it: "de P03"
        shown = span.replacement if item.active else span.text
        style = "reverse" if item.active else ("bold yellow underline" if item.check else "underline")
        if index == selected:
            style += " bold"
        start = len(text)
        text.append(shown)
        text.stylize(style, start, len(text))
        cursor = span.end
    text.append(preview.body[cursor:])
    return text


class CaptureInput(Input):
    """The capture line: Alt+letter never inserts the letter (it toggles a theme instead)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key.startswith("alt+"):
            return  # left to the screen's priority bindings
        await super()._on_key(event)


class VerbatimList(OptionList, can_focus=False):
    """The session's verbatims; the capture line keeps the focus, arrows move the highlight."""


@dataclass
class Row:
    """One line of the verbatim list: a saved record or one waiting in the save queue."""

    verbatim: Verbatim
    saved: bool

