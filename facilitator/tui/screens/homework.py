"""Review of the previous session's homework: done / partly / not done and a short note per participant."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from facilitator.core.models import SessionRun, reviewed_codes
from facilitator.core.programme import Homework, Programme
from facilitator.i18n import t
from facilitator.tui.access import ConsoleAccess

STATUS_KEYS = {"done": "exercises.hw_done", "partly": "exercises.hw_partly", "not_done": "exercises.hw_not_done"}


def open_homework_review(live_screen: Any) -> None:
    """Open the homework review over the live screen (key `w`)."""
    live_screen.app.push_screen(HomeworkReviewScreen(live_screen))


def homework_to_review(programme: Programme, number: int, previous: SessionRun | None) -> tuple[list[Homework], bool]:
    """The homework given at session `number - 1` and whether it came from the programme (none recorded)."""
    if number <= 1:
        return [], False
    try:
        planned = programme.session(number - 1).homework
    except KeyError:
        return [], False
    if previous is not None and previous.homework_given:
        by_id = {hw.id: hw for hw in planned}
        return [by_id[hw_id] for hw_id in previous.homework_given if hw_id in by_id], False
    return list(planned), True


class PreviousRunLoaded(Message):
    def __init__(self, run: SessionRun | None) -> None:
        super().__init__()
        self.run = run


class HomeworkReviewScreen(ConsoleAccess, Screen):
    """Per participant present: the homework's status (single keys) and a short pseudonymised note."""

    CSS_PATH = "exercises.tcss"
    BINDINGS = [
        Binding("f,d,1", "mark('done')", t("exercises.hw_key_done"), id="hw_done", key_display="f"),
        Binding("e,p,2", "mark('partly')", t("exercises.hw_key_partly"), id="hw_partly", key_display="e"),
        Binding("n,3", "mark('not_done')", t("exercises.hw_key_not_done"), id="hw_not_done", key_display="n"),
        Binding("enter", "note", t("exercises.hw_key_note"), id="hw_note", show=True),
        Binding("escape", "back", t("exercises.key_back"), id="hw_back"),
    ]

    def __init__(self, live_screen: Any) -> None:
        super().__init__()
        self.live_screen = live_screen
        self.number: int = live_screen.number
        cycle = live_screen.cycle
        run = live_screen.live.run
        self.codes = reviewed_codes(cycle, run.attendance, run.homework_review)
        self.homework: list[Homework] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="hw-box"):
            yield Static(t("exercises.hw_title", n=max(self.number - 1, 1)), classes="screen-title", markup=False)
            yield Static(t("exercises.loading"), id="hw-homework", markup=False)
            yield Static(t("exercises.hw_help"), classes="hint", markup=False)
            yield DataTable(id="hw-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="hw-note-label", markup=False)
            yield Input(placeholder=t("exercises.hw_note_placeholder"), id="hw-note", max_length=300)
        yield Static("", classes="save-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#hw-table", DataTable)
        table.add_column(t("exercises.hw_col_code"), key="code", width=12)
        table.add_column(t("exercises.hw_col_status"), key="status", width=16)
        table.add_column(t("exercises.hw_col_note"), key="note", width=80)
        for code in self.codes:
            table.add_row(code, *self._cells(code), key=code)
        table.focus()
        self._show_note_label()
        self.load()

    @work(thread=True, exclusive=True, group="homework-load")
    def load(self) -> None:
        previous = None
        if self.number > 1:
            previous = self.store.session_run(self.live_screen.cycle_id, self.number - 1)
        self.post_message(PreviousRunLoaded(previous))

    def on_previous_run_loaded(self, message: PreviousRunLoaded) -> None:
        programme = self.console.programme
        self.homework, from_programme = homework_to_review(programme, self.number, message.run)
        if self.number <= 1:
            text = t("exercises.hw_none")
        elif not self.homework:
            text = t("exercises.hw_nothing_given", n=self.number - 1)
        else:
            lines = [f"• {hw.title} — {hw.instructions}" for hw in self.homework]
            if from_programme:
                lines.append(t("exercises.hw_from_programme", n=self.number - 1))
            text = "\n".join(lines)
        self.query_one("#hw-homework", Static).update(text)

    # -- rows ---------------------------------------------------------------------------------
    def _review(self, code: str) -> Any:
        return self.live_screen.live.run.homework_review.get(code)

    def _cells(self, code: str) -> tuple[str, str]:
        review = self._review(code)
        if review is None:
            return t("exercises.hw_unset"), ""
        return t(STATUS_KEYS[review.status]), review.note

    def _refresh_row(self, code: str) -> None:
        table = self.query_one("#hw-table", DataTable)
        status, note = self._cells(code)
        table.update_cell(code, "status", status)
        table.update_cell(code, "note", note)

    def current_code(self) -> str | None:
        table = self.query_one("#hw-table", DataTable)
        if not self.codes or table.cursor_row is None:
            return None
        return self.codes[min(table.cursor_row, len(self.codes) - 1)]

    def _show_note_label(self) -> None:
        code = self.current_code()
        self.query_one("#hw-note-label", Static).update(t("exercises.hw_note_for", code=code) if code else "")

    @on(DataTable.RowHighlighted, "#hw-table")
    def row_highlighted(self) -> None:
        self._show_note_label()
        code = self.current_code()
        review = self._review(code) if code else None
        self.query_one("#hw-note", Input).value = review.note if review else ""

    # -- saving -------------------------------------------------------------------------------
    def _save(self, code: str, status: str, note: str) -> None:
        live = self.live_screen
        live._commit(live.live.review_homework(code, status, note, live.now()), t("exercises.what_review"))
        self._refresh_row(code)

    def action_mark(self, status: str) -> None:
        code = self.current_code()
        if code is None:
            return
        review = self._review(code)
        self._save(code, status, review.note if review else "")
        table = self.query_one("#hw-table", DataTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_note(self) -> None:
        if self.current_code() is not None:
            self.query_one("#hw-note", Input).focus()

    @on(DataTable.RowSelected, "#hw-table")
    def row_selected(self) -> None:
        self.action_note()

    @on(Input.Submitted, "#hw-note")
    def note_submitted(self, event: Input.Submitted) -> None:
        code = self.current_code()
        if code is None:
            return
        review = self._review(code)
        if review is None:
            self.notify(t("exercises.hw_status_first", code=code), severity="warning", markup=False)
            self.query_one("#hw-table", DataTable).focus()
            return
        clean = self.console.pseudonymiser(self.live_screen.cycle_id).pseudonymise(event.value.strip())
        self._save(code, review.status, clean)
        event.input.value = clean
        self.query_one("#hw-table", DataTable).focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#hw-note", Input):
            self.query_one("#hw-table", DataTable).focus()
            return
        self.app.pop_screen()
