"""The safety layer through Pilot: crisis cards and resources one key away, a flag of the card's category."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static, TextArea

from facilitator.core.followup import FollowUpCategory
from facilitator.tui.observer import ObserverScreen
from facilitator.tui.screens.cycle import CycleScreen
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui.screens.live import AttendanceScreen, FlagScreen, LiveScreen, NoteScreen
from facilitator.tui.screens.safety import CrisisCardScreen, CrisisCardsScreen, ResourcesScreen
from tests.tui.folder import PROGRAMME, DataFolder
from tests.tui.helpers import SIZE, settle, until, wait_for_screen


async def live_session(pilot, number: int) -> LiveScreen:
    """Session `number` of the folder's cycle, opened from the home screen with everyone present."""
    await wait_for_screen(pilot, HomeScreen)
    await settle(pilot)
    await pilot.press("enter")
    await wait_for_screen(pilot, CycleScreen)
    await settle(pilot)
    await pilot.press(*["down"] * (number - 1), "s", "y")
    await wait_for_screen(pilot, AttendanceScreen)
    await pilot.press("t", "escape")
    live = await wait_for_screen(pilot, LiveScreen)
    await settle(pilot)
    assert live.number == number
    return live


async def test_reference_notes_are_shown_beside_the_prompts_of_session_three(tmp_path):
    folder = DataFolder(tmp_path)
    app = folder.console()
    products = next(index for index, item in enumerate(PROGRAMME.session(3).agenda) if item.id == "s3-products")
    async with app.run_test(size=SIZE) as pilot:
        live = await live_session(pilot, 3)
        for _ in range(products):
            await pilot.press("n")
        await pilot.pause()
        text = str(live.query_one("#prompts", Static).render())
        notes = PROGRAMME.session(3).agenda[products].notes
        assert "Notes de référence" in text and notes[1][:60] in text
        assert text.index(PROGRAMME.session(3).agenda[products].prompts[-1][:40]) < text.index("Notes de référence")


def body(screen) -> str:
    return str(screen.query_one("#card-body", Static).render())


async def test_console_opens_a_card_in_session_two_and_flags_a_participant(tmp_path):
    folder = DataFolder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        live = await live_session(pilot, 2)
        assert live.number == 2
        prompts = str(live.query_one("#prompts", Static).render())
        assert prompts.startswith("⟳ Tour de table\u00a0: " + PROGRAMME.session(2).agenda[0].round)   # the round first

        await pilot.press("c")                                 # one key: the list of cards
        cards = await wait_for_screen(pilot, CrisisCardsScreen)
        assert cards.query_one("#cards", OptionList).option_count == len(PROGRAMME.crisis_cards)
        number = [card.id for card in PROGRAMME.crisis_cards].index("suicidal_thoughts") + 1
        await pilot.press(str(number))                          # one more: the card
        card = await wait_for_screen(pilot, CrisisCardScreen)
        text = body(card)
        assert "3114" in text and "SIGNES" in text and "QUI APPELER" in text and "CE QU'IL FAUT NOTER" in text
        assert "1. " + PROGRAMME.crisis_card("suicidal_thoughts").steps[0] in text

        await pilot.press("f")                                  # a follow-up for a participant
        flag = await wait_for_screen(pilot, FlagScreen)
        assert flag.query_one("#flag-reason", Input).value.startswith("Fiche de crise")
        await pilot.press("down", "enter")                      # P02, then the prefilled reason
        await pilot.press("enter")
        await wait_for_screen(pilot, CrisisCardScreen)
        await settle(pilot)

        await pilot.press("o")                                  # a note prefilled with what to record
        note = await wait_for_screen(pilot, NoteScreen)
        template = note.query_one("#note-text", TextArea).text
        assert template.splitlines()[1:] == [f"- {line} " for line in PROGRAMME.crisis_card("suicidal_thoughts").record]
        note.query_one("#note-text", TextArea).text = template.replace("et l'heure. ", "et l'heure. 19h40")
        await pilot.press("f2")
        await wait_for_screen(pilot, CrisisCardScreen)
        await settle(pilot)

        await pilot.press("r")                                  # the resources, from the card
        resources = await wait_for_screen(pilot, ResourcesScreen)
        listed = str(resources.query_one("#resources", Static).render())
        assert listed.startswith("⚠ " + PROGRAMME.emergency[0])
        assert "☎ 0 800 23 13 13  Drogues Info Service ★" in listed
        assert "☎ (à compléter)  CSAPA (centre de soins en addictologie) ★" in listed
        await pilot.press("escape", "escape", "escape")
        await wait_for_screen(pilot, LiveScreen)
        assert "P02" in str(live.query_one("#flags-summary", Static).render())

        await pilot.press("r")                                  # and straight from the console
        await wait_for_screen(pilot, ResourcesScreen)

    run = folder.fresh().session_run(folder.cycle.id, 2)
    assert [(f.participant, f.category) for f in run.flags] == [("P02", FollowUpCategory.SUICIDE_RISK)]
    assert "Idées suicidaires" in run.flags[0].reason
    assert [note.text.splitlines()[0] for note in run.notes] == [run.flags[0].reason]
    assert "19h40" in run.notes[0].text


async def test_crisis_cards_are_listed_in_the_palette_and_the_help(tmp_path):
    folder = DataFolder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        live = await live_session(pilot, 1)
        titles = [command.title for command in app.get_system_commands(live)]
        assert "Live: Fiches de crise" in titles and "Sécurité\u00a0: fiches de crise" in titles
        assert "Sécurité\u00a0: ressources et numéros utiles" in titles
        await pilot.press("f1")
        await pilot.pause()
        assert live.query("HelpPanel")
        assert {"c", "r"} <= set(live.active_bindings)


async def test_observer_opens_a_card_with_f7_and_flags_a_participant_pseudonymised(tmp_path):
    folder = DataFolder(tmp_path, roster={"P01": ["Anatole"], "P02": ["Barnabé"], "P03": ["Gaspard"]})
    folder.start(2)
    app = folder.observer()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ObserverScreen), "unlocked")
        observer = app.screen
        await until(pilot, lambda: observer.run_view is not None, "joined session 2")
        titles = [command.title for command in app.get_system_commands(observer)]
        assert "Sécurité\u00a0: fiches de crise" in titles and "Sécurité\u00a0: ressources et numéros utiles" in titles

        await pilot.press("f7")
        await wait_for_screen(pilot, CrisisCardsScreen)
        number = [card.id for card in PROGRAMME.crisis_cards].index("ghb_overdose") + 1
        await pilot.press(str(number))
        card = await wait_for_screen(pilot, CrisisCardScreen)
        assert "position latérale de sécurité" in body(card) and "114" in body(card)
        await pilot.press("f")
        flag = await wait_for_screen(pilot, FlagScreen)
        flag.query_one("#flag-reason", Input).value = "Barnabé ne répond plus"
        await pilot.press("down", "down", "enter", "enter")   # P03, then save
        await wait_for_screen(pilot, CrisisCardScreen)
        assert app.saver is not None and app.saver.wait_idle(5)
        await pilot.press("escape", "escape")
        await wait_for_screen(pilot, ObserverScreen)
        assert app.focused is not None and app.focused.id == "capture"   # back to typing at once

        await pilot.press("f1")
        await until(pilot, lambda: app.screen.query("#help-safety"), "help lists F7")
    run = folder.fresh().session_run(folder.cycle.id, 2)
    assert [(f.participant, f.category) for f in run.flags] == [("P03", FollowUpCategory.MEDICAL)]
    assert run.flags[0].reason == "P02 ne répond plus"   # pseudonymised before it was saved
    assert run.flags[0].item_id == PROGRAMME.session(2).agenda[0].id


async def test_a_flag_saved_by_the_observer_appears_in_the_console(tmp_path, monkeypatch):
    from facilitator.core.live import append_flag
    from facilitator.core.models import Flag

    monkeypatch.setattr(LiveScreen, "MESSAGES_S", 0.05)
    folder = DataFolder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        live = await live_session(pilot, 2)
        other = folder.store   # what the observer's process does
        flag = Flag(id="fobs1", participant="P03", reason="Fiche de crise : Sevrage de GHB/GBL", author="observer",
                    category=FollowUpCategory.MEDICAL)
        other.update_run(live.cycle_id, 2, append_flag(flag))
        await until(pilot, lambda: "P03" in str(live.query_one("#flags-summary", Static).render()),
                    "the observer's flag shown")
        assert any("observateur" in n.message and "P03" in n.message for n in app._notifications)


async def test_cards_and_resources_from_the_palette_outside_a_session(tmp_path):
    folder = DataFolder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        app.call_later(commands["Sécurité\u00a0: fiches de crise"].callback)   # as the palette runs it
        await wait_for_screen(pilot, CrisisCardsScreen)
        await pilot.press("1")
        card = await wait_for_screen(pilot, CrisisCardScreen)
        await pilot.press("f")                                   # no session: nothing to attach a flag to
        await pilot.pause()
        assert isinstance(app.screen, CrisisCardScreen)
        assert any("Aucune séance en cours" in n.message for n in app._notifications)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, CrisisCardsScreen | CrisisCardScreen), "cards closed")
        app.call_later(commands["Sécurité\u00a0: ressources et numéros utiles"].callback)
        await wait_for_screen(pilot, ResourcesScreen)
        assert card.card.id == PROGRAMME.crisis_cards[0].id


async def test_under_the_influence_card_flags_and_marks_came_not_admitted(tmp_path):
    folder = DataFolder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        live = await live_session(pilot, 2)
        await pilot.press("c")
        await wait_for_screen(pilot, CrisisCardsScreen)
        await pilot.press(str([card.id for card in PROGRAMME.crisis_cards].index("under_influence") + 1))
        await wait_for_screen(pilot, CrisisCardScreen)
        await pilot.press("f")
        await wait_for_screen(pilot, FlagScreen)
        await pilot.press("down", "down", "enter", "enter")    # P03
        await wait_for_screen(pilot, CrisisCardScreen)
        await settle(pilot)
        assert live.live is not None and live.live.run.attendance["P03"].status == "not_admitted"
    run = folder.fresh().session_run(folder.cycle.id, 2)
    assert run.attendance["P03"].status == "not_admitted" and run.attendance["P02"].status == "present"
    assert [(f.participant, f.category) for f in run.flags] == [("P03", FollowUpCategory.INTOXICATION)]
