"""Participant records and follow-up items of a cycle: `cycles/<cycle>/participants.db`, encrypted like every file.

One document holds `participants` (code -> record) and `followups` (id -> item). Every change is made
under the file's lock on a fresh read, and audited with who, when and what kind of change (never a text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from facilitator.core.followup_items import FollowUp, follow_up_list
from facilitator.core.models import SessionRun
from facilitator.core.participant import (
    CheckIn,
    FinalConsultation,
    Intake,
    ParticipantRecord,
    PathEvent,
    dropouts_of,
    record_checkin,
    record_event,
)
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.storage.repository import Store, cycle_dir


def participants_path(cycle_id: str) -> str:
    return f"{cycle_dir(cycle_id)}/participants.db"


REPLAY_KINDS = ("participant", "followup")


def replay(store: Store, kind: str, data: dict) -> object:
    """Do one save described as data (pseudonymised already): from the console, or again from the journal.

    Every operation is an upsert, or skips an event already recorded, so doing it twice changes nothing.
    """
    people = Participants(store)
    cycle_id, actor = data["cycle_id"], data.get("actor", "")
    if kind == "followup":
        return people.save_followup(cycle_id, FollowUp.model_validate(data["item"]), actor=actor)
    if kind != "participant":
        raise ValueError(kind)
    code, op, value = data["code"], data["op"], data["value"]
    if op == "intake":
        return people.save_intake(cycle_id, code, Intake.model_validate(value), actor=actor)
    if op == "final":
        return people.save_final(cycle_id, code, FinalConsultation.model_validate(value), actor=actor)
    if op == "event":
        return people.add_event(cycle_id, code, PathEvent.model_validate(value), actor=actor)
    if op == "late_inclusion":
        return people.include_late(cycle_id, code, PathEvent.model_validate(value), actor=actor)
    if op == "checkin":
        return people.save_checkin(cycle_id, code, CheckIn.model_validate(value), actor=actor)
    raise ValueError(op)


def replay_data(cycle_id: str, actor: str, *, code: str = "", op: str = "", value: object = None,
                item: FollowUp | None = None) -> tuple[str, dict]:
    """(kind, data) of a save, for `replay` and for the save queue's journal."""
    if item is not None:
        return "followup", {"cycle_id": cycle_id, "actor": actor, "item": item.model_dump(mode="json")}
    dump = value.model_dump(mode="json") if hasattr(value, "model_dump") else value
    return "participant", {"cycle_id": cycle_id, "actor": actor, "code": code, "op": op, "value": dump}


class Participants:
    """Reads and changes the participant records and follow-up items of the data folder."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.vault = store.vault

    # -- reading --------------------------------------------------------------------
    def _doc(self, cycle_id: str) -> dict:
        return self.vault.read(participants_path(cycle_id)) or {}

    def records(self, cycle_id: str) -> dict[str, ParticipantRecord]:
        doc = self._doc(cycle_id)
        return {code: ParticipantRecord.model_validate(value)
                for code, value in (doc.get("participants") or {}).items()}

    def record(self, cycle_id: str, code: str) -> ParticipantRecord:
        return self.records(cycle_id).get(code) or ParticipantRecord(code=code)

    def stored_followups(self, cycle_id: str) -> list[FollowUp]:
        doc = self._doc(cycle_id)
        return [FollowUp.model_validate(value) for value in (doc.get("followups") or {}).values()]

    def followups(self, cycle_id: str, runs: Mapping[int, SessionRun] | None = None,
                  records: Mapping[str, ParticipantRecord] | None = None) -> list[FollowUp]:
        """The follow-up list of the cycle: saved items, flags and absences to call back, open first."""
        cycle = self.store.get_cycle(cycle_id)
        runs = self.store.runs(cycle_id) if runs is None else runs
        records = self.records(cycle_id) if records is None else records
        return follow_up_list(self.stored_followups(cycle_id), cycle, runs, dropouts_of(cycle, records),
                              records.values())

    # -- changing -------------------------------------------------------------------
    def _change_record(self, cycle_id: str, code: str, change: Callable[[ParticipantRecord], ParticipantRecord],
                       *, actor: str, kind: str) -> ParticipantRecord:
        cycle = self.store.get_cycle(cycle_id)
        if code not in cycle.participants:
            raise UserError(t("errors.not_a_participant", what=t("errors.what_record"), code=code, cycle_id=cycle_id))

        def apply(doc: dict) -> ParticipantRecord:
            people = doc.setdefault("participants", {})
            current = ParticipantRecord.model_validate(people[code]) if code in people else ParticipantRecord(
                code=code)
            changed = change(current)
            people[code] = changed.model_dump(mode="json")
            return changed

        try:
            result = self.vault.update(participants_path(cycle_id), apply)
        except ValueError as exc:   # a rule of core.participant refused the change
            raise UserError(t("errors.participant_refused", code=code, reason=exc)) from exc
        self.vault.audit("edit", actor=actor or "system", target=f"participant {code} cycle {cycle_id}",
                         detail=kind)
        return result

    def save_intake(self, cycle_id: str, code: str, intake: Intake, *, actor: str) -> ParticipantRecord:
        def change(record: ParticipantRecord) -> ParticipantRecord:
            copy = record.model_copy(deep=True)
            copy.intake = intake.model_copy(deep=True)
            return copy

        return self._change_record(cycle_id, code, change, actor=actor, kind="intake")

    def save_final(self, cycle_id: str, code: str, final: FinalConsultation, *, actor: str) -> ParticipantRecord:
        def change(record: ParticipantRecord) -> ParticipantRecord:
            copy = record.model_copy(deep=True)
            copy.final = final.model_copy(deep=True)
            return copy

        return self._change_record(cycle_id, code, change, actor=actor, kind="final consultation")

    def add_event(self, cycle_id: str, code: str, event: PathEvent, *, actor: str) -> ParticipantRecord:
        result = self._change_record(cycle_id, code, lambda r: record_event(r, event), actor=actor,
                                     kind=event.kind.replace("_", " "))
        if event.kind == "dropout":   # the cycle's own list of codes, which older readers use
            def mark(doc: dict) -> None:
                dropouts = doc["cycle"].setdefault("dropouts", [])
                if code not in dropouts:
                    dropouts.append(code)

            self.vault.update(f"{cycle_dir(cycle_id)}/cycle.db", mark)
        return result

    def include_late(self, cycle_id: str, code: str, event: PathEvent, *, actor: str) -> ParticipantRecord:
        """Add a participant code to the cycle and record his late inclusion (from `event.session`)."""
        from facilitator.core.models import Cycle
        from facilitator.core.participant import add_participant

        def add(doc: dict) -> None:
            cycle = Cycle.model_validate(doc["cycle"])
            if code not in cycle.participants:
                doc["cycle"] = add_participant(cycle, code).model_dump(mode="json")

        try:
            self.vault.update(f"{cycle_dir(cycle_id)}/cycle.db", add)
        except ValueError as exc:
            raise UserError(t("errors.late_inclusion_refused", reason=exc)) from exc
        self.vault.audit("edit", actor=actor or "system", target=f"cycle {cycle_id}",
                         detail=f"participant {code} added")
        return self.add_event(cycle_id, code, event, actor=actor)

    def save_checkin(self, cycle_id: str, code: str, checkin: CheckIn, *, actor: str) -> ParticipantRecord:
        return self._change_record(cycle_id, code, lambda r: record_checkin(r, checkin), actor=actor,
                                   kind=f"check-in session {checkin.session}")

    def save_followup(self, cycle_id: str, item: FollowUp, *, actor: str) -> FollowUp:
        """Create or replace one follow-up item (a flag's or an absence's item is saved on its first change)."""
        cycle = self.store.get_cycle(cycle_id)
        if item.participant not in cycle.participants:
            raise UserError(t("errors.not_a_participant", what=t("errors.what_followup"), code=item.participant, cycle_id=cycle_id))
        saved = item.model_copy(update={"suggested": False})

        def apply(doc: dict) -> bool:
            items = doc.setdefault("followups", {})
            new = item.id not in items
            items[item.id] = saved.model_dump(mode="json")
            return new

        new = self.vault.update(participants_path(cycle_id), apply)
        self.vault.audit("create" if new else "edit", actor=actor or "system",
                         target=f"follow-up {item.id} participant {item.participant} cycle {cycle_id}",
                         detail=f"{item.category.value} {item.status.value}")
        return saved
