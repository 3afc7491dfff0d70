"""Two real Textual apps on one data folder, in one event loop: the facilitators' console runs session 1,
the observer joins it, follows the item the console moves to, and its verbatim lands on that item."""

from __future__ import annotations

from facilitator.tui.observer import ObserverScreen
from facilitator.tui.screens.home import HomeScreen
from facilitator.tui.screens.live import AttendanceScreen, LiveScreen
from tests.tui.folder import DataFolder
from tests.tui.helpers import SIZE, until


async def test_the_observer_follows_the_console_and_saves_on_the_current_item(tmp_path):
    folder = DataFolder(tmp_path, roster={"P01": ["Anatole"], "P02": ["Barnabé"]})
    console = folder.console()
    observer = folder.observer()
    async with console.run_test(size=SIZE) as desk:
        await until(desk, lambda: isinstance(console.screen, HomeScreen), "console home")
        console.push_screen(LiveScreen(folder.cycle.id, 1))
        await until(desk, lambda: isinstance(console.screen, AttendanceScreen), "attendance", tries=500)
        await desk.press("p", "p", "a", "escape")
        await until(desk, lambda: isinstance(console.screen, LiveScreen), "live session")
        live = console.screen
        await until(desk, lambda: console.saver.pending == 0, "session started on disk", tries=500)

        async with observer.run_test(size=SIZE) as room:
            await until(room, lambda: isinstance(observer.screen, ObserverScreen)
                        and observer.screen.run_view is not None, "the observer joined", tries=500)
            screen = observer.screen
            assert screen.cycle.id == folder.cycle.id and screen.number == 1

            # the console moves on: the observer sees the new item
            await desk.press("n")
            await until(desk, lambda: console.saver.pending == 0, "item change on disk", tries=500)
            second = live.live.run.item_ids[1]
            await until(room, lambda: screen.run_view.state(observer.clock.now()).current == 1,
                        "the observer follows the item", tries=500)

            # a line typed in the observer, with a name: saved pseudonymised on that item
            await room.press(*"2: Anatole est venu avec moi", "enter")
            await until(room, lambda: observer.saver.pending == 0 and screen.rows and screen.rows[0].saved,
                        "verbatim saved", tries=500)
            # the console's own save path is not disturbed: a note still lands
            await desk.press("o")
            await until(desk, lambda: not isinstance(console.screen, LiveScreen), "note dialog")
            await desk.press(*"Bonne dynamique", "f2")
            await until(desk, lambda: isinstance(console.screen, LiveScreen) and console.saver.pending == 0,
                        "note saved", tries=500)

    store = folder.fresh()
    [verbatim] = store.verbatims(folder.cycle.id, 1)
    assert (verbatim.text, verbatim.speaker, verbatim.item_id) == ("P01 est venu avec moi", "P02", second)
    notes = store.session_run(folder.cycle.id, 1).notes
    assert [n.text for n in notes] == ["Bonne dynamique"]
