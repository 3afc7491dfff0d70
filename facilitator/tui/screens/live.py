"""The live session screen: agenda, current item and its prompts, timers, attendance, notes, flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
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
from facilitator.core.display import PublicView, countdown_text, public_view
from facilitator.core.formatting import tn
from facilitator.core.live import LiveSession, Mutation, summary
from facilitator.core.models import ATTENDANCE_STATUSES, AttendanceStatus, Cycle, SessionRun, SessionStatus
from facilitator.core.programme import CrisisCard, Session
from facilitator.core.safety import flag_line
from facilitator.core.timer import TimerState, cue
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.tui.access import ConsoleAccess
from facilitator.tui.base import set_cell, show_text
from facilitator.tui.loading import Loaded, LoadFailed

if TYPE_CHECKING:
    from facilitator.storage.participants import Participants
    from facilitator.tui.app import FacilitatorApp


class LiveScreen(ConsoleAccess, Screen):
    """Walks the facilitators through one session's agenda."""

    # The footer shows the keys that matter in the room and fits 100 columns; the others (show=False)
    # are listed by F1 and the command palette.
    BINDINGS = [
        Binding("space", "pause_session", t("console.key_pause"), id="pause"),
        Binding("space", "resume_session", t("room.key_resume_pause"), id="resume"),
        # the safety layer comes first in the footer: it must be visible on a narrow terminal
        Binding("c", "crisis_cards", t("safety.key_cards"), id="crisis_cards"),
        Binding("r", "resources", t("safety.key_resources"), id="resources", show=False),  # also in the cards
        Binding("right,n", "next_item", t("console.key_next"), id="next"),
        Binding("left,p", "previous_item", t("console.key_previous"), id="previous", show=False),
        Binding("j", "jump", t("room.key_jump"), id="jump", show=False),
        Binding("plus,equals_sign", "add_minute", t("console.key_plus"), id="plus", key_display="+",
                show=False),
        Binding("minus", "remove_minute", t("console.key_minus"), id="minus", key_display="-", show=False),
        Binding("b", "insert_break", t("room.key_break"), id="break", show=False),
        Binding("a", "attendance", t("console.key_attendance"), id="attendance", show=False),
        Binding("o", "note", t("console.key_note"), id="note"),
        Binding("f", "flag", t("console.key_flag"), id="flag"),
        # e and w are in the footer only on the items they belong to (and work everywhere)
        Binding("e", "exercise_here", t("console.key_exercise"), id="exercise_here"),
        Binding("e", "exercise", t("console.key_exercise"), id="exercise", show=False),
        Binding("w", "homework_review_here", t("console.key_homework_review"), id="homework_review_here"),
        Binding("w", "homework_review", t("console.key_homework_review"), id="homework_review", show=False),
        Binding("k", "checkin", t("participant.key_checkin"), id="checkin", show=False),
        Binding("u", "followups", t("participant.tab_followups"), id="followups", show=False),
        Binding("i", "keyboard", t("room.key_keyboard"), id="keyboard", show=False),
        Binding("m", "message", t("room.key_message"), id="message", show=False),
        Binding("d", "display_message", t("room.key_display"), id="display_message", show=False),
        Binding("B", "toggle_bell", t("room.key_bell"), id="bell", show=False),
        Binding("f10", "end_session", t("console.key_end"), id="end"),
        Binding("escape", "leave", t("console.key_leave"), id="leave"),
    ]

    HEARTBEAT_S = 20.0
    MESSAGES_S = 3.0

    CUE_S = 2.0   # how long the wrap-up / overtime flash lasts

    def __init__(self, cycle_id: str, number: int, *, count_gap: bool = True,
                 at_keyboard: str | None = None) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.number = number
        self.count_gap = count_gap
        self.at_keyboard = at_keyboard
        self.cycle: Cycle | None = None
        self.live: LiveSession | None = None
        self._last_state: TimerState | None = None
        self._seen_messages: set[str] = set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space says "Pause" while the session runs and "Resume" while it is paused."""
        if self.live is None:
            return True
        state = self.live.state(self.now())
        if action in ("pause_session", "resume_session"):
            return (action == "resume_session") == state.paused
        item = self.live.session.agenda[state.current]
        if action == "exercise_here":
            return bool(item.exercise)
        if action == "homework_review_here":
            return item.kind.value == "homework_review"
        return True

    def action_exercise_here(self) -> None:
        self.action_exercise()

    def action_homework_review_here(self) -> None:
        self.action_homework_review()

    def public_view(self) -> PublicView | None:
        """What the whole room may see of this session (for the lock screen), None once it ended."""
        if self.live is None:
            return None
        state = self.live.state(self.now())
        if state.ended:
            return None
        return public_view(self.live.session, state, self.live.run.display_message)

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live"):
            with Vertical(id="agenda-pane"):
                yield Static(t("console.agenda"), classes="pane-title", markup=False)
                yield Static("", id="keyboard-line", markup=False)
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
                        yield Static("", id="clock-line", markup=False)
                yield Static("", id="room-line", markup=False)
                with VerticalScroll(id="prompts-box"):
                    yield Static("", id="prompts", markup=False)
                    yield Static("", id="materials", markup=False)
                    yield Static("", id="item-notes", markup=False)
                yield Static("", classes="save-status", markup=False)
        yield Footer(compact=True, show_command_palette=False)   # Ctrl+P still opens it; F1 lists it

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="live-load")
    def load(self) -> None:
        app = self.console
        store = self.store
        if not app.live_lock.acquire():
            self.post_message(Loaded(self._refuse, t("console.another_console")))
            return
        try:
            cycle = store.get_cycle(self.cycle_id)
            run = store.session_run(self.cycle_id, self.number)
            store.set_live(self.cycle_id, self.number)
            app.pseudonymiser(self.cycle_id)  # reads the roster here, off the UI
        except UserError as exc:  # a damaged file or a full disk: say so, write nothing, leave the screen
            app.live_lock.release()
            self.post_message(Loaded(self._refuse, t("protect.load_failed", error=exc.message)))
            return
        self.post_message(Loaded(self._loaded, cycle, run))

    def _refuse(self, message: str) -> None:
        self.notify(message, severity="error", timeout=30, markup=False)
        self.app.pop_screen()

    def _loaded(self, cycle: Cycle, run: SessionRun) -> None:
        app = self.console
        session: Session = app.programme.session(self.number)
        self.cycle = cycle
        self.at_keyboard = self.at_keyboard or last_at_keyboard(run, cycle)
        self.live = LiveSession(run, session, app.programme.programme.session_minutes,
                                app.wrap_up_s, at_keyboard=self.at_keyboard)
        self._seen_messages = {m.id for m in run.messages}
        now = app.clock.now()
        if run.status == SessionStatus.PLANNED or not run.events:
            self._commit(self.live.start(now), t("console.what_start"))
            vault, actor = self.store.vault, self.at_keyboard or "console"
            target = f"session {self.number} of {self.cycle_id}"
            self.console.save(t("protect.what_audit"),
                          lambda: vault.audit("session_start", actor=actor, target=target))
            self.load_followups(then_attendance=True)   # « à suivre avant de commencer », then attendance
        else:
            self._commit(self.live.resume_after_interruption(now, count_gap=self.count_gap),
                         t("console.what_resume"))
            self.notify(t("console.resumed"), markup=False)
        self.title = f"{t('console.session_n', n=self.number).capitalize()} · {session.title}"
        self._show_keyboard()
        table = self.query_one("#agenda", DataTable)
        table.add_column(" ", width=1)
        table.add_column("#", width=2)
        # titles wrap on as many lines as they need instead of being cut (rows of automatic height)
        table.add_column(t("console.col_item"), width=self._title_width(), key="title")
        table.add_column(t("console.col_planned"), width=5)
        table.add_column(t("console.col_actual"), width=7)
        for index, item in enumerate(session.agenda):
            table.add_row("", str(index + 1), Text(item.title), "", "", key=str(index), height=None)
        self.refresh_all()
        self.set_interval(0.5, self.refresh_timers)
        self.set_interval(self.HEARTBEAT_S, self._heartbeat)
        self.set_interval(self.MESSAGES_S, self._poll_messages)

    AGENDA_FIXED = 26   # the agenda's columns other than the title, their padding and the scrollbar

    def _title_width(self) -> int:
        return max(12, self.query_one("#agenda-pane").content_size.width - self.AGENDA_FIXED)

    def on_resize(self) -> None:
        """The title column takes the width the agenda pane has now (its titles wrap, never cut)."""
        if self.live is None:
            return
        table = self.query_one("#agenda", DataTable)
        column = table.columns.get("title")  # type: ignore[call-overload]
        width = self._title_width()
        if column is not None and column.width != width:
            column.width = width
            table.refresh(layout=True)

    def _show_keyboard(self) -> None:
        """The cycle and its id (for report, booklet, purge) in the header; who is at the keyboard above the agenda."""
        if self.cycle is None:
            return
        who = facilitator_label(self.cycle, self.at_keyboard)
        self.sub_title = f"{self.cycle.label} · {self.cycle.id}"
        show_text(self.query_one("#keyboard-line", Static), t("room.keyboard_now", who=who))

    def _heartbeat(self) -> None:
        if self.live is not None and not self.live.state(self.now()).ended:
            self._commit(self.live.heartbeat(self.now()), t("console.what_heartbeat"))

    # -- saving ---------------------------------------------------------------------
    def _commit(self, mutation: Mutation | None, what: str, replay: tuple[str, dict] | None = None) -> None:
        """Save a change already applied on screen: the same mutation is applied to the file."""
        if mutation is None:
            return
        store = self.store
        cycle_id, number = self.cycle_id, self.number

        def save() -> None:
            store.update_run(cycle_id, number, mutation)

        self.console.save(what, save, replay=replay)

    def now(self) -> float:
        return self.console.clock.now()

    # -- display --------------------------------------------------------------------
    def refresh_all(self) -> None:
        self.refresh_timers()
        self.refresh_item()
        self.refresh_side()

    def refresh_timers(self) -> None:
        if self.live is None:
            return
        now = self.now()
        state = self.live.state(now)
        remaining = state.item_remaining_s
        # called every half second: widgets and cells are updated only when their text changes
        digits = self.query_one("#countdown", Digits)
        countdown = countdown_text(state)
        if digits.value != countdown:
            digits.update(countdown)
        digits.set_class(state.overtime and not state.on_break, "overtime")
        digits.set_class(state.wrap_up and not state.paused, "wrap-up")
        digits.set_class(state.on_break, "on-break")
        self._cue(cue(self._last_state, state))
        self._last_state = state
        if state.ended:
            label = t("console.ended")
        elif state.on_break and state.break_remaining_s >= 0:
            label = t("room.break_label", time=format_mmss(state.break_remaining_s))
        elif state.on_break:
            label = t("room.break_over", time=format_mmss(-state.break_remaining_s))
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
        show_text(self.query_one("#schedule", Static), schedule)
        planned_end = local_hhmm(state.planned_end_at) if state.planned_end_at else "--:--"
        projected_end = local_hhmm(state.projected_end_at) if state.projected_end_at else "--:--"
        show_text(self.query_one("#clock-line", Static), t(
            "room.clock_line", now=local_hhmm(now), planned=planned_end, projected=projected_end))
        self._show_item_title(state)
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
        self._show_item_title(state)
        prompts = "\n".join(f"• {prompt}" for prompt in item.prompts)
        if item.round:   # the one question every participant answers, first
            prompts = t("safety.round", text=item.round) + ("\n" + prompts if prompts else "")
        if item.notes:   # reference notes for the facilitators, beside what they say
            prompts += "\n\n" + t("safety.notes_title") + "\n" + "\n".join(f"  › {note}" for note in item.notes)
        if item.id.endswith("charter"):  # the charter item: the rules are read together, one by one
            charter = self.console.programme.charter
            prompts += "\n\n" + t("room.charter_title") + "\n" + "\n".join(
                t("room.charter_rule", n=n, title=rule.title, text=rule.text)
                for n, rule in enumerate(charter, start=1))
        if item.exercise:
            try:
                title = self.console.programme.exercise(item.exercise).title
            except KeyError:
                title = item.exercise
            prompts += "\n\n" + t("console.item_exercise", title=title)
        self.query_one("#prompts", Static).update(prompts)
        materials = ", ".join(item.materials)
        self.query_one("#materials", Static).update(t("console.materials", list=materials) if materials else "")
        self.query_one("#agenda", DataTable).move_cursor(row=state.current)
        self.refresh_notes()
        self._due_reminder(state.current)

    def _show_item_title(self, state: TimerState) -> None:
        """`3/8 · title · 17 min · kind`: the adjusted plan (after + and -), not the programme's minutes."""
        assert self.live is not None
        item = self.live.session.agenda[state.current]
        count = len(self.live.session.agenda)
        minutes = state.current_item.planned_s // 60
        show_text(self.query_one("#item-title", Static),
                  f"{state.current + 1}/{count} · {item.title} · {minutes} min · {t('kind.' + item.kind.value)}")

    def _cue(self, which: str | None) -> None:
        """A discreet cue at wrap-up and at overtime: the timer row flashes, and the bell rings if switched on."""
        if which is None:
            return
        row = self.query_one("#timer-row")
        row.add_class("cue")
        self.set_timer(self.CUE_S, lambda: row.remove_class("cue"))
        if getattr(self.app, "bell_on", False):
            self.app.bell()

    def refresh_notes(self) -> None:
        if self.live is None:
            return
        item_id = self.live.current_item_id(self.now())
        notes = [n for n in self.live.run.notes if n.item_id == item_id and not n.deleted]
        assert self.cycle is not None
        lines = [f"{local_hhmm(n.at)} {facilitator_label(self.cycle, n.author, short=True)}: {n.text}"
                 for n in notes]
        flags = [f for f in self.live.run.flags if f.item_id == item_id]
        lines += [flag_line(f) for f in flags]
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
        if counts["not_admitted"]:
            text += " · " + t("participant.not_admitted_count", n=counts["not_admitted"])
        if unmarked:
            text += "\n" + tn("console.attendance_unmarked", unmarked)
        self.query_one("#attendance-summary", Static).update(text)
        flags = self.live.run.flags
        self.query_one("#flags-summary", Static).update(
            t("console.flags_count", n=len(flags)) + "".join("\n" + flag_line(f) for f in flags)
            if flags else "")

    def _due_reminder(self, current: int) -> None:
        """Remind the facilitators of questionnaires due at this session (T1 after 4, T2 at 8)."""
        if self.live is None:
            return
        item = self.live.session.agenda[current]
        programme = self.console.programme
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

            today = date.fromtimestamp(self.console.clock.now())
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
            self.refresh_bindings()

    def action_toggle_pause(self) -> None:
        if self.live:
            self._timer_action(self.live.toggle_pause(self.now()), t("console.what_pause"))
            self.refresh_bindings()

    def action_pause_session(self) -> None:
        self.action_toggle_pause()

    def action_resume_session(self) -> None:
        self.action_toggle_pause()

    def action_next_item(self) -> None:
        if self.live:
            if self.live.state(self.now()).is_last:
                self.notify(t("room.last_item"), markup=False)
                return
            self._timer_action(self.live.next_item(self.now()), t("console.what_item"), item_changed=True)

    def action_previous_item(self) -> None:
        if self.live:
            if self.live.state(self.now()).current == 0:
                self.notify(t("room.first_item"), markup=False)
                return
            self._timer_action(self.live.previous_item(self.now()), t("console.what_item"), item_changed=True)

    def action_jump(self) -> None:
        """Go to any item of the agenda (the items skipped stay unvisited)."""
        if self.live is None:
            return
        state = self.live.state(self.now())

        def chosen(index: int | None) -> None:
            if index is not None and self.live is not None:
                self._timer_action(self.live.goto(index, self.now()), t("console.what_item"), item_changed=True)

        titles = [item.title for item in self.live.session.agenda]
        self.app.push_screen(JumpScreen(titles, state.current), chosen)

    def action_insert_break(self) -> None:
        if self.live is None:
            return

        def chosen(minutes: int | None) -> None:
            if not minutes or self.live is None:
                return
            mutation = self.live.insert_break(minutes, self.now())
            self._timer_action(mutation, t("console.what_pause"))
            self.refresh_bindings()
            if mutation is not None:
                back = local_hhmm(self.now() + minutes * 60)
                self.notify(t("room.break_inserted", n=minutes, time=back), markup=False)

        self.app.push_screen(BreakScreen(), chosen)

    def action_keyboard(self) -> None:
        """Who is at the keyboard: the notes, flags and session events that follow are theirs."""
        if self.cycle is None:
            return

        def chosen(code: str | None) -> None:
            if code and self.live is not None:
                self.at_keyboard = self.live.at_keyboard = code
                self._show_keyboard()

        self.app.push_screen(KeyboardScreen(self.cycle, self.at_keyboard), chosen)

    def action_toggle_bell(self) -> None:
        app = self.console
        app.bell_on = not getattr(app, "bell_on", False)
        self.notify(t("room.bell_on") if app.bell_on else t("room.bell_off"), markup=False)

    def action_display_message(self) -> None:
        """The short line the participants' display shows; nothing confidential."""
        if self.live is None:
            return

        def written(text: str | None) -> None:
            if text is None or self.live is None:
                return
            # Pseudonymised like every other text: a first name typed here must not reach the wall or the disk.
            clean = self.console.pseudonymiser(self.cycle_id).pseudonymise(text)
            self._commit(self.live.set_display_message(clean, self.now()), t("room.what_display"))
            shown = self.live.run.display_message
            self.notify(t("room.display_set", text=shown) if shown else t("room.display_cleared"), markup=False)

        self.app.push_screen(LineScreen(t("room.display_title"), t("room.display_help"),
                                        self.live.run.display_message, max_length=80), written)

    def action_message(self) -> None:
        """A short message to the observer (or an answer to their last one), pseudonymised before it is saved."""
        if self.live is None:
            return
        last = next((m for m in reversed(self.live.run.messages) if m.author == "observer"), None)

        def written(text: str | None) -> None:
            if not text or self.live is None:
                return
            clean = self.console.pseudonymiser(self.cycle_id).pseudonymise(text)
            message, mutation = self.live.add_message(clean, self._author(), self.now(),
                                                      reply_to=last.id if last else None)
            self._seen_messages.add(message.id)
            self._commit(mutation, t("room.what_message"))
            self._show_messages()

        title = t("room.message_reply_title") if last else t("room.message_title")
        self.app.push_screen(LineScreen(title, t("room.message_help"), "", max_length=140), written)

    # -- the message line with the observer --------------------------------------------
    @work(thread=True, exclusive=True, group="live-messages")
    def _poll_messages(self) -> None:
        """Read the observer's messages from the session file (the observer appends them under its lock)."""
        store = self.store
        try:
            run = store.session_run(self.cycle_id, self.number)
        except UserError:
            return  # a damaged file is reported by the next save
        self.post_message(Loaded(self._messages_read, run.messages))
        self.post_message(Loaded(self._flags_read, run.flags))

    def _flags_read(self, flags: list) -> None:
        """Flags the observer saved from a crisis card appear here and are announced."""
        if self.live is None:
            return
        known = {flag.id for flag in self.live.run.flags}
        fresh = [flag for flag in flags if flag.id not in known]
        if not fresh:
            return
        self.live.run.flags.extend(fresh)
        for flag in fresh:
            self.notify(t("safety.flag_from_observer", code=flag.participant, reason=flag.reason), timeout=12,
                        severity="warning", markup=False)
        self.refresh_side()
        self.refresh_notes()

    def _messages_read(self, messages: list) -> None:
        if self.live is None:
            return
        known = {m.id for m in self.live.run.messages}
        fresh = [m for m in messages if m.id not in known]
        if not fresh:
            return
        self.live.run.messages.extend(fresh)
        self.live.run.messages.sort(key=lambda m: m.at)
        for message in fresh:
            if message.id not in self._seen_messages and message.author == "observer":
                self._seen_messages.add(message.id)
                self.notify(t("room.message_from_observer", text=message.text), timeout=12, markup=False)
        self._show_messages()

    def _show_messages(self) -> None:
        """The last two lines of the message line, discreetly under the timers."""
        if self.live is None or self.cycle is None:
            return
        lines = []
        for message in self.live.run.messages[-2:]:
            who = (t("room.observer") if message.author == "observer"
                   else facilitator_label(self.cycle, message.author, short=True))
            lines.append(f"{local_hhmm(message.at)} " + t("room.message_from", who=who, text=message.text))
        show_text(self.query_one("#room-line", Static), "\n".join(lines))

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
        cycle_id = self.cycle_id
        screen = AttendanceScreen(self.cycle.participants, current, lambda: local_hhmm(self.now()),
                                  lambda code: self.console.code_label(cycle_id, code),
                                  dropouts=self.cycle.dropouts)
        self.app.push_screen(screen, changed)

    @work(thread=True, exclusive=True, group="live-followups")
    def load_followups(self, then_attendance: bool = False) -> None:
        """The open follow-up items of the cycle, read off the UI thread, shown before the session starts."""
        from facilitator.core.followup_items import to_follow_before
        from facilitator.storage.participants import Participants

        today = date.fromtimestamp(self.now())
        try:
            items = to_follow_before(Participants(self.store).followups(self.cycle_id), today)
        except UserError as exc:
            self.post_message(LoadFailed(exc.message))
            items = []
        self.post_message(Loaded(self._show_followups, items, today, then_attendance))

    def _show_followups(self, items: list, today: date, then_attendance: bool) -> None:
        from facilitator.tui.screens.participant import BeforeStartScreen

        if self.cycle is None:
            return
        if not items and then_attendance:
            self.action_attendance()
            return
        self.app.push_screen(BeforeStartScreen(self.cycle, items, today, at_start=then_attendance),
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

        people = Participants(self.store)
        try:
            records = people.records(self.cycle_id)
        except UserError as exc:
            self.post_message(LoadFailed(exc.message))
            return
        self.post_message(Loaded(self._push_checkin, people, records))

    def _push_checkin(self, people: Participants, records: dict) -> None:
        from facilitator.tui.screens.participant import CheckInScreen

        if self.cycle is None:
            return
        from facilitator.tui.screens.participant import save_record_change

        cycle_id, actor = self.cycle_id, self._author()

        def save(code: str, checkin: object) -> None:
            save_record_change(self.app, t("participant.what_checkin"), cycle_id, actor, code, "checkin", checkin)

        self.app.push_screen(CheckInScreen(self.cycle, self.number, records, save, self.now()))

    def _author(self) -> str:
        """The facilitator at the keyboard (the first one until someone is chosen)."""
        assert self.cycle is not None
        return self.at_keyboard or self.cycle.facilitators[0].code

    def action_note(self, text: str = "") -> None:
        if self.live is None or self.cycle is None:
            return
        item_id = self.live.current_item_id(self.now())
        author = self._author()
        pseudonymise = self.console.pseudonymiser(self.cycle_id).pseudonymise

        def written(clean: str | None) -> None:
            if not clean or self.live is None:
                return
            note, mutation = self.live.add_note(item_id, clean, author, self.now())
            self._commit(mutation, t("console.what_note"), replay=("note", {
                "cycle_id": self.cycle_id, "number": self.number, "note": note.model_dump(mode="json")}))
            self.refresh_notes()

        self.app.push_screen(NoteScreen(facilitator_label(self.cycle, author), pseudonymise, text), written)

    def action_flag(self) -> None:
        if self.live is None or self.cycle is None:
            return
        item_id = self.live.current_item_id(self.now())

        def written(result: tuple[str, str] | None) -> None:
            if not result or self.live is None:
                return
            code, reason = result
            clean = self.console.pseudonymiser(self.cycle_id).pseudonymise(reason)
            _flag, mutation = self.live.add_flag(code, clean, item_id, self._author(), self.now())
            self._commit(mutation, t("console.what_flag"))
            self.refresh_side()
            self.refresh_notes()

        self.app.push_screen(FlagScreen(self.cycle.participants,
                                        author=facilitator_label(self.cycle, self._author())), written)

    def action_crisis_cards(self) -> None:
        """The crisis cards; a card's flag is saved like any flag, with the card's category."""
        from facilitator.tui.screens.safety import CrisisCardsScreen

        codes = list(self.cycle.participants) if self.cycle is not None else []
        on_flag = self._save_card_flag if self.live is not None else None
        on_note = self.action_note if self.live is not None else None
        self.console.push_screen(CrisisCardsScreen(self.console.programme, codes, on_flag,
                                               on_note=on_note))

    def action_resources(self) -> None:
        from facilitator.tui.screens.safety import ResourcesScreen

        self.console.push_screen(ResourcesScreen(self.console.programme))

    def _save_card_flag(self, code: str, reason: str, card: CrisisCard) -> None:
        if self.live is None:
            return
        item_id = self.live.current_item_id(self.now())
        clean = self.console.pseudonymiser(self.cycle_id).pseudonymise(reason)
        _flag, mutation = self.live.add_flag(code, clean, item_id, self._author(), self.now(),
                                             category=card.category)
        self._commit(mutation, t("safety.what_card_flag"))
        if card.attendance is not None:   # e.g. under the influence: came, not admitted this time
            self._commit(self.live.set_attendance(code, card.attendance, self.now()), t("console.what_attendance"))
            self.notify(t("safety.attendance_set", code=code, status=t(f"console.att_{card.attendance}")),
                        markup=False)
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
        if self.live is not None:
            self._count_verbatims()

    @work(thread=True, exclusive=True, group="live-end")
    def _count_verbatims(self) -> None:
        """The end-of-session summary counts the observer's verbatims: read them off the UI thread."""
        try:
            count = len(self.store.verbatims(self.cycle_id, self.number))
        except UserError:
            count = -1
        self.post_message(Loaded(self._ask_end, count))

    def _ask_end(self, verbatims: int) -> None:
        if self.live is None:
            return
        figures = summary(self.live, self.now())
        figures["verbatims"] = verbatims

        def confirmed(homework: list[str] | None) -> None:
            if homework is None or self.live is None:
                return
            self._commit(self.live.end(self.now(), homework), t("console.what_end"))
            vault, actor = self.store.vault, self._author()
            target = f"session {self.number} of {self.cycle_id}"  # session events: the facilitator at the keyboard
            # through the save queue: a full disk is retried there instead of crashing the console
            self.console.save(t("protect.what_audit"),
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
        app = self.console
        store = self.store
        live_lock = app.live_lock

        def release() -> None:
            store.clear_live()
            live_lock.release()

        app.save(t("console.what_leave"), release)
        app.pop_screen()


class AttendanceScreen(ConsoleAccess, ModalScreen[dict[str, AttendanceStatus] | None]):
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
                 now_hhmm: Callable[[], str] | None = None, label: Callable[[str], str] | None = None,
                 dropouts: Sequence[str] = ()) -> None:
        super().__init__()
        self.codes = codes
        self.marks = dict(current)
        self.changes: dict[str, AttendanceStatus] = {}
        self.arrivals: dict[str, str] = {}     # arrival time of those marked late here (HH:MM)
        self.now_hhmm = now_hhmm
        self.code_text = label or (lambda code: code)   # the code, with his first name when F9 shows them
        self.dropouts = frozenset(dropouts)          # left the group: shown, never marked present by "t"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("console.attendance_title"), classes="dialog-title", markup=False)
            yield Static(t("console.attendance_help"), classes="hint", markup=False)
            yield DataTable(id="attendance-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._code_col = table.add_column(t("console.col_participant"), width=24)
        self._status_col = table.add_column(t("console.col_status"), width=24)
        for code in self.codes:
            table.add_row(self.label(code), self._label(code), key=code)
        table.focus()

    def _label(self, code: str) -> str:
        status = self.marks.get(code)
        label = t(f"console.att_{status}") if status else "—"
        if status == "late" and code in self.arrivals:
            label += " " + self.arrivals[code]
        return label

    def label(self, code: str) -> str:
        return self.code_text(code) + (f" ({t('console.dropout')})" if code in self.dropouts else "")

    def names_changed(self) -> None:
        table = self.query_one(DataTable)
        for code in self.codes:
            table.update_cell(code, self._code_col, self.label(code))

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
            if code not in self.marks and code not in self.dropouts:
                self.marks[code] = self.changes[code] = "present"
                table.update_cell(code, self._status_col, self._label(code))

    def action_done(self) -> None:
        self.dismiss(self.changes)


class NoteScreen(ConsoleAccess, ModalScreen[str | None]):
    """A facilitator note on the current item, by the facilitator at the keyboard.

    The preview shows the note as it will be saved, pseudonymised, while it is typed (as the observer does).
    """

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f2", "save", t("common.save"), id="save")]

    def __init__(self, author: str, pseudonymise: Callable[[str], str], text: str = "") -> None:
        super().__init__()
        self.author = author
        self.pseudonymise = pseudonymise
        self.text = text   # a template to complete (a crisis card's "what to record")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("console.note_title"), classes="dialog-title", markup=False)
            yield Static(t("room.note_by", who=self.author), id="note-author", classes="hint", markup=False)
            yield TextArea(self.text, id="note-text")
            yield Static(t("room.note_preview"), classes="hint", markup=False)
            yield Static("", id="note-preview", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("common.save") + " (F2)", id="save", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#note-text", TextArea).focus()

    @on(TextArea.Changed, "#note-text")
    def typed(self) -> None:
        text = self.query_one("#note-text", TextArea).text.strip()
        show_text(self.query_one("#note-preview", Static), self.pseudonymise(text) if text else "")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one("#note-text", TextArea).text.strip()
        self.dismiss(self.pseudonymise(text) if text else None)


class FlagScreen(ConsoleAccess, ModalScreen[tuple[str, str] | None]):
    """Flag a participant for individual follow-up, with a short reason."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, codes: list[str], *, reason: str = "", title: str = "", author: str = "") -> None:
        super().__init__()
        self.codes = codes
        self.reason = reason        # prefilled (a crisis card names itself), editable
        self.heading = title
        self.author = author        # who is at the keyboard (initials), shown so a flag is not misattributed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading or t("console.flag_title"), classes="dialog-title", markup=False)
            if self.author:
                yield Static(t("room.keyboard_now", who=self.author), classes="hint", markup=False)
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


class EndSessionScreen(ConsoleAccess, ModalScreen[list[str] | None]):
    """End of session: items run against plan, attendance, flags, homework given; then done."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f10", "confirm", t("console.end_confirm"), id="confirm")]

    def __init__(self, live: LiveSession, figures: dict, *, reopened: bool = False) -> None:
        super().__init__()
        self.live = live
        self.figures = figures
        self.reopened = reopened   # the summary of a session already ended, read again: nothing to confirm

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.reopened and action == "confirm")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(t("room.summary_title", n=self.live.run.number) if self.reopened
                         else t("console.end_title"), classes="dialog-title", markup=False)
            lines = []
            for item in self.figures["items"]:
                actual = format_mmss(item["actual_s"]) if item["visited"] else t("console.not_run")
                over = item["actual_s"] - item["planned_s"]
                flag = f"  ({format_mmss(over, signed=True)})" if item["visited"] and abs(over) >= 60 else ""
                lines.append(t("room.summary_item", title=item["title"], minutes=item["planned_s"] // 60,
                               actual=actual, over=flag))
            lines.append(t("console.end_elapsed", elapsed=format_mmss(self.figures["elapsed_s"]),
                           paused=format_mmss(self.figures["paused_s"])))
            att = self.figures["attendance"]
            lines.append(t("console.attendance_counts", present=att.get("present", 0), late=att.get("late", 0),
                           absent=att.get("absent", 0), excused=att.get("excused", 0))
                         + (" · " + t("participant.not_admitted_count", n=att["not_admitted"])
                            if att.get("not_admitted") else ""))
            lines.append(t("console.flags_count", n=len(self.figures["flags"])))
            for flag in self.figures["flags"]:
                lines.append(f"  ⚑ {flag['participant']}: {flag['reason']}")
            lines.append(t("console.notes_count", n=self.figures["notes"]))
            for author, text in self.figures.get("note_lines", []):
                lines.append(t("room.summary_note", who=author, text=text))
            if self.figures.get("verbatims", -1) >= 0:
                lines.append(t("room.verbatims_count", n=self.figures["verbatims"]))
            yield Static("\n".join(lines), id="end-summary", markup=False)
            if self.reopened:
                titles = {hw.id: hw.title for hw in self.live.session.homework}
                given_titles = [titles.get(h, h) for h in self.live.run.homework_given]
                yield Static(t("console.end_homework") + "\n" + "\n".join(f"  • {title}" for title in given_titles),
                             id="homework-given", markup=False)
                yield Button(t("common.back"), id="cancel", variant="primary")
                return
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


def facilitator_label(cycle: Cycle, code: str | None, *, short: bool = False) -> str:
    """`AB (psychologue)` for a facilitator code, `AB` with `short`; the code itself if unknown."""
    for facilitator in cycle.facilitators:
        if facilitator.code == code:
            if short:
                return facilitator.initials
            return t("room.facilitator_label", initials=facilitator.initials, role=facilitator.role)
    return code or ""


def last_at_keyboard(run: SessionRun, cycle: Cycle) -> str | None:
    """Who was at the keyboard when a resumed session stopped: the last event's author, if any."""
    codes = {f.code for f in cycle.facilitators}
    for event in reversed(run.events):
        if event.get("by") in codes:
            return str(event["by"])
    return cycle.facilitators[0].code if cycle.facilitators else None


class KeyboardScreen(ConsoleAccess, ModalScreen[str | None]):
    """Who is at the keyboard: one facilitator of the cycle, shown by initials and role.

    With a `question` it also confirms starting the session: Enter or y (o) starts with the highlighted one.
    """

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("y,o", "choose", t("common.yes"), id="yes")]

    def __init__(self, cycle: Cycle, current: str | None, question: str | None = None) -> None:
        super().__init__()
        self.cycle = cycle
        self.current = current
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.question:
                yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(t("room.keyboard_title"), classes="dialog-title" if not self.question else "",
                         markup=False)
            yield Static(t("room.keyboard_help"), classes="hint", markup=False)
            yield OptionList(*[Option(facilitator_label(self.cycle, f.code), id=f.code)
                               for f in self.cycle.facilitators], id="keyboard")

    def on_mount(self) -> None:
        options = self.query_one("#keyboard", OptionList)
        codes = [f.code for f in self.cycle.facilitators]
        options.highlighted = codes.index(self.current) if self.current in codes else 0
        options.focus()

    @on(OptionList.OptionSelected, "#keyboard")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one("#keyboard", OptionList)
        self.dismiss(self.cycle.facilitators[options.highlighted or 0].code)

    def action_cancel(self) -> None:
        self.dismiss(None)


class JumpScreen(ConsoleAccess, ModalScreen[int | None]):
    """Go to any item of the agenda; titles are shown whole."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, titles: list[str], current: int) -> None:
        super().__init__()
        self.titles = titles
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(t("room.jump_title"), classes="dialog-title", markup=False)
            yield Static(t("room.jump_help"), classes="hint", markup=False)
            yield OptionList(*[Option(Text(f"{n}. {title}"), id=str(n - 1))
                               for n, title in enumerate(self.titles, start=1)], id="jump")

    def on_mount(self) -> None:
        options = self.query_one("#jump", OptionList)
        options.highlighted = min(self.current + 1, len(self.titles) - 1)
        options.focus()

    @on(OptionList.OptionSelected, "#jump")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def on_key(self, event: Key) -> None:
        """A digit jumps straight to that item (1-9)."""
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.titles):
            event.stop()
            self.dismiss(int(event.character) - 1)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BreakScreen(ConsoleAccess, ModalScreen[int | None]):
    """A planned break of N minutes (1 to 60)."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("room.break_title"), classes="dialog-title", markup=False)
            yield Static(t("room.break_help"), classes="hint", markup=False)
            yield Input(value="10", placeholder=t("room.break_minutes"), id="break-minutes", max_length=2,
                        type="integer")
            yield Static("", id="break-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#break-minutes", Input).focus()

    @on(Input.Submitted, "#break-minutes")
    def submitted(self, event: Input.Submitted) -> None:
        try:
            minutes = int(event.value)
        except ValueError:
            minutes = 0
        if not 1 <= minutes <= 60:
            self.query_one("#break-error", Static).update(t("room.break_bad"))
            return
        self.dismiss(minutes)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LineScreen(ConsoleAccess, ModalScreen[str | None]):
    """One line of text (a message to the observer, the room display's message); Enter keeps it."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, title: str, help_text: str, value: str, *, max_length: int) -> None:
        super().__init__()
        self.title_text = title
        self.help_text = help_text
        self.value = value
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.help_text, classes="hint", markup=False)
            yield Input(value=self.value, id="line", max_length=self.max_length)

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    @on(Input.Submitted, "#line")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_summary(screen: Screen, cycle_id: str, number: int, run: SessionRun) -> None:
    """Show the end-of-session summary of a session already ended (counts its verbatims in a worker)."""
    app = cast("FacilitatorApp", screen.app)
    store = app.store
    assert store is not None

    def count() -> None:
        try:
            verbatims = len(store.verbatims(cycle_id, number))
        except UserError:
            verbatims = -1
        app.post_message(Loaded(show, verbatims))     # BaseApp handles Loaded on the UI thread

    def show(verbatims: int) -> None:
        programme = app.programme
        live = LiveSession(run.model_copy(deep=True), programme.session(number),
                           programme.programme.session_minutes)
        until = run.ended_at or max((float(e["at"]) for e in run.events), default=0.0)
        figures = summary(live, until)
        figures["verbatims"] = verbatims
        app.push_screen(EndSessionScreen(live, figures, reopened=True))

    app.run_worker(count, thread=True, group="summary", exclusive=True)
