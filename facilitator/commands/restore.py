"""`facilitator restore FILE`: put a damaged data file's latest good backup back in place.

FILE is the path the error message names (e.g. `cycles/c1234abcd/session-3.db`). The damaged file
is kept beside the backups, never deleted, and the restore is written to the audit log.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.commands._common import data_folder, open_vault
from facilitator.errors import UsageError, UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar=t("cli.mv_file"),
                        help=t("cli.opt_restore_file"))
    parser.add_argument("--backup", type=Path, default=None, metavar=t("cli.mv_path"),
                        help=t("cli.opt_backup"))
    parser.add_argument("--force", action="store_true",
                        help=t("cli.opt_force"))
    parser.add_argument("--recovery-key-file", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("cli.opt_recovery_key_file"))


def run(args: argparse.Namespace) -> int:
    folder = data_folder(args.data)
    relpath = args.file.strip().removeprefix("./")
    if Path(relpath).is_absolute():
        try:
            relpath = Path(relpath).resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            raise UsageError(t("protect.restore_outside", file=args.file, folder=folder)) from None
    if relpath in ("keyring.json", "keyring-recovery.json"):
        return _restore_keyring(folder, relpath, force=args.force)
    vault, _how = open_vault(folder, args.passphrase_file, args.recovery_key_file, command="restore")
    if relpath == "keys.db":
        used, kept = vault.restore_keys(force=args.force)
        vault.audit("restore", actor="command", target=relpath, detail="from an identical copy")
        shown = kept.relative_to(folder).as_posix() if kept is not None else "-"
        print(t("integrity.keyring_restored", file=relpath, copy=used.relative_to(folder).as_posix(), kept=shown))
        return 0
    try:
        if relpath != "manifest.db" and not vault.exists(relpath) and not vault.backups(relpath):
            raise UserError(t("protect.restore_missing", file=relpath, folder=folder))
    except ValueError:
        raise UsageError(t("protect.restore_bad_path", file=args.file)) from None
    backup = args.backup.resolve() if args.backup is not None else None
    kept = vault.restore_backup(relpath, backup, force=args.force)
    vault.audit("restore", actor="command", target=relpath, detail="forced" if args.force else "from backup")
    if kept is None:
        print(t("integrity.restored_missing", file=relpath))
    else:
        print(t("protect.restored", file=relpath, kept=kept.relative_to(folder).as_posix()))
    return 0


def _restore_keyring(folder: Path, relpath: str, *, force: bool) -> int:
    """The keyring is restored without unlocking anything (it is what unlocking needs); no secret is asked."""
    from facilitator.storage import keyring

    used, kept = keyring.restore(folder, name=relpath, force=force)
    shown = kept.relative_to(folder).as_posix() if kept is not None else "-"
    print(t("integrity.keyring_restored", file=relpath, copy=used.relative_to(folder).as_posix(), kept=shown))
    return 0
