"""A TinyDB storage class that reads and writes through the vault (encrypted, atomic; never in place)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage

if TYPE_CHECKING:
    from facilitator.storage.vault import Vault


class VaultStorage(Storage):
    """TinyDB storage for one vault file; used only inside `Vault.table`, which holds the file's lock."""

    def __init__(self, vault: Vault, relpath: str) -> None:
        self._vault = vault
        self._relpath = relpath
        self._checked = False  # the file was read (authenticated) or written by us under the held lock

    def read(self) -> dict[str, Any] | None:
        # A damaged file raises CorruptFile here: TinyDB never gets the chance to start from {}.
        data = self._vault._read_unlocked(self._relpath)
        self._checked = True
        return data

    def write(self, data: dict[str, Any]) -> None:
        self._vault._write_unlocked(self._relpath, data, existing_checked=self._checked)
        self._checked = True

    def close(self) -> None:
        pass
