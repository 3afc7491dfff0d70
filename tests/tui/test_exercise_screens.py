"""Exercise sheets in the live console through Pilot: Beck records for two participants found again after
leaving, a decisional balance found again after a restart, a made-up exercise with every field kind end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea

from facilitator.core import exercises as ex
from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Roster
from facilitator.reports.booklet import load_booklet, render_html
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.exercises import ExerciseScreen
from facilitator.tui.screens.live import AttendanceScreen, LiveScreen
from tests.conftest import TEST_PASSPHRASE
from tests.tui.helpers import SIZE, settle, until, wait_for_screen

ROOT = Path(__file__).resolve().parents[2]
NEW = load_programme(ROOT / "tests" / "data" / "programmes" / "with_new_exercise.yaml")


def make_cycle(data_dir, clock, codes=("P01", "P02", "P03")) -> str:
    vault = Vault.unlock(data_dir, TEST_PASSPHRASE) if Vault.is_initialised(data_dir) else Vault.create(
        data_dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)[0]
    store = Store(vault, clock)
    cycle = store.create_cycle(label="Cycle essai", site="Site essai", start_date=date(2025, 3, 3),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=list(codes))
    store.save_roster(cycle.id, Roster.from_mapping({"P01": ["Zébulon"], "P02": ["Anatole"]}))
    return cycle.id


async def start_session(app, pilot, cycle_id: str, number: int, marks: str) -> LiveScreen:
    """Open session `number`, mark attendance with the keys in `marks`, return the live screen."""
    await until(pilot, lambda: app.store is not None, "data folder unlocked")
    app.push_screen(LiveScreen(cycle_id, number))
    await wait_for_screen(pilot, AttendanceScreen)
    await pilot.press(*marks)
    await pilot.press("escape")
    live = await wait_for_screen(pilot, LiveScreen)
    await settle(pilot)
    return live


async def open_sheet(app, pilot, live: LiveScreen, item_id: str) -> ExerciseScreen:
    index = live.live.run.item_ids.index(item_id)
    live._commit(live.live.goto(index, live.now()), "goto")
    live.refresh_all()
    await pilot.press("e")
    screen = await wait_for_screen(pilot, ExerciseScreen)
    await until(pilot, lambda: screen.loaded, "the sheet's answers loaded")
    await settle(pilot)
    return screen


def status(screen) -> str:
    return str(screen.query_one("#ex-subject", Static).render())


async def type_into(pilot, screen, selector: str, value: str) -> None:
    """Focus a widget and type `value` into it (a text area is loaded), then leave it (which saves)."""
    widget = screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, TextArea):
        widget.load_text(value)  # load_text posts Changed like typing does
    else:
        widget.value = ""
        await pilot.press(*value)  # typed key by key: the field's key handling is exercised
    await pilot.pause()


async def leave_field(pilot, screen) -> None:
    screen.set_focus(screen.query_one("#ex-subjects", OptionList))
    await pilot.pause()


def answers(data_dir, clock, cycle_id, number, exercise_id) -> dict[str, dict]:
    store = Store(Vault.unlock(data_dir, TEST_PASSPHRASE), clock)
    return {doc["subject"]: doc["values"] for doc in store.exercise_answers(cycle_id, number)
            if doc["exercise_id"] == exercise_id}


def field_index(exercise, field_id: str) -> int:
    return [f.id for f in exercise.fields].index(field_id)


def column_index(exercise, field_id: str, column_id: str) -> int:
    field = exercise.fields[field_index(exercise, field_id)]
    return [c.id for c in field.columns].index(column_id)


async def test_beck_records_for_two_participants_are_found_again_after_leaving(data_dir, programme, clock):
    cycle_id = make_cycle(data_dir, clock)
    app = FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase=TEST_PASSPHRASE,
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    beck = programme.exercise("beck_columns")
    records = field_index(beck, "records")
    col = {c: column_index(beck, "records", c) for c in ("situation", "automatic_thought", "emotion_rerated")}
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot, cycle_id, 3, "ppa")   # P01, P02 present, P03 absent
        sheet = await open_sheet(app, pilot, live, "s3-beck")
        # only the participants present are listed, then the group example
        assert sheet.subjects == ["P01", "P02", "group"]
        assert "15:00" in str(sheet.query_one("#ex-countdown", Static).render())
        # the session's clock stays in view on one line: item, its time left, the session's time
        clock_line = str(sheet.query_one("#ex-session-clock", Static).render())
        assert clock_line.startswith("⏱ ") and "séance" in clock_line and "/ 90:00" in clock_line
        # P01: one Beck record; the name typed is pseudonymised before it is saved
        await type_into(pilot, sheet, f"#c-{records}-{col['situation']}", "Zébulon m'écrit samedi [soir]")
        await type_into(pilot, sheet, f"#c-{records}-{col['automatic_thought']}", "Je vais craquer")
        await type_into(pilot, sheet, f"#c-{records}-{col['emotion_rerated']}", "140")
        assert "⚠" in str(sheet.query_one(f"#err-c-{records}-{col['emotion_rerated']}", Static).render())
        await type_into(pilot, sheet, f"#c-{records}-{col['emotion_rerated']}", "40")
        assert str(sheet.query_one(f"#err-c-{records}-{col['emotion_rerated']}", Static).render()) == ""
        await leave_field(pilot, sheet)
        assert "P01 m'écrit" in sheet.query_one(f"#c-{records}-{col['situation']}", Input).value
        assert sheet.query_one(f"#tbl-{records}", DataTable).get_cell("0", "situation").startswith("P01")
        # a second row
        await pilot.click(f"#add-{records}")
        await pilot.pause()
        await type_into(pilot, sheet, f"#c-{records}-{col['situation']}", "Soirée au bar")
        await leave_field(pilot, sheet)
        # P02 (F4 = next participant)
        await pilot.press("f4")
        await pilot.pause()
        assert sheet.subject == "P02"
        assert sheet.query_one(f"#c-{records}-{col['situation']}", Input).value == ""
        await type_into(pilot, sheet, f"#c-{records}-{col['situation']}", "Seul le dimanche")
        await leave_field(pilot, sheet)
        options = sheet.query_one("#ex-subjects", OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("✓ P01")
        assert str(options.get_option_at_index(1).prompt).startswith("✓ P02")
        await pilot.press("escape")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)

        saved = answers(data_dir, clock, cycle_id, 3, "beck_columns")
        assert set(saved) == {"P01", "P02"}
        first = saved["P01"]["records"]
        assert [r["situation"] for r in first] == ["P01 m'écrit samedi [soir]", "Soirée au bar"]
        assert first[0]["automatic_thought"] == "Je vais craquer" and first[0]["emotion_rerated"] == 40
        assert saved["P02"]["records"][0]["situation"] == "Seul le dimanche"

        # leaving and reopening shows the saved answers
        sheet = await open_sheet(app, pilot, live, "s3-beck")
        assert sheet.query_one(f"#c-{records}-{col['situation']}", Input).value == "P01 m'écrit samedi [soir]"
        assert sheet.query_one(f"#c-{records}-{col['emotion_rerated']}", Input).value == "40"
        assert sheet.query_one(f"#tbl-{records}", DataTable).row_count == 2
        await pilot.press("f4")
        await pilot.pause()
        assert sheet.query_one(f"#c-{records}-{col['situation']}", Input).value == "Seul le dimanche"
        # the countdown kept running from the first opening
        clock.advance(16 * 60)
        sheet.refresh_countdown()
        assert "+01:00" in str(sheet.query_one("#ex-countdown", Static).render())
        await pilot.press("escape")
        await settle(pilot)


async def test_decisional_balance_for_two_participants_survives_a_restart(data_dir, programme, clock):
    cycle_id = make_cycle(data_dir, clock)
    balance = programme.exercise("decisional_balance_use")
    idx = {f.id: i for i, f in enumerate(balance.fields)}

    def new_app():
        return FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase=TEST_PASSPHRASE,
                              kdf=FAST_TEST_KDF, idle_lock_s=0)

    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot, cycle_id, 1, "ppp")
        sheet = await open_sheet(app, pilot, live, "s1-balance")
        for code, behaviour, importance, stage in (("P01", "3-MMC le week-end", "7", 2),
                                                   ("P03", "GHB en soirée", "9", 3)):
            sheet.switch_subject(code)
            await pilot.pause()
            await type_into(pilot, sheet, f"#f-{idx['behaviour']}", behaviour)
            await type_into(pilot, sheet, f"#f-{idx['pros_using']}", f"Avantages de {code}\navec Anatole")
            await type_into(pilot, sheet, f"#f-{idx['importance']}", importance)
            sheet.query_one(f"#f-{idx['stage']}", Select).value = balance.fields[idx["stage"]].options[stage]
            await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
    saved = answers(data_dir, clock, cycle_id, 1, "decisional_balance_use")
    assert set(saved) == {"P01", "P03"}
    assert saved["P01"]["behaviour"] == "3-MMC le week-end" and saved["P01"]["importance"] == 7
    assert saved["P03"]["importance"] == 9
    assert saved["P03"]["stage"] == balance.fields[idx["stage"]].options[3]
    assert saved["P01"]["pros_using"] == "Avantages de P01\navec P02"   # pseudonymised on disk

    app = new_app()   # a new console: the session is resumed and the sheet shows the answers again
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.store is not None, "data folder unlocked")
        app.push_screen(LiveScreen(cycle_id, 1))
        live = await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)
        sheet = await open_sheet(app, pilot, live, "s1-balance")
        assert sheet.query_one(f"#f-{idx['behaviour']}", Input).value == "3-MMC le week-end"
        assert sheet.query_one(f"#f-{idx['pros_using']}", TextArea).text == "Avantages de P01\navec P02"
        sheet.switch_subject("P03")
        await pilot.pause()
        assert sheet.query_one(f"#f-{idx['importance']}", Input).value == "9"
        assert sheet.query_one(f"#f-{idx['stage']}", Select).value == balance.fields[idx["stage"]].options[3]
        assert "✓ P03" in str(sheet.query_one("#ex-subjects", OptionList).get_option("P03").prompt)
        await pilot.press("escape")
        await settle(pilot)


async def test_new_exercise_with_every_field_kind_end_to_end(data_dir, clock):
    cycle_id = make_cycle(data_dir, clock, codes=("P01", "P02"))
    ritual = NEW.exercise("evening_ritual")
    idx = {f.id: i for i, f in enumerate(ritual.fields)}
    app = FacilitatorApp(data_dir=data_dir, programme=NEW, clock=clock, passphrase=TEST_PASSPHRASE,
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot, cycle_id, 1, "pp")
        sheet = await open_sheet(app, pilot, live, "t1-ritual")
        await type_into(pilot, sheet, f"#f-{idx['ritual_name']}", "Tisane")
        await type_into(pilot, sheet, f"#f-{idx['ritual_story']}", "Je coupe le téléphone")
        await type_into(pilot, sheet, f"#f-{idx['calm']}", "11")           # refused
        assert "0 à 10" in str(sheet.query_one(f"#err-f-{idx['calm']}", Static).render())
        await type_into(pilot, sheet, f"#f-{idx['calm']}", "8")
        await type_into(pilot, sheet, f"#f-{idx['sure']}", "75")
        sheet.query_one(f"#f-{idx['moment']}", Select).value = "Au coucher"
        await type_into(pilot, sheet, f"#c-{idx['steps']}-0", "Douche")
        await type_into(pilot, sheet, f"#c-{idx['steps']}-1", "9")
        sheet.query_one(f"#c-{idx['steps']}-2", Select).value = "Seul"
        # fixed rows: pick the second row (Ouïe) then fill it
        table = sheet.query_one(f"#tbl-{idx['senses']}", DataTable)
        table.focus()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        await type_into(pilot, sheet, f"#c-{idx['senses']}-0", "La pluie")
        await type_into(pilot, sheet, f"#c-{idx['senses']}-1", "60")
        await type_into(pilot, sheet, f"#g-{idx['nights']}-1-0", "! soirée chez Zébulon")
        await leave_field(pilot, sheet)
        assert "5/8" not in status(sheet) and "8/8" in status(sheet)
        await pilot.press("escape")
        await settle(pilot)
    saved = answers(data_dir, clock, cycle_id, 1, "evening_ritual")["P01"]
    assert ex.normalise_answers(ritual, saved) == saved
    assert saved["ritual_name"] == "Tisane" and saved["calm"] == 8 and saved["sure"] == 75
    assert saved["moment"] == "Au coucher"
    assert saved["steps"] == [{"step": "Douche", "ease": 9, "alone": "Seul"}]
    assert saved["senses"] == [{"what": "", "share": None}, {"what": "La pluie", "share": 60}]
    assert saved["nights"]["Samedi"]["Soir"] == "! soirée chez P01"
    # the booklet of P01 shows them
    store = Store(Vault.unlock(data_dir, TEST_PASSPHRASE), clock)
    page = render_html(load_booklet(store, NEW, cycle_id, "P01"))
    for text in ("Tisane", "Je coupe le téléphone", "● 8", "● 75 %", "Douche", "La pluie", "! soirée chez P01"):
        assert text in page
    assert "Zébulon" not in page


async def test_next_participant_starts_at_the_first_field(data_dir, programme, clock):
    """Typed as a facilitator would: fields in order, F4 to the next participant, four times."""
    cycle_id = make_cycle(data_dir, clock, codes=("P01", "P02", "P03", "P04"))
    app = FacilitatorApp(data_dir=data_dir, programme=programme, clock=clock, passphrase=TEST_PASSPHRASE,
                         kdf=FAST_TEST_KDF, idle_lock_s=0)
    async with app.run_test(size=SIZE) as pilot:
        live = await start_session(app, pilot, cycle_id, 3, "pppp")
        await open_sheet(app, pilot, live, "s3-beck")
        for who in "1234":
            await pilot.press(*f"sit {who}", "tab", *"peur", "tab", *f"pensee {who}")
            await pilot.press("f4")
        await settle(pilot)
    saved = answers(data_dir, clock, cycle_id, 3, "beck_columns")
    for who in "1234":
        row = saved[f"P0{who}"]["records"][0]
        assert (row["situation"], row["emotion"], row["automatic_thought"]) == (f"sit {who}", "peur",
                                                                               f"pensee {who}")
