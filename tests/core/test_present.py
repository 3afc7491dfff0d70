"""Who is present, whose homework is reviewed, who an exercise sheet is for: rules shared by the screens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.core import exercises as ex
from facilitator.core.models import AttendanceMark, Cycle, Facilitator, present_participants, reviewed_codes
from facilitator.core.programme_loader import load_programme

PROGRAMME = load_programme(Path(__file__).resolve().parents[2] / "sessions.yaml")


def cycle(dropouts: list[str] | None = None) -> Cycle:
    return Cycle(id="c1", label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
                 facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                 participants=["P01", "P02", "P03", "P04"], dropouts=dropouts or [])


def marks(**statuses: str) -> dict[str, AttendanceMark]:
    return {code: AttendanceMark(status=status) for code, status in statuses.items()}


def test_present_means_present_or_late_in_roster_order():
    attendance = marks(P03="late", P01="present", P02="absent", P04="excused")
    assert present_participants(cycle(), attendance) == ["P01", "P03"]
    assert present_participants(cycle(), {}) == []


def test_homework_is_reviewed_for_those_present_and_anyone_already_reviewed():
    attendance = marks(P01="present", P02="absent")
    assert reviewed_codes(cycle(), attendance, {"P04": object()}) == ["P01", "P04"]
    # nobody marked yet: everyone still in the group
    assert reviewed_codes(cycle(dropouts=["P02"]), {}, {}) == ["P01", "P03", "P04"]


def test_an_exercise_sheet_lists_those_present_then_the_group():
    individual = next(e for e in PROGRAMME.exercises if e.scope != "group")
    subjects, missing = ex.subjects_for(individual, cycle(), marks(P02="late", P03="absent"))
    assert (subjects, missing) == (["P02", ex.GROUP], False)
    # attendance not taken: everyone still in the group who is not marked absent or excused
    subjects, missing = ex.subjects_for(individual, cycle(dropouts=["P04"]), marks(P03="excused"))
    assert (subjects, missing) == (["P01", "P02", ex.GROUP], True)
    group_only = PROGRAMME.exercise("community_resources")       # filled once, for the group
    assert ex.subjects_for(group_only, cycle(), marks(P01="present")) == ([ex.GROUP], False)
