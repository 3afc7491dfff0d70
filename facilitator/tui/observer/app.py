"""`facilitator observe`: the app, which unlocks the folder, loads the NER model and shows the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from facilitator.core.clock import Clock
from facilitator.core.programme import Programme
from facilitator.core.pseudonymise import NerFn, Roster
from facilitator.i18n import t
from facilitator.storage.repository import Store
from facilitator.storage.vault import KdfParams, Vault
from facilitator.tui.base import BaseApp
from facilitator.tui.observer.messages import ModelLoaded
from facilitator.tui.observer.screen import ObserverScreen

NerLoader = Callable[[], NerFn]


def default_ner_loader() -> NerFn:
    from facilitator.core.ner import load_french_ner

    return load_french_ner()


class ObserverApp(BaseApp):
    """`facilitator observe`: a second terminal on the same data folder as the facilitators' console."""

    AUDIT_ACTOR = "observer"

    BINDINGS = [
        Binding("ctrl+l", "lock", t("observer.key_lock"), id="lock", show=False),
        Binding("ctrl+q", "quit", t("common.quit"), id="quit", priority=True),
    ]

    def __init__(self, *, data_dir: Path, programme: Programme, clock: Clock | None = None,
                 passphrase: str | None = None, kdf: KdfParams | None = None, idle_lock_s: float = 600.0,
                 poll_s: float = 0.5, ner_loader: NerLoader | None = default_ner_loader) -> None:
        super().__init__(data_dir=data_dir, clock=clock, passphrase=passphrase, kdf=kdf,
                         idle_lock_s=idle_lock_s)
        self.programme = programme
        self.poll_s = poll_s
        self.ner_loader = ner_loader
        self.ner: NerFn | None = None
        self.model_status = t("observer.model_loading") if ner_loader else t("observer.model_off")
        self.store: Store | None = None
        self.actor = "observer"

    def after_unlock(self, vault: Vault) -> None:
        self.store = Store(vault, self.clock)
        target = str(self.data_dir.name)  # through the save queue: a full disk is shown and retried
        self.save(t("protect.what_audit"), lambda: vault.audit("unlock", actor="observer", target=target))
        self.title = t("observer.title")
        self.push_screen(ObserverScreen())
        if self.ner_loader is not None:
            self.call_after_refresh(self.load_model)

    @work(thread=True, exclusive=True, group="observer-ner")
    def load_model(self) -> None:
        """Load the NER model after the first paint; capture works meanwhile with roster + patterns."""
        assert self.ner_loader is not None
        try:
            ner = self.ner_loader()
        except Exception as exc:  # noqa: BLE001 - any failure leaves capture on roster + patterns
            self.post_message(ModelLoaded(None, type(exc).__name__))
            return
        self.post_message(ModelLoaded(ner))

    @on(ModelLoaded)
    def model_loaded(self, message: ModelLoaded) -> None:
        self.ner = message.ner
        self.model_status = (t("observer.model_ready") if message.ner is not None
                             else t("observer.model_failed", error=message.error))
        for screen in self.screen_stack:
            if isinstance(screen, ObserverScreen):
                screen.model_loaded(message.ner)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for observer in self.screen_stack:
            if isinstance(observer, ObserverScreen):
                yield SystemCommand(t("safety.cmd_cards"), t("safety.cmd_cards_help"), observer.action_crisis_cards)
                yield SystemCommand(t("safety.cmd_resources"), t("safety.cmd_resources_help"),
                                    observer.action_resources)
                break

    def roster_saved(self, cycle_id: str, roster: Roster) -> None:
        """The roster editor saved: the capture detects with the new roster at once."""
        for screen in self.screen_stack:
            if isinstance(screen, ObserverScreen) and screen.cycle is not None and screen.cycle.id == cycle_id:
                screen.roster_changed(roster)
