"""`facilitator observe`: the observer's console, a second terminal on the facilitators' data folder."""

from __future__ import annotations

import argparse

from facilitator.commands._common import data_folder, load_programme, read_passphrase_file
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--idle-lock", type=float, default=10.0, metavar="MIN",
                        help=t("cli.opt_idle_lock"))
    parser.add_argument("--no-model", action="store_true",
                        help=t("cli.opt_no_model"))


def run(args: argparse.Namespace) -> int:
    folder = data_folder(args.data)
    programme = load_programme(args.programme)
    passphrase = read_passphrase_file(args.passphrase_file)
    from facilitator.tui.observer import ObserverApp, default_ner_loader

    app = ObserverApp(data_dir=folder, programme=programme, passphrase=passphrase,
                      idle_lock_s=max(0.0, args.idle_lock) * 60,
                      ner_loader=None if args.no_model else default_ner_loader)
    app.show_recovery_key = True
    app.run()
    return app.return_code or 0
