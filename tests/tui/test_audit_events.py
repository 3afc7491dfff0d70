"""Refused passphrases at start-up are in the audit log once the folder opens (how many, who, when; never
what was typed)."""

from __future__ import annotations

from textual.widgets import Input

from facilitator.storage.vault import FAST_TEST_KDF
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.base import UnlockScreen
from facilitator.tui.screens.home import HomeScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.folder import PROGRAMME, DataFolder

WRONG = "pas-la-bonne-phrase"


async def until(pilot, condition, what: str, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def type_passphrase(app, pilot, passphrase: str) -> None:
    app.screen.query_one("#pass1", Input).value = passphrase
    await pilot.press("enter")


async def test_refused_passphrases_before_the_unlock_are_recorded(tmp_path):
    built = DataFolder(tmp_path)
    before = len(built.fresh().vault.read_audit())
    app = FacilitatorApp(data_dir=built.dir, programme=PROGRAMME, clock=built.clock, kdf=FAST_TEST_KDF,
                         idle_lock_s=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock screen")
        screen = app.screen
        for attempt in (1, 2):
            await type_passphrase(app, pilot, WRONG)
            await until(pilot, lambda attempt=attempt: screen.refused == attempt, "the refusal")
        await type_passphrase(app, pilot, TEST_PASSPHRASE)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        await app.workers.wait_for_complete()
    added = built.fresh().vault.read_audit()[before:]
    refused = [r for r in added if r["action"] == "unlock_failed"]
    assert [(r["actor"], r["target"], r["detail"]) for r in refused] == [
        ("console", "start", "2 refused before this unlock")]
    assert all(WRONG not in str(record) for record in added)
    assert [r["action"] for r in added].index("unlock_failed") < [r["action"] for r in added].index("unlock")
