"""`facilitator review`: the supervisor's read-only review of the cycles (figures, logs, verbatims)."""

from __future__ import annotations

import argparse

from facilitator.commands._common import data_folder, load_programme, read_passphrase_file
from facilitator.errors import UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--idle-lock", type=float, default=10.0, metavar="MIN",
                        help=t("cli.opt_idle_lock"))


def run(args: argparse.Namespace) -> int:
    from facilitator.storage.vault import Vault

    folder = data_folder(args.data, writable=False)
    if not Vault.is_initialised(folder):
        raise UserError(t("review_tui.not_initialised", folder=folder))
    programme = load_programme(args.programme)
    passphrase = read_passphrase_file(args.passphrase_file)
    from facilitator.tui.review import ReviewApp

    app = ReviewApp(data_dir=folder, programme=programme, passphrase=passphrase,
                    idle_lock_s=max(0.0, args.idle_lock) * 60)
    app.run()
    return app.return_code or 0
