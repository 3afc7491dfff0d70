"""The participant booklet: cover, charter, each session's plan, exercise sheets and homework.

The participant's own copy (blank sheets, a line for his first name, no code), or one participant's
booklet with his own answers and the group's (never another participant's, never the roster). HTML
is one self-contained file that prints on A4; Markdown carries the same content.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.core import exercises as ex
from facilitator.core import formatting
from facilitator.core.models import SESSIONS_PER_CYCLE, Cycle, SessionRun
from facilitator.core.programme import (
    Exercise,
    ExerciseField,
    FieldKind,
    Homework,
    ItemKind,
    Programme,
    Resource,
    Session,
)
from facilitator.i18n import t

FREE_ROWS_BLANK = 5      # writing rows of a free table on a blank sheet
FREE_ROWS_EXTRA = 2      # writing rows added under filled rows
LONG_TEXT_LINES = 4
WIDE_TABLE_COLUMNS = 6   # tables with this many columns get a landscape page


@dataclass
class AnswerSet:
    """One filled copy of a sheet: whose answers, from which session."""

    label: str
    values: dict[str, Any]


@dataclass
class Sheet:
    exercise: Exercise
    answers: list[AnswerSet] = field(default_factory=list)

    @property
    def wide(self) -> bool:
        return any(f.kind == FieldKind.TABLE and len(f.columns) >= WIDE_TABLE_COLUMNS
                   for f in self.exercise.fields)


@dataclass
class BookletSession:
    session: Session
    day: date | None
    sheets: list[Sheet]
    earlier_sheets: list[tuple[Exercise, int]]   # exercises introduced in an earlier session
    homework: list[Homework]


@dataclass
class Booklet:
    programme: Programme
    cycle: Cycle
    participant: str | None
    sessions: list[BookletSession]
    first_day: date
    last_day: date


# -- building -------------------------------------------------------------------------------------
def session_day(cycle: Cycle, number: int, run: SessionRun | None = None) -> date:
    """The day session `number` was held (when it ran) or is planned (weekly from the start date)."""
    if run is not None and run.started_at:
        return datetime.fromtimestamp(run.started_at).date()
    return cycle.start_date + timedelta(weeks=number - 1)


def build_booklet(programme: Programme, cycle: Cycle, *, participant: str | None = None,
                  answers: dict[int, list[dict]] | None = None,
                  runs: dict[int, SessionRun] | None = None) -> Booklet:
    """The booklet's content; `answers` maps session numbers to stored answers (all subjects)."""
    answers = answers or {}
    runs = runs or {}
    if participant is not None and participant not in cycle.participants:
        raise ValueError(f"{participant} is not a participant of cycle {cycle.id}")
    first_use: dict[str, int] = {}
    sheets_by_id: dict[str, Sheet] = {}
    sessions: list[BookletSession] = []
    numbers = sorted(s.number for s in programme.sessions)
    for number in numbers:
        session = programme.session(number)
        sheets: list[Sheet] = []
        earlier: list[tuple[Exercise, int]] = []
        for exercise_id in ex.exercises_of_session(programme, number):
            try:
                exercise = programme.exercise(exercise_id)
            except KeyError:
                continue
            if exercise_id in first_use:
                earlier.append((exercise, first_use[exercise_id]))
            else:
                first_use[exercise_id] = number
                sheets_by_id[exercise_id] = Sheet(exercise)
                sheets.append(sheets_by_id[exercise_id])
        sessions.append(BookletSession(session, session_day(cycle, number, runs.get(number)), sheets, earlier,
                                       list(session.homework)))
    if participant is not None:
        for number in numbers:
            for subject, label in ((participant, t("exercises.booklet_own_answers", n=number)),
                                   (ex.GROUP, t("exercises.booklet_group_answers", n=number))):
                for doc in answers.get(number, []):
                    if doc.get("subject") != subject or doc.get("exercise_id") not in sheets_by_id:
                        continue
                    sheet = sheets_by_id[doc["exercise_id"]]
                    values = ex.normalise_answers(sheet.exercise, doc.get("values") or {}, strict=False)
                    if ex.completion(sheet.exercise, values).started:
                        sheet.answers.append(AnswerSet(label, values))
    days = [s.day for s in sessions if s.day is not None]
    first = min(days, default=cycle.start_date)
    last = max(days, default=cycle.start_date + timedelta(weeks=SESSIONS_PER_CYCLE - 1))
    return Booklet(programme, cycle, participant, sessions, first, last)


def load_booklet(store: Any, programme: Programme, cycle_id: str, participant: str | None = None) -> Booklet:
    """Read the cycle, its runs and (for one participant) the answers from the store, then build."""
    cycle = store.get_cycle(cycle_id)
    if participant is not None and participant not in cycle.participants:
        from facilitator.errors import UserError

        raise UserError(t("exercises.booklet_bad_participant", code=participant, cycle=cycle_id,
                          codes=", ".join(cycle.participants)))
    runs = {s.number: store.session_run(cycle_id, s.number) for s in programme.sessions}
    answers = ({s.number: store.exercise_answers(cycle_id, s.number) for s in programme.sessions}
               if participant is not None else {})
    return build_booklet(programme, cycle, participant=participant, answers=answers, runs=runs)


def _fmt_day(day: date) -> str:
    return formatting.day(day)


def _scale(kind: FieldKind) -> list[int]:
    low, high = ex.NUMBER_RANGES[kind]
    return list(range(low, high + 1)) if kind == FieldKind.RATING_10 else list(range(low, high + 1, 10))


# -- HTML -----------------------------------------------------------------------------------------
CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
@page wide { size: A4 landscape; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Serif", "Liberation Serif", "Noto Serif", Georgia, "Times New Roman", serif;
       font-size: 11pt; line-height: 1.45; color: #1a1a1a; margin: 0 auto; max-width: 190mm;
       padding: 10mm 0; background: #fff; }
h1, h2, h3, h4, .cover-meta, th, .label, .scale, .answer-label, .session-date, .tag, .footer-note {
  font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, Helvetica, sans-serif; }
h1 { font-size: 24pt; line-height: 1.2; margin: 0 0 6mm; }
h2 { font-size: 16pt; border-bottom: 2px solid #2d4a6b; padding-bottom: 2mm; margin: 0 0 4mm;
     color: #2d4a6b; }
h3 { font-size: 13pt; margin: 7mm 0 2mm; color: #2d4a6b; }
h4 { font-size: 11pt; margin: 4mm 0 1mm; }
h3.sub, h4.sub, h5.sub { font-size: 11pt; margin: 4mm 0 1mm; color: inherit; }
p { margin: 0 0 2.5mm; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1mm; }
.page { break-before: page; page-break-before: always; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center;
         border: 1.5pt solid #2d4a6b; padding: 18mm 16mm; }
.cover .subtitle { font-size: 14pt; margin-bottom: 10mm; }
.cover-meta { font-size: 11pt; margin: 0 0 2mm; }
.tag { display: inline-block; border: 1pt solid #1a1a1a; padding: 1mm 3mm; font-size: 10pt;
       margin-top: 8mm; }
.rule { margin-bottom: 3mm; break-inside: avoid; page-break-inside: avoid; }
.rule .rule-title { font-weight: bold; }
.session-date { font-size: 10pt; color: #444; margin: -2mm 0 4mm; }
.box { border: 1pt solid #9aa8b8; border-radius: 2mm; padding: 3mm 4mm; margin: 3mm 0; break-inside: avoid;
       page-break-inside: avoid; }
.key-messages { background: #eef2f6; }
.sheet { margin-top: 6mm; }
.sheet.wide { page: wide; break-before: page; page-break-before: always; max-width: none; }
.sheet-title { border-left: 3mm solid #2d4a6b; padding-left: 3mm; }
.instructions { font-style: italic; }
.field { margin: 3mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
.label { font-weight: bold; font-size: 10pt; margin-bottom: 1mm; }
.help { font-size: 9.5pt; color: #444; margin: 0 0 1mm; }
.line { border-bottom: 0.8pt dotted #777; height: 8mm; }
.answer { white-space: pre-wrap; border-left: 1pt solid #9aa8b8; padding: 1mm 0 1mm 3mm; }
.answer-label { font-size: 10pt; font-weight: bold; background: #eef2f6; padding: 1mm 3mm; margin-top: 5mm; }
.scale { display: flex; flex-wrap: wrap; gap: 1.5mm; }
.scale span { display: inline-block; min-width: 8mm; text-align: center; border: 0.8pt solid #777;
              border-radius: 1mm; padding: 0.5mm 1mm; font-size: 9.5pt; }
.scale span.chosen { border: 2pt solid #1a1a1a; font-weight: bold; }
.options { list-style: none; padding-left: 0; }
.options li::before { content: "\\2610\\00a0"; }
.options li.chosen::before { content: "\\2612\\00a0"; }
.options li.chosen { font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.8pt solid #777; padding: 1.5mm 2mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eef2f6; font-size: 9pt; }
td { font-size: 10pt; height: 12mm; white-space: pre-wrap; }
td.row-label, th.row-label { width: 28mm; font-weight: bold; font-size: 9.5pt; }
.grid td { height: 16mm; }
.see-also { font-size: 10pt; }
.footer-note { font-size: 9pt; color: #444; margin-top: 8mm; }
.emergency-box { border: 2pt solid #8b1a1a; background: #fbeeee; }
.resources li { list-style: none; margin-left: -6mm; }
.resources .phone { font-weight: bold; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace;
                    display: inline-block; min-width: 38mm; }
.resources .blank { display: inline-block; min-width: 38mm; border-bottom: 0.8pt dotted #777; }
.resources .what { font-size: 9.5pt; color: #333; }
.first-name { display: inline-block; min-width: 70mm; border-bottom: 0.8pt solid #1a1a1a; }
@media print { body { max-width: none; padding: 0; } }
@media screen { body { padding: 12mm 10mm; } .page { border-top: 1px dashed #bbb; margin-top: 12mm;
                padding-top: 8mm; } .sheet.wide { border-top: 1px dashed #bbb; padding-top: 8mm; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cell_html(kind: FieldKind, value: object) -> str:
    return _e(_cell_text(kind, value))


def _field_html(f: ExerciseField, value: object, filled: bool) -> str:
    out = [f'<div class="field"><div class="label">{_e(f.label)}</div>']
    if f.help:
        out.append(f'<p class="help">{_e(f.help)}</p>')
    kind = f.kind
    if kind in ex.TEXT_KINDS:
        if filled and isinstance(value, str) and value.strip():
            out.append(f'<div class="answer">{_e(value)}</div>')
        else:
            lines = 1 if kind == FieldKind.SHORT_TEXT else LONG_TEXT_LINES
            out.append('<div class="line"></div>' * lines)
    elif kind in ex.NUMBER_RANGES:
        marks = []
        unit = " %" if kind == FieldKind.PERCENT else ""
        for number in _scale(kind):
            chosen = filled and value == number
            marks.append(f'<span class="{"chosen" if chosen else ""}">{"● " if chosen else ""}{number}'
                         f'{unit if chosen else ""}</span>')
        if kind == FieldKind.PERCENT and filled and isinstance(value, int) and value % 10:
            marks.append(f'<span class="chosen">● {value} %</span>')
        out.append(f'<div class="scale">{"".join(marks)}</div>')
    elif kind == FieldKind.CHOICE:
        items = "".join(f'<li class="{"chosen" if filled and value == option else ""}">{_e(option)}</li>'
                        for option in f.options)
        out.append(f'<ul class="options">{items}</ul>')
    elif kind == FieldKind.TABLE:
        out.append(_table_html(f, value if filled else None))
    elif kind == FieldKind.WEEK_GRID:
        grid = value if filled and isinstance(value, dict) else {}
        head = "".join(f"<th>{_e(day)}</th>" for day in f.days)
        body = []
        for slot in f.slots:
            cells = "".join(f"<td>{_e(grid.get(day, {}).get(slot, ''))}</td>" for day in f.days)
            body.append(f'<tr><td class="row-label">{_e(slot)}</td>{cells}</tr>')
        out.append(f'<table class="grid"><thead><tr><th class="row-label"></th>{head}</tr></thead>'
                   f'<tbody>{"".join(body)}</tbody></table>')
    out.append("</div>")
    return "".join(out)


def _table_html(f: ExerciseField, rows: object) -> str:
    rows = rows if isinstance(rows, list) else []
    label_head = '<th class="row-label"></th>' if f.rows else ""
    head = label_head + "".join(f"<th>{_e(c.label)}</th>" for c in f.columns)
    body = []
    if f.rows:
        for index, label in enumerate(f.rows):
            row = rows[index] if index < len(rows) else {}
            cells = "".join(f"<td>{_cell_html(c.kind, row.get(c.id))}</td>" for c in f.columns)
            body.append(f'<tr><td class="row-label">{_e(label)}</td>{cells}</tr>')
    else:
        for row in rows:
            cells = "".join(f"<td>{_cell_html(c.kind, row.get(c.id))}</td>" for c in f.columns)
            body.append(f"<tr>{cells}</tr>")
        blank = FREE_ROWS_EXTRA if rows else FREE_ROWS_BLANK
        body += ["<tr>" + "<td></td>" * len(f.columns) + "</tr>"] * blank
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _sheet_html(sheet: Sheet, programme: Programme) -> str:
    exercise = sheet.exercise
    out = [f'<section class="sheet{" wide" if sheet.wide else ""}">',
           f'<h3 class="sheet-title">{_e(t("exercises.booklet_sheet", title=exercise.title))}</h3>',
           f'<p class="instructions">{_e(exercise.instructions_participant)}</p>']
    copies = sheet.answers or [AnswerSet("", {})]
    for copy in copies:
        if copy.label:
            out.append(f'<div class="answer-label">{_e(copy.label)}</div>')
        filled = bool(copy.label)
        for f in exercise.fields:
            out.append(_field_html(f, copy.values.get(f.id), filled))
    if exercise.with_resources:
        out.append(f'<div class="box">{_emergency_html(programme, heading="h4")}</div>')
    out.append("</section>")
    return "".join(out)


def _resource_html(resource: Resource) -> str:
    phone = (f'<span class="phone">{_e(resource.phone)}</span>' if resource.phone.strip()
             else '<span class="blank">&#160;</span>')
    what = f' <span class="what">— {_e(resource.description)}</span>' if resource.description else ""
    contact = f' <span class="what">{_e(resource.contact)}</span>' if resource.contact else ""
    return f"<li>{phone} <strong>{_e(resource.name)}</strong>{what}{contact}</li>"


def _emergency_html(p: Programme, *, heading: str = "h2") -> str:
    """The emergency box and the resources: national lines with numbers, local services to fill in."""
    out = [f"<{heading}>{_e(t('safety.booklet_emergency_title'))}</{heading}>"]
    sub = f"h{min(6, int(heading[1:]) + 1)}"       # one level below, never skipping one
    if p.emergency:
        out.append('<div class="box emergency-box"><ul>')
        out += [f"<li>{_e(line)}</li>" for line in p.emergency]
        out.append("</ul></div>")
    for scope in ("national", "local"):
        chosen = [r for r in p.resources if r.scope == scope]
        if chosen:
            out.append(f"<{sub} class=\"sub\">{_e(t(f'safety.booklet_{scope}'))}</{sub}><ul class=\"resources\">")
            out += [_resource_html(r) for r in chosen]
            out.append("</ul>")
    return "".join(out)


def _goal_html() -> str:
    out = ['<section class="page goal">', f"<h2>{_e(t('safety.booklet_goal_title'))}</h2>",
           f'<p class="instructions">{_e(t("safety.booklet_goal_intro"))}</p>']
    for key, lines in GOAL_FIELDS:
        out.append(f'<div class="field"><div class="label">{_e(t(key))}</div>{"<div class=line></div>" * lines}</div>')
    out.append("</section>")
    return "".join(out)


def _learn_more(session: Session) -> list[str]:
    """The reference notes of a session's psychoeducation items: the booklet's psychoeducation page."""
    return [note for item in session.agenda if item.kind is ItemKind.PSYCHOEDUCATION for note in item.notes]


def _spare_sheets(p: Programme) -> list[Sheet]:
    return [Sheet(exercise) for exercise in p.exercises for _ in range(exercise.spare_copies)]


def _keep_note(booklet: Booklet) -> str:
    """The cover's last line: the copy with answers says names are codes; his own copy has none."""
    return t("exercises.booklet_keep") if booklet.participant else t("safety.booklet_keep_own")


def _spare_intro(p: Programme) -> str:
    titles = [exercise.title for exercise in p.exercises if exercise.spare_copies]
    return t("safety.booklet_spare_intro", titles=", ".join(titles))


GOAL_FIELDS = (("safety.booklet_goal_what", 2), ("safety.booklet_goal_why", 3), ("safety.booklet_goal_signs", 3),
               ("safety.booklet_goal_help", 3), ("safety.booklet_goal_mid", 3), ("safety.booklet_goal_end", 3))


def render_html(booklet: Booklet) -> str:
    """The booklet as one self-contained HTML page (inline CSS, no external resource)."""
    p, cycle = booklet.programme, booklet.cycle
    lang = "fr" if t("exercises.booklet_lang") == "fr" else "en"
    title = p.programme.title
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(t('exercises.booklet_title'))} — {_e(title)}</title>",
             f"<style>{CSS}</style></head><body>"]
    # cover
    parts.append('<section class="cover">')
    parts.append(f'<div class="subtitle">{_e(t("exercises.booklet_title"))}</div>')
    parts.append(f"<h1>{_e(title)}</h1>")
    parts.append(f'<p class="cover-meta">{_e(t("exercises.booklet_cycle", label=cycle.label))}</p>')
    parts.append(f'<p class="cover-meta">{_e(t("exercises.booklet_site", site=cycle.site))}</p>')
    parts.append(f'<p class="cover-meta">{_e(t("exercises.booklet_dates", first=_fmt_day(booklet.first_day), last=_fmt_day(booklet.last_day), n=len(booklet.sessions)))}</p>')
    if booklet.participant:   # the copy filled with his answers keeps the code and says it is pseudonymised
        parts.append(f'<p class="cover-meta">{_e(t("exercises.booklet_code", code=booklet.participant))}</p>')
        parts.append(f'<div><span class="tag">{_e(t("exercises.booklet_pseudonymised"))}</span></div>')
    else:                     # the participant's own copy: a blank for his first name, no code
        parts.append(f'<p class="cover-meta">{_e(t("safety.booklet_first_name"))} '
                     '<span class="first-name">&#160;</span></p>')
    parts.append(f'<p class="footer-note">{_e(_keep_note(booklet))}</p>')
    parts.append("</section>")
    # charter
    parts.append('<section class="page charter">')
    parts.append(f"<h2>{_e(t('exercises.booklet_charter'))}</h2>")
    for rule in p.charter:
        parts.append(f'<div class="rule"><span class="rule-title">{_e(rule.title)}.</span> {_e(rule.text)}</div>')
    parts.append("</section>")
    # emergencies and resources, then his own goal
    parts.append(f'<section class="page emergency" id="emergency">{_emergency_html(p)}</section>')
    parts.append(_goal_html())
    # sessions
    for bs in booklet.sessions:
        s = bs.session
        parts.append(f'<section class="page session" id="session-{s.number}">')
        parts.append(f"<h2>{_e(t('exercises.booklet_session', n=s.number, title=s.title))}</h2>")
        if bs.day:
            parts.append(f'<p class="session-date">{_e(t("exercises.booklet_session_date", day=_fmt_day(bs.day), minutes=s.minutes))}</p>')
        parts.append(f"<h3 class=\"sub\">{_e(t('exercises.booklet_goals'))}</h3><ul>")
        parts += [f"<li>{_e(goal)}</li>" for goal in s.goals]
        parts.append("</ul>")
        parts.append(f"<h3 class=\"sub\">{_e(t('exercises.booklet_plan'))}</h3><ul>")
        parts += [f"<li>{_e(item.title)} ({item.minutes} min)</li>" for item in s.agenda]
        parts.append("</ul>")
        if s.key_messages:
            parts.append(f'<div class="box key-messages"><h3 class="sub">{_e(t("exercises.booklet_key_messages"))}</h3><ul>')
            parts += [f"<li>{_e(message)}</li>" for message in s.key_messages]
            parts.append("</ul></div>")
        if _learn_more(s):
            parts.append(f'<div class="box learn-more"><h3 class="sub">{_e(t("safety.booklet_learn_more"))}</h3><ul>')
            parts += [f"<li>{_e(note)}</li>" for note in _learn_more(s)]
            parts.append("</ul></div>")
        for exercise, first in bs.earlier_sheets:
            parts.append(f'<p class="see-also">{_e(t("exercises.booklet_see_sheet", title=exercise.title, n=first))}</p>')
        parts += [_sheet_html(sheet, p) for sheet in bs.sheets]
        if bs.homework:
            parts.append(f'<div class="box homework"><h3 class="sub">{_e(t("exercises.booklet_homework"))}</h3>')
            for hw in bs.homework:
                parts.append(f'<p><strong>{_e(hw.title)}.</strong> {_e(hw.instructions)}</p>')
            parts.append("</div>")
        parts.append(f"<h3 class=\"sub\">{_e(t('exercises.booklet_my_notes'))}</h3>")
        parts.append('<div class="line"></div>' * 5)
        parts.append("</section>")
    spare = _spare_sheets(p)
    if spare:
        parts.append(f'<section class="page spare"><h2>{_e(t("safety.booklet_spare_title"))}</h2>'
                     f'<p>{_e(_spare_intro(p))}</p></section>')
        parts += [_sheet_html(sheet, p) for sheet in spare]
    parts.append("</body></html>\n")
    return "\n".join(parts)


# -- Markdown -------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def md_escape(text: object) -> str:
    """Text shown literally by Markdown renderers (no emphasis, links, HTML or table breaks)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _md_cell(text: object) -> str:
    return md_escape(text).replace("\r", "").replace("\n", "<br>") if text not in (None, "") else " "


def _md_blank(lines: int) -> list[str]:
    return ["", *(["_" * 70 + "  "] * lines), ""]


def _field_md(f: ExerciseField, value: object, filled: bool) -> list[str]:
    out = [f"**{md_escape(f.label)}**", ""]
    if f.help:
        out += [f"*{md_escape(f.help)}*", ""]
    kind = f.kind
    if kind in ex.TEXT_KINDS:
        if filled and isinstance(value, str) and value.strip():
            out += [f"> {line}" if line.strip() else ">" for line in md_escape(value).splitlines()] + [""]
        else:
            out += _md_blank(1 if kind == FieldKind.SHORT_TEXT else LONG_TEXT_LINES)
    elif kind in ex.NUMBER_RANGES:
        scale = " ".join(f"**[{n}]**" if filled and value == n else f"[{n}]" for n in _scale(kind))
        if kind == FieldKind.PERCENT and filled and isinstance(value, int):
            scale += f" → **{value} %**"
        out += [scale, ""]
    elif kind == FieldKind.CHOICE:
        out += [f"- [{'x' if filled and value == option else ' '}] {md_escape(option)}" for option in f.options]
        out.append("")
    elif kind == FieldKind.TABLE:
        rows = value if filled and isinstance(value, list) else []
        head = ([" "] if f.rows else []) + [md_escape(c.label) for c in f.columns]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        if f.rows:
            for index, label in enumerate(f.rows):
                row = rows[index] if index < len(rows) else {}
                out.append("| " + " | ".join([f"**{md_escape(label)}**"] + [
                    _md_cell(_cell_text(c.kind, row.get(c.id))) for c in f.columns]) + " |")
        else:
            for row in rows:
                out.append("| " + " | ".join(_md_cell(_cell_text(c.kind, row.get(c.id))) for c in f.columns) + " |")
            out += ["|" + "   |" * len(f.columns)] * (FREE_ROWS_EXTRA if rows else FREE_ROWS_BLANK)
        out.append("")
    elif kind == FieldKind.WEEK_GRID:
        grid = value if filled and isinstance(value, dict) else {}
        out.append("| | " + " | ".join(md_escape(day) for day in f.days) + " |")
        out.append("|---|" + "---|" * len(f.days))
        for slot in f.slots:
            out.append(f"| **{md_escape(slot)}** | " + " | ".join(
                _md_cell(grid.get(day, {}).get(slot, "")) for day in f.days) + " |")
        out.append("")
    return out


def _cell_text(kind: FieldKind, value: object) -> str:
    if value is None or value == "":
        return ""
    if kind == FieldKind.PERCENT:
        return f"{value} %"
    if kind == FieldKind.RATING_10:
        return f"{value}/10"
    return str(value)


def render_markdown(booklet: Booklet) -> str:
    """The booklet as Markdown, same content as the HTML."""
    p, cycle = booklet.programme, booklet.cycle
    out = [f"# {md_escape(p.programme.title)}", "", f"*{md_escape(t('exercises.booklet_title'))}*", "",
           f"- {md_escape(t('exercises.booklet_cycle', label=cycle.label))}",
           f"- {md_escape(t('exercises.booklet_site', site=cycle.site))}",
           f"- {md_escape(t('exercises.booklet_dates', first=_fmt_day(booklet.first_day), last=_fmt_day(booklet.last_day), n=len(booklet.sessions)))}",
           *([f"- {md_escape(t('exercises.booklet_code', code=booklet.participant))}",
              f"- **{md_escape(t('exercises.booklet_pseudonymised'))}**"] if booklet.participant
             else [f"- {md_escape(t('safety.booklet_first_name'))} " + "_" * 30]), "",
           md_escape(_keep_note(booklet)), "", "---", "",
           f"## {md_escape(t('exercises.booklet_charter'))}", ""]
    for rule in p.charter:
        out += [f"- **{md_escape(rule.title)}.** {md_escape(rule.text)}"]
    out += ["", "---", ""] + _emergency_md(p, "##") + ["---", "", f"## {md_escape(t('safety.booklet_goal_title'))}", "",
                                                       f"*{md_escape(t('safety.booklet_goal_intro'))}*", ""]
    for key, lines in GOAL_FIELDS:
        out += [f"**{md_escape(t(key))}**"] + _md_blank(lines)
    for bs in booklet.sessions:
        s = bs.session
        out += ["---", "", f"## {md_escape(t('exercises.booklet_session', n=s.number, title=s.title))}", ""]
        if bs.day:
            out += [f"*{md_escape(t('exercises.booklet_session_date', day=_fmt_day(bs.day), minutes=s.minutes))}*", ""]
        out += [f"### {md_escape(t('exercises.booklet_goals'))}", ""] + [f"- {md_escape(g)}" for g in s.goals]
        out += ["", f"### {md_escape(t('exercises.booklet_plan'))}", ""]
        out += [f"1. {md_escape(item.title)} ({item.minutes} min)" for item in s.agenda]
        out.append("")
        if s.key_messages:
            out += [f"### {md_escape(t('exercises.booklet_key_messages'))}", ""]
            out += [f"> - {md_escape(message)}" for message in s.key_messages]
            out.append("")
        if _learn_more(s):
            out += [f"### {md_escape(t('safety.booklet_learn_more'))}", ""]
            out += [f"- {md_escape(note)}" for note in _learn_more(s)]
            out.append("")
        for exercise, first in bs.earlier_sheets:
            out += [f"*{md_escape(t('exercises.booklet_see_sheet', title=exercise.title, n=first))}*", ""]
        for sheet in bs.sheets:
            out += _sheet_md(sheet, p)
        if bs.homework:
            out += [f"### {md_escape(t('exercises.booklet_homework'))}", ""]
            out += [f"- **{md_escape(hw.title)}.** {md_escape(hw.instructions)}" for hw in bs.homework]
            out.append("")
        out += [f"### {md_escape(t('exercises.booklet_my_notes'))}"] + _md_blank(5)
    spare = _spare_sheets(p)
    if spare:
        out += ["---", "", f"## {md_escape(t('safety.booklet_spare_title'))}", "", md_escape(_spare_intro(p)), ""]
        for sheet in spare:
            out += _sheet_md(sheet, p)
    return "\n".join(out).rstrip() + "\n"


def _sheet_md(sheet: Sheet, p: Programme) -> list[str]:
    exercise = sheet.exercise
    out = [f"### {md_escape(t('exercises.booklet_sheet', title=exercise.title))}", "",
           f"*{md_escape(exercise.instructions_participant)}*", ""]
    for copy in sheet.answers or [AnswerSet("", {})]:
        if copy.label:
            out += [f"#### {md_escape(copy.label)}", ""]
        for f in exercise.fields:
            out += _field_md(f, copy.values.get(f.id), bool(copy.label))
    if exercise.with_resources:
        out += _emergency_md(p, "####")
    return out


def _emergency_md(p: Programme, heading: str) -> list[str]:
    """The emergency lines and the resources, as the HTML page lists them."""
    out = [f"{heading} {md_escape(t('safety.booklet_emergency_title'))}", ""]
    out += [f"> **{md_escape(line)}**" for line in p.emergency]
    if p.emergency:
        out.append("")
    for scope in ("national", "local"):
        chosen = [r for r in p.resources if r.scope == scope]
        if chosen:
            out += [f"**{md_escape(t(f'safety.booklet_{scope}'))}**", ""]
            for r in chosen:
                phone = f"**{md_escape(r.phone)}**" if r.phone.strip() else "_" * 16
                details = " — ".join(md_escape(x) for x in (r.description, r.contact) if x)
                out.append(f"- {phone} {md_escape(r.name)}" + (f" — {details}" if details else ""))
            out.append("")
    return out
