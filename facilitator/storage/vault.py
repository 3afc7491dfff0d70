"""The data folder: encrypted JSON documents and TinyDB files, written atomically under cross-process locks.

Layout of a data folder:
    keyring.json                 KDF parameters and salt, the folder key wrapped by the passphrase and by
                                 the recovery key (no secret in clear); see `keyring.py`
    keyring-recovery.json        the recovery wrap again, in a second file
    keys.db                      each cycle's key and the purges in progress (sealed by the folder key)
    manifest.db                  each file's latest generation and the audit chain's head (sealed)
    <relpath>                    documents: header (with the file's generation) + AES-256-GCM ciphertext of
                                 the JSON text; a cycle's files (cycles/<id>/...) under the cycle's key
    audit/<YYYY-MM>.log          append-only audit log, one encrypted record per line, hash-chained
    .backups/<relpath>.1..3      the three previous versions of each document (newest = .1); identical
                                 copies for keyring.json, keyring-recovery.json and keys.db
    .locks/<relpath>.lock        write locks (kernel flock, released if the holder is killed)
    <folder>/.<name>.tmp         the temp file of a write in progress (encrypted; reused, never piles up)

A file older than the manifest says (a backup copied over it), missing although the manifest knows it,
or sealed for another path or cycle is refused with its name and latest good backup.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import copy
import errno
import fnmatch
import hashlib
import hmac
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.storage import atomic, crypto
from facilitator.storage import keyring as keyrings
from facilitator.storage.audit import (
    AUDIT_DIR,
    audit_relpath,
    chain_problems,
    decode_log,
    encode_line,
    line_hash,
    make_record,
)
from facilitator.storage.audit import (
    complete_lines as audit_complete_lines,
)
from facilitator.storage.audit import links as audit_links
from facilitator.storage.errors import (  # noqa: F401 - re-exported
    CorruptFile,
    LockTimeout,
    NewerSchema,
    ReadOnlyVault,
    StorageError,
    WrongPassphrase,
)
from facilitator.storage.folder import DataFolderError, check_data_folder  # noqa: F401 - re-exported
from facilitator.storage.keyring import (  # noqa: F401 - re-exported
    DEFAULT_KDF,
    FAST_TEST_KDF,
    KEYRING_NAME,
    RECOVERY_NAME,
    KdfParams,
)
from facilitator.storage.locks import DEFAULT_TIMEOUT_S, LockBusy, acquire
from facilitator.storage.tinystore import VaultStorage

SCHEMA_VERSION = 1
BACKUPS_DIR = ".backups"
LOCKS_DIR = ".locks"
MIN_PASSPHRASE_CHARS = 8

T = TypeVar("T")

MANIFEST_NAME = "manifest.db"  # sealed: each file's generation, the audit chain's head
KEYS_NAME = "keys.db"  # sealed: each cycle's key, and the purges in progress; copies kept identical
AUDIT_LOCK = "audit"  # one lock for every month's log, so the hash chain has one order
RESERVED = frozenset({KEYRING_NAME, RECOVERY_NAME, MANIFEST_NAME, KEYS_NAME})  # never data documents
PURGE_STEPS = ("key_destroyed", "files_deleted", "manifest_updated", "done")


def _purge_checkpoint(step: str) -> None:
    """No-op hook between the steps of a purge; tests replace it to kill the process there."""


def _cycle_of(relpath: str) -> str | None:
    parts = relpath.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "cycles" else None

_held = threading.local()  # relpaths whose lock this thread holds, to refuse nesting at once


def _reason_for(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0, "")
    try:
        return t(f"storage.errno_{name}")
    except KeyError:
        return (exc.strerror or str(exc)).lower()


def _check_relpath(relpath: str, *, allow_root: bool = False) -> str:
    """Validate a "/"-separated path inside the data folder (a programming error raises ValueError)."""
    if relpath in ("", ".") and allow_root:
        return ""
    parts = relpath.split("/")
    if (
        not relpath
        or "\\" in relpath
        or "\x00" in relpath
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
    ):
        raise ValueError(f"invalid data path {relpath!r}: '/'-separated names, none empty or starting with '.'")
    if parts[0] == AUDIT_DIR or relpath in RESERVED:
        raise ValueError(f"invalid data path {relpath!r}: reserved for the audit log or the keyring")
    return relpath


class Vault:
    """An unlocked data folder: reads and writes encrypted documents by relpath."""

    data_dir: Path
    read_only: bool

    def __init__(self, data_dir: Path, data_key: bytes, keyring: dict[str, Any], *, read_only: bool) -> None:
        self.data_dir = data_dir
        self.read_only = read_only
        self.lock_timeout: float = DEFAULT_TIMEOUT_S
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)  # audit times; replaceable by a clock
        self._data_key = data_key
        self._keyring = keyring
        self._manifest_cache: tuple[int, dict[str, Any]] | None = None
        self._keys_cache: tuple[int, dict[str, Any]] | None = None
        self.warnings: list[str] = []  # writes that succeeded with a doubt (e.g. the folder's fsync failed)

    def __repr__(self) -> str:  # never show the key
        return f"Vault({str(self.data_dir)!r}, read_only={self.read_only})"

    # ------------------------------------------------------------ opening

    @staticmethod
    def is_initialised(data_dir: Path) -> bool:
        return (Path(data_dir) / KEYRING_NAME).is_file()

    @classmethod
    def create(cls, data_dir: Path, passphrase: str, *, kdf: KdfParams = DEFAULT_KDF) -> tuple[Vault, str]:
        """Set up a new data folder; returns the vault and the recovery key to show once.

        A folder that already holds data is never set up again, even when its keyring is missing:
        that would make every old file unreadable.
        """
        _check_passphrase(passphrase)
        folder = check_data_folder(data_dir, writable=True)
        if cls.is_initialised(folder):
            raise UserError(t("storage.already_initialised", path=folder))
        if keyrings.has_data(folder):
            raise UserError(keyrings.missing_message(folder))
        folder_key = crypto.new_data_key()
        recovery_text, recovery_secret = crypto.new_recovery_key()
        keyring = keyrings.new_keyring(passphrase, folder_key, recovery_secret, kdf)
        vault = cls(folder, folder_key, keyring, read_only=False)
        with vault._lock(KEYRING_NAME):
            if cls.is_initialised(folder) or keyrings.has_data(folder):
                raise UserError(t("storage.already_initialised", path=folder))
            vault._save_keyring(keyring)
            vault._update_manifest(lambda manifest: None, create=True)
            vault._write_keys({"cycles": {}, "purging": []})
        return vault, recovery_text

    @classmethod
    def unlock(cls, data_dir: Path, passphrase: str, *, read_only: bool = False,
               finishing_rekey: bool = False) -> Vault:
        """Open the data folder with the passphrase (one Argon2id derivation); WrongPassphrase otherwise.

        A keyring below the project's minimum KDF cost, or of an older format, is re-wrapped (writable only).
        """
        folder = check_data_folder(data_dir, writable=not read_only)
        keyring = keyrings.load(folder)
        result = keyrings.unwrap_with_passphrase(keyring, passphrase)
        if result.key is None:
            if result.damaged:
                raise CorruptFile(t("integrity.wrap_damaged", path=folder, copies=_copies_text(folder)),
                                  relpath=KEYRING_NAME)
            raise WrongPassphrase(t("storage.wrong_passphrase", path=folder))
        vault = cls(folder, result.key, keyring, read_only=read_only)
        if vault._rekey_path().exists():
            if finishing_rekey:
                return vault
            raise UserError(t("integrity.rekey_interrupted", path=folder))
        vault._open_integrity()
        if not read_only and (keyrings.needs_upgrade(keyring) or keyring.get("version", 1) < keyrings.KEYRING_VERSION
                              or not (folder / RECOVERY_NAME).is_file()):
            params, _salt = keyrings.parse_kdf(keyring["kdf"])
            vault.change_passphrase(passphrase, kdf=keyrings.DEFAULT_KDF if keyrings.needs_upgrade(keyring) else params)
        return vault

    @classmethod
    def unlock_with_recovery_key(cls, data_dir: Path, recovery_key: str, *, read_only: bool = False) -> Vault:
        """Open with the recovery key; works from keyring-recovery.json when keyring.json is lost or damaged."""
        folder = check_data_folder(data_dir, writable=not read_only)
        secret = crypto.parse_recovery_key(recovery_key)
        if secret is None:
            raise WrongPassphrase(t("storage.malformed_recovery_key"))
        entry = keyrings.load_recovery_entry(folder)
        if entry is None:
            raise UserError(keyrings.missing_message(folder) if not keyrings.good_copy(folder)
                            else t("integrity.no_recovery_wrap", path=folder))
        result = keyrings.unwrap_with_recovery(entry, secret)
        if result.key is None:
            if result.damaged:
                raise CorruptFile(t("integrity.wrap_damaged", path=folder, copies=_copies_text(folder)),
                                  relpath=KEYRING_NAME)
            raise WrongPassphrase(t("storage.wrong_recovery_key", path=folder))
        try:
            keyring: dict[str, Any] = keyrings.load(folder)
        except (UserError, OSError):
            keyring = {"recovery": entry}  # keyring.json lost: a new passphrase will rebuild it
        vault = cls(folder, result.key, keyring, read_only=read_only)
        vault._open_integrity()
        return vault

    def change_passphrase(self, new_passphrase: str, *, kdf: KdfParams | None = None) -> None:
        """Wrap the folder key with a new passphrase (no data file is rewritten).

        keyring.json, its copies and the recovery file are all replaced in one step a crash cannot
        split, so no copy that the old passphrase opens is left behind.
        """
        self._require_writable(KEYRING_NAME)
        _check_passphrase(new_passphrase)
        if kdf is None:
            kdf = self._kdf_to_keep()
        entry = keyrings.passphrase_entry(new_passphrase, self._data_key, kdf)
        with self._lock(KEYRING_NAME):
            try:
                current = keyrings.load(self.data_dir)
            except (UserError, OSError):
                current = {}
            recovery = current.get("recovery") or self._keyring["recovery"]
            keyring = {"format": keyrings.KEYRING_FORMAT, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                       **current, **entry, "recovery": recovery, "version": keyrings.KEYRING_VERSION}
            if kdf != FAST_TEST_KDF:
                keyring.pop("test_kdf", None)
            self._save_keyring(keyring)
        self._keyring = keyring

    def _kdf_to_keep(self) -> KdfParams:
        """The current KDF cost, or the default when it is unknown or below the project's minimum."""
        try:
            params, _salt = keyrings.parse_kdf(self._keyring.get("kdf"))
        except ValueError:
            return keyrings.DEFAULT_KDF
        return keyrings.DEFAULT_KDF if keyrings.needs_upgrade(self._keyring) else params

    def new_recovery_key(self) -> str:
        """Replace the recovery key everywhere; the old one stops working. Returns the new one, to show once."""
        self._require_writable(KEYRING_NAME)
        text, secret = crypto.new_recovery_key()
        with self._lock(KEYRING_NAME):
            keyring = {**keyrings.load(self.data_dir), "recovery": keyrings.recovery_entry(secret, self._data_key)}
            self._save_keyring(keyring)
        self._keyring = keyring
        return text

    def verify_passphrase(self, passphrase: str) -> bool:
        """True if `passphrase` opens this folder (for the auto-lock screen; reads no data file).

        Uses the keyring on disk when another program changed the passphrase meanwhile, else the one in memory.
        """
        keyring = self._keyring
        try:
            on_disk = keyrings.validate_keyring(json.loads((self.data_dir / KEYRING_NAME).read_bytes()))
            if on_disk != keyring:
                keyring = on_disk
        except (OSError, ValueError):
            pass
        try:
            data_key = keyrings.unwrap_with_passphrase(keyring, passphrase).key
        except (KeyError, ValueError, TypeError):
            data_key = None
        if data_key is None or not hmac.compare_digest(data_key, self._data_key):
            return False
        self._keyring = keyring
        return True

    # ------------------------------------------------------------ documents

    def read(self, relpath: str) -> dict | None:
        """The decrypted document, None if the file does not exist; CorruptFile if it is damaged."""
        return self._read_unlocked(_check_relpath(relpath))

    def write(self, relpath: str, doc: dict) -> None:
        """Replace the document atomically under its lock (folders created; a damaged file is not written over)."""
        _check_relpath(relpath)
        self._require_writable(relpath)
        with self._lock(relpath):
            self._write_unlocked(relpath, doc)

    def update(self, relpath: str, fn: Callable[[dict], T], *, default: dict | None = None) -> T:
        """Lock, read fresh (or a copy of `default`, or {}), let `fn` mutate the dict, write, unlock; fn's result.

        If `fn` raises, nothing is written. A damaged file raises CorruptFile: it never restarts from {}.
        """
        _check_relpath(relpath)
        self._require_writable(relpath)
        with self._lock(relpath):
            doc = self._read_unlocked(relpath)
            if doc is None:
                doc = copy.deepcopy(default) if default is not None else {}
            result = fn(doc)
            self._write_unlocked(relpath, doc, existing_checked=True)
            return result

    @contextmanager
    def table(self, relpath: str, name: str) -> Iterator[Table]:
        """A TinyDB table of the file, under the file's lock for the whole block; each TinyDB write is atomic.

        A fresh TinyDB each time: TinyDB caches the next doc id per Table, which would collide with
        inserts made meanwhile by the other process.
        """
        _check_relpath(relpath)
        self._require_writable(relpath)
        with self._lock(relpath):
            db = TinyDB(storage=VaultStorage, vault=self, relpath=relpath)
            try:
                yield db.table(name)
            finally:
                db.close()

    def read_table(self, relpath: str, name: str) -> list[Document]:
        """Unlocked snapshot of a TinyDB table, ordered by doc id.

        Each item is a tinydb `Document`: a plain dict of the stored fields with a `.doc_id` attribute
        (no "doc_id" key is added to the dict).
        """
        doc = self._read_unlocked(_check_relpath(relpath)) or {}
        rows = doc.get(name) or {}
        return [Document(value, doc_id=int(key)) for key, value in sorted(rows.items(), key=lambda kv: int(kv[0]))]

    def list(self, reldir: str, pattern: str = "*") -> list[str]:
        """Sorted relpaths of the data files below `reldir` (recursively) matching `pattern`.

        `pattern` is matched against the file name, or against the path relative to `reldir` if it
        contains "/". Backups, locks, temp files, the keyring, the manifest and the audit log are never
        listed. A file the manifest knows but that is missing is listed, so reading it reports it.
        """
        base = _check_relpath(reldir, allow_root=True)
        root = self.data_dir / base if base else self.data_dir
        purging = set(self._keys().get("purging", []))

        def matches(relpath: str) -> bool:
            below = relpath[len(base) + 1:] if base else relpath
            return fnmatch.fnmatchcase(below if "/" in pattern else relpath.rsplit("/", 1)[-1], pattern)

        found: set[str] = set()
        for folder, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            if Path(folder) == self.data_dir:
                dirnames[:] = [d for d in dirnames if d != AUDIT_DIR]
            for filename in filenames:
                if filename.startswith("."):
                    continue
                relpath = (Path(folder) / filename).relative_to(self.data_dir).as_posix()
                if relpath not in RESERVED and _cycle_of(relpath) not in purging and matches(relpath):
                    found.add(relpath)
        manifest = self._manifest_or_none()
        if manifest is not None:
            for relpath in manifest["files"]:
                inside = not base or relpath.startswith(base + "/")
                if inside and _cycle_of(relpath) not in purging and matches(relpath):
                    found.add(relpath)
        return sorted(found)

    def exists(self, relpath: str) -> bool:
        return (self.data_dir / _check_relpath(relpath)).is_file()

    def mtime_ns(self, relpath: str) -> int | None:
        """The file's modification time (strictly increases on each write), None if absent; a stat only."""
        try:
            return os.stat(self.data_dir / _check_relpath(relpath)).st_mtime_ns
        except FileNotFoundError:
            return None

    def delete_tree(self, reldir: str) -> None:
        """Delete a folder: its data files, their backups and their locks, and their manifest entries."""
        _check_relpath(reldir)
        self._require_writable(reldir)
        self._delete_files(reldir)
        self._forget(reldir)

    def _delete_files(self, reldir: str) -> None:
        for root in (self.data_dir, self.data_dir / BACKUPS_DIR, self.data_dir / LOCKS_DIR):
            target = root / reldir
            try:
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
                else:
                    continue
                atomic.fsync_dir(target.parent)
            except OSError as exc:
                raise StorageError(t("storage.delete_failed", relpath=reldir, reason=_reason_for(exc))) from exc

    def _forget(self, reldir: str) -> None:
        def drop(manifest: dict[str, Any]) -> None:
            for relpath in [r for r in manifest["files"] if r == reldir or r.startswith(reldir + "/")]:
                del manifest["files"][relpath]

        self._update_manifest(drop)

    def backups(self, relpath: str) -> builtins.list[Path]:   # `list` here is the method above
        """Existing backups of the file, newest first."""
        return self._backups(_check_relpath(relpath))

    def _backups(self, relpath: str) -> builtins.list[Path]:
        base = self.data_dir / BACKUPS_DIR / relpath
        return [path for path in atomic.backup_paths(base) if path.is_file()]

    def restore_backup(self, relpath: str, backup: Path | None = None, *, force: bool = False) -> Path | None:
        """Put a good backup back in place (default: the newest that decrypts) as the file's newest version.

        Refuses a healthy file unless `force`; brings back a missing one. The damaged file is kept as
        `.backups/<relpath>.damaged-<UTC time>`, never deleted; returns that path (None if there was none).
        """
        if relpath != MANIFEST_NAME:
            _check_relpath(relpath)
        self._require_writable(relpath)
        with self._lock(relpath):
            live = self.data_dir / relpath
            if relpath != MANIFEST_NAME and not force:
                try:
                    healthy = self._read_unlocked(relpath) is not None
                except CorruptFile:
                    healthy = False
                if healthy:
                    raise UserError(t("integrity.restore_healthy", file=relpath))
                if not live.exists() and not self._backups(relpath):
                    raise UserError(t("storage.no_good_backup", relpath=relpath))
            candidates = [backup] if backup is not None else self._backups(relpath)
            good = next((p for p in candidates if self._backup_plaintext(relpath, p) is not None), None)
            if good is None:
                raise UserError(t("storage.no_good_backup", relpath=relpath))
            kept = None
            try:
                if live.exists():
                    kept = self.data_dir / BACKUPS_DIR / f"{relpath}.damaged-{self.now():%Y%m%dT%H%M%S}"
                    atomic.ensure_dir(kept.parent)
                    with contextlib.suppress(FileExistsError):
                        os.link(live, kept)
                if relpath == MANIFEST_NAME:
                    self._note(atomic.replace_file(live, good.read_bytes()))
                    self._manifest_cache = None
                else:  # sealed again as the newest generation, so the manifest does not call it a rollback
                    plaintext = self._backup_plaintext(relpath, good)
                    assert plaintext is not None
                    self._seal_and_replace(relpath, plaintext, rotate=False)
            except OSError as exc:
                raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc
            return kept

    def restore_keys(self, *, force: bool = False) -> tuple[Path, Path | None]:
        """Put a good copy of keys.db back in place (the copies are identical); (copy used, damaged file kept)."""
        self._require_writable(KEYS_NAME)
        with self._lock(KEYS_NAME):
            try:
                result = keyrings.restore(self.data_dir, name=KEYS_NAME, force=force, validate=self._keys_validator)
            except OSError as exc:
                raise StorageError(t("storage.save_failed", relpath=KEYS_NAME, reason=_reason_for(exc))) from exc
            self._keys_cache = None
            return result

    # ------------------------------------------------------------ audit

    def audit(self, action: str, *, actor: str, target: str, detail: str = "",
              even_if_read_only: bool = False) -> None:
        """Append one encrypted record (UTC time, actor, action, target ids, short detail; never note text).

        Each record names the hash of the line before it, and the manifest keeps the hash of the last
        one. `even_if_read_only` lets a read-only reader (an export) record what it did: the audit log is
        append-only and locked on its own, so no data file is touched.
        """
        when = self.now()
        when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
        relpath = audit_relpath(when)
        if not even_if_read_only:
            self._require_writable(relpath)
        record: dict[str, str] = make_record(when, action, actor, target, detail)
        with self._lock(AUDIT_LOCK):
            record["prev"] = self._audit_tail_hash()
            line = encode_line(self._data_key, relpath, record, SCHEMA_VERSION)
            try:
                atomic.append_line(self.data_dir / relpath, line)
            except OSError as exc:
                raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc
            try:
                self._update_manifest(lambda manifest: manifest.update(audit_head=line_hash(line)))
            except UserError as exc:  # the record is written; the next append or check sees the gap
                self.warnings.append(exc.message)

    def _audit_logs(self) -> builtins.list[Path]:
        folder = self.data_dir / AUDIT_DIR
        return sorted(folder.glob("*.log")) if folder.is_dir() else []

    def _audit_tail_hash(self) -> str:
        """The hash of the last readable line of the log, "" when it is empty."""
        for path in reversed(self._audit_logs()):
            relpath = f"{AUDIT_DIR}/{path.name}"
            chain = audit_links(self._data_key, relpath, self._read_log(path, relpath))
            if chain:
                return chain[-1].hash
        return ""

    def _read_log(self, path: Path, relpath: str) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise StorageError(t("storage.read_failed", relpath=relpath, reason=_reason_for(exc))) from exc

    def audit_problems(self) -> builtins.list[tuple[str, str]]:
        """(where, message) for each line removed, added or moved, and for a log cut short or a month deleted."""
        chain = []
        for path in self._audit_logs():
            relpath = f"{AUDIT_DIR}/{path.name}"
            chain.extend(audit_links(self._data_key, relpath, self._read_log(path, relpath)))
        manifest = self._manifest_or_none()
        head = manifest.get("audit_head") if manifest is not None else None
        return [(where, t(f"integrity.audit_{code}")) for where, code in chain_problems(chain, head)]

    def derive_secret(self, purpose: str) -> bytes:
        """A 32-byte secret bound to this data folder and `purpose` (HMAC-SHA256); never stored.

        Stable across `rekey` (it derives from the folder's first key, kept in keys.db), so hashed
        participant codes stay the same in every export.
        """
        base = self._keys().get("derive_base")
        key = crypto.unb64(base) if isinstance(base, str) else self._data_key
        return hmac.new(key, b"facilitator/" + purpose.encode("utf-8"), hashlib.sha256).digest()

    def read_audit(self) -> builtins.list[dict]:
        """Every audit record, oldest first: dicts with time, actor, action, target, detail."""
        folder = self.data_dir / AUDIT_DIR
        if not folder.is_dir():
            return []
        records: list[dict] = []
        for path in sorted(folder.glob("*.log")):
            relpath = f"{AUDIT_DIR}/{path.name}"
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise StorageError(t("storage.read_failed", relpath=relpath, reason=_reason_for(exc))) from exc
            records.extend({k: v for k, v in r.items() if k != "prev"}
                           for r in decode_log(self._data_key, relpath, raw))
        for where, message in self.audit_problems():
            records.append({"time": "", "actor": "", "action": "tampered", "target": where, "detail": message})
        return records

    # ------------------------------------------------------------ internals (also used by VaultStorage)

    def _require_writable(self, relpath: str) -> None:
        if self.read_only:
            raise ReadOnlyVault(t("storage.read_only", relpath=relpath))

    @contextmanager
    def _lock(self, relpath: str) -> Iterator[None]:
        lock_path = self.data_dir / LOCKS_DIR / f"{relpath}.lock"
        held: set[Path] = _held.__dict__.setdefault("paths", set())
        if lock_path in held:
            # flock is per open file: a nested lock on the same file would wait for itself until LockTimeout.
            raise RuntimeError(f"{relpath} is already locked by this thread (nested write, update or table)")
        try:
            lock = acquire(lock_path, self.lock_timeout)
        except LockBusy:
            seconds = f"{self.lock_timeout:g}"
            raise LockTimeout(t("storage.lock_timeout", relpath=relpath, seconds=seconds)) from None
        except OSError as exc:
            raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc
        held.add(lock_path)
        try:
            yield
        finally:
            held.discard(lock_path)
            lock.release()

    def _read_blob(self, relpath: str) -> bytes | None:
        """The file's bytes as stored, None if it does not exist."""
        try:
            return (self.data_dir / relpath).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(t("storage.read_failed", relpath=relpath, reason=_reason_for(exc))) from exc

    def _key_for(self, relpath: str, format_version: int | None, *, create: bool = False) -> bytes | None:
        """The key of a file: its cycle's key for a cycle's files (format 2), else the folder key.

        None when the cycle has no key (it was purged); with `create`, a new cycle gets its key.
        """
        cycle = _cycle_of(relpath)
        if cycle is None or format_version == 1:
            return self._data_key
        encoded = self._keys()["cycles"].get(cycle)
        if encoded is not None:
            return crypto.unb64(encoded)
        return self._new_cycle_key(cycle) if create else None

    def _open_sealed(self, relpath: str, blob: bytes) -> crypto.Opened:
        """Decrypt one file's bytes and check their schema; CorruptFile or NewerSchema otherwise."""
        key = self._key_for(relpath, crypto.peek_format(blob))
        if key is None:
            raise self._corrupt(relpath, "no_key")
        try:
            opened = crypto.open_sealed(key, relpath, blob)
        except crypto.SealError as exc:
            raise self._corrupt(relpath, exc.reason) from None
        if opened.schema_version > SCHEMA_VERSION:
            raise NewerSchema(
                t("storage.newer_schema", relpath=relpath, found=opened.schema_version, supported=SCHEMA_VERSION)
            )
        return opened

    def _read_unlocked(self, relpath: str) -> dict | None:
        blob = self._read_blob(relpath)
        if blob is None:
            if self._expected_generation(relpath) is not None:
                raise self._missing(relpath)
            return None
        opened = self._open_sealed(relpath, blob)
        self._check_generation(relpath, opened.generation)
        try:
            doc = json.loads(opened.plaintext)
        except ValueError:
            raise self._corrupt(relpath, "json") from None
        if not isinstance(doc, dict):
            raise self._corrupt(relpath, "json")
        return doc

    def _write_unlocked(self, relpath: str, doc: dict, *, existing_checked: bool = False) -> None:
        """Seal and replace the file (caller holds the lock). Unless the caller has just read it under the
        same lock (`existing_checked`), the current file is checked first: a damaged, rolled-back, missing
        or newer file is never written over, which would push the evidence out of the backups."""
        self._require_writable(relpath)
        if not isinstance(doc, dict):
            raise TypeError(f"a document is a dict, not {type(doc).__name__}")
        plaintext = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if not existing_checked:
            self._read_unlocked(relpath)
        try:
            self._seal_and_replace(relpath, plaintext, rotate=True)
        except OSError as exc:
            raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc

    def _seal_and_replace(self, relpath: str, plaintext: bytes, *, rotate: bool) -> None:
        """Write `plaintext` as the file's next generation, then record that generation in the manifest.

        An error after the rename (the manifest not updated, the folder's fsync failed) is a success with
        a warning: the content is in place, and a retry would run the caller's job twice.
        """
        path = self.data_dir / relpath
        generation = max(self._header_generation(path), self._expected_generation(relpath) or 0) + 1
        key = self._key_for(relpath, crypto.FORMAT_VERSION, create=True)
        assert key is not None
        blob = crypto.seal(key, relpath, plaintext, SCHEMA_VERSION, generation)
        backup_base = self.data_dir / BACKUPS_DIR / relpath if rotate else None
        self._note(atomic.replace_file(path, blob, backup_base=backup_base))
        try:
            self._record_generation(relpath, generation)
        except UserError as exc:
            self.warnings.append(exc.message)

    def _note(self, warning: str | None) -> None:
        if warning:
            self.warnings.append(t("integrity.written_with_warning", detail=warning))

    @staticmethod
    def _header_generation(path: Path) -> int:
        """The generation in a file's header (unauthenticated: only to pick the next number), 0 if none."""
        try:
            with path.open("rb") as handle:
                header = handle.read(crypto.HEADER_SIZE)
        except OSError:
            return 0
        return crypto.peek_generation(header)

    def _backup_plaintext(self, relpath: str, backup: Path) -> bytes | None:
        try:
            blob = backup.read_bytes()
            key = self._key_for(relpath, crypto.peek_format(blob))
            if key is None:
                return None
            return crypto.open_sealed(key, relpath, blob).plaintext
        except (OSError, crypto.SealError):
            return None

    def _backup_is_good(self, relpath: str, backup: Path) -> bool:
        return self._backup_plaintext(relpath, backup) is not None

    def _newest_good_backup(self, relpath: str) -> Path | None:
        return next((path for path in self._backups(relpath) if self._backup_is_good(relpath, path)), None)

    def _backup_text(self, good: Path) -> tuple[str, str]:
        when = datetime.fromtimestamp(good.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        return good.relative_to(self.data_dir).as_posix(), when

    def _corrupt(self, relpath: str, reason_code: str) -> CorruptFile:
        reason = t(f"integrity.reason_{reason_code}") if reason_code == "no_key" else t(f"storage.reason_{reason_code}")
        good = self._newest_good_backup(relpath)
        if good is None:
            return CorruptFile(t("storage.corrupt_no_backup", relpath=relpath, reason=reason), relpath=relpath)
        shown, when = self._backup_text(good)
        return CorruptFile(t("storage.corrupt_with_backup", relpath=relpath, reason=reason, backup=shown, when=when),
                           relpath=relpath, backup=good)

    def _missing(self, relpath: str) -> CorruptFile:
        good = self._newest_good_backup(relpath)
        if good is None:
            return CorruptFile(t("integrity.missing_no_backup", relpath=relpath), relpath=relpath)
        shown, when = self._backup_text(good)
        return CorruptFile(t("integrity.missing_with_backup", relpath=relpath, backup=shown, when=when),
                           relpath=relpath, backup=good)

    def _check_generation(self, relpath: str, generation: int) -> None:
        """CorruptFile when the file is older than the manifest says its latest version is (a rollback)."""
        expected = self._expected_generation(relpath)
        if expected is None or generation >= expected:
            return
        good = self._newest_good_backup(relpath)
        shown, when = self._backup_text(good) if good is not None else ("-", "")
        raise CorruptFile(t("integrity.rolled_back", relpath=relpath, found=generation, expected=expected,
                            backup=shown, when=when), relpath=relpath, backup=good)

    # ------------------------------------------------------------ manifest and cycle keys

    def _expected_generation(self, relpath: str) -> int | None:
        manifest = self._manifest_or_none()
        return None if manifest is None else manifest["files"].get(relpath)

    def _record_generation(self, relpath: str, generation: int) -> None:
        def record(manifest: dict[str, Any]) -> None:
            manifest["files"][relpath] = max(manifest["files"].get(relpath, 0), generation)

        self._update_manifest(record)

    def _manifest_expected(self) -> bool:
        """Whether this folder has had a manifest (then a missing one is reported, never rebuilt)."""
        return (self.data_dir / KEYS_NAME).exists() or bool(self._backups(MANIFEST_NAME))

    def _manifest_or_none(self) -> dict[str, Any] | None:
        """The manifest (cached while the file is unchanged), None in a folder not yet migrated to one."""
        path = self.data_dir / MANIFEST_NAME
        try:
            stamp = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            if self._manifest_expected():
                raise self._missing(MANIFEST_NAME) from None
            return None
        if self._manifest_cache is not None and self._manifest_cache[0] == stamp:
            return self._manifest_cache[1]
        blob = self._read_blob(MANIFEST_NAME) or b""
        try:
            manifest = json.loads(crypto.open_sealed(self._data_key, MANIFEST_NAME, blob).plaintext)
        except crypto.SealError as exc:
            raise self._corrupt(MANIFEST_NAME, exc.reason) from None
        except ValueError:
            raise self._corrupt(MANIFEST_NAME, "json") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            raise self._corrupt(MANIFEST_NAME, "json")
        self._manifest_cache = (stamp, manifest)
        return manifest

    def _update_manifest(self, change: Callable[[dict[str, Any]], object], *, create: bool = False) -> None:
        """Read the manifest fresh under its lock, apply `change`, write it (with backups). Also from a
        read-only vault: the manifest only follows what was written. In a folder not migrated yet (no
        manifest), nothing is done unless `create`: the migration builds it from every file."""
        with self._lock(MANIFEST_NAME):
            self._manifest_cache = None
            manifest = self._manifest_or_none()
            if manifest is None:
                if not create:
                    return
                manifest = {"version": 1, "files": {}, "audit_head": ""}
            change(manifest)
            plaintext = json.dumps(manifest, separators=(",", ":")).encode("utf-8")
            blob = crypto.seal(self._data_key, MANIFEST_NAME, plaintext, SCHEMA_VERSION)
            try:
                # no fsync of the folder: after a crash an older manifest is harmless (a file one or
                # more generations ahead of it is accepted; only an older file is refused)
                self._note(atomic.replace_file(self.data_dir / MANIFEST_NAME, blob, sync_dir=False,
                                               backup_base=self.data_dir / BACKUPS_DIR / MANIFEST_NAME))
            except OSError as exc:
                raise StorageError(t("storage.save_failed", relpath=MANIFEST_NAME, reason=_reason_for(exc))) from exc
            self._manifest_cache = None

    def _keys_validator(self, blob: bytes) -> object:
        try:
            return json.loads(crypto.open_sealed(self._data_key, KEYS_NAME, blob).plaintext)
        except crypto.SealError as exc:
            raise ValueError(exc.reason) from None

    def _keys(self) -> dict[str, Any]:
        """The cycle keys and purges in progress (cached while keys.db is unchanged)."""
        path = self.data_dir / KEYS_NAME
        try:
            stamp = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            return {"cycles": {}, "purging": []}
        if self._keys_cache is not None and self._keys_cache[0] == stamp:
            return self._keys_cache[1]
        try:
            keys = self._keys_validator(self._read_blob(KEYS_NAME) or b"")
        except ValueError:
            good = next((p for p in keyrings.copies(self.data_dir, KEYS_NAME)[1:] if self._keys_copy_ok(p)), None)
            shown = good.relative_to(self.data_dir).as_posix() if good else "-"
            raise CorruptFile(t("integrity.keys_damaged", backup=shown), relpath=KEYS_NAME, backup=good) from None
        if not isinstance(keys, dict) or not isinstance(keys.get("cycles"), dict):
            raise CorruptFile(t("integrity.keys_damaged", backup="-"), relpath=KEYS_NAME)
        keys.setdefault("purging", [])
        self._keys_cache = (stamp, keys)
        return keys

    def _keys_copy_ok(self, path: Path) -> bool:
        try:
            self._keys_validator(path.read_bytes())
        except (OSError, ValueError):
            return False
        return True

    def _write_keys(self, keys: dict[str, Any]) -> None:
        """Replace keys.db and all its copies in one step (caller holds its lock, or is creating the folder)."""
        plaintext = json.dumps(keys, separators=(",", ":")).encode("utf-8")
        blob = crypto.seal(self._data_key, KEYS_NAME, plaintext, SCHEMA_VERSION)
        try:
            keyrings.write_copies(self.data_dir, KEYS_NAME, blob, self._keys_validator)
        except OSError as exc:
            raise StorageError(t("storage.save_failed", relpath=KEYS_NAME, reason=_reason_for(exc))) from exc
        self._keys_cache = None

    def _new_cycle_key(self, cycle: str) -> bytes:
        with self._lock(KEYS_NAME):
            self._keys_cache = None
            keys = copy.deepcopy(self._keys())
            if cycle in keys["cycles"]:
                return crypto.unb64(keys["cycles"][cycle])
            if cycle in keys["purging"]:
                raise StorageError(t("integrity.cycle_purging", cycle=cycle))
            key = crypto.new_data_key()
            keys["cycles"][cycle] = crypto.b64(key)
            self._write_keys(keys)
            return key

    def _open_integrity(self) -> None:
        """At unlock: finish a keys.db change cut by a crash, then (writable) migrate an older folder and
        finish the purges a crash interrupted."""
        with contextlib.suppress(OSError):
            keyrings.finish_pending(self.data_dir, KEYS_NAME, self._keys_validator)
        if self.read_only:
            return
        try:
            self._migrate()
            purging = list(self._keys().get("purging", []))
        except CorruptFile:
            return  # reported when a file is read; `restore keys.db` / `restore manifest.db` must still open
        for cycle in purging:
            self._finish_purge(cycle)
            self.audit("purge", actor="system", target=f"cycle {cycle}", detail="resumed after an interruption")

    def _migrate(self) -> None:
        """Give a folder made before manifests and cycle keys both, re-sealing each cycle's files under its key.

        Idempotent: a migration cut by a crash goes on at the next unlock (`migrating` stays set until the end).
        """
        manifest = self._manifest_or_none()
        if manifest is not None and not manifest.get("migrating"):
            return
        if manifest is None:
            files = {}
            for relpath in self.list(""):
                files[relpath] = self._header_generation(self.data_dir / relpath)
            head = self._audit_tail_hash()
            self._update_manifest(lambda m: m.update(files=files, audit_head=head, migrating=True), create=True)
        if not (self.data_dir / KEYS_NAME).exists():
            self._write_keys({"cycles": {}, "purging": []})
        for relpath in self.list("cycles"):
            blob = self._read_blob(relpath)
            if blob is None or crypto.peek_format(blob) != 1:
                continue
            with self._lock(relpath):
                try:
                    doc = self._read_unlocked(relpath)
                except UserError:
                    continue  # a damaged file stays as it is, reported when read
                if doc is not None:
                    self._write_unlocked(relpath, doc, existing_checked=True)
        self._update_manifest(lambda m: m.pop("migrating", None))

    # ------------------------------------------------------------ rekey

    def rekey(self, passphrase: str) -> str:
        """Replace the folder key; returns the new recovery key (the old one, and every old copy of the
        keyring, stop opening the folder). Finishes an interrupted rekey instead when one is pending.

        What the folder key seals is sealed again (keys.db, the manifest, files outside cycles and their
        backups, the audit log with its chain rebuilt); the cycles' files keep their own keys. Every step
        can be repeated, so a crash is finished by running it again (`.backups/rekey.pending`).
        """
        self._require_writable(KEYRING_NAME)
        if keyrings.unwrap_with_passphrase(self._keyring, passphrase).key != self._data_key:
            raise WrongPassphrase(t("storage.wrong_passphrase", path=self.data_dir))
        with self._lock(KEYRING_NAME):
            pending = self._rekey_pending()
            if pending is None:
                old, new = self._data_key, crypto.new_data_key()
                recovery_text, _secret = crypto.new_recovery_key()
                doc = {"old_sealed_new": crypto.b64(crypto.seal(old, "rekey", new, SCHEMA_VERSION)),
                       "new_sealed_old": crypto.b64(crypto.seal(new, "rekey", old, SCHEMA_VERSION)),
                       "recovery": crypto.b64(crypto.seal(new, "rekey", recovery_text.encode(), SCHEMA_VERSION))}
                self._note(atomic.replace_file(self._rekey_path(), json.dumps(doc).encode()))
            else:
                old, new, recovery_text = pending
            self._finish_rekey(old, new, passphrase, recovery_text)
        return recovery_text

    def _rekey_path(self) -> Path:
        return self.data_dir / BACKUPS_DIR / "rekey.pending"

    def _rekey_pending(self) -> tuple[bytes, bytes, str] | None:
        """(old key, new key, new recovery key) of an interrupted rekey, whichever of the two keys we hold."""
        try:
            doc = json.loads(self._rekey_path().read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raise CorruptFile(t("integrity.rekey_pending_damaged"), relpath="rekey.pending") from None
        try:
            new = crypto.open_sealed(self._data_key, "rekey", crypto.unb64(doc["old_sealed_new"])).plaintext
            old = self._data_key
        except crypto.SealError:
            old = crypto.open_sealed(self._data_key, "rekey", crypto.unb64(doc["new_sealed_old"])).plaintext
            new = self._data_key
        recovery = crypto.open_sealed(new, "rekey", crypto.unb64(doc["recovery"])).plaintext.decode()
        return old, new, recovery

    def _finish_rekey(self, old: bytes, new: bytes, passphrase: str, recovery_text: str) -> None:
        def reseal(path: Path, relpath: str) -> None:
            try:
                blob = path.read_bytes()
            except FileNotFoundError:
                return
            try:
                crypto.open_sealed(new, relpath, blob)
                return  # done already
            except crypto.SealError:
                pass
            try:
                opened = crypto.open_sealed(old, relpath, blob)
            except crypto.SealError:
                return  # damaged: left as it is, reported when read
            self._note(atomic.replace_file(path, crypto.seal(new, relpath, opened.plaintext, opened.schema_version,
                                                             opened.generation)))

        # keys.db first: it keeps the first key, from which `derive_secret` derives, under the new one
        self._data_key = old
        self._keys_cache = None
        try:
            keys = copy.deepcopy(self._keys())
        except CorruptFile:
            self._data_key = new
            self._keys_cache = None
            keys = copy.deepcopy(self._keys())
        keys.setdefault("derive_base", crypto.b64(old))
        self._data_key = new
        self._write_keys(keys)
        with self._lock(MANIFEST_NAME):
            for path in (self.data_dir / MANIFEST_NAME, *self._backups(MANIFEST_NAME)):
                reseal(path, MANIFEST_NAME)
            self._manifest_cache = None
            for relpath in [r for r in self.list("") if _cycle_of(r) is None]:
                for path in (self.data_dir / relpath, *self._backups(relpath)):
                    reseal(path, relpath)
        with self._lock(AUDIT_LOCK):
            self._reseal_audit(old, new)
        secret = crypto.parse_recovery_key(recovery_text)
        assert secret is not None
        params, _salt = keyrings.parse_kdf(self._keyring["kdf"])
        keyring = {**self._keyring, **keyrings.passphrase_entry(passphrase, new, params),
                   "recovery": keyrings.recovery_entry(secret, new), "version": keyrings.KEYRING_VERSION}
        self._save_keyring(keyring)
        self._keyring = keyring
        self._rekey_path().unlink()
        self.audit("rekey", actor="cli", target="keyring", detail="folder key and recovery key replaced")

    def _reseal_audit(self, old: bytes, new: bytes) -> None:
        """Seal every audit record with the new key, rebuilding the hash chain (caller holds the audit lock)."""
        previous = ""
        for path in self._audit_logs():
            relpath = f"{AUDIT_DIR}/{path.name}"
            out = []
            for line in audit_complete_lines(self._read_log(path, relpath)):
                record = None
                for key in (new, old):
                    try:
                        record = json.loads(crypto.open_sealed(key, relpath, base64.b64decode(line)).plaintext)
                        break
                    except (crypto.SealError, ValueError):
                        continue
                if not isinstance(record, dict):
                    out.append(line)  # unreadable: kept, still reported
                    continue
                record["prev"] = previous
                line = encode_line(new, relpath, record, SCHEMA_VERSION)
                previous = line_hash(line)
                out.append(line)
            self._note(atomic.replace_file(path, b"".join(line + b"\n" for line in out)))
        self._update_manifest(lambda manifest: manifest.update(audit_head=previous))

    # ------------------------------------------------------------ purge

    def purge_cycle(self, cycle: str) -> int:
        """Erase a cycle: its key is destroyed first (every copy of its files becomes unreadable), then its
        files, backups and locks are deleted. A crash in between is finished at the next writable unlock.
        Returns how many data files were deleted."""
        reldir = f"cycles/{cycle}"
        _check_relpath(reldir)
        self._require_writable(reldir)
        files = len(self.list(reldir))
        with self._lock(KEYS_NAME):
            self._keys_cache = None
            keys = copy.deepcopy(self._keys())
            keys["cycles"].pop(cycle, None)
            if cycle not in keys["purging"]:
                keys["purging"].append(cycle)
            self._write_keys(keys)
        _purge_checkpoint("key_destroyed")
        self._finish_purge(cycle)
        return files

    def _finish_purge(self, cycle: str) -> None:
        reldir = f"cycles/{cycle}"
        self._delete_files(reldir)
        from facilitator.storage.journal import forget_cycle  # the journal module imports this one

        with contextlib.suppress(UserError):  # a damaged journal is reported when it is read
            forget_cycle(self, cycle)
        _purge_checkpoint("files_deleted")
        self._forget(reldir)
        _purge_checkpoint("manifest_updated")
        with self._lock(KEYS_NAME):
            self._keys_cache = None
            keys = copy.deepcopy(self._keys())
            keys["purging"] = [c for c in keys["purging"] if c != cycle]
            self._write_keys(keys)
        _purge_checkpoint("done")

    def check(self) -> builtins.list[str]:
        """Every problem of the folder, one line each: damaged, rolled-back or missing files, a broken audit chain."""
        problems = []
        try:
            relpaths = self.list("")
        except UserError as exc:
            return [exc.message]
        for relpath in relpaths:
            try:
                self._read_unlocked(relpath)
            except UserError as exc:
                problems.append(exc.message)
        problems.extend(f"{where}: {message}" for where, message in self.audit_problems())
        copies = ((KEYRING_NAME, lambda p: keyrings.good_copy_among(self.data_dir, p) is not None),
                  (RECOVERY_NAME, keyrings.recovery_copy_ok), (KEYS_NAME, self._keys_copy_ok))
        migrated = (self.data_dir / MANIFEST_NAME).exists()  # a folder of the previous version has no copies yet
        for name, good in copies if migrated else ():
            for path in keyrings.copies(self.data_dir, name):
                if not good(path):
                    shown = path.relative_to(self.data_dir).as_posix()
                    problems.append(t("integrity.copy_damaged", copy=shown, name=name))
        return problems

    def _save_keyring(self, keyring: dict[str, Any]) -> None:
        """Write the keyring, its copies and the recovery file (caller holds the keyring's lock)."""
        try:
            keyrings.save(self.data_dir, keyring)
        except OSError as exc:
            raise StorageError(t("storage.save_failed", relpath=KEYRING_NAME, reason=_reason_for(exc))) from exc


# ---------------------------------------------------------------- keyring helpers


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise UserError(t("storage.passphrase_too_short", minimum=MIN_PASSPHRASE_CHARS))


def _copies_text(folder: Path) -> str:
    found = [p.relative_to(folder).as_posix() for p in keyrings.copies(folder, KEYRING_NAME)[1:] if p.is_file()]
    return ", ".join(found) or "-"
