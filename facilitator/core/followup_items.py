"""Follow-up items: a flag or an absence becomes something someone takes, by a date, and closes saying what was done.

Items are stored per cycle. A flag raised in a session (free text, a category) and an absence not yet
called back are shown as items before anyone has touched them; the first change saves them as items
of their own, keyed by the flag or the absence, so they are never listed twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pydantic import Field

from facilitator.core.followup import FollowUpCategory
from facilitator.core.models import (
    FACILITATOR_CODE,
    Cycle,
    Flag,
    Record,
    SessionRun,
    SessionStatus,
)


class Urgency(StrEnum):
    URGENT = "urgent"          # today, before the participant leaves
    SOON = "soon"              # within the week
    ROUTINE = "routine"        # by the next session


class FollowUpStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.ROUTINE: 2}
STATUS_ORDER = {FollowUpStatus.OPEN: 0, FollowUpStatus.IN_PROGRESS: 1, FollowUpStatus.DONE: 2}
DEFAULT_URGENCY = {
    FollowUpCategory.SUICIDE_RISK: Urgency.URGENT,
    FollowUpCategory.INTOXICATION: Urgency.URGENT,
    FollowUpCategory.ASSAULT_DISCLOSURE: Urgency.URGENT,
    FollowUpCategory.MEDICAL: Urgency.SOON,
    FollowUpCategory.ABSENCE_CALLBACK: Urgency.SOON,
    FollowUpCategory.OTHER: Urgency.ROUTINE,
}
DAYS_TO_DUE = {Urgency.URGENT: 0, Urgency.SOON: 3, Urgency.ROUTINE: 7}


class FollowUp(Record):
    """One thing to do for one participant."""

    id: str
    participant: str
    category: FollowUpCategory = FollowUpCategory.OTHER
    urgency: Urgency = Urgency.ROUTINE
    reason: str = ""                    # pseudonymised, short
    assignee: str = ""                  # facilitator code F1..F3, "" = nobody yet
    due: date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    action: str = ""                    # pseudonymised: what was done
    session: int | None = None          # the session it arose in
    flag_id: str | None = None          # the flag it came from
    created_at: float = 0.0
    created_by: str = ""
    updated_at: float = 0.0
    updated_by: str = ""
    closed_at: float | None = None
    suggested: bool = False             # not saved yet: an absence nobody has called back
    history: list[str] = Field(default_factory=list)   # previous statuses, oldest first (never texts)

    @property
    def is_open(self) -> bool:
        return self.status != FollowUpStatus.DONE


def default_due(urgency: Urgency, today: date) -> date:
    return today + timedelta(days=DAYS_TO_DUE[urgency])


def flag_item_id(flag_id: str) -> str:
    return f"u-{flag_id}"


def absence_item_id(code: str, session: int) -> str:
    return f"a-{code}-{session}"


def from_flag(flag: Flag, session: int) -> FollowUp:
    """The item a flag stands for until someone changes it (same category, default urgency)."""
    category = FollowUpCategory(flag.category)
    urgency = DEFAULT_URGENCY[category]
    return FollowUp(id=flag_item_id(flag.id), participant=flag.participant, category=category, urgency=urgency,
                    reason=flag.reason, session=session, flag_id=flag.id, created_at=flag.at,
                    created_by=flag.author,
                    due=default_due(urgency, date.fromtimestamp(flag.at)) if flag.at else None)


def absence_suggestions(cycle: Cycle, runs: Mapping[int, SessionRun], dropouts: Iterable[str] = (),
                        ) -> list[FollowUp]:
    """A call-back suggestion for every absence (not excused) at a session that was held or is running."""
    gone = set(dropouts) | set(cycle.dropouts)
    out = []
    for number in sorted(runs):
        run = runs[number]
        if run.status == SessionStatus.PLANNED:
            continue
        for code in cycle.participants:
            mark = run.attendance.get(code)
            if mark is None or mark.status != "absent" or code in gone:
                continue
            when = run.started_at or mark.at
            out.append(FollowUp(
                id=absence_item_id(code, number), participant=code, category=FollowUpCategory.ABSENCE_CALLBACK,
                urgency=Urgency.SOON, session=number, created_at=mark.at, suggested=True,
                due=default_due(Urgency.SOON, date.fromtimestamp(when)) if when else None))
    return out


def intake_item_id(code: str, what: str) -> str:
    return f"i-{code}-{what}"


def intake_suggestions(records: Iterable[Any]) -> list[FollowUp]:
    """Suggestions from intake consultations: suicidal ideas at the screen (urgent), daily GHB/GBL (withdrawal risk).

    `records` are `core.participant.ParticipantRecord`s (not imported here: that module imports this one's
    neighbours); a participant who dropped out gets none.
    """
    out = []
    for record in records:
        intake = record.intake
        if intake is None or record.dropout is not None:
            continue
        day = intake.date
        if intake.suicide_screen in ("ideas", "plan"):
            out.append(FollowUp(id=intake_item_id(record.code, "suicide"), participant=record.code,
                                category=FollowUpCategory.SUICIDE_RISK, urgency=Urgency.URGENT, due=day,
                                suggested=True))
        if intake.daily_ghb:
            out.append(FollowUp(id=intake_item_id(record.code, "ghb"), participant=record.code,
                                category=FollowUpCategory.MEDICAL, urgency=Urgency.SOON,
                                due=default_due(Urgency.SOON, day), suggested=True))
    return out


def sort_key(item: FollowUp) -> tuple:
    """Not done first (open or in progress alike), then the most urgent, then the earliest due."""
    return (0 if item.is_open else 1, URGENCY_ORDER[item.urgency], item.due or date.max,
            STATUS_ORDER[item.status], item.created_at, item.id)


def follow_up_list(stored: Iterable[FollowUp], cycle: Cycle, runs: Mapping[int, SessionRun],
                   dropouts: Iterable[str] = (), records: Iterable[Any] = ()) -> list[FollowUp]:
    """Every item of the cycle, open first (urgent, then by due date): saved ones, flags, absences, intakes."""
    items = {item.id: item for item in stored}
    for suggestion in intake_suggestions(records):
        items.setdefault(suggestion.id, suggestion)
    for number in sorted(runs):
        for flag in runs[number].flags:
            items.setdefault(flag_item_id(flag.id), from_flag(flag, number))
    for suggestion in absence_suggestions(cycle, runs, dropouts):
        items.setdefault(suggestion.id, suggestion)
    return sorted(items.values(), key=sort_key)


def to_follow_before(items: Iterable[FollowUp], today: date) -> list[FollowUp]:
    """What to see before starting a session: every open item, overdue or urgent first."""
    open_items = [i for i in items if i.is_open]
    return sorted(open_items, key=lambda i: (0 if (i.due and i.due <= today) or i.urgency == Urgency.URGENT
                                             else 1, *sort_key(i)))


class FollowUpError(ValueError):
    """A change to a follow-up item that its rules refuse; `rule` names it for the interface's catalogue."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


def update(item: FollowUp, *, by: str, now: float, status: FollowUpStatus | None = None,
           assignee: str | None = None, due: date | None = None, urgency: Urgency | None = None,
           action: str | None = None, reason: str | None = None, category: FollowUpCategory | None = None,
           ) -> FollowUp:
    """A copy of `item` changed; closing needs what was done, and whoever takes it is a facilitator code."""
    copy = item.model_copy(deep=True)
    if assignee is not None:
        if assignee and not FACILITATOR_CODE.fullmatch(assignee):
            raise FollowUpError("assignee_code", f"who takes it: {assignee!r} is not a facilitator code F1, F2 or F3")
        copy.assignee = assignee
    if due is not None:
        copy.due = due
    if urgency is not None:
        copy.urgency = urgency
    if category is not None:
        copy.category = category
    if reason is not None:
        copy.reason = reason.strip()
    if action is not None:
        copy.action = action.strip()
    if status is not None and status != copy.status:
        if status == FollowUpStatus.DONE and not copy.action:
            raise FollowUpError("close_needs_action", "a follow-up item is closed with what was done")
        copy.history.append(copy.status.value)
        copy.status = status
        copy.closed_at = now if status == FollowUpStatus.DONE else None
    if copy.status != FollowUpStatus.OPEN and not copy.assignee:
        raise FollowUpError("needs_assignee", "a follow-up item in progress or done says who takes it")
    copy.suggested = False
    copy.updated_at, copy.updated_by = now, by
    if not copy.created_at:
        copy.created_at, copy.created_by = now, by
    return copy


def new_item(*, item_id: str, participant: str, category: FollowUpCategory, reason: str, by: str, now: float,
             today: date, session: int | None = None, urgency: Urgency | None = None) -> FollowUp:
    urgency = urgency or DEFAULT_URGENCY[category]
    return FollowUp(id=item_id, participant=participant, category=category, urgency=urgency, reason=reason.strip(),
                    session=session, created_at=now, created_by=by, updated_at=now, updated_by=by,
                    due=default_due(urgency, today))
