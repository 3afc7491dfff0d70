"""One entry point for every export format: load a cycle read-only, build its review, write the files."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from facilitator.core.formatting import tn
from facilitator.core.programme import Programme
from facilitator.core.review import build_review
from facilitator.errors import UsageError, UserError
from facilitator.i18n import t
from facilitator.reports.output import check_out, staged_export
from facilitator.reports.source import export_secret, hash_participant_codes, load_review_inputs
from facilitator.storage.repository import Store
from facilitator.storage.vault import StorageError, Vault

FORMATS = ("html", "md", "csv", "redcap", "taguette", "refi-qda")
FOLDER_FORMATS = ("csv", "redcap", "taguette", "refi-qda")
POOLED_FORMATS = ("html", "md", "csv", "redcap", "refi-qda")     # formats that take several cycles at once
# steps reported to the progress bar: 9 loads, 3 review parts, up to 12 writing steps
PROGRESS_STEPS = 24

Step = Callable[[str], None]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(t("review.bad_format", fmt=fmt, formats=", ".join(FORMATS)))
    return fmt


FILE_SUFFIXES = (".csv", ".html", ".htm", ".md", ".txt", ".xlsx", ".json", ".xml")   # names of files, not folders


def check_output(fmt: str, out: Path) -> Path:
    """The output path, checked before any work: a file (html, md) or a folder (csv, redcap, taguette);
    never a symbolic link or a special file."""
    out = Path(out)
    check_out(out, folder=fmt in FOLDER_FORMATS)
    if fmt in FOLDER_FORMATS:
        if out.exists() and not out.is_dir():
            raise UserError(t("review.out_not_folder", path=out))
        if not out.exists() and out.suffix.lower() in FILE_SUFFIXES:  # `--out report.csv` would make a folder
            raise UserError(t("room.out_file_name_for_folder", path=out, fmt=fmt))
        parent = out if out.exists() else out.parent
    else:
        if out.is_dir():
            raise UserError(t("review.out_is_folder", path=out))
        parent = out.parent
    parent = parent if str(parent) else Path(".")
    if not parent.is_dir():
        raise UserError(t("review.out_no_parent", path=parent))
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UserError(t("review.out_not_writable", path=out))
    return out


def resolve_cycles(store: Store, spec: str) -> list[str]:
    """The cycle ids of `--cycles`: `all` (every cycle of the folder, oldest first) or `ID,ID,...`."""
    known = {c.id: c for c in store.list_cycles()}
    if spec.strip() == "all":
        if not known:
            raise UserError(t("pooled.no_cycles", path=store.vault.data_dir))
        return [c.id for c in sorted(known.values(), key=lambda c: (c.site, c.start_date, c.id))]
    ids = list(dict.fromkeys(part.strip() for part in spec.split(",") if part.strip()))
    for cid in ids:
        if cid not in known:
            raise UserError(t("pooled.unknown_cycle", cycle=cid))
    if not ids:
        raise UsageError(t("pooled.unknown_cycle", cycle=spec))
    return ids


def export_cycles(store: Store, cycle_ids: list[str], programme: Programme, fmt: str, out: Path, *,
                  hash_ids: bool = False, generated_at: float | None = None, dialect: str = "standard",
                  step: Step | None = None) -> list[Path]:
    """Export several cycles at once: html and md give the pooled evaluation, csv and redcap one package."""
    from facilitator.core.pooled import pooled_evaluation
    from facilitator.reports.pooled import tables_from_reviews, write_pooled

    step = step or (lambda _label: None)
    check_format(fmt)
    if fmt not in POOLED_FORMATS:
        raise UsageError(t("pooled.one_cycle_only", fmt=fmt))
    out = check_output(fmt, out)
    reviews = []
    for cycle_id in cycle_ids:
        inputs = load_review_inputs(store, cycle_id, programme)
        if hash_ids:
            inputs, _mapping = hash_participant_codes(inputs, export_secret(store.vault, cycle_id))
        reviews.append(build_review(inputs))
        step(cycle_id)
    now = generated_at if generated_at is not None else store.clock.now()
    folder_existed = out.is_dir()
    before = set(out.iterdir()) if folder_existed else set()
    def write(target: Path) -> list[Path]:
        if fmt == "csv":
            from facilitator.reports.tables import DIALECTS, write_tables

            return write_tables(reviews, target, step, dialect=DIALECTS[dialect], hashed_ids=hash_ids,
                                generated_at=_iso(now))
        if fmt == "redcap":
            from facilitator.reports.redcap import write_redcap

            return write_redcap(reviews, target, step)
        if fmt == "refi-qda":
            from facilitator.reports.refiqda import write_refiqda

            return write_refiqda(reviews, target, step, created=_iso(now))
        from facilitator.core.pooled import due_sessions
        from facilitator.reports.pooled import EVALUATION_INPUTS

        tables = tables_from_reviews(reviews, EVALUATION_INPUTS)

        order, due_after = due_sessions(programme)
        evaluation = pooled_evaluation(tables, order, due_after)
        source = tn("pooled.source_folder", len(reviews), path=store.vault.data_dir)
        return write_pooled(evaluation, tables, fmt, target, generated_at=now, source=source, hashed_ids=hash_ids,
                            step=step)

    try:
        return staged_export(out, folder=fmt in FOLDER_FORMATS, write=write)
    except BaseException as exc:
        _remove_new_files(out, before, folder_existed)
        if isinstance(exc, OSError):
            raise UserError(t("review.write_failed", path=out,
                              reason=exc.strerror or exc.__class__.__name__)) from None
        raise


def _iso(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def export_cycle(store: Store, cycle_id: str, programme: Programme, fmt: str, out: Path, *,
                 hash_ids: bool = False, generated_at: float | None = None, dialect: str = "standard",
                 step: Step | None = None) -> list[Path]:
    """Write the export `fmt` of cycle `cycle_id` to `out`; returns the files written.

    Reads only (the store may be opened read-only). With `hash_ids`, participant codes are replaced
    everywhere, texts included, by codes hashed with the cycle's secret (see `export_secret`).
    """
    step = step or (lambda _label: None)
    check_format(fmt)
    out = check_output(fmt, out)
    inputs = load_review_inputs(store, cycle_id, programme, step)
    if hash_ids:
        inputs, _mapping = hash_participant_codes(inputs, export_secret(store.vault, cycle_id))
    review = build_review(inputs)
    step("review")
    folder_existed = out.is_dir()
    before = set(out.iterdir()) if folder_existed else set()
    when = generated_at if generated_at is not None else store.clock.now()
    try:
        return staged_export(out, folder=fmt in FOLDER_FORMATS,
                             write=lambda target: _write(review, fmt, target, hash_ids=hash_ids, generated_at=when,
                                                         step=step, dialect=dialect))
    except BaseException as exc:
        # each file is written to a temp file and renamed; the files of this export written before
        # the failure are removed too, so no half export is left behind
        _remove_new_files(out, before, folder_existed)
        if isinstance(exc, OSError):
            raise UserError(t("review.write_failed", path=out,
                              reason=exc.strerror or exc.__class__.__name__)) from None
        raise


def _remove_new_files(out: Path, before: set[Path], folder_existed: bool) -> None:
    if out.is_dir():
        for path in set(out.iterdir()) - before:
            with contextlib.suppress(OSError):
                path.unlink()
        if not folder_existed:
            with contextlib.suppress(OSError):
                out.rmdir()


def _write(review, fmt: str, out: Path, *, hash_ids: bool, generated_at: float,  # noqa: ANN001
           step: Step, dialect: str = "standard") -> list[Path]:
    if fmt in ("html", "md"):
        from facilitator.reports.document import build_document

        title, blocks = build_document(review, generated_at=generated_at, hashed=hash_ids, step=step)
        if fmt == "html":
            from facilitator.reports.html import write_html

            write_html(title, blocks, out)
        else:
            from facilitator.reports.markdown import write_markdown

            write_markdown(blocks, out)
        step(out.name)
        return [out]
    if fmt == "csv":
        from facilitator.reports.tables import DIALECTS, write_tables

        return write_tables(review, out, step, dialect=DIALECTS[dialect], hashed_ids=hash_ids,
                            generated_at=_iso(generated_at))
    if fmt == "redcap":
        from facilitator.reports.redcap import write_redcap

        return write_redcap(review, out, step)
    if fmt == "refi-qda":
        from facilitator.reports.refiqda import write_refiqda

        return write_refiqda(review, out, step, created=_iso(generated_at))
    from facilitator.reports.taguette import write_taguette

    return write_taguette(review, out, step)


def record_export(vault: Vault, cycle_id: str, fmt: str, hashed: bool, files: int) -> bool:
    """Append an "export" record to the audit log; False if the folder does not allow it.

    The export opens the vault read-only; the line is appended with `even_if_read_only`, which locks
    the audit log only, never a data file.
    """
    target = f"cycle {cycle_id}"
    detail = f"format={fmt} files={files}" + (" hashed-ids" if hashed else "")
    try:
        if not os.access(vault.data_dir, os.W_OK):
            return False
        vault.audit("export", actor="report", target=target, detail=detail, even_if_read_only=True)
        return True
    except (StorageError, OSError):
        return False
