"""Encryption primitives of the data folder: Argon2id key derivation, key wrapping, file sealing.

Every data file is `header || AES-256-GCM(ciphertext+tag)`; the header (magic, format version,
schema version, generation, nonce) and the file's relpath are the associated data, so a header
edited or a file moved to another name fails authentication, and the generation (how many times the
file was written, checked against the folder's manifest) cannot be changed to pass an older version
off as the latest. Format 1 files (no generation) are still read, as generation 0.
"""

from __future__ import annotations

import base64
import os
import secrets
import struct
from dataclasses import dataclass

from argon2.exceptions import HashingError
from argon2.low_level import ARGON2_VERSION, Type, error_to_str, ffi, lib
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"FCLV"
FORMAT_VERSION = 2
NONCE_SIZE = 12
TAG_SIZE = 16
KEY_SIZE = 32
_HEADER_V1 = struct.Struct(">4sBH12s")  # magic, format version, schema version, nonce
_HEADER = struct.Struct(">4sBHQ12s")  # magic, format version, schema version, generation, nonce
HEADER_SIZE = _HEADER.size
RECOVERY_KEY_BYTES = 20  # 160 bits -> 32 base32 characters -> 8 groups of 4


class SealError(Exception):
    """A sealed blob could not be opened; `reason` is a code: empty, truncated, foreign, format or auth."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Opened:
    """The plaintext of a sealed blob and the schema version written in its header."""

    schema_version: int
    plaintext: bytes
    generation: int = 0
    format_version: int = FORMAT_VERSION


def _aad(header: bytes, relpath: str) -> bytes:
    return header + b"\x00" + relpath.encode("utf-8")


def seal(key: bytes, relpath: str, plaintext: bytes, schema_version: int, generation: int = 0) -> bytes:
    """Encrypt `plaintext` for the file at `relpath` (its `generation` authenticated) with a fresh random nonce."""
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, schema_version, generation, os.urandom(NONCE_SIZE))
    nonce = header[-NONCE_SIZE:]
    return header + AESGCM(key).encrypt(nonce, plaintext, _aad(header, relpath))


def peek_format(blob: bytes) -> int | None:
    """The format version written in a blob's header, None if it is not a facilitator file."""
    return blob[4] if len(blob) > 4 and blob[:4] == MAGIC else None


def peek_generation(blob: bytes) -> int:
    """The generation written in a blob's header (not authenticated), 0 for format 1 or a short blob."""
    if peek_format(blob) != FORMAT_VERSION or len(blob) < HEADER_SIZE:
        return 0
    return int(_HEADER.unpack_from(blob)[3])


def open_sealed(key: bytes, relpath: str, blob: bytes) -> Opened:
    """Decrypt and authenticate a blob written by `seal` for the same relpath; SealError otherwise."""
    if not blob:
        raise SealError("empty")
    if len(blob) < 5:
        raise SealError("truncated" if blob[:4] == MAGIC[: len(blob[:4])] else "foreign")
    if blob[:4] != MAGIC:
        raise SealError("foreign")
    fmt = blob[4]
    if fmt == 1:
        layout = _HEADER_V1
    elif fmt == FORMAT_VERSION:
        layout = _HEADER
    else:
        raise SealError("format")
    if len(blob) < layout.size + TAG_SIZE:
        raise SealError("truncated")
    if fmt == 1:
        _magic, _fmt, schema, nonce = layout.unpack_from(blob)
        generation = 0
    else:
        _magic, _fmt, schema, generation, nonce = layout.unpack_from(blob)
    header = blob[: layout.size]
    try:
        plaintext = AESGCM(key).decrypt(nonce, blob[layout.size :], _aad(header, relpath))
    except InvalidTag:
        raise SealError("auth") from None
    return Opened(schema, plaintext, generation, fmt)


# ---------------------------------------------------------------- keys


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_SIZE)


def derive_passphrase_kek(
    passphrase: str, salt: bytes, *, time_cost: int, memory_cost_kib: int, parallelism: int
) -> bytes:
    """The key-encryption key for a passphrase (Argon2id): the only slow step of opening the folder.

    The passphrase's UTF-8 bytes live only in a buffer that is zeroed after the derivation (the `str`
    itself is immutable: callers drop it as soon as this returns).
    """
    encoded = bytearray(passphrase, "utf-8")
    secret = ffi.new("uint8_t[]", len(encoded))
    ffi.memmove(secret, encoded, len(encoded))
    encoded[:] = bytes(len(encoded))
    out = ffi.new("uint8_t[]", KEY_SIZE)
    try:
        result = lib.argon2_hash(time_cost, memory_cost_kib, parallelism, secret, len(encoded),
                                 ffi.new("uint8_t[]", salt), len(salt), out, KEY_SIZE, ffi.NULL, 0,
                                 Type.ID.value, ARGON2_VERSION)
    finally:
        ffi.memmove(secret, bytes(len(encoded)), len(encoded))
    if result != lib.ARGON2_OK:
        raise HashingError(error_to_str(result))
    return bytes(ffi.buffer(out, KEY_SIZE))


def derive_recovery_kek(recovery_secret: bytes, salt: bytes) -> bytes:
    """The key-encryption key for a recovery key: HKDF suffices, the secret already has 160 random bits."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"facilitator recovery kek").derive(
        recovery_secret
    )


def wrap_key(kek: bytes, data_key: bytes, label: str) -> dict[str, str]:
    nonce = os.urandom(NONCE_SIZE)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, b"facilitator keyring " + label.encode())
    return {"nonce": b64(nonce), "wrapped": b64(wrapped)}


def unwrap_key(kek: bytes, wrap: dict[str, str], label: str) -> bytes | None:
    """The data key, or None when the key-encryption key is wrong."""
    try:
        return AESGCM(kek).decrypt(unb64(wrap["nonce"]), unb64(wrap["wrapped"]), b"facilitator keyring " + label.encode())
    except InvalidTag:
        return None


def new_recovery_key() -> tuple[str, bytes]:
    """A printable recovery key (`XXXX-XXXX-...`, base32) and the secret bytes it encodes."""
    secret = secrets.token_bytes(RECOVERY_KEY_BYTES)
    text = base64.b32encode(secret).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4)), secret


def parse_recovery_key(text: str) -> bytes | None:
    """The secret bytes of a typed recovery key (case, dashes and spaces ignored), None if malformed."""
    cleaned = "".join(ch for ch in text.upper() if ch not in "- \t\n")
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        secret = base64.b32decode(cleaned)
    except ValueError:
        return None
    return secret if len(secret) == RECOVERY_KEY_BYTES else None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
