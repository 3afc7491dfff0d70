"""No English word in the French interface of the room's screens (live, its dialogs, lock, display)."""

from __future__ import annotations

import re

from textual.widgets import Static

from facilitator.storage.vault import FAST_TEST_KDF
from facilitator.tui.base import LockScreen
from facilitator.tui.display import DisplayApp, DisplayScreen
from facilitator.tui.screens.live import BreakScreen, JumpScreen, KeyboardScreen, LiveScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.folder import PROGRAMME, DataFolder
from tests.tui.helpers import SIZE, until, wait_for_screen
from tests.tui.test_room import folder_with_cycle, make_app, start_session

# words that give English away (none of them is French); checked as whole words, case-insensitive
ENGLISH = {"the", "and", "with", "session", "item", "items", "left", "next", "previous", "quit", "help",
           "save", "saved", "cancel", "search", "commands", "press", "keyboard", "break", "overtime",
           "paused", "wrap", "time", "end", "ended", "planned", "projected", "flag", "flags",
           "attendance", "homework", "unknown", "group", "locked", "passphrase", "resume", "leave", "open"}
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def english_words(screen) -> set[str]:
    text = " ".join(str(widget.render()) for widget in screen.query(Static) if widget.display)
    text += " " + " ".join(str(getattr(b, "description", "")) for _key, b in screen.active_bindings.items())
    return {w for w in WORD.findall(text) if w.lower() in ENGLISH}


async def test_live_screen_dialogs_and_lock_say_nothing_in_english(data_dir, programme, clock):
    folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot)
        clock.advance(24 * 60)
        live.refresh_timers()
        await pilot.pause()
        found = {"LiveScreen": english_words(live)}
        for key, kind in (("j", JumpScreen), ("b", BreakScreen), ("i", KeyboardScreen)):
            await pilot.press(key)
            dialog = await wait_for_screen(pilot, kind)
            found[kind.__name__] = english_words(dialog)
            await pilot.press("escape")
            await wait_for_screen(pilot, LiveScreen)
        app.lock_now()
        lock = await wait_for_screen(pilot, LockScreen)
        await until(pilot, lambda: lock.query("#lock-item"), "the lock's session panel")
        lock.refresh_session()
        found["LockScreen"] = english_words(lock)
    assert not any(found.values()), found


async def test_display_says_nothing_in_english(tmp_path):
    folder = DataFolder(tmp_path)
    folder.start()
    app = DisplayApp(data_dir=folder.dir, programme=PROGRAMME, clock=folder.clock, passphrase=TEST_PASSPHRASE,
                     kdf=FAST_TEST_KDF)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, DisplayScreen)
        title = PROGRAMME.session(1).agenda[0].title
        await until(pilot, lambda: any(title in str(w.render()) for w in screen.query("#display-title")),
                    "the session shown")
        assert not english_words(screen)
