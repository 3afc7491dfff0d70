"""`facilitator passphrase`: change the passphrase of a data folder, or show a new recovery key.

Only the data key's wrapping in keyring.json is rewritten; no data file is touched. Secrets are
read from files or asked without echo, never taken from the command line itself.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.commands import _common
from facilitator.commands._common import (
    check_recovery_kit,
    data_folder,
    open_vault,
    read_passphrase_file,
    write_recovery_kit,
)
from facilitator.errors import UsageError, UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--new-passphrase-file", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("cli.opt_new_passphrase_file"))
    parser.add_argument("--recovery-key-file", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("cli.opt_passphrase_recovery"))
    parser.add_argument("--new-recovery-key", action="store_true",
                        help=t("cli.opt_new_recovery_key"))
    parser.add_argument("--recovery-kit", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("cli.opt_recovery_kit"))


def _new_passphrase(args: argparse.Namespace) -> str | None:
    """The new passphrase, or None to keep the current one (only with --new-recovery-key)."""
    if args.new_passphrase_file is not None:
        return read_passphrase_file(args.new_passphrase_file)
    if not _common.interactive():
        if args.new_recovery_key:
            return None
        raise UsageError(t("protect.no_terminal", command="passphrase", what=t("protect.what_new_passphrase"),
                           option="--new-passphrase-file"))
    first = _common.ask_secret(t("protect.prompt_new_or_keep") if args.new_recovery_key else t("protect.prompt_new"))
    if not first:
        if args.new_recovery_key:
            return None
        raise UserError(t("protect.new_empty"))
    if _common.ask_secret(t("protect.prompt_repeat")) != first:
        raise UserError(t("protect.mismatch"))
    return first


def run(args: argparse.Namespace) -> int:
    from facilitator.storage.vault import MIN_PASSPHRASE_CHARS

    folder = data_folder(args.data)
    check_recovery_kit(args.recovery_kit)
    # check the files given before asking anything, so a typo costs no typing
    if args.new_passphrase_file is not None:
        read_passphrase_file(args.new_passphrase_file)
    vault, how = open_vault(folder, args.passphrase_file, args.recovery_key_file, command="passphrase")
    new = _new_passphrase(args)
    if new is None and not args.new_recovery_key:
        raise UsageError(t("protect.nothing_to_do"))
    if new is not None and len(new.strip()) < MIN_PASSPHRASE_CHARS:
        raise UserError(t("storage.passphrase_too_short", minimum=MIN_PASSPHRASE_CHARS))
    if new is not None:
        vault.change_passphrase(new)
        vault.audit("passphrase", actor="cli", target="keyring", detail=f"passphrase changed (opened with {how})")
        print(t("protect.changed", path=folder))
    if args.new_recovery_key:
        key = vault.new_recovery_key()
        vault.audit("passphrase", actor="cli", target="keyring", detail="recovery key replaced")
        print(t("protect.recovery_title"))
        print()
        print(f"    {key}")
        print()
        print(t("protect.recovery_advice"))
        write_recovery_kit(args.recovery_kit, folder, key)
    return 0
