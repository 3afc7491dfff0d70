"""Tidy CSV tables of one or more cycles, with a Frictionless data package descriptor documenting every column.

One file per kind of observation, one row per observation, one value per cell (no joined lists):
every table starts with `site`, `cycle_id`, `is_demo`, so the tables of several cycles and sites can
be stacked; keys are ids and codes (statuses, item and theme ids, day numbers), never translated
labels, so a French and an English export join. Titles are given beside ids for convenience only.
`datapackage.json` describes every resource, column, type and key (https://specs.frictionlessdata.io).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.core.instruments import (
    INSTRUMENT_IDS,
    load_instruments,
    tlfb_record_from_answers,
    tlfb_window,
)
from facilitator.core.models import Verbatim
from facilitator.core.participant import (
    AGE_BANDS,
    DROPOUT_REASONS,
    PRODUCTS,
    REFERRALS,
    ROUTES,
    SUICIDE_SCREENS,
    Goal,
)
from facilitator.core.review import ATTENDED, CycleReview
from facilitator.reports.output import write_output

Step = Callable[[str], None]
PACKAGE_VERSION = "1.0"


@dataclass(frozen=True)
class Dialect:
    """How the CSV files are written: the default (UTF-8, `,`, decimal point) or for French spreadsheets."""

    name: str
    delimiter: str
    encoding: str            # Python codec; "utf-8-sig" writes the byte-order mark Excel looks for
    decimal: str


STANDARD = Dialect("standard", ",", "utf-8", ".")
FRENCH_SPREADSHEET = Dialect("excel-fr", ";", "utf-8-sig", ",")
DIALECTS = {d.name: d for d in (STANDARD, FRENCH_SPREADSHEET)}


def write_csv(path: Path, header: list[str], rows: Iterable[Sequence[object]], dialect: Dialect = STANDARD) -> int:
    """Write one CSV file (RFC 4180 quoting, `\\n` line ends); returns the number of data rows."""
    count = 0
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, lineterminator="\n", delimiter=dialect.delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_value(v, dialect) for v in row])
        count += 1
    # temp file in the same folder, then rename: a failure never leaves a partial plaintext file
    write_output(path, handle.getvalue().encode(dialect.encoding))
    return count


def csv_value(value: object, dialect: Dialect = STANDARD) -> object:
    """A value as the CSV files hold it: empty for None, 0/1 for booleans, numbers in the dialect's decimal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        # 12 significant digits: exact for the stored (rounded) scores, keeps tiny p-values
        return format(value, ".12g").replace(".", dialect.decimal)
    return value


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    name: str
    type: str                              # Frictionless type: string, integer, number, date
    description: str
    enum: tuple[object, ...] = ()
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None

    def schema(self, dialect: Dialect) -> dict:
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            out["constraints"] = constraints
        if self.type == "number" and dialect.decimal != ".":
            out["decimalChar"] = dialect.decimal
        return out


def _flag(name: str, description: str) -> Column:
    return Column(name, "integer", description + " (1 yes, 0 no)", enum=(0, 1), required=True)


LEAD = (
    Column("site", "string", "The site (service) that ran the cycle, as entered when the cycle was created.",
           required=True),
    Column("cycle_id", "string", "The cycle's id, unique across sites.", required=True),
    _flag("is_demo", "Fictitious demonstration data, never real participants"),
)
PARTICIPANT = Column("participant", "string", "Pseudonymised participant code (P and two digits) or, in an export made "
                     "with hashed ids, a code hashed with a secret of the site's data folder (H + hex).",
                     required=True)
SESSION = Column("session", "integer", "Session number, 1 to 8.", required=True, minimum=1, maximum=8)
TIMEPOINT = Column("timepoint", "string", "Assessment time point: T0 inclusion, T1 after session 4, "
                   "T2 at session 8 (as declared by the programme).", required=True)
INSTRUMENT = Column("instrument", "string", "Questionnaire: dudit, ceq-s (craving strength), ceq-f "
                    "(craving frequency), tlfb (Timeline Followback).", enum=tuple(INSTRUMENT_IDS), required=True)


@dataclass(frozen=True)
class TableSpec:
    name: str                              # file stem, also the resource name
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[CycleReview], Iterable[Sequence[object]]]   # rows of one cycle, lead columns excluded

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> list[str]:
        return [c.name for c in LEAD + self.columns]

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The lead columns (site, cycle_id, is_demo) and the table's own."""
        return LEAD + self.columns


# ---------------------------------------------------------------- rows (one cycle)


def cycle_rows(review: CycleReview) -> list[list[object]]:
    c = review.cycle
    return [[c.label, c.start_date.isoformat(), len(c.participants), len(review.attendance.sessions_done),
             len(c.facilitators)]]


def _yesno(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _path_columns(review: CycleReview, code: str) -> list[object]:
    """The participant's path: late inclusion, drop-out reason, intake codes, consents, final consultation."""
    record = review.records.get(code)
    if record is None:
        return [None, "", 0, None, "", "", "", None, "", None, None, None, None, None, 0]   # 15 columns, as below
    dropout = record.dropout
    i = record.intake
    late = record.late_from
    head: list[object] = [late, (dropout.reason or "unknown") if dropout is not None else ""]
    if i is None:
        intake: list[object] = [0, None, "", "", "", None, "", None, None, None, None]
    else:
        intake = [1, i.date.isoformat(), i.goal.value, i.age_band, i.referral, _yesno(i.daily_ghb), i.suicide_screen,
                  _yesno(i.individual_clinician), _yesno(i.prep), _yesno(i.hiv_treatment),
                  _yesno(i.consents.evaluation)]
    return head + intake + [_yesno(i.consents.quotation) if i is not None else None, int(record.final is not None)]


def participant_rows(review: CycleReview) -> list[list[object]]:
    products: dict[str, str] = {}
    sexes: dict[str, str] = {}
    for form in review.questionnaires.forms:
        if form.product and form.participant not in products:
            products[form.participant] = form.product
        if form.instrument == "dudit" and form.participant not in sexes:
            sexes[form.participant] = str((form.answers or {}).get("sex", "") or "")
    rows = []
    for p in review.attendance.participants:
        rows.append([p.code, int(p.dropout), p.last_attended, len(review.attendance.sessions_done), p.attended,
                     p.late, p.excused, p.absent, p.rate, products.get(p.code, ""), sexes.get(p.code, "")]
                    + _path_columns(review, p.code))
    return rows


def intake_choice_rows(review: CycleReview) -> list[list[object]]:
    """One row per product and per route ticked at the intake consultation."""
    rows: list[list[object]] = []
    for code in review.cycle.participants:
        record = review.records.get(code)
        if record is None or record.intake is None:
            continue
        rows += [[code, "product", product] for product in record.intake.products]
        rows += [[code, "route", route] for route in record.intake.routes]
    return rows


def checkin_rows(review: CycleReview) -> list[list[object]]:
    """One row per check-in given at the start of a session."""
    rows: list[list[object]] = []
    for code in review.cycle.participants:
        record = review.records.get(code)
        for c in sorted(record.checkins, key=lambda c: c.session) if record is not None else []:
            rows.append([code, c.session, c.days_used, _yesno(c.lapse), c.craving, int(c.safety_concern)])
    return rows


def attendance_rows(review: CycleReview) -> list[list[object]]:
    done = set(review.attendance.sessions_done)
    rows = []
    for p in review.attendance.participants:
        for n in range(1, 9):
            if n not in done:
                continue
            status = p.statuses[n]
            rows.append([p.code, n, status or "not_recorded", p.arrivals.get(n), int(status in ATTENDED),
                         int(p.dropout)])
    return rows


def timing_rows(review: CycleReview) -> list[list[object]]:
    rows = []
    for s in review.sessions:
        for index, item in enumerate(s.items):
            rows.append([s.number, index + 1, item.item_id, item.title, item.planned_s, item.actual_s,
                         item.delta_s, int(item.visited), item.protocol_s or item.planned_s])
    return rows


def verbatim_rows(review: CycleReview) -> list[list[object]]:
    return [[v.id, v.session, v.item_id, v.speaker, len(v.themes), round(v.elapsed_s), v.text]
            for v in review.verbatims]


def verbatim_theme_rows(review: CycleReview) -> list[list[object]]:
    """One row per verbatim and theme; an untagged verbatim has no row here."""
    return [[v.id, theme, position] for v in review.verbatims for position, theme in enumerate(v.themes, 1)]


def exercise_rows(review: CycleReview) -> list[list[object]]:
    return [[a.session, a.exercise_id, a.subject, a.item_id or "", v.field_id, v.row_key, v.column_key,
             v.value] for a in review.exercises for v in a.values]


def homework_rows(review: CycleReview) -> list[list[object]]:
    return [[r.participant, r.given_session, r.reviewed_session, r.status, r.note]
            for r in review.homework.records]


def homework_given_rows(review: CycleReview) -> list[list[object]]:
    return [[s.number, position, homework_id] for s in review.sessions
            for position, homework_id in enumerate(s.homework_given, 1)]


def questionnaire_item_rows(review: CycleReview) -> list[list[object]]:
    """One row per answered item: DUDIT option index and its score, CEQ rating (TLFB days are in tlfb_days)."""
    instruments = load_instruments()
    rows: list[list[object]] = []
    for form in review.questionnaires.forms:
        answers = form.answers or {}
        base = [form.participant, form.timepoint, form.instrument]
        if form.instrument == "dudit":
            for definition, answer in zip(instruments.dudit.items, answers.get("items") or [], strict=False):
                score = definition.options[answer].score if isinstance(answer, int) else None
                rows.append(base + [definition.id, answer, score])
        elif form.instrument in ("ceq-s", "ceq-f"):
            ceq = instruments.ceq_s if form.instrument == "ceq-s" else instruments.ceq_f
            for item, answer in zip(ceq.items, answers.get("items") or [], strict=False):
                rows.append(base + [item.id, answer, answer])
    return rows


def tlfb_day_rows(review: CycleReview) -> list[list[object]]:
    """One row per day of each TLFB calendar, oldest first, with its date."""
    definition = load_instruments().tlfb
    substances, not_use = definition.substance_ids, definition.not_use_ids
    rows: list[list[object]] = []
    for form in review.questionnaires.forms:
        if form.instrument != "tlfb" or not form.answers:
            continue
        try:
            record = tlfb_record_from_answers(form.answers)
        except ValueError:
            continue
        for number, when in enumerate(tlfb_window(record.end, record.window_days), 1):
            day = record.day(when)
            known = not day.unknown
            rows.append([form.participant, form.timepoint, when.isoformat(), number, int(day.unknown),
                         int(day.drug_use(not_use)) if known else None, int(day.injection) if known else None,
                         int(day.sexual) if known else None]
                        + [int(s in day.substances) if known else None for s in substances])
    return rows


def questionnaire_score_rows(review: CycleReview) -> list[list[object]]:
    rows: list[list[object]] = []
    for form in review.questionnaires.forms:
        for measure, value in form.measures.items():
            rows.append([form.participant, form.timepoint, form.instrument, form.completion, form.product,
                         measure, value])
        if form.instrument == "dudit" and form.completion == "done":
            for flag in ("problem", "probable_dependence"):
                rows.append([form.participant, form.timepoint, form.instrument, form.completion, "", flag,
                             int(flag in form.flags)])
    return rows


# ---------------------------------------------------------------- the tables


def table_specs() -> tuple[TableSpec, ...]:
    """Every table of the package, in the order written."""
    substances = load_instruments("en").tlfb.substances
    return (
        TableSpec("cycles", "Cycles", "One row per cycle.", (
            Column("label", "string", "The cycle's label as entered (free text, pseudonymised)."),
            Column("start_date", "date", "Date of session 1.", required=True),
            Column("participants", "integer", "Participants enrolled.", required=True, minimum=0),
            Column("sessions_done", "integer", "Sessions run to their end so far.", required=True, minimum=0,
                   maximum=8),
            Column("facilitators", "integer", "Facilitators of the cycle.", minimum=0),
        ), ("cycle_id",), cycle_rows),
        TableSpec("participants", "Participants", "One row per participant enrolled in a cycle.", (
            PARTICIPANT,
            Column("dropout", "integer", "Marked as having left the programme (1 yes, 0 no); empty for a "
                   "participant who refused the evaluation (only his code and refusal are exported).", enum=(0, 1)),
            Column("last_attended_session", "integer", "The last session attended (present or late); empty if "
                   "none.", minimum=1, maximum=8),
            Column("sessions_done", "integer", "Sessions of the cycle run so far (empty, like every column but "
                   "the code and the refusal, for a participant who refused the evaluation).", minimum=0),
            Column("sessions_attended", "integer", "Sessions attended (present or late).",
                   minimum=0),
            Column("sessions_late", "integer", "Sessions arrived late (counted as attended).", minimum=0),
            Column("sessions_excused", "integer", "Sessions missed with notice.", minimum=0),
            Column("sessions_absent", "integer", "Sessions missed without notice.", minimum=0),
            Column("participation_rate", "number", "sessions_attended / sessions_done, 0 to 1; empty before any "
                   "session.", minimum=0, maximum=1),
            Column("product", "string", "The product the CEQ asked about (the participant's main product)."),
            Column("sex", "string", "Sex used for the DUDIT cut-off: m or f; empty if unknown.",
                   enum=("m", "f")),
            Column("late_from_session", "integer", "Included late: the first session; empty otherwise.", minimum=1,
                   maximum=8),
            Column("dropout_reason", "string", "Reason recorded for leaving: " + ", ".join(DROPOUT_REASONS)
                   + "; empty when he did not leave.", enum=DROPOUT_REASONS),
            Column("intake", "integer", "An intake consultation is recorded (1 yes, 0 no).", enum=(0, 1)),
            Column("intake_date", "date", "Date of the intake consultation."),
            Column("goal", "string", "Goal stated at intake: " + ", ".join(g.value for g in Goal) + ".",
                   enum=tuple(g.value for g in Goal)),
            Column("age_band", "string", "Age band at intake.", enum=AGE_BANDS),
            Column("referral", "string", "Who referred him: " + ", ".join(REFERRALS) + ".", enum=REFERRALS),
            Column("daily_ghb", "integer", "Daily GHB/GBL use at intake (withdrawal risk), 1 yes, 0 no.",
                   enum=(0, 1)),
            Column("suicide_screen", "string", "Suicide-risk screen at intake: none, ideas, plan.",
                   enum=SUICIDE_SCREENS),
            Column("individual_clinician", "integer", "Followed by a clinician outside the group, 1 yes, 0 no.",
                   enum=(0, 1)),
            Column("prep", "integer", "On PrEP at intake, 1 yes, 0 no (optional question).", enum=(0, 1)),
            Column("hiv_treatment", "integer", "On HIV treatment at intake, 1 yes, 0 no (optional question).",
                   enum=(0, 1)),
            Column("consent_evaluation", "integer", "Consented to the use of his data for the evaluation, 1 yes, "
                   "0 refused; empty when not asked. The pooled evaluation leaves out those who refused.",
                   enum=(0, 1)),
            Column("consent_quotation", "integer", "Consented to being quoted, 1 yes, 0 refused (his verbatims are "
                   "then in no export).", enum=(0, 1)),
            Column("final_consultation", "integer", "A final consultation is recorded (1 yes, 0 no).", enum=(0, 1)),
        ), ("cycle_id", "participant"), participant_rows),
        TableSpec("intake_choices", "Products and routes at intake", "One row per product and per route of use "
                  "ticked at the intake consultation.", (
            PARTICIPANT,
            Column("question", "string", "product or route.", required=True, enum=("product", "route")),
            Column("choice", "string", "The product (" + ", ".join(PRODUCTS) + ") or route (" + ", ".join(ROUTES)
                   + ").", required=True, enum=PRODUCTS + ROUTES),
        ), ("cycle_id", "participant", "question", "choice"), intake_choice_rows),
        TableSpec("checkins", "Session check-ins", "One row per optional check-in at the start of a session.", (
            PARTICIPANT, SESSION,
            Column("days_used", "integer", "Days of use since the previous session.", minimum=0, maximum=56),
            Column("lapse", "integer", "A lapse since the previous session, 1 yes, 0 no.", enum=(0, 1)),
            Column("craving", "integer", "Strongest craving since the previous session, 0-10.", minimum=0,
                   maximum=10),
            _flag("safety_concern", "A concern for his safety was raised"),
        ), ("cycle_id", "participant", "session"), checkin_rows),
        TableSpec("attendance", "Attendance", "One row per participant and session run.", (
            PARTICIPANT, SESSION,
            Column("status", "string", "present, late, absent, excused, not_admitted (came but was not admitted, "
                   "for instance under the influence), or not_recorded.", required=True,
                   enum=("present", "late", "absent", "excused", "not_admitted", "not_recorded")),
            Column("arrived", "string", "Arrival time (HH:MM, local) of a late participant, when it was noted."),
            _flag("attended", "Present or late"),
            _flag("dropout", "The participant is marked as having left the programme"),
        ), ("cycle_id", "participant", "session"), attendance_rows),
        TableSpec("item_timings", "Agenda item timings", "One row per agenda item of each session run.", (
            SESSION,
            Column("position", "integer", "Position of the item in the session's agenda, from 1.", required=True,
                   minimum=1),
            Column("item_id", "string", "The agenda item's id in the programme file.", required=True),
            Column("title", "string", "The item's title in the export's language (for reading only)."),
            Column("planned_s", "integer", "Planned seconds, with the adjustments made during the session.",
                   minimum=0),
            Column("actual_s", "integer", "Seconds the item was current, pauses excluded.", minimum=0),
            Column("delta_s", "integer", "actual_s - planned_s; positive when the item ran over."),
            _flag("visited", "The item was shown during the session"),
            Column("protocol_s", "integer", "Seconds the protocol plans for the item, before any adjustment "
                   "(protocol fidelity: compare with planned_s and actual_s).", minimum=0),
        ), ("cycle_id", "session", "position"), timing_rows),
        TableSpec("verbatims", "Verbatims", "One row per verbatim kept (deleted ones excluded); text "
                  "pseudonymised.", (
            Column("verbatim_id", "string", "The verbatim's id (also used by the Taguette and REFI-QDA exports).",
                   required=True),
            SESSION,
            Column("item_id", "string", "The agenda item during which it was said.", required=True),
            Column("speaker", "string", "Participant code, facilitator code F1-F3, group or unknown.",
                   required=True),
            Column("themes", "integer", "Number of themes coded (rows in verbatim_themes).", minimum=0),
            Column("elapsed_s", "integer", "Seconds since the start of the session.", minimum=0),
            Column("text", "string", "The words, pseudonymised before they were saved.", required=True),
        ), ("cycle_id", "verbatim_id"), verbatim_rows),
        TableSpec("verbatim_themes", "Themes of the verbatims", "One row per verbatim and theme of the codebook; "
                  "an untagged verbatim has no row.", (
            Column("verbatim_id", "string", "The verbatim (see verbatims).", required=True),
            Column("theme_id", "string", "The theme's id in the programme's codebook.", required=True),
            Column("position", "integer", "Order of the theme on the verbatim, from 1.", minimum=1),
        ), ("cycle_id", "verbatim_id", "theme_id"), verbatim_theme_rows),
        TableSpec("exercises", "Exercise answers", "One row per filled field or cell of an exercise sheet.", (
            SESSION,
            Column("exercise_id", "string", "The exercise's id in the programme file.", required=True),
            Column("subject", "string", "Participant code, or group for a sheet filled for the group.",
                   required=True),
            Column("item_id", "string", "The agenda item of the exercise."),
            Column("field_id", "string", "The field's id in the exercise.", required=True),
            Column("row", "string", "Table row number, or week-grid day number (1 = Monday); empty for a "
                   "field."),
            Column("column", "string", "Table column id, or week-grid slot number; empty for a field."),
            Column("value", "string", "The answer (text pseudonymised)."),
        ), (), exercise_rows),      # no key: a scalar field has empty row and column
        TableSpec("homework", "Homework reviews", "One row per participant's review of the homework of the "
                  "previous session.", (
            PARTICIPANT,
            Column("given_session", "integer", "The session that gave the homework.", required=True, minimum=0),
            Column("reviewed_session", "integer", "The session where it was reviewed.", required=True, minimum=1),
            Column("status", "string", "done, partly or not_done.", required=True,
                   enum=("done", "partly", "not_done")),
            Column("note", "string", "The facilitator's note (pseudonymised)."),
        ), ("cycle_id", "participant", "reviewed_session"), homework_rows),
        TableSpec("homework_given", "Homework given", "One row per homework given at a session.", (
            SESSION,
            Column("position", "integer", "Order in the session, from 1.", minimum=1),
            Column("homework_id", "string", "The homework's id in the programme file.", required=True),
        ), ("cycle_id", "session", "homework_id"), homework_given_rows),
        TableSpec("questionnaire_items", "Questionnaire items", "One row per DUDIT or CEQ item answered "
                  "(TLFB days are in tlfb_days).", (
            PARTICIPANT, TIMEPOINT, INSTRUMENT,
            Column("item", "string", "The item's id (dudit_1 to dudit_11, ceq_s_1 to ceq_s_10, ceq_f_1 to ceq_f_10).",
                   required=True),
            Column("answer", "integer", "DUDIT: index of the option chosen (0 = first); CEQ: the rating 0-10; "
                   "empty if not answered.", minimum=0),
            Column("score", "integer", "Points the answer scores (DUDIT items 10-11 score 0, 2, 4).", minimum=0),
        ), ("cycle_id", "participant", "timepoint", "instrument", "item"), questionnaire_item_rows),
        TableSpec("tlfb_days", "Timeline Followback days", "One row per day of each TLFB calendar.", (
            PARTICIPANT, TIMEPOINT,
            Column("date", "date", "The day.", required=True),
            Column("day", "integer", "Day of the window, 1 = oldest.", required=True, minimum=1),
            _flag("unknown", "Not recalled"),
            Column("used", "integer", "A day of drug use as the TLFB scoring counts it (1 yes, 0 no; alcohol "
                   "alone is not drug use); empty when not recalled.", enum=(0, 1)),
            Column("injection", "integer", "Injection that day (1 yes, 0 no); empty when not recalled.",
                   enum=(0, 1)),
            Column("sexual_context", "integer", "Use in a sexual context that day (1 yes, 0 no); empty when not "
                   "recalled.", enum=(0, 1)),
        ) + tuple(Column(f"substance_{s.id}", "integer", f"{s.label} that day (1 yes, 0 no); empty when not "
                         "recalled.", enum=(0, 1)) for s in substances),
            ("cycle_id", "participant", "timepoint", "date"), tlfb_day_rows),
        TableSpec("questionnaire_scores", "Questionnaire scores", "One row per measure of each form; a partial "
                  "or missing form has empty values.", (
            PARTICIPANT, TIMEPOINT, INSTRUMENT,
            Column("completion", "string", "done, partial or missing.", required=True,
                   enum=("done", "partial", "missing")),
            Column("product", "string", "CEQ: the product the craving questions were about (pairs whose product "
                   "changed are not compared); empty for the other questionnaires."),
            Column("measure", "string", "DUDIT: total, problem, probable_dependence; CEQ: total, intensity, "
                   "imagery, intrusiveness (means 0-10); TLFB: pct_days_abstinent, days_used, "
                   "longest_abstinent_streak, injection_days.", required=True),
            Column("value", "number", "The measure's value; empty unless the form is complete."),
        ), ("cycle_id", "participant", "timepoint", "instrument", "measure"), questionnaire_score_rows),
    )


FILES = tuple(spec.filename for spec in table_specs()) + ("datapackage.json",)


def lead_values(review: CycleReview) -> list[object]:
    return [review.cycle.site, review.cycle.id, int(review.cycle.demo)]


def refused_evaluation(review: CycleReview) -> set[str]:
    """Participants who refused the use of their data for the evaluation (consent recorded at intake)."""
    return {code for code, record in review.records.items()
            if record.intake is not None and record.intake.consents.evaluation is False}


def research_verbatims(review: CycleReview) -> list[Verbatim]:
    """The verbatims a research export may carry: none of a participant who refused the evaluation."""
    refused = refused_evaluation(review)
    return [v for v in review.verbatims if v.speaker not in refused]


# the column naming whose data a row is, per table (verbatim_themes goes by its verbatims)
OWNER_COLUMN = {"attendance": "participant", "exercises": "subject", "homework": "participant",
                "intake_choices": "participant", "checkins": "participant", "questionnaire_items": "participant",
                "tlfb_days": "participant", "questionnaire_scores": "participant", "verbatims": "speaker"}
KEPT_FOR_REFUSALS = ("participant", "consent_evaluation")


def _without_refusals(spec: TableSpec, review: CycleReview, rows: Iterable[Sequence[object]]) -> list[list[object]]:
    """A research export carries nothing of a participant who refused the evaluation but that refusal.

    His row of `participants` keeps only his code and the refusal (so the pooled evaluation counts
    him out); his rows of every other table are left out.
    """
    refused = refused_evaluation(review)
    table: list[list[object]] = [list(row) for row in rows]
    if not refused:
        return table
    names = [c.name for c in spec.columns]
    if spec.name == "participants":
        at = names.index("participant")
        return [row if row[at] not in refused else
                [value if name in KEPT_FOR_REFUSALS else None for name, value in zip(names, row, strict=True)]
                for row in table]
    if spec.name == "verbatim_themes":
        dropped = {v.id for v in review.verbatims if v.speaker in refused}
        return [row for row in table if row[names.index("verbatim_id")] not in dropped]
    owner = OWNER_COLUMN.get(spec.name)
    if owner is None:
        return table
    at = names.index(owner)
    return [row for row in table if row[at] not in refused]


def package_rows(spec: TableSpec, reviews: Sequence[CycleReview]) -> list[list[object]]:
    """The rows of one table over several cycles, each starting with site, cycle_id, is_demo."""
    return [lead_values(review) + row for review in reviews
            for row in _without_refusals(spec, review, spec.rows(review))]


def programme_timepoints(programme: object) -> list[dict]:
    """The programme's time points and the session after which each is due, as the descriptor records them."""
    from facilitator.core.pooled import due_sessions

    order, due_after = due_sessions(programme)
    return [{"timepoint": tp, "due_after_session": due_after.get(tp, 0)} for tp in order]


def descriptor(specs: Sequence[TableSpec], dialect: Dialect, *, hashed_ids: bool,
               generated_at: str = "", timepoints: Sequence[dict] = ()) -> dict:
    """The Frictionless data package descriptor of the tables."""
    resources = []
    for spec in specs:
        resource: dict = {
            "name": spec.name, "path": spec.filename, "title": spec.title, "description": spec.description,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
            "encoding": dialect.encoding,
            "schema": {"fields": [c.schema(dialect) for c in LEAD + spec.columns],
                       "missingValues": [""]},
        }
        if spec.primary_key:
            resource["schema"]["primaryKey"] = list(spec.primary_key)
        if dialect.delimiter != ",":
            resource["dialect"] = {"delimiter": dialect.delimiter}
        if spec.name not in ("cycles",):
            resource["schema"]["foreignKeys"] = [
                {"fields": ["cycle_id"], "reference": {"resource": "cycles", "fields": ["cycle_id"]}}]
        resources.append(resource)
    return {
        "name": "facilitator-evaluation",
        "title": "Facilitator: pseudonymised evaluation data of group cycles",
        "description": "Attendance, session timings, verbatims, exercises, homework and questionnaires "
                       "(DUDIT, CEQ, TLFB) of one or more cycles. Participant codes are pseudonymised"
                       + (" and hashed with a secret of each site's data folder." if hashed_ids else "."),
        "profile": "tabular-data-package",
        "version": PACKAGE_VERSION,
        **({"created": generated_at} if generated_at else {}),
        # read back by `facilitator pool`: whether codes are hashed, the time points and when they are due
        "facilitator": {"hashed_ids": hashed_ids, "dialect": dialect.name, "timepoints": list(timepoints)},
        "resources": resources,
    }


def write_tables(reviews: CycleReview | Sequence[CycleReview], folder: Path, step: Step | None = None, *,
                 dialect: Dialect = STANDARD, hashed_ids: bool = False, generated_at: str = "") -> list[Path]:
    """Write every table of the cycles and `datapackage.json` into `folder` (created); returns their paths."""
    step = step or (lambda _label: None)
    reviews = [reviews] if isinstance(reviews, CycleReview) else list(reviews)
    folder.mkdir(parents=True, exist_ok=True)
    specs = table_specs()
    paths = []
    for spec in specs:
        path = folder / spec.filename
        write_csv(path, spec.header, package_rows(spec, reviews), dialect)
        paths.append(path)
        step(spec.filename)
    meta = folder / "datapackage.json"
    timepoints = programme_timepoints(reviews[0].programme) if reviews else []
    text = json.dumps(descriptor(specs, dialect, hashed_ids=hashed_ids, generated_at=generated_at,
                                 timepoints=timepoints), ensure_ascii=False, indent=2)
    write_output(meta, (text + "\n").encode("utf-8"))
    paths.append(meta)
    return paths
