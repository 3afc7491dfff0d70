"""Pilot tests of the observer's console: joining the running session, capture, pseudonymisation preview,
edits and deletions with history, literal display of brackets, waiting for a session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from facilitator import i18n
from facilitator.core.clock import FakeClock
from facilitator.core.live import LiveSession
from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import LiveLock, Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from facilitator.tui.observer import ObserverApp, ObserverScreen, VerbatimList

PASSPHRASE = "test-passphrase"
PROGRAMME = load_programme(Path(__file__).resolve().parents[2] / "sessions.yaml")
# invented names and a phone number from the range reserved for fiction
ROSTER = {"P01": ["Anatole"], "P02": ["Barnabé", "Barn"], "P03": ["Gaspard"], "F1": ["Ondine"]}
PHONE = "06 39 98 12 34"
SECRETS = ["Anatole", "Barnabé", "Gaspard", "Ondine", PHONE, "0639981234", "Kzyrr", "Vrenx"]


@pytest.fixture(autouse=True)
def french():
    previous = i18n.language()
    i18n.set_language("fr")
    yield
    i18n.set_language(previous)


class Folder:
    """A data folder with one cycle; `start()` runs a session as the facilitators' console does."""

    def __init__(self, tmp_path: Path, *, roster: bool = True) -> None:
        self.dir = tmp_path / "data"
        self.dir.mkdir()
        self.clock = FakeClock()
        vault, _ = Vault.create(self.dir, PASSPHRASE, kdf=FAST_TEST_KDF)
        self.store = Store(vault, self.clock)
        self.cycle = self.store.create_cycle(
            label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
            facilitators=[Facilitator(code="F1", initials="OD", role="psychologue")],
            participants=["P01", "P02", "P03"])
        if roster:
            self.store.save_roster(self.cycle.id, Roster.from_mapping(ROSTER))
        self.lock = LiveLock(self.dir)
        self.live: LiveSession | None = None

    def start(self, number: int = 1) -> LiveSession:
        assert self.lock.acquire()
        run = self.store.session_run(self.cycle.id, number)
        self.live = LiveSession(run, PROGRAMME.session(number), PROGRAMME.programme.session_minutes)
        self.store.update_run(self.cycle.id, number, self.live.start(self.clock.now()))
        self.store.set_live(self.cycle.id, number)
        return self.live

    def next_item(self) -> None:
        assert self.live is not None
        self.clock.advance(60)
        self.store.update_run(self.cycle.id, self.live.run.number, self.live.next_item(self.clock.now()))

    def stop(self) -> None:
        self.store.clear_live()
        self.lock.release()

    def app(self, **kwargs) -> ObserverApp:
        return ObserverApp(data_dir=self.dir, programme=PROGRAMME, clock=self.clock, passphrase=PASSPHRASE,
                           kdf=FAST_TEST_KDF, idle_lock_s=0, poll_s=0.02, ner_loader=kwargs.pop("ner_loader", None),
                           **kwargs)


async def until(pilot, condition, what: str, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


def screen_of(app: ObserverApp) -> ObserverScreen:
    screen = app.screen
    assert isinstance(screen, ObserverScreen)
    return screen


def plain(app: ObserverApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def list_text(app: ObserverApp) -> str:
    widget = app.screen.query_one("#verbatims", VerbatimList)
    return "\n".join(str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count))


async def type_line(pilot, app: ObserverApp, value: str) -> None:
    """Put `value` in the capture line and wait for the debounced preview of exactly that line."""
    screen = screen_of(app)
    screen.query_one("#capture", Input).value = value
    await until(pilot, lambda: screen.preview is not None and screen.preview.line == value, "preview")


def raw_files_contain(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                if needle.encode() in data or needle.encode("utf-16-le") in data:
                    found.append(f"{needle} in {path}")
    return found


def decrypted_contain(store: Store, needles: list[str]) -> list[str]:
    """Every document and the audit log, decrypted, searched for the needles (roster file excepted)."""
    import json

    found = []
    vault = store.vault
    for relpath in vault.list("", "*"):
        if relpath.endswith("roster.db"):
            continue
        text = json.dumps(vault.read(relpath), ensure_ascii=False)
        found += [f"{n} in {relpath}" for n in needles if n.casefold() in text.casefold()]
    audit = json.dumps(vault.read_audit(), ensure_ascii=False)
    found += [f"{n} in audit" for n in needles if n.casefold() in audit.casefold()]
    return found


async def test_capture_pseudonymises_before_saving(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    live = folder.start()
    app = folder.app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = screen_of(app)
        await until(pilot, lambda: screen.run_view is not None, "joined the running session")
        first = live.session.agenda[0]
        assert first.title in plain(app, "#session-status")
        assert f"1/{len(live.session.agenda)}" in plain(app, "#session-status")

        await type_line(pilot, app, f"3: Anatole m'a donné son numéro, le {PHONE}, pour le week-end")
        await pilot.press("alt+c")
        await pilot.press("alt+l")
        preview = plain(app, "#preview")
        assert "P01" in preview and "[TÉLÉPHONE]" in preview
        assert "Anatole" not in preview and PHONE not in preview
        assert "P03" in plain(app, "#speaker-line")
        assert "☑ Alt+c Craving" in plain(app, "#themes-bar")
        assert "☑ Alt+l Alcool" in plain(app, "#themes-bar")
        assert screen.query_one("#capture", Input).value.startswith("3: Anatole")  # alt never types

        await pilot.press("enter")
        app.saver.wait_idle(5)
        await pilot.pause()
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert saved.text == "P01 m'a donné son numéro, le [TÉLÉPHONE], pour le week-end"
        assert saved.speaker == "P03"
        assert saved.themes == ["craving", "trigger_alcohol"]
        assert saved.item_id == first.id
        assert screen.query_one("#capture", Input).value == ""
        assert "✓" in list_text(app) and "P01 m'a donné" in list_text(app)
        assert "☑" not in plain(app, "#themes-bar")     # themes are cleared after each verbatim
        assert "P03" in plain(app, "#speaker-line")     # the speaker stays chosen

        # the facilitators move on: the observer follows, and the next verbatim gets the new item
        folder.next_item()
        second = live.session.agenda[1]
        await until(pilot, lambda: second.title in plain(app, "#session-status"), "followed the next item")
        assert f"2/{len(live.session.agenda)}" in plain(app, "#session-status")
        await type_line(pilot, app, "g: on en a parlé avec Barn hier")
        await pilot.press("enter")
        app.saver.wait_idle(5)
        await pilot.pause()
        latest = folder.store.verbatims(folder.cycle.id, 1)[-1]
        assert (latest.text, latest.speaker, latest.item_id) == ("on en a parlé avec P02 hier", "group", second.id)
    folder.stop()
    assert raw_files_contain(folder.dir, SECRETS) == []
    assert decrypted_contain(folder.store, SECRETS) == []
