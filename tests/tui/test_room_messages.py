"""The message line between the observer and the facilitators: pseudonymised, saved with the session, answered."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from facilitator.core.live import message_appender
from facilitator.core.models import RoomMessage
from facilitator.tui.screens.live import LineScreen
from tests.tui.folder import DataFolder
from tests.tui.helpers import until, wait_for_screen
from tests.tui.test_observer import opened


async def test_observer_sends_a_pseudonymised_message_and_sees_the_answer(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path, roster={"P02": ["Julien"]})
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await opened(pilot, app)
        await pilot.press("f10")
        dialog = await wait_for_screen(pilot, LineScreen)
        dialog.query_one("#line").value = "Julien ne va pas bien"
        await pilot.press("enter")
        assert app.saver is not None and app.saver.wait_idle(5)
        run = folder.fresh().session_run(folder.cycle.id, 1)
        assert [(m.author, m.text) for m in run.messages] == [("observer", "P02 ne va pas bien")]
        # a facilitator answers from the console: the observer's line shows it, with initials
        answer = RoomMessage(id="m-answer", text="Vu, merci", author="F1", at=folder.clock.now(),
                             reply_to=run.messages[0].id)
        folder.store.update_run(folder.cycle.id, 1, message_appender(answer))
        await until(pilot, lambda: "OD" in str(screen.query_one("#room-line", Static).render())
                    and "Vu, merci" in str(screen.query_one("#room-line", Static).render()), "the answer shown")
