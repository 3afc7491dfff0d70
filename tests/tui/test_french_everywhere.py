"""No English word in the French interface: a walk through the main screens (home, cycle, attendance, live
session, F1 help, command palette, dialogs; the observer; the review's tabs) reading the whole terminal."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from textual.app import App

from facilitator import i18n
from tests.tui.folder import DataFolder
from tests.tui.helpers import settle, until

# Words a French interface never shows: English words that are not also French (not "absent", "date",
# "menu", "page", "session", "total", "verbatim"...). Textual's own strings and the former English
# labels of the catalogue are among them.
ENGLISH = frozenset("""
    the and or of to with for from this that these your you are is not no yes was were will
    press search commands command quit help show hide keys key focus next previous copy save saved cancel
    item items flag flags homework settings theme screenshot maximize minimize toggle scroll select cursor
    delete submit open close back loading start started end ended break paused running overtime wrap
    unknown group reason given attendance present late excused done exit line word paste undo
    redo clear lock locked unlock passphrase facilitators review overview exercises audit time left
    planned actual adjusted reply send sent due none all new edit name names
    recovery folder file files title summary follow up today item items
""".split())

WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[A-Za-z]+)?")
SIZE = (140, 45)


def screen_text(app: App) -> str:
    """Every character on the terminal, dialogs over their screen included (as a screenshot would show)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      color_system=None, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def english_words(text: str) -> set[str]:
    # a key named in the footer or help ("ctrl+p", "tab") is the key's name, not a word of the interface
    text = re.sub(r"\b(?:ctrl|shift|alt|super)\+\S+|\^?\b(?:tab|enter|escape|space|home|end|delete|pgup|pgdn)\b",
                  " ", text)
    text = re.sub(r"\S*/\S*", " ", text)   # a folder's path is shown as it is
    return {word for word in WORD.findall(text) if word.lower() in ENGLISH and not word.isupper()}


class Walk:
    """Reads the whole screen at each step and keeps the English words found, by step."""

    def __init__(self, app: App, pilot, *, workers: bool = True) -> None:
        self.app, self.pilot, self.found, self.lines = app, pilot, {}, {}
        self.workers = workers   # the observer's folder watch never finishes: it is not waited for

    async def look(self, step: str) -> str:
        if self.workers:
            await settle(self.pilot)
        else:
            await self.pilot.pause(0.3)
        text = screen_text(self.app)
        words = english_words(text)
        if words:
            self.found[step] = sorted(words)
            self.lines[step] = [line for line in text.splitlines() if english_words(line)]
        return text

    async def help_and_palette(self, step: str) -> None:
        await self.pilot.press("f1")
        await self.look(f"{step} + F1")
        await self.pilot.press("f1")
        await self.pilot.press("ctrl+p")
        await self.pilot.pause(0.2)
        await self.look(f"{step} + palette")
        await self.pilot.press("escape")
        await self.pilot.pause()


@pytest.fixture
def french():
    previous = i18n.language()
    i18n.set_language("fr")
    yield
    i18n.set_language(previous)


async def test_the_console_speaks_french_everywhere(tmp_path, french):
    from facilitator.tui.screens.cycle import CycleScreen
    from facilitator.tui.screens.home import HomeScreen

    built = DataFolder(tmp_path)
    app = built.console()
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(app, pilot)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.query("#cycles")
                    and app.screen.query_one("#cycles").row_count, "the home with its cycle")
        await walk.look("home")
        await walk.help_and_palette("home")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen), "the cycle screen")
        await walk.look("cycle")
        await walk.help_and_palette("cycle")
        # start session 1: attendance sheet, then the live screen
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause(0.2)
            name = type(app.screen).__name__
            await walk.look(name)
            if name == "AttendanceScreen":
                await pilot.press("p", "escape")
            elif name == "LiveScreen":
                break
            else:   # a confirmation (before the cycle's start date)
                await pilot.press("y")
        await until(pilot, lambda: type(app.screen).__name__ == "LiveScreen", "the live screen")
        await walk.look("live")
        await walk.help_and_palette("live")
        for key, step in (("o", "note dialog"), ("f", "flag dialog")):
            await pilot.press(key)
            await pilot.pause(0.2)
            await walk.look(step)
            await pilot.press("escape")
        await pilot.press("f10")
        await pilot.pause(0.2)
        await walk.look("end of session")
    assert not walk.found, walk.lines


async def test_the_review_speaks_french_in_every_tab(tmp_path, french):
    from facilitator.storage.vault import FAST_TEST_KDF
    from facilitator.tui.review import CycleListScreen, CycleReviewScreen, ReviewApp
    from tests.conftest import TEST_PASSPHRASE
    from tests.tui.folder import PROGRAMME

    built = DataFolder(tmp_path)
    built.start(1, running=False)
    app = ReviewApp(data_dir=built.dir, programme=PROGRAMME, clock=built.clock, passphrase=TEST_PASSPHRASE,
                    kdf=FAST_TEST_KDF, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(app, pilot)
        await until(pilot, lambda: isinstance(app.screen, CycleListScreen) and app.screen.cycles, "the cycle list")
        await walk.look("review: cycles")
        await walk.help_and_palette("review: cycles")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CycleReviewScreen) and app.screen.review is not None,
                    "the review")
        for key in "123456":
            await pilot.press(key)
            await walk.look(f"review: tab {key}")
        await walk.help_and_palette("review: tab 6")
    assert not walk.found, walk.lines


async def test_the_observer_speaks_french(tmp_path, french):
    built = DataFolder(tmp_path)
    built.start(1)
    app = built.observer()
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(app, pilot, workers=False)
        await until(pilot, lambda: app.screen.query("#capture") or type(app.screen).__name__ != "UnlockScreen",
                    "the observer's first screen")
        await pilot.pause(0.5)
        await walk.look(f"observer: {type(app.screen).__name__}")
        await walk.help_and_palette("observer")
        await pilot.press("f10")
        await pilot.pause(0.2)
        await walk.look("observer: message dialog")
        await pilot.press("escape")
    built.stop()
    assert not walk.found, walk.lines


async def test_the_unlock_and_creation_screens_speak_french(tmp_path, french):
    from facilitator.storage.vault import FAST_TEST_KDF
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.base import UnlockScreen
    from tests.tui.folder import PROGRAMME

    built = DataFolder(tmp_path)
    for folder in (built.dir, tmp_path / "new"):
        app = FacilitatorApp(data_dir=folder, programme=PROGRAMME, clock=built.clock, kdf=FAST_TEST_KDF,
                             idle_lock_s=0)
        async with app.run_test(size=(100, 30)) as pilot:
            walk = Walk(app, pilot, workers=False)
            await until(pilot, lambda app=app: isinstance(app.screen, UnlockScreen), "the unlock screen")
            await walk.look(f"unlock {folder.name}")
            await pilot.press("f1")
            await walk.look(f"unlock {folder.name} + F1")
            await pilot.press("enter")   # an empty passphrase: the refusal is in French too
            await walk.look(f"unlock {folder.name}, empty")
        assert not walk.found, walk.lines
