"""Instruments from the cycle view: time points from the programme, the T0 CEQ product proposed at T1,
the TLFB's assessment date stored with the answers."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import DataTable, Input

from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme
from facilitator.tui.screens.cycle import CycleScreen
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui.screens.questionnaires import QuestionnaireScreen
from tests.core.test_timepoints import with_follow_up
from tests.tui.helpers import SIZE, settle, wait_for_screen
from tests.tui.test_console import make_app, open_store, open_store_after_create


def make_cycle(data_dir, clock):
    store = open_store_after_create(data_dir, clock)
    cycle = store.create_cycle(label="Cycle I", site="Site", start_date=date(2026, 1, 5),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                               participants=["P01", "P02"])
    return store, cycle


async def open_matrix(app, pilot) -> DataTable:
    await wait_for_screen(pilot, HomeScreen)
    await settle(pilot)
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, CycleScreen)
    await settle(pilot)
    await pilot.press("4")
    await pilot.pause()
    return screen.query_one("#questionnaires", DataTable)


async def open_form(pilot, table: DataTable, row: int, key: str) -> QuestionnaireScreen:
    column = [str(c.value) for c in table.columns].index(key)
    table.focus()
    table.move_cursor(row=row, column=column)
    await pilot.press("enter")
    return await wait_for_screen(pilot, QuestionnaireScreen)


async def test_ceq_at_t1_proposes_the_t0_product_from_the_cycle_view(data_dir, programme, clock):
    store, cycle = make_cycle(data_dir, clock)
    store.save_questionnaire(cycle.id, participant="P01", timepoint="T0", instrument="ceq-s",
                             answers={"items": [6] * 10, "product": "3-MMC"})
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(app, pilot)
        screen = await open_form(pilot, table, 0, "T1:ceq-f")
        field = screen.query_one("#product", Input)
        assert field.has_focus and field.value == "3-MMC"
        assert "Produit évalué à T0\u00a0: 3-MMC" in str(screen.query_one("#product-intro").content)
        await pilot.press("enter", "4")
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
    saved = open_store(data_dir, clock).questionnaire_answers(cycle.id, "P01", "T1", "ceq-f")
    assert saved["product"] == "3-MMC" and saved["baseline_product"] == "3-MMC" and not saved["product_changed"]


async def test_tlfb_assessment_date_entered_from_the_cycle_view(data_dir, programme, clock):
    _store, cycle = make_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(app, pilot)
        screen = await open_form(pilot, table, 1, "T1:tlfb")
        await pilot.press("d")
        screen.query_one("#date-input", Input).value = "02/02/2026"
        await pilot.press("enter")
        form = screen.form
        assert form.end == date(2026, 2, 1) and form.start == date(2026, 1, 3)
        await pilot.press("a", "equals_sign")               # 3 January: alcohol only, the rest abstinent
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        assert str(table.get_cell("P02", "T1:tlfb")).startswith("✓")
    saved = open_store(data_dir, clock).questionnaire_answers(cycle.id, "P02", "T1", "tlfb")
    assert saved["assessment_date"] == "2026-02-02" and saved["end"] == "2026-02-01"
    assert saved["days"]["2026-01-03"]["substances"] == ["alcohol"]


async def test_matrix_follows_the_time_points_the_programme_declares(data_dir, clock, tmp_path):
    programme = load_programme(with_follow_up(tmp_path / "sessions.yaml"))
    _store, _cycle = make_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(app, pilot)
        keys = [str(c.value) for c in table.columns]
        assert keys[1:5] == ["T0:dudit", "T0:ceq-s", "T0:ceq-f", "T0:tlfb"]
        assert keys[-4:] == ["T3:dudit", "T3:ceq-s", "T3:ceq-f", "T3:tlfb"] and len(keys) == 1 + 4 * 4


async def reach_last_item(app, pilot, session_number: int) -> list[str]:
    """Start session `session_number` of a new cycle, step to its last item; the notifications shown."""
    from facilitator.tui.screens.live import AttendanceScreen, LiveScreen
    from tests.tui.test_console import create_cycle_through_form

    await create_cycle_through_form(app, pilot)
    await pilot.press(*["down"] * (session_number - 1), "s", "y")
    await wait_for_screen(pilot, AttendanceScreen)
    await pilot.press("t", "escape")
    live = await wait_for_screen(pilot, LiveScreen)
    await settle(pilot)
    for _ in range(len(live.live.session.agenda) - 1):
        await pilot.press("n")
    await pilot.pause()
    return [n.message for n in app._notifications]


async def test_reminders_carry_the_programme_note_and_announce_a_follow_up(data_dir, clock, tmp_path):
    programme = load_programme(with_follow_up(tmp_path / "sessions.yaml"))
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        messages = await reach_last_item(app, pilot, 8)
    t2 = [m for m in messages if "T2" in m]
    assert t2 and "avant le début de la séance" in t2[0]        # the note: give T2 before the session
    follow_up = [m for m in messages if m.startswith("Suivi T3")]
    due = date.fromtimestamp(clock.now()) + timedelta(weeks=13)
    assert follow_up and f"à prévoir vers le {due:%d/%m/%Y}" in follow_up[0]


async def test_matrix_shows_only_the_instruments_a_time_point_declares(data_dir, clock, tmp_path):
    from tests.core.test_timepoints import FOLLOW_UP

    text = FOLLOW_UP.replace("[dudit, ceq-s, ceq-f, tlfb]", "[dudit, tlfb]")
    programme = load_programme(with_follow_up(tmp_path / "sessions.yaml", text))
    make_cycle(data_dir, clock)
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(app, pilot)
        keys = [str(c.value) for c in table.columns]
        assert keys[-2:] == ["T3:dudit", "T3:tlfb"] and "T3:ceq-s" not in keys


async def test_tlfb_calendar_marks_the_group_sessions_as_recall_anchors(data_dir, programme, clock):
    from datetime import datetime

    store, cycle = make_cycle(data_dir, clock)

    def started(run):
        run.started_at = datetime(2026, 1, 20, 18, 0).timestamp()

    store.update_run(cycle.id, 2, started)
    app = make_app(data_dir, programme, clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_matrix(app, pilot)
        screen = await open_form(pilot, table, 0, "T1:tlfb")
        await pilot.press("d")
        screen.query_one("#date-input", Input).value = "02/02/2026"
        await pilot.press("enter")
        assert screen.form.markers[date(2026, 1, 20)] == ["séance 2 du groupe"]
        assert "séance 2 du groupe" in str(screen.query_one("#markers").content)
