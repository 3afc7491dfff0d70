"""`facilitator` / `facilitator console`: the facilitators' console."""

from __future__ import annotations

import argparse
import sys

from facilitator.commands._common import data_folder, load_programme, read_passphrase_file
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--idle-lock", type=float, default=10.0, metavar="MIN",
                        help=t("cli.opt_idle_lock"))
    parser.add_argument("--wrap-up", type=float, default=2.0, metavar="MIN",
                        help=t("cli.opt_wrap_up"))
    parser.add_argument("--bell", action="store_true",
                        help=t("cli.opt_bell"))


def run(args: argparse.Namespace) -> int:
    folder = data_folder(args.data)
    passphrase = read_passphrase_file(args.passphrase_file)
    # In a terminal the app loads the programme in a worker after its first paint (the prompt shows
    # sooner; a broken file still ends it with one line); otherwise now, before any screen.
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    programme = args.programme if interactive else load_programme(args.programme)
    from facilitator.tui.app import FacilitatorApp

    app = FacilitatorApp(data_dir=folder, programme=programme, passphrase=passphrase,
                         idle_lock_s=max(0.0, args.idle_lock) * 60, wrap_up_s=int(args.wrap_up * 60),
                         bell=args.bell)
    app.show_recovery_key = True
    app.run()
    return app.return_code or 0
