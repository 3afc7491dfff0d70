"""`facilitator anonymise --roster FILE [INPUT]`: pseudonymise lines of text, one line out per line in.

Every automatic detector runs (roster, patterns, phone numbers, the statistical model) with no
human review, so the output is a pseudonymised draft: check it before sharing it.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TextIO

from facilitator.errors import UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--roster", type=Path, required=True, metavar=t("cli.mv_file"),
                        help=t("pseudonymise.help_roster"))
    parser.add_argument("input", type=Path, nargs="?", default=None, metavar=t("cli.mv_input"),
                        help=t("pseudonymise.help_input"))
    parser.add_argument("--no-model", action="store_true", help=t("pseudonymise.help_no_model"))


def _read_text(path: Path, what: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(t("pseudonymise.file_missing", what=t(what), path=path)) from None
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise UserError(t("pseudonymise.file_unreadable", path=path,
                          reason=exc.strerror or type(exc).__name__)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(t("pseudonymise.file_not_text", path=path, offset=exc.start)) from None


def _lines(args: argparse.Namespace) -> TextIO:
    if args.input is not None:
        return io.StringIO(_read_text(args.input, "pseudonymise.what_input"), newline=None)
    if sys.stdin is None:
        return io.StringIO("")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:   # already a text stream (tests, embedding)
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", newline=None)


def run(args: argparse.Namespace) -> int:
    from facilitator.core.pseudonymise import Pseudonymiser, Roster

    roster = Roster.parse(_read_text(args.roster, "pseudonymise.what_roster"), source=str(args.roster))
    pseudonymiser = Pseudonymiser(roster)
    source = _lines(args)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    model_wanted = not args.no_model
    try:
        for raw in source:
            line = raw[:-1] if raw.endswith("\n") else raw
            if model_wanted and not pseudonymiser.has_ner and line.strip():
                pseudonymiser.set_ner(_load_model())   # once, and only if there is text
            out.write(pseudonymiser.pseudonymise(line) + "\n")
    except UnicodeDecodeError as exc:
        raise UserError(t("pseudonymise.file_not_text", path="stdin", offset=exc.start)) from None
    finally:
        if isinstance(source, io.TextIOWrapper):
            source.detach()   # leave sys.stdin's buffer open for the caller
    out.flush()
    return 0


def _load_model():  # noqa: ANN202 - NerFn
    from facilitator.core.ner import ModelMissingError, load_french_ner

    try:
        return load_french_ner()
    except (ModelMissingError, ImportError):
        raise UserError(t("pseudonymise.model_missing")) from None
