"""The observer's modal dialogs: edit or delete a saved verbatim, mark a missed word, the help."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from facilitator.core.capture import CaptureEngine, Choices, Preview, parse_speaker_code, speaker_label
from facilitator.core.models import Cycle, Verbatim
from facilitator.core.programme import Programme
from facilitator.i18n import t
from facilitator.tui.observer.widgets import render_preview


class EditVerbatimScreen(ModalScreen[tuple[str, str, list[str], str] | None]):
    """Edit a saved verbatim's text, speaker and themes, with a reason; the text is pseudonymised again."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f2", "save", t("common.save"), id="save")]

    def __init__(self, verbatim: Verbatim, engine: CaptureEngine, cycle: Cycle, programme: Programme) -> None:
        super().__init__()
        self.verbatim = verbatim
        self.engine = engine
        self.cycle = cycle
        self.programme = programme
        self.preview: Preview | None = None    # of the text as last typed, reused at save

    def compose(self) -> ComposeResult:
        keys = {theme.id: theme.key for theme in self.programme.codebook}
        with Vertical(classes="dialog wide"):
            yield Static(t("observer.edit_title"), classes="dialog-title", markup=False)
            yield Static(t("observer.edit_help"), classes="hint", markup=False)
            yield Label(t("observer.edit_text"))
            yield Input(self.verbatim.text, id="edit-text")
            yield Static(Text(self.verbatim.text), id="edit-preview")
            yield Label(t("observer.edit_speaker"))
            yield Input(speaker_label(self.verbatim.speaker), id="edit-speaker")
            yield Label(t("observer.edit_themes"))
            yield Input(" ".join(keys.get(theme, "") for theme in self.verbatim.themes), id="edit-themes")
            yield Label(t("observer.reason"))
            yield Input(id="edit-reason")
            yield Static("", id="edit-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("common.save") + " (F2)", id="save", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-text", Input).focus()

    @on(Input.Changed, "#edit-text")
    def text_changed(self, event: Input.Changed) -> None:
        self.preview = self.engine.preview(event.value, Choices()) if event.value.strip() else None
        self.query_one("#edit-preview", Static).update(render_preview(self.preview) if self.preview else Text(""))

    def _speaker(self, value: str) -> str | None:
        return parse_speaker_code(value, self.cycle.participants, [f.code for f in self.cycle.facilitators])

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#edit-error", Static)
        text = self.query_one("#edit-text", Input).value.strip()
        speaker_value = self.query_one("#edit-speaker", Input).value
        speaker = self._speaker(speaker_value)
        if speaker is None:
            error.update(t("observer.bad_speaker", value=speaker_value))
            return
        by_key = {theme.key: theme.id for theme in self.programme.codebook}
        themes: list[str] = []
        for key in self.query_one("#edit-themes", Input).value.replace(",", " ").split():
            if key not in by_key:
                error.update(t("observer.bad_theme", value=key))
                return
            if by_key[key] not in themes:
                themes.append(by_key[key])
        reason = self.query_one("#edit-reason", Input).value.strip()
        if not reason:
            error.update(t("observer.reason_missing"))
            self.query_one("#edit-reason", Input).focus()
            return
        if not text:
            return
        preview = self.preview
        if preview is None or not preview.matches(text, Choices(), self.engine.ner_ready):
            preview = self.engine.preview(text, Choices())
        self.dismiss((preview.clean.strip() if not preview.error else text, speaker, themes, reason))


class DeleteVerbatimScreen(ModalScreen[str | None]):
    """Delete a verbatim with a reason; the record and its history are kept."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, verbatim: Verbatim) -> None:
        super().__init__()
        self.verbatim = verbatim

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("observer.delete_title"), classes="dialog-title", markup=False)
            yield Static(Text(self.verbatim.text), id="delete-text")
            yield Static(t("observer.delete_help"), classes="hint", markup=False)
            yield Label(t("observer.reason"))
            yield Input(id="delete-reason")
            yield Static("", id="delete-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("observer.key_delete"), id="delete", variant="error")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#delete-reason", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#delete-reason")
    @on(Button.Pressed, "#delete")
    def confirm(self) -> None:
        reason = self.query_one("#delete-reason", Input).value.strip()
        if not reason:
            self.query_one("#delete-error", Static).update(t("observer.reason_missing"))
            return
        self.dismiss(reason)


class MarkWordScreen(ModalScreen[str | None]):
    """Asks for a word the pseudonymiser missed in the current line."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("observer.mark_title"), classes="dialog-title", markup=False)
            yield Static(t("observer.mark_help"), classes="hint", markup=False)
            yield Label(t("observer.mark_word"))
            yield Input(id="mark-word")

    def on_mount(self) -> None:
        self.query_one("#mark-word", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#mark-word")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class ObserverHelpScreen(ModalScreen[None]):
    """Every key of the observer's console."""

    BINDINGS = [Binding("escape,f1", "close", t("observer.close"), id="close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("observer.help_title"), classes="dialog-title", markup=False)
            yield Static(t("observer.help_text"), id="help-text", markup=False)
            yield Static(t("safety.observer_help"), id="help-safety", markup=False)
            yield Button(t("observer.close"), id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

