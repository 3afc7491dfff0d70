"""No plaintext outside the encrypted files: crashes print one line without locals or messages, Textual's log
and key files stay off, interrupted exports and booklets leave no partial file, and after a whole console
session no file of the data folder (keyring, backups, locks, audit included) contains a typed word."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.core.clock import FakeClock
from facilitator.storage import atomic
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from tests.conftest import ROOT, TEST_PASSPHRASE

pytestmark = pytest.mark.processes

SECRET = "Kzyrr-Anatole-0639981234"

CHILD = """
import sys
from pathlib import Path
from textual import work
from facilitator import i18n
from facilitator.core.programme_loader import load_programme
from facilitator.storage.vault import FAST_TEST_KDF

kind, data, where = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
i18n.set_language("en")
programme = load_programme(Path(sys.argv[4]))
kwargs = {}
if kind == "console":
    from facilitator.tui.app import FacilitatorApp as Base
elif kind == "observer":
    from facilitator.tui.observer import ObserverApp as Base
    kwargs = {"ner_loader": None}
else:
    from facilitator.tui.review import ReviewApp as Base


class Crashing(Base):
    # the styles are found next to the module of the class: point to the package's files
    CSS_PATH = [str(Path(sys.modules[Base.__module__].__file__).parent / name)
                for name in ([Base.CSS_PATH] if isinstance(Base.CSS_PATH, (str, Path)) else Base.CSS_PATH)]

    def after_unlock(self, vault):
        super().after_unlock(vault)
        if where == "ui":
            self.set_timer(0.2, self.boom)
        else:
            self.set_timer(0.2, self.boom_in_a_worker)

    def boom(self):
        note_text = "{secret}"
        raise ValueError("cannot save " + note_text)

    @work(thread=True)
    def boom_in_a_worker(self):
        verbatim = "{secret}"
        raise KeyError(verbatim)


app = Crashing(data_dir=data, programme=programme, passphrase="{passphrase}", kdf=FAST_TEST_KDF,
               idle_lock_s=0, **kwargs)
app.run(headless=True)
sys.exit(app.return_code)
""".replace("{secret}", SECRET).replace("{passphrase}", TEST_PASSPHRASE)

ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$]*[A-Za-z~]|\][^\x07]*\x07|[()][A-Z0-9])")


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")   # the root conftest puts French back after the test


def everything_under(folder: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("kind", ["console", "observer", "review"])
@pytest.mark.parametrize("where", ["ui", "worker"])
def test_a_crash_prints_one_line_without_the_text(tmp_path, kind, where):
    data = tmp_path / "data"
    data.mkdir()
    Vault.create(data, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    child = tmp_path / "child.py"
    child.write_text(CHILD, encoding="utf-8")
    # every switch that would make Textual write logs or keys to files or to the devtools
    env = {**os.environ, "TEXTUAL_LOG": str(tmp_path / "textual.log"), "TEXTUAL_DEBUG": "1",
           "TEXTUAL": "debug,devtools", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(child), kind, str(data), where, str(ROOT / "sessions.yaml")],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    err = ESCAPES.sub("", result.stderr).strip()
    assert result.returncode == 1, result.stderr
    assert SECRET not in result.stderr and SECRET not in result.stdout
    assert "Traceback" not in err and "note_text" not in err and "verbatim =" not in err
    assert err.count("\n") == 0, err
    expected = "ValueError in child.py" if where == "ui" else "KeyError in child.py"
    assert err.startswith("facilitator: unexpected error (") and expected in err, err
    assert not (tmp_path / "textual.log").exists() and not (tmp_path / "keys.log").exists()
    assert SECRET.encode() not in everything_under(tmp_path / "data")


def test_an_unexpected_error_in_a_command_is_one_line(monkeypatch, capsys):
    from facilitator.cli import main
    from facilitator.commands import score

    def run(_args):
        answers = {"note": SECRET}
        raise RuntimeError(f"bad {answers}")

    monkeypatch.setattr(score, "run", run)
    assert main(["score", "dudit", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert err.count("\n") == 1 and err.startswith("facilitator: unexpected error (RuntimeError in ")


def test_no_module_writes_a_log_file():
    """No `logging` handler writing files, no print to a log, no Textual devtools switched on in the code."""
    offenders = []
    for path in (ROOT / "facilitator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("FileHandler", "basicConfig(", 'environ["TEXTUAL', "textual_dev", "traceback.print_exc",
                       "show_locals=True", "print_exception("):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


# -- interrupted exports and booklets ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from facilitator.commands.demo import make_demo
    from facilitator.core.programme_loader import load_programme

    base = tmp_path_factory.mktemp("demo")
    folder = base / "data"
    folder.mkdir()
    secret = base / "pass.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    cycle = make_demo(folder, load_programme(ROOT / "sessions.yaml"), passphrase=TEST_PASSPHRASE, seed=3,
                      kdf=FAST_TEST_KDF, out=lambda _line: None)
    return folder, secret, cycle


def cli(*argv: str) -> int:
    from facilitator.cli import main

    return main([*argv, "--lang", "en", "--programme", str(ROOT / "sessions.yaml")])


def fail_on_write(monkeypatch, after: int) -> None:
    """The disk fills up after `after` successful file writes (each written completely)."""
    real = atomic.write_all
    count = {"n": 0}

    def write_all(fd: int, data: bytes) -> None:
        if count["n"] >= after:
            os.write(fd, data[: len(data) // 2])   # half the file reaches the temp file, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        count["n"] += 1
        real(fd, data)

    monkeypatch.setattr(atomic, "write_all", write_all)


@pytest.mark.parametrize(("fmt", "name", "after"), [
    ("html", "report.html", 0), ("md", "report.md", 0), ("csv", "csv", 3), ("redcap", "redcap", 1),
    ("taguette", "taguette", 1),
])
def test_interrupted_export_leaves_no_file(demo, tmp_path, monkeypatch, capsys, fmt, name, after):
    folder, secret, cycle = demo
    out = tmp_path / "exports"
    out.mkdir()
    (out / "earlier.txt").write_text("kept", encoding="utf-8")
    fail_on_write(monkeypatch, after)
    code = cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle,
               "--format", fmt, "--out", str(out / name))
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err, err
    assert sorted(p.name for p in out.rglob("*")) == ["earlier.txt"], "no partial nor half export left"
    monkeypatch.undo()
    assert cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle,
               "--format", fmt, "--out", str(out / name)) == 0


def test_interrupted_booklet_leaves_no_file(demo, tmp_path, monkeypatch, capsys):
    folder, secret, cycle = demo
    target = tmp_path / "booklet.html"
    fail_on_write(monkeypatch, 0)
    code = cli("booklet", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle,
               "--participant", "P01", "--out", str(target))
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and str(target) in err
    assert list(tmp_path.iterdir()) == [], "neither the booklet nor its temp file is left"


def test_an_export_bug_half_way_removes_the_files_already_written(demo, tmp_path, monkeypatch):
    from facilitator.reports import tables

    folder, secret, cycle = demo
    def broken(*args, **kwargs):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(tables, "homework_rows", broken)
    with pytest.raises(ZeroDivisionError):
        from facilitator.core.programme_loader import load_programme
        from facilitator.reports.export import export_cycle

        store = Store(Vault.unlock(folder, TEST_PASSPHRASE, read_only=True), FakeClock())
        export_cycle(store, cycle, load_programme(ROOT / "sessions.yaml"), "csv", tmp_path / "csv")
    assert not (tmp_path / "csv").exists()


# -- a whole console session: nothing typed is found in clear ----------------------------------------------

ROSTER_TEXT = "P01: Anatole\nP02: Barnabé, Barn\nP03: Gaspard\nF1: Ondine"
TYPED_NOTE = "Anatole a appelé Gaspard au 06 39 98 12 34 après la soirée Vrenxal"
TYPED_FLAG = "Barnabé évoque un malaise Quorvex"
CLEAR_WORDS = ["Anatole", "Barnab", "Gaspard", "Ondine", "06 39 98 12 34", "0639981234", "Vrenxal", "Quorvex",
               "Cycle Zibeline", "Site Pervenche"]


async def test_whole_console_session_leaves_no_word_in_clear(tmp_path):
    from textual.widgets import TextArea

    from facilitator.core.programme_loader import load_programme
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.screens.cycle import CycleScreen, RosterScreen
    from facilitator.tui.screens.home import HomeScreen, NewCycleScreen
    from facilitator.tui.screens.live import AttendanceScreen, EndSessionScreen, LiveScreen, NoteScreen
    from tests.tui.helpers import fill, until

    data = tmp_path / "data"
    data.mkdir()
    i18n.set_language("fr")
    clock = FakeClock()
    app = FacilitatorApp(data_dir=data, programme=load_programme(ROOT / "sessions.yaml"), clock=clock,
                         passphrase=TEST_PASSPHRASE, kdf=FAST_TEST_KDF, idle_lock_s=0)

    async with app.run_test(size=(140, 45)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewCycleScreen), "form")
        fill(app.screen, {"#label": "Cycle Zibeline", "#site": "Site Pervenche", "#f1-initials": "OD",
                          "#f1-role": "psychologue", "#participants": "P01-P03"})
        await pilot.click("#create")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen) and app.screen.cycle is not None, "cycle")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RosterScreen), "roster")
        area = app.screen.query_one("#roster-text", TextArea)
        await until(pilot, lambda: "P01" in area.text, "roster loaded")
        area.text = ROSTER_TEXT
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen), "roster saved")
        await pilot.press("s")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, AttendanceScreen), "attendance")
        await pilot.press("p", "p", "a")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LiveScreen), "live")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "note")
        app.screen.query_one("#note-text", TextArea).text = TYPED_NOTE
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, LiveScreen), "note saved")
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#flag-reason").value = TYPED_FLAG
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LiveScreen), "flag saved")
        clock.advance(90 * 60)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, EndSessionScreen), "end")
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, CycleScreen), "ended")
        await until(pilot, lambda: app.saver.pending == 0, "all saved")
    store = Store(Vault.unlock(data, TEST_PASSPHRASE, read_only=True), clock)
    cycle = store.list_cycles()[0]
    run = store.session_run(cycle.id, 1)
    assert run.status.value == "done"
    assert [n.text for n in run.notes] and "P01" in run.notes[0].text and "Anatole" not in run.notes[0].text
    assert [(f.participant, f.reason) for f in run.flags] == [("P01", "P02 évoque un malaise Quorvex")], \
        "the flag was saved, pseudonymised"
    assert store.load_roster(cycle.id).entries, "the roster was saved (encrypted)"
    files = [p for p in data.rglob("*") if p.is_file()]
    names = {p.relative_to(data).parts[0] for p in files}
    assert {"keyring.json", "audit", ".backups", ".locks", "cycles"} <= names
    for path in files:
        raw = path.read_bytes()
        for word in CLEAR_WORDS:
            for encoded in (word.encode("utf-8"), word.lower().encode("utf-8"), word.encode("utf-16-le")):
                assert encoded not in raw, f"{word!r} in clear in {path.relative_to(data)}"

