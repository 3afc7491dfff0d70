"""The session timer as a pure function of an event log and the current time.

Nothing ticks: every figure on screen is derived from the recorded events (start, pause, resume,
item changes, minute adjustments) and `now`, so a restarted process shows the same times and a
90-minute session is tested in milliseconds with a fake clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EventKind = Literal["start", "pause", "resume", "goto", "adjust", "break", "end"]
Cue = Literal["wrap_up", "overtime"]

DEFAULT_WRAP_UP_S = 120
CUE_WINDOW_S = 5.0   # a wrap-up or overtime cue fires only within this many seconds of the crossing


@dataclass(frozen=True)
class TimerEvent:
    """One thing that happened to the timer; `at` is epoch seconds."""

    kind: EventKind
    at: float
    item: int | None = None        # goto: the item index moved to
    seconds: int | None = None     # adjust: seconds added (negative to remove) to the current item;
    #                                break: the planned length of the break
    by: str | None = None          # the facilitator at the keyboard (F1..F3), when known

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind, "at": self.at}
        if self.item is not None:
            out["item"] = self.item
        if self.seconds is not None:
            out["seconds"] = self.seconds
        if self.by is not None:
            out["by"] = self.by
        return out

    @classmethod
    def from_dict(cls, data: dict) -> TimerEvent:
        return cls(kind=data["kind"], at=float(data["at"]), item=data.get("item"),
                   seconds=data.get("seconds"), by=data.get("by"))


@dataclass(frozen=True)
class ItemTiming:
    index: int
    planned_s: int          # the adjusted plan: planned minutes x 60 plus adjustments
    actual_s: float         # time this item was current while the session ran
    visited: bool
    protocol_s: int = 0     # the protocol's plan, before any adjustment (protocol fidelity)


@dataclass(frozen=True)
class TimerState:
    """Everything the live screen shows about time, at one instant."""

    started: bool
    ended: bool
    paused: bool
    current: int
    elapsed_s: float                 # session time, pauses excluded
    paused_s: float                  # total time spent paused
    items: tuple[ItemTiming, ...]
    session_planned_s: int           # sum of planned items (with adjustments)
    nominal_s: int                   # the session length of the programme (90:00)
    item_remaining_s: float          # negative in overtime
    wrap_up: bool                    # within the wrap-up warning of the current item's end
    schedule_delta_s: float          # > 0 behind schedule, < 0 ahead
    projected_end_at: float | None   # epoch seconds, None before start
    started_at: float | None = None  # epoch seconds of the start event
    on_break: bool = False           # paused for a planned break (`insert_break`)
    break_remaining_s: float = 0.0   # of the current break; negative once it overruns
    breaks: int = 0                  # planned breaks inserted so far
    break_planned_s: int = 0         # their planned length in total

    @property
    def planned_end_at(self) -> float | None:
        """When the session should end: its start, the protocol's length and the planned breaks."""
        if self.started_at is None:
            return None
        return self.started_at + self.nominal_s + self.break_planned_s

    @property
    def next_index(self) -> int | None:
        return self.current + 1 if self.current + 1 < len(self.items) else None

    @property
    def is_last(self) -> bool:
        return self.current == len(self.items) - 1

    @property
    def overtime(self) -> bool:
        return self.item_remaining_s < 0

    @property
    def current_item(self) -> ItemTiming:
        return self.items[self.current]


@dataclass
class SessionTimer:
    """Derives `TimerState` from planned minutes and an append-only event log."""

    planned_minutes: list[int]
    nominal_minutes: int = 90
    wrap_up_s: int = DEFAULT_WRAP_UP_S
    events: list[TimerEvent] = field(default_factory=list)

    # -- recording ------------------------------------------------------------------
    def start(self, now: float) -> TimerEvent:
        if self.events:
            raise ValueError("the session has already started")
        return self._record(TimerEvent("start", now))

    def pause(self, now: float) -> TimerEvent | None:
        state = self.state(now)
        if not state.started or state.paused or state.ended:
            return None
        return self._record(TimerEvent("pause", now))

    def insert_break(self, seconds: int, now: float) -> TimerEvent | None:
        """A planned break of `seconds`: the session pauses and the break counts down; `resume` ends it."""
        state = self.state(now)
        if not state.started or state.ended or seconds < 60:
            return None
        if state.on_break:
            return None
        return self._record(TimerEvent("break", now, seconds=seconds))

    def resume(self, now: float) -> TimerEvent | None:
        state = self.state(now)
        if not state.paused or state.ended:
            return None
        return self._record(TimerEvent("resume", now))

    def toggle_pause(self, now: float) -> TimerEvent | None:
        return self.resume(now) if self.state(now).paused else self.pause(now)

    def goto(self, index: int, now: float) -> TimerEvent | None:
        state = self.state(now)
        if not state.started or state.ended or not 0 <= index < len(self.planned_minutes):
            return None
        if index == state.current:
            return None
        return self._record(TimerEvent("goto", now, item=index))

    def next(self, now: float) -> TimerEvent | None:
        return self.goto(self.state(now).current + 1, now)

    def previous(self, now: float) -> TimerEvent | None:
        return self.goto(self.state(now).current - 1, now)

    def adjust(self, seconds: int, now: float) -> TimerEvent | None:
        state = self.state(now)
        if not state.started or state.ended:
            return None
        # never plan an item below one minute
        if state.current_item.planned_s + seconds < 60:
            return None
        return self._record(TimerEvent("adjust", now, seconds=seconds))

    def end(self, now: float) -> TimerEvent | None:
        state = self.state(now)
        if not state.started or state.ended:
            return None
        return self._record(TimerEvent("end", now))

    def _record(self, event: TimerEvent) -> TimerEvent:
        if self.events and event.at < self.events[-1].at:
            # a clock that went backwards (e.g. a resumed process): never reorder history
            event = TimerEvent(event.kind, self.events[-1].at, event.item, event.seconds)
        self.events.append(event)
        return event

    # -- deriving -------------------------------------------------------------------
    def state(self, now: float) -> TimerState:
        n = len(self.planned_minutes)
        planned = [m * 60 for m in self.planned_minutes]
        actual = [0.0] * n
        visited = [False] * n
        current = 0
        started = ended = paused = False
        elapsed = paused_total = 0.0
        last = None  # time of the previous event while started
        end_at = now
        started_at: float | None = None
        on_break = False
        break_start = 0.0
        break_length = 0
        breaks = break_planned = 0
        # each event closes the span since the previous one; `now` closes the last one
        for event in [*self.events, None]:
            at = now if event is None else event.at
            if started and last is not None and not ended:
                span = max(0.0, at - last)
                if paused:
                    paused_total += span
                else:
                    elapsed += span
                    actual[current] += span
            if event is None:
                break
            if event.kind == "start":
                started = True
                started_at = at
                visited[0] = True
            elif event.kind == "pause":
                paused = True
            elif event.kind == "break" and event.seconds is not None and started and not ended:
                break_start = at
                paused = on_break = True
                break_length = event.seconds
                breaks += 1
                break_planned += event.seconds
            elif event.kind == "resume":
                paused = on_break = False
            elif event.kind == "goto" and event.item is not None:
                current = event.item
                visited[current] = True
            elif event.kind == "adjust" and event.seconds is not None:
                planned[current] += event.seconds
            elif event.kind == "end":
                ended = True
                end_at = at
            last = at
        clock = end_at if ended else now

        items = tuple(ItemTiming(i, planned[i], actual[i], visited[i], self.planned_minutes[i] * 60)
                      for i in range(n))
        break_remaining = (break_start + break_length - clock) if on_break else 0.0
        remaining = planned[current] - actual[current]
        # Where the session "should" be: all earlier items as planned, plus the current item's
        # time so far capped at its plan. Behind schedule = elapsed beyond that point.
        expected = sum(planned[:current]) + min(actual[current], planned[current])
        delta = elapsed - expected if started else 0.0
        projected = None
        if started:
            still = max(0.0, remaining) + sum(planned[current + 1:]) + max(0.0, break_remaining)
            projected = clock + (0.0 if ended else still)
        return TimerState(
            started=started,
            ended=ended,
            paused=paused,
            current=current,
            elapsed_s=elapsed,
            paused_s=paused_total,
            items=items,
            session_planned_s=sum(planned),
            nominal_s=self.nominal_minutes * 60,
            item_remaining_s=remaining,
            wrap_up=started and not ended and 0 <= remaining <= self.wrap_up_s,
            schedule_delta_s=delta,
            projected_end_at=projected,
            started_at=started_at,
            on_break=on_break and not ended,
            break_remaining_s=break_remaining if not ended else 0.0,
            breaks=breaks,
            break_planned_s=break_planned,
        )


def cue(before: TimerState | None, after: TimerState) -> Cue | None:
    """The discreet cue due between two states of the same item: entering wrap-up, or overtime."""
    if after.ended or after.paused or before is None or before.current != after.current:
        return None
    # only at the moment of crossing, between two ticks: a clock moved by minutes brings no cue
    if not crossed_recently(before, after):
        return None
    if after.overtime and not before.overtime:
        return "overtime"
    if after.wrap_up and not before.wrap_up and not before.overtime:
        return "wrap_up"
    return None


def crossed_recently(before: TimerState, after: TimerState) -> bool:
    """The two states are consecutive ticks (a few seconds apart), not a jump of the clock."""
    return after.elapsed_s - before.elapsed_s <= CUE_WINDOW_S
