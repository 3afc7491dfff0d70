"""The facilitators' console through Textual's Pilot: a whole session 1, then an interrupted one resumed."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Digits, Static

from facilitator.core.models import Facilitator, SessionStatus
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.cycle import CycleScreen, ResumeScreen
from facilitator.tui.screens.home import HomeScreen, NewCycleScreen
from facilitator.tui.screens.live import AttendanceScreen, EndSessionScreen, LiveScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.helpers import SIZE, fill, settle, until, wait_for_screen


def make_app(data_dir, programme, clock, **kwargs) -> FacilitatorApp:
    return FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase=TEST_PASSPHRASE,
                          kdf=FAST_TEST_KDF, idle_lock_s=0, **kwargs)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def open_store(data_dir, clock) -> Store:
    return Store(Vault.unlock(data_dir, TEST_PASSPHRASE), clock)


async def create_cycle_through_form(app, pilot) -> None:
    await wait_for_screen(pilot, HomeScreen)
    await pilot.press("n")
    await wait_for_screen(pilot, NewCycleScreen)
    # typed key by key: Enter goes to the next field, Enter in the last one creates the cycle
    for value in ("Cycle printemps", "Service test", "02/03/2026", "ab", "psychologue", "CD",
                  "médecin addictologue", "", "", "P01-P04"):
        await pilot.press("end", "ctrl+u", *value, "enter")
    await wait_for_screen(pilot, CycleScreen)
    await settle(pilot)


async def test_new_cycle_refuses_names_and_duplicate_codes(data_dir, programme, clock):
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("n")
        form = await wait_for_screen(pilot, NewCycleScreen)
        fill(form, {"#label": "Cycle", "#site": "Site", "#f1-initials": "AB", "#f1-role": "psychologue",
                    "#participants": "P01, Julien"})
        await pilot.click("#create")
        await pilot.pause()
        assert "Julien" in text_of(form, "#form-error")
        assert isinstance(app.screen, NewCycleScreen)
        form.query_one("#participants").value = "P01, P02, P01"
        await pilot.click("#create")
        await pilot.pause()
        assert "P01" in text_of(form, "#form-error")
        assert isinstance(app.screen, NewCycleScreen)
    assert not open_store(data_dir, clock).list_cycles()


async def test_whole_session_one(data_dir, programme, clock):
    app = make_app(data_dir, programme, clock)
    session = programme.session(1)
    async with app.run_test(size=SIZE) as pilot:
        await create_cycle_through_form(app, pilot)
        cycle = app.store.list_cycles()[0]
        assert cycle.participants == ["P01", "P02", "P03", "P04"]
        assert [f.initials for f in cycle.facilitators] == ["AB", "CD"]

        # start session 1: the attendance sheet opens first
        await pilot.press("enter")
        await pilot.press("y")
        attendance = await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("p", "r", "a", "e")   # P01 present, P02 late, P03 absent, P04 excused
        assert attendance.changes == {"P01": "present", "P02": "late", "P03": "absent", "P04": "excused"}
        await pilot.press("escape")
        live = await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        assert "Présents 1" in text_of(live, "#attendance-summary")

        # the first item's prompts are shown, with its countdown
        first = session.agenda[0]
        assert first.prompts[0] in text_of(live, "#prompts")
        clock.advance(60)
        live.refresh_timers()
        assert str(live.query_one("#countdown", Digits).value) == f"{first.minutes - 1:02d}:00"

        # a note with Rich markup characters is kept and shown literally
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#note-text").text = "Il a dit [bold]non[/bold] et [/x] sans crochet"
        await pilot.press("f2")
        await settle(pilot)
        assert "[bold]non[/bold] et [/x]" in text_of(live, "#item-notes")

        # flag for follow-up
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#flag-reason").value = "évocation d'un trauma"
        await pilot.press("enter")  # choose the highlighted code (P01)
        await pilot.pause()
        await pilot.press("enter")  # submit the reason
        await settle(pilot)
        assert "P01\u00a0: évocation d'un trauma" in text_of(live, "#flags-summary")

        # overrun the first item, pause, resume, then walk through every item
        clock.advance(first.minutes * 60)
        live.refresh_timers()
        assert "DÉPASSEMENT" in text_of(live, "#countdown-label")
        assert str(live.query_one("#countdown", Digits).value).startswith("+")
        await pilot.press("space")
        clock.advance(300)
        live.refresh_timers()
        assert "EN PAUSE" in text_of(live, "#countdown-label")
        await pilot.press("space")
        await pilot.press("plus")
        for item in session.agenda[1:]:
            await pilot.press("n")
            clock.advance(item.minutes * 60)
            assert item.title in text_of(live, "#item-title")
        await pilot.press("n")  # past the last item: nothing happens
        await settle(pilot)

        await pilot.press("f10")
        end = await wait_for_screen(pilot, EndSessionScreen)
        summary_text = text_of(end, "#end-summary")
        assert "⚑ P01" in summary_text and session.agenda[0].title in summary_text
        await pilot.press("f10")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)

    store = open_store(data_dir, clock)
    cycle = store.list_cycles()[0]
    run = store.session_run(cycle.id, 1)
    assert run.status == SessionStatus.DONE
    assert {code: mark.status for code, mark in run.attendance.items()} == {
        "P01": "present", "P02": "late", "P03": "absent", "P04": "excused"}
    assert [n.text for n in run.notes] == ["Il a dit [bold]non[/bold] et [/x] sans crochet"]
    assert [(f.participant, f.reason) for f in run.flags] == [("P01", "évocation d'un trauma")]
    assert run.homework_given == [hw.id for hw in session.homework]
    kinds = [e["kind"] for e in run.events]
    assert kinds[0] == "start" and kinds[-1] == "end" and kinds.count("goto") == len(session.agenda) - 1
    assert "pause" in kinds and "resume" in kinds and "adjust" in kinds
    assert store.session_statuses(cycle.id)[1] == SessionStatus.DONE
    assert store.live_session() is None


async def test_interrupted_session_resumes_where_it_was(data_dir, programme, clock):
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_cycle_through_form(app, pilot)
        await pilot.press("enter", "y")
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("t", "escape")
        await wait_for_screen(pilot, LiveScreen)
        clock.advance(600)
        await pilot.press("n")
        clock.advance(200)
        await pilot.press("n")
        clock.advance(100)
        await pilot.press("space")  # paused on the third item
        await settle(pilot)
        before = app.screen.live.state(clock.now())
    # the app is gone without ending the session (as after a crash): nothing holds the live lock

    clock.advance(3600)
    store = open_store(data_dir, clock)
    cycle = store.list_cycles()[0]
    assert store.session_statuses(cycle.id)[1] == SessionStatus.INTERRUPTED

    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        # relaunched after the crash: the resume question comes at once, over the cycle, session 1 selected
        resume = await wait_for_screen(pilot, ResumeScreen)
        cycle_screen = app.screen_stack[-2]
        assert isinstance(cycle_screen, CycleScreen) and cycle_screen.selected_session() == 1
        home = app.screen_stack[-3]
        assert isinstance(home, HomeScreen)
        row = home.query_one("#cycles", DataTable).get_row_at(0)
        assert "interrompue" in str(row[-2]) and str(row[-1]) == cycle_screen.cycle_id   # the id is listed
        assert resume.gap_s == 0  # it was paused: nothing went unrecorded
        await pilot.press("enter")
        live = await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        after = live.live.state(clock.now())
        assert after.current == 2 and after.paused
        assert after.elapsed_s == before.elapsed_s == 900
        assert "EN PAUSE" in text_of(live, "#countdown-label")
        assert programme.session(1).agenda[2].title in text_of(live, "#item-title")


async def test_wrong_passphrase_exits_with_message(data_dir, programme, clock):
    Vault.create(data_dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    app = FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase="not-the-one",
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code is not None, "the console ends")
        shown = list(app._exit_lines)      # printed on stderr once the terminal is restored
    assert app.return_code == 1
    assert shown == [f"facilitator: phrase de passe incorrecte pour le dossier de données {data_dir}"]


@pytest.mark.parametrize("text", ["[bold]x", "[/x]", "P01 [red]"])
async def test_cycle_labels_with_markup_are_literal(data_dir, programme, clock, text):
    store = open_store_after_create(data_dir, clock)
    store.create_cycle(label=text, site="[site]", start_date=date(2026, 1, 5),
                       facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                       participants=["P01"])
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        table = app.screen.query_one("#cycles", DataTable)
        assert str(table.get_row_at(0)[0]) == text
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        assert text_of(screen, "#cycle-title").startswith(f"{text} · [site]")
        # the live screen puts the label in the header: still literal, no crash
        await pilot.press("enter", "y")
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        assert app.screen.sub_title.startswith(f"{text} · ")
        await pilot.pause()              # the header has drawn the label: a markup error would end the app
        assert app.is_running and app.return_code is None


def open_store_after_create(data_dir, clock) -> Store:
    vault, _ = Vault.create(data_dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    return Store(vault, clock)


async def test_questionnaire_matrix_and_entry_from_the_cycle_view(data_dir, programme, clock):
    from facilitator.core.instruments import score_dudit
    from facilitator.tui.screens.questionnaires import QuestionnaireScreen

    store = open_store_after_create(data_dir, clock)
    cycle = store.create_cycle(label="Cycle Q", site="Site", start_date=date(2026, 1, 5),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                               participants=["P01", "P02", "P03"])
    store.save_questionnaire(cycle.id, participant="P02", timepoint="T0", instrument="dudit",
                             answers={"items": [1, 2] + [None] * 9, "sex": "m"})
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        screen.query_one("#cycle-tabs").active = "tab-questionnaires"
        await pilot.pause()
        table = screen.query_one("#questionnaires", DataTable)
        assert str(table.get_cell("P02", "T0:dudit")).startswith("½")
        assert str(table.get_cell("P01", "T0:dudit")).startswith("·")
        table.focus()
        table.move_cursor(row=0, column=1)  # P01, T0 DUDIT
        await pilot.press("enter")
        await wait_for_screen(pilot, QuestionnaireScreen)
        answers = [0, 1, 2, 3, 4, 0, 1, 2, 3, 2, 1]   # option indices; keys are index + 1
        for index in answers:
            await pilot.press(str(index + 1))
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        assert str(table.get_cell("P01", "T0:dudit")).startswith("✓")
    saved = open_store(data_dir, clock).questionnaire_answers(cycle.id, "P01", "T0", "dudit")
    assert saved["items"] == answers
    assert score_dudit(saved["items"], "m").total == 0 + 1 + 2 + 3 + 4 + 0 + 1 + 2 + 3 + 4 + 2


@pytest.mark.parametrize("choice", ["count", "skip"])
async def test_time_lost_in_a_crash_is_counted_or_not_as_the_facilitators_choose(data_dir, programme, clock,
                                                                                  choice):
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_cycle_through_form(app, pilot)
        await pilot.press("enter", "y")
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("t", "escape")
        live = await wait_for_screen(pilot, LiveScreen)
        clock.advance(100)
        live._heartbeat()  # the console was alive 100 s into the session, then died
        await settle(pilot)
    clock.advance(240)
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        resume = await wait_for_screen(pilot, ResumeScreen)   # offered at once after the crash
        assert resume.gap_s == 240
        await until(pilot, lambda: resume.query(f"#{choice}") and resume.query_one(f"#{choice}").region,
                    "the dialog laid out")   # a click before the layout lands nowhere
        await pilot.click(f"#{choice}")
        live = await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        state = live.live.state(clock.now())
        assert not state.paused
        if choice == "count":
            assert state.elapsed_s == 340 and state.paused_s == 0
        else:
            assert state.elapsed_s == 100 and state.paused_s == 240


async def test_questionnaires_due_are_announced_at_session_four(data_dir, programme, clock):
    session = programme.session(4)
    questionnaire_item = next(i for i, item in enumerate(session.agenda) if item.kind.value == "questionnaires")
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_cycle_through_form(app, pilot)
        await pilot.press("down", "down", "down", "s", "y")
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("t", "escape")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        before = [n.message for n in app._notifications]
        assert not any("T1" in message for message in before)
        for _ in range(questionnaire_item):
            await pilot.press("n")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("T1" in message and "dudit" in message for message in messages)


async def test_cycle_view_shows_a_session_done_as_soon_as_it_is_ended(data_dir, programme, clock):
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_cycle_through_form(app, pilot)
        await pilot.press("enter", "y")
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("t", "escape")
        await wait_for_screen(pilot, LiveScreen)
        await pilot.press("f10")
        await wait_for_screen(pilot, EndSessionScreen)
        await pilot.press("f10")
        screen = await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        table = screen.query_one("#sessions", DataTable)
        assert str(table.get_row_at(0)[2]) == "faite"
        assert str(table.get_row_at(0)[3]) == "4/4"   # everyone was marked present
        assert screen.selected_session() == 2  # the next session is proposed
        attendance = screen.query_one("#attendance", DataTable)
        assert attendance.get_row("P01") == ["P01", "P"] + ["·"] * 7 + ["1/1", ""]   # no check-in given


async def test_one_damaged_cycle_does_not_hide_the_others(data_dir, programme, clock):
    store = open_store_after_create(data_dir, clock)
    facilitators = [Facilitator(code="F1", initials="AB", role="psy")]
    healthy = store.create_cycle(label="Cycle sain", site="A", start_date=date(2026, 1, 5),
                                 facilitators=facilitators, participants=["P01"])
    broken = store.create_cycle(label="Cycle abîmé", site="B", start_date=date(2026, 2, 5),
                                facilitators=facilitators, participants=["P01"])
    store.save_cycle(broken)  # a second version, so a backup exists
    path = data_dir / "cycles" / broken.id / "cycle.db"
    damaged = path.read_bytes()[:-9]
    path.write_bytes(damaged)
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        table = app.screen.query_one("#cycles", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "Cycle sain"
        hint = text_of(app.screen, "#home-hint")
        assert f"cycles/{broken.id}/cycle.db" in hint and ".backups" in hint
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, CycleScreen)
        assert screen.cycle_id == healthy.id
    assert path.read_bytes() == damaged  # never written over


async def test_roster_typed_in_the_console_applies_to_the_next_note(data_dir, programme, clock):
    from textual.widgets import TextArea

    from facilitator.tui.screens.cycle import RosterScreen
    from facilitator.tui.screens.live import NoteScreen

    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        await create_cycle_through_form(app, pilot)
        await pilot.press("enter", "y")  # session 1 reads the (empty) roster when it starts
        await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("t", "escape")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        await pilot.press("escape", "y")  # leave the session, edit the roster, come back
        await wait_for_screen(pilot, CycleScreen)
        await pilot.press("r")
        roster = await wait_for_screen(pilot, RosterScreen)
        await settle(pilot)
        roster.query_one("#roster-text", TextArea).text = "P01: Zéphyrin\nP02: Anatole"
        await pilot.press("f2")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_screen(pilot, ResumeScreen)
        await pilot.press("enter")
        live = await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        await pilot.press("o")
        note = await wait_for_screen(pilot, NoteScreen)
        note.query_one("#note-text", TextArea).text = "Zéphyrin et anatole se sont disputés"
        await pilot.press("f2")
        await settle(pilot)
        assert [n.text for n in live.live.run.notes] == ["P01 et P02 se sont disputés"]
