"""Home: the cycles of this data folder, and creating a new one."""

from __future__ import annotations

from datetime import date
from typing import cast

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from facilitator.core.formatting import day
from facilitator.core.models import (
    Cycle,
    Facilitator,
    SessionStatus,
    default_participant_codes,
    parse_participant_codes,
)
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.tui.access import ConsoleAccess
from facilitator.tui.loading import Loaded, LoadFailed, Loads
from facilitator.tui.saving import SavingApp


def cycle_label(cycle: Cycle) -> str:
    """The cycle's label, marked fictitious when it is a demo (once: the demo's own label already says so)."""
    marker = f"({t('console.demo')})"
    return cycle.label if not cycle.demo or marker in cycle.label else f"{cycle.label} {marker}"


class HomeScreen(ConsoleAccess, Loads, Screen):
    """The list of cycles: label, site, start date, sessions done, next session."""

    LOAD_ERROR_AT = "#home-hint"

    BINDINGS = [
        Binding("n", "new_cycle", t("console.key_new_cycle"), id="new_cycle"),
        Binding("enter", "open_cycle", t("console.key_open"), id="open_cycle", show=True),
        Binding("ctrl+q", "app.quit", t("common.quit"), id="quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(t("console.home_title"), classes="screen-title", markup=False)
            yield DataTable(id="cycles", cursor_type="row", zebra_stripes=True)
            yield Static(t("common.loading"), id="home-hint", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cycles", DataTable)
        table.add_columns(t("console.col_label"), t("console.col_site"), t("console.col_start"),
                          t("console.col_done"), t("console.col_next"), t("room.col_cycle_id"))

    def on_screen_resume(self) -> None:
        """Read the cycles each time the home is shown: when first pushed, and on coming back to it."""
        self.load()

    @work(thread=True, exclusive=True, group="home-load")
    def load(self) -> None:
        store = self.store
        saver = self.console.saver
        if saver is not None:  # show what was just done (e.g. a session ended) once it is on disk
            saver.wait_idle(5.0)
        rows: list[tuple[Cycle, int | None, int | None, list[int]]] = []
        # a damaged file is named with its latest good backup; the other cycles are still listed
        errors: list[UserError] = []
        for cycle in store.list_cycles(errors=errors):
            try:
                statuses = store.session_statuses(cycle.id)
            except UserError as exc:
                errors.append(exc)
                rows.append((cycle, None, None, []))
                continue
            done = sum(1 for s in statuses.values() if s == SessionStatus.DONE)
            nxt = next((n for n, s in sorted(statuses.items()) if s != SessionStatus.DONE), None)
            interrupted = [n for n, s in statuses.items() if s == SessionStatus.INTERRUPTED]
            rows.append((cycle, done, nxt, interrupted))
        self.post_message(Loaded(self._show, rows))
        for error in errors:
            self.post_message(LoadFailed(error.message))

    def _show(self, rows: list[tuple[Cycle, int | None, int | None, list[int]]]) -> None:
        table = self.query_one("#cycles", DataTable)
        table.clear()
        for cycle, done, nxt, interrupted in rows:
            label = cycle_label(cycle)
            if done is None:  # one of its files is damaged (reported apart)
                table.add_row(Text(label), Text(cycle.site), day(cycle.start_date), "?",
                              t("console.cycle_damaged"), cycle.id, key=cycle.id)
                continue
            if nxt is None:
                next_text = t("console.cycle_complete")
            elif nxt in interrupted:
                next_text = t("console.session_n_interrupted", n=nxt)
            else:
                next_text = t("console.session_n", n=nxt)
            table.add_row(Text(label), Text(cycle.site), day(cycle.start_date), f"{done}/8", next_text,
                          cycle.id, key=cycle.id)
        hint = self.query_one("#home-hint", Static)
        hint.update(t("console.home_hint") if rows else t("console.home_empty"))
        if rows:
            table.focus()
        # relaunched after a crash: offer to resume the interrupted session at once (once per launch)
        crashed = next(((cycle, interrupted[0]) for cycle, _d, _n, interrupted in rows if interrupted), None)
        if crashed is not None and not self.console.resume_offered and self.app.screen is self:
            self.console.resume_offered = True
            from facilitator.tui.screens.cycle import CycleScreen

            self.app.push_screen(CycleScreen(crashed[0].id, resume=crashed[1]))
        elif self._open_when_loaded and rows:
            self._open_when_loaded = False
            self.action_open_cycle()

    def action_new_cycle(self) -> None:
        def created(cycle: Cycle | None) -> None:
            if cycle is not None:  # the home reloads when it is shown again
                self.open(cycle.id)

        self.app.push_screen(NewCycleScreen(), created)

    @on(DataTable.RowSelected, "#cycles")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open(event.row_key.value)

    _open_when_loaded = False

    def action_open_cycle(self) -> None:
        table = self.query_one("#cycles", DataTable)
        if not table.row_count:  # Enter pressed while the list is still being read: open once it is
            self._open_when_loaded = True
            return
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.open(key)

    def open(self, cycle_id: str) -> None:
        from facilitator.tui.screens.cycle import CycleScreen

        self.app.push_screen(CycleScreen(cycle_id))


class NewCycleScreen(ConsoleAccess, ModalScreen[Cycle | None]):
    """Create a cycle: label, site, start date, facilitators' initials and roles, participant codes."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(t("console.new_cycle_title"), classes="dialog-title", markup=False)
            yield Label(t("console.field_label"))
            yield Input(placeholder=t("console.field_label_hint"), id="label")
            yield Label(t("console.field_site"))
            yield Input(placeholder=t("console.field_site_hint"), id="site")
            yield Label(t("console.field_start"))
            today = date.fromtimestamp(cast(SavingApp, self.app).clock.now())
            yield Input(value=today.strftime("%d/%m/%Y"), id="start")
            yield Static(t("console.field_facilitators", roles=t("console.roles")), markup=False, classes="hint")
            for n in (1, 2, 3):
                with Horizontal(classes="facilitator-row"):
                    yield Label(f"F{n}", classes="code")
                    yield Input(placeholder=t("console.field_initials"), id=f"f{n}-initials", max_length=5)
                    yield Input(placeholder=t("console.field_role"), id=f"f{n}-role")
            yield Label(t("console.field_participants"))
            yield Input(value=", ".join(default_participant_codes()), id="participants")
            yield Static(t("console.field_participants_hint"), classes="hint", markup=False)
            yield Label("", id="form-error")
            yield Static("", classes="save-status", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("console.create"), id="create", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "participants":
            self.create()
        else:
            self.focus_next()

    @on(Button.Pressed, "#create")
    def create(self) -> None:
        error = self.query_one("#form-error", Label)
        try:
            values = self._read()
        except (UserError, ValidationError, ValueError) as exc:
            message = exc.message if isinstance(exc, UserError) else _first_error(exc)
            error.update(message)
            return
        error.update("")
        self.save(values)

    def _read(self) -> dict:
        def value(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value.strip()

        try:
            day, month, year = (int(part) for part in value("start").replace("-", "/").split("/"))
            start = date(year, month, day)
        except ValueError:
            raise UserError(t("console.error_date", value=value("start"))) from None
        facilitators = []
        for n in (1, 2, 3):
            initials, role = value(f"f{n}-initials"), value(f"f{n}-role")
            if initials or role:
                if not initials or not role:
                    raise UserError(t("console.error_facilitator", code=f"F{n}"))
                facilitators.append(Facilitator(code=f"F{n}", initials=initials, role=role))
        if not facilitators:
            raise UserError(t("console.error_no_facilitator"))
        return {"label": value("label"), "site": value("site"), "start_date": start,
                "facilitators": facilitators, "participants": parse_participant_codes(value("participants"))}

    def save(self, values: dict) -> None:
        """Create the cycle through the save queue; the form closes once it is on disk."""
        store = self.store

        def created(cycle: object) -> None:
            if self.is_attached and isinstance(cycle, Cycle):
                self.dismiss(cycle)

        self.console.save(t("saving.what_cycle", label=values["label"]),
                      lambda: store.create_cycle(**values, actor="console"), created)


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return str(err.get("msg", exc)).removeprefix("Value error, ")
    return str(exc)
