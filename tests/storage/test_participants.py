"""Participant records and follow-up items on disk: encrypted, audited without text, flags kept loadable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.followup import FollowUpCategory
from facilitator.core.followup_items import FollowUpStatus, update
from facilitator.core.models import Facilitator, Flag, SessionStatus
from facilitator.core.participant import CheckIn, Consents, FinalConsultation, Goal, Intake, PathEvent
from facilitator.errors import UserError
from facilitator.storage.participants import Participants
from facilitator.storage.repository import Store
from facilitator.storage.vault import Vault

RULES = "une seule prise par soirée, jamais seul"
DONE_TEXT = "rappelé mardi, orienté vers le CMP"


@pytest.fixture
def setup(vault: Vault):
    store = Store(vault, FakeClock())
    cycle = store.create_cycle(label="Cycle essai", site="Site fictif", start_date=date(2027, 1, 4),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue"),
                                             Facilitator(code="F2", initials="CD", role="médecin")],
                               participants=["P01", "P02", "P03", "P04"])
    return store, Participants(store), cycle


def test_intake_final_events_and_checkins_round_trip_encrypted_and_audited(setup, data_dir: Path):
    store, people, cycle = setup
    people.save_intake(cycle.id, "P01", Intake(date=date(2026, 12, 20), goal=Goal.CONTROLLED_USE, own_rules=RULES,
                                               products=["ghb_gbl"], consents=Consents(quotation=False)),
                       actor="F1")
    people.add_event(cycle.id, "P01", PathEvent(kind="dropout", date=date(2027, 2, 1), reason="moved"), actor="F1")
    people.save_checkin(cycle.id, "P01", CheckIn(session=1, craving=6), actor="F2")
    people.save_final(cycle.id, "P01", FinalConsultation(date=date(2027, 3, 1), changes="plus de week-ends sobres"),
                      actor="F1")
    record = people.record(cycle.id, "P01")
    assert record.intake is not None and record.intake.own_rules == RULES and record.refused_quotation
    assert record.dropout is not None and record.checkin(1) is not None and record.final is not None
    assert store.get_cycle(cycle.id).dropouts == ["P01"]     # older readers see the drop-out too
    raw = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    for text in (RULES, "week-ends sobres", "ghb_gbl", "controlled_use"):
        assert text.encode() not in raw
    audit = [r for r in store.vault.read_audit() if r["target"].startswith("participant P01")]
    assert [r["detail"] for r in audit] == ["intake", "dropout", "check-in session 1", "final consultation"]
    assert all(RULES not in str(r) for r in store.vault.read_audit())


def test_a_refused_change_names_the_participant_and_writes_nothing(setup):
    _store, people, cycle = setup
    with pytest.raises(UserError, match="P02.*reason"):
        people.add_event(cycle.id, "P02", PathEvent(kind="dropout", date=date(2027, 2, 1)), actor="F1")
    with pytest.raises(UserError, match="P09"):
        people.save_checkin(cycle.id, "P09", CheckIn(session=1), actor="F1")
    assert people.records(cycle.id) == {}


def test_a_flag_is_listed_then_saved_once_as_an_item_and_closed(setup, data_dir: Path):
    store, people, cycle = setup

    def held(run) -> None:  # noqa: ANN001 - SessionRun
        run.status = SessionStatus.DONE
        run.flags.append(Flag(id="f1", participant="P03", reason="idées noires", author="F1", at=1.8e9,
                              category=FollowUpCategory.SUICIDE_RISK))

    store.update_run(cycle.id, 1, held)
    old = store.vault.read(f"cycles/{cycle.id}/session-1.db")
    old["run"]["flags"][0].pop("category")                    # a flag saved before categories existed
    store.vault.write(f"cycles/{cycle.id}/session-1.db", old)
    items = people.followups(cycle.id)
    assert [(i.participant, i.category, i.status) for i in items] == [
        ("P03", FollowUpCategory.OTHER, FollowUpStatus.OPEN)]
    taken = people.save_followup(cycle.id, update(items[0], by="F1", now=1.8e9, assignee="F2",
                                                  status=FollowUpStatus.IN_PROGRESS), actor="F1")
    people.save_followup(cycle.id, update(taken, by="F2", now=1.8e9 + 600, status=FollowUpStatus.DONE,
                                          action=DONE_TEXT), actor="F2")
    items = people.followups(cycle.id)
    assert len(items) == 1 and items[0].status == FollowUpStatus.DONE and items[0].action == DONE_TEXT
    raw = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert DONE_TEXT.encode() not in raw
    details = [r["detail"] for r in store.vault.read_audit() if r["target"].startswith("follow-up")]
    assert details == ["other in_progress", "other done"]


def test_a_save_replayed_from_the_journal_changes_nothing_the_second_time(setup):
    from facilitator.storage.journal import replay_entry
    from facilitator.storage.participants import replay_data

    store, people, cycle = setup
    event = PathEvent(kind="dropout", date=date(2027, 2, 1), reason="relapse", at=1.8e9)
    intake = Intake(date=date(2026, 12, 20), own_rules="P01 : jamais seul")
    entries = [replay_data(cycle.id, "F1", code="P01", op="event", value=event),
               replay_data(cycle.id, "F1", code="P01", op="intake", value=intake),
               replay_data(cycle.id, "F1", code="P01", op="checkin", value=CheckIn(session=2, craving=4))]
    for _ in range(2):
        for kind, data in entries:
            replay_entry(store, kind, data)
    record = people.record(cycle.id, "P01")
    assert len(record.events) == 1 and record.intake == intake and len(record.checkins) == 1
    item = people.followups(cycle.id)   # nothing yet: no flag, no absence
    assert item == []
