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


def helps() -> dict[str, str]:
    """Each command's one-line description in the interface language (`--help` imports no command module)."""
    return {name: t(f"cli.cmd_{name}") for name in COMMANDS}


def metavar(name: str) -> str:
    """A placeholder of the help text in the interface language (FICHIER / FILE)."""
    return t(f"cli.mv_{name}")


def translate_argparse() -> None:
    """argparse's own words ("usage:", "options", "show this help message and exit", its errors) through
    the catalogue: argparse reads them with gettext, and its module-level `_` is the documented hook."""

    def gettext(message: str) -> str:
        try:
            return t(f"cli.ap_{message}")
        except KeyError:
            return message

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    setattr(argparse, "_", gettext)  # noqa: B010 - argparse looks the name up at each call
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and no silent abbreviations (`--pass X` is not `--passphrase-file`)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - argparse's own signature
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} ({t('cli.see_help', prog=self.prog)})\n")


def common_options(*, with_defaults: bool) -> Parser:
    """Options every command accepts, before or after the command's name.

    The copy attached to each sub-command has no defaults (SUPPRESS), so `facilitator --lang en
    score` keeps the value given before the command instead of resetting it.
    """

    def default(value: object) -> object:
        return value if with_defaults else argparse.SUPPRESS

    common = Parser(add_help=False)
    common.add_argument("--data", type=Path, default=default(Path("data")), metavar=metavar("dir"),
                        help=t("cli.opt_data"))
    common.add_argument("--programme", type=Path, default=default(Path("sessions.yaml")), metavar=metavar("file"),
                        help=t("cli.opt_programme"))
    common.add_argument("--lang", choices=["fr", "en"], default=default("fr"), help=t("cli.opt_lang"))
    common.add_argument("--passphrase-file", type=Path, default=default(None), metavar=metavar("file"),
                        help=t("cli.opt_passphrase_file"))
    return common


def build_parser() -> tuple[Parser, dict[str, Parser]]:
    parser = Parser(prog="facilitator", parents=[common_options(with_defaults=True)],
                                     description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", metavar=metavar("command"), parser_class=Parser, title=t("cli.commands_title"))
    subparsers = {}
    descriptions = helps()
    for name in COMMANDS:
        subparsers[name] = sub.add_parser(name, parents=[common_options(with_defaults=False)],
                                          help=descriptions[name], description=descriptions[name])
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
    from facilitator import i18n

    i18n.set_language(_early_language(argv))  # so every `--help` and argparse's own words are in it
    translate_argparse()
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
            print(f"facilitator: {t('cli.not_available', command=command)}", file=sys.stderr)
            return 2
        raise
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
        print(f"facilitator: {t('cli.interrupted')}", file=sys.stderr)
        return 130
    except Exception as exc:  # unexpected: one line, as a traceback could quote typed text or names
        if os.environ.get("FACILITATOR_TRACEBACK"):
            raise
        name, where = crash_origin(exc)
        print(t("protect.crashed", error=name, where=where), file=sys.stderr)
        return 1
