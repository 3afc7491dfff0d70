"""The data folder: encrypted JSON documents and TinyDB files, written atomically under cross-process locks.

Layout of a data folder:
    keyring.json                 KDF parameters and salt, the data key wrapped by the passphrase and
                                 by the recovery key (no secret in clear)
    <relpath>                    documents: header + AES-256-GCM ciphertext of the JSON text
    audit/<YYYY-MM>.log          append-only audit log, one encrypted record per line
    .backups/<relpath>.1..3      the three previous versions of each document (newest = .1)
    .locks/<relpath>.lock        write locks (kernel flock, released if the holder is killed)
    <folder>/.<name>.tmp         the temp file of a write in progress (encrypted; reused, never piles up)
"""

from __future__ import annotations

import builtins
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
from facilitator.storage.audit import AUDIT_DIR, audit_relpath, decode_log, encode_line, make_record
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

RESERVED = frozenset({KEYRING_NAME, RECOVERY_NAME})  # never data documents

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
        return vault, recovery_text

    @classmethod
    def unlock(cls, data_dir: Path, passphrase: str, *, read_only: bool = False) -> Vault:
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
        return cls(folder, result.key, keyring, read_only=read_only)

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
        contains "/". Backups, locks, temp files, the keyring and the audit log are never listed.
        """
        base = _check_relpath(reldir, allow_root=True)
        root = self.data_dir / base if base else self.data_dir
        found: list[str] = []
        for folder, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            if Path(folder) == self.data_dir:
                dirnames[:] = [d for d in dirnames if d != AUDIT_DIR]
            for filename in filenames:
                if filename.startswith("."):
                    continue
                full = Path(folder) / filename
                relpath = full.relative_to(self.data_dir).as_posix()
                if relpath in RESERVED:
                    continue
                below = full.relative_to(root).as_posix()
                if fnmatch.fnmatchcase(below if "/" in pattern else filename, pattern):
                    found.append(relpath)
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
        """Purge a folder: its data files, their backups and their locks."""
        _check_relpath(reldir)
        self._require_writable(reldir)
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

    def backups(self, relpath: str) -> builtins.list[Path]:   # `list` here is the method above
        """Existing backups of the file, newest first."""
        base = self.data_dir / BACKUPS_DIR / _check_relpath(relpath)
        return [path for path in atomic.backup_paths(base) if path.is_file()]

    def restore_backup(self, relpath: str, backup: Path | None = None) -> Path:
        """Put a good backup back in place (default: the newest that decrypts); returns where the damaged file went.

        The damaged file is kept as `.backups/<relpath>.damaged-<UTC time>`, never deleted.
        """
        _check_relpath(relpath)
        self._require_writable(relpath)
        with self._lock(relpath):
            candidates = [backup] if backup is not None else self.backups(relpath)
            good = next((path for path in candidates if self._backup_is_good(relpath, path)), None)
            if good is None:
                raise UserError(t("storage.no_good_backup", relpath=relpath))
            live = self.data_dir / relpath
            kept = self.data_dir / BACKUPS_DIR / f"{relpath}.damaged-{self.now():%Y%m%dT%H%M%S}"
            try:
                blob = good.read_bytes()
                if live.exists():
                    atomic.ensure_dir(kept.parent)
                    os.link(live, kept)
                atomic.replace_file(live, blob)
            except OSError as exc:
                raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc
            return kept

    # ------------------------------------------------------------ audit

    def audit(self, action: str, *, actor: str, target: str, detail: str = "",
              even_if_read_only: bool = False) -> None:
        """Append one encrypted record (UTC time, actor, action, target ids, short detail; never note text).

        `even_if_read_only` lets a read-only reader (an export) record what it did: the audit log is
        append-only and locked on its own, so no data file is touched.
        """
        when = self.now()
        when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
        relpath = audit_relpath(when)
        if not even_if_read_only:
            self._require_writable(relpath)
        record = make_record(when, action, actor, target, detail)
        line = encode_line(self._data_key, relpath, record, SCHEMA_VERSION)
        with self._lock(relpath):
            try:
                atomic.append_line(self.data_dir / relpath, line)
            except OSError as exc:
                raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc

    def derive_secret(self, purpose: str) -> bytes:
        """A 32-byte secret bound to this data folder's key and `purpose` (HMAC-SHA256); never stored."""
        return hmac.new(self._data_key, b"facilitator/" + purpose.encode("utf-8"), hashlib.sha256).digest()

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
            records.extend(decode_log(self._data_key, relpath, raw))
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

    def _open_sealed(self, relpath: str, blob: bytes) -> crypto.Opened:
        """Decrypt one file's bytes and check their schema; CorruptFile or NewerSchema otherwise."""
        try:
            opened = crypto.open_sealed(self._data_key, relpath, blob)
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
            return None
        opened = self._open_sealed(relpath, blob)
        try:
            doc = json.loads(opened.plaintext)
        except ValueError:
            raise self._corrupt(relpath, "json") from None
        if not isinstance(doc, dict):
            raise self._corrupt(relpath, "json")
        return doc

    def _write_unlocked(self, relpath: str, doc: dict, *, existing_checked: bool = False) -> None:
        """Seal and replace the file (caller holds the lock). Unless the caller has just read it under the
        same lock (`existing_checked`), the current file is authenticated first: a damaged file or one
        from a newer schema is never written over, which would push the evidence out of the backups."""
        self._require_writable(relpath)
        if not isinstance(doc, dict):
            raise TypeError(f"a document is a dict, not {type(doc).__name__}")
        plaintext = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path = self.data_dir / relpath
        if not existing_checked:
            self._check_existing(relpath)
        blob = crypto.seal(self._data_key, relpath, plaintext, SCHEMA_VERSION)
        try:
            atomic.replace_file(path, blob, backup_base=self.data_dir / BACKUPS_DIR / relpath)
        except OSError as exc:
            raise StorageError(t("storage.save_failed", relpath=relpath, reason=_reason_for(exc))) from exc

    def _check_existing(self, relpath: str) -> None:
        """CorruptFile or NewerSchema if the file exists and is damaged or newer (no JSON parsing)."""
        blob = self._read_blob(relpath)
        if blob is not None:
            self._open_sealed(relpath, blob)

    def _backup_is_good(self, relpath: str, backup: Path) -> bool:
        try:
            crypto.open_sealed(self._data_key, relpath, backup.read_bytes())
        except (OSError, crypto.SealError):
            return False
        return True

    def _corrupt(self, relpath: str, reason_code: str) -> CorruptFile:
        reason = t(f"storage.reason_{reason_code}")
        good = next((path for path in self.backups(relpath) if self._backup_is_good(relpath, path)), None)
        if good is None:
            return CorruptFile(t("storage.corrupt_no_backup", relpath=relpath, reason=reason), relpath=relpath)
        when = datetime.fromtimestamp(good.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        shown = good.relative_to(self.data_dir).as_posix()
        return CorruptFile(
            t("storage.corrupt_with_backup", relpath=relpath, reason=reason, backup=shown, when=when),
            relpath=relpath,
            backup=good,
        )

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
