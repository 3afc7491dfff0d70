"""`facilitator booklet`: write the participant booklet (blank, or filled for one participant)."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.commands._common import data_folder, load_programme, open_vault
from facilitator.errors import UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cycle", required=True, metavar="ID", help=t("cli.opt_cycle"))
    parser.add_argument("--participant", metavar="CODE", default=None,
                        help=t("cli.opt_booklet_participant"))
    parser.add_argument("--format", choices=["md", "html"], default=None,
                        help=t("cli.opt_booklet_format"))
    parser.add_argument("--out", type=Path, required=True, metavar=t("cli.mv_path"), help=t("cli.opt_booklet_out"))


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("md" if args.out.suffix.lower() in (".md", ".markdown") else "html")
    participant = args.participant.strip().upper() if args.participant else None
    out: Path = args.out
    from facilitator.reports.output import check_out

    check_out(out, folder=False)
    if out.exists() and out.is_dir():
        raise UserError(f"booklet: --out {out} is a folder; give a file name")
    if not out.parent.exists():
        raise UserError(f"booklet: cannot write {out}: the folder {out.parent} does not exist")
    folder = data_folder(args.data, writable=False)
    programme = load_programme(args.programme)
    vault, _how = open_vault(folder, args.passphrase_file, command="booklet", read_only=True)

    from facilitator.core.clock import SystemClock
    from facilitator.reports.booklet import load_booklet, render_html, render_markdown
    from facilitator.storage.repository import Store

    store = Store(vault, SystemClock())
    booklet = load_booklet(store, programme, args.cycle, participant)
    text = render_html(booklet) if fmt == "html" else render_markdown(booklet)
    from facilitator.reports.output import staged_export, write_output

    def write(target: Path) -> list[Path]:
        write_output(target, text.encode("utf-8"))
        return [target]

    try:  # a nameless temp file in a private folder, then rename: no partial plaintext, even if killed
        staged_export(out, folder=False, write=write)
    except OSError as exc:
        raise UserError(f"booklet: cannot write {out}: {exc.strerror or exc.__class__.__name__}") from None
    try:  # who, when, which cycle and participant code; never the booklet's content
        vault.audit("booklet_export", actor="booklet", target=f"cycle {args.cycle}",
                    detail=f"format={fmt} participant={participant or '-'}", even_if_read_only=True)
    except (UserError, OSError):
        pass  # a read-only folder (e.g. a copy on a DVD) still gives its booklet
    what = participant or t("safety.booklet_own_copy")
    print(t("exercises.booklet_written", path=str(out), kind=fmt, what=what))
    return 0
