"""A data folder with one invented cycle, and the apps that open it, for the Pilot tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.core.clock import FakeClock
from facilitator.core.live import LiveSession
from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import LiveLock, Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.observer import ObserverApp
from tests.conftest import TEST_PASSPHRASE

PROGRAMME = load_programme(Path(__file__).resolve().parents[2] / "sessions.yaml")


class DataFolder:
    """An encrypted folder with a cycle (P01-P03, F1); `start()` runs a session as the console does."""

    def __init__(self, tmp_path: Path, *, roster: dict[str, list[str]] | None = None) -> None:
        self.dir = tmp_path / "data"
        self.dir.mkdir()
        self.clock = FakeClock()
        vault, _ = Vault.create(self.dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
        self.store = Store(vault, self.clock)
        self.cycle = self.store.create_cycle(
            label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
            facilitators=[Facilitator(code="F1", initials="OD", role="psychologue")],
            participants=["P01", "P02", "P03"])
        if roster:
            self.store.save_roster(self.cycle.id, Roster.from_mapping(roster))
        self.lock = LiveLock(self.dir)
        self.live: LiveSession | None = None

    def start(self, number: int = 1, *, running: bool = True) -> LiveSession:
        """Start session `number`; `running=False` leaves it as a crashed console would (interrupted)."""
        run = self.store.session_run(self.cycle.id, number)
        self.live = LiveSession(run, PROGRAMME.session(number), PROGRAMME.programme.session_minutes)
        if running:
            assert self.lock.acquire()
        self.store.update_run(self.cycle.id, number, self.live.start(self.clock.now()))
        if running:
            self.store.set_live(self.cycle.id, number)
        return self.live

    def next_item(self) -> None:
        assert self.live is not None
        self.clock.advance(60)
        self.store.update_run(self.cycle.id, self.live.run.number, self.live.next_item(self.clock.now()))

    def stop(self) -> None:
        self.store.clear_live()
        self.lock.release()

    def console(self) -> FacilitatorApp:
        """The console; tests that open the live screen by hand do not get the crash-resume offer on top."""
        app = FacilitatorApp(data_dir=self.dir, programme=PROGRAMME, clock=self.clock,
                             passphrase=TEST_PASSPHRASE, kdf=FAST_TEST_KDF, idle_lock_s=0)
        app.resume_offered = True
        return app

    def observer(self, **kwargs) -> ObserverApp:
        return ObserverApp(data_dir=self.dir, programme=PROGRAMME, clock=self.clock, passphrase=TEST_PASSPHRASE,
                           kdf=FAST_TEST_KDF, idle_lock_s=0, poll_s=0.02,
                           ner_loader=kwargs.pop("ner_loader", None), **kwargs)

    def fresh(self) -> Store:
        """A second, read-only view of the folder: what another program would find on disk."""
        return Store(Vault.unlock(self.dir, TEST_PASSPHRASE, read_only=True), self.clock)

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.dir).as_posix(): p.read_bytes() for p in self.dir.rglob("*") if p.is_file()}
