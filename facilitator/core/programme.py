"""The programme (sessions.yaml) as validated data: sessions, agenda items, exercises, codebook.

The loader keeps YAML line numbers so every validation error names `FILE:LINE` and the field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from facilitator.core.followup import FollowUpCategory


class Strict(BaseModel):
    """Base for programme models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# `check_locally: true` (or a text saying what to check) marks a phone number, a service or a
# figure that the clinical team must check for its own site before running or printing;
# `facilitator check-programme` lists every such mark with its line.
LocalMark = bool | str


class ItemKind(StrEnum):
    WELCOME = "welcome"            # welcome and check-in "météo"
    HOMEWORK_REVIEW = "homework_review"
    PSYCHOEDUCATION = "psychoeducation"
    EXERCISE = "exercise"
    DISCUSSION = "discussion"
    BREAK = "break"
    HOMEWORK = "homework"          # homework given
    QUESTIONNAIRES = "questionnaires"
    CLOSING = "closing"            # closing round


class FieldKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    RATING_10 = "rating_10"        # integer 0-10
    PERCENT = "percent"            # integer 0-100 %
    CHOICE = "choice"              # one of `options`
    TABLE = "table"                # rows of named `columns`
    WEEK_GRID = "week_grid"        # `days` x `slots`, each cell a short text


class Column(Strict):
    id: str
    label: str
    kind: FieldKind = FieldKind.SHORT_TEXT
    options: list[str] = Field(default_factory=list)


class ExerciseField(Strict):
    id: str
    label: str
    kind: FieldKind
    help: str = ""
    options: list[str] = Field(default_factory=list)      # choice
    columns: list[Column] = Field(default_factory=list)   # table
    rows: list[str] = Field(default_factory=list)         # table: fixed row labels (optional)
    days: list[str] = Field(default_factory=list)         # week_grid
    slots: list[str] = Field(default_factory=list)        # week_grid


class Exercise(Strict):
    id: str
    title: str
    scope: Literal["group", "participant"]
    minutes: int = Field(gt=0)
    instructions_facilitator: str
    instructions_participant: str
    fields: list[ExerciseField] = Field(min_length=1)
    with_resources: bool = False    # the booklet prints the emergency numbers and resources under the sheet
    spare_copies: int = Field(default=0, ge=0, le=8)   # blank copies at the end of the booklet (weekly sheets)
    check_locally: LocalMark = False


class AgendaItem(Strict):
    id: str
    title: str
    minutes: int = Field(gt=0)
    kind: ItemKind
    prompts: list[str] = Field(default_factory=list)
    round: str = ""                                       # the one question every participant answers
    notes: list[str] = Field(default_factory=list)        # reference notes shown beside the prompts
    exercise: str | None = None
    materials: list[str] = Field(default_factory=list)
    check_locally: LocalMark = False


class Homework(Strict):
    id: str
    title: str
    instructions: str
    exercise: str | None = None


class Session(Strict):
    number: int = Field(ge=1)
    title: str
    goals: list[str] = Field(min_length=1)
    key_messages: list[str] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(min_length=1)
    homework: list[Homework] = Field(default_factory=list)
    check_locally: LocalMark = False

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


class CharterRule(Strict):
    id: str
    title: str
    text: str
    check_locally: LocalMark = False


class Resource(Strict):
    """A help line or a service: national ones carry their number, local ones are filled in by the team."""

    id: str
    name: str
    scope: Literal["national", "local"]
    phone: str = ""                 # as printed; empty until the team fills in a local service
    description: str = ""
    contact: str = ""               # address, hours, how to reach it (local services)
    check_locally: LocalMark = False


class CrisisCard(Strict):
    """A crisis procedure the facilitators open with one key: signs, steps in order, whom to call."""

    id: str
    title: str
    category: FollowUpCategory      # the follow-up flag a card creates
    signs: list[str] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    call: list[str] = Field(min_length=1)
    record: list[str] = Field(min_length=1)
    group: list[str] = Field(default_factory=list)        # what the group hears
    resources: list[str] = Field(default_factory=list)    # ids of `resources` shown with the card
    attendance: Literal["not_admitted"] | None = None     # also marks the flagged participant so (console)
    check_locally: LocalMark = False


class Theme(Strict):
    id: str
    label: str
    key: str = Field(min_length=1, max_length=1)   # observer hotkey
    description: str = ""
    parent: str | None = None
    keywords: list[str] = Field(default_factory=list)   # suggested in the observer's preview


class QuestionnaireDue(Strict):
    """A time point of the evaluation: T0, T1, T2, and any follow-up the programme declares (T3...)."""

    timepoint: str = Field(pattern=r"^T[0-9]{1,2}$")
    label: str
    session: int = Field(ge=0)                     # 0 = inclusion, before session 1
    # before the session starts, at its end, or `weeks_after` weeks after it (a follow-up)
    moment: Literal["before", "end", "after"] = "end"
    weeks_after: int | None = Field(default=None, ge=1, le=104)
    note: str = ""                                 # advice shown with the reminder
    instruments: list[Literal["dudit", "ceq-s", "ceq-f", "tlfb"]]

    @model_validator(mode="after")
    def _follow_up_has_weeks(self) -> QuestionnaireDue:
        if (self.moment == "after") != (self.weeks_after is not None):
            # a typed error: check-programme words it from the catalogue (programme.weeks_after_needs_after)
            raise PydanticCustomError("weeks_after_needs_after",
                                      "weeks_after goes with moment: after (a follow-up some weeks after the session)")
        return self

    @property
    def follow_up(self) -> bool:
        """Due weeks after a session rather than in one: not reminded in the room."""
        return self.weeks_after is not None


class ProgrammeInfo(Strict):
    title: str
    version: str = "1"
    session_minutes: int = Field(default=90, gt=0)
    language: Literal["fr", "en"] = "fr"


class Programme(Strict):
    programme: ProgrammeInfo
    charter: list[CharterRule] = Field(min_length=1)
    codebook: list[Theme] = Field(min_length=1)
    questionnaires_due: list[QuestionnaireDue]
    exercises: list[Exercise] = Field(default_factory=list)
    sessions: list[Session] = Field(min_length=1)
    crisis_cards: list[CrisisCard] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    emergency: list[str] = Field(default_factory=list)   # printed first on the booklet's emergency page

    def resource(self, resource_id: str) -> Resource:
        for resource in self.resources:
            if resource.id == resource_id:
                return resource
        raise KeyError(f"no resource {resource_id!r} in the programme")

    def crisis_card(self, card_id: str) -> CrisisCard:
        for card in self.crisis_cards:
            if card.id == card_id:
                return card
        raise KeyError(f"no crisis card {card_id!r} in the programme")

    def session(self, number: int) -> Session:
        for session in self.sessions:
            if session.number == number:
                return session
        raise KeyError(f"no session {number} in the programme")

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(f"no exercise {exercise_id!r} in the programme")

    def theme(self, theme_id: str) -> Theme:
        for theme in self.codebook:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"no theme {theme_id!r} in the codebook")

    def due_at(self, session_number: int) -> list[QuestionnaireDue]:
        """Questionnaire time points due during session `session_number` (follow-ups are due later)."""
        return [due for due in self.questionnaires_due if due.session == session_number and not due.follow_up]

    @property
    def timepoints(self) -> tuple[str, ...]:
        """The evaluation's time points in the order the programme declares them (T0 first)."""
        return tuple(due.timepoint for due in self.questionnaires_due)

    def instruments_at(self, timepoint: str) -> tuple[str, ...]:
        """The instruments given at `timepoint`, in the usual order; all four for one not declared."""
        for due in self.questionnaires_due:
            if due.timepoint == timepoint:
                return tuple(i for i in ("dudit", "ceq-s", "ceq-f", "tlfb") if i in due.instruments)
        return ("dudit", "ceq-s", "ceq-f", "tlfb")

    def follow_ups_after(self, session_number: int) -> list[QuestionnaireDue]:
        """Follow-up time points counted from session `session_number`."""
        return [due for due in self.questionnaires_due if due.session == session_number and due.follow_up]
