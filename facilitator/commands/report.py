"""`facilitator report --cycle ID | --cycles ID,ID|all --format FORMAT --out PATH`: export cycles.

One cycle gives its review (html, md), its tidy tables (csv), REDCap, Taguette or REFI-QDA files;
several cycles (`--cycles`) give the pooled evaluation (html, md), one tidy package (csv) or one
REDCap import.

Read-only: the data folder is opened with `read_only=True` and no data file is locked or written;
only one line is appended to the audit log when the folder allows it. The roster is never read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from facilitator.errors import UsageError, UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--cycle", metavar="ID", help=t("cli.opt_cycle"))
    which.add_argument("--cycles", metavar=t("cli.mv_cycles"),
                       help=t("cli.opt_cycles"))
    parser.add_argument("--format", required=True, metavar="FORMAT", dest="fmt",
                        help=t("cli.opt_report_format"))
    parser.add_argument("--french-spreadsheet", action="store_true",
                        help=t("cli.opt_french_spreadsheet"))
    parser.add_argument("--out", required=True, type=Path, metavar=t("cli.mv_path"),
                        help=t("cli.opt_report_out"))
    parser.add_argument("--hash-ids", action="store_true",
                        help=t("cli.opt_hash_ids"))


@contextmanager
def progress_bar(enabled: bool, total: int):  # noqa: ANN201 - yields a step function
    """A rich progress bar on stderr when it is a terminal; otherwise a step function that does nothing."""
    if not enabled:
        yield lambda _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(t("review.progress"), total=total)

        def step(label: str) -> None:
            progress.update(task, advance=1, description=f"{t('review.progress')} {label}")

        yield step
        progress.update(task, completed=total)


def run(args: argparse.Namespace) -> int:
    from facilitator.commands._common import data_folder, load_programme, open_vault
    from facilitator.core.clock import SystemClock
    from facilitator.reports.export import (
        PROGRESS_STEPS,
        check_format,
        check_output,
        export_cycle,
        export_cycles,
        record_export,
        resolve_cycles,
    )
    from facilitator.storage.repository import Store
    from facilitator.storage.vault import Vault

    fmt = check_format(args.fmt)
    out = check_output(fmt, args.out)
    if args.french_spreadsheet and fmt != "csv":
        raise UsageError(t("pooled.spreadsheet_csv_only", fmt=fmt))
    programme = load_programme(args.programme)
    folder = data_folder(args.data, writable=False)
    if not Vault.is_initialised(folder):
        raise UserError(t("review.no_vault", path=folder))
    vault, _how = open_vault(folder, args.passphrase_file, command="report", read_only=True)
    store = Store(vault, SystemClock())
    step: Callable[[str], None]
    dialect = "excel-fr" if args.french_spreadsheet else "standard"
    if args.cycles is not None:
        cycle_ids = resolve_cycles(store, args.cycles)
        with progress_bar(sys.stderr.isatty(), len(cycle_ids) + 14) as step:
            files = export_cycles(store, cycle_ids, programme, fmt, out, hash_ids=args.hash_ids, step=step,
                                  dialect=dialect)
        target = ",".join(cycle_ids)
    else:
        with progress_bar(sys.stderr.isatty(), PROGRESS_STEPS) as step:
            files = export_cycle(store, args.cycle, programme, fmt, out, hash_ids=args.hash_ids, step=step,
                                 dialect=dialect)
        target = args.cycle
    if not record_export(vault, target, fmt, args.hash_ids, len(files)):
        print(t("review.audit_skipped"), file=sys.stderr)
    for path in files:
        print(path)
    return 0
