"""Storage faults seen through the apps (Pilot): a full disk or a lock held by another process while a note
or a verbatim is saved (shown, kept in memory, saved once later), damaged files when opening (one message, no
crash, never written over), and bad participant codes or roster lines typed in the console."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from facilitator.core.pseudonymise import Roster
from facilitator.storage import atomic
from facilitator.storage.repository import run_path
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.observer import ObserverScreen
from facilitator.tui.saving import SaveQueue
from facilitator.tui.screens.cycle import CycleScreen, RosterScreen
from facilitator.tui.screens.exercises import ExerciseScreen
from facilitator.tui.screens.home import HomeScreen, NewCycleScreen
from facilitator.tui.screens.live import LiveScreen, NoteScreen
from tests.tui.folder import DataFolder
from tests.tui.helpers import SIZE, fill, until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(SaveQueue, "RETRY_S", 0.05)


ROSTER = {"P01": ["Anatole"], "P02": ["Barnabé"]}


def Folder(tmp_path: Path, *, started: bool = True) -> DataFolder:  # noqa: N802 - reads as the class it builds
    """A folder whose session 1 was started by a console that is gone (so the console resumes it)."""
    folder = DataFolder(tmp_path, roster=ROSTER)
    if started:
        folder.start(1, running=False)
    return folder


def status(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(".save-status"))


def shown(app, selector: str) -> str:
    """The text of the current screen's widget `selector`, "" while it is not mounted yet."""
    return " ".join(str(w.render()) for w in app.screen.query(selector))


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def disk_full(monkeypatch) -> None:
    def write_all(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_all", write_all)


async def open_live(app: FacilitatorApp, pilot, cycle_id: str) -> LiveScreen:
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    screen = LiveScreen(cycle_id, 1)
    app.push_screen(screen)
    await until(pilot, lambda: screen.live is not None, "session resumed")
    await until(pilot, lambda: app.saver.pending == 0, "resume saved")
    return screen


async def write_note(app: FacilitatorApp, pilot, text: str) -> None:
    await pilot.press("o")
    await until(pilot, lambda: isinstance(app.screen, NoteScreen), "note screen")
    app.screen.query_one("#note-text", TextArea).text = text
    await pilot.press("f2")
    await until(pilot, lambda: isinstance(app.screen, LiveScreen), "back on the live screen")


def notes_on_disk(folder: Folder) -> list[str]:
    return [n.text for n in folder.fresh().session_run(folder.cycle.id, 1).notes]


# -- a full disk, a lock held elsewhere ---------------------------------------------------------------


async def test_disk_full_while_typing_a_note(tmp_path, monkeypatch):
    folder = Folder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        live = await open_live(app, pilot, folder.cycle.id)
        disk_full(monkeypatch)
        await write_note(app, pilot, "P01 parle de sa semaine [difficile]")
        await until(pilot, lambda: "NON ENREGISTRÉ" in status(app), "the status line says it is not saved")
        assert "plus d'espace libre sur le disque" in status(app)
        assert any("NON ENREGISTRÉ" in m for m in notifications(app))
        assert "P01 parle de sa semaine [difficile]" in str(live.query_one("#item-notes", Static).render()), \
            "the note stays on screen and in memory"
        assert app.saver.pending == 1
        assert notes_on_disk(folder) == []
        monkeypatch.undo()          # space freed: the queue's next retry saves it
        await until(pilot, lambda: app.saver.pending == 0, "saved after the disk was freed", tries=500)
        await until(pilot, lambda: "Enregistré à" in status(app), "status says saved")
    assert notes_on_disk(folder) == ["P01 parle de sa semaine [difficile]"], "saved exactly once"
    assert not list(folder.dir.rglob("*.tmp"))


LOCK_HOLDER = """
import sys
from pathlib import Path
from facilitator.storage.locks import acquire
lock = acquire(Path(sys.argv[1]), 5)
print("locked", flush=True)
sys.stdin.readline()
lock.release()
"""


@pytest.mark.processes
async def test_lock_held_by_another_process_longer_than_the_timeout(tmp_path):
    folder = Folder(tmp_path)
    app = folder.console()
    lock_path = folder.dir / ".locks" / f"{run_path(folder.cycle.id, 1)}.lock"
    async with app.run_test(size=SIZE) as pilot:
        await open_live(app, pilot, folder.cycle.id)
        app.vault.lock_timeout = 0.2
        holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(lock_path)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            assert holder.stdout.readline().strip() == "locked"
            await write_note(app, pilot, "Note pendant le verrou")
            await until(pilot, lambda: "verrouillé par un autre programme" in status(app), "lock message")
            assert "NON ENREGISTRÉ" in status(app) and app.saver.pending == 1
        finally:
            holder.communicate("go\n", timeout=10)
        await until(pilot, lambda: app.saver.pending == 0, "saved once the lock was released", tries=500)
    assert notes_on_disk(folder) == ["Note pendant le verrou"]


async def test_disk_full_while_the_observer_commits_a_verbatim(tmp_path, monkeypatch):
    folder = Folder(tmp_path, started=False)
    folder.start(1)                          # the facilitators' console runs session 1
    app = folder.observer()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ObserverScreen) and app.screen.run_view is not None,
                        "joined")
            await until(pilot, lambda: app.saver.pending == 0, "unlock audited")
            screen = app.screen
            disk_full(monkeypatch)
            line = "P02 : je me sens mieux [depuis lundi]"
            screen.query_one("#capture", Input).value = line
            await until(pilot, lambda: screen.preview is not None and screen.preview.line == line, "preview")
            await pilot.press("enter")
            await until(pilot, lambda: "NON ENREGISTRÉ" in status(app), "not saved")
            assert any("NON ENREGISTRÉ" in m for m in notifications(app))
            assert [row.saved for row in screen.rows] == [False], "kept in the list, marked unsaved"
            assert folder.fresh().verbatims(folder.cycle.id, 1) == []
            monkeypatch.undo()
            await until(pilot, lambda: app.saver.pending == 0, "saved later", tries=500)
            await until(pilot, lambda: [row.saved for row in screen.rows] == [True], "marked saved")
    finally:
        folder.stop()
    saved = folder.fresh().verbatims(folder.cycle.id, 1)
    assert [v.text for v in saved] == ["je me sens mieux [depuis lundi]"], "saved exactly once"
    assert saved[0].speaker == "P02"


# -- damaged files when opening ------------------------------------------------------------------------


def damage(folder: Folder, relpath: str) -> tuple[bytes, str]:
    """Truncate the file (a good backup exists); returns its damaged bytes and the backup's relpath."""
    path = folder.dir / relpath
    damaged = path.read_bytes()[:-7]
    path.write_bytes(damaged)
    backups = folder.store.vault.backups(relpath)
    assert backups, "the fixture wrote the file twice"
    return damaged, backups[0].relative_to(folder.dir).as_posix()


async def test_damaged_session_file_when_opening_the_cycle(tmp_path):
    folder = Folder(tmp_path)
    folder.store.update_run(folder.cycle.id, 1, lambda run: None)   # a second version: a backup exists
    relpath = run_path(folder.cycle.id, 1)
    damaged, backup = damage(folder, relpath)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await until(pilot, lambda: "Lecture impossible" in shown(app, "#home-hint"), "home names the damaged file")
        app.push_screen(CycleScreen(folder.cycle.id))
        await until(pilot, lambda: isinstance(app.screen, CycleScreen), "cycle screen")
        await until(pilot, lambda: "Lecture impossible" in shown(app, "#cycle-title"), "message shown")
        message = shown(app, "#cycle-title")
        assert f"fichier endommagé {relpath}" in message and backup in message
        assert "\n" not in message
        # the live screen refuses too, and releases the live lock
        app.push_screen(LiveScreen(folder.cycle.id, 1))
        await until(pilot, lambda: isinstance(app.screen, CycleScreen)
                    and any(backup in m for m in notifications(app) if "Lecture" in m), "live refused")
        assert not app.live_lock.held
        assert app.is_running
    assert app.return_code in (None, 0)
    assert (folder.dir / relpath).read_bytes() == damaged, "never written over"


async def test_damaged_roster_is_shown_and_not_replaced(tmp_path):
    folder = Folder(tmp_path, started=False)
    folder.store.save_roster(folder.cycle.id, Roster.from_mapping({"P01": ["Anatole"]}))
    relpath = f"cycles/{folder.cycle.id}/roster.db"
    damaged, backup = damage(folder, relpath)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        app.push_screen(CycleScreen(folder.cycle.id))
        await until(pilot, lambda: isinstance(app.screen, CycleScreen) and app.screen.cycle is not None, "cycle")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RosterScreen), "roster screen")
        await until(pilot, lambda: backup in shown(app, "#roster-error"), "message names the backup")
        await pilot.press("f2")
        await pilot.pause()
        assert app.saver.pending == 0, "nothing queued over the damaged file"
    assert (folder.dir / relpath).read_bytes() == damaged


# -- bad input typed in the console ---------------------------------------------------------------------


@pytest.mark.parametrize(("codes", "expected"), [
    ("P01, Julien", "Julien"),
    ("P01-P25", "25 participants"),
    ("P03-P01", "P03-P01"),
    ("P00", "P00"),
    ("", "au moins un participant"),
    ("P01 P01", "P01 apparaît deux fois"),
])
async def test_bad_participant_codes_in_the_new_cycle_form(tmp_path, codes, expected):
    folder = Folder(tmp_path, started=False)
    app = folder.console()
    before = sorted(folder.fresh().list_cycles(), key=lambda c: c.id)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewCycleScreen) and app.screen.query("#participants"),
                    "form composed")
        form = app.screen
        fill(form, {"#label": "Cycle B", "#site": "Site", "#f1-initials": "AB", "#f1-role": "psychologue",
                    "#participants": codes})
        await pilot.click("#create")
        await until(pilot, lambda: expected in str(form.query_one("#form-error").render()), f"error naming {expected}")
        assert isinstance(app.screen, NewCycleScreen)
    assert sorted(folder.fresh().list_cycles(), key=lambda c: c.id) == before


@pytest.mark.parametrize(("text", "expected"), [
    ("P01 Anatole", ":1:"),                  # no colon: the line number is named
    ("P09: Zéphyrin", "P09"),               # not a participant of this cycle
])
async def test_bad_roster_lines_are_refused_with_the_line(tmp_path, text, expected):
    folder = Folder(tmp_path, started=False)
    before = folder.files()[f"cycles/{folder.cycle.id}/roster.db"]
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        app.push_screen(CycleScreen(folder.cycle.id))
        await until(pilot, lambda: isinstance(app.screen, CycleScreen) and app.screen.cycle is not None, "cycle")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RosterScreen), "roster")
        area = app.screen.query_one("#roster-text", TextArea)
        await until(pilot, lambda: "P01" in area.text, "roster loaded")
        area.text = text
        await pilot.press("f2")
        await until(pilot, lambda: expected in shown(app, "#roster-error"), "error shown")
        assert isinstance(app.screen, RosterScreen)
        assert "\n" not in shown(app, "#roster-error").strip()
    assert folder.files()[f"cycles/{folder.cycle.id}/roster.db"] == before



async def test_damaged_exercises_file_is_shown_like_the_others_and_the_console_goes_on(tmp_path):
    folder = Folder(tmp_path, started=False)
    folder.start(3, running=False)
    for situation in ("Samedi soir", "Dimanche"):      # written twice: a good backup exists
        folder.store.save_exercise_answer(folder.cycle.id, 3, exercise_id="beck_columns", subject="P01",
                                          item_id="s3-beck", values={"records": [{"situation": situation}]})
    relpath = f"cycles/{folder.cycle.id}/exercises-3.db"
    damaged, backup = damage(folder, relpath)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        live = LiveScreen(folder.cycle.id, 3)
        app.push_screen(live)
        await until(pilot, lambda: live.live is not None, "session resumed")
        index = live.live.run.item_ids.index("s3-beck")
        live._commit(live.live.goto(index, live.now()), "goto")
        live.refresh_all()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "exercise sheet")
        sheet = app.screen
        await until(pilot, lambda: backup in shown(app, "#ex-subject"), "the sheet names the damaged file")
        message = shown(app, "#ex-subject")
        assert "Lecture impossible" in message and f"fichier endommagé {relpath}" in message
        assert any(backup in m for m in notifications(app)), "and says so in a notification, like the others"
        assert not sheet.loaded and all(w.disabled for w in sheet.query("#ex-form Input"))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LiveScreen), "back to the session")
        assert app.is_running
    assert app.return_code in (None, 0), "the console did not end"
    assert (folder.dir / relpath).read_bytes() == damaged, "never written over"
