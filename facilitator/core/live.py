"""Running one session: the operations of the live screen as changes to a `SessionRun`.

Every operation returns a `Mutation`, a function that applies the change to a run. The console
applies it to its copy at once (the screen updates) and again to a fresh copy read from disk under
the file's lock (the save), so the two never diverge and nothing is overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from facilitator.core.followup import FollowUpCategory
from facilitator.core.models import (
    AttendanceMark,
    AttendanceStatus,
    Flag,
    HomeworkReview,
    Note,
    RoomMessage,
    SessionRun,
    SessionStatus,
    new_id,
)
from facilitator.core.programme import Session
from facilitator.core.timer import SessionTimer, TimerEvent, TimerState

Mutation = Callable[[SessionRun], None]
DISPLAY_MESSAGE_MAX = 80


def message_appender(message: RoomMessage) -> Mutation:
    """Appends a room message once (a retried save never duplicates it)."""

    def mutate(run: SessionRun) -> None:
        if all(existing.id != message.id for existing in run.messages):
            run.messages.append(message.model_copy())

    return mutate


def _append_event(event: TimerEvent) -> Mutation:
    data = event.to_dict()

    def mutate(run: SessionRun) -> None:
        if data not in run.events:  # idempotent: a retried save never duplicates an event
            run.events.append(data)

    return mutate


@dataclass
class LiveSession:
    """A session being run: its programme content, its run record and the derived timer."""

    run: SessionRun
    session: Session
    nominal_minutes: int = 90
    wrap_up_s: int = 120
    at_keyboard: str | None = None   # the facilitator code session events are attributed to

    def __post_init__(self) -> None:
        if not self.run.item_ids:
            self.run.item_ids = [item.id for item in self.session.agenda]
            self.run.planned_minutes = [item.minutes for item in self.session.agenda]
        self.timer = SessionTimer(list(self.run.planned_minutes), self.nominal_minutes, self.wrap_up_s,
                                  [TimerEvent.from_dict(e) for e in self.run.events])

    # -- reading ------------------------------------------------------------------
    def state(self, now: float) -> TimerState:
        return self.timer.state(now)

    def current_item_id(self, now: float) -> str:
        return self.run.item_ids[self.state(now).current]

    # -- changing -----------------------------------------------------------------
    def _apply(self, mutation: Mutation) -> Mutation:
        mutation(self.run)
        return mutation

    def _timer_change(self, event: TimerEvent | None, extra: Mutation | None = None) -> Mutation | None:
        if event is None:
            return None
        if self.at_keyboard and event.by is None:  # attribute the event to the facilitator at the keyboard
            event = replace(event, by=self.at_keyboard)
            self.timer.events[-1] = event
        mutations = [_append_event(event)]
        if extra is not None:
            mutations.append(extra)

        def mutate(run: SessionRun) -> None:
            for m in mutations:
                m(run)

        # the timer already holds the event; apply only the record part to our copy
        return self._apply(mutate)

    def start(self, now: float) -> Mutation:
        event = self.timer.start(now)
        item_ids = list(self.run.item_ids)
        planned = list(self.run.planned_minutes)

        def begin(run: SessionRun) -> None:
            run.status = SessionStatus.IN_PROGRESS
            run.started_at = run.started_at or now
            run.item_ids = run.item_ids or item_ids
            run.planned_minutes = run.planned_minutes or planned

        mutation = self._timer_change(event, begin)
        assert mutation is not None
        return mutation

    def resume_after_interruption(self, now: float, *, count_gap: bool = True) -> Mutation:
        """Mark an interrupted run as in progress again.

        With `count_gap` the time the console was down counts as session time (the group went on
        in the room); without it, the gap is recorded as a pause from the last sign of life.
        """
        gap_start, gap = interruption(self.run, self.timer, now)
        events: list[TimerEvent] = []
        if not count_gap and gap > 0:
            pause = self.timer.pause(gap_start)
            resume = self.timer.resume(now)
            events = [e for e in (pause, resume) if e is not None]
        appends = [_append_event(event) for event in events]

        def mutate(run: SessionRun) -> None:
            for append in appends:
                append(run)
            if run.status != SessionStatus.DONE:
                run.status = SessionStatus.IN_PROGRESS
            run.alive_at = max(run.alive_at or 0.0, now)

        return self._apply(mutate)

    def heartbeat(self, now: float) -> Mutation:
        """Record that the console is alive, so a crash's gap can be measured on resume."""

        def mutate(run: SessionRun) -> None:
            run.alive_at = max(run.alive_at or 0.0, now)

        return self._apply(mutate)

    def toggle_pause(self, now: float) -> Mutation | None:
        return self._timer_change(self.timer.toggle_pause(now))

    def next_item(self, now: float) -> Mutation | None:
        return self._timer_change(self.timer.next(now))

    def previous_item(self, now: float) -> Mutation | None:
        return self._timer_change(self.timer.previous(now))

    def goto(self, index: int, now: float) -> Mutation | None:
        return self._timer_change(self.timer.goto(index, now))

    def adjust(self, seconds: int, now: float) -> Mutation | None:
        return self._timer_change(self.timer.adjust(seconds, now))

    def insert_break(self, minutes: int, now: float) -> Mutation | None:
        """A planned break of `minutes`: the session pauses and the break counts down."""
        return self._timer_change(self.timer.insert_break(minutes * 60, now))

    def set_display_message(self, text: str, now: float) -> Mutation:
        """The short line the participants' display shows ("Pause : retour à 20 h 15"); empty to clear."""
        clean = " ".join(text.split())[:DISPLAY_MESSAGE_MAX]

        def mutate(run: SessionRun) -> None:
            run.display_message = clean

        return self._apply(mutate)

    def add_message(self, text: str, author: str, now: float, *, reply_to: str | None = None
                    ) -> tuple[RoomMessage, Mutation]:
        """A line between the observer and the facilitators; `text` is already pseudonymised."""
        message = RoomMessage(id=new_id("m"), text=text, author=author, at=now, reply_to=reply_to)
        return message, self._apply(message_appender(message))

    def set_attendance(self, code: str, status: AttendanceStatus, now: float,
                       arrived: str | None = None) -> Mutation:
        """Mark `code`; `arrived` ("HH:MM") is kept for a late participant only."""
        arrival = parse_arrival(arrived) if arrived and status == "late" else None

        def mutate(run: SessionRun) -> None:
            previous = run.attendance.get(code)
            history = list(previous.history) if previous else []
            if previous and previous.status != status:
                history.append(previous.status)
            kept = previous.arrived if previous and previous.status == "late" and status == "late" else None
            run.attendance[code] = AttendanceMark(status=status, at=now, history=history,
                                                  arrived=arrival or kept)

        return self._apply(mutate)

    def add_note(self, item_id: str, text: str, author: str, now: float) -> tuple[Note, Mutation]:
        note = Note(id=new_id("n"), item_id=item_id, text=text, author=author, at=now)

        def mutate(run: SessionRun) -> None:
            if all(existing.id != note.id for existing in run.notes):
                run.notes.append(note.model_copy(deep=True))

        return note, self._apply(mutate)

    def add_flag(self, participant: str, reason: str, item_id: str | None, author: str,
                 now: float, category: FollowUpCategory = FollowUpCategory.OTHER) -> tuple[Flag, Mutation]:
        flag = Flag(id=new_id("f"), participant=participant, reason=reason, item_id=item_id, author=author,
                    at=now, category=category)
        return flag, self._apply(append_flag(flag))

    def review_homework(self, code: str, status: str, note: str, now: float) -> Mutation:
        review = HomeworkReview(status=status, note=note, at=now)  # type: ignore[arg-type]

        def mutate(run: SessionRun) -> None:
            run.homework_review[code] = review.model_copy()

        return self._apply(mutate)

    def end(self, now: float, homework_ids: list[str]) -> Mutation:
        event = self.timer.end(now)
        ids = list(homework_ids)

        def finish(run: SessionRun) -> None:
            run.status = SessionStatus.DONE
            run.ended_at = run.ended_at or now
            run.homework_given = ids

        mutation = self._timer_change(event, finish)
        if mutation is None:  # already ended: still record the homework and the status
            mutation = self._apply(finish)
        return mutation


def append_flag(flag: Flag) -> Mutation:
    """The change adding `flag` to a run, once (the observer saves it straight to the session's file)."""

    def mutate(run: SessionRun) -> None:
        if all(existing.id != flag.id for existing in run.flags):
            run.flags.append(flag.model_copy(deep=True))

    return mutate


def parse_arrival(text: str) -> str:
    """An arrival time typed as `19h05`, `19:05` or `1905`, as "19:05"; ValueError naming it otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH.]?\s*(\d{2})\s*", text or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"arrival time {text!r}: type it as 19:05")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def interruption(run: SessionRun, timer: SessionTimer, now: float) -> tuple[float, float]:
    """(last sign of life, seconds since) of an interrupted run; 0 seconds when it was paused or ended."""
    last_event = max((float(e["at"]) for e in run.events), default=0.0)
    gap_start = max(run.alive_at or 0.0, last_event)
    state = timer.state(gap_start)
    if not state.started or state.paused or state.ended or now <= gap_start:
        return gap_start, 0.0
    return gap_start, now - gap_start


def interruption_of(run: SessionRun, now: float) -> float:
    """Seconds the running session went unrecorded since its console's last sign of life."""
    timer = SessionTimer(list(run.planned_minutes), events=[TimerEvent.from_dict(e) for e in run.events])
    return interruption(run, timer, now)[1]


def summary(live: LiveSession, now: float) -> dict:
    """Figures for the end-of-session summary: items against plan, attendance, flags, notes."""
    state = live.state(now)
    items = []
    for item, timing in zip(live.session.agenda, state.items, strict=False):
        items.append({"id": item.id, "title": item.title, "planned_s": timing.planned_s,
                      "actual_s": round(timing.actual_s), "visited": timing.visited})
    counts: dict[str, int] = {}
    for mark in live.run.attendance.values():
        counts[mark.status] = counts.get(mark.status, 0) + 1
    return {
        "items": items,
        "elapsed_s": round(state.elapsed_s),
        "paused_s": round(state.paused_s),
        "attendance": counts,
        "flags": [flag.model_dump() for flag in live.run.flags],
        "notes": len([n for n in live.run.notes if not n.deleted]),
        "note_lines": [(n.author, n.text) for n in live.run.notes if not n.deleted],
        "breaks": state.breaks,
    }
