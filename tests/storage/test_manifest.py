"""The folder's manifest: a rolled-back, deleted or swapped file is detected and named with its backup;
the audit log is hash-chained; each cycle has its own key; older folders are migrated at unlock."""

from __future__ import annotations

import os
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from facilitator.errors import UserError
from facilitator.storage import crypto
from facilitator.storage.vault import CorruptFile, Vault
from tests.storage.helpers import PASSPHRASE

FILE = "cycles/c1/verbatims-3.db"


def test_a_backup_copied_over_the_live_file_is_refused_with_its_name(vault: Vault, data_dir: Path):
    for n in range(3):
        vault.write(FILE, {"n": n})
    shutil.copyfile(data_dir / ".backups" / f"{FILE}.1", data_dir / FILE)
    with pytest.raises(CorruptFile, match=rf"{FILE} was replaced by an older version \(version 2, the folder "
                                          rf"expects version 3\).*\.backups/{FILE}.1"):
        vault.read(FILE)
    with pytest.raises(CorruptFile):
        vault.update(FILE, lambda doc: doc.update(n=99))
    assert vault.check() and "older version" in vault.check()[0]


def test_a_deleted_file_is_reported_listed_and_restored(vault: Vault, data_dir: Path):
    vault.write(FILE, {"n": 1})
    vault.write(FILE, {"n": 2})
    (data_dir / FILE).unlink()
    with pytest.raises(CorruptFile, match=rf"missing file {FILE} .*latest good backup: \.backups/{FILE}.1"):
        vault.read(FILE)
    with pytest.raises(CorruptFile):
        vault.write(FILE, {"n": 3})  # never recreated empty over what was lost
    assert FILE in vault.list("cycles")
    assert vault.restore_backup(FILE) is None
    assert vault.read(FILE) == {"n": 1}
    vault.write(FILE, {"n": 3})
    assert vault.read(FILE) == {"n": 3}


def test_restore_refuses_a_healthy_file_unless_forced(vault: Vault):
    vault.write(FILE, {"n": 1})
    vault.write(FILE, {"n": 2})
    with pytest.raises(UserError, match="healthy"):
        vault.restore_backup(FILE)
    vault.restore_backup(FILE, force=True)
    assert vault.read(FILE) == {"n": 1}
    assert vault.check() == [], "a forced restore is the newest version, not a rollback"


def test_a_file_swapped_between_cycles_fails(vault: Vault, data_dir: Path):
    vault.write("cycles/c1/roster.db", {"names": ["Alexandre"]})
    vault.write("cycles/c2/roster.db", {"names": ["Bastien"]})
    shutil.copyfile(data_dir / "cycles/c1/roster.db", data_dir / "cycles/c2/roster.db")
    with pytest.raises(CorruptFile, match="damaged file cycles/c2/roster.db"):
        vault.read("cycles/c2/roster.db")


def _audit_lines(vault: Vault, data_dir: Path, n: int = 5) -> Path:
    vault.now = lambda: datetime(2026, 11, 21, 10, tzinfo=UTC)
    for i in range(n):
        vault.audit("edit", actor="facilitator:AB", target=f"verbatim v{i}")
    return data_dir / "audit/2026-11.log"


@pytest.mark.parametrize("change", ["delete_middle", "delete_last", "swap", "duplicate", "delete_month"])
def test_an_altered_audit_log_is_reported(vault: Vault, data_dir: Path, change: str):
    log = _audit_lines(vault, data_dir)
    assert vault.audit_problems() == []
    lines = log.read_bytes().splitlines(keepends=True)
    altered = {
        "delete_middle": lines[:2] + lines[3:],
        "delete_last": lines[:-1],
        "swap": [lines[0], lines[2], lines[1], *lines[3:]],
        "duplicate": [*lines[:3], lines[2], *lines[3:]],
        "delete_month": [],
    }[change]
    if change == "delete_month":
        log.unlink()
    else:
        log.write_bytes(b"".join(altered))
    problems = vault.audit_problems()
    assert problems, change
    assert any(r["action"] == "tampered" for r in vault.read_audit())


def test_copies_of_a_cycle_taken_before_its_purge_no_longer_decrypt(vault: Vault, data_dir: Path, tmp_path: Path):
    vault.write("cycles/c1/roster.db", {"entries": {"P01": ["Alexandre"]}})
    vault.write("cycles/c2/roster.db", {"entries": {"P01": ["Bastien"]}})
    copy = tmp_path / "copy"
    shutil.copytree(data_dir / "cycles/c1", copy)
    assert vault.purge_cycle("c1") == 1
    assert not (data_dir / "cycles/c1").exists() and vault.list("cycles") == ["cycles/c2/roster.db"]
    shutil.copytree(copy, data_dir / "cycles/c1")
    with pytest.raises(CorruptFile, match="cycle's key is gone"):
        Vault.unlock(data_dir, PASSPHRASE).read("cycles/c1/roster.db")
    assert vault.read("cycles/c2/roster.db") == {"entries": {"P01": ["Bastien"]}}
    assert b"Alexandre" not in b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())


def _seal_v1(key: bytes, relpath: str, plaintext: bytes) -> bytes:
    """A file as the previous format wrote it (no generation; the folder key for every file)."""
    header = struct.pack(">4sBH12s", crypto.MAGIC, 1, 1, os.urandom(12))
    return header + AESGCM(key).encrypt(header[-12:], plaintext, header + b"\x00" + relpath.encode())


def test_a_folder_of_the_previous_format_is_migrated_at_unlock(vault: Vault, data_dir: Path):
    key = vault._data_key
    for name in ("manifest.db", "keys.db"):
        for path in [data_dir / name, *(data_dir / ".backups").glob(f"{name}*")]:
            path.unlink()
    (data_dir / "cycles/c1").mkdir(parents=True)
    (data_dir / FILE).write_bytes(_seal_v1(key, FILE, b'{"text": "ancien"}'))
    (data_dir / "live.db").write_bytes(_seal_v1(key, "live.db", b"{}"))
    reader = Vault.unlock(data_dir, PASSPHRASE, read_only=True)  # a report, before any writable opening
    reader.audit("export", actor="report", target="cycle c1", even_if_read_only=True)
    assert not (data_dir / "manifest.db").exists(), "only the migration makes the manifest"
    opened = Vault.unlock(data_dir, PASSPHRASE)
    assert opened.read(FILE) == {"text": "ancien"}
    assert crypto.peek_format((data_dir / FILE).read_bytes()) == 2, "re-sealed under the cycle's key"
    assert opened.read("live.db") == {}
    (data_dir / FILE).unlink()
    with pytest.raises(CorruptFile, match="missing file"):
        opened.read(FILE)


def test_a_damaged_keys_file_is_named_and_restored_from_its_identical_copy(vault: Vault, data_dir: Path):
    vault.write("cycles/c1/roster.db", {"entries": {"P01": ["Alexandre"]}})
    keys = data_dir / "keys.db"
    keys.write_bytes(keys.read_bytes()[:-3])
    reopened = Vault.unlock(data_dir, PASSPHRASE)  # still opens, so that it can be restored
    with pytest.raises(CorruptFile, match=r"keys.db .*\.backups/keys.db.1.*facilitator restore keys.db"):
        reopened.read("cycles/c1/roster.db")
    used, kept = reopened.restore_keys()
    assert used.name == "keys.db.1" and kept is not None
    assert reopened.read("cycles/c1/roster.db") == {"entries": {"P01": ["Alexandre"]}}
    with pytest.raises(UserError, match="healthy"):
        reopened.restore_keys()


def test_a_purge_drops_the_cycle_from_the_journal_of_unsaved_saves(vault: Vault, data_dir: Path):
    from facilitator.storage.journal import read_journal, write_journal

    vault.write("cycles/c1/roster.db", {"entries": {}})
    write_journal(vault, [("verbatim", {"cycle_id": "c1", "text": "Alexandre a dit"})])
    write_journal(vault, [("verbatim", {"cycle_id": "c2", "text": "Bastien a dit"})])
    vault.purge_cycle("c1")
    assert [data["cycle_id"] for _kind, data in read_journal(vault)] == ["c2"]
    assert b"Alexandre" not in b"".join(
        crypto.open_sealed(vault._data_key, "journal/unsaved.db", p.read_bytes()).plaintext
        for p in [data_dir / "journal/unsaved.db", *vault.backups("journal/unsaved.db")])
