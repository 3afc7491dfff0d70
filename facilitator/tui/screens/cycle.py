"""The cycle view: sessions 1-8 with status, participants' attendance, roster; start or resume."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Static, TabbedContent, TabPane, TextArea

from facilitator.core.models import SESSIONS_PER_CYCLE, Cycle, SessionRun, SessionStatus
from facilitator.core.pseudonymise import Roster
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.tui.access import ConsoleAccess
from facilitator.tui.loading import Loaded, LoadFailed, Loads

if TYPE_CHECKING:  # core.review (statistics, instruments) is imported when a cycle is first shown
    from facilitator.core.followup_items import FollowUp
    from facilitator.core.review import Attendance

ATTENDANCE_MARKS = {"present": "P", "late": "R", "absent": "A", "excused": "E", "not_admitted": "N"}


def status_text(status: SessionStatus) -> str:
    return t(f"console.status_{status.value}")


class CycleScreen(ConsoleAccess, Loads, Screen):
    """Sessions with their status, participants with their attendance so far."""

    LOAD_ERROR_AT = "#cycle-title"

    BINDINGS = [
        Binding("s", "start_session", t("console.key_start_session"), id="start_session"),
        Binding("r", "roster", t("console.key_roster"), id="roster"),
        Binding("1", "tab('sessions')", t("console.tab_sessions"), id="tab_sessions"),
        Binding("2", "tab('attendance')", t("console.tab_attendance"), id="tab_attendance"),
        Binding("3", "tab('homework')", t("console.tab_homework"), id="tab_homework"),
        Binding("4", "tab('questionnaires')", t("console.tab_questionnaires"), id="tab_questionnaires"),
        Binding("5", "tab('followups')", t("participant.tab_followups"), id="tab_followups"),
        Binding("v", "participant", t("participant.key_open"), id="participant"),
        Binding("u", "new_followup", t("participant.key_new_item"), id="new_followup"),
        Binding("a", "late_inclusion", t("participant.key_late"), id="late_inclusion"),
        Binding("escape", "back", t("common.back"), id="back"),
    ]

    def __init__(self, cycle_id: str, *, resume: int | None = None) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.resume = resume   # an interrupted session to offer to resume as soon as the cycle is shown
        self.cycle: Cycle | None = None
        self.runs: dict[int, SessionRun] = {}
        self.statuses: dict[int, SessionStatus] = {}
        self.forms: dict[tuple[str, str, str], dict] = {}
        self.questionnaire_columns: list[tuple[str, str]] = []
        self.followups: list[FollowUp] = []
        self.records: dict = {}      # participant records (late inclusions count from the session they joined)
        self._shown_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cycle"):
            yield Static("", id="cycle-title", classes="screen-title", markup=False)
            with TabbedContent(id="cycle-tabs"):
                with TabPane(t("console.tab_sessions"), id="tab-sessions"):
                    yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                with TabPane(t("console.tab_attendance"), id="tab-attendance"):
                    yield DataTable(id="attendance", cursor_type="row", zebra_stripes=True)
                    yield Static(t("console.attendance_legend"), classes="hint", markup=False)
                with TabPane(t("console.tab_homework"), id="tab-homework"):
                    yield DataTable(id="homework", cursor_type="row", zebra_stripes=True)
                    yield Static(t("console.homework_legend"), classes="hint", markup=False)
                with TabPane(t("console.tab_questionnaires"), id="tab-questionnaires"):
                    # the participant column stays in view when the time points scroll sideways
                    yield DataTable(id="questionnaires", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
                    programme = self.console.programme
                    timepoints = " · ".join(f"{due.timepoint} {due.label}" for due in programme.questionnaires_due)
                    yield Static(t("console.questionnaires_legend", timepoints=timepoints), classes="hint",
                                 markup=False)
                with TabPane(t("participant.tab_followups"), id="tab-followups"):
                    yield DataTable(id="followups", cursor_type="row", zebra_stripes=True)
                    yield Static(t("participant.followups_legend"), classes="hint", markup=False)
            yield Static("", classes="save-status", markup=False)
        yield Footer()

    def on_screen_resume(self) -> None:
        """Read the cycle each time the view is shown: when first pushed, and on coming back to it."""
        self.load()

    @work(thread=True, exclusive=True, group="cycle-load")
    def load(self) -> None:
        from facilitator.storage.participants import Participants

        store = self.store
        saver = self.console.saver
        if saver is not None:  # show what was just done (e.g. a session ended) once it is on disk
            saver.wait_idle(5.0)
        try:
            cycle = store.get_cycle(self.cycle_id)
            runs = store.runs(self.cycle_id)
            statuses = store.session_statuses(self.cycle_id, runs)
            forms = store.questionnaire_forms(self.cycle_id)
            people = Participants(store)
            records = people.records(self.cycle_id)
            followups = people.followups(self.cycle_id, runs, records)
            self.records = records   # a plain attribute, read by _show on the UI thread after this
        except UserError as exc:  # a damaged file: name it and its latest good backup; nothing is written
            self.post_message(LoadFailed(exc.message))
            return
        try:
            self.console.pseudonymiser(self.cycle_id)  # reads the roster, for F9
        except UserError:
            pass   # a damaged roster hides no session: the roster screen (r) names it and its backup
        self.post_message(Loaded(self._show, cycle, runs, statuses, forms))
        self.post_message(Loaded(self._show_followups, followups))

    def _show(self, cycle: Cycle, runs: dict[int, SessionRun], statuses: dict[int, SessionStatus],
              forms: list[dict]) -> None:
        self.cycle, self.runs, self.statuses = cycle, runs, statuses
        self.forms = {(f["participant"], f["timepoint"], f["instrument"]): f["answers"] for f in forms}
        facilitators = ", ".join(f"{f.code} {f.initials} ({f.role})" for f in cycle.facilitators)
        names = f" · {t('participant.names_on')}" if self.console.show_names else ""
        self.query_one("#cycle-title", Static).update(  # the id is what report, booklet and purge ask for
            f"{cycle.label} · {cycle.site} · {cycle.start_date:%d/%m/%Y} · {facilitators}{names} · "
            + t("room.cycle_id", id=cycle.id))
        from facilitator.core.review import attendance

        summary = attendance(cycle, runs, self.records)
        programme = self.console.programme
        sessions = self.query_one("#sessions", DataTable)
        cursor = sessions.cursor_row
        sessions.clear()
        if not sessions.columns:  # columns once: re-adding them on a reload lost their widths
            sessions.add_columns(t("console.col_session"), t("console.col_title"), t("console.col_status"),
                                 t("console.col_present"), t("console.col_date"))
        for number in range(1, SESSIONS_PER_CYCLE + 1):
            run = runs[number]
            try:
                title = programme.session(number).title
            except KeyError:
                title = "—"
            present = summary.sessions[number - 1].attended
            when = ""
            if run.started_at:
                from datetime import datetime

                when = datetime.fromtimestamp(run.started_at).strftime("%d/%m %H:%M")
            status = status_text(statuses[number])
            if statuses[number] == SessionStatus.INTERRUPTED:
                status = "⚠ " + status
            sessions.add_row(str(number), Text(title), status,
                             f"{present}/{len(cycle.participants)}" if run.attendance else "", when,
                             key=str(number))
        if (self._shown_once and cursor is not None and cursor < sessions.row_count
                and statuses[cursor + 1] != SessionStatus.DONE):
            sessions.move_cursor(row=cursor)
        else:
            sessions.move_cursor(row=self._suggested_session() - 1)
        if not self._shown_once:  # on a reload keep the tab and the focus the user had
            sessions.focus()
            self._shown_once = True
        if self.resume is not None and statuses.get(self.resume) == SessionStatus.INTERRUPTED:
            sessions.move_cursor(row=self.resume - 1)
            self.resume = None
            self.call_after_refresh(self.action_start_session)
        self._show_attendance(summary)
        self._show_homework(cycle, runs)
        self._show_questionnaires(cycle)

    def _show_followups(self, items: list[FollowUp]) -> None:
        """The cycle's follow-up list, open items first: saved items, flags, absences to call back."""
        from datetime import date

        from facilitator.tui.screens.participant import fill_followups

        self.followups = items
        table = self.query_one("#followups", DataTable)
        cursor = table.cursor_row
        app = self.console
        fill_followups(table, items, date.fromtimestamp(app.clock.now()),
                       lambda code: app.code_label(self.cycle_id, code))
        if cursor is not None and cursor < table.row_count:
            table.move_cursor(row=cursor)
        still_open = sum(1 for item in items if item.is_open)
        label = t("participant.tab_followups") + (f" ({still_open})" if still_open else "")
        self.query_one("#cycle-tabs", TabbedContent).get_tab("tab-followups").label = label

    @on(DataTable.RowSelected, "#followups")
    def followup_selected(self, event: DataTable.RowSelected) -> None:
        item = next((i for i in self.followups if i.id == event.row_key.value), None)
        if item is None or self.cycle is None:
            return
        from facilitator.tui.screens.participant import open_followup

        open_followup(self, self.cycle, item, on_saved=lambda _saved: self.load())

    def action_new_followup(self) -> None:
        """A follow-up item raised outside a session (a call, a message), for any participant."""
        if self.cycle is None:
            return
        from facilitator.tui.screens.participant import open_followup

        open_followup(self, self.cycle, None, on_saved=lambda _saved: self.load())

    def action_late_inclusion(self) -> None:
        """A participant joining after the cycle started: a new code, included from a session."""
        if self.cycle is None:
            return
        from datetime import date

        from facilitator.tui.screens.participant import LateInclusionScreen, save_record_change

        cycle, app = self.cycle, self.console

        def chosen(result: tuple | None) -> None:
            if result is None:
                return
            code, event = result
            actor = cycle.facilitators[0].code if cycle.facilitators else "console"
            save_record_change(app, t("participant.what_event"), cycle.id, actor, code, "late_inclusion", event,
                               done=lambda _r: self.load())

        now = app.clock.now()
        app.push_screen(LateInclusionScreen(cycle, self._suggested_session(), date.fromtimestamp(now), now), chosen)

    @on(DataTable.RowSelected, "#attendance")
    def attendance_selected(self, event: DataTable.RowSelected) -> None:
        self.action_participant()

    def action_participant(self) -> None:
        """The participant's path: the row under the cursor of the tab shown (the first participant otherwise)."""
        if self.cycle is None:
            return
        from facilitator.tui.screens.participant import ParticipantScreen

        code = self.cycle.participants[0]
        active = self.query_one("#cycle-tabs", TabbedContent).active.removeprefix("tab-")
        if active in ("attendance", "homework", "questionnaires"):
            row = self.query_one(f"#{active}", DataTable).cursor_row or 0
            code = self.cycle.participants[min(row, len(self.cycle.participants) - 1)]
        elif active == "followups" and self.followups:
            row = self.query_one("#followups", DataTable).cursor_row or 0
            code = self.followups[min(row, len(self.followups) - 1)].participant
        self.app.push_screen(ParticipantScreen(self.cycle_id, code))

    def names_changed(self) -> None:
        """F9 showed or hid first names: redraw the tables that show participants."""
        self.load()

    def _suggested_session(self) -> int:
        for number, status in sorted(self.statuses.items()):
            if status in (SessionStatus.INTERRUPTED, SessionStatus.IN_PROGRESS):
                return number
        for number, status in sorted(self.statuses.items()):
            if status != SessionStatus.DONE:
                return number
        return SESSIONS_PER_CYCLE

    def _show_attendance(self, summary: Attendance) -> None:
        """Each participant's mark at every session, and sessions attended out of the sessions done."""
        table = self.query_one("#attendance", DataTable)
        table.clear()
        if not table.columns:
            table.add_columns(t("console.col_participant"), *[f"S{n}" for n in range(1, SESSIONS_PER_CYCLE + 1)],
                              t("console.col_rate"), t("participant.col_craving"))
        from facilitator.core.participant import checkin_trend

        held = len(summary.sessions_done)
        for person in summary.participants:
            marks = [ATTENDANCE_MARKS.get(status, "?") if status else "·" for status in person.statuses.values()]
            rate = f"{person.attended}/{held}" if held else "—"
            dropout = f" ({t('console.dropout')})" if person.dropout else ""
            record = self.records.get(person.code)
            craving = checkin_trend(record).craving if record is not None and record.checkins else ""
            table.add_row(self.console.code_label(self.cycle_id, person.code) + dropout,
                          *marks, rate, craving, key=person.code)

    def _show_homework(self, cycle: Cycle, runs: dict[int, SessionRun]) -> None:
        table = self.query_one("#homework", DataTable)
        table.clear()
        # the review of session n's homework is recorded in session n+1
        if not table.columns:
            table.add_columns(t("console.col_participant"), *[f"S{n}" for n in range(1, 8)])
        marks = {"done": "✓", "partly": "½", "not_done": "✗"}
        for code in cycle.participants:
            cells = []
            for number in range(1, SESSIONS_PER_CYCLE):
                review = runs[number + 1].homework_review.get(code)
                cells.append(marks.get(review.status, "?") if review else "·")
            table.add_row(code, *cells, key=code)

    def _show_questionnaires(self, cycle: Cycle) -> None:
        """Completion matrix participants x time points x instruments (done, partial, missing)."""
        from facilitator.core.instruments import INSTRUMENT_IDS, completion
        from facilitator.core.review import timepoints_of

        table = self.query_one("#questionnaires", DataTable)
        cursor = table.cursor_coordinate
        # the time points the programme declares (T0-T2, a follow-up...), plus any found in older data
        timepoints = timepoints_of(self.console.programme.timepoints,
                                   [{"timepoint": tp} for _, tp, _ in self.forms])
        programme = self.console.programme
        columns = [(tp, inst) for tp in timepoints for inst in INSTRUMENT_IDS if inst in programme.instruments_at(tp)]
        table.clear(columns=columns != self.questionnaire_columns)
        self.questionnaire_columns = columns
        if not table.columns:
            table.add_column(t("console.col_participant"), key="code")
            for tp, inst in self.questionnaire_columns:
                table.add_column(f"{tp} {inst.upper()}", key=f"{tp}:{inst}")
        marks = {state: t(f"console.form_{state}") for state in ("done", "partial", "missing")}
        for code in cycle.participants:
            cells = [marks[completion(inst, self.forms.get((code, tp, inst)))]
                     for tp, inst in self.questionnaire_columns]
            table.add_row(code, *cells, key=code)
        if cursor.row < table.row_count:
            table.move_cursor(row=cursor.row, column=max(1, cursor.column))
        else:
            table.move_cursor(column=1)

    @on(DataTable.CellSelected, "#questionnaires")
    def questionnaire_selected(self, event: DataTable.CellSelected) -> None:
        if self.cycle is None or event.coordinate.column == 0:
            return
        from datetime import date

        from facilitator.tui.screens.questionnaires import QuestionnaireScreen

        code = self.cycle.participants[event.coordinate.row]
        timepoint, instrument = self.questionnaire_columns[event.coordinate.column - 1]
        store = self.store
        cycle_id = self.cycle_id

        def save(answers: dict) -> None:
            # run by the save queue, in order with every other save
            store.save_questionnaire(cycle_id, participant=code, timepoint=timepoint, instrument=instrument,
                                     answers=answers)

        today = date.fromtimestamp(self.console.clock.now())
        options: dict = {}
        if instrument in ("ceq-s", "ceq-f"):
            options = self._ceq_products(code, timepoint, instrument)
        elif instrument == "tlfb":  # the group's sessions are recall anchors on the calendar
            options = {"marker_days": {date.fromtimestamp(run.started_at): t("instruments.session_marker", n=number)
                                       for number, run in self.runs.items() if run.started_at}}
        self.app.push_screen(QuestionnaireScreen(instrument, code, timepoint,
                                                 answers=self.forms.get((code, timepoint, instrument)),
                                                 on_change=save, assessment_date=today, **options))

    def _ceq_products(self, code: str, timepoint: str, instrument: str) -> dict:
        """The CEQ product to propose: the one rated at the first time point, else this time point's other form."""
        from facilitator.core.instruments import ceq_baseline_product

        timepoints = list(dict.fromkeys(tp for tp, _ in self.questionnaire_columns))
        forms = [{"participant": p, "timepoint": tp, "instrument": i, "answers": a}
                 for (p, tp, i), a in self.forms.items()]
        other = self.forms.get((code, timepoint, "ceq-f" if instrument == "ceq-s" else "ceq-s")) or {}
        return {"baseline_product": ceq_baseline_product(forms, code, timepoint, timepoints),
                "baseline_timepoint": timepoints[0] if timepoints else "T0",
                "product": str(other.get("product") or "") if isinstance(other, dict) else ""}

    def selected_session(self) -> int:
        table = self.query_one("#sessions", DataTable)
        return (table.cursor_row or 0) + 1

    @on(DataTable.RowSelected, "#sessions")
    def session_selected(self, event: DataTable.RowSelected) -> None:
        self.action_start_session()

    def action_start_session(self) -> None:
        if self.cycle is None:
            return
        number = self.selected_session()
        status = self.statuses.get(number, SessionStatus.PLANNED)
        if status == SessionStatus.DONE:  # its end-of-session summary, read again
            self._show_summary(number)
            return
        if status == SessionStatus.IN_PROGRESS:
            self.notify(t("console.session_running_elsewhere", n=number), severity="warning")
            return
        from facilitator.tui.screens.live import LiveScreen

        if status == SessionStatus.INTERRUPTED:
            from facilitator.core.live import interruption_of

            gap = interruption_of(self.runs[number], self.console.clock.now())

            def chosen(choice: str | None) -> None:
                if choice in ("count", "skip"):
                    self.app.push_screen(LiveScreen(self.cycle_id, number, count_gap=choice == "count"))

            self.app.push_screen(ResumeScreen(number, gap), chosen)
            return

        from datetime import date

        from facilitator.tui.screens.live import KeyboardScreen

        def confirmed(code: str | None) -> None:
            if code:
                self.app.push_screen(LiveScreen(self.cycle_id, number, at_keyboard=code))

        # one question: start, and who is at the keyboard (Enter or y with the highlighted facilitator)
        question = t("console.confirm_start", n=number)
        today = date.fromtimestamp(self.console.clock.now())
        if today < self.cycle.start_date:  # starting before the cycle's start date is probably a mistake
            question += "\n" + t("room.before_start_date", date=self.cycle.start_date.strftime("%d/%m/%Y"))
        self.app.push_screen(KeyboardScreen(self.cycle, None, question=question), confirmed)

    def _show_summary(self, number: int) -> None:
        from facilitator.tui.screens.live import open_summary

        open_summary(self, self.cycle_id, number, self.runs[number])

    def action_tab(self, name: str) -> None:
        self.query_one("#cycle-tabs", TabbedContent).active = f"tab-{name}"
        self.query_one(f"#{name}", DataTable).focus()

    def action_roster(self) -> None:
        if self.cycle is not None:
            self.app.push_screen(RosterScreen(self.cycle))

    def action_back(self) -> None:
        self.app.pop_screen()


class ConfirmScreen(ConsoleAccess, ModalScreen[bool]):
    """A yes/no question."""

    quitting = False    # True when it asks whether to quit (Ctrl+Q then asks only once)

    BINDINGS = [Binding("escape", "no", t("common.no"), id="no"), Binding("y,o", "yes", t("common.yes"), id="yes")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("common.yes"), id="yes", variant="primary")
                yield Button(t("common.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ResumeScreen(ConsoleAccess, ModalScreen[str | None]):
    """Resume an interrupted session, counting the time the console was down or not."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, number: int, gap_s: float) -> None:
        super().__init__()
        self.number = number
        self.gap_s = gap_s

    def compose(self) -> ComposeResult:
        from facilitator.core.clock import format_mmss

        with Vertical(classes="dialog wide"):
            yield Static(t("console.confirm_resume", n=self.number), classes="dialog-title", markup=False)
            if self.gap_s >= 1:
                gap = format_mmss(self.gap_s)
                yield Static(t("console.resume_gap", gap=gap), markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(t("console.resume_count", gap=gap), id="count", variant="primary")
                    yield Button(t("console.resume_skip"), id="skip")
                    yield Button(t("common.cancel"), id="cancel")
            else:
                yield Static(t("console.resume_paused"), markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(t("console.resume_plain"), id="count", variant="primary")
                    yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#count", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id != "cancel" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RosterScreen(ConsoleAccess, Loads, ModalScreen[None]):
    """The cycle's roster (codes -> first names), kept in its own file and never exported."""

    LOAD_ERROR_AT = "#roster-error"

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f2", "save", t("common.save"), id="save")]

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        self.cycle = cycle
        self.load_error = ""   # set when the roster file cannot be read: then nothing is saved over it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("console.roster_title"), classes="dialog-title", markup=False)
            yield Static(t("console.roster_help"), classes="hint", markup=False)
            yield TextArea(id="roster-text", soft_wrap=False)
            yield Static("", id="roster-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("common.save") + " (F2)", id="save", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True)
    def load(self) -> None:
        try:
            roster = self.store.load_roster(self.cycle.id)
        except UserError as exc:  # a damaged roster file is shown, never replaced by an empty roster
            self.post_message(LoadFailed(exc.message))
            return
        known = {entry.code for entry in roster.entries}
        text = roster.to_text()
        missing = [code for code in [*self.cycle.participants, *(f.code for f in self.cycle.facilitators)]
                   if code not in known]
        if missing:
            text = (text.rstrip("\n") + "\n" if text.strip() else "") + "\n".join(f"{c}: " for c in missing)
        self.post_message(Loaded(self._loaded, text))

    def load_failed(self, error: str) -> None:
        super().load_failed(error)
        self.load_error = t("protect.load_failed", error=error)
        self.query_one("#save", Button).disabled = True

    def _loaded(self, text: str) -> None:
        area = self.query_one("#roster-text", TextArea)
        area.text = text
        area.focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.load_error:
            return
        text = self.query_one("#roster-text", TextArea).text
        # lines left as "P05: " (no name yet) are simply not part of the roster
        lines = [line for line in text.splitlines() if not line.strip().endswith(":")]
        try:
            roster = Roster.parse("\n".join(lines), source=t("console.roster_source"))
        except UserError as exc:
            self.query_one("#roster-error", Static).update(exc.message)
            return
        allowed = {*self.cycle.participants, *(f.code for f in self.cycle.facilitators)}
        unknown = [entry.code for entry in roster.entries if entry.code not in allowed]
        if unknown:
            self.query_one("#roster-error", Static).update(t("console.roster_unknown", codes=", ".join(unknown)))
            return
        store = self.store
        cycle_id = self.cycle.id

        def save() -> None:
            store.save_roster(cycle_id, roster, actor="console")

        self.console.save(t("console.what_roster"), save)
        self.console.roster_saved(cycle_id, roster)
        self.dismiss(None)
