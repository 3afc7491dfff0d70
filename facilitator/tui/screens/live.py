"""The live session screen: agenda, current item and its prompts, timers, attendance, notes, flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Digits,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from facilitator.core.clock import format_mmss, local_hhmm
from facilitator.core.followup import FollowUpCategory
from facilitator.core.live import LiveSession, Mutation, summary
from facilitator.core.models import ATTENDANCE_STATUSES, AttendanceStatus, Cycle, SessionRun, SessionStatus
from facilitator.core.programme import Session
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.tui.base import set_cell, show_text


class LiveScreen(Screen):
    """Walks the facilitators through one session's agenda."""

    BINDINGS = [
        Binding("space", "toggle_pause", t("console.key_pause"), id="pause"),
        # the safety layer comes first in the footer: it must be visible on a narrow terminal
        Binding("c", "crisis_cards", t("safety.key_cards"), id="crisis_cards"),
        Binding("r", "resources", t("safety.key_resources"), id="resources"),
        Binding("right,n", "next_item", t("console.key_next"), id="next"),
        Binding("left,p", "previous_item", t("console.key_previous"), id="previous"),
        Binding("plus,equals_sign", "add_minute", t("console.key_plus"), id="plus", key_display="+"),
        Binding("minus", "remove_minute", t("console.key_minus"), id="minus", key_display="-"),
        Binding("a", "attendance", t("console.key_attendance"), id="attendance"),
        Binding("o", "note", t("console.key_note"), id="note"),
        Binding("f", "flag", t("console.key_flag"), id="flag"),
        Binding("e", "exercise", t("console.key_exercise"), id="exercise"),
        Binding("w", "homework_review", t("console.key_homework_review"), id="homework_review"),
        Binding("k", "checkin", t("participant.key_checkin"), id="checkin"),
        Binding("u", "followups", t("participant.tab_followups"), id="followups"),
        Binding("f10", "end_session", t("console.key_end"), id="end"),
        Binding("escape", "leave", t("console.key_leave"), id="leave"),
    ]

    HEARTBEAT_S = 20.0

    def __init__(self, cycle_id: str, number: int, *, count_gap: bool = True) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.number = number
        self.count_gap = count_gap
        self.cycle: Cycle | None = None
        self.live: LiveSession | None = None

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live"):
            with Vertical(id="agenda-pane"):
                yield Static(t("console.agenda"), classes="pane-title", markup=False)
                yield DataTable(id="agenda", cursor_type="row", show_cursor=False)
                yield Static("", id="attendance-summary", markup=False)
                yield Static("", id="flags-summary", markup=False)
            with Vertical(id="item-pane"):
                yield Static("", id="item-title", classes="pane-title", markup=False)
                with Horizontal(id="timer-row"):
                    yield Digits("--:--", id="countdown")
                    with Vertical(id="timer-text"):
                        yield Static("", id="countdown-label", markup=False)
                        yield Static("", id="session-clock", markup=False)
                        yield Static("", id="schedule", markup=False)
                with VerticalScroll(id="prompts-box"):
                    yield Static("", id="prompts", markup=False)
                    yield Static("", id="materials", markup=False)
                    yield Static("", id="item-notes", markup=False)
                yield Static("", classes="save-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="live-load")
    def load(self) -> None:
        app = self.app
        store = app.store  # type: ignore[attr-defined]
        if not app.live_lock.acquire():  # type: ignore[attr-defined]
            app.call_from_thread(self._refuse, t("console.another_console"))
            return
        try:
            cycle = store.get_cycle(self.cycle_id)
            run = store.session_run(self.cycle_id, self.number)
            store.set_live(self.cycle_id, self.number)
            app.pseudonymiser(self.cycle_id)  # type: ignore[attr-defined]  # reads the roster here, off the UI
        except UserError as exc:  # a damaged file or a full disk: say so, write nothing, leave the screen
            app.live_lock.release()  # type: ignore[attr-defined]
            app.call_from_thread(self._refuse, t("protect.load_failed", error=exc.message))
            return
        app.call_from_thread(self._loaded, cycle, run)

    def _refuse(self, message: str) -> None:
        self.notify(message, severity="error", timeout=30, markup=False)
        self.app.pop_screen()

    def _loaded(self, cycle: Cycle, run: SessionRun) -> None:
        app = self.app
        session: Session = app.programme.session(self.number)  # type: ignore[attr-defined]
        self.cycle = cycle
        self.live = LiveSession(run, session, app.programme.programme.session_minutes,  # type: ignore[attr-defined]
                                app.wrap_up_s)  # type: ignore[attr-defined]
        now = app.clock.now()  # type: ignore[attr-defined]
        if run.status == SessionStatus.PLANNED or not run.events:
            self._commit(self.live.start(now), t("console.what_start"))
            self.load_followups(then_attendance=True)   # « à suivre avant de commencer », then attendance
        else:
            self._commit(self.live.resume_after_interruption(now, count_gap=self.count_gap),
                         t("console.what_resume"))
            self.notify(t("console.resumed"), markup=False)
        self.title = f"{t('console.session_n', n=self.number).capitalize()} · {session.title}"
        self.sub_title = cycle.label
        table = self.query_one("#agenda", DataTable)
        table.add_column(" ", width=1)
        table.add_column("#", width=2)
        table.add_column(t("console.col_item"), width=27)
        table.add_column(t("console.col_planned"), width=5)
        table.add_column(t("console.col_actual"), width=7)
        for index, item in enumerate(session.agenda):
            table.add_row("", str(index + 1), Text(item.title), "", "", key=str(index))
        self.refresh_all()
        self.set_interval(0.5, self.refresh_timers)
        self.set_interval(self.HEARTBEAT_S, self._heartbeat)

    def _heartbeat(self) -> None:
        if self.live is not None and not self.live.state(self.now()).ended:
            self._commit(self.live.heartbeat(self.now()), t("console.what_heartbeat"))

    # -- saving ---------------------------------------------------------------------
    def _commit(self, mutation: Mutation | None, what: str) -> None:
        """Save a change already applied on screen: the same mutation is applied to the file."""
        if mutation is None:
            return
        store = self.app.store  # type: ignore[attr-defined]
        cycle_id, number = self.cycle_id, self.number

        def save() -> None:
            store.update_run(cycle_id, number, mutation)

        self.app.save(what, save)  # type: ignore[attr-defined]

    def now(self) -> float:
        return self.app.clock.now()  # type: ignore[attr-defined]

    # -- display --------------------------------------------------------------------
    def refresh_all(self) -> None:
        self.refresh_timers()
        self.refresh_item()
        self.refresh_side()

    def refresh_timers(self) -> None:
        if self.live is None:
            return
        state = self.live.state(self.now())
        remaining = state.item_remaining_s
        # called every half second: widgets and cells are updated only when their text changes
        digits = self.query_one("#countdown", Digits)
        countdown = format_mmss(-remaining, signed=True) if state.overtime else format_mmss(remaining)
        if digits.value != countdown:
            digits.update(countdown)
        digits.set_class(state.overtime, "overtime")
        digits.set_class(state.wrap_up, "wrap-up")
        if state.ended:
            label = t("console.ended")
        elif state.paused:
            label = "⏸ " + t("console.paused")
        elif state.overtime:
            label = "⚠ " + t("console.overtime", time=format_mmss(-remaining))
        elif state.wrap_up:
            label = "⚠ " + t("console.wrap_up", time=format_mmss(remaining))
        else:
            label = t("console.remaining")
        show_text(self.query_one("#countdown-label", Static), label)
        show_text(self.query_one("#session-clock", Static), t(
            "console.session_elapsed", elapsed=format_mmss(state.elapsed_s),
            nominal=format_mmss(state.nominal_s), paused=format_mmss(state.paused_s)))
        delta = state.schedule_delta_s
        if abs(delta) < 30:
            schedule = t("console.on_time")
        elif delta > 0:
            schedule = t("console.behind", time=format_mmss(delta))
        else:
            schedule = t("console.ahead", time=format_mmss(-delta))
        end = local_hhmm(state.projected_end_at) if state.projected_end_at else "--:--"
        show_text(self.query_one("#schedule", Static), f"{schedule} · {t('console.projected_end', time=end)}")
        table = self.query_one("#agenda", DataTable)
        marker_column, _, _, planned_column, actual_column = (column.key for column in table.ordered_columns)
        for timing in state.items:
            marker = "▶" if timing.index == state.current else ("✓" if timing.visited else " ")
            key = str(timing.index)
            set_cell(table, key, marker_column, marker)
            set_cell(table, key, planned_column, f"{timing.planned_s // 60}")
            actual = format_mmss(timing.actual_s) if timing.visited else ""
            if timing.visited and timing.actual_s > timing.planned_s:
                actual += " +"
            set_cell(table, key, actual_column, actual)

    def refresh_item(self) -> None:
        if self.live is None:
            return
        state = self.live.state(self.now())
        item = self.live.session.agenda[state.current]
        count = len(self.live.session.agenda)
        self.query_one("#item-title", Static).update(
            f"{state.current + 1}/{count} · {item.title} · {item.minutes} min · {t('kind.' + item.kind.value)}")
        prompts = "\n".join(f"• {prompt}" for prompt in item.prompts)
        if item.round:   # the one question every participant answers, first
            prompts = t("safety.round", text=item.round) + ("\n" + prompts if prompts else "")
        if item.notes:   # reference notes for the facilitators, beside what they say
            prompts += "\n\n" + t("safety.notes_title") + "\n" + "\n".join(f"  › {note}" for note in item.notes)
        if item.exercise:
            try:
                title = self.app.programme.exercise(item.exercise).title  # type: ignore[attr-defined]
            except KeyError:
                title = item.exercise
            prompts += "\n\n" + t("console.item_exercise", title=title)
        self.query_one("#prompts", Static).update(prompts)
        materials = ", ".join(item.materials)
        self.query_one("#materials", Static).update(t("console.materials", list=materials) if materials else "")
        self.query_one("#agenda", DataTable).move_cursor(row=state.current)
        self.refresh_notes()
        self._due_reminder(state.current)

    def refresh_notes(self) -> None:
        if self.live is None:
            return
        item_id = self.live.current_item_id(self.now())
        notes = [n for n in self.live.run.notes if n.item_id == item_id and not n.deleted]
        lines = [f"{local_hhmm(n.at)} {n.author}: {n.text}" for n in notes]
        flags = [f for f in self.live.run.flags if f.item_id == item_id]
        lines += [f"⚑ {f.participant}: {f.reason}" for f in flags]
        self.query_one("#item-notes", Static).update(
            (t("console.notes_title") + "\n" + "\n".join(lines)) if lines else "")

    def refresh_side(self) -> None:
        if self.live is None or self.cycle is None:
            return
        counts = {status: 0 for status in ATTENDANCE_STATUSES}
        for mark in self.live.run.attendance.values():
            counts[mark.status] += 1
        unmarked = len([c for c in self.cycle.participants if c not in self.live.run.attendance])
        text = t("console.attendance_counts", present=counts["present"], late=counts["late"],
                 absent=counts["absent"], excused=counts["excused"])
        if unmarked:
            text += "\n" + t("console.attendance_unmarked", n=unmarked)
        self.query_one("#attendance-summary", Static).update(text)
        flags = self.live.run.flags
        self.query_one("#flags-summary", Static).update(
            t("console.flags_count", n=len(flags)) + "".join(f"\n⚑ {f.participant}: {f.reason}" for f in flags)
            if flags else "")

    def _due_reminder(self, current: int) -> None:
        """Remind the facilitators of questionnaires due at this session (T1 after 4, T2 at 8)."""
        if self.live is None:
            return
        item = self.live.session.agenda[current]
        programme = self.app.programme  # type: ignore[attr-defined]
        due = list(programme.due_at(self.number))
        if self.number == 1:  # inclusion (T0) forms not yet done are due when the group starts
            due += programme.due_at(0)
        last = current == len(self.live.session.agenda) - 1
        for entry in due:
            if (entry.moment == "end" and (last or item.kind.value == "questionnaires")) or (
                    entry.moment == "before" and current == 0):
                message = t("console.questionnaires_due", timepoint=entry.timepoint, label=entry.label,
                            instruments=", ".join(entry.instruments))
                self.notify(f"{message}\n{entry.note}" if entry.note else message, timeout=10, markup=False)
        if last:  # a follow-up declared after this session (e.g. T3 at 3 months): say when it falls due
            from datetime import date, timedelta

            today = date.fromtimestamp(self.app.clock.now())  # type: ignore[attr-defined]
            for entry in programme.follow_ups_after(self.number):
                when = today + timedelta(weeks=entry.weeks_after or 0)
                self.notify(t("instruments.follow_up_due", timepoint=entry.timepoint, label=entry.label,
                              date=when.strftime("%d/%m/%Y")), timeout=10, markup=False)

    # -- actions --------------------------------------------------------------------
    def _timer_action(self, mutation: Mutation | None, what: str, *, item_changed: bool = False) -> None:
        self._commit(mutation, what)
        self.refresh_timers()
        if item_changed and mutation is not None:
            self.refresh_item()

    def action_toggle_pause(self) -> None:
        if self.live:
            self._timer_action(self.live.toggle_pause(self.now()), t("console.what_pause"))

    def action_next_item(self) -> None:
        if self.live:
            self._timer_action(self.live.next_item(self.now()), t("console.what_item"), item_changed=True)

    def action_previous_item(self) -> None:
        if self.live:
            self._timer_action(self.live.previous_item(self.now()), t("console.what_item"), item_changed=True)

    def action_add_minute(self) -> None:
        if self.live:
            self._timer_action(self.live.adjust(60, self.now()), t("console.what_timing"))

    def action_remove_minute(self) -> None:
        if self.live:
            self._timer_action(self.live.adjust(-60, self.now()), t("console.what_timing"))

    def action_attendance(self) -> None:
        if self.live is None or self.cycle is None:
            return

        def changed(changes: dict[str, AttendanceStatus] | None) -> None:
            if not changes or self.live is None:
                return
            for code, status in changes.items():
                self._commit(self.live.set_attendance(code, status, self.now(), screen.arrivals.get(code)),
                             t("console.what_attendance"))
            self.refresh_side()

        current = {code: mark.status for code, mark in self.live.run.attendance.items()}
        screen = AttendanceScreen(self.cycle.participants, current,
                                  lambda: local_hhmm(self.now()))
        self.app.push_screen(screen, changed)

    @work(thread=True, exclusive=True, group="live-followups")
    def load_followups(self, then_attendance: bool = False) -> None:
        """The open follow-up items of the cycle, read off the UI thread, shown before the session starts."""
        from facilitator.core.followup_items import to_follow_before
        from facilitator.storage.participants import Participants

        app = self.app
        today = date.fromtimestamp(self.now())
        try:
            items = to_follow_before(Participants(app.store).followups(self.cycle_id), today)  # type: ignore[attr-defined]
        except UserError as exc:
            app.call_from_thread(self.notify, t("protect.load_failed", error=exc.message), severity="error",
                                 markup=False)
            items = []
        app.call_from_thread(self._show_followups, items, today, then_attendance)

    def _show_followups(self, items: list, today: date, then_attendance: bool) -> None:
        from facilitator.tui.screens.participant import BeforeStartScreen

        if self.cycle is None:
            return
        if not items and then_attendance:
            self.action_attendance()
            return
        self.app.push_screen(BeforeStartScreen(self.cycle, items, today),
                             (lambda _none: self.action_attendance()) if then_attendance else None)

    def action_followups(self) -> None:
        self.load_followups()

    def action_checkin(self) -> None:
        """Check-in measures of this session, participant by participant (optional)."""
        if self.cycle is None:
            return
        self.open_checkin()

    @work(thread=True, exclusive=True, group="live-checkin")
    def open_checkin(self) -> None:
        from facilitator.storage.participants import Participants

        app = self.app
        people = Participants(app.store)  # type: ignore[attr-defined]
        try:
            records = people.records(self.cycle_id)
        except UserError as exc:
            app.call_from_thread(self.notify, t("protect.load_failed", error=exc.message), severity="error",
                                 markup=False)
            return
        app.call_from_thread(self._push_checkin, people, records)

    def _push_checkin(self, people: object, records: dict) -> None:
        from facilitator.tui.screens.participant import CheckInScreen

        if self.cycle is None:
            return
        cycle_id, actor = self.cycle_id, self._author()

        def save(code: str, checkin: object) -> None:
            self.app.save(t("participant.what_checkin"),  # type: ignore[attr-defined]
                          lambda: people.save_checkin(cycle_id, code, checkin, actor=actor))  # type: ignore[attr-defined]

        self.app.push_screen(CheckInScreen(self.cycle, self.number, records, save, self.now()))

    def _author(self) -> str:
        assert self.cycle is not None
        return self.cycle.facilitators[0].code

    def action_note(self) -> None:
        if self.live is None or self.cycle is None:
            return
        item_id = self.live.current_item_id(self.now())
        authors = [f.code for f in self.cycle.facilitators]

        def written(result: tuple[str, str] | None) -> None:
            if not result or self.live is None:
                return
            author, text = result
            clean = self.app.pseudonymiser(self.cycle_id).pseudonymise(text)  # type: ignore[attr-defined]
            _note, mutation = self.live.add_note(item_id, clean, author, self.now())
            self._commit(mutation, t("console.what_note"))
            self.refresh_notes()

        self.app.push_screen(NoteScreen(authors), written)

    def action_flag(self) -> None:
        if self.live is None or self.cycle is None:
            return
        item_id = self.live.current_item_id(self.now())

        def written(result: tuple[str, str] | None) -> None:
            if not result or self.live is None:
                return
            code, reason = result
            clean = self.app.pseudonymiser(self.cycle_id).pseudonymise(reason)  # type: ignore[attr-defined]
            _flag, mutation = self.live.add_flag(code, clean, item_id, self._author(), self.now())
            self._commit(mutation, t("console.what_flag"))
            self.refresh_side()
            self.refresh_notes()

        self.app.push_screen(FlagScreen(self.cycle.participants), written)

    def action_crisis_cards(self) -> None:
        """The crisis cards; a card's flag is saved like any flag, with the card's category."""
        from facilitator.tui.screens.safety import CrisisCardsScreen

        codes = list(self.cycle.participants) if self.cycle is not None else []
        on_flag = self._save_card_flag if self.live is not None else None
        self.app.push_screen(CrisisCardsScreen(self.app.programme, codes, on_flag))  # type: ignore[attr-defined]

    def action_resources(self) -> None:
        from facilitator.tui.screens.safety import ResourcesScreen

        self.app.push_screen(ResourcesScreen(self.app.programme))  # type: ignore[attr-defined]

    def _save_card_flag(self, code: str, reason: str, category: FollowUpCategory) -> None:
        if self.live is None:
            return
        item_id = self.live.current_item_id(self.now())
        clean = self.app.pseudonymiser(self.cycle_id).pseudonymise(reason)  # type: ignore[attr-defined]
        _flag, mutation = self.live.add_flag(code, clean, item_id, self._author(), self.now(), category=category)
        self._commit(mutation, t("safety.what_card_flag"))
        self.refresh_side()
        self.refresh_notes()

    def action_exercise(self) -> None:
        if self.live is None or self.cycle is None:
            return
        item = self.live.session.agenda[self.live.state(self.now()).current]
        if not item.exercise:
            self.notify(t("console.no_exercise"), markup=False)
            return
        try:
            from facilitator.tui.screens.exercises import open_exercise
        except ImportError:
            self.notify(t("console.no_exercise"), markup=False)
            return
        open_exercise(self, item)

    def action_homework_review(self) -> None:
        if self.live is None or self.cycle is None:
            return
        try:
            from facilitator.tui.screens.homework import open_homework_review
        except ImportError:
            return
        open_homework_review(self)

    def action_end_session(self) -> None:
        if self.live is None:
            return
        figures = summary(self.live, self.now())

        def confirmed(homework: list[str] | None) -> None:
            if homework is None or self.live is None:
                return
            self._commit(self.live.end(self.now(), homework), t("console.what_end"))
            vault, actor = self.app.store.vault, self._author()  # type: ignore[attr-defined]
            target = f"session {self.number} of {self.cycle_id}"
            # through the save queue: a full disk is retried there instead of crashing the console
            self.app.save(t("protect.what_audit"),  # type: ignore[attr-defined]
                          lambda: vault.audit("edit", actor=actor, target=target, detail="ended"))
            self._leave()

        self.app.push_screen(EndSessionScreen(self.live, figures), confirmed)

    def action_leave(self) -> None:
        if self.live is not None and not self.live.state(self.now()).ended:
            from facilitator.tui.screens.cycle import ConfirmScreen

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self._leave()

            self.app.push_screen(ConfirmScreen(t("console.confirm_leave")), confirmed)
        else:
            self._leave()

    def _leave(self) -> None:
        app = self.app
        store = app.store  # type: ignore[attr-defined]
        live_lock = app.live_lock  # type: ignore[attr-defined]

        def release() -> None:
            store.clear_live()
            live_lock.release()

        app.save(t("console.what_leave"), release)  # type: ignore[attr-defined]
        app.pop_screen()


class AttendanceScreen(ModalScreen[dict[str, AttendanceStatus] | None]):
    """Attendance per participant code: present, late, absent, excused (keys p, r, a, e)."""

    BINDINGS = [
        Binding("p", "mark('present')", t("console.att_present"), id="att_present"),
        Binding("r", "mark('late')", t("console.att_late"), id="att_late"),
        Binding("a", "mark('absent')", t("console.att_absent"), id="att_absent"),
        Binding("e", "mark('excused')", t("console.att_excused"), id="att_excused"),
        Binding("n", "mark('not_admitted')", t("participant.att_not_admitted_key"), id="att_not_admitted"),
        Binding("h", "arrival", t("participant.key_arrival"), id="att_arrival"),
        Binding("t", "all_present", t("console.att_all_present"), id="att_all"),
        Binding("escape", "done", t("console.att_done"), id="att_done"),
    ]

    def __init__(self, codes: list[str], current: dict[str, AttendanceStatus],
                 now_hhmm: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.codes = codes
        self.marks = dict(current)
        self.changes: dict[str, AttendanceStatus] = {}
        self.arrivals: dict[str, str] = {}     # arrival time of those marked late here (HH:MM)
        self.now_hhmm = now_hhmm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("console.attendance_title"), classes="dialog-title", markup=False)
            yield Static(t("console.attendance_help"), classes="hint", markup=False)
            yield DataTable(id="attendance-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(t("console.col_participant"))
        self._status_col = table.add_column(t("console.col_status"))
        for code in self.codes:
            table.add_row(code, self._label(code), key=code)
        table.focus()

    def _label(self, code: str) -> str:
        status = self.marks.get(code)
        label = t(f"console.att_{status}") if status else "—"
        if status == "late" and code in self.arrivals:
            label += " " + self.arrivals[code]
        return label

    def action_arrival(self) -> None:
        """Correct the arrival time of the late participant under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        code = self.codes[table.cursor_row]
        if self.marks.get(code) != "late":
            return
        from facilitator.tui.screens.participant import ArrivalScreen

        def typed(arrival: str | None) -> None:
            if arrival:
                self.arrivals[code] = arrival
                self.changes[code] = "late"
                table.update_cell(code, self._status_col, self._label(code))

        self.app.push_screen(ArrivalScreen(code, self.arrivals.get(code, "")), typed)

    def action_mark(self, status: AttendanceStatus) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        code = self.codes[table.cursor_row]
        if status == "late" and self.now_hhmm is not None and self.marks.get(code) != "late":
            self.arrivals[code] = self.now_hhmm()   # marked late as he comes in: the time is now
        self.marks[code] = status
        self.changes[code] = status
        table.update_cell(code, self._status_col, self._label(code))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_all_present(self) -> None:
        table = self.query_one(DataTable)
        for code in self.codes:
            if code not in self.marks:
                self.marks[code] = self.changes[code] = "present"
                table.update_cell(code, self._status_col, self._label(code))

    def action_done(self) -> None:
        self.dismiss(self.changes)


class NoteScreen(ModalScreen[tuple[str, str] | None]):
    """A facilitator note on the current item; pseudonymised before it is saved."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f2", "save", t("common.save"), id="save")]

    def __init__(self, authors: list[str]) -> None:
        super().__init__()
        self.authors = authors

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("console.note_title"), classes="dialog-title", markup=False)
            yield Static(t("console.note_help"), classes="hint", markup=False)
            yield OptionList(*[Option(code, id=code) for code in self.authors], id="author")
            yield TextArea(id="note-text")
            with Horizontal(classes="buttons"):
                yield Button(t("common.save") + " (F2)", id="save", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#author", OptionList).highlighted = 0
        self.query_one("#note-text", TextArea).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one("#note-text", TextArea).text.strip()
        if not text:
            self.dismiss(None)
            return
        authors = self.query_one("#author", OptionList)
        author = self.authors[authors.highlighted or 0]
        self.dismiss((author, text))


class FlagScreen(ModalScreen[tuple[str, str] | None]):
    """Flag a participant for individual follow-up, with a short reason."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, codes: list[str], *, reason: str = "", title: str = "") -> None:
        super().__init__()
        self.codes = codes
        self.reason = reason        # prefilled (a crisis card names itself), editable
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading or t("console.flag_title"), classes="dialog-title", markup=False)
            yield OptionList(*[Option(code, id=code) for code in self.codes], id="flag-code")
            yield Label(t("console.flag_reason"))
            yield Input(self.reason, placeholder=t("console.flag_reason_hint"), id="flag-reason", max_length=200)
            with Horizontal(classes="buttons"):
                yield Button(t("common.save"), id="save", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        codes = self.query_one("#flag-code", OptionList)
        codes.highlighted = 0
        codes.focus()

    @on(OptionList.OptionSelected, "#flag-code")
    def code_chosen(self) -> None:
        self.query_one("#flag-reason", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#flag-reason")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        reason = self.query_one("#flag-reason", Input).value.strip()
        if not reason:
            self.query_one("#flag-reason", Input).focus()
            return
        code = self.codes[self.query_one("#flag-code", OptionList).highlighted or 0]
        self.dismiss((code, reason))


class EndSessionScreen(ModalScreen[list[str] | None]):
    """End of session: items run against plan, attendance, flags, homework given; then done."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f10", "confirm", t("console.end_confirm"), id="confirm")]

    def __init__(self, live: LiveSession, figures: dict) -> None:
        super().__init__()
        self.live = live
        self.figures = figures

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(t("console.end_title"), classes="dialog-title", markup=False)
            lines = []
            for item in self.figures["items"]:
                actual = format_mmss(item["actual_s"]) if item["visited"] else t("console.not_run")
                over = item["actual_s"] - item["planned_s"]
                flag = f"  ({format_mmss(over, signed=True)})" if item["visited"] and abs(over) >= 60 else ""
                lines.append(f"{item['title']}: {item['planned_s'] // 60} min → {actual}{flag}")
            lines.append(t("console.end_elapsed", elapsed=format_mmss(self.figures["elapsed_s"]),
                           paused=format_mmss(self.figures["paused_s"])))
            att = self.figures["attendance"]
            lines.append(t("console.attendance_counts", present=att.get("present", 0), late=att.get("late", 0),
                           absent=att.get("absent", 0), excused=att.get("excused", 0)))
            lines.append(t("console.flags_count", n=len(self.figures["flags"])))
            for flag in self.figures["flags"]:
                lines.append(f"  ⚑ {flag['participant']}: {flag['reason']}")
            lines.append(t("console.notes_count", n=self.figures["notes"]))
            yield Static("\n".join(lines), id="end-summary", markup=False)
            yield Static(t("console.end_homework"), markup=False)
            given = set(self.live.run.homework_given) or {hw.id for hw in self.live.session.homework}
            yield SelectionList[str](*[(hw.title, hw.id, hw.id in given) for hw in self.live.session.homework],
                                     id="homework")
            with Horizontal(classes="buttons"):
                yield Button(t("console.end_confirm") + " (F10)", id="confirm", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(list(self.query_one("#homework", SelectionList).selected))
