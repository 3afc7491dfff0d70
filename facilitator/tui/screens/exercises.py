"""The exercise sheet of the live console: instructions, its own countdown, answers per subject.

Answers are edited in a plain dict (one per subject) that the widgets write into; a second after
the last change, and whenever a field, a subject or the screen is left, the answer is pseudonymised
and queued for saving. Widgets that are not being typed in then show the pseudonymised text.
"""

from __future__ import annotations

from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Collapsible,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from facilitator.core import exercises as ex
from facilitator.core.clock import format_mmss
from facilitator.core.programme import AgendaItem, Column, Exercise, ExerciseField, FieldKind
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.tui.access import ConsoleAccess
from facilitator.tui.base import set_cell, show_text
from facilitator.tui.loading import LoadFailed, Loads

SAVE_DELAY_S = 1.0
CELL_WIDTH = 24
Path = tuple[Any, ...]   # ("field", i) | ("cell", i, column_id) | ("grid", i, day, slot)


def open_exercise(live_screen: Any, item: AgendaItem) -> None:
    """Open the sheet of `item`'s exercise over the live screen (key `e`)."""
    try:
        exercise = live_screen.app.programme.exercise(item.exercise)
    except KeyError:
        live_screen.notify(t("exercises.not_found", id=item.exercise), severity="warning", markup=False)
        return
    live_screen.app.push_screen(ExerciseScreen(live_screen, exercise, item.id))


def subject_label(subject: str, exercise: Exercise) -> str:
    if subject != ex.GROUP:
        return subject
    return t("exercises.subject_group" if exercise.scope == "group" else "exercises.subject_group_example")


def _cell_text(kind: FieldKind, value: Any) -> str:
    if value is None or value == "":
        return ""
    text = str(value).replace("\n", " ")
    if kind == FieldKind.RATING_10:
        text += "/10"
    elif kind == FieldKind.PERCENT:
        text += " %"
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


class ExercisesLoaded(Message):
    """The saved answers of this exercise in this session, and when it was first opened."""

    def __init__(self, answers: dict[str, dict], started_at: float) -> None:
        super().__init__()
        self.answers = answers
        self.started_at = started_at


class ExerciseScreen(ConsoleAccess, Loads, Screen):
    """One exercise sheet, filled for the group or for each participant present."""

    LOAD_ERROR_AT = "#ex-subject"   # the form stays disabled: nothing is saved over the damaged file

    CSS_PATH = "exercises.tcss"
    BINDINGS = [
        Binding("escape", "back", t("exercises.key_back"), id="exercise_back"),
        Binding("f3", "previous_subject", t("exercises.key_previous_subject"), id="exercise_previous"),
        Binding("f4", "next_subject", t("exercises.key_next_subject"), id="exercise_next"),
    ]

    def __init__(self, live_screen: Any, exercise: Exercise, item_id: str | None) -> None:
        super().__init__()
        self.live_screen = live_screen
        self.exercise = exercise
        self.item_id = item_id
        self.cycle_id: str = live_screen.cycle_id
        self.number: int = live_screen.number
        cycle = live_screen.cycle
        attendance = live_screen.live.run.attendance if live_screen.live else {}
        self.subjects, self.attendance_missing = ex.subjects_for(exercise, cycle, attendance)
        self.subject = self.subjects[0]
        self.answers: dict[str, dict] = {}
        self.saved: dict[str, dict] = {}        # what was last queued for saving, per subject
        self.started_at: float | None = None
        self.loaded = False
        self._paths: dict[str, Path] = {}       # widget id -> where its value lives
        self._kinds: dict[str, FieldKind] = {}  # widget id -> field or column kind
        self._table_row: dict[int, int] = {}    # field index -> row being edited
        self._save_timer: Timer | None = None

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        exercise = self.exercise
        yield Header()
        with Vertical(id="ex-top"):
            yield Static(t("exercises.screen_title", title=exercise.title), id="ex-title", markup=False)
            yield Static(t("exercises.countdown", time=format_mmss(exercise.minutes * 60),
                           minutes=exercise.minutes), id="ex-countdown", markup=False)
            yield Static(t("exercises.loading"), id="ex-subject", markup=False)
            yield Static("", id="ex-session-clock", markup=False)
        with Horizontal(id="ex-body"):
            with Vertical(id="ex-subjects-pane"):
                yield Static(t("exercises.subjects"), classes="pane-title", markup=False)
                yield OptionList(*[Option(self._subject_option(s), id=s) for s in self.subjects], id="ex-subjects")
                scope = "exercises.scope_group" if exercise.scope == "group" else "exercises.scope_participant"
                yield Static(t(scope), classes="hint", markup=False)
                if self.attendance_missing:
                    yield Static(t("exercises.no_present"), classes="hint warning", markup=False)
            with VerticalScroll(id="ex-form"):
                with Collapsible(title=t("exercises.facilitator_instructions"), collapsed=False,
                                 id="ex-facilitator"):
                    yield Static(exercise.instructions_facilitator, markup=False)
                yield Static(t("exercises.participant_instructions"), classes="ex-section", markup=False)
                yield Static(exercise.instructions_participant, id="ex-participant", markup=False)
                for index, field in enumerate(exercise.fields):
                    yield from self._field_widgets(index, field)
        yield Static("", classes="save-status", markup=False)
        yield Footer()

    @on(events.Mount)
    def start_session_clock(self) -> None:
        """One line keeps the session's clock in view while the sheet is open (item, time left, session)."""
        self.show_session_clock()
        self.set_interval(0.5, self.show_session_clock)

    def show_session_clock(self) -> None:
        source = getattr(self.live_screen, "public_view", None)
        view = source() if callable(source) else None
        line = "" if view is None else t(
            "room.exercise_clock", n=view.item_number, count=view.item_count, title=view.item_title,
            countdown=view.countdown, phase=t(f"room.phase_{view.phase}"),
            elapsed=format_mmss(view.elapsed_s), nominal=format_mmss(view.nominal_s))
        show_text(self.query_one("#ex-session-clock", Static), line)

    def _field_widgets(self, index: int, field: ExerciseField) -> ComposeResult:
        with Vertical(classes="ex-field", id=f"field-{index}"):
            yield Label(field.label, classes="ex-label", markup=False)
            if field.help:
                yield Static(field.help, classes="hint", markup=False)
            kind = field.kind
            if kind == FieldKind.TABLE:
                yield from self._table_widgets(index, field)
            elif kind == FieldKind.WEEK_GRID:
                with Grid(classes="ex-grid", id=f"grid-{index}") as grid:
                    grid.styles.grid_size_columns = len(field.days) + 1
                    yield Static("", markup=False)
                    for day in field.days:
                        yield Static(day, classes="ex-grid-head", markup=False)
                    for s, slot in enumerate(field.slots):
                        yield Static(slot, classes="ex-grid-head", markup=False)
                        for d, day in enumerate(field.days):
                            widget_id = f"g-{index}-{d}-{s}"
                            self._bind(widget_id, ("grid", index, day, slot), FieldKind.SHORT_TEXT)
                            yield Input(id=widget_id, compact=True, disabled=True)
            else:
                yield from self._value_widget(f"f-{index}", ("field", index), kind, field.options)

    def _value_widget(self, widget_id: str, path: Path, kind: FieldKind, options: list[str]) -> ComposeResult:
        self._bind(widget_id, path, kind)
        if kind == FieldKind.SHORT_TEXT:
            yield Input(id=widget_id, disabled=True, max_length=500)
        elif kind == FieldKind.LONG_TEXT:
            yield TextArea(id=widget_id, classes="ex-long", disabled=True)
        elif kind in ex.NUMBER_RANGES:
            hint = "exercises.number_hint_rating" if kind == FieldKind.RATING_10 else "exercises.number_hint_percent"
            with Horizontal(classes="ex-number-row"):
                yield Input(id=widget_id, classes="ex-number", restrict=r"[0-9 %+-]*", max_length=6,
                            placeholder=t(hint), disabled=True)
                yield Static("", id=f"err-{widget_id}", classes="ex-error", markup=False)
        elif kind == FieldKind.CHOICE:
            yield Select([(option, option) for option in options], id=widget_id, allow_blank=True,
                         prompt=t("exercises.choice_blank"), disabled=True)

    def _table_widgets(self, index: int, field: ExerciseField) -> ComposeResult:
        yield Static(t("exercises.table_help"), classes="hint", markup=False)
        yield DataTable(id=f"tbl-{index}", classes="ex-table", cursor_type="row", zebra_stripes=True)
        if not field.rows:
            with Horizontal(classes="ex-table-buttons"):
                yield Button(t("exercises.table_add_row"), id=f"add-{index}", disabled=True)
                yield Button(t("exercises.table_delete_row"), id=f"del-{index}", disabled=True)
        yield Static("", id=f"row-{index}", classes="ex-row-title", markup=False)
        for c, column in enumerate(field.columns):
            with Vertical(classes="ex-cell"):
                yield Label(column.label, classes="ex-cell-label", markup=False)
                yield from self._value_widget(f"c-{index}-{c}", ("cell", index, column.id), column.kind,
                                              column.options)

    def _bind(self, widget_id: str, path: Path, kind: FieldKind) -> None:
        self._paths[widget_id] = path
        self._kinds[widget_id] = kind

    def _subject_option(self, subject: str) -> str:
        values = self.answers.get(subject)
        mark = "✓" if values and ex.completion(self.exercise, values).started else " "
        return f"{mark} {subject_label(subject, self.exercise)}"

    # -- loading ------------------------------------------------------------------------------
    def on_mount(self) -> None:
        for index, field in enumerate(self.exercise.fields):
            if field.kind == FieldKind.TABLE:
                table = self.query_one(f"#tbl-{index}", DataTable)
                table.add_column(" " if field.rows else "#", key="_row")
                width = min(CELL_WIDTH, max(10, 96 // max(1, len(field.columns))))
                for column in field.columns:
                    table.add_column(column.label[:width], key=column.id, width=width)
        self.query_one("#ex-subjects", OptionList).highlighted = 0
        self.set_interval(0.5, self.refresh_countdown)
        self.load()

    @work(thread=True, exclusive=True, group="exercise-load")
    def load(self) -> None:
        app = self.console
        store = self.store
        app.pseudonymiser(self.cycle_id)  # reads the roster once, off the UI
        answers: dict[str, dict] = {}
        try:
            docs = store.exercise_answers(self.cycle_id, self.number)
        except UserError as exc:  # a damaged exercises file: named with its backup, never written over
            self.post_message(LoadFailed(exc.message))
            return
        for doc in docs:
            if doc.get("exercise_id") == self.exercise.id:
                answers[doc["subject"]] = ex.normalise_answers(self.exercise, doc.get("values") or {}, strict=False)
        now = app.clock.now()
        try:
            started = store.exercise_started_at(self.cycle_id, self.number, self.exercise.id, now)
        except Exception:  # noqa: BLE001 - the countdown then starts now; answers still load
            started = now
        self.post_message(ExercisesLoaded(answers, started))

    def on_exercises_loaded(self, message: ExercisesLoaded) -> None:
        self.started_at = message.started_at
        for subject, values in message.answers.items():
            self.saved[subject] = values
            if subject not in self.subjects:  # answered earlier, e.g. marked absent since
                self.subjects.insert(len(self.subjects) - 1, subject)
        self.answers = {subject: self._editable(values) for subject, values in message.answers.items()}
        self.loaded = True
        for widget in self.query("#ex-form Input, #ex-form TextArea, #ex-form Select, #ex-form Button"):
            widget.disabled = False
        self._refresh_subjects(rebuild=True)
        self.show_subject(self.subject)
        self.refresh_countdown()
        self.focus_first_field()

    def _editable(self, values: dict) -> dict:
        """A copy of normalised values ready for editing (free tables get one row to type in)."""
        import copy

        editable = copy.deepcopy(values)
        for field in self.exercise.fields:
            if field.kind == FieldKind.TABLE and not field.rows and not editable.get(field.id):
                editable[field.id] = [ex.empty_row(field)]
        return editable

    def values_of(self, subject: str) -> dict:
        if subject not in self.answers:
            self.answers[subject] = self._editable(ex.empty_answers(self.exercise))
        return self.answers[subject]

    # -- countdown ----------------------------------------------------------------------------
    def refresh_countdown(self) -> None:
        minutes = self.exercise.minutes
        now = self.console.clock.now()
        remaining = minutes * 60 - (now - (self.started_at if self.started_at is not None else now))
        widget = self.query_one("#ex-countdown", Static)
        if remaining < 0:
            text = t("exercises.countdown_over", time=format_mmss(-remaining), minutes=minutes)
        else:
            text = t("exercises.countdown", time=format_mmss(remaining), minutes=minutes)
        show_text(widget, text)  # repaint only when the second changes
        widget.set_class(remaining < 0, "overtime")

    # -- showing a subject --------------------------------------------------------------------
    def show_subject(self, subject: str) -> None:
        self.subject = subject
        values = self.values_of(subject)
        for index, field in enumerate(self.exercise.fields):
            if field.kind == FieldKind.TABLE:
                self._table_row[index] = 0
                self._fill_table(index, field, values[field.id])
                self._show_row(index)
        self._sync_widgets(skip_focused=False)
        self._refresh_header()

    def _refresh_header(self) -> None:
        """The subject and its count of fields filled in (run on each keystroke: repainted only when it changes)."""
        values = self.values_of(self.subject)
        done = ex.completion(self.exercise, values)
        show_text(self.query_one("#ex-subject", Static), t(
            "exercises.answering", subject=subject_label(self.subject, self.exercise), done=str(done)))

    def _refresh_subjects(self, *, rebuild: bool = False) -> None:
        """Update the ✓ marks (and, once after loading, the list itself) without moving the cursor."""
        options = self.query_one("#ex-subjects", OptionList)
        if rebuild:
            with self.prevent(OptionList.OptionHighlighted):
                options.clear_options()
                options.add_options([Option(self._subject_option(s), id=s) for s in self.subjects])
                options.highlighted = self.subjects.index(self.subject) if self.subject in self.subjects else 0
            return
        for subject in self.subjects:
            options.replace_option_prompt(subject, self._subject_option(subject))

    def _fill_table(self, index: int, field: ExerciseField, rows: list[dict]) -> None:
        table = self.query_one(f"#tbl-{index}", DataTable)
        row = min(self._table_row.get(index, 0), max(len(rows) - 1, 0))
        self._table_row[index] = row
        with self.prevent(DataTable.RowHighlighted):
            table.clear()
            for r, values in enumerate(rows):
                cells = [_cell_text(column.kind, values.get(column.id)) for column in field.columns]
                if field.rows:
                    label = field.rows[r] if r < len(field.rows) else ""
                    cells.insert(0, label[:CELL_WIDTH])
                else:
                    cells.insert(0, str(r + 1))
                table.add_row(*cells, key=str(r))
            if rows:
                table.move_cursor(row=row)

    def _row_label(self, index: int, field: ExerciseField, row: int) -> str:
        if field.rows and row < len(field.rows):
            return field.rows[row]
        return t("exercises.table_row", n=row + 1)

    def _show_row(self, index: int) -> None:
        field = self.exercise.fields[index]
        row = self._table_row.get(index, 0)
        self.query_one(f"#row-{index}", Static).update(
            t("exercises.table_edit_row", row=self._row_label(index, field, row)))
        self._sync_widgets(skip_focused=False, only_field=index)

    # -- model access -------------------------------------------------------------------------
    def _get(self, path: Path, values: dict | None = None) -> Any:
        values = self.values_of(self.subject) if values is None else values
        field = self.exercise.fields[path[1]]
        value = values.get(field.id)
        if path[0] == "field":
            return value
        if path[0] == "cell":
            row = self._table_row.get(path[1], 0)
            rows = value or []
            return rows[row].get(path[2]) if row < len(rows) else None
        return (value or {}).get(path[2], {}).get(path[3], "")

    def _set(self, path: Path, new: Any) -> bool:
        values = self.values_of(self.subject)
        field = self.exercise.fields[path[1]]
        if path[0] == "field":
            changed = values.get(field.id) != new
            values[field.id] = new
            return changed
        if path[0] == "cell":
            row = self._table_row.get(path[1], 0)
            rows = values.setdefault(field.id, [])
            while len(rows) <= row:
                rows.append(ex.empty_row(field))
            changed = rows[row].get(path[2]) != new
            rows[row][path[2]] = new
            return changed
        grid = values.setdefault(field.id, {})
        changed = grid.setdefault(path[2], {}).get(path[3], "") != new
        grid[path[2]][path[3]] = new
        return changed

    def _focused_id(self) -> str | None:
        focused = self.app.focused
        return focused.id if focused is not None and focused.id in self._paths else None

    def _sync_widgets(self, *, skip_focused: bool = True, only_field: int | None = None) -> None:
        """Show the model's values in the widgets (not in the one being typed in)."""
        focused = self._focused_id() if skip_focused else None
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
            for widget_id, path in self._paths.items():
                if widget_id == focused or (only_field is not None and path[1] != only_field):
                    continue
                value = self._get(path)
                widget = self.query_one(f"#{widget_id}")
                kind = self._kinds[widget_id]
                if isinstance(widget, TextArea):
                    if widget.text != (value or ""):
                        widget.load_text(value or "")
                elif isinstance(widget, Select):
                    target = value if value is not None else Select.NULL
                    if widget.value != target:
                        if value is None:
                            widget.clear()
                        else:
                            widget.value = value
                elif isinstance(widget, Input):
                    text = "" if value is None else str(value)
                    if kind in ex.NUMBER_RANGES:
                        self._number_error(widget_id, None)
                    if widget.value != text:
                        widget.value = text

    # -- typing -------------------------------------------------------------------------------
    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        if event.input.id in self._paths:
            self._typed(event.input.id, event.value)

    @on(TextArea.Changed)
    def text_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in self._paths:
            self._typed(event.text_area.id, event.text_area.text)

    @on(Select.Changed)
    def select_changed(self, event: Select.Changed) -> None:
        if event.select.id in self._paths:
            self._typed(event.select.id, None if event.value is Select.NULL else event.value)

    def _typed(self, widget_id: str, raw: Any) -> None:
        if not self.loaded:
            return
        kind = self._kinds[widget_id]
        path = self._paths[widget_id]
        value = raw
        if kind in ex.NUMBER_RANGES:
            try:
                value = ex.parse_number(kind, raw, widget_id)
            except ex.AnswerError as error:
                self._number_error(widget_id, error)
                return
            self._number_error(widget_id, None)
        if not self._set(path, value):
            return
        if path[0] == "cell":
            self._refresh_cell(path)
        self._changed()

    def _number_error(self, widget_id: str, error: ex.AnswerError | None) -> None:
        message = ""
        if error is not None:
            key = f"exercises.err_{error.reason}"
            try:
                message = t(key, **{k: v for k, v in error.params.items() if k in ("low", "high")})
            except KeyError:
                message = t("exercises.err_other")
            low, high = ex.NUMBER_RANGES[self._kinds[widget_id]]
            if error.reason == "not_a_number":
                message = t("exercises.err_out_of_range", low=low, high=high)
        self.query_one(f"#err-{widget_id}", Static).update(message)
        self.query_one(f"#{widget_id}", Input).set_class(error is not None, "refused")

    def _refresh_cell(self, path: Path) -> None:
        index, column_id = path[1], path[2]
        field = self.exercise.fields[index]
        column: Column = next(c for c in field.columns if c.id == column_id)
        row = self._table_row.get(index, 0)
        table = self.query_one(f"#tbl-{index}", DataTable)
        if row < table.row_count:
            table.update_cell(str(row), column_id, _cell_text(column.kind, self._get(path)))

    def _changed(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY_S, self.flush)
        self._refresh_header()

    @on(events.DescendantBlur)
    def field_left(self, event: events.DescendantBlur) -> None:
        if not self.loaded:
            return
        widget_id = event.widget.id
        if widget_id in self._paths and self._kinds[widget_id] in ex.NUMBER_RANGES:
            # a refused number is not kept: show the last accepted value again
            with self.prevent(Input.Changed):
                value = self._get(self._paths[widget_id])
                widget = self.query_one(f"#{widget_id}", Input)
                text = "" if value is None else str(value)
                if widget.value != text:
                    widget.value = text
        self.flush()

    # -- saving -------------------------------------------------------------------------------
    def flush(self) -> None:
        """Pseudonymise the current subject's answer and queue it for saving if it changed."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.loaded:
            return
        subject = self.subject
        values = self.values_of(subject)
        pseudonymise = self.console.pseudonymiser(self.cycle_id).pseudonymise
        focused = self._focused_id()
        focused_path = self._paths.get(focused) if focused else None
        self._pseudonymise_in_place(values, pseudonymise, focused_path)
        try:
            normal = ex.normalise_answers(self.exercise, values)
        except ex.AnswerError as error:  # the widgets only write valid values; keep typing safe anyway
            self.notify(str(error), severity="warning", markup=False)
            return
        clean = ex.map_texts(self.exercise, normal, pseudonymise)
        self._sync_widgets()
        if clean == self.saved.get(subject, ex.empty_answers(self.exercise)):
            return
        self.saved[subject] = clean
        self._save(subject, clean)
        self._refresh_subjects()
        self._refresh_header()

    def _pseudonymise_in_place(self, values: dict, pseudonymise: Any, skip: Path | None) -> None:
        for index, field in enumerate(self.exercise.fields):
            value = values.get(field.id)
            if field.kind in ex.TEXT_KINDS and isinstance(value, str) and value.strip():
                if skip != ("field", index):
                    values[field.id] = pseudonymise(value)
            elif field.kind == FieldKind.TABLE and isinstance(value, list):
                text_columns = [c.id for c in field.columns if c.kind in ex.TEXT_KINDS]
                for r, row in enumerate(value):
                    for column_id in text_columns:
                        cell = row.get(column_id)
                        editing = skip == ("cell", index, column_id) and r == self._table_row.get(index, 0)
                        if isinstance(cell, str) and cell.strip() and not editing:
                            row[column_id] = pseudonymise(cell)
                self._fill_table_cells(index, field, value)
            elif field.kind == FieldKind.WEEK_GRID and isinstance(value, dict):
                for day, slots in value.items():
                    for slot, text in slots.items():
                        if isinstance(text, str) and text.strip() and skip != ("grid", index, day, slot):
                            slots[slot] = pseudonymise(text)

    def _fill_table_cells(self, index: int, field: ExerciseField, rows: list[dict]) -> None:
        table = self.query_one(f"#tbl-{index}", DataTable)
        for r, row in enumerate(rows):
            if r >= table.row_count:
                break
            for column in field.columns:
                set_cell(table, str(r), column.id, _cell_text(column.kind, row.get(column.id)))

    def _save(self, subject: str, values: dict) -> None:
        store = self.store
        cycle_id, number, exercise_id, item_id = self.cycle_id, self.number, self.exercise.id, self.item_id

        def save() -> None:
            store.save_exercise_answer(cycle_id, number, exercise_id=exercise_id, subject=subject,
                                       item_id=item_id, values=values)

        self.console.save(t("exercises.what_answer", title=self.exercise.title,
                        subject=subject_label(subject, self.exercise)), save)

    # -- tables -------------------------------------------------------------------------------
    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table_id = event.data_table.id or ""
        if not table_id.startswith("tbl-") or not self.loaded:
            return
        index = int(table_id.removeprefix("tbl-"))
        if self._table_row.get(index) == event.cursor_row:
            return
        self.flush()
        self._table_row[index] = event.cursor_row
        self._show_row(index)

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        table_id = event.data_table.id or ""
        if table_id.startswith("tbl-"):
            index = int(table_id.removeprefix("tbl-"))
            cells = self.query(f"#field-{index} .ex-cell Input, #field-{index} .ex-cell TextArea, "
                               f"#field-{index} .ex-cell Select")
            if cells:
                cells.first().focus()

    @on(Button.Pressed)
    def table_button(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if not button_id.startswith(("add-", "del-")) or not self.loaded:
            return
        index = int(button_id[4:])
        field = self.exercise.fields[index]
        self.flush()
        rows = self.values_of(self.subject).setdefault(field.id, [])
        if button_id.startswith("add-"):
            rows.append(ex.empty_row(field))
            self._table_row[index] = len(rows) - 1
        else:
            row = self._table_row.get(index, 0)
            if row < len(rows):
                rows.pop(row)
            if not rows:
                rows.append(ex.empty_row(field))
            self._table_row[index] = min(row, len(rows) - 1)
            self._changed()
        self._fill_table(index, field, rows)
        self._show_row(index)
        if button_id.startswith("add-"):
            self.call_after_refresh(self._focus_first_cell, index)

    def _focus_first_cell(self, index: int) -> None:
        cells = self.query(f"#field-{index} .ex-cell Input, #field-{index} .ex-cell TextArea, "
                           f"#field-{index} .ex-cell Select")
        if cells:
            cells.first().focus()

    # -- subjects and leaving -----------------------------------------------------------------
    @on(OptionList.OptionSelected, "#ex-subjects")
    @on(OptionList.OptionHighlighted, "#ex-subjects")
    def subject_chosen(self, event: OptionList.OptionSelected | OptionList.OptionHighlighted) -> None:
        subject = event.option.id
        if subject and subject != self.subject and self.loaded:
            self.switch_subject(subject)
        if isinstance(event, OptionList.OptionSelected) and self.loaded:
            self.focus_first_field()  # Enter on a participant: start typing his answer

    def switch_subject(self, subject: str) -> None:
        self.flush()
        self.show_subject(subject)
        options = self.query_one("#ex-subjects", OptionList)
        if subject in self.subjects and options.highlighted != self.subjects.index(subject):
            options.highlighted = self.subjects.index(subject)

    def _step_subject(self, step: int) -> None:
        if not self.loaded:
            return
        index = (self.subjects.index(self.subject) + step) % len(self.subjects)
        self.switch_subject(self.subjects[index])
        self.focus_first_field()  # F3/F4: the next answer starts at its first field, not mid-form

    def focus_first_field(self) -> None:
        editable = self.query("#ex-form .ex-field Input, #ex-form .ex-field TextArea, #ex-form .ex-field Select")
        if editable:
            editable.first().focus()

    def action_previous_subject(self) -> None:
        self._step_subject(-1)

    def action_next_subject(self) -> None:
        self._step_subject(1)

    def action_back(self) -> None:
        focused = self.app.focused
        if isinstance(focused, Widget) and focused.id in self._paths:
            self.set_focus(None)
        self.flush()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self.loaded:
            self.flush_quietly()

    def flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - the screen is going away; nothing more to show
            pass
