"""The participants' display: a read-only view of the running session for a second screen or a projector.

It shows what the whole room may see (`core.display.PublicView`): the current item's title, a large
countdown or a calm progress bar, the next item, the session's progress and the facilitators' message.
Never codes, names, prompts, notes, flags or verbatims. It follows whichever session a console runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Digits, ProgressBar, Static

from facilitator.core.clock import format_mmss
from facilitator.core.display import PublicView, public_view, state_of_run
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.tui.base import BaseApp, show_text
from facilitator.tui.loading import Loaded

if TYPE_CHECKING:
    from facilitator.core.clock import Clock
    from facilitator.core.programme import Programme
    from facilitator.storage.repository import Store
    from facilitator.storage.vault import KdfParams, Vault


def read_view(store: Store, programme: Programme, now: float, wrap_up_s: int = 120) -> PublicView | None:
    """The public view of the session a console runs now, or None when none runs (reads the disk)."""
    live = store.live_session()
    if live is None:
        return None
    run = store.session_run(live.cycle_id, live.number)
    if not run.planned_minutes:
        return None
    session = programme.session(live.number)
    state = state_of_run(run.planned_minutes, run.events, now, programme.programme.session_minutes, wrap_up_s)
    if state.ended:
        return None
    return public_view(session, state, run.display_message)


class DisplayScreen(Screen):
    """Large and calm: what the room sees on the wall."""

    POLL_S = 1.0

    def compose(self) -> ComposeResult:
        with Vertical(id="display"):
            yield Static(t("room.display_no_session"), id="display-title", markup=False)
            yield Static("", id="display-position", markup=False)
            yield Digits("", id="display-countdown")
            yield Static("", id="display-phase", markup=False)
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="display-progress")
            yield Static("", id="display-elapsed", markup=False)
            yield Static("", id="display-next", markup=False)
            yield Static("", id="display-message", markup=False)

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(self.POLL_S, self.poll)

    @work(thread=True, exclusive=True, group="display-poll")
    def poll(self) -> None:
        app = cast("DisplayApp", self.app)
        try:
            view = read_view(app.store, app.programme, app.clock.now(), app.wrap_up_s)
        except (UserError, KeyError):   # a file being replaced, or an unknown session: show nothing for now
            view = None
        self.post_message(Loaded(self.show, view))

    def show(self, view: PublicView | None) -> None:
        waiting = view is None
        for selector in ("#display-position", "#display-countdown", "#display-phase", "#display-progress",
                         "#display-elapsed", "#display-next"):
            self.query_one(selector).display = not waiting
        if view is None:
            show_text(self.query_one("#display-title", Static), t("room.display_no_session"))
            show_text(self.query_one("#display-message", Static), "")
            return
        show_text(self.query_one("#display-title", Static), view.item_title)
        show_text(self.query_one("#display-position", Static),
                  t("room.display_item", n=view.item_number, count=view.item_count))
        digits = self.query_one("#display-countdown", Digits)
        if digits.value != view.countdown:
            digits.update(view.countdown)
        digits.set_class(view.phase == "overtime", "overtime")
        show_text(self.query_one("#display-phase", Static), t(f"room.phase_{view.phase}"))
        self.query_one("#display-progress", ProgressBar).update(progress=view.progress)
        show_text(self.query_one("#display-elapsed", Static), t(
            "room.display_progress", elapsed=format_mmss(view.elapsed_s), nominal=format_mmss(view.nominal_s)))
        show_text(self.query_one("#display-next", Static),
                  t("room.display_next", title=view.next_title) if view.next_title else t("room.display_last"))
        show_text(self.query_one("#display-message", Static), view.message)


class DisplayApp(BaseApp):
    """Opens the data folder read-only and shows `DisplayScreen`; it never locks (nothing confidential)."""

    CSS_PATH = ["app.tcss", "display.tcss"]
    read_only = True
    AUDIT_ACTOR = "display"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", t("common.quit"), id="quit", priority=True)]

    def __init__(self, *, data_dir: Path, programme: Programme, clock: Clock | None = None,
                 passphrase: str | None = None, kdf: KdfParams | None = None, wrap_up_s: int = 120) -> None:
        super().__init__(data_dir=data_dir, clock=clock, passphrase=passphrase, kdf=kdf, idle_lock_s=0)
        self.programme = programme
        self.wrap_up_s = wrap_up_s
        self.store: Store = None  # type: ignore[assignment]  # set once unlocked

    @on(events.Mount)   # runs before BaseApp.on_mount: a display never creates a data folder
    def refuse_uninitialised_folder(self, event: events.Mount) -> None:
        from facilitator.tui.base import vault_exists

        if not vault_exists(self.data_dir):
            self.exit(1, message=f"facilitator: {t('protect.not_initialised', path=self.data_dir)}")
            event.prevent_default()

    def after_unlock(self, vault: Vault) -> None:
        from facilitator.storage.repository import Store

        self.store = Store(vault, self.clock)
        self.title = t("room.display_app_title")
        self.push_screen(DisplayScreen())
