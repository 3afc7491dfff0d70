"""The facilitators' console: home (cycles), cycle view, live session."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from facilitator.i18n import t
from facilitator.tui.base import BaseApp

if TYPE_CHECKING:  # imported after the first paint (prepare, after_unlock): the prompt shows sooner
    from facilitator.core.clock import Clock
    from facilitator.core.programme import Programme
    from facilitator.core.pseudonymise import Pseudonymiser, Roster
    from facilitator.storage.repository import LiveLock, Store
    from facilitator.storage.vault import KdfParams, Vault


class FacilitatorApp(BaseApp):
    """The console the facilitators use during a session."""

    BINDINGS = [
        Binding("f1", "toggle_help", t("console.key_help"), id="help"),
        Binding("ctrl+l", "lock", t("console.key_lock"), id="lock", show=False),
        Binding("f9", "toggle_names", t("participant.key_names"), id="names", show=False),
        # the footer shows Ctrl+Q except on the live screen, whose footer needs the room (it still asks there)
        Binding("ctrl+q", "quit_shown", t("common.quit"), id="quit_shown", priority=True),
        Binding("ctrl+q", "quit", t("common.quit"), id="quit", priority=True, show=False),
    ]

    def __init__(self, *, data_dir: Path, programme: Programme | Path, clock: Clock | None = None,
                 passphrase: str | None = None, kdf: KdfParams | None = None,
                 idle_lock_s: float = 600.0, wrap_up_s: int = 120, bell: bool = False) -> None:
        super().__init__(data_dir=data_dir, clock=clock, passphrase=passphrase, kdf=kdf,
                         idle_lock_s=idle_lock_s)
        # A programme file is loaded by `prepare`, in a worker after the first paint.
        self._programme_file = programme if isinstance(programme, Path) else None
        self.programme: Programme = None if self._programme_file else programme  # type: ignore[assignment]
        self.wrap_up_s = wrap_up_s
        self.bell_on = bell   # the terminal bell at wrap-up and overtime (B switches it)
        self.store: Store | None = None
        self._live_lock: LiveLock | None = None
        self._pseudonymisers: dict[str, Pseudonymiser] = {}
        self._rosters: dict[str, Roster] = {}
        # first names beside codes on this console's screens: off at every start, F9 shows or hides them
        self.show_names = False
        self.resume_offered = False   # the home offers to resume a crashed session once per start

    def prepare(self) -> None:
        if self._programme_file is not None:
            from facilitator.core.programme_loader import load_programme

            self.programme = load_programme(self._programme_file)
            self._programme_file = None

    def after_unlock(self, vault: Vault) -> None:
        from facilitator.storage.repository import Store
        from facilitator.tui.screens.home import HomeScreen

        self.store = Store(vault, self.clock)
        target = str(self.data_dir.name)  # through the save queue: a full disk is shown and retried
        self.save(t("protect.what_audit"), lambda: vault.audit("unlock", actor="console", target=target))
        self.push_screen(HomeScreen())

    # -- shared services for screens -------------------------------------------------
    @property
    def live_lock(self) -> LiveLock:
        """Held while a session runs (made on first use: the storage layer loads after the first paint)."""
        if self._live_lock is None:
            from facilitator.storage.repository import LiveLock

            self._live_lock = LiveLock(self.data_dir)
        return self._live_lock

    def pseudonymiser(self, cycle_id: str) -> Pseudonymiser:
        """The cycle's pseudonymiser (roster + patterns; the console does not load the NER model).

        The first call reads the roster from disk: make it from a worker.
        """
        if cycle_id not in self._pseudonymisers:
            assert self.store is not None
            self.roster_saved(cycle_id, self.store.load_roster(cycle_id))
        return self._pseudonymisers[cycle_id]

    def roster_saved(self, cycle_id: str, roster: Roster) -> None:
        """A roster edited in the app replaces the one every later text is pseudonymised with."""
        from facilitator.core.pseudonymise import Pseudonymiser

        self._pseudonymisers[cycle_id] = Pseudonymiser(roster)
        self._rosters[cycle_id] = roster

    def code_label(self, cycle_id: str, code: str) -> str:
        """`code`, with his first name beside it when the facilitators chose to show names (F9)."""
        from facilitator.core.participant import with_first_name

        return with_first_name(code, self._rosters.get(cycle_id), self.show_names)

    def action_toggle_names(self) -> None:
        """F9: first names beside codes on the facilitators' screens, or codes only (the screen is shared)."""
        self.show_names = not self.show_names
        for screen in self.screen_stack:
            changed = getattr(screen, "names_changed", None)
            if changed is not None:
                changed()
        self.notify(t("participant.names_shown" if self.show_names else "participant.names_hidden"),
                    markup=False, timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_shown":
            return type(self.screen).__name__ != "LiveScreen"
        return True

    async def action_quit_shown(self) -> None:
        await self.action_quit()

    async def action_quit(self) -> None:
        """Ctrl+Q during a running session asks first, as Esc does; the session stays interrupted."""
        from facilitator.tui.screens.live import LiveScreen

        running = next((screen for screen in self.screen_stack if isinstance(screen, LiveScreen)
                        and screen.public_view() is not None), None)
        if running is None:
            await super().action_quit()
            return
        if any(type(screen).__name__ == "ConfirmScreen" and getattr(screen, "quitting", False)
               for screen in self.screen_stack):
            return  # already asking
        from facilitator.tui.screens.cycle import ConfirmScreen

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.request_quit()    # still waits for a running save and asks about unsaved changes

        confirm = ConfirmScreen(t("room.confirm_quit"))
        confirm.quitting = True
        self.push_screen(confirm, confirmed)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(t("console.cmd_lock"), t("console.cmd_lock_help"), self.action_lock)
        if self.programme is not None:   # the safety layer from any screen (the live screen also has c and r)
            yield SystemCommand(t("safety.cmd_cards"), t("safety.cmd_cards_help"), self.action_crisis_cards)
            yield SystemCommand(t("safety.cmd_resources"), t("safety.cmd_resources_help"), self.action_resources)
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description and binding.show:
                action = binding.action

                def run(action: str = action, screen: Screen = screen) -> None:
                    self.call_later(screen.run_action, action)

                yield SystemCommand(f"{screen.__class__.__name__.removesuffix('Screen')}: "
                                    f"{binding.description}", binding.tooltip or binding.description, run)

    def action_crisis_cards(self) -> None:
        """The crisis cards; from a live session its screen opens them so that a card can flag."""
        from facilitator.tui.screens.live import LiveScreen
        from facilitator.tui.screens.safety import CrisisCardsScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, LiveScreen):
                screen.action_crisis_cards()
                return
        self.push_screen(CrisisCardsScreen(self.programme, [], None))

    def action_resources(self) -> None:
        from facilitator.tui.screens.safety import ResourcesScreen

        self.push_screen(ResourcesScreen(self.programme))

    def on_unmount(self) -> None:
        super().on_unmount()
        if self._live_lock is not None:
            self._live_lock.release()
