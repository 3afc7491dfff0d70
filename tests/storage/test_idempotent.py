"""Saves that a queue may retry are idempotent; edit and delete reasons are pseudonymised like every text."""

from __future__ import annotations

import errno
from datetime import date

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.models import Facilitator, Verbatim
from facilitator.core.pseudonymise import Roster
from facilitator.storage import atomic
from facilitator.storage.repository import Store
from facilitator.storage.vault import StorageError, Vault


@pytest.fixture
def store(vault: Vault) -> Store:
    return Store(vault, FakeClock())


@pytest.fixture
def cycle(store: Store):
    cycle = store.create_cycle(label="Cycle", site="Site", start_date=date(2026, 3, 2),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                               participants=["P01", "P02"])
    store.save_roster(cycle.id, Roster.from_mapping({"P01": ["Mathéo"], "P02": ["Bastien"]}))
    return cycle


def _verbatim(cycle_id: str) -> Verbatim:
    return Verbatim(id="v-1", cycle_id=cycle_id, session=2, item_id="i1", speaker="P01", text="Je reviens.",
                    at=1.0, elapsed_s=1.0)


def test_a_verbatim_saved_twice_is_kept_once(store: Store, cycle):
    verbatim = _verbatim(cycle.id)
    store.add_verbatim(verbatim)
    store.add_verbatim(verbatim)
    assert [v.id for v in store.verbatims(cycle.id, 2)] == ["v-1"]


def test_a_verbatim_whose_save_failed_after_the_rename_is_not_saved_again(store: Store, cycle, monkeypatch):
    def fail_after_rename(step: str) -> None:
        if step == "before_dir_sync":
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic, "_checkpoint", fail_after_rename)
    store.add_verbatim(_verbatim(cycle.id))  # a success, with a warning
    monkeypatch.undo()
    assert store.vault.warnings
    assert len(store.verbatims(cycle.id, 2)) == 1


def test_an_edit_retried_with_its_id_is_recorded_once(store: Store, cycle):
    store.add_verbatim(_verbatim(cycle.id))
    for _attempt in range(3):
        store.edit_verbatim(cycle.id, 2, "v-1", text="Je reviens demain.", themes=[], speaker="P01",
                            reason="faute de frappe", by="O1", revision_id="r-1")
    [verbatim] = store.verbatims(cycle.id, 2)
    assert verbatim.text == "Je reviens demain." and len(verbatim.history) == 1


def test_an_audit_failure_after_the_data_write_does_not_fail_the_save(store: Store, cycle, monkeypatch):
    store.add_verbatim(_verbatim(cycle.id))

    def audit_fails(*args, **kwargs):
        raise StorageError("could not save audit/2026-03.log: no space left on device")

    monkeypatch.setattr(store.vault, "audit", audit_fails)
    store.delete_verbatim(cycle.id, 2, "v-1", reason="doublon", by="O1", revision_id="r-2")
    assert store.vault.warnings == ["could not save audit/2026-03.log: no space left on device"]
    assert store.verbatims(cycle.id, 2) == []


def test_edit_and_delete_reasons_are_pseudonymised(store: Store, cycle, data_dir):
    store.add_verbatim(_verbatim(cycle.id))
    store.edit_verbatim(cycle.id, 2, "v-1", text="Je reviens.", themes=[], speaker="P01",
                        reason="Mathéo a demandé, son numéro 06 12 34 56 78", by="O1")
    store.delete_verbatim(cycle.id, 2, "v-1", reason="Bastien ne veut pas être cité", by="O1")
    [verbatim] = store.verbatims(cycle.id, 2, include_deleted=True)
    reasons = " | ".join([*(r.reason for r in verbatim.history), verbatim.deleted_reason])
    assert "Mathéo" not in reasons and "Bastien" not in reasons and "56 78" not in reasons
    assert "P01" in reasons and "P02" in reasons
