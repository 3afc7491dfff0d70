"""Checking the data folder before anything opens it; light on purpose (no cryptography, no TinyDB), so
commands can refuse a bad folder before their first screen without loading the storage layer."""

from __future__ import annotations

import os
from pathlib import Path

from facilitator.errors import UserError
from facilitator.i18n import t


class DataFolderError(UserError):
    """The data folder is missing, is a file, or cannot be written."""


def check_data_folder(path: Path, *, writable: bool = True) -> Path:
    """The resolved data folder; DataFolderError if it is missing, a file, or (when `writable`) read-only.

    Uses access(2) rather than a probe file so that checking writes nothing (root passes, as it can write).
    """
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise DataFolderError(t("storage.folder_missing", path=resolved))
    if not resolved.is_dir():
        raise DataFolderError(t("storage.folder_is_file", path=resolved))
    if not os.access(resolved, os.R_OK | os.X_OK):
        raise DataFolderError(t("storage.folder_unreadable", path=resolved))
    if writable and not os.access(resolved, os.W_OK | os.X_OK):
        raise DataFolderError(t("storage.folder_unwritable", path=resolved))
    return resolved
