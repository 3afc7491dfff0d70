"""The keyring cannot be lost: copies at creation and at each change, a second recovery file, bounded KDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.errors import UserError
from facilitator.storage import keyring as keyrings
from facilitator.storage.vault import FAST_TEST_KDF, CorruptFile, KdfParams, Vault, WrongPassphrase
from tests.storage.helpers import PASSPHRASE


@pytest.fixture
def created(data_dir: Path) -> tuple[Vault, str]:
    return Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)


def _keyring(data_dir: Path) -> dict:
    return json.loads((data_dir / "keyring.json").read_text())


def _write(data_dir: Path, doc: dict) -> None:
    (data_dir / "keyring.json").write_text(json.dumps(doc))


def test_creation_writes_copies_of_the_keyring_and_a_second_recovery_file(created, data_dir: Path):
    live = (data_dir / "keyring.json").read_bytes()
    for n in (1, 2, 3):
        assert (data_dir / f".backups/keyring.json.{n}").read_bytes() == live
        assert (data_dir / f".backups/keyring-recovery.json.{n}").is_file()
    recovery = json.loads((data_dir / "keyring-recovery.json").read_text())
    assert recovery["recovery"] == _keyring(data_dir)["recovery"]


def test_a_truncated_keyring_names_its_copy_and_opens_once_restored(created, data_dir: Path):
    vault, _ = created
    vault.write("a.json", {"x": 1})
    keyring = data_dir / "keyring.json"
    keyring.write_bytes(keyring.read_bytes()[:100])
    with pytest.raises(CorruptFile, match=r"keyring.json .*\.backups/keyring.json.1.*restore keyring.json"):
        Vault.unlock(data_dir, PASSPHRASE)
    used, kept = keyrings.restore(data_dir)
    assert used.name == "keyring.json.1" and kept is not None and kept.read_bytes().startswith(b"{")
    assert Vault.unlock(data_dir, PASSPHRASE).read("a.json") == {"x": 1}


def test_restore_refuses_a_healthy_keyring_unless_forced(created, data_dir: Path):
    with pytest.raises(UserError, match="healthy"):
        keyrings.restore(data_dir)
    keyrings.restore(data_dir, force=True)
    Vault.unlock(data_dir, PASSPHRASE)


def test_a_folder_with_data_but_no_keyring_is_never_set_up_again(created, data_dir: Path):
    vault, _ = created
    vault.write("cycles/c1/cycle.db", {"cycle": 1})
    (data_dir / "keyring.json").unlink()
    with pytest.raises(UserError, match=r"keyring.json is missing .*\.backups/keyring.json.1.*restore keyring.json"):
        Vault.create(data_dir, "another-passphrase", kdf=FAST_TEST_KDF)
    assert not (data_dir / "keyring.json").exists()
    keyrings.restore(data_dir)
    assert Vault.unlock(data_dir, PASSPHRASE).read("cycles/c1/cycle.db") == {"cycle": 1}


def test_every_keyring_copy_lost_the_recovery_file_still_opens_and_rebuilds_it(created, data_dir: Path):
    vault, recovery = created
    vault.write("a.json", {"x": 1})
    for path in keyrings.copies(data_dir, "keyring.json"):
        path.unlink()
    with pytest.raises(UserError, match="recovery key"):
        Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)
    opened = Vault.unlock_with_recovery_key(data_dir, recovery)
    assert opened.read("a.json") == {"x": 1}
    opened.change_passphrase("a-brand-new-passphrase", kdf=FAST_TEST_KDF)
    assert Vault.unlock(data_dir, "a-brand-new-passphrase").read("a.json") == {"x": 1}
    assert Vault.unlock_with_recovery_key(data_dir, recovery).read("a.json") == {"x": 1}


@pytest.mark.parametrize(("field", "value"), [
    ("memory_cost_kib", 10**9), ("time_cost", 10**6), ("parallelism", 0), ("time_cost", "8"), ("time_cost", True),
])
def test_unbounded_kdf_parameters_are_refused_before_any_derivation(created, data_dir: Path, field, value):
    doc = _keyring(data_dir)
    doc["kdf"][field] = value
    _write(data_dir, doc)
    with pytest.raises(CorruptFile, match=f"kdf.{field}"):
        Vault.unlock(data_dir, PASSPHRASE)


def test_a_damaged_wrapped_key_is_not_called_a_wrong_passphrase(created, data_dir: Path):
    doc = _keyring(data_dir)
    wrapped = bytearray(keyrings.crypto.unb64(doc["passphrase"]["wrapped"]))
    wrapped[5] ^= 0x01
    doc["passphrase"]["wrapped"] = keyrings.crypto.b64(bytes(wrapped))
    _write(data_dir, doc)
    with pytest.raises(CorruptFile, match="passphrase is right but the wrapped key"):
        Vault.unlock(data_dir, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(data_dir, "not-the-passphrase")


def test_weak_kdf_parameters_are_upgraded_at_the_next_unlock(data_dir: Path, monkeypatch):
    weak = KdfParams(time_cost=1, memory_cost_kib=2048, parallelism=1)
    monkeypatch.setattr(keyrings, "MIN_KDF", KdfParams(2, 4096, 1))
    monkeypatch.setattr(keyrings, "DEFAULT_KDF", KdfParams(2, 4096, 1))
    Vault.create(data_dir, PASSPHRASE, kdf=weak)
    Vault.unlock(data_dir, PASSPHRASE, read_only=True)
    assert _keyring(data_dir)["kdf"]["time_cost"] == 1, "a read-only opening writes nothing"
    Vault.unlock(data_dir, PASSPHRASE)
    assert (_keyring(data_dir)["kdf"]["time_cost"], _keyring(data_dir)["kdf"]["memory_cost_kib"]) == (2, 4096)
    assert json.loads((data_dir / ".backups/keyring.json.3").read_text())["kdf"]["time_cost"] == 2
    Vault.unlock(data_dir, PASSPHRASE)


def test_a_passphrase_change_killed_half_way_is_finished_at_the_next_opening(created, data_dir: Path, monkeypatch):
    vault, _ = created
    real = keyrings.atomic.replace_file
    calls = []

    def crash_after_two_copies(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 3:  # .next written, .backups/keyring.json.3 written, then the "crash"
            raise KeyboardInterrupt
        real(path, data, **kwargs)

    monkeypatch.setattr(keyrings.atomic, "replace_file", crash_after_two_copies)
    with pytest.raises(KeyboardInterrupt):
        vault.change_passphrase("the-new-passphrase")
    monkeypatch.setattr(keyrings.atomic, "replace_file", real)
    assert (data_dir / ".backups/keyring.json.next").is_file()
    Vault.unlock(data_dir, "the-new-passphrase")
    with pytest.raises(WrongPassphrase):
        Vault.unlock(data_dir, PASSPHRASE)
    copies = {path.read_bytes() for path in keyrings.copies(data_dir, "keyring.json")}
    assert len(copies) == 1 and not (data_dir / ".backups/keyring.json.next").exists()


def test_a_version_1_keyring_is_migrated_at_unlock(created, data_dir: Path):
    doc = _keyring(data_dir)
    doc["version"] = 1
    del doc["passphrase"]["check"], doc["recovery"]["check"]
    _write(data_dir, doc)
    for path in keyrings.copies(data_dir, "keyring-recovery.json"):
        path.unlink()
    Vault.unlock(data_dir, PASSPHRASE)
    assert _keyring(data_dir)["version"] == keyrings.KEYRING_VERSION
    assert "check" in _keyring(data_dir)["passphrase"]
    assert (data_dir / "keyring-recovery.json").is_file()


def test_check_reports_a_damaged_or_missing_copy(created, data_dir: Path):
    vault, _ = created
    assert vault.check() == []
    (data_dir / ".backups/keyring.json.2").write_text("{")
    (data_dir / ".backups/keys.db.3").unlink()
    problems = vault.check()
    assert len(problems) == 2
    assert problems[0].startswith(".backups/keyring.json.2: damaged or missing copy of keyring.json")
    assert problems[1].startswith(".backups/keys.db.3: damaged or missing copy of keys.db")
