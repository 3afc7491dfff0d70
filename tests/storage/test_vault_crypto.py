"""Encryption at rest: round trip, passphrases, recovery key, no plaintext on disk, AAD, nonces, schema."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest

from facilitator.errors import UserError
from facilitator.storage import crypto
from facilitator.storage.vault import (
    FAST_TEST_KDF,
    SCHEMA_VERSION,
    CorruptFile,
    NewerSchema,
    ReadOnlyVault,
    Vault,
    WrongPassphrase,
)
from tests.storage.helpers import PASSPHRASE

SECRET_WORDS = ["Théodore", "méphédrone", "slam", "GHB", "préservatif", "rechute"]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry below `folder` (hidden ones included) with its size and mtime."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        entries[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    entries["."] = (0, folder.stat().st_mtime_ns)
    return entries


def test_round_trip_of_documents_and_tables(vault: Vault, data_dir: Path):
    doc = {"title": "Séance 3 — craving", "items": [1, 2.5, None, True], "nested": {"é": "[x]"}}
    vault.write("cycles/c1/plan.json", doc)
    assert vault.read("cycles/c1/plan.json") == doc
    assert vault.read("cycles/c1/absent.json") is None
    with vault.table("cycles/c1/session-1.db", "verbatims") as table:
        first = table.insert({"text": "premier"})
        table.insert({"text": "second"})
    rows = vault.read_table("cycles/c1/session-1.db", "verbatims")
    assert [row["text"] for row in rows] == ["premier", "second"]
    assert rows[0].doc_id == first and "doc_id" not in rows[0]
    assert vault.read_table("cycles/c1/session-1.db", "other") == []
    assert vault.read_table("cycles/c1/none.db", "verbatims") == []
    reopened = Vault.unlock(data_dir, PASSPHRASE)
    assert reopened.read("cycles/c1/plan.json") == doc


def test_update_returns_fn_result_and_uses_default(vault: Vault):
    def add(doc: dict) -> int:
        doc.setdefault("n", 0)
        doc["n"] += 1
        return doc["n"]

    default = {"n": 10}
    assert vault.update("counter.json", add, default=default) == 11
    assert vault.update("counter.json", add, default=default) == 12
    assert default == {"n": 10}, "the default must be copied, not mutated"
    assert vault.update("fresh.json", lambda d: d.setdefault("k", "v")) == "v"
    assert vault.read("fresh.json") == {"k": "v"}


def test_update_writes_nothing_when_fn_raises(vault: Vault):
    vault.write("doc.json", {"v": 1})

    def fail(doc: dict) -> None:
        doc["v"] = 2
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        vault.update("doc.json", fail)
    assert vault.read("doc.json") == {"v": 1}


def test_wrong_passphrase_is_refused_and_writes_nothing(vault: Vault, data_dir: Path):
    vault.write("cycles/c1/a.json", {"a": 1})
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphrase) as caught:
        Vault.unlock(data_dir, "not-the-right-one")
    assert str(caught.value) == f"wrong passphrase for data folder {data_dir.resolve()}"
    with pytest.raises(WrongPassphrase):
        Vault.unlock(data_dir, "not-the-right-one", read_only=True)
    assert snapshot(data_dir) == before


def test_change_passphrase_rewraps_only_the_key(vault: Vault, data_dir: Path):
    vault.write("cycles/c1/a.json", {"a": 1})
    data_file = data_dir / "cycles/c1/a.json"
    before = data_file.read_bytes(), data_file.stat().st_mtime_ns
    vault.change_passphrase("nouvelle phrase secrète")
    assert (data_file.read_bytes(), data_file.stat().st_mtime_ns) == before
    with pytest.raises(WrongPassphrase):
        Vault.unlock(data_dir, PASSPHRASE)
    reopened = Vault.unlock(data_dir, "nouvelle phrase secrète")
    assert reopened.read("cycles/c1/a.json") == {"a": 1}
    assert vault.verify_passphrase("nouvelle phrase secrète")
    assert not vault.verify_passphrase(PASSPHRASE)
    # Old keyring backups, which the old passphrase still opens, are gone.
    for backup in (data_dir / ".backups").glob("keyring.json.*"):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(_folder_with_keyring(data_dir.parent / "copy", backup), PASSPHRASE)


def _folder_with_keyring(folder: Path, keyring: Path) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "keyring.json").write_bytes(keyring.read_bytes())
    return folder


def test_verify_passphrase_follows_a_change_made_by_another_program(vault: Vault, data_dir: Path):
    other = Vault.unlock(data_dir, PASSPHRASE)
    other.change_passphrase("changée ailleurs 123")
    assert vault.verify_passphrase("changée ailleurs 123")
    assert not vault.verify_passphrase(PASSPHRASE)


def test_short_passphrase_refused(data_dir: Path):
    with pytest.raises(UserError, match="at least 8 characters"):
        Vault.create(data_dir, "court", kdf=FAST_TEST_KDF)
    with pytest.raises(UserError):
        Vault.create(data_dir, "        ", kdf=FAST_TEST_KDF)
    assert list(data_dir.iterdir()) == []


def test_create_refuses_an_initialised_folder(vault: Vault, data_dir: Path):
    keyring = (data_dir / "keyring.json").read_bytes()
    with pytest.raises(UserError, match="already set up"):
        Vault.create(data_dir, "another passphrase", kdf=FAST_TEST_KDF)
    assert (data_dir / "keyring.json").read_bytes() == keyring


def test_unlock_of_a_folder_never_set_up(data_dir: Path):
    assert not Vault.is_initialised(data_dir)
    with pytest.raises(UserError, match="not set up yet"):
        Vault.unlock(data_dir, PASSPHRASE)


def test_recovery_key_unlocks_and_can_be_replaced(data_dir: Path):
    vault, recovery = Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    vault.write("a.json", {"a": 1})
    typed = recovery.lower().replace("-", " ")
    assert Vault.unlock_with_recovery_key(data_dir, typed).read("a.json") == {"a": 1}
    with pytest.raises(WrongPassphrase, match="recovery key not recognised"):
        Vault.unlock_with_recovery_key(data_dir, "ABCD-EFGH")
    other, _ = crypto.new_recovery_key()
    with pytest.raises(WrongPassphrase, match="wrong recovery key"):
        Vault.unlock_with_recovery_key(data_dir, other)
    fresh = vault.new_recovery_key()
    assert fresh != recovery
    with pytest.raises(WrongPassphrase):
        Vault.unlock_with_recovery_key(data_dir, recovery)
    assert Vault.unlock_with_recovery_key(data_dir, fresh).read("a.json") == {"a": 1}
    assert Vault.unlock(data_dir, PASSPHRASE).read("a.json") == {"a": 1}


def test_no_plaintext_anywhere_in_the_folder(vault: Vault, data_dir: Path):
    text = " ".join(SECRET_WORDS)
    vault.write("cycles/c1/notes.json", {"note": text})
    vault.write("cycles/c1/notes.json", {"note": text + " encore"})
    with vault.table("cycles/c1/session-1.db", "verbatims") as table:
        table.insert({"text": text})
    vault.audit("edit", actor="facilitator:TB", target="cycle c1 session 1", detail="Théodore GHB")
    vault.change_passphrase("une autre phrase")
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert any(path.name == "keyring.json" for path in files)
    assert len(files) >= 6
    for path in files:
        raw = path.read_bytes()
        for word in [*SECRET_WORDS, "verbatims", "note", "une autre phrase", PASSPHRASE]:
            for encoded in {word.encode("utf-8"), json.dumps(word).encode("ascii")}:
                assert encoded not in raw, f"{word!r} found in {path}"


def test_relpath_is_authenticated(vault: Vault, data_dir: Path):
    vault.write("cycles/c1/session-1.db", {"who": "one"})
    vault.write("cycles/c1/session-2.db", {"who": "two"})
    os.replace(data_dir / "cycles/c1/session-1.db", data_dir / "cycles/c1/session-2.db")
    with pytest.raises(CorruptFile, match="cycles/c1/session-2.db"):
        vault.read("cycles/c1/session-2.db")


def test_nonce_differs_on_every_write(vault: Vault, data_dir: Path):
    nonces = set()
    for _ in range(20):
        vault.write("same.json", {"same": "content"})
        header = (data_dir / "same.json").read_bytes()[: crypto.HEADER_SIZE]
        nonces.add(header[-crypto.NONCE_SIZE :])
    assert len(nonces) == 20


def test_header_holds_magic_and_schema_version(vault: Vault, data_dir: Path):
    vault.write("a.json", {})
    vault.write("a.json", {"again": True})
    magic, fmt, schema, generation, _nonce = struct.unpack(">4sBHQ12s", (data_dir / "a.json").read_bytes()[: crypto.HEADER_SIZE])
    assert (magic, fmt, schema, generation) == (crypto.MAGIC, crypto.FORMAT_VERSION, SCHEMA_VERSION, 2)


def test_file_from_a_newer_schema_is_refused(vault: Vault, data_dir: Path):
    relpath = "future/future.json"  # outside cycles/: sealed with the folder key
    blob = crypto.seal(vault._data_key, relpath, b'{"from": "the future"}', SCHEMA_VERSION + 1)
    path = data_dir / relpath
    path.parent.mkdir(parents=True)
    path.write_bytes(blob)
    with pytest.raises(NewerSchema, match=r"newer version of facilitator \(schema 2, this version reads up to schema 1\)"):
        vault.read(relpath)
    with pytest.raises(NewerSchema):
        vault.update(relpath, lambda doc: doc.clear())
    with pytest.raises(NewerSchema):
        vault.write(relpath, {})
    assert path.read_bytes() == blob


def test_read_only_vault_refuses_writes_and_takes_no_locks(vault: Vault, data_dir: Path):
    vault.write("cycles/c1/a.json", {"a": 1})
    locks = sorted(p.name for p in (data_dir / ".locks").rglob("*"))
    review = Vault.unlock(data_dir, PASSPHRASE, read_only=True)
    assert review.read_only
    assert review.read("cycles/c1/a.json") == {"a": 1}
    assert review.read_table("cycles/c1/b.db", "t") == []
    attempts = [
        lambda: review.write("cycles/c1/a.json", {}),
        lambda: review.update("cycles/c1/a.json", dict.clear),
        lambda: review.delete_tree("cycles/c1"),
        lambda: review.audit("export", actor="observer:XY", target="c1"),
        lambda: review.change_passphrase("another passphrase"),
    ]
    for attempt in attempts:
        with pytest.raises(ReadOnlyVault):
            attempt()
    with pytest.raises(ReadOnlyVault):
        with review.table("cycles/c1/b.db", "t"):
            pass
    assert vault.read("cycles/c1/a.json") == {"a": 1}
    assert sorted(p.name for p in (data_dir / ".locks").rglob("*")) == locks
    assert not (data_dir / "cycles/c1/b.db").exists()


@pytest.mark.parametrize("relpath", ["", "/abs.json", "a/../b.json", "a//b.json", ".backups/x", "a/.hidden", "keyring.json", "audit/2026-01.log", "a\\b"])
def test_invalid_relpaths_are_programming_errors(vault: Vault, relpath: str):
    with pytest.raises(ValueError):
        vault.write(relpath, {})


def test_repr_does_not_show_the_key(vault: Vault):
    assert vault._data_key.hex() not in repr(vault)
    assert "Vault(" in repr(vault)


def test_threads_of_one_program_exclude_each_other(vault: Vault):
    import threading

    def bump(doc: dict) -> None:
        doc["n"] = doc.get("n", 0) + 1

    def worker() -> None:
        for _ in range(25):
            vault.update("counter.json", bump)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert vault.read("counter.json") == {"n": 100}


def test_nested_lock_of_the_same_file_fails_at_once(vault: Vault):
    with vault.table("cycles/c1/a.db", "t") as table:
        table.insert({"x": 1})
        with pytest.raises(RuntimeError, match="already locked by this thread"):
            vault.update("cycles/c1/a.db", dict.clear)
        vault.write("cycles/c1/other.json", {"fine": True})
    vault.update("cycles/c1/a.db", lambda doc: None)
    assert vault.read_table("cycles/c1/a.db", "t") == [{"x": 1}]
