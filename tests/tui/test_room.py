"""The console in the room: the lock keeps the timer, Ctrl+Q asks, jumps, breaks, who is at the keyboard."""

from __future__ import annotations

from datetime import date

from textual.widgets import Digits, Static

from facilitator.core.models import Facilitator
from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.base import LockScreen
from facilitator.tui.screens.cycle import ConfirmScreen, CycleScreen
from facilitator.tui.screens.live import (
    AttendanceScreen,
    BreakScreen,
    JumpScreen,
    KeyboardScreen,
    LiveScreen,
    NoteScreen,
)
from tests.conftest import TEST_PASSPHRASE
from tests.tui.helpers import SIZE, settle, until, wait_for_screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def folder_with_cycle(data_dir, clock) -> tuple[Store, str]:
    Vault.create(data_dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    store = Store(Vault.unlock(data_dir, TEST_PASSPHRASE), clock)
    cycle = store.create_cycle(label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue"),
                                             Facilitator(code="F2", initials="CD", role="médecin")],
                               participants=["P01", "P02", "P03"])
    store.save_roster(cycle.id, Roster.from_mapping({"P02": ["Julien"]}))
    return store, cycle.id


async def start_session(app, pilot, *, keyboard_presses=("enter",)) -> LiveScreen:
    from facilitator.tui.screens.home import HomeScreen

    await wait_for_screen(pilot, HomeScreen)
    await settle(pilot)
    await pilot.press("enter")
    await wait_for_screen(pilot, CycleScreen)
    await settle(pilot)
    await pilot.press("enter")
    await wait_for_screen(pilot, KeyboardScreen)
    await pilot.press(*keyboard_presses)
    await wait_for_screen(pilot, AttendanceScreen)
    await pilot.press("t", "escape")
    live = await wait_for_screen(pilot, LiveScreen)
    await settle(pilot)
    return live


def make_app(data_dir, programme, clock, **kwargs) -> FacilitatorApp:
    return FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase=TEST_PASSPHRASE,
                          kdf=FAST_TEST_KDF, **kwargs)


async def test_idle_lock_keeps_the_countdown_and_hides_the_rest(data_dir, programme, clock):
    store, _ = folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=600)
    first = programme.session(1).agenda[0]
    async with app.run_test(size=SIZE) as pilot:
        await start_session(app, pilot)
        clock.advance(601)                      # mid-item, nobody touched the keyboard
        app._check_idle()
        lock = await wait_for_screen(pilot, LockScreen)
        await pilot.pause()
        assert text_of(lock, "#lock-item") == first.title
        assert str(lock.query_one("#lock-countdown", Digits).value) == f"{first.minutes - 11:02d}:59"
        assert "1/" in text_of(lock, "#lock-progress")
        clock.advance(first.minutes * 60)      # the countdown follows into overtime under the lock
        lock.refresh_session()
        assert str(lock.query_one("#lock-countdown", Digits).value).startswith("+")
        assert "Dépassement" in text_of(lock, "#lock-phase")
        shown = " ".join(str(w.render()) for w in lock.query(Static))
        assert first.prompts[0] not in shown and "P01" not in shown
        # a wrong passphrase is refused and audited (who, when; never what was typed)
        lock.query_one("#pass1").value = "not-it"
        await pilot.press("enter")
        await until(pilot, lambda: "incorrecte" in text_of(lock, "#unlock-error"), "refusal shown")
        lock.query_one("#pass1").value = TEST_PASSPHRASE
        await pilot.press("enter")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
    actions = [record["action"] for record in store.vault.read_audit()]
    assert "unlock_failed" in actions
    assert not any("not-it" in str(record) for record in store.vault.read_audit())


async def test_ctrl_q_during_a_session_asks_first(data_dir, programme, clock):
    folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        await start_session(app, pilot)
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("escape")             # no: the session goes on
        await wait_for_screen(pilot, LiveScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running or app._exit_renderables is not None, "exit")
    assert app.return_code == 0


async def test_steering_jump_break_keyboard_and_note_preview(data_dir, programme, clock):
    store, cycle_id = folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    agenda = programme.session(1).agenda
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot, keyboard_presses=("down", "enter"))   # CD at the keyboard
        assert "CD" in text_of(live, "#keyboard-line") and cycle_id in live.sub_title
        # jump straight to item 5
        await pilot.press("j")
        await wait_for_screen(pilot, JumpScreen)
        await pilot.press("5")
        await wait_for_screen(pilot, LiveScreen)
        assert live.live.state(clock.now()).current == 4
        assert text_of(live, "#item-title").startswith(f"5/{len(agenda)} · {agenda[4].title}")
        # + changes the minutes the header shows
        await pilot.press("plus")
        assert f"{agenda[4].minutes + 1} min" in text_of(live, "#item-title")
        # a 10-minute break: the countdown counts the break down, space ends it
        await pilot.press("b")
        await wait_for_screen(pilot, BreakScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, LiveScreen)
        clock.advance(120)
        live.refresh_timers()
        assert str(live.query_one("#countdown", Digits).value) == "08:00"
        assert "PAUSE PRÉVUE" in text_of(live, "#countdown-label")
        await pilot.press("space")
        assert not live.live.state(clock.now()).paused
        # i: AB takes the keyboard; the note dialog names AB and previews the pseudonymised text
        await pilot.press("i")
        await wait_for_screen(pilot, KeyboardScreen)
        await pilot.press("up", "enter")
        await wait_for_screen(pilot, LiveScreen)
        await pilot.press("o")
        note = await wait_for_screen(pilot, NoteScreen)
        assert "AB" in text_of(note, "#note-author")
        note.query_one("#note-text").text = "Julien parle de sa semaine"
        await until(pilot, lambda: "P02 parle" in text_of(note, "#note-preview"), "pseudonymised preview")
        await pilot.press("f2")
        await wait_for_screen(pilot, LiveScreen)
        # n on the last item says so
        await pilot.press("j")
        await wait_for_screen(pilot, JumpScreen)
        await pilot.press("end", "enter")
        await wait_for_screen(pilot, LiveScreen)
        await pilot.press("n")
        await pilot.pause()
        assert any("dernier point" in n.message for n in app._notifications)
        await settle(pilot)
    run = store.session_run(cycle_id, 1)
    assert [n.text for n in run.notes] == ["P02 parle de sa semaine"] and run.notes[0].author == "F1"
    by_kind = {e["kind"]: e.get("by") for e in run.events}
    assert by_kind["start"] == "F2" and by_kind["break"] == "F2" and by_kind["goto"] == "F1"


async def test_an_unlock_that_ends_under_a_dialog_closes_the_lock_not_the_dialog(data_dir, programme, clock):
    folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot)
        app.lock_now()
        lock = await wait_for_screen(pilot, LockScreen)
        await pilot.press("ctrl+q")                 # asks over the lock
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        lock._checked(True)                          # the passphrase check ends now
        await pilot.pause()
        assert app.screen is confirm                 # the question stays
        await pilot.press("escape")
        await wait_for_screen(pilot, LiveScreen)
        assert app.screen is live


async def test_observer_message_appears_on_the_console_and_is_answered(data_dir, programme, clock):
    from facilitator.core.live import message_appender
    from facilitator.core.models import RoomMessage
    from facilitator.tui.screens.live import LineScreen

    store, cycle_id = folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot)
        store.update_run(cycle_id, 1, message_appender(
            RoomMessage(id="m-obs", text="5 min", author="observer", at=clock.now())))
        live._poll_messages()
        await until(pilot, lambda: "5 min" in text_of(live, "#room-line"), "the observer's message")
        assert any("5 min" in n.message for n in app._notifications)
        await pilot.press("m")
        dialog = await wait_for_screen(pilot, LineScreen)
        dialog.query_one("#line").value = "Julien : on fait une pause"
        await pilot.press("enter")
        await settle(pilot)
        assert "AB" in text_of(live, "#room-line")
    run = store.session_run(cycle_id, 1)
    assert [(m.author, m.text, m.reply_to) for m in run.messages] == [
        ("observer", "5 min", None), ("F1", "P02 : on fait une pause", "m-obs")]


async def test_the_summary_of_an_ended_session_can_be_reopened(data_dir, programme, clock):
    from facilitator.tui.screens.live import EndSessionScreen

    store, cycle_id = folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        await start_session(app, pilot)
        await pilot.press("o")
        note = await wait_for_screen(pilot, NoteScreen)
        note.query_one("#note-text").text = "Bonne dynamique de groupe"
        await pilot.press("f2")
        await wait_for_screen(pilot, LiveScreen)
        await pilot.press("f10")
        end = await wait_for_screen(pilot, EndSessionScreen)
        assert "Bonne dynamique de groupe" in text_of(end, "#end-summary")
        assert "Verbatims saisis par l'observateur\u00a0: 0" in text_of(end, "#end-summary")
        await pilot.press("f10")
        cycle = await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        cycle.query_one("#sessions").move_cursor(row=0)
        await pilot.press("enter")                   # a done session: its summary again, nothing to confirm
        again = await wait_for_screen(pilot, EndSessionScreen)
        assert again.reopened and "Bonne dynamique de groupe" in text_of(again, "#end-summary")
        await pilot.press("f10")                     # no second end
        assert app.screen is again
        await pilot.press("escape")
        await wait_for_screen(pilot, CycleScreen)
    assert [e["kind"] for e in store.session_run(cycle_id, 1).events].count("end") == 1


async def test_textual_own_strings_are_french_and_session_start_is_audited(data_dir, programme, clock):
    from textual.command import CommandInput

    store, cycle_id = folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        await start_session(app, pilot, keyboard_presses=("down", "enter"))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("Ctrl+Q pour quitter" in n.message for n in app._notifications)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query(CommandInput), "the palette")
        assert app.screen.query_one(CommandInput).placeholder == "Chercher une commande…"
        titles = [c.title for c in app.get_system_commands(app.screen_stack[-2])]
        assert "Thème" in titles and "Theme" not in titles and "Quit" not in titles
        await pilot.press("escape")
        await settle(pilot)
    starts = [r for r in store.vault.read_audit() if r["action"] == "session_start"]
    assert len(starts) == 1 and starts[0]["actor"] == "F2" and cycle_id in starts[0]["target"]


async def test_the_wall_message_is_pseudonymised_before_it_is_shown_or_saved(data_dir, programme, clock):
    from facilitator.tui.screens.live import LineScreen

    store, cycle_id = folder_with_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot)
        await pilot.press("d")
        dialog = await wait_for_screen(pilot, LineScreen)
        dialog.query_one("#line").value = "Pause : Julien revient à 20 h 15"
        await pilot.press("enter")
        await settle(pilot)
        assert live.live.run.display_message == "Pause : P02 revient à 20 h 15"
    assert store.session_run(cycle_id, 1).display_message == "Pause : P02 revient à 20 h 15"
