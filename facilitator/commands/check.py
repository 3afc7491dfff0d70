"""`facilitator check`: verify the whole data folder against its manifest and the audit chain.

Reads every data file (a damaged, rolled-back, swapped or missing one is named with its latest good
backup) and walks the audit log's hash chain. Read-only; exit 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.commands._common import data_folder, open_vault
from facilitator.core.formatting import tn
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recovery-key-file", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("cli.opt_recovery_key_file"))


def run(args: argparse.Namespace) -> int:
    folder = data_folder(args.data, writable=False)
    vault, _how = open_vault(folder, args.passphrase_file, args.recovery_key_file, command="check", read_only=True)
    problems = vault.check()
    for line in problems:
        print(line)
    if problems:
        print(tn("integrity.check_problems", len(problems), path=folder))
        return 1
    print(t("integrity.check_ok", path=folder, files=len(vault.list(""))))
    return 0
