"""The keyring: the folder key wrapped by the passphrase (Argon2id) and by the recovery key, kept so it cannot be lost.

    keyring.json                 KDF parameters and salt, the folder key wrapped by the passphrase and by the
                                 recovery key, a check value telling a wrong passphrase from a damaged wrap
    keyring-recovery.json        the recovery wrap again, in a second file (opens the folder if keyring.json
                                 and all its copies are lost)
    .backups/<name>.1..3         identical copies of each, written at creation and at every change
    .backups/<name>.next         a change in progress: written first, then copied everywhere, then removed,
                                 so a crash leaves either the old keyring everywhere or the new one (rolled
                                 forward at the next opening)

No secret is in clear in any of these files. KDF parameters are validated and bounded before any
derivation, so a tampered keyring cannot make the unlock hang or exhaust memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.storage import atomic, crypto
from facilitator.storage.errors import CorruptFile, NewerSchema, StorageError

KEYRING_NAME = "keyring.json"
RECOVERY_NAME = "keyring-recovery.json"
KEYRING_FORMAT = "facilitator-keyring"
RECOVERY_FORMAT = "facilitator-recovery"
KEYRING_VERSION = 2  # 2: check values, second recovery file, copies at creation
BACKUPS_DIR = ".backups"
COPIES = atomic.BACKUPS_KEPT
MAX_KEYRING_BYTES = 64 * 1024
SALT_BYTES = (16, 64)
_CHECK_INFO = b"facilitator keyring check"


@dataclass(frozen=True, order=True)
class KdfParams:
    """Argon2id cost of deriving the key-encryption key from the passphrase (stored in the keyring).

    The default takes about 0.4 s on the 2-core development machine (AMD EPYC; 128 MiB).
    """

    time_cost: int = 8
    memory_cost_kib: int = 131072
    parallelism: int = 2

    def weaker_than(self, other: KdfParams) -> bool:
        return (self.time_cost < other.time_cost or self.memory_cost_kib < other.memory_cost_kib
                or self.parallelism < other.parallelism)


FAST_TEST_KDF = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)  # for tests only
DEFAULT_KDF = KdfParams()
MIN_KDF = KdfParams(time_cost=3, memory_cost_kib=65536, parallelism=1)  # weaker keyrings are upgraded at unlock
# Refused outright (a tampered keyring must not make the unlock run for hours or take all memory).
KDF_BOUNDS = {"time_cost": (1, 64), "memory_cost_kib": (1024, 2 * 1024 * 1024), "parallelism": (1, 16)}


class KeyringError(UserError):
    """keyring.json is missing (the message says where its copies are) or cannot be restored."""


class KeyringInvalid(ValueError):
    """A keyring document does not have the expected shape; the message says which field."""


# ---------------------------------------------------------------- shape and bounds


def parse_kdf(kdf: object) -> tuple[KdfParams, bytes]:
    """The bounded Argon2id parameters and salt of a keyring's `kdf` entry; KeyringInvalid otherwise."""
    if not isinstance(kdf, dict) or kdf.get("algorithm", "argon2id") != "argon2id":
        raise KeyringInvalid("kdf")
    values = {}
    for name, (low, high) in KDF_BOUNDS.items():
        value = kdf.get(name)
        if type(value) is not int or not low <= value <= high:
            raise KeyringInvalid(f"kdf.{name}")
        values[name] = value
    salt = _bytes(kdf, "salt", *SALT_BYTES)
    return KdfParams(**values), salt


def _bytes(entry: object, field: str, low: int, high: int) -> bytes:
    if not isinstance(entry, dict) or not isinstance(entry.get(field), str) or len(entry[field]) > 4 * high:
        raise KeyringInvalid(field)
    try:
        raw = crypto.unb64(entry[field])
    except ValueError:
        raise KeyringInvalid(field) from None
    if not low <= len(raw) <= high:
        raise KeyringInvalid(field)
    return raw


def _check_wrap(entry: object) -> None:
    _bytes(entry, "nonce", crypto.NONCE_SIZE, crypto.NONCE_SIZE)
    _bytes(entry, "wrapped", crypto.KEY_SIZE + crypto.TAG_SIZE, crypto.KEY_SIZE + crypto.TAG_SIZE)


def validate_keyring(doc: object) -> dict[str, Any]:
    """The keyring if well formed and bounded; KeyringInvalid naming the first bad field otherwise."""
    if not isinstance(doc, dict) or doc.get("format") != KEYRING_FORMAT:
        raise KeyringInvalid("format")
    if type(doc.get("version", 1)) is not int:
        raise KeyringInvalid("version")
    parse_kdf(doc.get("kdf"))
    _check_wrap(doc.get("passphrase"))
    validate_recovery_entry(doc.get("recovery"))
    return doc


def validate_recovery_entry(entry: object) -> dict[str, Any]:
    _check_wrap(entry)
    _bytes(entry, "salt", *SALT_BYTES)
    assert isinstance(entry, dict)
    return entry


# ---------------------------------------------------------------- wrapping


def _check_value(kek: bytes) -> str:
    return crypto.b64(hmac.new(kek, _CHECK_INFO, hashlib.sha256).digest()[:16])


def passphrase_entry(passphrase: str, folder_key: bytes, kdf: KdfParams) -> dict[str, Any]:
    salt = os.urandom(16)
    kek = derive_kek(passphrase, kdf, salt)
    return {
        "kdf": {"algorithm": "argon2id", "time_cost": kdf.time_cost, "memory_cost_kib": kdf.memory_cost_kib,
                "parallelism": kdf.parallelism, "salt": crypto.b64(salt)},
        "passphrase": {**crypto.wrap_key(kek, folder_key, "passphrase"), "check": _check_value(kek)},
    }


def recovery_entry(secret: bytes, folder_key: bytes) -> dict[str, str]:
    salt = os.urandom(16)
    kek = crypto.derive_recovery_kek(secret, salt)
    return {"salt": crypto.b64(salt), **crypto.wrap_key(kek, folder_key, "recovery"), "check": _check_value(kek)}


def derive_kek(passphrase: str, kdf: KdfParams, salt: bytes) -> bytes:
    return crypto.derive_passphrase_kek(passphrase, salt, time_cost=kdf.time_cost,
                                        memory_cost_kib=kdf.memory_cost_kib, parallelism=kdf.parallelism)


@dataclass(frozen=True)
class Unwrapped:
    """What a secret did to a wrap: the folder key, or why not (`wrong` secret or `damaged` wrap)."""

    key: bytes | None
    damaged: bool = False


def unwrap(kek: bytes, entry: dict[str, Any], label: str) -> Unwrapped:
    """The folder key; a failure is `damaged` when the check value says the secret was right."""
    key = crypto.unwrap_key(kek, entry, label)
    if key is not None:
        return Unwrapped(key)
    check = entry.get("check")
    return Unwrapped(None, damaged=isinstance(check, str) and hmac.compare_digest(check, _check_value(kek)))


def unwrap_with_passphrase(keyring: dict[str, Any], passphrase: str) -> Unwrapped:
    params, salt = parse_kdf(keyring["kdf"])
    return unwrap(derive_kek(passphrase, params, salt), keyring["passphrase"], "passphrase")


def unwrap_with_recovery(entry: dict[str, Any], secret: bytes) -> Unwrapped:
    kek = crypto.derive_recovery_kek(secret, crypto.unb64(entry["salt"]))
    return unwrap(kek, entry, "recovery")


def new_keyring(passphrase: str, folder_key: bytes, recovery_secret: bytes, kdf: KdfParams) -> dict[str, Any]:
    keyring: dict[str, Any] = {
        "format": KEYRING_FORMAT,
        "version": KEYRING_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **passphrase_entry(passphrase, folder_key, kdf),
        "recovery": recovery_entry(recovery_secret, folder_key),
    }
    if kdf == FAST_TEST_KDF:
        keyring["test_kdf"] = True  # never upgraded (tests); only facilitator itself writes a wrap
    return keyring


def needs_upgrade(keyring: dict[str, Any]) -> bool:
    """Whether the keyring's KDF is below the project's minimum (it is re-wrapped at the next writable unlock)."""
    params, _salt = parse_kdf(keyring["kdf"])
    return params.weaker_than(MIN_KDF) and not keyring.get("test_kdf")


# ---------------------------------------------------------------- files


def copies(folder: Path, name: str) -> list[Path]:
    """The live file and its identical copies, in the order they are tried."""
    return [folder / name, *atomic.backup_paths(folder / BACKUPS_DIR / name, COPIES)]


def _pending(folder: Path, name: str) -> Path:
    return folder / BACKUPS_DIR / f"{name}.next"


def _encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def _read_json(path: Path) -> object:
    with path.open("rb") as handle:
        raw = handle.read(MAX_KEYRING_BYTES + 1)
    if len(raw) > MAX_KEYRING_BYTES:
        raise ValueError("too large")
    return json.loads(raw)


def write_everywhere(folder: Path, name: str, doc: dict[str, Any]) -> None:
    """Make the JSON `doc` the content of `name` and of all its copies (see `write_copies`)."""
    write_copies(folder, name, _encode(doc))


def _json_validator(name: str) -> Callable[[bytes], object]:
    validate = validate_keyring if name == KEYRING_NAME else validate_recovery_file
    return lambda blob: validate(json.loads(blob))


def write_copies(folder: Path, name: str, blob: bytes, validate: Callable[[bytes], object] | None = None) -> None:
    """Make `blob` the content of `name` and of all its copies, in one step a crash cannot split.

    The new content goes to `.backups/<name>.next` first; `finish_pending` copies it everywhere then
    removes it, and runs again at the next opening if a crash came in between. OSError on failure.
    """
    atomic.ensure_dir(folder / BACKUPS_DIR)
    atomic.replace_file(_pending(folder, name), blob)
    finish_pending(folder, name, validate)


def finish_pending(folder: Path, name: str, validate: Callable[[bytes], object] | None = None) -> None:
    """Complete a change of `name` interrupted by a crash (nothing to do when none is pending).

    `validate(blob)` raises ValueError for a pending file that is not complete (it is then dropped).
    """
    pending = _pending(folder, name)
    try:
        blob = pending.read_bytes()
        (validate or _json_validator(name))(blob)
    except FileNotFoundError:
        return
    except (OSError, ValueError):  # KeyringInvalid is a ValueError
        with contextlib.suppress(OSError):
            pending.unlink()
        return
    for path in reversed(copies(folder, name)):  # backups first, live last
        atomic.replace_file(path, blob)
    pending.unlink()
    atomic.fsync_dir(pending.parent)


def validate_recovery_file(doc: object) -> dict[str, Any]:
    if not isinstance(doc, dict) or doc.get("format") != RECOVERY_FORMAT:
        raise KeyringInvalid("format")
    validate_recovery_entry(doc.get("recovery"))
    return doc


def recovery_file(entry: dict[str, Any]) -> dict[str, Any]:
    return {"format": RECOVERY_FORMAT, "version": 1, "recovery": entry}


def save(folder: Path, keyring: dict[str, Any]) -> None:
    """Write the keyring and the recovery file, each with all its copies (caller holds the keyring lock)."""
    atomic.ensure_dir(folder / BACKUPS_DIR)
    write_everywhere(folder, KEYRING_NAME, keyring)
    write_everywhere(folder, RECOVERY_NAME, recovery_file(keyring["recovery"]))


def good_copy(folder: Path, name: str = KEYRING_NAME) -> Path | None:
    """The first copy of `name` (live first) that is well formed, or None."""
    validate = validate_keyring if name == KEYRING_NAME else validate_recovery_file
    for path in copies(folder, name):
        try:
            validate(_read_json(path))
        except (OSError, ValueError):
            continue
        return path
    return None


def load(folder: Path, *, newest_version: int = KEYRING_VERSION) -> dict[str, Any]:
    """The folder's keyring (a pending change finished first); KeyringError naming a good copy if damaged."""
    with contextlib.suppress(OSError):
        finish_pending(folder, KEYRING_NAME)
        finish_pending(folder, RECOVERY_NAME)
    path = folder / KEYRING_NAME
    try:
        doc = _read_json(path)
        keyring = validate_keyring(doc)
    except FileNotFoundError:
        raise KeyringError(missing_message(folder)) from None
    except KeyringInvalid as exc:
        raise damaged_error(folder, t("integrity.keyring_field", field=str(exc))) from None
    except ValueError:
        raise damaged_error(folder, t("storage.reason_json")) from None
    except OSError as exc:
        raise StorageError(t("storage.read_failed", relpath=KEYRING_NAME, reason=exc.strerror or exc)) from None
    if keyring.get("version", 1) > newest_version:
        raise NewerSchema(t("storage.newer_schema", relpath=KEYRING_NAME, found=keyring["version"],
                             supported=newest_version))
    return keyring


def load_recovery_entry(folder: Path) -> dict[str, Any] | None:
    """The recovery wrap from keyring.json, or else from keyring-recovery.json or any copy of either."""
    for name in (KEYRING_NAME, RECOVERY_NAME):
        path = good_copy(folder, name)
        if path is not None:
            return dict(_read_json(path)["recovery"])  # type: ignore[index]
    return None


def damaged_error(folder: Path, reason: str) -> CorruptFile:
    good = next((p for p in copies(folder, KEYRING_NAME)[1:] if good_copy_among(folder, p)), None)
    if good is None:
        return CorruptFile(t("integrity.keyring_damaged_no_copy", reason=reason, path=folder), relpath=KEYRING_NAME)
    when = datetime.fromtimestamp(good.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return CorruptFile(t("storage.corrupt_with_backup", relpath=KEYRING_NAME, reason=reason,
                         backup=good.relative_to(folder).as_posix(), when=when), relpath=KEYRING_NAME, backup=good)


def good_copy_among(folder: Path, path: Path) -> Path | None:
    try:
        validate_keyring(_read_json(path))
    except (OSError, ValueError):
        return None
    return path


def recovery_copy_ok(path: Path) -> bool:
    try:
        validate_recovery_file(_read_json(path))
    except (OSError, ValueError):
        return False
    return True


def missing_message(folder: Path) -> str:
    """keyring.json is absent: not set up yet, or (data present) lost, with where its copies are."""
    found = [p.relative_to(folder).as_posix() for p in copies(folder, KEYRING_NAME)[1:] if p.is_file()]
    if has_data(folder):
        if found:
            return t("integrity.keyring_missing_with_copies", path=folder, copies=", ".join(found))
        if (folder / RECOVERY_NAME).is_file():
            return t("integrity.keyring_missing_recovery", path=folder)
        return t("integrity.keyring_missing_no_copy", path=folder)
    return t("storage.not_initialised", path=folder)


def has_data(folder: Path) -> bool:
    """Whether the folder holds anything facilitator wrote (then it must never be set up again)."""
    for name in ("cycles", "audit", BACKUPS_DIR, "manifest.db", "keys.db", "live.db", RECOVERY_NAME):
        if (folder / name).exists():
            return True
    return False


def restore(folder: Path, *, name: str = KEYRING_NAME, force: bool = False,
            validate: Callable[[bytes], object] | None = None) -> tuple[Path, Path | None]:
    """Put the first good copy of `name` back in place; (copy used, damaged file kept).

    No secret is needed for the keyring files; `validate(blob)` (ValueError when bad) checks other
    files kept as identical copies (keys.db). Refuses a healthy file unless `force`. The damaged file
    is kept as `.backups/<name>.damaged-<time>`.
    """
    check = validate or _json_validator(name)

    def good(path: Path) -> bool:
        try:
            with path.open("rb") as handle:
                blob = handle.read(MAX_KEYRING_BYTES + 1)
            if len(blob) > MAX_KEYRING_BYTES:
                return False
            check(blob)
        except (OSError, ValueError):
            return False
        return True

    live = folder / name
    if not force and good(live):
        raise KeyringError(t("integrity.restore_healthy", file=name))
    source = next((p for p in copies(folder, name)[1:] if good(p)), None)
    if source is None:
        raise KeyringError(t("integrity.keyring_damaged_no_copy", reason=t("integrity.no_copy"), path=folder))
    kept = None
    if live.exists():
        kept = folder / BACKUPS_DIR / f"{name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}"
        atomic.ensure_dir(kept.parent)
        os.replace(live, kept)
    atomic.replace_file(live, source.read_bytes())
    return source, kept
