"""Export the reviewed cycle from the review itself: choose a format and a destination, then write it."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.i18n import t

FORMATS = ("html", "md", "csv", "redcap", "taguette", "refi-qda")
FOLDER_FORMATS = ("csv", "redcap", "taguette", "refi-qda")


def default_destination(cycle_id: str, fmt: str) -> Path:
    """`~/rapport-<cycle>.html` for a file format, `~/rapport-<cycle>-csv` (a folder) for the others."""
    name = f"rapport-{cycle_id}" + (f"-{fmt}" if fmt in FOLDER_FORMATS else f".{fmt}")
    return Path.home() / name


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Format (list) and destination (a file, or a folder for csv, redcap, taguette, refi-qda)."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="export_cancel")]

    def __init__(self, cycle_id: str) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.fmt = FORMATS[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("room.export_title"), classes="dialog-title", markup=False)
            yield Static(t("room.export_help"), classes="hint", markup=False)
            yield OptionList(*[Option(t(f"room.export_{fmt.replace('-', '_')}"), id=fmt) for fmt in FORMATS],
                             id="export-format")
            yield Input(str(default_destination(self.cycle_id, self.fmt)), id="export-out")
            yield Static("", id="export-error", markup=False)

    def on_mount(self) -> None:
        options = self.query_one("#export-format", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionHighlighted, "#export-format")
    def format_chosen(self, event: OptionList.OptionHighlighted) -> None:
        self.fmt = event.option.id or FORMATS[0]
        self.query_one("#export-out", Input).value = str(default_destination(self.cycle_id, self.fmt))

    @on(OptionList.OptionSelected, "#export-format")
    def to_destination(self) -> None:
        self.query_one("#export-out", Input).focus()

    @on(Input.Submitted, "#export-out")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        self.dismiss((self.fmt, Path(event.value.strip()).expanduser()))

    def action_cancel(self) -> None:
        self.dismiss(None)
