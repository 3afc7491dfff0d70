"""Where the data lives: options, FACILITATOR_DATA / FACILITATOR_PROGRAMME, the user config file; and the
guards of `report` (a file name for a folder format) and `demo` (a folder of real cycles)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.core.models import Facilitator
from facilitator.locations import BUNDLED_PROGRAMME, resolve
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from tests.conftest import ROOT, TEST_PASSPHRASE


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Launched from an empty folder, with an empty user config folder."""
    cwd = tmp_path / "home"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("FACILITATOR_DATA", raising=False)
    monkeypatch.delenv("FACILITATOR_PROGRAMME", raising=False)
    return tmp_path


def test_defaults_are_absolute_and_the_bundled_programme_is_found_from_anywhere(elsewhere):
    data, programme = resolve([], Path("data"), Path("sessions.yaml"))
    assert data == elsewhere / "home" / "data" and data.is_absolute()
    assert programme == BUNDLED_PROGRAMME


def test_options_then_environment_then_config_file(elsewhere, monkeypatch):
    config = elsewhere / "config" / "facilitator" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('data = "~/groupes/data"\nprogramme = "/srv/programme.yaml"\n', encoding="utf-8")
    data, programme = resolve([], Path("data"), Path("sessions.yaml"))
    assert data == Path("~/groupes/data").expanduser() and programme == Path("/srv/programme.yaml")
    monkeypatch.setenv("FACILITATOR_DATA", "/srv/env-data")
    assert resolve([], Path("data"), Path("sessions.yaml"))[0] == Path("/srv/env-data")
    given = resolve(["--data", "here"], Path("here"), Path("sessions.yaml"))[0]
    assert given == elsewhere / "home" / "here"


def test_a_broken_config_file_is_one_line_naming_it(elsewhere, capsys):
    config = elsewhere / "config" / "facilitator" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("data = [1, 2\n", encoding="utf-8")
    assert main(["check-programme", str(ROOT / "sessions.yaml")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(config) in err


def real_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    vault, _ = Vault.create(folder, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    from facilitator.core.clock import FakeClock

    Store(vault, FakeClock()).create_cycle(label="Cycle réel", site="Site", start_date=date(2026, 1, 5),
                                           facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                                           participants=["P01"])
    (tmp_path / "pass").write_text(TEST_PASSPHRASE, encoding="utf-8")
    return folder


def test_demo_refuses_a_folder_of_real_cycles_unless_told(tmp_path, capsys):
    folder = real_folder(tmp_path)
    args = ["demo", "--data", str(folder), "--passphrase-file", str(tmp_path / "pass"),
            "--programme", str(ROOT / "sessions.yaml")]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--into-real-data" in err and "1\u00a0cycle réel" in err
    assert main([*args, "--into-real-data"]) == 0


def test_report_refuses_a_file_name_for_the_folder_format(tmp_path, capsys):
    folder = real_folder(tmp_path)
    out = tmp_path / "report.csv"
    code = main(["report", "--data", str(folder), "--passphrase-file", str(tmp_path / "pass"), "--cycle", "x",
                 "--format", "csv", "--out", str(out), "--programme", str(ROOT / "sessions.yaml")])
    assert code != 0 and not out.exists()
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "report.csv" in err and "dossier" in err
