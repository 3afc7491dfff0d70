"""Listing, existence, change detection, purge and the cheap backups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.storage.vault import CorruptFile, Vault


def test_list_skips_backups_locks_temp_keyring_and_audit(vault: Vault, data_dir: Path):
    for relpath in ("cycles/c1/session-1.db", "cycles/c1/session-2.db", "cycles/c1/roster.json", "cycles/c2/session-1.db", "settings.json"):
        vault.write(relpath, {"x": relpath})
        vault.write(relpath, {"x": relpath, "again": True})
    vault.audit("edit", actor="facilitator:AB", target="c1")
    (data_dir / "cycles/c1/.session-1.db.tmp").write_bytes(b"leftover")
    assert vault.list("") == [
        "cycles/c1/roster.json",
        "cycles/c1/session-1.db",
        "cycles/c1/session-2.db",
        "cycles/c2/session-1.db",
        "settings.json",
    ]
    assert vault.list("cycles/c1", "session-*.db") == ["cycles/c1/session-1.db", "cycles/c1/session-2.db"]
    assert vault.list("cycles", "*/session-1.db") == ["cycles/c1/session-1.db", "cycles/c2/session-1.db"]
    assert vault.list("cycles/c9") == []


def test_exists_and_mtime(vault: Vault):
    assert not vault.exists("a.json") and vault.mtime_ns("a.json") is None
    seen = []
    for n in range(30):
        vault.write("a.json", {"n": n})
        seen.append(vault.mtime_ns("a.json"))
    assert vault.exists("a.json")
    assert all(later > earlier for earlier, later in zip(seen, seen[1:], strict=False)), "every write is visible"


def test_three_backups_by_hard_links(vault: Vault, data_dir: Path):
    for n in range(5):
        vault.write("cycles/c1/a.json", {"n": n})
    backups = vault.backups("cycles/c1/a.json")
    assert [p.name for p in backups] == ["a.json.1", "a.json.2", "a.json.3"]
    opened = [Vault.read(vault, "cycles/c1/a.json")]
    assert opened == [{"n": 4}]
    for expected, backup in zip((3, 2, 1), backups, strict=True):
        live = data_dir / "cycles/c1/a.json"
        os.replace(live, data_dir / "cycles/c1/keep")
        os.link(backup, live)
        assert vault._backup_plaintext("cycles/c1/a.json", live) == b'{"n":%d}' % expected
        with pytest.raises(CorruptFile, match="replaced by an older version"):  # the manifest knows it is old
            vault.read("cycles/c1/a.json")
        os.unlink(live)
        os.replace(data_dir / "cycles/c1/keep", live)
    # The newest backup is the previous live file itself (a link, no copy).
    vault.write("cycles/c1/a.json", {"n": 5})
    previous_inode = backups[0].stat().st_ino
    vault.write("cycles/c1/a.json", {"n": 6})
    assert backups[1].stat().st_ino == previous_inode


def test_delete_tree_purges_data_backups_and_locks(vault: Vault, data_dir: Path):
    for relpath in ("cycles/c1/a.json", "cycles/c1/sub/b.json", "cycles/c2/a.json"):
        vault.write(relpath, {})
        vault.write(relpath, {"v": 2})
    vault.delete_tree("cycles/c1")
    for root in (data_dir, data_dir / ".backups", data_dir / ".locks"):
        assert not (root / "cycles/c1").exists()
        assert (root / "cycles/c2").exists()
    assert vault.list("") == ["cycles/c2/a.json"]
    vault.delete_tree("cycles/c1")  # already gone: nothing to do
