"""The participant's path: intake consultation, consents, inclusion and drop-out, check-ins, final consultation.

A record is kept by code, never by name; its free texts (his own rules, what changed, orientation) are
pseudonymised before they get here. Characteristics and participation are computed from these records
as the programme's evaluation reports them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from facilitator.core.models import PARTICIPANT_CODE, Cycle, Record

if TYPE_CHECKING:
    from facilitator.core.pseudonymise import Roster

REFERRALS = ("addiction_service", "sexual_health", "community", "general_practice", "psychiatry",
             "self", "other")
PRODUCTS = ("cathinones", "ghb_gbl", "methamphetamine", "cocaine", "ketamine", "alcohol", "other")
ROUTES = ("oral", "snorted", "smoked", "injected", "rectal")
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
SUICIDE_SCREENS = ("none", "ideas", "plan")           # at intake: no ideas / ideas / ideas with a plan
DROPOUT_REASONS = ("moved", "relapse", "hospitalised", "not_interested", "unknown")
CONSENTS = ("charter", "observer", "quotation", "evaluation")
PathEventKind = Literal["inclusion", "late_inclusion", "dropout"]
PATH_EVENT_KINDS: tuple[PathEventKind, ...] = ("inclusion", "late_inclusion", "dropout")
CRAVING_MAX = 10
SPARK = "▁▂▃▄▅▆▇█"


class Goal(StrEnum):
    SOBRIETY = "sobriety"
    CONTROLLED_USE = "controlled_use"
    UNDECIDED = "undecided"


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value and value not in allowed:
        raise ValueError(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _choices(values: list[str], allowed: Sequence[str], what: str) -> list[str]:
    for value in values:
        _choice(value, allowed, what)
    return [value for value in allowed if value in values]   # catalogue order, no duplicates


class Consents(Record):
    """Each consent as given at intake: True, False (refused) or None (not asked yet)."""

    charter: bool | None = None
    observer: bool | None = None
    quotation: bool | None = None          # quotation of his words, pseudonymised, in reports
    evaluation: bool | None = None         # use of his data for the programme's evaluation


class Intake(Record):
    """The intake consultation before the group."""

    date: date
    referral: str = ""
    goal: Goal = Goal.UNDECIDED
    own_rules: str = ""                    # pseudonymised: for controlled use, what a lapse means for him
    products: list[str] = Field(default_factory=list)
    routes: list[str] = Field(default_factory=list)
    daily_ghb: bool | None = None          # daily GHB/GBL: withdrawal risk
    prep: bool | None = None               # optional
    hiv_treatment: bool | None = None      # optional
    suicide_screen: str = ""
    individual_clinician: bool | None = None
    age_band: str = ""
    consents: Consents = Field(default_factory=Consents)

    @field_validator("referral")
    @classmethod
    def _referral(cls, value: str) -> str:
        return _choice(value, REFERRALS, "referral")

    @field_validator("products")
    @classmethod
    def _products(cls, value: list[str]) -> list[str]:
        return _choices(value, PRODUCTS, "product")

    @field_validator("routes")
    @classmethod
    def _routes(cls, value: list[str]) -> list[str]:
        return _choices(value, ROUTES, "route")

    @field_validator("suicide_screen")
    @classmethod
    def _suicide(cls, value: str) -> str:
        return _choice(value, SUICIDE_SCREENS, "suicide screen")

    @field_validator("age_band")
    @classmethod
    def _age(cls, value: str) -> str:
        return _choice(value, AGE_BANDS, "age band")


class PathEvent(Record):
    """Inclusion, late inclusion (from `session`) or drop-out (with a reason), recorded, never inferred."""

    kind: PathEventKind
    date: date
    reason: str = ""
    session: int | None = None
    at: float = 0.0

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return _choice(value, DROPOUT_REASONS, "drop-out reason")


class FinalConsultation(Record):
    date: date
    changes: str = ""                      # pseudonymised: what changed for him
    orientation: str = ""                  # pseudonymised: orientation after the group


class CheckIn(Record):
    """Optional measures given during the check-in round of one session."""

    session: int
    days_used: int | None = None           # days of use since the last session
    lapse: bool | None = None
    craving: int | None = None             # strongest craving since the last session, 0-10
    safety_concern: bool = False
    at: float = 0.0

    @field_validator("days_used")
    @classmethod
    def _days(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= 7 * 8:
            raise ValueError(f"days of use: {value} is not between 0 and 56")
        return value

    @field_validator("craving")
    @classmethod
    def _craving(cls, value: int | None) -> int | None:
        if value is not None and not 0 <= value <= CRAVING_MAX:
            raise ValueError(f"craving: {value} is not between 0 and {CRAVING_MAX}")
        return value


class ParticipantRecord(Record):
    code: str
    intake: Intake | None = None
    events: list[PathEvent] = Field(default_factory=list)
    final: FinalConsultation | None = None
    checkins: list[CheckIn] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not PARTICIPANT_CODE.fullmatch(value):
            raise ValueError(f"{value!r} is not a participant code like P01")
        return value

    # -- reading ------------------------------------------------------------------
    @property
    def refused_quotation(self) -> bool:
        return self.intake is not None and self.intake.consents.quotation is False

    @property
    def dropout(self) -> PathEvent | None:
        """The last drop-out, unless he was included again after it."""
        for event in reversed(self.events):
            if event.kind == "dropout":
                return event
            return None
        return None

    @property
    def late_from(self) -> int | None:
        """The session a late inclusion starts from, if he was included late."""
        for event in self.events:
            if event.kind == "late_inclusion":
                return event.session
        return None

    def checkin(self, session: int) -> CheckIn | None:
        for item in self.checkins:
            if item.session == session:
                return item
        return None


# ================================================================ changes (pure, on a copy)


def record_event(record: ParticipantRecord, event: PathEvent) -> ParticipantRecord:
    """A copy with `event` added; a drop-out needs a reason, a late inclusion its first session."""
    if event.kind == "dropout" and not event.reason:
        raise ValueError("a drop-out needs a reason (unknown if it is not known)")
    if event.kind == "late_inclusion" and not event.session:
        raise ValueError("a late inclusion needs the session he joins from")
    if event.kind != "dropout" and event.reason:
        raise ValueError("only a drop-out has a reason")
    copy = record.model_copy(deep=True)
    if event in copy.events:   # the same save made twice (a retry, a replay): recorded once
        return copy
    copy.events.append(event)
    copy.events.sort(key=lambda e: (e.date, e.at))
    return copy


def record_checkin(record: ParticipantRecord, checkin: CheckIn) -> ParticipantRecord:
    """A copy with the check-in of that session created or replaced."""
    copy = record.model_copy(deep=True)
    copy.checkins = sorted([c for c in copy.checkins if c.session != checkin.session] + [checkin],
                           key=lambda c: c.session)
    return copy


def refused_quotation(records: Iterable[ParticipantRecord]) -> frozenset[str]:
    """Codes of participants who refused quotation: their words stay out of every export's quotes."""
    return frozenset(r.code for r in records if r.refused_quotation)


def dropouts_of(cycle: Cycle, records: Mapping[str, ParticipantRecord]) -> frozenset[str]:
    """Codes that dropped out: recorded drop-outs, and the cycle's older list of codes."""
    recorded = {code for code, r in records.items() if r.dropout is not None}
    return frozenset(recorded | set(cycle.dropouts))


# ================================================================ check-in trend


def spark(values: Sequence[int | None], maximum: int = CRAVING_MAX) -> str:
    """A one-line trend: one block per session, `·` where nothing was given."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            index = round(max(0, min(value, maximum)) / maximum * (len(SPARK) - 1)) if maximum else 0
            out.append(SPARK[index])
    return "".join(out)


@dataclass(frozen=True)
class CheckInTrend:
    craving: str                           # spark line over sessions 1..n
    days_used: tuple[int | None, ...]
    lapses: int
    safety_concerns: tuple[int, ...]       # sessions where a safety concern was raised


def checkin_trend(record: ParticipantRecord, sessions: int = 8) -> CheckInTrend:
    by_session = {c.session: c for c in record.checkins}
    cravings = [by_session[n].craving if n in by_session else None for n in range(1, sessions + 1)]
    days = tuple(by_session[n].days_used if n in by_session else None for n in range(1, sessions + 1))
    return CheckInTrend(craving=spark(cravings), days_used=days,
                        lapses=sum(1 for c in record.checkins if c.lapse),
                        safety_concerns=tuple(c.session for c in record.checkins if c.safety_concern))


# ================================================================ characteristics and participation


@dataclass(frozen=True)
class DropoutRow:
    code: str
    date: date | None
    reason: str                            # one of DROPOUT_REASONS
    last_attended: int | None


@dataclass(frozen=True)
class Characteristics:
    """The participants' characteristics table of the evaluation (counts over recorded intakes)."""

    enrolled: int
    intakes: int                           # participants with an intake recorded
    goals: dict[str, int]
    products: dict[str, int]
    routes: dict[str, int]
    referrals: dict[str, int]
    age_bands: dict[str, int]
    daily_ghb: int
    individual_clinician: int
    late_inclusions: tuple[str, ...]
    refused_quotation: tuple[str, ...]
    finals: int                            # final consultations recorded
    dropouts: tuple[DropoutRow, ...]


def _ordered(counter: Counter[str], order: Sequence[str]) -> dict[str, int]:
    return {key: counter[key] for key in order if counter[key]}


def characteristics(cycle: Cycle, records: Mapping[str, ParticipantRecord],
                    last_attended: Mapping[str, int | None] | None = None) -> Characteristics:
    """Counts of goals, products, routes, referrals and age bands, and drop-outs with their reasons."""
    last_attended = last_attended or {}
    intakes = [records[c].intake for c in cycle.participants if c in records and records[c].intake]
    goals: Counter[str] = Counter(i.goal.value for i in intakes if i)
    products: Counter[str] = Counter(p for i in intakes if i for p in i.products)
    routes: Counter[str] = Counter(r for i in intakes if i for r in i.routes)
    referrals: Counter[str] = Counter(i.referral for i in intakes if i and i.referral)
    ages: Counter[str] = Counter(i.age_band for i in intakes if i and i.age_band)
    rows = []
    for code in cycle.participants:
        record = records.get(code)
        event = record.dropout if record else None
        if event is not None:
            rows.append(DropoutRow(code, event.date, event.reason or "unknown", last_attended.get(code)))
        elif code in cycle.dropouts:
            rows.append(DropoutRow(code, None, "unknown", last_attended.get(code)))
    return Characteristics(
        enrolled=len(cycle.participants), intakes=len(intakes),
        goals=_ordered(goals, [g.value for g in Goal]), products=_ordered(products, PRODUCTS),
        routes=_ordered(routes, ROUTES), referrals=_ordered(referrals, REFERRALS),
        age_bands=_ordered(ages, AGE_BANDS),
        daily_ghb=sum(1 for i in intakes if i and i.daily_ghb),
        individual_clinician=sum(1 for i in intakes if i and i.individual_clinician),
        late_inclusions=tuple(c for c in cycle.participants if c in records and records[c].late_from),
        refused_quotation=tuple(c for c in cycle.participants if c in records and records[c].refused_quotation),
        finals=sum(1 for c in cycle.participants if c in records and records[c].final is not None),
        dropouts=tuple(rows),
    )


def parse_day(text: str, today: date) -> date:
    """A date typed as `dd/mm/yyyy`, `dd/mm` (this year), `yyyy-mm-dd`, or empty for today; ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return today
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", text)
        if match:
            day, month, year = match.groups()
            full = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
            return date(full, int(month), int(day))
    except ValueError:
        pass
    raise ValueError(f"date {text!r}: type it as dd/mm/yyyy")


def with_first_name(code: str, roster: Roster | None, shown: bool) -> str:
    """`P03 Julien` when first names are shown and the roster knows him, else the code alone.

    For the facilitators' own screen only: never for the observer, an export, a log or a report.
    """
    if not shown or roster is None:
        return code
    for entry in roster.entries:
        if entry.code == code and entry.names:
            return f"{code} {entry.names[0]}"
    return code


def add_participant(cycle: Cycle, code: str) -> Cycle:
    """A copy of `cycle` with a participant code added (a late inclusion); refuses a name or a code in use."""
    from facilitator.core.models import CodeError, check_participant_codes

    code = code.strip().upper()
    if code in cycle.participants:
        raise ValueError(f"{code} is already a participant of this cycle")
    try:
        codes = check_participant_codes([*cycle.participants, code])
    except CodeError as exc:
        raise ValueError(exc.message) from None
    return cycle.model_copy(update={"participants": sorted(codes)})
