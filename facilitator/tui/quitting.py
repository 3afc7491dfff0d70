"""Asking before quitting with changes not on disk, and offering to replay the journal at the next start."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.i18n import t


class QuitUnsavedScreen(ModalScreen[bool]):
    """Lists what is not saved; dismissed with True when the user insists on quitting."""

    BINDINGS = [Binding("escape", "wait", t("saving.quit_wait"), id="wait")]

    def __init__(self, items: list[str]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("saving.quit_title"), classes="dialog-title", markup=False)
            yield Static(Text("\n".join(f"• {item}" for item in self.items)), id="unsaved-list")
            yield Static(t("saving.quit_help"), classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("saving.quit_wait"), id="wait", variant="primary")
                yield Button(t("saving.quit_anyway"), id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#wait", Button).focus()

    @on(Button.Pressed, "#wait")
    def action_wait(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#quit")
    def insist(self) -> None:
        self.dismiss(True)


class ReplayJournalScreen(ModalScreen[str]):
    """Offers the changes kept at the last forced quit: "replay", "discard" or "later"."""

    BINDINGS = [Binding("escape", "later", t("saving.replay_later"), id="later")]

    def __init__(self, entries: list[tuple[str, dict]]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        kinds = [t(f"saving.kind_{kind}") if kind in ("verbatim", "note") else kind for kind, _ in self.entries]
        with Vertical(classes="dialog wide"):
            yield Static(t("saving.replay_title"), classes="dialog-title", markup=False)
            yield Static(t("saving.replay_help", n=len(self.entries)), classes="hint", markup=False)
            yield Static(Text(", ".join(kinds)), id="journal-list")
            with Horizontal(classes="buttons"):
                yield Button(t("saving.replay"), id="replay", variant="primary")
                yield Button(t("saving.replay_later"), id="later")
                yield Button(t("saving.replay_discard"), id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#replay", Button).focus()

    @on(Button.Pressed, "#replay")
    def replay(self) -> None:
        self.dismiss("replay")

    @on(Button.Pressed, "#discard")
    def discard(self) -> None:
        self.dismiss("discard")

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss("later")
