"""Domain records of a cycle: the cycle itself, session runs, notes, flags, verbatims.

Free text in these records is always pseudonymised before it gets here; names never do.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from facilitator.core.followup import FollowUpCategory
from facilitator.errors import UserError
from facilitator.i18n import t

SCHEMA_VERSION = 1
PARTICIPANT_CODE = re.compile(r"^P\d{2}$")
FACILITATOR_CODE = re.compile(r"^F[1-3]$")
SESSIONS_PER_CYCLE = 8


class CodeError(UserError):
    """A malformed or duplicate participant/facilitator code."""


def default_participant_codes(count: int = 12) -> list[str]:
    return [f"P{i:02d}" for i in range(1, count + 1)]


def parse_participant_codes(text: str) -> list[str]:
    """Codes from `P01, P02 ...` or a range `P01-P10`; raises CodeError naming the bad code."""
    codes: list[str] = []
    for raw in re.split(r"[,\s;]+", text.strip()):
        if not raw:
            continue
        token = raw.upper()
        match = re.fullmatch(r"P(\d{2})-P?(\d{2})", token)
        if match:
            lo, hi = int(match.group(1)), int(match.group(2))
            if lo > hi or lo < 1:
                raise CodeError(t("errors.codes_bad_range", raw=raw))
            codes.extend(f"P{i:02d}" for i in range(lo, hi + 1))
            continue
        if not PARTICIPANT_CODE.fullmatch(token) or token == "P00":
            raise CodeError(t("errors.codes_not_a_code", raw=raw))
        codes.append(token)
    return check_participant_codes(codes)


def check_participant_codes(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    for code in codes:
        if not PARTICIPANT_CODE.fullmatch(code) or code == "P00":
            raise CodeError(t("errors.codes_not_a_code", raw=code))
        if code in seen:
            raise CodeError(t("errors.codes_twice", code=code))
        seen.add(code)
    if not codes:
        raise CodeError(t("errors.codes_none"))
    if len(codes) > 20:
        raise CodeError(t("errors.codes_too_many", n=len(codes)))
    return codes


def new_id(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(4)}"


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Facilitator(Record):
    code: str                      # F1..F3
    initials: str                  # initials only, never a full name
    role: str                      # psychologue, médecin addictologue, psychiatre, sexologue...

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not FACILITATOR_CODE.fullmatch(value):
            raise ValueError(f"{value!r} is not a facilitator code F1, F2 or F3")
        return value

    @field_validator("initials")
    @classmethod
    def _initials(cls, value: str) -> str:
        value = value.strip().upper()
        if not re.fullmatch(r"[A-ZÀ-Ý]{1,4}(-[A-ZÀ-Ý]{1,2})?", value):
            raise ValueError(f"{value!r}: initials are 1 to 4 letters (never a full name)")
        return value


class Cycle(Record):
    id: str
    label: str
    site: str
    start_date: date
    facilitators: list[Facilitator]
    participants: list[str]
    dropouts: list[str] = Field(default_factory=list)
    demo: bool = False
    created_at: float = 0.0

    @field_validator("participants")
    @classmethod
    def _participants(cls, value: list[str]) -> list[str]:
        return check_participant_codes(list(value))


class SessionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    INTERRUPTED = "interrupted"     # derived: in progress on disk but no console holds it
    DONE = "done"


# "not_admitted": came but was not admitted to the session (for instance under the influence), not absent
AttendanceStatus = Literal["present", "late", "absent", "excused", "not_admitted"]
ATTENDANCE_STATUSES: tuple[AttendanceStatus, ...] = ("present", "late", "absent", "excused", "not_admitted")
ATTENDED: frozenset[AttendanceStatus] = frozenset({"present", "late"})   # the statuses that count as attending


class Revision(Record):
    """A previous version of an edited or deleted text, kept forever."""

    id: str = ""                   # the edit's id: the same edit saved twice (a retry) is recorded once
    text: str
    at: float
    by: str
    reason: str = ""
    action: Literal["edit", "delete"] = "edit"
    themes: list[str] = Field(default_factory=list)
    speaker: str | None = None


class Note(Record):
    id: str
    item_id: str
    text: str                      # pseudonymised
    author: str                    # facilitator code
    at: float
    history: list[Revision] = Field(default_factory=list)
    deleted: bool = False


class Flag(Record):
    id: str
    participant: str
    reason: str                    # pseudonymised, short
    item_id: str | None = None
    author: str = ""
    at: float = 0.0
    category: FollowUpCategory = FollowUpCategory.OTHER


class HomeworkReview(Record):
    status: Literal["done", "partly", "not_done"]
    note: str = ""                 # pseudonymised
    at: float = 0.0


class AttendanceMark(Record):
    status: AttendanceStatus
    at: float = 0.0
    arrived: str | None = None     # arrival time "HH:MM" of a late participant, as the facilitator entered it
    history: list[str] = Field(default_factory=list)   # previous statuses, oldest first


class RoomMessage(Record):
    """A short line between the observer and the facilitators during a session (pseudonymised)."""

    id: str
    text: str                      # pseudonymised
    author: str                    # "observer" or a facilitator code F1..F3
    at: float
    reply_to: str | None = None    # the id of the message answered


class SessionRun(Record):
    """What happened in one session of a cycle (one small file)."""

    cycle_id: str
    number: int
    status: SessionStatus = SessionStatus.PLANNED
    planned_minutes: list[int] = Field(default_factory=list)
    item_ids: list[str] = Field(default_factory=list)
    events: list[dict] = Field(default_factory=list)
    attendance: dict[str, AttendanceMark] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    homework_given: list[str] = Field(default_factory=list)
    homework_review: dict[str, HomeworkReview] = Field(default_factory=dict)   # reviews of the previous session's homework
    started_at: float | None = None
    ended_at: float | None = None
    alive_at: float | None = None      # last heartbeat of the console running it (crash detection)
    messages: list[RoomMessage] = Field(default_factory=list)   # observer <-> facilitators, pseudonymised
    display_message: str = ""          # shown on the participants' display; never confidential


class Verbatim(Record):
    id: str
    cycle_id: str
    session: int
    item_id: str
    speaker: str                   # P03, F1..F3, "group", "unknown"
    themes: list[str] = Field(default_factory=list)
    text: str                      # pseudonymised
    at: float                      # wall clock, epoch seconds
    elapsed_s: float               # session elapsed when captured
    history: list[Revision] = Field(default_factory=list)
    deleted: bool = False
    deleted_reason: str = ""


def present_participants(cycle: Cycle, attendance: dict[str, AttendanceMark]) -> list[str]:
    """The cycle's participants marked present or late, in roster order."""
    return [code for code in cycle.participants if code in attendance and attendance[code].status in ATTENDED]


def reviewed_codes(cycle: Cycle, attendance: dict[str, AttendanceMark], reviews: dict) -> list[str]:
    """Whose homework to review: those present or late, plus anyone already reviewed; when nobody is
    marked yet, everyone still in the group."""
    present = present_participants(cycle, attendance) or [c for c in cycle.participants if c not in cycle.dropouts]
    return present + [c for c in cycle.participants if c in reviews and c not in present]
