"""The pooled evaluation as a report: tidy tables from cycles or export packages, then HTML, Markdown or CSV.

`facilitator report --cycles` builds the tidy tables of the cycles in memory; `facilitator pool`
reads the export packages (`report --format csv --hash-ids`) of several sites. Both hand the same
string tables to `facilitator.core.pooled.pooled_evaluation`, exactly as a researcher would read the
CSV files, so the figures of the report can be recomputed from the package.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from facilitator.core.formatting import tn
from facilitator.core.instruments import load_instruments
from facilitator.core.pooled import (
    BOOTSTRAP_RESAMPLES,
    CONFIDENCE,
    INSTRUMENTS,
    MEASURES,
    PRIMARY_MEASURE,
    TIMEPOINT_DUE_AFTER,
    Count,
    PooledEvaluation,
    PoolError,
    Summary,
    Tables,
    pooled_evaluation,
)
from facilitator.core.review import MIN_NONZERO_PAIRS, CycleReview, measure_label
from facilitator.errors import UserError
from facilitator.i18n import language, t
from facilitator.reports import charts
from facilitator.reports.document import Block, Chart, Heading, Paragraph, Table, num, p_text, pct
from facilitator.reports.output import write_output
from facilitator.reports.tables import (
    DIALECTS,
    STANDARD,
    Column,
    Dialect,
    csv_value,
    descriptor,
    package_rows,
    table_specs,
    write_csv,
)

Step = Callable[[str], None]


# ---------------------------------------------------------------- tables


# the tables the pooled evaluation reads (the others are only written out)
EVALUATION_INPUTS = ("cycles", "participants", "attendance", "questionnaire_scores", "intake_choices")


def tables_from_reviews(reviews: Sequence[CycleReview],
                        names: Sequence[str] | None = None) -> dict[str, list[dict[str, str]]]:
    """The tidy tables of the cycles (all, or those `names`) as the CSV files hold them (every value a string)."""
    out: dict[str, list[dict[str, str]]] = {}
    for spec in table_specs():
        if names is not None and spec.name not in names:
            continue
        header = spec.header
        out[spec.name] = [{name: str(csv_value(value, STANDARD)) for name, value in zip(header, row, strict=True)}
                          for row in package_rows(spec, reviews)]
    return out


def read_package(folder: Path) -> tuple[dict[str, list[dict[str, str]]], dict]:
    """(tables, descriptor) of one export package; a UserError names what is wrong and where."""
    meta_path = folder / "datapackage.json"
    if not folder.is_dir():
        raise UserError(t("pooled.not_a_package", path=folder))
    if not meta_path.is_file():
        raise UserError(t("pooled.no_descriptor", path=folder))
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in meta["resources"]}
    except (ValueError, KeyError, TypeError):
        raise UserError(t("pooled.bad_descriptor", path=meta_path)) from None
    tables: dict[str, list[dict[str, str]]] = {}
    for name, resource in resources.items():
        path = folder / str(resource.get("path", ""))
        if not path.is_file():
            raise UserError(t("pooled.missing_file", path=path))
        delimiter = (resource.get("dialect") or {}).get("delimiter", ",")
        try:
            text = path.read_text(encoding=resource.get("encoding") or "utf-8")
        except (UnicodeDecodeError, LookupError):
            raise UserError(t("pooled.bad_encoding", path=path)) from None
        tables[name] = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    return tables, meta


def merge_packages(folders: Sequence[Path]) -> tuple[dict[str, list[dict[str, str]]], tuple[str, ...], dict[str, int]]:
    """(tables stacked, time points, time point -> session after which it is due) of several packages.

    Every package must have hashed ids and no cycle may repeat. The time points are those each
    package's descriptor records (its programme's), in the first package's order; the defaults (T0,
    T1 after session 4, T2 at session 8) for packages that record none.
    """
    merged: dict[str, list[dict[str, str]]] = {}
    origin: dict[str, Path] = {}
    order: list[str] = []
    due_after: dict[str, int] = {}
    for folder in folders:
        tables, meta = read_package(folder)
        info = meta.get("facilitator") or {}
        if not info.get("hashed_ids"):
            raise UserError(t("pooled.not_hashed", path=folder))
        for entry in info.get("timepoints") or []:
            try:
                tp, session = str(entry["timepoint"]), int(entry["due_after_session"])
            except (KeyError, TypeError, ValueError):
                raise UserError(t("pooled.bad_descriptor", path=folder / "datapackage.json")) from None
            if tp not in due_after:
                order.append(tp)
                due_after[tp] = session
        for row in tables.get("cycles", []):
            cid = row.get("cycle_id", "")
            if cid in origin:
                raise UserError(t("pooled.cycle_twice", cycle=cid, first=origin[cid], second=folder))
            origin[cid] = folder
        for name, rows in tables.items():
            merged.setdefault(name, []).extend(rows)
    if not order:
        order, due_after = ["T0", "T1", "T2"], dict(TIMEPOINT_DUE_AFTER)
    try:
        pooled_evaluation(merged, order, due_after)
    except PoolError as exc:
        raise UserError(t("pooled.cannot_pool", reason=str(exc))) from None
    return merged, tuple(order), due_after


# ---------------------------------------------------------------- formatting


def median_iqr(s: Summary, digits: int = 1) -> str:
    if s.n == 0:
        return "—"
    return f"{num(s.median, digits)} [{num(s.q1, digits)}–{num(s.q3, digits)}]"


def mean_sd(s: Summary, digits: int = 1) -> str:
    if s.n == 0:
        return "—"
    return f"{num(s.mean, digits)} ({num(s.sd, digits)})"


def count_text(c: Count) -> str:
    return f"{c.n} / {c.of} ({pct(c.share)})" if c.of else "—"


def ci_text(low: float | None, high: float | None) -> str:
    # non-breaking spaces: the interval never wraps inside its cell
    return "—" if low is None or high is None else f"[{num(low, 2)}\u00a0;\u00a0{num(high, 2)}]" \
        if language() == "fr" else f"[{num(low, 2)},\u00a0{num(high, 2)}]"


def code_label(prefix: str, code: str) -> str:
    """The catalogue's label of a code; the code itself when a package holds one this version does not know."""
    try:
        return t(prefix + code)
    except KeyError:
        return code


def instrument_name(instrument: str) -> str:
    return t(f"review.instrument_{instrument.replace('-', '_')}")


# ---------------------------------------------------------------- document


def _overview(ev: PooledEvaluation) -> list[Block]:
    rows = [[c.site, c.cycle_id, c.start_date, str(c.participants), f"{c.sessions_done} / 8", str(c.dropouts),
             num(c.median_attended), pct(c.mean_rate)] for c in ev.cycles]
    ch = ev.characteristics
    return [Heading(2, t("pooled.h_cycles"), "cycles"),
            Paragraph(t("pooled.cycles_intro", participants=tn("pooled.n_participants", ch.participants),
                           cycles=tn("pooled.n_cycles", ch.cycles), sites=tn("pooled.n_sites", ch.sites))),
            Table([t("pooled.c_site"), t("pooled.c_cycle"), t("pooled.c_start"), t("pooled.c_participants"),
                   t("pooled.c_sessions_done"), t("pooled.c_dropouts"), t("pooled.c_median_attended"),
                   t("pooled.c_mean_rate")], rows, numeric=(3, 4, 5, 6, 7), caption=t("pooled.cap_cycles"))]


def _characteristics(ev: PooledEvaluation) -> list[Block]:
    ch = ev.characteristics
    total = sum(ch.products.values())
    rows: list[list[str]] = [[t("pooled.k_participants"), str(ch.participants)]]
    for product, n in ch.products.items():
        rows.append([t("pooled.k_product", product=product or t("pooled.unknown")),
                     count_text(Count(n, total))])
    if ch.intakes:
        for key, values in (("goal", ch.goals), ("age_band", ch.age_bands), ("referral", ch.referrals)):
            for value, n in values.items():
                label = value if key == "age_band" else code_label(f"participant.{key}_", value)
                rows.append([t(f"pooled.k_{key}", value=label), count_text(Count(n, ch.intakes))])
        for route, n in ch.routes.items():
            rows.append([t("pooled.k_route", value=code_label("participant.route_", route)),
                         count_text(Count(n, ch.intakes))])
    rows.append([t("pooled.k_late"), str(ch.late_inclusions)])
    if ch.excluded_no_consent:
        rows.append([t("pooled.k_excluded"), str(ch.excluded_no_consent)])
    rows += [[t("pooled.k_dudit_problem"), count_text(ch.dudit_problem)],
             [t("pooled.k_dudit_dependence"), count_text(ch.dudit_dependence)],
             [t("pooled.k_injected"), count_text(ch.injected)]]
    for inst in INSTRUMENTS:
        measure = PRIMARY_MEASURE[inst]
        s = ch.baseline[(inst, measure)]
        rows.append([t("pooled.k_baseline", measure=measure_label(inst, measure)),
                     t("pooled.summary_value", median=median_iqr(s), mean=mean_sd(s), n=s.n)])
    return [Heading(2, t("pooled.h_characteristics"), "characteristics"),
            Table([t("review.c_figure"), t("review.c_value")], rows, kind="keyfigures",
                  caption=t("pooled.cap_characteristics"))]


def _participation(ev: PooledEvaluation) -> list[Block]:
    p = ev.participation
    rows = [[t("pooled.k_attended"), t("pooled.summary_value", median=median_iqr(p.attended),
                                       mean=mean_sd(p.attended), n=p.attended.n)],
            [t("pooled.k_rate"), t("pooled.summary_value", median=median_iqr(p.rate, 2), mean=mean_sd(p.rate, 2),
                                   n=p.rate.n)],
            [t("pooled.k_six_or_more"), count_text(p.attended_six_or_more)],
            [t("pooled.k_dropouts"), count_text(p.dropouts)]]
    after = ", ".join(t("pooled.dropout_after", session=s, n=n) for s, n in p.dropout_after.items())
    if after:
        rows.append([t("pooled.k_dropout_after"), after])
    for reason, n in p.dropout_reasons.items():
        rows.append([t("pooled.k_dropout_reason", reason=code_label("participant.reason_", reason)),
                     count_text(Count(n, p.dropouts.n))])
    bars = [(f"S{n}", (c.share or 0) * 100, f"{pct(c.share)} ({c.n}/{c.of})") for n, c in p.by_session.items()]
    session_rows = [[f"S{n}", str(c.n), str(c.of), pct(c.share)] for n, c in p.by_session.items()]
    return [Heading(2, t("pooled.h_participation"), "participation"),
            Table([t("review.c_figure"), t("review.c_value")], rows, kind="keyfigures",
                  caption=t("pooled.cap_participation")),
            Chart(charts.hbars(bars, t("pooled.chart_attendance"), maximum=100, width=640, label_width=60),
                  t("pooled.chart_attendance")),
            Table([t("review.c_session"), t("pooled.c_attended"), t("pooled.c_enrolled"), t("review.c_rate")],
                  session_rows, kind="compact", numeric=(1, 2, 3), caption=t("pooled.cap_by_session"))]


def _timepoints(ev: PooledEvaluation, timepoints: Sequence[str]) -> list[Block]:
    blocks: list[Block] = [Heading(2, t("pooled.h_timepoints"), "timepoints"),
                           Paragraph(t("pooled.timepoints_explained"), "note")]
    maxima = {"dudit": float(load_instruments().dudit.max_total), "ceq-s": 10.0, "ceq-f": 10.0, "tlfb": 100.0}
    for inst in INSTRUMENTS:
        rows = []
        for measure in MEASURES[inst]:
            for tp in timepoints:
                s = ev.timepoint(inst, measure, tp).summary
                rows.append([measure_label(inst, measure), tp, str(s.n), median_iqr(s, 2), mean_sd(s, 2),
                             f"{num(s.minimum, 2)}–{num(s.maximum, 2)}" if s.n else "—"])
        forms = []
        for tp in timepoints:
            row = ev.timepoint(inst, MEASURES[inst][0], tp)
            forms.append([tp, str(row.done), str(row.due), str(row.due - row.done), str(row.not_yet_due)])
        primary = PRIMARY_MEASURE[inst]
        label = measure_label(inst, primary)
        points = [(tp, ev.timepoint(inst, primary, tp).summary) for tp in timepoints]
        blocks += [Heading(3, instrument_name(inst), f"tp-{inst}"),
                   Chart(charts.medians_chart([(tp, s.median, s.q1, s.q3) for tp, s in points],
                                              t("pooled.chart_medians", measure=label), y_max=maxima[inst],
                                              y_label=label, median_label=t("pooled.chart_median_iqr")),
                         t("pooled.chart_medians", measure=label)),
                   Table([t("pooled.c_timepoint"), t("pooled.c_done"), t("pooled.c_due"), t("pooled.c_missing"),
                          t("pooled.c_not_yet_due")], forms, kind="compact", numeric=(1, 2, 3, 4),
                         caption=t("pooled.cap_forms", instrument=instrument_name(inst))),
                   Table([t("review.c_measure"), t("pooled.c_timepoint"), "n", t("pooled.c_median_iqr"),
                          t("pooled.c_mean_sd"), t("pooled.c_range")], rows,
                         kind="compact", numeric=(2, 3, 4, 5), caption=t("pooled.cap_timepoints",
                                                                          instrument=instrument_name(inst)))]
    return blocks


def _comparisons(ev: PooledEvaluation) -> list[Block]:
    rows = []
    for c in ev.comparisons:
        method = t(f"review.method_{c.method.replace(' ', '_')}") if c.method else t(
            f"review.reason_{c.reason}", minimum=MIN_NONZERO_PAIRS)
        if c.product_changes:
            method += " · " + tn("pooled.product_changes", c.product_changes)
        rows.append([measure_label(c.instrument, c.measure) + (" *" if c.primary else ""),
                     f"{c.before} → {c.after}", str(c.n), num(c.median_before, 2), num(c.median_after, 2),
                     num(c.median_difference, 2), num(c.statistic, 1), p_text(c.p_value),
                     p_text(c.p_holm) if c.p_holm is not None else "—", num(c.effect_size, 2),
                     ci_text(c.ci_low, c.ci_high), method])
    return [Heading(2, t("pooled.h_comparisons"), "comparisons"),
            Paragraph(t("pooled.comparisons_explained", minimum=MIN_NONZERO_PAIRS, level=round(CONFIDENCE * 100),
                        resamples=BOOTSTRAP_RESAMPLES), "note"),
            Table([t("review.c_measure"), t("review.c_comparison"), "n", t("review.c_median_before"),
                   t("review.c_median_after"), t("review.c_median_diff"), "W", "p", t("pooled.c_p_holm"), "r",
                   t("pooled.c_ci", level=round(CONFIDENCE * 100)), t("review.c_method")], rows,
                  kind="comparisons", numeric=(2, 3, 4, 5, 6, 7, 8, 9), caption=t("pooled.cap_comparisons")),
            Paragraph(t("pooled.multiple_comparisons", family=ev.primary_family), "warning"),
            Paragraph(t("questionnaires.dudit_timeframe_note"), "note")]


def _sites(ev: PooledEvaluation) -> list[Block]:
    """The primary measures site by site: do the sites tell the same story?"""
    if len({c.site for c in ev.cycles}) < 2 or not ev.sites:
        return []
    rows = [[s.site, measure_label(s.instrument, s.measure), f"{num(s.median_before, 2)} (n = {s.n_before})",
             f"{num(s.median_after, 2)} (n = {s.n_after})", f"{num(s.median_difference, 2)} (n = {s.pairs})"]
            for s in ev.sites]
    first = ev.sites[0]
    return [Heading(3, t("pooled.h_sites"), "sites"),
            Paragraph(t("pooled.sites_explained"), "note"),
            Table([t("pooled.c_site"), t("review.c_measure"), t("pooled.c_median_at", tp=first.before),
                   t("pooled.c_median_at", tp=first.after), t("pooled.c_paired_change")], rows, kind="compact",
                  numeric=(2, 3, 4), caption=t("pooled.cap_sites", before=first.before, after=first.after))]


def _methods() -> list[Block]:
    return [Heading(2, t("review.h_methods"), "methods"),
            Paragraph(t("pooled.method_pooling")),
            Paragraph(t("pooled.method_statistics", minimum=MIN_NONZERO_PAIRS, resamples=BOOTSTRAP_RESAMPLES)),
            Paragraph(t("review.method_privacy"))]


def build_pooled_document(ev: PooledEvaluation, *, generated_at: float, source: str) -> tuple[str, list[Block]]:
    title = t("pooled.title")
    timepoints = ev.timepoint_order
    blocks: list[Block] = [Heading(1, title, "top")]
    if ev.demo:
        blocks.append(Paragraph(t("pooled.demo_banner"), "warning"))
    blocks += [Paragraph(t("pooled.meta", source=source,
                           generated=datetime.fromtimestamp(generated_at).strftime("%d/%m/%Y %H:%M")), "meta"),
               Paragraph(t("review.privacy_notice"), "warning")]
    blocks += _overview(ev) + _characteristics(ev) + _participation(ev) + _timepoints(ev, timepoints)
    blocks += _comparisons(ev) + _sites(ev) + _methods()
    return title, blocks


# ---------------------------------------------------------------- CSV


EVALUATION_COLUMNS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "evaluation_characteristics": ("Participants' characteristics, participation and drop-outs over the pooled "
                                   "cycles: one row per figure, as counts (n of).", (
        Column("characteristic", "string", "participants, product (CEQ target product), goal, age_band, referral, "
               "route (at intake), late_inclusions, excluded_no_consent, dudit_problem, dudit_dependence, "
               "injected (TLFB T0), dropouts, dropout_after_session, dropout_reason, attended_six_or_more.",
               required=True),
        Column("value", "string", "The category (a code: product, goal, age band, referral, route, session); "
               "empty for a plain count."),
        Column("n", "integer", "Participants.", minimum=0),
        Column("of", "integer", "Out of (participants, intakes or forms); empty for a plain count.", minimum=0),
    )),
    "evaluation_sites": ("Each site's primary measures: median at the first and the last time point, and the "
                         "median paired change (no test: too few participants per site).", (
        Column("site", "string", "The site.", required=True),
        Column("instrument", "string", "dudit, ceq-s, ceq-f or tlfb.", required=True),
        Column("measure", "string", "The instrument's primary measure.", required=True),
        Column("before", "string", "First time point.", required=True),
        Column("after", "string", "Last time point.", required=True),
        Column("n_before", "integer", "Complete forms at the first time point.", minimum=0),
        Column("median_before", "number", "Median at the first time point."),
        Column("n_after", "integer", "Complete forms at the last time point.", minimum=0),
        Column("median_after", "number", "Median at the last time point."),
        Column("pairs", "integer", "Participants with both values.", minimum=0),
        Column("median_difference", "number", "Median of after - before over the pairs."),
    )),
    "evaluation_attendance": ("Attendance by session number over the cycles that held the session.", (
        Column("session", "integer", "Session number.", required=True, minimum=1, maximum=8),
        Column("attended", "integer", "Participants present or late.", minimum=0),
        Column("enrolled", "integer", "Participants enrolled in the cycles that held the session.", minimum=0),
        Column("rate", "number", "attended / enrolled.", minimum=0, maximum=1),
    )),
    "evaluation_timepoints": ("One row per instrument, measure and time point, over every participant of the "
                              "pooled cycles.", (
        Column("instrument", "string", "dudit, ceq-s, ceq-f or tlfb.", required=True),
        Column("measure", "string", "The measure (see questionnaire_scores).", required=True),
        Column("timepoint", "string", "T0, T1 or T2.", required=True),
        Column("n", "integer", "Complete forms.", minimum=0),
        Column("median", "number", "Median."), Column("q1", "number", "First quartile (inclusive method)."),
        Column("q3", "number", "Third quartile (inclusive method)."), Column("mean", "number", "Mean."),
        Column("sd", "number", "Standard deviation (n - 1)."), Column("min", "number", "Smallest value."),
        Column("max", "number", "Largest value."),
        Column("due", "integer", "Forms due: participants of cycles that reached the time point.", minimum=0),
        Column("not_yet_due", "integer", "Participants of cycles that have not reached it yet.", minimum=0),
    )),
    "evaluation_comparisons": ("One row per paired comparison (Wilcoxon signed-rank test).", (
        Column("instrument", "string", "dudit, ceq-s, ceq-f or tlfb.", required=True),
        Column("measure", "string", "The measure.", required=True),
        Column("before", "string", "Earlier time point.", required=True),
        Column("after", "string", "Later time point.", required=True),
        Column("n", "integer", "Participants with both values.", minimum=0),
        Column("n_nonzero", "integer", "Pairs with a non-zero difference (used by the test).", minimum=0),
        Column("median_before", "number", "Median at the earlier time point over the pairs."),
        Column("median_after", "number", "Median at the later time point over the pairs."),
        Column("median_difference", "number", "Median of after - before."),
        Column("statistic", "number", "Wilcoxon W, the smaller of R+ and R-."),
        Column("p_value", "number", "Two-sided p."),
        Column("p_holm", "number", "Holm-adjusted p within the primary comparisons (empty otherwise)."),
        Column("method", "string", "exact, permutation (exact with ties) or normal approximation."),
        Column("effect_size", "number", "Matched-pairs rank-biserial correlation (Kerby 2014), -1 to 1."),
        Column("ci_low", "number", "Lower bound of its 95% percentile bootstrap interval."),
        Column("ci_high", "number", "Upper bound of its 95% percentile bootstrap interval."),
        Column("primary", "integer", "A primary comparison (1) or secondary (0).", enum=(0, 1)),
        Column("reason", "string", "Why no test was run: no_pairs, all_zero, too_few."),
        Column("product_changes", "integer", "CEQ pairs left out because the product rated changed.", minimum=0),
    )),
}


def evaluation_rows(ev: PooledEvaluation) -> dict[str, list[list[object]]]:
    timepoints: list[list[object]] = [[r.instrument, r.measure, r.timepoint, r.summary.n, r.summary.median, r.summary.q1,
                   r.summary.q3, r.summary.mean, r.summary.sd, r.summary.minimum, r.summary.maximum, r.due,
                   r.not_yet_due] for r in ev.timepoints]
    comparisons: list[list[object]] = [[c.instrument, c.measure, c.before, c.after, c.n, c.n_nonzero, c.median_before,
                    c.median_after, c.median_difference, c.statistic, c.p_value, c.p_holm, c.method,
                    c.effect_size, c.ci_low, c.ci_high, int(c.primary), c.reason, c.product_changes]
                                       for c in ev.comparisons]
    ch = ev.characteristics
    p = ev.participation
    characteristics: list[list[object]] = [["participants", "", ch.participants, None]]
    characteristics += [["product", product, n, sum(ch.products.values())] for product, n in ch.products.items()]
    for name, counts in (("goal", ch.goals), ("age_band", ch.age_bands), ("referral", ch.referrals),
                         ("route", ch.routes)):
        characteristics += [[name, value, n, ch.intakes] for value, n in counts.items()]
    characteristics += [["late_inclusions", "", ch.late_inclusions, ch.participants],
                        ["excluded_no_consent", "", ch.excluded_no_consent, None],
                        ["dudit_problem", "", ch.dudit_problem.n, ch.dudit_problem.of],
                        ["dudit_dependence", "", ch.dudit_dependence.n, ch.dudit_dependence.of],
                        ["injected", "", ch.injected.n, ch.injected.of],
                        ["dropouts", "", p.dropouts.n, p.dropouts.of],
                        ["attended_six_or_more", "", p.attended_six_or_more.n, p.attended_six_or_more.of]]
    characteristics += [["dropout_after_session", str(session), n, p.dropouts.n]
                        for session, n in p.dropout_after.items()]
    characteristics += [["dropout_reason", reason, n, p.dropouts.n] for reason, n in p.dropout_reasons.items()]
    attendance: list[list[object]] = [[n, c.n, c.of, c.share] for n, c in p.by_session.items()]
    sites: list[list[object]] = [[x.site, x.instrument, x.measure, x.before, x.after, x.n_before, x.median_before,
                                  x.n_after, x.median_after, x.pairs, x.median_difference] for x in ev.sites]
    return {"evaluation_characteristics": characteristics, "evaluation_attendance": attendance,
            "evaluation_sites": sites,
            "evaluation_timepoints": timepoints, "evaluation_comparisons": comparisons}


def write_pooled_csv(ev: PooledEvaluation, tables: Tables, folder: Path, *, dialect: Dialect = STANDARD,
                     hashed_ids: bool, step: Step | None = None) -> list[Path]:
    """The pooled tidy tables, the evaluation tables and one `datapackage.json` describing them all."""
    step = step or (lambda _label: None)
    folder.mkdir(parents=True, exist_ok=True)
    specs = table_specs()
    paths = []
    for spec in specs:
        path = folder / spec.filename
        columns = spec.all_columns
        rows: list[list[object]] = [
            [_number(value, dialect) if column.type == "number" else value
             for column, value in zip(columns, (row.get(c.name, "") for c in columns), strict=True)]
            for row in tables.get(spec.name, [])]
        write_csv(path, spec.header, rows, dialect)
        paths.append(path)
        step(spec.filename)
    meta = descriptor(specs, dialect, hashed_ids=hashed_ids,
                      timepoints=[{"timepoint": tp, "due_after_session": ev.due_after.get(tp, 0)}
                                  for tp in ev.timepoint_order])
    for name, rows in evaluation_rows(ev).items():
        description, columns = EVALUATION_COLUMNS[name]
        path = folder / f"{name}.csv"
        write_csv(path, [c.name for c in columns], rows, dialect)
        paths.append(path)
        resource: dict = {"name": name, "path": path.name, "description": description,
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": dialect.encoding,
                          "schema": {"fields": [c.schema(dialect) for c in columns], "missingValues": [""]}}
        if dialect.delimiter != ",":
            resource["dialect"] = {"delimiter": dialect.delimiter}
        meta["resources"].append(resource)
    meta_path = folder / "datapackage.json"
    write_output(meta_path, (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    paths.append(meta_path)
    return paths


def _number(text: str, dialect: Dialect) -> object:
    """A number read from a package (either decimal mark) written in `dialect`."""
    return csv_value(float(text.replace(",", ".")), dialect) if text else ""


def write_pooled(ev: PooledEvaluation, tables: Tables, fmt: str, out: Path, *, generated_at: float, source: str,
                 hashed_ids: bool, dialect_name: str = "standard", step: Step | None = None) -> list[Path]:
    """Write the pooled evaluation as html, md (one file) or csv (a folder)."""
    if fmt == "csv":
        return write_pooled_csv(ev, tables, out, dialect=DIALECTS[dialect_name], hashed_ids=hashed_ids, step=step)
    title, blocks = build_pooled_document(ev, generated_at=generated_at, source=source)
    if fmt == "html":
        from facilitator.reports.html import write_html

        write_html(title, blocks, out)
    else:
        from facilitator.reports.markdown import write_markdown

        write_markdown(blocks, out)
    return [out]
