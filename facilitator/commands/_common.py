"""Helpers shared by commands: reading the passphrase file, loading the programme, the data folder."""

from __future__ import annotations

from pathlib import Path

from facilitator.errors import UserError


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


DEFAULT_PROGRAMME = Path("sessions.yaml")


def programme_path(path: Path) -> Path:
    """The programme file to use: with `--lang en` and the default file, its English version if present."""
    from facilitator import i18n

    if i18n.language() == "en" and path == DEFAULT_PROGRAMME:
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
