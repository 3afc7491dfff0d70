"""Helpers shared by commands: the passphrase (file or typed), opening the vault, the programme, the data folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.errors import UsageError, UserError
from facilitator.i18n import t

if TYPE_CHECKING:
    from facilitator.storage.vault import Vault


def read_passphrase_file(path: Path | None) -> str | None:
    """The passphrase in FILE (first line, without the newline), or None when no file is given.

    A UTF-8 byte-order mark (Windows Notepad adds one) is not part of the passphrase.
    """
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"passphrase file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read passphrase file {path}: {exc.__class__.__name__}") from None
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise UserError(f"passphrase file {path} is empty")
    return passphrase


def interactive() -> bool:
    """Whether secrets can be asked on a terminal (tests replace this)."""
    return sys.stdin is not None and sys.stdin.isatty()


def ask_secret(prompt: str) -> str:
    """Ask without echo (tests replace this)."""
    import getpass

    return getpass.getpass(prompt)


def open_vault(folder: Path, passphrase_file: Path | None, recovery_key_file: Path | None = None,
               *, command: str, read_only: bool = False) -> tuple[Vault, str]:
    """The vault unlocked, and "passphrase" or "recovery key" (what opened it).

    Uses the passphrase file, the recovery key file, or what is typed; for `passphrase`, a typed
    secret that has the shape of a recovery key is tried as one first, then as a passphrase.
    """
    from facilitator.storage.vault import Vault, WrongPassphrase

    if passphrase_file is not None and recovery_key_file is not None:
        raise UsageError(t("protect.both_secrets"))
    if not Vault.is_initialised(folder):
        raise UserError(t("protect.not_initialised", path=folder))
    if recovery_key_file is not None:
        key = read_passphrase_file(recovery_key_file)
        assert key is not None
        return Vault.unlock_with_recovery_key(folder, key, read_only=read_only), "recovery key"
    passphrase = read_passphrase_file(passphrase_file)
    if passphrase is None:
        if not interactive():
            raise UsageError(t("protect.no_terminal", command=command, what=t("protect.what_passphrase"),
                               option="--passphrase-file"))
        typed = ask_secret(t("protect.prompt_current") if command == "passphrase"
                           else t("protect.prompt_passphrase"))
        if command == "passphrase":
            from facilitator.storage.crypto import parse_recovery_key

            if parse_recovery_key(typed) is not None:
                try:
                    return Vault.unlock_with_recovery_key(folder, typed, read_only=read_only), "recovery key"
                except WrongPassphrase:
                    pass
        passphrase = typed
    return Vault.unlock(folder, passphrase, read_only=read_only), "passphrase"


DEFAULT_PROGRAMME = Path("sessions.yaml")


def programme_path(path: Path) -> Path:
    """The programme file to use: with `--lang en` and the default file, its English version if present."""
    from facilitator import i18n

    if i18n.language() == "en" and path.name == DEFAULT_PROGRAMME.name:
        english = path.with_name("sessions.en.yaml")
        if english.is_file():
            return english
    return path


def load_programme(path: Path):  # noqa: ANN201 - returns facilitator.core.programme.Programme
    """The validated programme; every problem of an invalid file becomes one UserError message."""
    from facilitator.core.programme_loader import load_programme as load

    return load(programme_path(path))


def data_folder(path: Path, *, writable: bool = True) -> Path:
    from facilitator.storage.folder import check_data_folder  # light: the storage layer loads later

    return check_data_folder(path, writable=writable)


def check_recovery_kit(path: Path | None) -> None:
    """Refuse a kit path that is a link or a special file, before anything is changed."""
    if path is not None:
        from facilitator.reports.output import check_out

        check_out(path, folder=False)
        if not path.parent.is_dir():
            raise UserError(t("integrity.kit_failed", path=path, reason=t("integrity.no_such_folder")))


def write_recovery_kit(path: Path | None, folder: Path, recovery_key: str) -> None:
    """Write the printable recovery kit (the key, the folder, what to do) to `path`; nothing when None.

    A plaintext secret on disk: private permissions, no partial file, and the kit says to delete it
    once printed.
    """
    if path is None:
        return
    from datetime import datetime

    from facilitator.core.clock import SystemClock
    from facilitator.reports.output import check_out, write_output

    check_out(path, folder=False)
    written = datetime.fromtimestamp(SystemClock().now())
    text = t("integrity.kit", path=folder, date=written.strftime("%d/%m/%Y %H:%M"), key=recovery_key)
    try:
        write_output(path, (text + "\n").encode("utf-8"))
    except OSError as exc:
        raise UserError(t("integrity.kit_failed", path=path, reason=exc.strerror or exc.__class__.__name__)) from None
    print(t("integrity.kit_written", path=path))
