"""`facilitator purge`: a cycle, its backups and locks deleted after confirmation; refusals delete nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.cli import main
from facilitator.commands import purge as command
from facilitator.core.clock import FakeClock
from facilitator.core.live import LiveSession
from facilitator.core.models import Facilitator, Verbatim, new_id
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import LiveLock, Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from tests.conftest import ROOT

PASSPHRASE = "purge-phrase-42"
PROGRAMME = load_programme(ROOT / "sessions.yaml")


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")   # the root conftest puts French back after each test


class Folder:
    """A data folder with two cycles; the first has a done session 1, a roster, verbatims and backups."""

    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path / "data"
        self.dir.mkdir()
        self.secret = tmp_path / "pass.txt"
        self.secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        self.clock = FakeClock(1_772_442_000.0)  # 2026-03-02
        vault, _ = Vault.create(self.dir, PASSPHRASE, kdf=FAST_TEST_KDF)
        self.store = Store(vault, self.clock)
        facilitators = [Facilitator(code="F1", initials="AB", role="psychologue")]
        self.doomed = self.store.create_cycle(label="Cycle hiver", site="Site nord", start_date=date(2026, 3, 2),
                                              facilitators=facilitators, participants=["P01", "P02"])
        self.kept = self.store.create_cycle(label="Cycle été", site="Site sud", start_date=date(2026, 6, 1),
                                            facilitators=facilitators, participants=["P01"])
        self.store.save_roster(self.doomed.id, Roster.from_mapping({"P01": ["Anatole"]}))
        live = LiveSession(self.store.session_run(self.doomed.id, 1), PROGRAMME.session(1),
                           PROGRAMME.programme.session_minutes)
        self.store.update_run(self.doomed.id, 1, live.start(self.clock.now()))
        self.clock.advance(5400)
        self.store.update_run(self.doomed.id, 1, live.end(self.clock.now(), []))
        for n in range(2):
            self.store.add_verbatim(Verbatim(id=new_id("v"), cycle_id=self.doomed.id, session=1, item_id="x",
                                             speaker="P01", themes=[], text=f"P01 a parlé {n}",
                                             at=self.clock.now(), elapsed_s=60))
        self.store.add_verbatim(Verbatim(id=new_id("v"), cycle_id=self.kept.id, session=1, item_id="x",
                                         speaker="P01", themes=[], text="gardé", at=self.clock.now(),
                                         elapsed_s=60))

    def run(self, *argv: str) -> int:
        return main(["purge", "--lang", "en", "--data", str(self.dir), "--passphrase-file", str(self.secret),
                     *argv])

    def files(self) -> dict[str, int]:
        return {p.relative_to(self.dir).as_posix(): p.stat().st_mtime_ns for p in self.dir.rglob("*")
                if p.is_file()}

    def mentions(self, cycle_id: str) -> list[str]:
        return [name for name in self.files() if cycle_id in name]


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return Folder(tmp_path)


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def test_purge_with_yes_deletes_files_backups_and_locks(folder: Folder, capsys):
    doomed = folder.mentions(folder.doomed.id)
    assert any(name.startswith(".backups/") for name in doomed), "the fixture made backups"
    assert any(name.startswith(".locks/") for name in doomed)
    assert folder.run("--cycle", folder.doomed.id, "--yes") == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.strip() == f"Cycle {folder.doomed.id} deleted (4 files and their backups)."
    assert folder.mentions(folder.doomed.id) == []
    store = Store(Vault.unlock(folder.dir, PASSPHRASE), folder.clock)
    assert [c.id for c in store.list_cycles()] == [folder.kept.id]
    assert [v.text for v in store.verbatims(folder.kept.id, 1)] == ["gardé"]
    purge = [r for r in store.vault.read_audit() if r["action"] == "purge"]
    assert len(purge) == 1
    assert purge[0]["target"] == f"cycle {folder.doomed.id}" and purge[0]["actor"] == "cli"
    assert "hiver" not in str(purge[0]) and "nord" not in str(purge[0]), "the audit keeps the id only"


def test_typed_confirmation_shows_the_cycle_first(folder: Folder, monkeypatch, capsys):
    shown: list[str] = []

    def ask(prompt: str) -> str:
        shown.append(capsys.readouterr().out)
        shown.append(prompt)
        return folder.doomed.id + "\n"

    monkeypatch.setattr(command, "interactive", lambda: True)
    monkeypatch.setattr(command, "ask_line", ask)
    assert folder.run("--cycle", folder.doomed.id) == 0
    summary, prompt = shown
    assert "Cycle hiver" in summary and "Site nord" in summary and "02/03/2026" in summary
    assert "1 done out of 8 (02/03/2026)" in summary
    assert "4 (and their backups)" in summary
    assert prompt == f"Type the cycle's id ({folder.doomed.id}) to confirm: "
    assert folder.mentions(folder.doomed.id) == []


@pytest.mark.parametrize("typed", ["", "oui", "yes", "cycle"])
def test_wrong_confirmation_deletes_nothing(folder: Folder, monkeypatch, capsys, typed):
    before = folder.files()
    monkeypatch.setattr(command, "interactive", lambda: True)
    monkeypatch.setattr(command, "ask_line", lambda _prompt: typed)
    assert folder.run("--cycle", folder.doomed.id) == 1
    assert one_line(capsys.readouterr().err) == "facilitator: purge: id not confirmed; nothing was deleted"
    after = folder.files()
    assert {k: v for k, v in after.items() if "live-session" not in k} == before


def test_no_terminal_without_yes_is_a_usage_error(folder: Folder, monkeypatch, capsys):
    before = folder.files()
    monkeypatch.setattr(command, "interactive", lambda: False)
    assert folder.run("--cycle", folder.doomed.id) == 2
    assert "--yes" in one_line(capsys.readouterr().err)
    assert folder.files() == before


@pytest.mark.parametrize("bad", ["c00000000", "../cycles", "", "Cycle hiver"])
def test_unknown_cycle_names_the_folder_and_the_known_ids(folder: Folder, capsys, bad):
    before = folder.files()
    assert folder.run("--cycle", bad, "--yes") == 1
    line = one_line(capsys.readouterr().err)
    assert f"no cycle '{bad}' in {folder.dir}" in line
    assert folder.doomed.id in line and folder.kept.id in line
    assert folder.files() == before


def test_refused_while_a_console_runs_the_cycle(folder: Folder, capsys):
    console = LiveLock(folder.dir)
    assert console.acquire()
    folder.store.set_live(folder.doomed.id, 2)
    try:
        before = folder.files()
        assert folder.run("--cycle", folder.doomed.id, "--yes") == 1
        assert one_line(capsys.readouterr().err) == (
            f"facilitator: purge: session 2 of cycle {folder.doomed.id} is running in a console; "
            "close it before deleting the cycle (nothing was deleted)")
        assert folder.files() == before
        # a session of another cycle does not prevent the purge
        assert folder.run("--cycle", folder.kept.id, "--yes") == 0
        assert folder.mentions(folder.kept.id) == []
    finally:
        console.release()


def test_stale_live_pointer_of_a_crashed_console_is_cleared(folder: Folder):
    folder.store.set_live(folder.doomed.id, 1)  # nobody holds the live lock: the console is gone
    assert folder.run("--cycle", folder.doomed.id, "--yes") == 0
    assert Store(Vault.unlock(folder.dir, PASSPHRASE), folder.clock).vault.read("live.db") == {}


def test_a_damaged_cycle_can_be_purged(folder: Folder, monkeypatch, capsys):
    path = folder.dir / "cycles" / folder.doomed.id / "cycle.db"
    path.write_bytes(path.read_bytes()[:-5])
    monkeypatch.setattr(command, "interactive", lambda: True)
    monkeypatch.setattr(command, "ask_line", lambda _prompt: folder.doomed.id)
    assert folder.run("--cycle", folder.doomed.id) == 0
    out = capsys.readouterr().out
    assert f"damaged file cycles/{folder.doomed.id}/cycle.db" in out
    assert folder.mentions(folder.doomed.id) == []


def test_wrong_passphrase_deletes_nothing(folder: Folder, capsys):
    before = folder.files()
    folder.secret.write_text("pas-la-bonne-du-tout\n", encoding="utf-8")
    assert folder.run("--cycle", folder.doomed.id, "--yes") == 1
    assert one_line(capsys.readouterr().err) == f"facilitator: wrong passphrase for data folder {folder.dir}"
    assert folder.files() == before
