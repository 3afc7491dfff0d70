"""`facilitator rekey`: replace the folder key, and with it the recovery key.

For a folder whose keyring (or an old copy of it) may have leaked with its passphrase: afterwards old
keyrings and the old recovery key open nothing. The cycles' files keep their own keys, so only a few
files are sealed again. Run it again to finish one that was interrupted. Close every console first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.commands import _common
from facilitator.commands._common import (
    check_recovery_kit,
    data_folder,
    read_passphrase_file,
    write_recovery_kit,
)
from facilitator.errors import UsageError, UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:

    parser.add_argument("--recovery-kit", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("cli.opt_recovery_kit"))


def run(args: argparse.Namespace) -> int:
    from facilitator.storage.repository import LiveLock
    from facilitator.storage.vault import Vault

    folder = data_folder(args.data)
    check_recovery_kit(args.recovery_kit)
    if not Vault.is_initialised(folder):
        raise UserError(t("protect.not_initialised", path=folder))
    passphrase = read_passphrase_file(args.passphrase_file)
    if passphrase is None:
        if not _common.interactive():
            raise UsageError(t("protect.no_terminal", command="rekey", what=t("protect.what_passphrase"),
                               option="--passphrase-file"))
        passphrase = _common.ask_secret(t("protect.prompt_passphrase"))
    if LiveLock.is_held(folder):
        raise UserError(t("integrity.rekey_running", path=folder))
    vault = Vault.unlock(folder, passphrase, finishing_rekey=True)
    recovery = vault.rekey(passphrase)
    del passphrase
    print(t("integrity.rekey_done"))
    print(t("protect.recovery_title"))
    print()
    print(f"    {recovery}")
    print()
    print(t("protect.recovery_advice"))
    write_recovery_kit(args.recovery_kit, folder, recovery)
    return 0
