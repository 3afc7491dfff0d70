"""`facilitator restore FILE`: a damaged file gets its latest good backup back; the damaged one is kept."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.models import Facilitator
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, CorruptFile, Vault

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "restore-passphrase"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", "--lang", "en", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


@pytest.fixture
def damaged(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=FAST_TEST_KDF)
    store = Store(vault, FakeClock())
    cycle = store.create_cycle(label="Cycle", site="Site", start_date=date(2026, 3, 2),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                               participants=["P01", "P02"])
    store.save_cycle(cycle.model_copy(update={"label": "Cycle renamed"}))  # the backup holds "Cycle"
    relpath = f"cycles/{cycle.id}/cycle.db"
    path = folder / relpath
    broken = path.read_bytes()[:-5]
    path.write_bytes(broken)
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n")
    return folder, relpath, broken, secret


def test_restore_puts_the_good_backup_back_and_keeps_the_damaged_file(damaged):
    folder, relpath, broken, secret = damaged
    with pytest.raises(CorruptFile) as caught:
        Vault.unlock(folder, PASSPHRASE).read(relpath)
    assert f"facilitator restore {relpath}" in caught.value.message
    result = run("restore", relpath, "--data", str(folder), "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stderr
    vault = Vault.unlock(folder, PASSPHRASE)
    assert vault.read(relpath)["cycle"]["label"] == "Cycle"
    kept = [p for p in (folder / ".backups").rglob("*.damaged-*")]
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    assert any(r["action"] == "restore" and r["target"] == relpath for r in vault.read_audit())


@pytest.mark.parametrize("target", ["cycles/none/cycle.db", "../outside.db"])
def test_restore_refuses_unknown_or_outside_files(damaged, target):
    folder, relpath, broken, secret = damaged
    result = run("restore", target, "--data", str(folder), "--passphrase-file", str(secret))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert (folder / relpath).read_bytes() == broken


@pytest.mark.processes
def test_restore_keyring_needs_no_secret_and_the_folder_opens_again(damaged):
    folder, _relpath, _broken, _secret = damaged
    keyring = folder / "keyring.json"
    keyring.write_bytes(keyring.read_bytes()[:200])
    restored = run("restore", "keyring.json", "--data", str(folder))
    assert restored.returncode == 0, restored.stderr
    assert "put back from .backups/keyring.json.1" in restored.stdout
    Vault.unlock(folder, PASSPHRASE)
    healthy = run("restore", "keyring.json", "--data", str(folder))
    assert healthy.returncode == 1 and "healthy" in healthy.stderr and healthy.stderr.count("\n") == 1
