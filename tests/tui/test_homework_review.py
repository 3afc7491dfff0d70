"""Homework given at the end of session 1 is reviewed at session 2 and the review is saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from facilitator.core.models import SessionRun
from facilitator.core.programme_loader import load_programme
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.homework import HomeworkReviewScreen, homework_to_review
from facilitator.tui.screens.live import EndSessionScreen, LiveScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.helpers import SIZE, settle, wait_for_screen
from tests.tui.test_exercise_screens import make_cycle, start_session

ROOT = Path(__file__).resolve().parents[2]
NEW = load_programme(ROOT / "tests" / "data" / "programmes" / "with_new_exercise.yaml")


def test_homework_to_review_prefers_what_was_given():
    given = SessionRun(cycle_id="c1", number=1, homework_given=["hw-t1-ritual"])
    assert [hw.id for hw in homework_to_review(NEW, 2, given)[0]] == ["hw-t1-ritual"]
    assert homework_to_review(NEW, 2, given)[1] is False
    none_given = SessionRun(cycle_id="c1", number=1)
    homework, from_programme = homework_to_review(NEW, 2, none_given)
    assert [hw.id for hw in homework] == ["hw-t1-ritual"] and from_programme
    assert homework_to_review(NEW, 1, None) == ([], False)


async def test_homework_given_in_session_1_is_reviewed_in_session_2(data_dir, clock):
    cycle_id = make_cycle(data_dir, clock, codes=("P01", "P02", "P03"))
    app = FacilitatorApp(data_dir=data_dir, programme=NEW, clock=clock, passphrase=TEST_PASSPHRASE,
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot, cycle_id, 1, "ppp")
        # session 1 has nothing to review
        await pilot.press("w")
        review = await wait_for_screen(pilot, HomeworkReviewScreen)
        await settle(pilot)
        assert "première séance" in str(review.query_one("#hw-homework", Static).render())
        await pilot.press("escape")
        await wait_for_screen(pilot, LiveScreen)
        # end session 1: the homework of the programme is given
        await pilot.press("f10")
        await wait_for_screen(pilot, EndSessionScreen)
        await pilot.press("f10")
        await settle(pilot)

        live = await start_session(app, pilot, cycle_id, 2, "ppa")   # P03 absent
        await pilot.press("w")
        review = await wait_for_screen(pilot, HomeworkReviewScreen)
        await settle(pilot)
        shown = str(review.query_one("#hw-homework", Static).render())
        assert "Essayer le rituel" in shown and "Essayez votre rituel" in shown
        assert review.codes == ["P01", "P02"]
        table = review.query_one("#hw-table", DataTable)
        # a note needs a status first
        await pilot.press("enter")
        review.query_one("#hw-note", Input).value = "sans statut"
        await pilot.press("enter")
        await pilot.pause()
        assert "P01" not in live.live.run.homework_review
        await pilot.press("f")                       # P01 done, the cursor moves to P02
        await pilot.press("n")                       # P02 not done
        await pilot.press("up")
        await pilot.press("enter")                   # note for P01
        assert review.focused is review.query_one("#hw-note", Input)
        review.query_one("#hw-note", Input).value = "Deux soirs, avec Anatole"
        await pilot.press("enter")
        await pilot.pause()
        assert table.get_cell("P01", "status") == "✓ fait"
        assert table.get_cell("P01", "note") == "Deux soirs, avec P02"
        assert table.get_cell("P02", "status") == "✗ non fait"
        await pilot.press("down", "e")               # P02 changed to partly
        await pilot.press("escape")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
    store = Store(Vault.unlock(data_dir, TEST_PASSPHRASE), clock)
    assert store.session_run(cycle_id, 1).homework_given == ["hw-t1-ritual"]
    reviews = store.session_run(cycle_id, 2).homework_review
    assert reviews["P01"].status == "done" and reviews["P01"].note == "Deux soirs, avec P02"
    assert reviews["P02"].status == "partly"
    assert "P03" not in reviews
