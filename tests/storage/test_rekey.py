"""`rekey` replaces the folder key: old keyrings and the old recovery key open nothing, data stays readable,
hashed export codes stay the same, and a rekey cut at any write is finished by running it again."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facilitator.errors import UserError
from facilitator.storage import atomic
from facilitator.storage.vault import FAST_TEST_KDF, CorruptFile, Vault, WrongPassphrase
from tests.storage.helpers import PASSPHRASE


def _fill(vault: Vault) -> None:
    vault.now = lambda: datetime(2026, 11, 21, 10, tzinfo=UTC)
    vault.write("cycles/c1/roster.db", {"entries": {"P01": ["Alexandre"]}})
    vault.write("live.db", {"cycle_id": "c1"})
    vault.write("live.db", {})
    for n in range(3):
        vault.audit("edit", actor="F1", target=f"verbatim v{n}")


def _readable(folder: Path, passphrase: str = PASSPHRASE) -> Vault:
    vault = Vault.unlock(folder, passphrase)
    assert vault.read("cycles/c1/roster.db") == {"entries": {"P01": ["Alexandre"]}}
    assert vault.read("live.db") == {}
    assert vault.check() == []
    assert [r["target"] for r in vault.read_audit() if r["action"] == "edit"] == [f"verbatim v{n}" for n in range(3)]
    return vault


def test_rekey_makes_old_keyrings_and_the_old_recovery_key_useless(data_dir: Path, tmp_path: Path):
    vault, old_recovery = Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)
    _fill(vault)
    secret = vault.derive_secret("export-ids/c1")
    old_keyring = (data_dir / "keyring.json").read_bytes()
    new_recovery = vault.rekey(PASSPHRASE)
    assert new_recovery != old_recovery
    reopened = _readable(data_dir)
    assert reopened.derive_secret("export-ids/c1") == secret, "hashed codes stay the same in exports"
    Vault.unlock_with_recovery_key(data_dir, new_recovery)
    with pytest.raises(WrongPassphrase):
        Vault.unlock_with_recovery_key(data_dir, old_recovery)
    stolen = tmp_path / "stolen"
    shutil.copytree(data_dir, stolen)
    (stolen / "keyring.json").write_bytes(old_keyring)
    with pytest.raises(CorruptFile):
        Vault.unlock(stolen, PASSPHRASE, read_only=True).read("live.db")


def test_a_rekey_cut_at_any_write_is_finished_by_running_it_again(data_dir: Path, tmp_path: Path, monkeypatch):
    Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)[0]
    _fill(Vault.unlock(data_dir, PASSPHRASE))
    template = tmp_path / "template"
    shutil.copytree(data_dir, template)
    real = atomic.replace_file
    cut = 1
    while True:
        shutil.rmtree(data_dir)
        shutil.copytree(template, data_dir)
        def cut_at(path, data, calls=[], at=cut, **kwargs):  # noqa: B006 - one list per loop turn
            calls.append(path)
            if len(calls) == at:
                raise KeyboardInterrupt
            return real(path, data, **kwargs)

        monkeypatch.setattr(atomic, "replace_file", cut_at)
        try:
            recovery = Vault.unlock(data_dir, PASSPHRASE).rekey(PASSPHRASE)
            monkeypatch.setattr(atomic, "replace_file", real)
            break
        except KeyboardInterrupt:
            monkeypatch.setattr(atomic, "replace_file", real)
        if (data_dir / ".backups/rekey.pending").exists():
            with pytest.raises(UserError, match="run facilitator rekey again"):
                Vault.unlock(data_dir, PASSPHRASE)
            recovery = Vault.unlock(data_dir, PASSPHRASE, finishing_rekey=True).rekey(PASSPHRASE)
            Vault.unlock_with_recovery_key(data_dir, recovery)
        _readable(data_dir)
        cut += 1
    assert cut > 10
    _readable(data_dir)
