"""The review of a cycle as a list of neutral blocks (headings, tables, charts) that HTML and Markdown render.

Both formats thus carry the same content; only charts differ (inline SVG in HTML, omitted with a
note in Markdown, where the table next to each chart holds the same figures).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from facilitator.core.capture import speaker_label
from facilitator.core.clock import format_mmss
from facilitator.core.formatting import date_time, day, number, p_value, percent, tn
from facilitator.core.instruments import INSTRUMENT_IDS, load_instruments, same_product
from facilitator.core.review import (
    EFFECT_SIZE_NAME,
    MEASURES,
    MIN_NONZERO_PAIRS,
    PRIMARY_MEASURE,
    CycleReview,
    measure_label,
    theme_label,
)
from facilitator.core.safety import flag_category
from facilitator.i18n import language, t
from facilitator.reports import charts

Step = Callable[[str], None]


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = ""                 # "" / "note" / "warning" / "meta"


@dataclass(frozen=True)
class Cell:
    text: str
    kind: str = ""                 # css class in HTML (e.g. "st-present"), ignored in Markdown


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: Sequence[Sequence[Cell | str]]
    kind: str = ""
    numeric: tuple[int, ...] = ()  # columns aligned right
    caption: str = ""              # what the table shows (read first by screen readers)


@dataclass(frozen=True)
class Chart:
    svg: str
    caption: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Section:
    """A group of blocks kept together on a printed page when it fits."""

    blocks: list = field(default_factory=list)
    kind: str = ""


Block = Heading | Paragraph | Table | Chart | Bullets | PageBreak | Section


# ---------------------------------------------------------------- formatting


def num(value: float | None, digits: int = 1) -> str:
    return number(value, digits)


def pct(rate: float | None) -> str:
    return percent(rate)


def p_text(p: float | None) -> str:
    return p_value(p)


def when(epoch: float | None) -> str:
    return date_time(epoch)


def minutes(seconds: int) -> str:
    return f"{round(seconds / 60)} min"


STATUS_LETTER = {"present": "P", "late": "R", "absent": "A", "excused": "E", "not_admitted": "N", None: "·"}
STATUS_LETTER_EN = {"present": "P", "late": "L", "absent": "A", "excused": "E", "not_admitted": "N",
                    None: "·"}


def status_letter(status: str | None) -> str:
    return (STATUS_LETTER if language() == "fr" else STATUS_LETTER_EN)[status]


def status_name(status: str | None) -> str:
    return t(f"review.status_{status or 'unknown'}")


# ---------------------------------------------------------------- sections


def _summary(review: CycleReview) -> list[Block]:
    att = review.attendance
    q = review.questionnaires
    forms_done = sum(1 for f in q.forms if f.completion == "done")
    forms_expected = len(review.cycle.participants) * len(q.timepoints) * len(INSTRUMENT_IDS)
    # the summary's change: first time point to the end of the programme (T2), else to the last one
    before, after = q.timepoints[0], "T2" if "T2" in q.timepoints[1:] else q.timepoints[-1]
    hw = review.homework.overall
    rows = [
        [t("review.k_participants"), str(len(review.cycle.participants))],
        [t("review.k_sessions_done"), f"{len(att.sessions_done)} / 8"],
        [t("review.k_median_attended"), num(att.median_attended)],
        [t("review.k_mean_rate"), pct(att.mean_rate)],
        [t("review.k_dropouts"), ", ".join(att.dropouts) or "0"],
        [t("review.k_homework"), t("review.k_homework_value", done=pct(hw.done_rate),
                                   partly=pct(hw.done_or_partly_rate), n=hw.reviewed)],
        [t("review.k_verbatims"), str(review.verbatim_counts.total)],
        [t("review.k_flags"), str(len(review.flags))],
        [t("review.k_forms"), f"{forms_done} / {forms_expected}"],
    ]
    for instrument in ("dudit", "ceq-s", "ceq-f", "tlfb"):
        measure = PRIMARY_MEASURE[instrument]
        c = q.comparison(instrument, measure, before, after)
        change = (f"{num(c.median_before, 2)} → {num(c.median_after, 2)} (n = {c.n}; "
                  + (f"p = {p_text(c.p_value)}, r = {num(c.effect_size, 2)})" if c.tested
                     else f"{c.reason_text})"))
        rows.append([t("review.k_change", measure=measure_label(instrument, measure), before=before, after=after),
                     change])
    return [Heading(2, t("review.h_summary"), "summary"),
            Table([t("review.c_figure"), t("review.c_value")], rows, kind="keyfigures"),
            Paragraph(q.dudit_note, "note")]


def _attendance(review: CycleReview) -> list[Block]:
    att = review.attendance
    headers = [t("review.c_participant")] + [f"S{n}" for n in range(1, 9)] + [
        t("review.c_attended"), t("review.c_rate"), t("review.c_dropout")]
    rows: list[list[Cell | str]] = []
    for p in att.participants:
        cells: list[Cell | str] = [p.code]
        for n in range(1, 9):
            status = p.statuses[n] if n in att.sessions_done else None
            cells.append(Cell(status_letter(status), f"st-{status or 'none'}"))
        cells += [str(p.attended), pct(p.rate),
                  t("review.dropout_after", session=p.last_attended or 0) if p.dropout else ""]
        rows.append(cells)
    totals: list[Cell | str] = [t("review.c_rate_session")]
    totals += [pct(s.rate) for s in att.sessions] + ["", pct(att.mean_rate), ""]
    rows.append(totals)
    legend = t("review.attendance_legend", p=status_letter("present"), l=status_letter("late"),
               a=status_letter("absent"), e=status_letter("excused"))
    bars = [(f"S{s.number}", (s.rate or 0) * 100, f"{pct(s.rate)} ({s.attended})") for s in att.sessions
            if s.done]
    counts = [[f"S{s.number}"] + [str(s.counts.get(k, 0)) for k in ("present", "late", "excused", "absent",
                                                                       "not_admitted", "unknown")]
              for s in att.sessions if s.done]
    return [
        Heading(2, t("review.h_attendance"), "attendance"),
        Table(headers, rows, kind="matrix", numeric=tuple(range(1, 12))),
        Paragraph(legend, "note"),
        Chart(charts.hbars(bars, t("review.chart_attendance"), maximum=100, width=640, label_width=60),
              t("review.chart_attendance")),
        Table([t("review.c_session")] + [status_name(k) for k in ("present", "late", "excused", "absent",
                                                                  "not_admitted", None)],
              counts, kind="compact", numeric=(1, 2, 3, 4, 5, 6)),
    ]


def _characteristics(review: CycleReview) -> list[Block]:
    """The participants' characteristics (from intake consultations) and drop-outs with their reasons."""
    c = review.characteristics
    if c is None:
        return []

    def pc(name: str, **values: object) -> str:
        return t(f"participant.{name}", **values)

    def share(n: int) -> str:
        return f"{n} ({pct(n / c.intakes)})" if c.intakes else str(n)

    rows: list[list[Cell | str]] = [[pc("k_intakes"), f"{c.intakes} / {c.enrolled}"]]
    for label, prefix, counts in ((pc("l_goal"), "goal", c.goals), (pc("l_products"), "product", c.products),
                                  (pc("l_routes"), "route", c.routes), (pc("l_referral"), "referral", c.referrals)):
        for key, n in counts.items():
            rows.append([f"{label}\u00a0: {pc(f'{prefix}_{key}')}" if language() == "fr"
                         else f"{label}: {pc(f'{prefix}_{key}')}", share(n)])
    for band, n in c.age_bands.items():
        rows.append([f"{pc('l_age_band')} {band}", share(n)])
    rows += [[pc("k_daily_ghb"), share(c.daily_ghb)], [pc("k_clinician"), share(c.individual_clinician)],
             [pc("k_late"), ", ".join(c.late_inclusions) or "0"],
             [pc("k_refused_quotation"), str(len(c.refused_quotation))],
             [pc("k_finals"), f"{c.finals} / {c.enrolled}"]]
    blocks: list[Block] = [
        Heading(2, pc("h_characteristics"), "characteristics"),
        Table([pc("c_characteristic"), pc("c_count")], rows, kind="compact", numeric=(1,)),
        Paragraph(pc("characteristics_note", intakes=c.intakes, enrolled=c.enrolled), "note"),
        Heading(3, pc("h_dropouts"), "dropouts"),
    ]
    if not c.dropouts:
        return blocks + [Paragraph(pc("no_dropouts"), "note")]
    blocks.append(Table([t("review.c_participant"), pc("c_date"), pc("c_reason"), pc("c_last_attended")],
                        [[d.code, day(d.date) if d.date else "—", pc(f"reason_{d.reason}"),
                          f"S{d.last_attended}" if d.last_attended else "—"] for d in c.dropouts],
                        kind="compact"))
    return blocks


def _homework(review: CycleReview) -> list[Block]:
    hw = review.homework
    rows = []
    for code, tally in hw.by_participant.items():
        rows.append([code, str(tally.reviewed), str(tally.done), str(tally.partly), str(tally.not_done),
                     pct(tally.done_rate)])
    o = hw.overall
    rows.append([t("review.c_all"), str(o.reviewed), str(o.done), str(o.partly), str(o.not_done),
                 pct(o.done_rate)])
    by_session = [[f"S{n}", ", ".join(review.session(n).homework_titles) if n else "", str(tl.reviewed),
                   pct(tl.done_rate), pct(tl.done_or_partly_rate)] for n, tl in hw.by_session.items() if n]
    return [
        Heading(2, t("review.h_homework"), "homework"),
        Paragraph(t("review.homework_explained"), "note"),
        Table([t("review.c_participant"), t("review.c_reviewed"), t("review.hw_done"), t("review.hw_partly"),
               t("review.hw_not_done"), t("review.c_done_rate")], rows, numeric=(1, 2, 3, 4, 5)),
        Table([t("review.c_given_at"), t("review.c_homework"), t("review.c_reviewed"), t("review.c_done_rate"),
               t("review.c_done_or_partly")], by_session, numeric=(2, 3, 4)),
    ]


def _questionnaires(review: CycleReview) -> list[Block]:
    q = review.questionnaires
    blocks: list[Block] = [Heading(2, t("review.h_questionnaires", timepoints=", ".join(q.timepoints)),
                                   "questionnaires"),
                           Paragraph(q.dudit_note, "warning")]
    if q.dudit_translation_note:
        blocks.append(Paragraph(q.dudit_translation_note, "warning"))
    grid: list[Block] = []
    maxima = {"dudit": float(load_instruments().dudit.max_total), "ceq-s": 10.0, "ceq-f": 10.0, "tlfb": 100.0}
    for instrument in INSTRUMENT_IDS:
        measure = PRIMARY_MEASURE[instrument]
        label = measure_label(instrument, measure)
        series = {code: [q.value(code, tp, instrument, measure) for tp in q.timepoints]
                  for code in review.cycle.participants}
        medians = [q.median(instrument, measure, tp).median for tp in q.timepoints]
        rows: list[list[str]] = []
        for code, values in series.items():
            extra = [f.product for f in q.forms if f.participant == code and f.instrument == instrument
                     and f.product]
            partial = [f.timepoint for f in q.forms if f.participant == code and f.instrument == instrument
                       and f.completion == "partial"]
            # the CEQ product, and each change of it in time order (3-MMC → GHB)
            products = [p for n, p in enumerate(extra) if n == 0 or not same_product(p, extra[n - 1])]
            note = "; ".join(filter(None, [" → ".join(products),
                                           t("review.partial_at", tps=", ".join(partial)) if partial else ""]))
            rows.append([code] + [num(v, 2) for v in values] + [note])
        rows.append([t("review.c_median")] + [
            f"{num(m.median, 2)} (n = {m.n})" for m in (q.median(instrument, measure, tp) for tp in q.timepoints)]
            + [""])
        grid.append(Section([
            Heading(3, label, f"q-{instrument}"),
            Chart(charts.trajectories(series, medians, list(q.timepoints), label, y_max=maxima[instrument],
                                      y_label=label), t("review.chart_trajectories", measure=label)),
            Table([t("review.c_participant")] + list(q.timepoints) + [t("review.c_remark")], rows,
                  numeric=tuple(range(1, len(q.timepoints) + 1))),
        ], kind="instrument"))
    blocks.append(Section(grid, kind="grid"))
    med_rows = []
    for instrument in INSTRUMENT_IDS:
        for measure in MEASURES[instrument]:
            cells = [measure_label(instrument, measure)]
            for tp in q.timepoints:
                m = q.median(instrument, measure, tp)
                cells.append(f"{num(m.median, 2)} [{num(m.q1, 2)}–{num(m.q3, 2)}] (n = {m.n})")
            med_rows.append(cells)
    blocks += [Heading(3, t("review.h_medians"), "medians"),
               Table([t("review.c_measure")] + list(q.timepoints), med_rows, kind="compact",
                     numeric=tuple(range(1, len(q.timepoints) + 1)))]
    comp_rows = []
    for instrument in INSTRUMENT_IDS:
        for measure in MEASURES[instrument]:
            for before, after in q.pairs:
                c = q.comparison(instrument, measure, before, after)
                comp_rows.append([measure_label(instrument, measure), f"{before} → {after}", str(c.n),
                                  num(c.median_before, 2), num(c.median_after, 2), num(c.median_difference, 2),
                                  num(c.statistic, 1), p_text(c.p_value), num(c.effect_size, 2),
                                  t(f"review.method_{c.method.replace(' ', '_')}") if c.method else c.reason_text])
    blocks += [Heading(3, t("review.h_comparisons"), "comparisons"),
               Paragraph(t("review.comparisons_explained", effect=EFFECT_SIZE_NAME, minimum=MIN_NONZERO_PAIRS),
                         "note"),
               Table([t("review.c_measure"), t("review.c_comparison"), "n", t("review.c_median_before"),
                      t("review.c_median_after"), t("review.c_median_diff"), "W", "p", "r",
                      t("review.c_method")], comp_rows, kind="comparisons", numeric=(2, 3, 4, 5, 6, 7, 8)),
               Paragraph(q.dudit_note, "note")]
    blocks += [Paragraph(note, "warning") for note in q.product_change_notes()]
    missing: dict[tuple[str, str], list[str]] = {}
    not_due = not_yet_due(review)
    for code, tp, instrument in q.missing:
        if tp not in not_due:
            missing.setdefault((code, tp), []).append(t(f"review.instrument_{instrument.replace('-', '_')}"))
    items = [f"{code} {tp} : {', '.join(names)}" if language() == "fr" else f"{code} {tp}: {', '.join(names)}"
             for (code, tp), names in sorted(missing.items())]
    blocks += [Heading(3, t("review.h_missing"), "missing"),
               Paragraph(t("review.missing_explained"), "note"),
               Bullets(items or [t("review.none")])]
    if not_due:
        blocks.append(Paragraph(t("quality.not_yet_due", timepoints=", ".join(
            t("quality.due_after", tp=tp, session=session) for tp, session in not_due.items())), "note"))
    return blocks


def not_yet_due(review: CycleReview) -> dict[str, int]:
    """Time points the cycle has not reached yet -> the session after which they are due.

    Their forms are "not yet due", never "missing": a mid-cycle report must not list them as gaps.
    """
    from facilitator.core.pooled import due_sessions

    order, due_after = due_sessions(review.programme)
    done = max(review.attendance.sessions_done, default=0)
    return {tp: due_after[tp] for tp in order if due_after.get(tp, 0) > done}


def with_captions(blocks: list[Block], heading: str = "") -> list[Block]:
    """Every table given a caption: its own, else the heading it stands under (screen readers announce it)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            heading = block.text
        elif isinstance(block, Table) and not block.caption and heading:
            block = replace(block, caption=heading)
        elif isinstance(block, Section):
            inner = with_captions(block.blocks, heading)
            for b in block.blocks:
                if isinstance(b, Heading):
                    heading = b.text
            block = replace(block, blocks=inner)
        out.append(block)
    return out


def _session(review: CycleReview, number: int) -> list[Block]:
    s = review.session(number)
    head = Heading(3, t("review.session_title", n=number, title=s.title), f"session-{number}")
    if s.status == "planned":
        return [Section([head, Paragraph(t("review.session_not_run"), "note")], kind="session")]
    counts = s.attendance.counts
    meta = t("review.session_meta", date=when(s.started_at), planned=minutes(s.planned_s),
             actual=minutes(s.actual_s), paused=minutes(s.paused_s), pauses=s.pauses,
             present=counts.get("present", 0), late=counts.get("late", 0), excused=counts.get("excused", 0),
             absent=counts.get("absent", 0), verbatims=s.verbatims)
    blocks: list[Block] = [head, Paragraph(meta, "meta")]
    if s.items:
        blocks.append(Chart(charts.timing_bars([(i.title, i.planned_s, i.actual_s) for i in s.items],
                                               t("review.chart_timings", n=number)),
                            t("review.chart_timings", n=number)))
        # protocol fidelity: the protocol's plan, the plan adjusted live (+/-), what happened
        rows: list[list[Cell | str]] = [
            [i.title, format_mmss(i.protocol_s or i.planned_s), format_mmss(i.planned_s), format_mmss(i.actual_s),
             Cell(format_mmss(i.delta_s, signed=True), "over" if i.delta_s > 60 else "")]
            for i in s.items]
        protocol_total = sum(i.protocol_s or i.planned_s for i in s.items)
        rows.append([t("review.c_total"), format_mmss(protocol_total), format_mmss(s.planned_s),
                     format_mmss(s.actual_s), format_mmss(s.actual_s - s.planned_s, signed=True)])
        blocks.append(Table([t("review.c_item"), t("room.c_protocol"), t("room.c_adjusted"), t("review.c_actual"),
                             t("review.c_delta")], rows, numeric=(1, 2, 3, 4)))
    titles = {i.item_id: i.title for i in s.items}
    if s.notes:
        blocks += [Heading(4, t("review.h_notes")),
                   Bullets([f"{n.author} · {titles.get(n.item_id, n.item_id)} — {n.text}" for n in s.notes])]
    if s.flags:
        blocks += [Heading(4, t("review.h_flags")),
                   Bullets([f"⚑ {f.participant}{flag_category(f)} · {titles.get(f.item_id or '', f.item_id or '')} — "
                            f"{f.reason}" for f in s.flags])]
    if s.homework_titles:
        blocks.append(Paragraph(t("review.homework_given", titles=" ; ".join(s.homework_titles))))
    if s.homework_review:
        tally = {k: sum(1 for r in s.homework_review.values() if r.status == k)
                 for k in ("done", "partly", "not_done")}
        blocks.append(Paragraph(t("review.homework_reviewed", done=tally["done"], partly=tally["partly"],
                                  not_done=tally["not_done"])))
    return [Section(blocks, kind="session")]


def _verbatims(review: CycleReview, step: Step) -> list[Block]:
    counts = review.verbatim_counts
    programme = review.programme
    theme_rows = [(theme_label(programme, th), float(n), str(n)) for th, n in counts.by_theme.items()]
    blocks: list[Block] = [
        Heading(2, t("review.h_verbatims"), "verbatims"),
        Paragraph(t("review.verbatims_explained", total=counts.total, deleted=counts.deleted), "note"),
        *([Paragraph(tn("participant.quotes_withheld", review.withheld_quotes), "note")]
          if review.withheld_quotes else []),
        Chart(charts.hbars(theme_rows, t("review.chart_themes")), t("review.chart_themes")),
        Section([
            Table([t("review.c_theme"), t("review.c_count")], [[label, shown] for label, _, shown in theme_rows],
                  kind="compact", numeric=(1,)),
            Table([t("review.c_speaker"), t("review.c_count")],
                  [[speaker_label(sp), str(n)] for sp, n in counts.by_speaker.items()], kind="compact", numeric=(1,)),
            Table([t("review.c_session"), t("review.c_count")],
                  [[f"S{n}", str(c)] for n, c in counts.by_session.items()], kind="compact", numeric=(1,)),
        ], kind="columns"),
    ]
    for s in review.sessions:
        kept = [v for v in review.verbatims if v.session == s.number]
        if not kept:
            continue
        titles = {i.item_id: i.title for i in s.items}
        blocks.append(Heading(3, t("review.session_title", n=s.number, title=s.title), f"verbatims-{s.number}"))
        verbatim_rows: list[list[Cell | str]] = [
            [format_mmss(v.elapsed_s), titles.get(v.item_id, v.item_id), speaker_label(v.speaker),
             ", ".join(theme_label(programme, th) for th in v.themes), Cell(v.text, "verbatim")]
            for v in kept]
        blocks.append(Table([t("review.c_time"), t("review.c_item"), t("review.c_speaker"), t("review.c_themes"),
                             t("review.c_text")], verbatim_rows, kind="verbatims"))
        step(f"verbatims {s.number}")
    return blocks


def _answer_blocks(answer) -> list[Block]:  # noqa: ANN001 - an ExerciseAnswer
    """Scalar fields as a two-column table; each table or week grid as a rows x columns table."""
    blocks: list[Block] = []
    scalars = [[v.field_label, Cell(v.value, "answer")] for v in answer.values if not v.row and not v.column]
    if scalars:
        blocks.append(Table([t("review.c_field"), t("review.c_answer")], scalars, kind="exercise"))
    grids: dict[str, list] = {}
    for v in answer.values:
        if v.row or v.column:
            grids.setdefault(v.field_id, []).append(v)
    for values in grids.values():
        columns: list[tuple[str, str]] = []
        rows: dict[str, dict[str, str]] = {}
        for v in values:
            if (v.column, v.column_label) not in columns:
                columns.append((v.column, v.column_label or v.column))
            rows.setdefault(v.row, {})[v.column] = v.value
        blocks.append(Paragraph(values[0].field_label, "label"))
        blocks.append(Table([""] + [label for _, label in columns],
                            [[row] + [Cell(cells.get(col, ""), "answer") for col, _ in columns]
                             for row, cells in rows.items()], kind="exercise"))
    return blocks


def _exercises(review: CycleReview, step: Step) -> list[Block]:
    blocks: list[Block] = [Heading(2, t("review.h_exercises"), "exercises")]
    if not review.exercises:
        return blocks + [Paragraph(t("review.none"), "note")]
    current: tuple[int, str] | None = None
    for answer in review.exercises:
        key = (answer.session, answer.exercise_id)
        if key != current:
            current = key
            blocks.append(Heading(3, f"S{answer.session} — {answer.title}"))
        blocks.append(Heading(4, t("review.exercise_subject", subject=answer.subject, filled=answer.fields_filled,
                                   total=answer.fields_total)))
        blocks += _answer_blocks(answer)
    step("exercises")
    return blocks


def _methods() -> list[Block]:
    return [Heading(2, t("review.h_methods"), "methods"),
            Bullets([t("review.method_attendance"), t("review.method_homework"), t("review.method_timings"),
                     t("review.method_scores"),
                     t("review.method_wilcoxon", effect=EFFECT_SIZE_NAME, minimum=MIN_NONZERO_PAIRS),
                     t("review.method_privacy")])]


def build_document(review: CycleReview, *, generated_at: float, hashed: bool = False,
                   step: Step | None = None) -> tuple[str, list[Block]]:
    """(title, blocks) of the whole report; `step` is called as parts are built (for a progress bar)."""
    step = step or (lambda _label: None)
    cycle = review.cycle
    title = t("review.report_title", label=cycle.label)
    facilitators = ", ".join(f"{f.code} {f.initials} ({f.role})" for f in cycle.facilitators)
    blocks: list[Block] = [Heading(1, title, "top")]
    if cycle.demo:
        blocks.append(Paragraph(t("review.demo_banner"), "warning"))
    blocks += [
        Paragraph(t("review.report_meta", site=cycle.site, start=day(cycle.start_date),
                    facilitators=facilitators, generated=when(generated_at), cycle_id=cycle.id), "meta"),
        Paragraph(t("review.privacy_notice") + (" " + t("review.hashed_notice") if hashed else ""), "warning"),
    ]
    blocks += _summary(review)
    step("summary")
    blocks += _attendance(review)
    blocks += _characteristics(review)
    blocks += _homework(review)
    step("attendance")
    blocks += [PageBreak()] + _questionnaires(review)
    step("questionnaires")
    blocks += [PageBreak(), Heading(2, t("review.h_sessions"), "sessions")]
    for n in range(1, 9):
        blocks += _session(review, n)
    step("sessions")
    blocks += [PageBreak()] + _verbatims(review, step)
    blocks += [PageBreak()] + _exercises(review, step)
    blocks += _methods()
    return title, with_captions(blocks)
