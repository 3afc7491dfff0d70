"""The store derives each session's status from its run and from which console holds the live lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.models import Facilitator, SessionStatus
from facilitator.storage.repository import LiveLock, Store
from facilitator.storage.vault import Vault


def started(run) -> None:  # noqa: ANN001 - SessionRun
    run.status = SessionStatus.IN_PROGRESS


def ended(run) -> None:  # noqa: ANN001 - SessionRun
    run.status = SessionStatus.DONE


def test_session_statuses_from_disk_or_from_runs_already_read(vault: Vault, data_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    store = Store(vault, FakeClock())
    cycle = store.create_cycle(label="Cycle essai", site="Site fictif", start_date=date(2026, 3, 2),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=["P01"])
    store.update_run(cycle.id, 1, ended)
    store.update_run(cycle.id, 2, started)
    statuses = store.session_statuses(cycle.id)
    assert statuses[1] == SessionStatus.DONE
    assert statuses[2] == SessionStatus.INTERRUPTED, "in progress on disk, but no console holds it"
    assert set(statuses) == set(range(1, 9)) and statuses[3] == SessionStatus.PLANNED

    lock = LiveLock(data_dir)
    assert lock.acquire()
    try:
        store.set_live(cycle.id, 2)
        runs = store.runs(cycle.id)
        monkeypatch.setattr(store, "session_run", lambda *_: pytest.fail("the runs given are not read again"))
        assert store.session_statuses(cycle.id, runs) == statuses | {2: SessionStatus.IN_PROGRESS}
    finally:
        lock.release()
