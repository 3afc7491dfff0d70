"""Snapshots (pytest-textual-snapshot) of the main screens at 140x45 and 100x30: what breaks on a Textual upgrade.

Deterministic: a fake clock, ids from a counter, UTC, invented data, a relative data folder (its path is
shown on the unlock screen) and no notifications. Other screens change often: after a deliberate change,
look at the report, then regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import itertools
import secrets
import time
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.commands.demo import make_demo
from facilitator.core.programme_loader import load_programme
from facilitator.storage.vault import FAST_TEST_KDF
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.base import UnlockScreen
from facilitator.tui.observer import ObserverScreen
from facilitator.tui.review import CycleListScreen, CycleReviewScreen, ReviewApp
from facilitator.tui.screens.cycle import CycleScreen
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui.screens.live import AttendanceScreen, LiveScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.folder import PROGRAMME, DataFolder
from tests.tui.helpers import until

pytestmark = pytest.mark.snapshot

SIZES = [pytest.param((140, 45), id="140x45"), pytest.param((100, 30), id="100x30")]
ROSTER = {"P01": ["Anatole"], "P02": ["Barnabé"], "P03": ["Céleste"]}


@pytest.fixture(autouse=True)
def fixed_world(tmp_path, monkeypatch):
    """UTC, French, ids from a counter, and the data folder as `data` (relative: the same path every run)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    counter = itertools.count(1)
    monkeypatch.setattr(secrets, "token_hex", lambda n=4: f"{next(counter):0{2 * n}x}")
    monkeypatch.chdir(tmp_path)
    i18n.set_language("fr")
    yield
    monkeypatch.undo()
    time.tzset()


def folder(tmp_path: Path) -> DataFolder:
    built = DataFolder(tmp_path, roster=ROSTER)
    built.dir = Path("data")          # shown relative, the same in every run
    return built


async def quiet(pilot, *, workers: bool = True) -> None:
    """Let workers finish and drop the toasts (their timing is not part of the layout)."""
    if workers:   # the observer's folder watch never finishes: it is not waited for
        await pilot.app.workers.wait_for_complete()
    saver = getattr(pilot.app, "saver", None)
    if saver is not None:   # the status line says "saved", not "saving…", whatever the timing
        await until(pilot, lambda: pilot.app.unreported == 0, "saves reported", tries=500)
        pilot.app.refresh_save_status()     # on this screen too, even if the save ended before it opened
    pilot.app.screen.refresh_bindings()   # the footer shows the keys of the state now (e/w follow the item)
    for _ in range(3):      # the layout settles (table column widths follow the screen's width)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
    pilot.app.clear_notifications()
    for field in pilot.app.screen.query("Input, TextArea"):   # a blinking cursor is drawn or not
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_unlock(snap_compare, tmp_path, size):
    built = folder(tmp_path)
    app = FacilitatorApp(data_dir=built.dir, programme=PROGRAMME, clock=built.clock, kdf=FAST_TEST_KDF,
                         idle_lock_s=0)

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock screen")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, tmp_path, size):
    built = folder(tmp_path)
    app = built.console()

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.query("#cycles")
                    and app.screen.query_one("#cycles").row_count, "home with its cycle")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_cycle(snap_compare, tmp_path, size):
    built = folder(tmp_path)
    built.start(1, running=False)
    app = built.console()

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        app.push_screen(CycleScreen(built.cycle.id))
        await until(pilot, lambda: isinstance(app.screen, CycleScreen) and app.screen.cycle is not None, "cycle")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_attendance(snap_compare, tmp_path, size):
    built = folder(tmp_path)
    app = built.console()

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        app.push_screen(LiveScreen(built.cycle.id, 1))
        await until(pilot, lambda: isinstance(app.screen, AttendanceScreen), "attendance sheet", tries=500)
        await pilot.press("p", "a")           # P01 present, P02 absent, P03 not marked yet
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_live_in_overtime(snap_compare, tmp_path, size):
    built = folder(tmp_path)
    built.start(1, running=False)
    app = built.console()

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        live = LiveScreen(built.cycle.id, 1)
        app.push_screen(live)
        await until(pilot, lambda: live.live is not None, "session resumed")
        await until(pilot, lambda: app.saver.pending == 0, "resume saved")
        planned = live.live.session.agenda[0].minutes * 60
        built.clock.advance(planned + 125)    # the first item 2:05 over its time
        live._heartbeat()                     # the last save is at this time, whenever the timer's runs
        live.refresh_all()
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_observer_with_a_preview(snap_compare, tmp_path, size):
    built = folder(tmp_path)
    built.start(1)
    app = built.observer()

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, ObserverScreen) and app.screen.run_view is not None,
                    "joined")
        await pilot.press(*"2: Anatole m'a appelé au 06 39 98 12 34 [hier]")
        await until(pilot, lambda: app.screen.preview is not None and app.screen.preview.spans, "preview")
        await quiet(pilot, workers=False)

    try:
        assert snap_compare(app, terminal_size=size, run_before=ready)
    finally:
        built.stop()


@pytest.fixture
def demo_folder(tmp_path):
    data = Path("review-data")
    data.mkdir()
    programme = load_programme(Path(__file__).resolve().parents[2] / "sessions.yaml")
    make_demo(data, programme, passphrase=TEST_PASSPHRASE, seed=3, kdf=FAST_TEST_KDF, out=lambda _line: None)
    return data, programme


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", ["1", "2", "3"], ids=["overview", "sessions", "verbatims"])
def test_review_tabs(snap_compare, demo_folder, size, tab):
    from facilitator.core.clock import FakeClock

    data, programme = demo_folder
    app = ReviewApp(data_dir=data, programme=programme, clock=FakeClock(), passphrase=TEST_PASSPHRASE,
                    kdf=FAST_TEST_KDF, idle_lock_s=0)

    async def ready(pilot):
        await until(pilot, lambda: isinstance(app.screen, CycleListScreen) and app.screen.cycles, "cycle list")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CycleReviewScreen) and app.screen.review is not None,
                    "review figures", tries=500)
        await pilot.press(tab)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)
