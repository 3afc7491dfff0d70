"""What may be shown while the console is locked or on the participants' display, and nothing more.

Only the current item's title, its countdown, the next item's title, the session's progress and
the facilitators' display message: never codes, names, prompts, notes, flags or verbatims.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from facilitator.core.clock import format_mmss
from facilitator.core.programme import Session
from facilitator.core.timer import SessionTimer, TimerEvent, TimerState

Phase = Literal["waiting", "running", "wrap_up", "overtime", "paused", "break", "ended"]


@dataclass(frozen=True)
class PublicView:
    """One instant of a session as it may be seen by anyone in the room."""

    phase: Phase
    item_number: int            # 1-based; 0 before the start
    item_count: int
    item_title: str
    countdown: str              # mm:ss, +mm:ss in overtime; the break's countdown during a break
    next_title: str             # "" on the last item
    elapsed_s: float
    nominal_s: int
    progress: float             # 0..1 of the nominal session length
    message: str = ""           # set by the facilitators, e.g. "Pause : retour à 20 h 15"
    started_at: float | None = None
    projected_end_at: float | None = None


def phase_of(state: TimerState) -> Phase:
    if not state.started:
        return "waiting"
    if state.ended:
        return "ended"
    if state.on_break:
        return "break"
    if state.paused:
        return "paused"
    if state.overtime:
        return "overtime"
    return "wrap_up" if state.wrap_up else "running"


def countdown_text(state: TimerState) -> str:
    """The large countdown: the break's time left during a break, the item's otherwise (+mm:ss over)."""
    remaining = state.break_remaining_s if state.on_break else state.item_remaining_s
    return format_mmss(-remaining, signed=True) if remaining < 0 else format_mmss(remaining)


def public_view(session: Session, state: TimerState, message: str = "") -> PublicView:
    agenda = session.agenda
    current = min(state.current, len(agenda) - 1)
    nxt = state.next_index
    return PublicView(
        phase=phase_of(state),
        item_number=current + 1 if state.started else 0,
        item_count=len(agenda),
        item_title=agenda[current].title if state.started else session.title,
        countdown=countdown_text(state) if state.started else "--:--",
        next_title=agenda[nxt].title if nxt is not None and nxt < len(agenda) else "",
        elapsed_s=state.elapsed_s,
        nominal_s=state.nominal_s,
        progress=min(1.0, state.elapsed_s / state.nominal_s) if state.nominal_s else 0.0,
        message=message,
        started_at=state.started_at,
        projected_end_at=state.projected_end_at,
    )


def state_of_run(planned_minutes: list[int], events: list[dict], now: float, nominal_minutes: int = 90,
                 wrap_up_s: int = 120) -> TimerState:
    """The timer state of a run read from disk (the display follows a session another process runs)."""
    timer = SessionTimer(list(planned_minutes), nominal_minutes, wrap_up_s,
                         [TimerEvent.from_dict(e) for e in events])
    return timer.state(now)
