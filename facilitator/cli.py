"""Command-line entry point: parses arguments and dispatches to a sub-command module."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import NoReturn

from facilitator.commands import COMMANDS
from facilitator.errors import UserError, crash_origin
from facilitator.i18n import t

# Short descriptions, kept here so `--help` does not import every command module.
HELPS: dict[str, str] = {
    "console": "open the facilitators' console (default)",
    "observe": "open the observer's console (verbatim capture)",
    "display": "show the participants' display of the running session (--web: in a browser)",
    "review": "open the read-only supervisor review",
    "check-programme": "validate a programme file (sessions.yaml)",
    "score": "score one questionnaire read as JSON on standard input",
    "anonymise": "pseudonymise lines of text with a roster",
    "booklet": "write the participant booklet",
    "demo": "create a complete fictitious cycle",
    "report": "export a cycle or several (html, md, csv, redcap, taguette, refi-qda)",
    "pool": "pool the export packages of several sites into one evaluation",
    "passphrase": "change the passphrase or show a new recovery key",
    "purge": "delete a cycle and its backups",
    "restore": "put a damaged file's latest good backup back in place",
    "check": "verify every file of the data folder and the audit log's chain",
    "rekey": "replace the folder key (and the recovery key); old copies of the keyring stop working",
}


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and no silent abbreviations (`--pass X` is not `--passphrase-file`)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - argparse's own signature
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def common_options(*, with_defaults: bool) -> Parser:
    """Options every command accepts, before or after the command's name.

    The copy attached to each sub-command has no defaults (SUPPRESS), so `facilitator --lang en
    score` keeps the value given before the command instead of resetting it.
    """

    def default(value: object) -> object:
        return value if with_defaults else argparse.SUPPRESS

    common = Parser(add_help=False)
    common.add_argument("--data", type=Path, default=default(Path("data")), metavar="DIR",
                        help="data folder (default: $FACILITATOR_DATA, else `data` in the user config file, else ./data)")
    common.add_argument("--programme", type=Path, default=default(Path("sessions.yaml")), metavar="FILE",
                        help="programme file (default: $FACILITATOR_PROGRAMME, else the config file, else ./sessions.yaml "
                             "or the bundled one)")
    common.add_argument("--lang", choices=["fr", "en"], default=default("fr"), help="interface language")
    common.add_argument("--passphrase-file", type=Path, default=default(None), metavar="FILE",
                        help="read the passphrase from FILE instead of asking")
    return common


def build_parser() -> tuple[Parser, dict[str, Parser]]:
    parser = Parser(prog="facilitator", parents=[common_options(with_defaults=True)],
                                     description="Console for a closed CBT group programme.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subparsers = {}
    for name in COMMANDS:
        subparsers[name] = sub.add_parser(name, parents=[common_options(with_defaults=False)],
                                          help=HELPS.get(name, ""),
                                          description=HELPS.get(name, ""))
    return parser, subparsers


def _early_language(argv: list[str]) -> str:
    """The value of --lang wherever it stands, before the full parse (French by default)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in ("fr", "en"):
            return argv[index + 1]
        if arg in ("--lang=fr", "--lang=en"):
            return arg.split("=", 1)[1]
    return "fr"


def main(argv: list[str] | None = None) -> int:
    from facilitator.hardening import disable_core_dumps

    disable_core_dumps()  # before any passphrase is typed or key derived
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, subparsers = build_parser()
    # Find the command first so only its module is imported.
    command = next((a for a in argv if a in COMMANDS), None)
    if command is None:
        if any(a in ("-h", "--help") for a in argv):
            parser.print_help()
            return 0
        argv = ["console", *argv]
        command = "console"
    try:
        module = importlib.import_module(f"facilitator.commands.{COMMANDS[command]}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("facilitator.commands"):
            print(f"facilitator: the command '{command}' is not available yet", file=sys.stderr)
            return 2
        raise
    from facilitator import i18n

    i18n.set_language(_early_language(argv))  # so the commands' own help is in that language
    module.add_arguments(subparsers[command])
    args = parser.parse_args(argv)
    i18n.set_language(args.lang)
    try:
        from facilitator.locations import resolve

        args.data, args.programme = resolve(argv, args.data, args.programme)
        return int(module.run(args) or 0)
    except UserError as exc:
        for line in exc.message.splitlines() or [""]:
            print(f"facilitator: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("facilitator: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # unexpected: one line, as a traceback could quote typed text or names
        if os.environ.get("FACILITATOR_TRACEBACK"):
            raise
        name, where = crash_origin(exc)
        print(t("protect.crashed", error=name, where=where), file=sys.stderr)
        return 1
