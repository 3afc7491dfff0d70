"""The participant's path below the UI: records, drop-outs, check-ins, characteristics, follow-up items."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from facilitator.core.followup import FollowUpCategory
from facilitator.core.followup_items import (
    FollowUp,
    FollowUpError,
    FollowUpStatus,
    Urgency,
    absence_suggestions,
    follow_up_list,
    from_flag,
    to_follow_before,
    update,
)
from facilitator.core.live import LiveSession, parse_arrival
from facilitator.core.models import Cycle, Facilitator, Flag, SessionRun, SessionStatus
from facilitator.core.participant import (
    CheckIn,
    Consents,
    Goal,
    Intake,
    ParticipantRecord,
    PathEvent,
    characteristics,
    checkin_trend,
    dropouts_of,
    record_checkin,
    record_event,
    refused_quotation,
    spark,
)

T0 = 1_800_000_000.0


def make_cycle(codes=("P01", "P02", "P03", "P04"), dropouts=()) -> Cycle:
    return Cycle(id="ctest", label="Test", site="Site", start_date=date(2027, 1, 4),
                 facilitators=[Facilitator(code="F1", initials="AB", role="psychologue"),
                               Facilitator(code="F2", initials="CD", role="médecin")],
                 participants=list(codes), dropouts=list(dropouts))


def intake(**kwargs) -> Intake:
    return Intake(date=date(2026, 12, 20), **kwargs)


def run_with(number: int, marks: dict[str, str], *, status=SessionStatus.DONE, flags=()) -> SessionRun:
    run = SessionRun(cycle_id="ctest", number=number, status=status, started_at=T0 + number * 7 * 86400)
    live = LiveSession.__new__(LiveSession)   # set_attendance only needs the run
    live.run = run
    for code, mark in marks.items():
        live.set_attendance(code, mark, T0, "19h12" if mark == "late" else None)  # type: ignore[arg-type]
    run.flags.extend(flags)
    return run


# ---------------------------------------------------------------- records


def test_intake_keeps_choices_in_catalogue_order_and_refuses_unknown_ones():
    record = intake(products=["ghb_gbl", "cathinones", "ghb_gbl"], routes=["injected", "snorted"])
    assert record.products == ["cathinones", "ghb_gbl"]
    assert record.routes == ["snorted", "injected"]
    with pytest.raises(ValidationError, match="product"):
        intake(products=["heroin?"])
    with pytest.raises(ValidationError, match="age band"):
        intake(age_band="40")


def test_a_refused_quotation_is_known_by_code_and_unasked_is_not_a_refusal():
    refused = ParticipantRecord(code="P02", intake=intake(consents=Consents(quotation=False)))
    agreed = ParticipantRecord(code="P01", intake=intake(consents=Consents(quotation=True)))
    unasked = ParticipantRecord(code="P03", intake=intake())
    no_intake = ParticipantRecord(code="P04")
    assert refused_quotation([refused, agreed, unasked, no_intake]) == {"P02"}


def test_a_dropout_needs_a_reason_and_a_late_inclusion_its_session():
    record = ParticipantRecord(code="P03")
    with pytest.raises(ValueError, match="reason"):
        record_event(record, PathEvent(kind="dropout", date=date(2027, 2, 1)))
    with pytest.raises(ValueError, match="session"):
        record_event(record, PathEvent(kind="late_inclusion", date=date(2027, 1, 11)))
    with pytest.raises(ValidationError):
        PathEvent(kind="dropout", date=date(2027, 2, 1), reason="bored")
    late = record_event(record, PathEvent(kind="late_inclusion", date=date(2027, 1, 11), session=2))
    gone = record_event(late, PathEvent(kind="dropout", date=date(2027, 2, 1), reason="relapse"))
    assert record.events == []                      # changes are made on copies
    assert gone.late_from == 2 and gone.dropout is not None and gone.dropout.reason == "relapse"
    back = record_event(gone, PathEvent(kind="inclusion", date=date(2027, 2, 8)))
    assert back.dropout is None                     # included again after leaving


def test_dropouts_join_recorded_ones_and_the_cycle_list():
    cycle = make_cycle(dropouts=["P04"])
    gone = record_event(ParticipantRecord(code="P02"),
                        PathEvent(kind="dropout", date=date(2027, 2, 1), reason="moved"))
    assert dropouts_of(cycle, {"P02": gone, "P01": ParticipantRecord(code="P01")}) == {"P02", "P04"}


def test_checkin_is_replaced_per_session_and_bounded():
    record = record_checkin(ParticipantRecord(code="P01"), CheckIn(session=2, craving=7, days_used=2))
    record = record_checkin(record, CheckIn(session=1, craving=9, days_used=4, lapse=True))
    record = record_checkin(record, CheckIn(session=2, craving=5, days_used=1, safety_concern=True))
    assert [(c.session, c.craving) for c in record.checkins] == [(1, 9), (2, 5)]
    trend = checkin_trend(record, sessions=4)
    assert trend.craving == spark([9, 5, None, None])
    assert trend.craving[2:] == "··"
    assert trend.days_used == (4, 1, None, None)
    assert trend.lapses == 1 and trend.safety_concerns == (2,)
    with pytest.raises(ValidationError, match="craving"):
        CheckIn(session=1, craving=11)
    with pytest.raises(ValidationError, match="days"):
        CheckIn(session=1, days_used=-1)


def test_spark_runs_from_lowest_to_highest_block():
    assert spark([0, 10, None]) == "▁█·"


def test_characteristics_count_recorded_intakes_and_list_dropouts_with_reasons():
    cycle = make_cycle(dropouts=["P04"])
    records = {
        "P01": ParticipantRecord(code="P01", intake=intake(goal=Goal.SOBRIETY, products=["cathinones", "ghb_gbl"],
                                                           routes=["injected"], referral="sexual_health",
                                                           age_band="35-44", daily_ghb=True)),
        "P02": record_event(ParticipantRecord(code="P02", intake=intake(goal=Goal.CONTROLLED_USE,
                                                                        products=["cathinones"],
                                                                        consents=Consents(quotation=False))),
                            PathEvent(kind="dropout", date=date(2027, 2, 1), reason="relapse")),
        "P03": record_event(ParticipantRecord(code="P03"),
                            PathEvent(kind="late_inclusion", date=date(2027, 1, 11), session=2)),
    }
    result = characteristics(cycle, records, last_attended={"P02": 3, "P04": None})
    assert result.enrolled == 4 and result.intakes == 2
    assert result.goals == {"sobriety": 1, "controlled_use": 1}
    assert result.products == {"cathinones": 2, "ghb_gbl": 1}
    assert result.routes == {"injected": 1}
    assert result.referrals == {"sexual_health": 1}
    assert result.age_bands == {"35-44": 1}
    assert result.daily_ghb == 1
    assert result.late_inclusions == ("P03",)
    assert result.refused_quotation == ("P02",)
    assert [(d.code, d.reason, d.last_attended) for d in result.dropouts] == [("P02", "relapse", 3),
                                                                             ("P04", "unknown", None)]


# ---------------------------------------------------------------- attendance as it happens


def test_arrival_time_is_kept_for_late_only_and_typed_loosely():
    assert parse_arrival("19h05") == "19:05" and parse_arrival(" 9:30 ") == "09:30"
    assert parse_arrival("1905") == "19:05"
    for bad in ("25:00", "7", "soon"):
        with pytest.raises(ValueError, match="arrival"):
            parse_arrival(bad)
    run = run_with(1, {"P01": "late", "P02": "not_admitted", "P03": "present"})
    assert run.attendance["P01"].arrived == "19:12"
    assert run.attendance["P02"].status == "not_admitted" and run.attendance["P02"].arrived is None


# ---------------------------------------------------------------- follow-up items


def flag(participant="P01", category=FollowUpCategory.SUICIDE_RISK, flag_id="f1") -> Flag:
    return Flag(id=flag_id, participant=participant, reason="parle d'en finir", author="F1", at=T0,
                category=category)


def test_a_flag_becomes_an_item_with_its_category_and_default_urgency():
    item = from_flag(flag(), 1)
    assert item.category == FollowUpCategory.SUICIDE_RISK and item.urgency == Urgency.URGENT
    assert item.due == date.fromtimestamp(T0)        # urgent: the same day
    assert item.status == FollowUpStatus.OPEN and item.flag_id == "f1" and item.session == 1


def test_an_old_stored_flag_without_category_still_loads():
    old = Flag.model_validate({"id": "f0", "participant": "P01", "reason": "x"})
    assert from_flag(old, 2).category == FollowUpCategory.OTHER


def test_closing_needs_what_was_done_and_progress_needs_who_takes_it():
    item = from_flag(flag(), 1)
    with pytest.raises(FollowUpError, match="who takes it"):
        update(item, by="F1", now=T0, status=FollowUpStatus.IN_PROGRESS)
    with pytest.raises(FollowUpError, match="facilitator code"):
        update(item, by="F1", now=T0, assignee="Julien")
    taken = update(item, by="F1", now=T0, assignee="F2", status=FollowUpStatus.IN_PROGRESS)
    with pytest.raises(FollowUpError, match="what was done"):
        update(taken, by="F2", now=T0 + 60, status=FollowUpStatus.DONE)
    done = update(taken, by="F2", now=T0 + 60, status=FollowUpStatus.DONE, action="appelé, RDV CMP jeudi")
    assert done.closed_at == T0 + 60 and done.history == ["open", "in_progress"]
    assert item.status == FollowUpStatus.OPEN        # on a copy
    reopened = update(done, by="F2", now=T0 + 90, status=FollowUpStatus.OPEN)
    assert reopened.closed_at is None


def test_an_absence_suggests_a_call_back_unless_excused_or_dropped_out_or_planned():
    cycle = make_cycle(dropouts=["P04"])
    runs = {1: run_with(1, {"P01": "absent", "P02": "excused", "P03": "not_admitted", "P04": "absent"}),
            2: run_with(2, {"P01": "absent"}, status=SessionStatus.PLANNED)}
    suggestions = absence_suggestions(cycle, runs)
    assert [(s.participant, s.session, s.category) for s in suggestions] == [
        ("P01", 1, FollowUpCategory.ABSENCE_CALLBACK)]
    assert suggestions[0].suggested


def test_the_list_puts_open_urgent_first_and_never_lists_a_saved_flag_twice():
    cycle = make_cycle()
    runs = {1: run_with(1, {"P02": "absent"}, flags=[flag("P01", FollowUpCategory.OTHER, "f1"),
                                                     flag("P03", FollowUpCategory.SUICIDE_RISK, "f2")])}
    first = follow_up_list([], cycle, runs)
    assert [(i.participant, i.category.value) for i in first] == [
        ("P03", "suicide_risk"), ("P02", "absence_callback"), ("P01", "other")]
    closed = update(first[0], by="F2", now=T0, assignee="F2", status=FollowUpStatus.DONE, action="vu")
    again = follow_up_list([closed], cycle, runs)
    assert len(again) == 3 and again[-1].id == closed.id and again[-1].status == FollowUpStatus.DONE
    before = to_follow_before(again, date.fromtimestamp(T0) )
    assert closed.id not in {i.id for i in before} and len(before) == 2


def test_follow_up_item_keeps_no_unknown_category():
    with pytest.raises(ValidationError):
        FollowUp(id="x", participant="P01", category="gossip")  # type: ignore[arg-type]


def test_first_name_only_when_shown_and_known():
    from facilitator.core.participant import with_first_name
    from facilitator.core.pseudonymise import Roster

    roster = Roster.from_mapping({"P01": ["Gaspard", "Gas"]})
    assert with_first_name("P01", roster, shown=False) == "P01"
    assert with_first_name("P01", roster, shown=True) == "P01 Gaspard"
    assert with_first_name("P02", roster, shown=True) == "P02"
    assert with_first_name("P01", None, shown=True) == "P01"


def test_an_intake_with_suicidal_ideas_or_daily_ghb_suggests_an_item_once():
    cycle = make_cycle()
    records = [ParticipantRecord(code="P01", intake=intake(suicide_screen="ideas")),
               ParticipantRecord(code="P02", intake=intake(daily_ghb=True, suicide_screen="none")),
               record_event(ParticipantRecord(code="P03", intake=intake(suicide_screen="plan")),
                            PathEvent(kind="dropout", date=date(2027, 1, 20), reason="moved"))]
    items = follow_up_list([], cycle, {}, records=records)
    assert [(i.participant, i.category.value, i.urgency.value) for i in items] == [
        ("P01", "suicide_risk", "urgent"), ("P02", "medical", "soon")]
    taken = update(items[0], by="F1", now=T0, assignee="F1", status=FollowUpStatus.IN_PROGRESS)
    again = follow_up_list([taken], cycle, {}, records=records)
    assert len(again) == 2 and again[0].status == FollowUpStatus.IN_PROGRESS and not again[0].suggested


def test_a_late_inclusion_counts_participation_from_the_session_he_joined(programme):
    from facilitator.core.review import attendance

    cycle = make_cycle()
    runs = {n: run_with(n, {"P01": "present", "P02": "absent" if n == 1 else "present"}) for n in (1, 2, 3)}
    late = record_event(ParticipantRecord(code="P02"),
                        PathEvent(kind="late_inclusion", date=date(2027, 1, 11), session=2))
    before = attendance(cycle, runs)
    after = attendance(cycle, runs, {"P02": late})
    p02_before = next(p for p in before.participants if p.code == "P02")
    p02_after = next(p for p in after.participants if p.code == "P02")
    assert p02_before.rate == pytest.approx(2 / 3) and p02_after.rate == 1.0
    assert p02_after.absent == 0                      # session 1 was before he joined


def test_a_late_participant_is_added_by_code_only():
    from facilitator.core.participant import add_participant

    cycle = make_cycle()
    assert add_participant(cycle, "p05").participants == ["P01", "P02", "P03", "P04", "P05"]
    assert cycle.participants == ["P01", "P02", "P03", "P04"]
    for bad, message in (("Julien", "jamais un prénom"), ("P02", "already")):
        with pytest.raises(ValueError, match=message):
            add_participant(cycle, bad)
