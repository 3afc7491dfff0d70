"""The supervisor's review through Textual's Pilot, on the demo cycle: every tab shows figures recomputed
here from the stored records, the filters narrow the verbatims, user text stays literal, nothing is written.
"""

from __future__ import annotations

import io
import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, OptionList, Select, Static

from facilitator.core.clock import FakeClock, SystemClock
from facilitator.core.instruments import completion
from facilitator.core.models import Verbatim
from facilitator.i18n import set_language
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.base import LockScreen
from facilitator.tui.review import CycleListScreen, CycleReviewScreen, ReviewApp
from facilitator.tui.review_panes import VerbatimHistoryScreen, VerbatimsPane
from tests.conftest import TEST_PASSPHRASE

SIZE = (140, 45)
MARKUP_TEXT = "P03 a dit [bold]pas ce soir[/x] puis [red]rien[/] (test)"
EDITED_BEFORE = "Première version du verbatim modifié"
EDITED_AFTER = "Seconde version du verbatim modifié"
DELETED_TEXT = "Verbatim supprimé ensuite"


@pytest.fixture(scope="session")
def review_demo(tmp_path_factory, programme):
    """(data folder, cycle id) of a demo cycle plus three verbatims: markup-like text, edited, deleted."""
    from facilitator.commands.demo import make_demo

    folder = tmp_path_factory.mktemp("review") / "data"
    folder.mkdir()
    cycle_id = make_demo(folder, programme, passphrase=TEST_PASSPHRASE, seed=3, kdf=FAST_TEST_KDF,
                         out=lambda _line: None)
    clock = FakeClock(1_790_000_000.0)
    store = Store(Vault.unlock(folder, TEST_PASSPHRASE), clock)
    run = store.session_run(cycle_id, 2)
    item = run.item_ids[1]
    base = (run.started_at or clock.now()) + 600
    for n, (vid, text) in enumerate((("vmarkup01", MARKUP_TEXT), ("vedited01", EDITED_BEFORE),
                                     ("vdelete01", DELETED_TEXT))):
        store.add_verbatim(Verbatim(id=vid, cycle_id=cycle_id, session=2, item_id=item, speaker="P03",
                                    themes=["craving"], text=text, at=base + n, elapsed_s=600 + n))
    store.edit_verbatim(cycle_id, 2, "vedited01", text=EDITED_AFTER, themes=["craving", "coping"], speaker="P04",
                        reason="faute de frappe", by="observer")
    store.delete_verbatim(cycle_id, 2, "vdelete01", reason="doublon", by="observer")
    return folder, cycle_id


@pytest.fixture
def records(review_demo):
    """A read-only store on the demo folder, to recompute the figures independently of the screens."""
    folder, cycle_id = review_demo
    return Store(Vault.unlock(folder, TEST_PASSPHRASE, read_only=True), SystemClock()), cycle_id


def make_app(folder: Path, programme) -> ReviewApp:
    return ReviewApp(data_dir=folder, programme=programme, clock=FakeClock(), passphrase=TEST_PASSPHRASE,
                     kdf=FAST_TEST_KDF, idle_lock_s=0)


async def until(pilot, condition, what: str, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def open_cycle(app: ReviewApp, pilot) -> CycleReviewScreen:
    await until(pilot, lambda: isinstance(app.screen, CycleListScreen) and app.screen.cycles, "the cycle list")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, CycleReviewScreen) and app.screen.review is not None,
                "the review figures")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


def text_of(renderable: object, width: int = 200) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def static_text(screen, selector: str) -> str:
    return text_of(screen.query_one(selector, Static).content)


def fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below `folder` (hidden ones included) with its size and mtime."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = path.stat()
            state[str(path.relative_to(folder))] = (info.st_size if path.is_file() else 0, info.st_mtime_ns)
    return state


# ------------------------------------------------------------------------------------------------


async def test_overview_shows_attendance_and_rates_recomputed_from_runs(review_demo, records, programme):
    folder, cycle_id = review_demo
    store, _ = records
    runs = store.runs(cycle_id)
    cycle = store.get_cycle(cycle_id)
    done = [n for n, run in runs.items() if run.status == "done"]
    code = cycle.participants[4]
    attended = sum(1 for n in done if runs[n].attendance.get(code) and runs[n].attendance[code].status
                   in ("present", "late"))
    app = make_app(folder, programme)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cycle(app, pilot)
        table = screen.query_one("#attendance", DataTable)
        assert table.get_cell(code, "attended").plain == f"{attended}/{len(done)}"
        rate = f"{attended / len(done) * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "\u00a0%"
        assert table.get_cell(code, "rate").plain.strip() == rate
        first = runs[done[0]].attendance[code].status
        assert table.get_cell(code, f"s{done[0]}").plain.strip() == {"present": "P", "late": "R", "absent": "A",
                                                                   "excused": "E"}[first]
        session_attending = sum(1 for mark in runs[done[0]].attendance.values() if mark.status in ("present", "late"))
        assert table.get_cell("_attended", f"s{done[0]}").plain.strip() == f"{session_attending}/{len(cycle.participants)}"
        summary = static_text(screen, "#ov-summary")
        for dropout in cycle.dropouts:
            assert dropout in summary
        reviews = [r for run in runs.values() for r in run.homework_review.values()]
        assert f"{sum(r.status == 'done' for r in reviews)} faites / {len(reviews)} revues" in summary
        # the participants' characteristics from the demo's intakes, and the drop-out with its reason
        characteristics = static_text(screen, "#ov-characteristics")
        assert "Caractéristiques des participants" in characteristics and "12/12" in characteristics
        assert "P07" in characteristics and "ne souhaite plus venir" in characteristics


async def test_session_log_draws_plan_against_actual_with_notes(review_demo, records, programme):
    folder, cycle_id = review_demo
    store, _ = records
    run = store.session_run(cycle_id, 1)
    session = programme.session(1)
    app = make_app(folder, programme)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cycle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#tabs").active == "tab-sessions"
        detail = static_text(screen, "#session-detail")
        assert session.title in detail
        first_item = session.agenda[0]
        line = next(line for line in detail.splitlines() if line.startswith(first_item.title[:30]))
        assert "│" in line and "█" in line
        assert f" / {run.planned_minutes[0]}:00 (" in line
        for note in run.notes:
            if not note.deleted:
                assert note.text[:40] in detail.replace("\n", " ")
        await pilot.press("down")
        await pilot.pause()
        assert programme.session(2).title in static_text(screen, "#session-detail")


async def test_verbatim_filters_search_counts_and_literal_text(review_demo, records, programme):
    folder, cycle_id = review_demo
    store, _ = records
    kept = [v for n in range(1, 9) for v in store.verbatims(cycle_id, n)]
    app = make_app(folder, programme)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cycle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        pane = screen.query_one(VerbatimsPane)
        table = screen.query_one("#verbatim-table", DataTable)
        assert table.row_count == len(kept)
        themes = Counter(th for v in kept for th in v.themes)
        theme, count = themes.most_common(1)[0]
        label = programme.theme(theme).label
        counts = static_text(screen, "#vb-themes")
        assert any(line.strip().startswith(f"{count}  {label[:10]}") for line in counts.splitlines()), counts

        # session filter, then speaker on top of it
        screen.query_one("#vf-session", Select).value = 2
        await pilot.pause()
        assert table.row_count == sum(1 for v in kept if v.session == 2)
        screen.query_one("#vf-speaker", Select).value = "P03"
        await pilot.pause()
        assert {row.value for row in table.rows} == {v.id for v in kept if v.session == 2 and v.speaker == "P03"}

        # theme filter alone (children of the theme included)
        pane.action_clear_filters()
        await pilot.pause()
        assert table.row_count == len(kept)
        children = {th.id for th in programme.codebook if th.parent == theme} | {theme}
        screen.query_one("#vf-theme", Select).value = theme
        await pilot.pause()
        assert table.row_count == sum(1 for v in kept if children & set(v.themes))

        # full-text search: case and accents ignored, debounced while typing, at once on Enter
        pane.action_clear_filters()
        word = next(w for v in kept for w in v.text.split() if any(ch in "éèà" for ch in w) and len(w) > 5)
        query = fold(word).upper().strip(",.;:!?…")
        expected = {v.id for v in kept if query.casefold() in fold(v.text)}
        search = screen.query_one("#vf-search", Input)
        search.focus()
        search.value = query
        await until(pilot, lambda: {row.value for row in table.rows} == expected, "the debounced search")
        assert 0 < len(expected) < len(kept)
        await pilot.press("1")  # a digit typed in the search field stays there
        assert screen.query_one("#tabs").active == "tab-verbatims"
        assert search.value.endswith("1")
        search.value = "[bold]"
        await pilot.press("enter")
        assert [row.value for row in table.rows] == ["vmarkup01"]

        # user text is shown literally, never parsed as markup
        assert table.get_cell("vmarkup01", "text").plain.endswith(MARKUP_TEXT)
        assert MARKUP_TEXT in static_text(screen, "#vb-detail").replace("\n", " ")
        assert "[bold]pas" in app.export_screenshot()

        # history of an edited verbatim, on demand
        search.focus()
        search.value = "seconde version"
        await pilot.press("enter")
        assert [row.value for row in table.rows] == ["vedited01"]
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, VerbatimHistoryScreen), "the history")
        history = static_text(app.screen, "#history")
        assert EDITED_BEFORE in history and EDITED_AFTER in history and "faute de frappe" in history
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the review screen back")

        # deleted verbatims are hidden, shown with d, with their reason
        search.focus()
        search.value = "supprimé ensuite"
        await pilot.press("enter")
        assert table.row_count == 0
        table.focus()
        await pilot.press("d")
        await pilot.pause()
        assert [row.value for row in table.rows] == ["vdelete01"]
        assert table.get_cell("vdelete01", "text").plain.startswith("✗")
        assert "doublon" in static_text(screen, "#vb-detail")


async def test_exercises_questionnaires_and_audit(review_demo, records, programme):
    folder, cycle_id = review_demo
    store, _ = records
    forms = store.questionnaire_forms(cycle_id)
    done = {(f["participant"], f["timepoint"], f["instrument"]) for f in forms
            if completion(f["instrument"], f["answers"]) == "done"}
    pairs = sorted(p for p in store.get_cycle(cycle_id).participants
                   if (p, "T0", "dudit") in done and (p, "T2", "dudit") in done)
    audit = store.vault.read_audit()
    app = make_app(folder, programme)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cycle(app, pilot)

        await pilot.press("4")
        await pilot.pause()
        grid_session = next(s.number for s in programme.sessions for item in s.agenda
                            if item.exercise == "weekend_planner")
        for _ in range(grid_session - 1):
            await pilot.press("down")
        await pilot.pause()
        exercises = static_text(screen, "#ex-detail")
        answers = [a for a in store.exercise_answers(cycle_id, grid_session) if a["exercise_id"] == "weekend_planner"]
        assert answers, "the demo fills the weekend planner"
        week = answers[0]["values"]["week"]
        day, slots = next((d, s) for d, s in week.items() if any(s.values()))
        slot, value = next((k, v) for k, v in slots.items() if v)
        grid_line = next(line for line in exercises.splitlines() if line.lstrip("│┃ ").startswith(day))
        assert value[:8] in grid_line  # a week grid is drawn as a grid: the day's row holds its cells
        assert slot in exercises
        assert static_text(screen, "#ex-mode").startswith("Par séance")
        await pilot.press("m")
        await pilot.pause()
        assert static_text(screen, "#ex-mode").startswith("Par participant")
        groups = screen.query_one("#ex-groups", OptionList)
        labels = [str(groups.get_option_at_index(i).prompt) for i in range(groups.option_count)]
        codes = store.get_cycle(cycle_id).participants
        assert [label.split(" ")[0] for label in labels[:len(codes)]] == codes, "one entry per participant"

        await pilot.press("5")
        await pilot.pause()
        compare = static_text(screen, "#q-compare")
        dudit = next(line for line in compare.splitlines() if "DUDIT total" in line and "T0 → T2" in line)
        assert f"│ {len(pairs)} │" in dudit.replace("  ", " ").replace("  ", " ") or f" {len(pairs)} " in dudit
        assert "Kerby" in compare and "année écoulée" in compare
        completion_text = static_text(screen, "#q-completion")
        first = store.get_cycle(cycle_id).participants[0]
        row = next(line for line in completion_text.splitlines() if first in line)
        assert row.count("✓") == sum(1 for key in done if key[0] == first)
        trajectories = static_text(screen, "#q-traj")
        assert "DUDIT" in trajectories and first in trajectories
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "CEQ-S" in static_text(screen, "#q-traj")

        await pilot.press("6")
        await pilot.pause()
        # opening the cycle's review added one line: who reviewed which cycle, when
        assert screen.query_one("#audit-table", DataTable).row_count == len(audit) + 1
        assert str(len(audit) + 1) in static_text(screen, "#audit-status")
        newest = screen.query_one("#audit-table", DataTable).get_row_at(0)
        assert [str(cell) for cell in newest[1:4]] == ["relecture", "ouverture de la relecture", f"cycle {cycle_id}"]


def data_files(state: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The folder's state but the audit log and the manifest that names the log's last line (and its backups)."""
    return {name: value for name, value in state.items()
            if not name.startswith(("audit", "manifest", ".backups/manifest")) and name != ".backups"}


async def test_full_tour_writes_nothing_and_takes_no_lock(review_demo, programme):
    """Nothing but one audit line (the review was opened) is written, whatever keys are pressed."""
    folder, cycle_id = review_demo
    before = folder_state(folder)
    audit_before = Vault.unlock(folder, TEST_PASSPHRASE, read_only=True).read_audit()
    app = make_app(folder, programme)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_cycle(app, pilot)
        assert app.vault is not None and app.vault.read_only and app.saver is None
        for key in "123456":
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one("#tabs").active.endswith(
                ("overview", "sessions", "verbatims", "exercises", "questionnaires", "audit")["123456".index(key)])
        await pilot.press("3", "d", "h", "escape", "4", "m", "5", "right_square_bracket", "r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # locking and unlocking again writes no audit record either
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock screen")
        app.screen.query_one("#pass1", Input).value = TEST_PASSPHRASE
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "the review screen after unlocking")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, CycleListScreen), "the cycle list")
    assert data_files(folder_state(folder)) == data_files(before)
    added = Vault.unlock(folder, TEST_PASSPHRASE, read_only=True).read_audit()[len(audit_before):]
    assert [(r["action"], r["actor"], r["target"]) for r in added] == [("review_open", "review", f"cycle {cycle_id}")]


async def test_english_interface(review_demo, programme):
    folder, _cycle_id = review_demo
    set_language("en")
    try:
        app = make_app(folder, programme)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_cycle(app, pilot)
            assert "mean participation" in static_text(screen, "#ov-summary")
            await pilot.press("5")
            await pilot.pause()
            assert "past year" in static_text(screen, "#q-compare")
    finally:
        set_language("fr")


def test_command_refuses_a_folder_that_is_not_a_vault(tmp_path, capsys):
    from facilitator.cli import main

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["review", "--data", str(empty)]) == 1
    assert "n'est pas un dossier de données initialisé" in capsys.readouterr().err
    assert list(empty.iterdir()) == []


async def test_palette_lists_every_tab_and_key(review_demo, programme):
    folder, _cycle_id = review_demo
    app = make_app(folder, programme)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_cycle(app, pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        for expected in ("Vue d'ensemble", "Questionnaires", "Journal d'audit", "Historique", "Relire"):
            assert f"revue : {expected}" in titles
        history = next(c for c in app.get_system_commands(screen) if c.title == "revue : Supprimés")
        history.callback()
        await pilot.pause()
        assert screen.query_one("#tabs").active == "tab-verbatims"
        assert screen.query_one(VerbatimsPane).show_deleted


def test_timing_bar_marks_plan_overrun_and_unused_time():
    from facilitator.tui.review_render import timing_bar, timing_numbers

    assert timing_bar(750, 600, 750, 10) == "████████│▓▓"
    assert timing_bar(300, 600, 600, 10) == "█████·····│"
    assert timing_numbers(750, 600) == "12:30 / 10:00 (+2:30)"
    assert timing_numbers(530, 600) == "8:50 / 10:00 (-1:10)"


def test_numbers_follow_the_interface_language():
    from facilitator.core.formatting import number, p_value, percent
    from facilitator.tui.review_render import spark

    assert (number(7.5), percent(0.875), p_value(0.0039)) == ("7,5", "87,5\u00a0%", "0,004")
    set_language("en")
    try:
        assert (number(7.5), percent(0.875), p_value(0.00001)) == ("7.5", "87.5%", "< 0.001")
    finally:
        set_language("fr")
    assert spark([0, None, 10], 0, 10) == "▁ · █"


async def test_the_review_exports_its_cycle_itself(review_demo, programme, tmp_path):
    from facilitator.tui.review_export import ExportScreen

    folder, cycle_id = review_demo
    app = make_app(folder, programme)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_cycle(app, pilot)
        await pilot.press("x")
        dialog = await until_screen(pilot, app, ExportScreen)
        await pilot.press("down", "enter")                     # Markdown, then the destination
        out = tmp_path / "revue.md"
        dialog.query_one("#export-out", Input).value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: out.is_file(), "the report written")
        await until(pilot, lambda: any(str(out) in n.message for n in app._notifications), "said where")
        assert app.screen is screen
    assert cycle_id and out.read_text(encoding="utf-8").startswith("#")


async def until_screen(pilot, app, kind):
    await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    return app.screen
