"""Damaged files are detected, named with their newest good backup, and never written over."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.errors import UserError
from facilitator.storage.vault import CorruptFile, Vault
from tests.storage.helpers import PASSPHRASE

RELPATH = "cycles/abc/session-1.db"


def flip_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "flipped byte": flip_byte,
    "flipped header byte": lambda data: bytes([data[0], data[1], data[2], data[3], data[4] ^ 0x80]) + data[5:],
    "flipped last byte": lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),
    "truncated": lambda data: data[: len(data) - 7],
    "truncated to header": lambda data: data[:12],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x00\xffnot ours at all" * 10,
    "plain json": lambda data: b'{"hello": "world"}',
}


def three_versions(vault: Vault) -> None:
    for version in (1, 2, 3):
        with vault.table(RELPATH, "verbatims") as table:
            table.insert({"version": version})


@pytest.mark.parametrize("damage", DAMAGES)
def test_damage_is_detected_and_names_the_newest_good_backup(vault: Vault, data_dir: Path, damage: str):
    three_versions(vault)
    path = data_dir / RELPATH
    damaged = DAMAGES[damage](path.read_bytes())
    path.write_bytes(damaged)
    with pytest.raises(CorruptFile) as caught:
        vault.read(RELPATH)
    message = str(caught.value)
    assert message.startswith(f"damaged file {RELPATH} (")
    assert f"latest good backup: .backups/{RELPATH}.1 (" in message
    assert caught.value.backup == data_dir / ".backups" / f"{RELPATH}.1"
    assert "\n" not in message


def test_reasons_are_specific(vault: Vault, data_dir: Path):
    three_versions(vault)
    path = data_dir / RELPATH
    good = path.read_bytes()
    expected = {
        b"": "empty file",
        good[:-5]: "authentication failed",
        good[:20]: "truncated",
        b"garbage garbage garbage garbage garbage": "not a facilitator file",
    }
    for content, reason in expected.items():
        path.write_bytes(content)
        with pytest.raises(CorruptFile, match=f"\\({reason}"):
            vault.read(RELPATH)


def test_a_damaged_backup_is_skipped(vault: Vault, data_dir: Path):
    three_versions(vault)
    for damaged in (data_dir / RELPATH, data_dir / ".backups" / f"{RELPATH}.1"):
        # Rewrite instead of editing in place: .1 is a hard link to an older live version.
        content = flip_byte(damaged.read_bytes())
        damaged.unlink()
        damaged.write_bytes(content)
    with pytest.raises(CorruptFile, match=rf"latest good backup: \.backups/{RELPATH}\.2 \("):
        vault.read(RELPATH)


def test_a_first_version_is_backed_up_and_survives_damage_in_place(vault: Vault, data_dir: Path):
    vault.write("single.json", {"a": 1})
    (data_dir / "single.json").write_bytes(b"")          # damaged in place: the backup is a copy, not a link
    vault.restore_backup("single.json")
    assert vault.read("single.json") == {"a": 1}
    vault.write("single.json", {"a": 2})
    vault.write("single.json", {"a": 3})
    assert all(vault._backup_plaintext("single.json", p) is not None for p in vault.backups("single.json"))
    assert len({p.read_bytes() for p in vault.backups("single.json")}) == len(vault.backups("single.json"))


def test_no_backup_is_said(vault: Vault, data_dir: Path):
    vault.write("single.json", {"a": 1})
    for backup in vault.backups("single.json"):
        backup.unlink()
    (data_dir / "single.json").write_bytes(b"")
    with pytest.raises(CorruptFile) as caught:
        vault.read("single.json")
    assert str(caught.value) == "damaged file single.json (empty file); no backup"


def test_damaged_file_is_never_written_over(vault: Vault, data_dir: Path):
    three_versions(vault)
    path = data_dir / RELPATH
    damaged = flip_byte(path.read_bytes())
    path.write_bytes(damaged)
    backups_before = [p.read_bytes() for p in vault.backups(RELPATH)]
    with pytest.raises(CorruptFile):
        vault.update(RELPATH, lambda doc: doc.clear())
    with pytest.raises(CorruptFile):
        with vault.table(RELPATH, "verbatims") as table:
            table.insert({"version": 4})
    with pytest.raises(CorruptFile):
        vault.read_table(RELPATH, "verbatims")
    with pytest.raises(CorruptFile):
        vault.write(RELPATH, {})
    assert path.read_bytes() == damaged
    assert [p.read_bytes() for p in vault.backups(RELPATH)] == backups_before


def test_restore_backup_keeps_the_damaged_file(vault: Vault, data_dir: Path):
    three_versions(vault)
    path = data_dir / RELPATH
    damaged = flip_byte(path.read_bytes())
    path.write_bytes(damaged)
    kept = vault.restore_backup(RELPATH)
    assert kept.read_bytes() == damaged
    assert [row["version"] for row in vault.read_table(RELPATH, "verbatims")] == [1, 2]
    with vault.table(RELPATH, "verbatims") as table:
        table.insert({"version": 4})
    assert [row["version"] for row in vault.read_table(RELPATH, "verbatims")] == [1, 2, 4]


def test_restore_without_good_backup_refuses(vault: Vault, data_dir: Path):
    vault.write("single.json", {"a": 1})
    (data_dir / "single.json").write_bytes(b"xx")
    for backup in vault.backups("single.json"):       # the first version's copy, damaged too
        backup.write_bytes(b"yy")
    with pytest.raises(UserError, match="no good backup of single.json"):
        vault.restore_backup("single.json")
    assert (data_dir / "single.json").read_bytes() == b"xx"


def test_damaged_keyring_is_reported_with_its_backup(vault: Vault, data_dir: Path):
    vault.change_passphrase("seconde phrase secrète")
    keyring = data_dir / "keyring.json"
    keyring.write_bytes(keyring.read_bytes()[:40])
    with pytest.raises(CorruptFile, match=r"damaged file keyring.json \(.*\); latest good backup: \.backups/keyring.json.1"):
        Vault.unlock(data_dir, "seconde phrase secrète")
    os.replace(data_dir / ".backups" / "keyring.json.1", keyring)
    assert Vault.unlock(data_dir, "seconde phrase secrète").data_dir == data_dir.resolve()
    with pytest.raises(UserError):
        Vault.unlock(data_dir, PASSPHRASE)
