"""Errors of the data folder (re-exported by `facilitator.storage.vault`)."""

from __future__ import annotations

from pathlib import Path

from facilitator.errors import UserError


class WrongPassphrase(UserError):
    """The passphrase (or recovery key) does not open this data folder; nothing was written."""


class CorruptFile(UserError):
    """A file failed authentication, is truncated, rolled back or missing; it is never written over."""

    def __init__(self, message: str, *, relpath: str = "", backup: Path | None = None) -> None:
        super().__init__(message)
        self.relpath = relpath
        self.backup = backup


class NewerSchema(UserError):
    """A file was written by a newer version of facilitator; it is neither read nor written over."""


class LockTimeout(UserError):
    """Another program held the file's write lock for longer than the timeout."""


class StorageError(UserError):
    """The disk refused a write or read (full, permission denied, I/O error); the old version is intact."""


class ReadOnlyVault(StorageError):
    """A write was attempted through a vault opened read-only."""
