"""`facilitator display`: the participants' display, in this terminal or (`--web`) in a browser."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from facilitator.commands._common import data_folder, load_programme, read_passphrase_file
from facilitator.errors import UsageError
from facilitator.i18n import language, t

# The web server starts one display process per browser tab; they get the passphrase checked once in
# the terminal through this variable (process memory only, never a file nor the command line).
PASSPHRASE_ENV = "FACILITATOR_DISPLAY_PASSPHRASE"
LOCAL_HOST = "127.0.0.1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--web", action="store_true",
                        help=t("cli.opt_web"))
    parser.add_argument("--host", default=None, metavar=t("cli.mv_address"), help=t("cli.opt_host"))
    parser.add_argument("--port", type=int, default=8765, help=t("cli.opt_port"))


def run(args: argparse.Namespace) -> int:
    folder = data_folder(args.data, writable=False)
    programme_file = args.programme
    programme = load_programme(programme_file)
    if args.host is not None and not args.web:
        raise UsageError(t("cli.host_needs_web"))
    if args.web:
        return serve(args, folder)
    passphrase = os.environ.pop(PASSPHRASE_ENV, None) or read_passphrase_file(args.passphrase_file)
    from facilitator.tui.display import DisplayApp

    app = DisplayApp(data_dir=folder, programme=programme, passphrase=passphrase)
    app.run()
    return app.return_code or 0


def serve(args: argparse.Namespace, folder: Path) -> int:
    """Check the passphrase once here, then serve one display per browser tab with textual-serve."""
    from textual_serve.server import Server

    from facilitator.commands._common import ask_secret, interactive
    from facilitator.storage.vault import Vault

    passphrase = read_passphrase_file(args.passphrase_file)
    if passphrase is None:
        if not interactive():
            raise UsageError(t("protect.no_terminal", command="display", what=t("protect.what_passphrase"),
                               option="--passphrase-file"))
        passphrase = ask_secret(t("protect.prompt_passphrase"))
    Vault.unlock(folder, passphrase, read_only=True)  # a wrong one ends here, with one line
    os.environ[PASSPHRASE_ENV] = passphrase
    command = " ".join(shlex.quote(part) for part in (
        sys.executable, "-m", "facilitator", "--lang", language(), "display",
        "--data", str(folder.resolve()), "--programme", str(Path(args.programme).resolve())))
    host = args.host or LOCAL_HOST
    url = f"http://{host}:{args.port}"
    if host in (LOCAL_HOST, "localhost"):
        print(t("room.display_web_local", url=url))
    else:
        print(t("room.display_web_warning", url=url), file=sys.stderr)
    server = Server(command, host=host, port=args.port, title=t("room.display_app_title"))
    server.serve()
    return 0
