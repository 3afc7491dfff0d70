"""Snapshots of the live session and of the lock over it, at 100x30 (a small laptop) and 140x45.

They pin what the room depends on: the footer's keys, the agenda's wrapped titles, the countdown. Update
them with `pytest --snapshot-update tests/tui/test_snapshots_room.py` and review the SVG diff.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.models import Facilitator
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.base import LockScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.helpers import until
from tests.tui.test_room import start_session

SIZES = [(100, 30), (140, 45)]


@pytest.fixture
def fixed(monkeypatch, tmp_path, programme):
    """A folder with one cycle whose id, times and time zone are always the same."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    counter = iter(range(1, 10_000))
    monkeypatch.setattr("facilitator.storage.repository.new_id", lambda prefix: f"{prefix}{next(counter):08d}")
    monkeypatch.setattr("facilitator.core.live.new_id", lambda prefix: f"{prefix}{next(counter):08d}")
    clock = FakeClock(1_790_000_000.0)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    Vault.create(data_dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    store = Store(Vault.unlock(data_dir, TEST_PASSPHRASE), clock)
    store.create_cycle(label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
                       facilitators=[Facilitator(code="F1", initials="AB", role="psychologue"),
                                     Facilitator(code="F2", initials="CD", role="médecin")],
                       participants=["P01", "P02", "P03"])
    app = FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase=TEST_PASSPHRASE,
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    yield app, clock
    monkeypatch.delenv("TZ")
    time.tzset()


async def into_session(pilot, clock) -> None:
    await start_session(pilot.app, pilot)
    for notification in list(pilot.app._notifications):   # reminders would cover the screen
        pilot.app._unnotify(notification)
    clock.advance(23 * 60 + 15)   # in the wrap-up of the first item
    pilot.app.screen._last_state = None   # no 2-second cue flash in the picture: it would depend on speed
    pilot.app.screen.refresh_timers()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_live_screen(fixed, snap_compare, size):
    app, clock = fixed

    async def run_before(pilot) -> None:
        await into_session(pilot, clock)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_lock_over_a_running_session(fixed, snap_compare, size):
    app, clock = fixed

    async def run_before(pilot) -> None:
        await into_session(pilot, clock)
        clock.advance(120)   # overtime under the lock
        pilot.app.lock_now()
        await until(pilot, lambda: isinstance(pilot.app.screen, LockScreen)
                    and pilot.app.screen.query("#lock-item"), "the lock screen")
        pilot.app.screen.refresh_session()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
