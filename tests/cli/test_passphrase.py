"""`facilitator passphrase`: change the passphrase (files or typed twice), recovery keys, refusals that write nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.cli import main
from facilitator.commands import _common
from facilitator.commands import passphrase as command
from facilitator.core.clock import FakeClock
from facilitator.core.models import Facilitator
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault, WrongPassphrase

OLD = "ancienne-phrase-42"
NEW = "nouvelle-phrase-43"


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")   # the root conftest puts French back after each test


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, str, str]:
    """(data folder, recovery key, cycle id) of a folder with one cycle."""
    data = tmp_path / "data"
    data.mkdir()
    vault, recovery = Vault.create(data, OLD, kdf=FAST_TEST_KDF)
    cycle = Store(vault, FakeClock()).create_cycle(
        label="Cycle essai", site="Site fictif", start_date=date(2026, 3, 2),
        facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")], participants=["P01", "P02"])
    return data, recovery, cycle.id


def secret_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def run(*argv: str) -> int:
    return main(["passphrase", "--lang", "en", *argv])


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def opens(data: Path, passphrase: str) -> bool:
    try:
        Vault.unlock(data, passphrase)
    except WrongPassphrase:
        return False
    return True


def test_change_with_files_rewraps_the_key_only(folder, tmp_path, capsys):
    data, recovery, cycle_id = folder
    before = snapshot(data)
    code = run("--data", str(data), "--passphrase-file", secret_file(tmp_path, "old", OLD),
               "--new-passphrase-file", secret_file(tmp_path, "new", NEW))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Passphrase changed" in out and str(data) in out
    assert not opens(data, OLD) and opens(data, NEW)
    after = snapshot(data)
    changed = {name for name in before if name in after and before[name] != after[name]
               and not name.startswith(("audit/", ".backups/keyring.json", "manifest.db", ".backups/manifest.db"))}
    assert changed == {"keyring.json"}, "only the keyring is rewritten (and the audit log appended)"
    assert not any(name.startswith(".backups/keyring.json") and before.get(name) == after[name] for name in after), \
        "old keyring backups (which open with the old passphrase) are gone"
    vault = Vault.unlock(data, NEW)
    assert Store(vault, FakeClock()).get_cycle(cycle_id).label == "Cycle essai"
    assert Vault.unlock_with_recovery_key(data, recovery, read_only=True), "the recovery key still works"
    audit = [r for r in vault.read_audit() if r["action"] == "passphrase"]
    assert len(audit) == 1 and "changed" in audit[0]["detail"] and NEW not in str(audit[0])


def test_wrong_passphrase_is_one_line_and_writes_nothing(folder, tmp_path, capsys):
    data, _recovery, _cycle = folder
    before = snapshot(data)
    code = run("--data", str(data), "--passphrase-file", secret_file(tmp_path, "bad", "pas-la-bonne-du-tout"),
               "--new-passphrase-file", secret_file(tmp_path, "new", NEW))
    _out, err = capsys.readouterr()
    assert code == 1
    assert one_line(err) == f"facilitator: wrong passphrase for data folder {data}"
    assert snapshot(data) == before
    assert opens(data, OLD)


def test_typed_passphrases_asked_twice(folder, monkeypatch, capsys):
    data, _recovery, _cycle = folder
    answers = iter([OLD, NEW, NEW])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(_common, "interactive", lambda: True)
    monkeypatch.setattr(_common, "ask_secret", ask)
    assert run("--data", str(data)) == 0
    assert prompts == ["Current passphrase (or recovery key): ", "New passphrase: ", "Repeat the new passphrase: "]
    assert opens(data, NEW)
    out, _err = capsys.readouterr()
    assert NEW not in out and OLD not in out


@pytest.mark.parametrize(("typed", "message"), [
    ([OLD, NEW, NEW + "x"], "passphrase: the two entries of the new passphrase differ; nothing was changed"),
    ([OLD, ""], "passphrase: the new passphrase is empty; nothing was changed"),
    ([OLD, "court", "court"], "passphrase too short: at least 8 characters"),
    (["pas-la-bonne-du-tout"], "wrong passphrase for data folder {data}"),
])
def test_typed_refusals_write_nothing(folder, monkeypatch, capsys, typed, message):
    data, _recovery, _cycle = folder
    before = snapshot(data)
    answers = iter(typed)
    monkeypatch.setattr(_common, "interactive", lambda: True)
    monkeypatch.setattr(_common, "ask_secret", lambda _prompt: next(answers))
    assert run("--data", str(data)) == 1
    _out, err = capsys.readouterr()
    assert one_line(err) == "facilitator: " + message.format(data=data)
    assert snapshot(data) == before


def test_lost_passphrase_recovery_key_file(folder, tmp_path, capsys):
    data, recovery, _cycle = folder
    assert run("--data", str(data), "--recovery-key-file", secret_file(tmp_path, "key", recovery.lower()),
               "--new-passphrase-file", secret_file(tmp_path, "new", NEW)) == 0
    assert opens(data, NEW) and not opens(data, OLD)
    detail = [r["detail"] for r in Vault.unlock(data, NEW).read_audit() if r["action"] == "passphrase"]
    assert detail == ["passphrase changed (opened with recovery key)"]


def test_recovery_key_typed_instead_of_the_passphrase(folder, monkeypatch):
    data, recovery, _cycle = folder
    answers = iter([recovery, NEW, NEW])
    monkeypatch.setattr(_common, "interactive", lambda: True)
    monkeypatch.setattr(_common, "ask_secret", lambda _prompt: next(answers))
    assert run("--data", str(data)) == 0
    assert opens(data, NEW)


def test_new_recovery_key_printed_once_with_advice(folder, tmp_path, capsys):
    data, old_recovery, _cycle = folder
    assert run("--data", str(data), "--passphrase-file", secret_file(tmp_path, "old", OLD),
               "--new-recovery-key") == 0
    out, _err = capsys.readouterr()
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    keys = [line for line in lines if line.count("-") == 7 and len(line) == 39]
    assert len(keys) == 1, out
    assert any("Write it down" in line and "apart from this laptop" in line for line in lines)
    assert "Passphrase changed" not in out, "no terminal: the passphrase is kept"
    assert opens(data, OLD)
    with pytest.raises(WrongPassphrase):
        Vault.unlock_with_recovery_key(data, old_recovery)
    vault = Vault.unlock_with_recovery_key(data, keys[0])
    audit = vault.read_audit()
    assert [r["detail"] for r in audit if r["action"] == "passphrase"] == ["recovery key replaced"]
    assert keys[0] not in str(audit)
    assert keys[0].encode() not in b"".join(snapshot(data).values()), "the recovery key is never stored"


def test_new_recovery_key_typed_enter_keeps_the_passphrase(folder, monkeypatch, capsys):
    data, _recovery, _cycle = folder
    answers = iter([OLD, ""])
    monkeypatch.setattr(_common, "interactive", lambda: True)
    monkeypatch.setattr(_common, "ask_secret", lambda _prompt: next(answers))
    assert run("--data", str(data), "--new-recovery-key") == 0
    assert opens(data, OLD)
    assert "New recovery key" in capsys.readouterr().out


@pytest.mark.parametrize(("extra", "message"), [
    ([], "passphrase: no terminal to ask for the passphrase: give --passphrase-file FILE"),
    (["--passphrase-file", "{old}"],
     "passphrase: no terminal to ask for the new passphrase: give --new-passphrase-file FILE"),
    (["--passphrase-file", "{old}", "--recovery-key-file", "{old}"],
     "passphrase: give --passphrase-file or --recovery-key-file, not both"),
])
def test_no_terminal_is_a_usage_error(folder, tmp_path, monkeypatch, capsys, extra, message):
    data, _recovery, _cycle = folder
    before = snapshot(data)
    old = secret_file(tmp_path, "old", OLD)
    monkeypatch.setattr(_common, "interactive", lambda: False)
    assert run("--data", str(data), *[arg.format(old=old) for arg in extra]) == 2
    assert one_line(capsys.readouterr().err) == "facilitator: " + message
    assert snapshot(data) == before


def test_missing_new_passphrase_file_is_checked_before_anything(folder, tmp_path, monkeypatch, capsys):
    data, _recovery, _cycle = folder
    monkeypatch.setattr(_common, "ask_secret", lambda _prompt: pytest.fail("nothing is asked"))
    assert run("--data", str(data), "--new-passphrase-file", str(tmp_path / "absent")) == 1
    assert one_line(capsys.readouterr().err) == f"facilitator: passphrase file not found: {tmp_path / 'absent'}"


def test_uninitialised_folder(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("--data", str(empty), "--passphrase-file", secret_file(tmp_path, "old", OLD),
               "--new-passphrase-file", secret_file(tmp_path, "new", NEW)) == 1
    assert "no keyring.json" in one_line(capsys.readouterr().err)
    assert list(empty.iterdir()) == []


def test_the_command_line_takes_no_passphrase():
    from facilitator.cli import build_parser

    _parser, subparsers = build_parser()
    command.add_arguments(subparsers["passphrase"])
    options = {opt for action in subparsers["passphrase"]._actions for opt in action.option_strings}
    assert {"--passphrase-file", "--new-passphrase-file", "--recovery-key-file"} <= options
    assert not {"--passphrase", "--new-passphrase", "--recovery-key"} & options
