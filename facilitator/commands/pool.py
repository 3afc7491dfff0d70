"""`facilitator pool PACKAGE... --format html|md|csv --out PATH`: one evaluation of several sites' exports.

Each PACKAGE is a folder written by `facilitator report --cycles ... --format csv --hash-ids` at one
site; participant codes in it are hashed with a secret of that site's data folder, so codes of two
sites never collide and no site can reverse another's. No data folder or passphrase is needed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.errors import UsageError
from facilitator.i18n import t

FORMATS = ("html", "md", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packages", nargs="+", type=Path, metavar=t("cli.mv_package"),
                        help=t("cli.opt_packages"))
    parser.add_argument("--format", required=True, metavar="FORMAT", dest="fmt",
                        help=t("cli.opt_pool_format"))
    parser.add_argument("--out", required=True, type=Path, metavar=t("cli.mv_path"), help=t("cli.opt_pool_out"))
    parser.add_argument("--french-spreadsheet", action="store_true",
                        help=t("cli.opt_french_spreadsheet"))


def run(args: argparse.Namespace) -> int:
    from facilitator.core.clock import SystemClock
    from facilitator.core.pooled import pooled_evaluation
    from facilitator.reports.export import check_output
    from facilitator.reports.pooled import merge_packages, write_pooled

    if args.fmt not in FORMATS:
        raise UsageError(t("review.bad_format", fmt=args.fmt, formats=", ".join(FORMATS)))
    out = check_output(args.fmt, args.out)
    if args.french_spreadsheet and args.fmt != "csv":
        raise UsageError(t("pooled.spreadsheet_csv_only", fmt=args.fmt))
    from facilitator.core.formatting import tn

    # the time points and when they are due come from the packages (their programmes), not from a file here
    tables, order, due_after = merge_packages(args.packages)
    evaluation = pooled_evaluation(tables, order, due_after)
    source = tn("pooled.source_packages", len(args.packages),
                paths=", ".join(str(p) for p in args.packages))
    files = write_pooled(evaluation, tables, args.fmt, out, generated_at=SystemClock().now(), source=source,
                         hashed_ids=True, dialect_name="excel-fr" if args.french_spreadsheet else "standard")
    for path in files:
        print(path)
    return 0
