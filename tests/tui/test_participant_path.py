"""The participant's path through Pilot: follow-up list in the cycle view, intake, drop-out, final consultation,
the per-participant view, and in a session: follow-ups before starting, late arrival, not admitted, check-in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Select, Static, TabbedContent

from facilitator.core.clock import FakeClock
from facilitator.core.followup import FollowUpCategory
from facilitator.core.followup_items import FollowUpStatus
from facilitator.core.live import LiveSession
from facilitator.core.models import Facilitator, Flag, SessionRun
from facilitator.core.participant import PathEvent
from facilitator.core.pseudonymise import Roster
from facilitator.storage.participants import Participants
from facilitator.storage.repository import Store, run_path
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.cycle import CycleScreen
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui.screens.live import AttendanceScreen, LiveScreen
from facilitator.tui.screens.participant import (
    BeforeStartScreen,
    CheckInScreen,
    FinalScreen,
    FollowUpScreen,
    IntakeScreen,
    ParticipantScreen,
    PathEventScreen,
)
from tests.conftest import TEST_PASSPHRASE
from tests.tui.folder import PROGRAMME
from tests.tui.helpers import SIZE, settle, until, wait_for_screen

T0 = 1_800_000_000.0
NAME = "Gaspard"          # invented roster name: it must never reach the disk in clear


def folder(tmp_path: Path) -> tuple[Path, Store, str, FakeClock]:
    data = tmp_path / "data"
    data.mkdir()
    clock = FakeClock(T0)
    vault, _ = Vault.create(data, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    store = Store(vault, clock)
    cycle = store.create_cycle(label="Cycle d'essai", site="Site fictif", start_date=date(2027, 1, 4),
                               facilitators=[Facilitator(code="F1", initials="OD", role="psychologue"),
                                             Facilitator(code="F2", initials="MB", role="médecin")],
                               participants=["P01", "P02", "P03", "P04"])
    store.save_roster(cycle.id, Roster.from_mapping({"P01": [NAME]}))
    live = LiveSession(SessionRun(cycle_id=cycle.id, number=1), PROGRAMME.session(1))
    live.start(T0)
    live.set_attendance("P01", "present", T0)
    live.set_attendance("P02", "late", T0, "19:12")
    live.set_attendance("P03", "not_admitted", T0)
    live.set_attendance("P04", "absent", T0)
    live.run.flags.append(Flag(id="f1", participant="P01", reason="idées noires évoquées", author="F1", at=T0,
                               category=FollowUpCategory.SUICIDE_RISK))
    live.end(T0 + 5400, [])
    store.vault.write(run_path(cycle.id, 1), {"run": live.run.model_dump(mode="json")})
    return data, store, cycle.id, clock


def console(data: Path, clock: FakeClock) -> FacilitatorApp:
    return FacilitatorApp(data_dir=data, programme=PROGRAMME, clock=clock, passphrase=TEST_PASSPHRASE,
                          kdf=FAST_TEST_KDF, idle_lock_s=0)


async def open_cycle(pilot) -> CycleScreen:
    """The cycle view, opened from the home screen once its list of cycles is shown."""
    home = await wait_for_screen(pilot, HomeScreen)
    await until(pilot, lambda: any(table.row_count for table in home.query("#cycles").results(DataTable)),
                "cycle listed")
    await pilot.press("enter")
    return await wait_for_screen(pilot, CycleScreen)


def body(screen) -> str:
    return str(screen.query_one("#participant-body", Static).render())


async def test_follow_up_taken_and_closed_then_intake_dropout_and_final_in_the_participant_view(tmp_path):
    data, store, cycle_id, clock = folder(tmp_path)
    app = console(data, clock)
    async with app.run_test(size=SIZE) as pilot:
        cycle_view = await open_cycle(pilot)
        await settle(pilot)

        # the follow-up list: the flag (suicide risk, urgent) first, then P04's absence as a call-back
        await pilot.press("5")
        table = cycle_view.query_one("#followups", DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["P01", "P04"]
        assert "absence" in str(table.get_row_at(1)[1]) and "suggestion" in str(table.get_row_at(1)[5])

        # F2 takes it; closing without saying what was done is refused
        await pilot.press("enter")
        form = await wait_for_screen(pilot, FollowUpScreen)
        form.query_one("#item-who", Select).value = "F2"
        form.query_one("#item-status", Select).value = "done"
        await pilot.press("f2")
        await pilot.pause()
        assert "fait" in str(form.query_one("#form-error", Static).render())
        form.query_one("#item-action").text = f"{NAME} rappelé, orienté vers le CMP"
        await pilot.press("f2")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        item = next(i for i in Participants(store).followups(cycle_id) if i.participant == "P01")
        assert (item.assignee, item.status) == ("F2", FollowUpStatus.DONE)
        assert item.action == "P01 rappelé, orienté vers le CMP"           # pseudonymised before saving
        assert str(table.get_row_at(table.row_count - 1)[0]) == "P01"      # done items go last
        tab = cycle_view.query_one("#cycle-tabs", TabbedContent).get_tab("tab-followups")
        assert str(tab.label) == "Suivi (1)"                              # P04's call-back is still open

        # the participant's path from the attendance tab
        await pilot.press("2")
        await pilot.press("v")
        view = await wait_for_screen(pilot, ParticipantScreen)
        await settle(pilot)
        assert view.code == "P01" and "S1 présent" in body(view)
        await pilot.press("i")
        intake = await wait_for_screen(pilot, IntakeScreen)
        intake.query_one("#intake-goal", Select).value = "controlled_use"
        intake.query_one("#intake-rules").text = f"{NAME} : pas plus d'un plan par mois"
        intake.query_one("#intake-ghb", Select).value = "yes"
        intake.query_one("#consent-quotation", Select).value = "no"
        intake.query_one("#consent-charter", Select).value = "yes"
        intake.query_one("#intake-date").value = "31/02/2026"
        await pilot.press("f2")
        await pilot.pause()
        assert "31/02/2026" in str(intake.query_one("#form-error", Static).render())
        intake.query_one("#intake-date").value = "20/12/2026"
        await pilot.press("f2")
        await wait_for_screen(pilot, ParticipantScreen)
        await settle(pilot)
        await until(pilot, lambda: "consommation contrôlée" in body(view), "intake shown")
        assert "P01 : pas plus d'un plan par mois" in body(view) and NAME not in body(view)
        assert "citation refusée" in str(view.query_one("#participant-title", Static).render())

        await pilot.press("d")
        event = await wait_for_screen(pilot, PathEventScreen)
        await pilot.press("f2")                      # a drop-out without its reason is refused
        await pilot.pause()
        assert isinstance(app.screen, PathEventScreen)
        event.query_one("#event-reason", Select).value = "relapse"
        await pilot.press("f2")
        await wait_for_screen(pilot, ParticipantScreen)
        await pilot.press("c")
        final = await wait_for_screen(pilot, FinalScreen)
        final.query_one("#final-changes").text = "week-ends organisés"
        await pilot.press("f2")
        await wait_for_screen(pilot, ParticipantScreen)
        await settle(pilot)
        await until(pilot, lambda: "week-ends organisés" in body(view), "final shown")
        text = body(view)
        assert "rechute" in text and "orienté vers le CMP" in text and "risque suicidaire" in text

    record = Participants(store).record(cycle_id, "P01")
    assert record.refused_quotation and record.dropout is not None and record.dropout.reason == "relapse"
    assert store.get_cycle(cycle_id).dropouts == ["P01"]
    raw = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    for typed in (NAME, "pas plus d'un plan", "week-ends organisés", "orienté vers le CMP"):
        assert typed.encode() not in raw


async def test_session_starts_with_follow_ups_then_late_arrival_not_admitted_and_check_in(tmp_path):
    data, store, cycle_id, clock = folder(tmp_path)
    Participants(store).add_event(cycle_id, "P04", PathEvent(kind="dropout", date=date(2027, 1, 12),
                                                             reason="moved"), actor="F1")
    app = console(data, clock)
    async with app.run_test(size=SIZE) as pilot:
        cycle_view = await open_cycle(pilot)
        await settle(pilot)
        assert cycle_view.selected_session() == 2
        await pilot.press("s")
        await pilot.press("y")
        before = await wait_for_screen(pilot, BeforeStartScreen)
        rows = before.query_one(DataTable)
        assert [rows.get_row_at(i)[0] for i in range(rows.row_count)] == ["P01"]   # P04 left: no call-back
        await pilot.press("escape")
        attendance = await wait_for_screen(pilot, AttendanceScreen)
        await pilot.press("p", "r", "n", "t")     # P02 late (time now), P03 came but not admitted
        assert attendance.arrivals["P02"] and "P04" not in attendance.changes   # "t" skips who left
        assert "sorti" in str(attendance.query_one(DataTable).get_row_at(3)[0])
        await pilot.press("up", "up", "h")
        await pilot.pause()
        app.screen.query_one("#arrival").value = "19h20"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for_screen(pilot, LiveScreen)
        await settle(pilot)

        await pilot.press("k")
        checkin = await wait_for_screen(pilot, CheckInScreen)
        checkin.query_one("#checkin-craving").value = "7"
        checkin.query_one("#checkin-days").value = "2"
        checkin.query_one("#checkin-lapse", Select).value = "yes"
        await pilot.press("f2")
        await pilot.pause()
        checkin.query_one("#checkin-craving").value = "12"
        await pilot.press("f2")
        await pilot.pause()
        assert "0 et 10" in str(checkin.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)

    run = store.session_run(cycle_id, 2)
    assert run.attendance["P02"].status == "late" and run.attendance["P02"].arrived == "19:20"
    assert run.attendance["P03"].status == "not_admitted"
    check = Participants(store).record(cycle_id, "P01").checkin(2)
    assert check is not None and (check.craving, check.days_used, check.lapse) == (7, 2, True)
    assert Participants(store).record(cycle_id, "P02").checkin(2) is None


async def test_observer_marks_the_code_of_a_participant_who_refused_quotation(tmp_path):
    from datetime import date as day

    from facilitator.core.participant import Consents, Intake
    from tests.tui.folder import DataFolder
    from tests.tui.test_observer import opened, plain, press_and_save, type_line

    data = DataFolder(tmp_path)
    Participants(data.store).save_intake(data.cycle.id, "P02", Intake(date=day(2025, 12, 1),
                                                                      consents=Consents(quotation=False)),
                                         actor="F1")
    data.start()
    app = data.observer()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await type_line(pilot, app, "2: je préfère ne pas être cité")
        assert "P02 (✗ non cité)" in plain(app, "#speaker-line")
        await press_and_save(pilot, app)
        await type_line(pilot, app, "1: moi ça va")
        assert "P01 (✗" not in plain(app, "#speaker-line")
    data.stop()


async def test_first_names_are_opt_in_and_one_key_hides_them(tmp_path):
    from facilitator.core.participant import CheckIn, spark

    data, store, cycle_id, clock = folder(tmp_path)
    Participants(store).save_checkin(cycle_id, "P01", CheckIn(session=1, craving=6), actor="F1")
    app = console(data, clock)
    async with app.run_test(size=SIZE) as pilot:
        cycle_view = await open_cycle(pilot)
        await settle(pilot)
        table = cycle_view.query_one("#attendance", DataTable)

        def first_cells() -> list[str]:
            return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]

        assert first_cells()[0] == "P01" and NAME not in str(cycle_view.query_one("#cycle-title", Static).render())
        assert str(table.get_row_at(0)[-1]) == spark([6] + [None] * 7)    # the check-in trend column
        assert str(table.get_row_at(1)[-1]) == ""
        await pilot.press("f9")
        await settle(pilot)
        await until(pilot, lambda: first_cells()[0] == f"P01 {NAME}", "first name shown")
        assert first_cells()[1] == "P02"          # no roster entry: the code alone
        await pilot.press("5")
        followups = cycle_view.query_one("#followups", DataTable)
        assert str(followups.get_row_at(0)[0]) == f"P01 {NAME}"
        await pilot.press("f9")
        await settle(pilot)
        await until(pilot, lambda: first_cells()[0] == "P01", "first name hidden again")
    raw = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert NAME.encode() not in raw


async def test_a_follow_up_raised_outside_a_session_from_the_cycle_view(tmp_path):
    data, store, cycle_id, clock = folder(tmp_path)
    app = console(data, clock)
    async with app.run_test(size=SIZE) as pilot:
        cycle_view = await open_cycle(pilot)
        await settle(pilot)
        await pilot.press("5", "u")
        form = await wait_for_screen(pilot, FollowUpScreen)
        form.query_one("#item-participant", Select).value = "P03"
        form.query_one("#item-category", Select).value = "medical"
        form.query_one("#item-reason").value = f"{NAME} demande un bilan hépatique"
        await pilot.press("f2")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        table = cycle_view.query_one("#followups", DataTable)
        await until(pilot, lambda: table.row_count == 3, "the new item listed")
    [item] = [i for i in Participants(store).followups(cycle_id) if i.participant == "P03"]
    assert item.category == FollowUpCategory.MEDICAL and item.reason == "P01 demande un bilan hépatique"
    assert not item.suggested and item.session is None


async def test_a_late_inclusion_adds_his_code_from_the_cycle_view(tmp_path):
    from facilitator.tui.screens.participant import LateInclusionScreen

    data, store, cycle_id, clock = folder(tmp_path)
    app = console(data, clock)
    async with app.run_test(size=SIZE) as pilot:
        cycle_view = await open_cycle(pilot)
        await settle(pilot)
        await pilot.press("2", "a")
        form = await wait_for_screen(pilot, LateInclusionScreen)
        assert form.query_one("#late-session").value == "2"      # the next session to run
        form.query_one("#late-code").value = NAME
        await pilot.press("f2")
        await pilot.pause()
        assert "jamais un prénom" in str(form.query_one("#form-error", Static).render())
        form.query_one("#late-code").value = "p05"
        await pilot.press("f2")
        await wait_for_screen(pilot, CycleScreen)
        await settle(pilot)
        table = cycle_view.query_one("#attendance", DataTable)
        await until(pilot, lambda: table.row_count == 5, "P05 listed")
    assert store.get_cycle(cycle_id).participants[-1] == "P05"
    assert Participants(store).record(cycle_id, "P05").late_from == 2
