"""REDCap export: a data dictionary, an import file and the instrument-event mapping of a longitudinal project.

- `data_dictionary.csv`: REDCap's 18 columns, forms `participant` (the record id, first as REDCap
  requires), `dudit`, `ceq_s`, `ceq_f`, `tlfb_summary`, `attendance`.
- `import.csv`: one row per record x event (`t0_inclusion_arm_1`, `t1_post_s4_arm_1`, `t2_s8_arm_1`,
  a declared follow-up as `t3_arm_1`, `session_1_arm_1` ... `session_8_arm_1`); the first columns are `record_id, redcap_event_name,
  redcap_repeat_instrument, redcap_repeat_instance`; each form's `<form>_complete` (0 incomplete,
  2 complete) follows its fields. REDCap creates the `_complete` fields itself, so they are in the
  import file and not in the dictionary (an uploaded dictionary may not define them).
- `instrument_event_mapping.csv`: `arm_num, unique_event_name, form`, REDCap's designation format.

Record ids are `<cycle id>_<participant code>` and every record carries `cycle_id` and `site`, so the
files of several cycles and sites can be imported into one project and pooled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.core.instruments import load_instruments
from facilitator.core.review import CycleReview, FormScore
from facilitator.i18n import language, t
from facilitator.reports.tables import write_csv

Step = Callable[[str], None]

DICTIONARY_HEADER = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
    "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
    "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation",
]
IMPORT_LEAD = ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"]
# event names of the usual time points, kept so imports into existing projects still match;
# any other time point the programme declares (a follow-up T3...) becomes `t3_arm_1`
TIMEPOINT_EVENTS = {"T0": "t0_inclusion_arm_1", "T1": "t1_post_s4_arm_1", "T2": "t2_s8_arm_1"}


def timepoint_event(timepoint: str) -> str:
    """The REDCap event of a time point."""
    return TIMEPOINT_EVENTS.get(timepoint, f"{timepoint.lower()}_arm_1")
SESSION_EVENT = "session_{n}_arm_1"
FORMS = ("participant", "dudit", "ceq_s", "ceq_f", "tlfb_summary", "attendance")
INSTRUMENT_FORM = {"dudit": "dudit", "ceq-s": "ceq_s", "ceq-f": "ceq_f", "tlfb": "tlfb_summary"}
ATTENDANCE_CODES = {"present": 1, "late": 2, "absent": 3, "excused": 4, "not_admitted": 5}
HOMEWORK_CODES = {"done": 1, "partly": 2, "not_done": 3}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Field:
    name: str
    form: str
    kind: str                       # text, radio, yesno, notes...
    label: str
    choices: str = ""
    note: str = ""
    validation: str = ""
    minimum: str = ""
    maximum: str = ""
    section: str = ""
    annotation: str = ""
    identifier: str = ""

    def row(self) -> list[str]:
        return [self.name, self.form, self.section, self.kind, self.label, self.choices, self.note,
                self.validation, self.minimum, self.maximum, self.identifier, "", "", "", "", "", "",
                self.annotation]


def choices(pairs: list[tuple[object, str]]) -> str:
    """REDCap's choice syntax: `0, Never | 1, Monthly or less` (pipes in labels become slashes)."""
    return " | ".join(f"{code}, {label.replace('|', '/')}" for code, label in pairs)


def _integer(name: str, form: str, label: str, low: int | None = None, high: int | None = None,
             **extra: str) -> Field:
    return Field(name, form, "text", label, validation="integer",
                 minimum="" if low is None else str(low), maximum="" if high is None else str(high), **extra)


def _number(name: str, form: str, label: str, low: float, high: float, **extra: str) -> Field:
    return Field(name, form, "text", label, validation="number", minimum=f"{low:g}", maximum=f"{high:g}", **extra)


def dictionary_fields() -> list[Field]:
    """Every field of the project, forms in order, the record id first."""
    ins = load_instruments(language())
    fr = language() == "fr"
    computed = "@READONLY"
    fields = [
        Field("record_id", "participant", "text", "Record ID (cycle_participant)"),
        Field("cycle_id", "participant", "text", "Cycle" if fr else "Cycle"),
        Field("site", "participant", "text", "Site"),
        Field("participant_code", "participant", "text",
              "Code du participant (pseudonymisé)" if fr else "Participant code (pseudonymised)"),
        Field("demo_cycle", "participant", "yesno", "Cycle de démonstration (fictif)" if fr else "Demo cycle"),
        Field("dropout", "participant", "yesno", "Abandon" if fr else "Dropout"),
        _integer("sessions_attended", "participant", "Séances suivies (présent ou en retard)" if fr
                 else "Sessions attended (present or late)", 0, 8),
    ]
    # DUDIT: choice codes are the scores, so a sum in REDCap gives the total
    fields.append(Field("dudit_sex", "dudit", "radio", "Sexe (seuil DUDIT)" if fr else "Sex (DUDIT cut-off)",
                        choices=choices([(1, "Homme" if fr else "Man"), (2, "Femme" if fr else "Woman")]),
                        section=ins.dudit.title, note=ins.dudit.translation_note))
    for item in ins.dudit.items:
        fields.append(Field(item.id, "dudit", "radio", f"{item.number}. {item.text}",
                            choices=choices([(o.score, o.label) for o in item.options])))
    fields += [
        _integer("dudit_total", "dudit", "DUDIT total (0-44)", 0, 44, annotation=computed,
                 note=t("questionnaires.dudit_timeframe_note")),
        Field("dudit_problem", "dudit", "yesno", "Problèmes probables liés aux drogues (seuil)" if fr
              else "Probable drug-related problems (cut-off)", annotation=computed),
        Field("dudit_dependence", "dudit", "yesno", "Dépendance probable (≥ 25)" if fr
              else "Probable dependence (>= 25)", annotation=computed),
    ]
    for definition, form in ((ins.ceq_s, "ceq_s"), (ins.ceq_f, "ceq_f")):
        fields.append(Field(f"{form}_product", form, "text", definition.product_prompt, section=definition.title))
        for item in definition.items:
            fields.append(_integer(item.id, form, f"{item.number}. {definition.with_product(item.text, None)}",
                                   definition.scale_min, definition.scale_max,
                                   note=f"{definition.scale_min} = {definition.anchor_low}, "
                                        f"{definition.scale_max} = {definition.anchor_high}"))
        for factor, label in definition.factor_labels.items():
            fields.append(_number(f"{form}_{factor}", form, f"{label} (moyenne)" if fr else f"{label} (mean)",
                                  definition.scale_min, definition.scale_max, annotation=computed))
        fields.append(_number(f"{form}_total", form, "Total (moyenne des 10 items)" if fr
                              else "Total (mean of the 10 items)", definition.scale_min, definition.scale_max,
                              annotation=computed))
    tl = "tlfb_summary"
    fields += [
        Field("tlfb_assessment_date", tl, "text", "Date de l'évaluation" if fr else "Assessment date",
              validation="date_ymd", section=ins.tlfb.title),
        Field("tlfb_end", tl, "text", "Dernier jour de la période (veille de l'évaluation)" if fr
              else "Last day of the window (the day before the assessment)", validation="date_ymd"),
        _integer("tlfb_window_days", tl, "Jours de la période" if fr else "Window days", 1, 366),
        _integer("tlfb_days_assessed", tl, "Jours renseignés" if fr else "Days assessed", 0, 366),
        _integer("tlfb_unknown_days", tl, "Jours non rappelés" if fr else "Days not recalled", 0, 366),
        _integer("tlfb_days_used", tl, "Jours de consommation de drogues (alcool exclu)" if fr
                 else "Drug-use days (alcohol excluded)", 0, 366),
        _number("tlfb_pct_days_used", tl, "% jours de consommation de drogues" if fr else "% drug-use days", 0, 100),
        _number("tlfb_pct_days_abstinent", tl, "% jours sans drogue (les jours avec alcool seul comptent)" if fr
                else "% drug-free days (alcohol-only days count as drug-free)", 0, 100),
        _integer("tlfb_longest_abstinent", tl, "Plus longue période d'abstinence (jours)" if fr
                 else "Longest abstinent run (days)", 0, 366),
        _integer("tlfb_injection_days", tl, "Jours d'injection" if fr else "Injection days", 0, 366),
        _integer("tlfb_days_since_last_use", tl, "Jours depuis la dernière consommation de drogue" if fr
                 else "Days since last drug use", 0, 366),
        _integer("tlfb_alcohol_days", tl, "Jours avec alcool (rapportés à part)" if fr
                 else "Alcohol days (reported apart)", 0, 366),
        _integer("tlfb_sexual_context_days", tl, "Jours en contexte sexuel" if fr
                 else "Days in a sexual context", 0, 366),
        _integer("tlfb_sexual_context_use_days", tl, "Jours de consommation de drogues en contexte sexuel" if fr
                 else "Drug-use days in a sexual context", 0, 366),
    ]
    for substance in ins.tlfb.substances:
        fields.append(_integer(f"tlfb_days_{substance.id}", tl, f"{'Jours' if fr else 'Days'}: {substance.label}",
                               0, 366))
    fields += [
        Field("att_status", "attendance", "radio", "Présence à la séance" if fr else "Attendance",
              choices=choices([(code, t(f"review.status_{status}")) for status, code in ATTENDANCE_CODES.items()])),
        Field("att_homework", "attendance", "radio", "Retour sur le travail de la séance précédente" if fr
              else "Review of the previous session's homework",
              choices=choices([(code, t(f"review.hw_{status}")) for status, code in HOMEWORK_CODES.items()])),
        _integer("att_flags", "attendance", "Signalements à cette séance" if fr else "Flags at this session", 0),
    ]
    return fields


def _form_values(form: FormScore) -> dict[str, object]:
    """Field values of one scored form."""
    answers = form.answers or {}
    out: dict[str, object] = {}
    complete = form.completion == "done"
    if form.instrument == "dudit":
        ins = load_instruments()
        out["dudit_sex"] = {"m": 1, "f": 2}.get(answers.get("sex", ""), "")
        for item, answer in zip(ins.dudit.items, answers.get("items") or [], strict=False):
            out[item.id] = item.options[answer].score if isinstance(answer, int) else ""
        out["dudit_total"] = form.measures.get("total")
        out["dudit_problem"] = int("problem" in form.flags) if complete else ""
        out["dudit_dependence"] = int("probable_dependence" in form.flags) if complete else ""
    elif form.instrument in ("ceq-s", "ceq-f"):
        name = INSTRUMENT_FORM[form.instrument]
        out[f"{name}_product"] = form.product
        for n, answer in enumerate(answers.get("items") or [], start=1):
            out[f"{name}_{n}"] = answer
        for measure in ("intensity", "imagery", "intrusiveness", "total"):
            out[f"{name}_{measure}"] = form.measures.get(measure)
    elif form.instrument == "tlfb":
        from facilitator.core.instruments import score_tlfb, tlfb_record_from_answers

        try:
            record = tlfb_record_from_answers(answers)
        except ValueError:  # a form opened but never dated: nothing to export but its completion
            record = None
            complete = False
        if record is not None:
            out["tlfb_assessment_date"] = record.assessment_date.isoformat()
            out["tlfb_end"] = record.end.isoformat()
            out["tlfb_window_days"] = record.window_days
        if complete and record is not None:
            ins = load_instruments()
            score = score_tlfb(record, ins.tlfb.substance_ids)
            out.update({
                "tlfb_alcohol_days": score.alcohol_days, "tlfb_sexual_context_days": score.sexual_context_days,
                "tlfb_sexual_context_use_days": score.sexual_context_use_days,
                "tlfb_days_assessed": score.days_assessed, "tlfb_unknown_days": score.unknown_days,
                "tlfb_days_used": score.days_used, "tlfb_pct_days_used": score.pct_days_used,
                "tlfb_pct_days_abstinent": score.pct_days_abstinent,
                "tlfb_longest_abstinent": score.longest_abstinent_streak,
                "tlfb_injection_days": score.injection_days, "tlfb_days_since_last_use": score.days_since_last_use,
            })
            for substance, days in score.days_by_substance.items():
                out[f"tlfb_days_{substance}"] = days
    out[f"{INSTRUMENT_FORM[form.instrument]}_complete"] = 2 if complete else 0
    return out


def import_columns(fields: list[Field]) -> list[str]:
    columns = list(IMPORT_LEAD)
    for form in FORMS:
        columns += [f.name for f in fields if f.form == form and f.name != "record_id"]
        columns.append(f"{form}_complete")
    return columns


def import_rows(review: CycleReview, columns: list[str]) -> list[list[object]]:
    cycle = review.cycle
    rows = []
    by_code = {p.code: p for p in review.attendance.participants}
    for code in cycle.participants:
        record = f"{cycle.id}_{code}"
        person = by_code[code]
        timepoints = review.questionnaires.timepoints
        for tp in timepoints:
            event = timepoint_event(tp)
            values: dict[str, object] = {}
            if tp == timepoints[0]:
                values.update({"cycle_id": cycle.id, "site": cycle.site, "participant_code": code,
                               "demo_cycle": int(cycle.demo), "dropout": int(person.dropout),
                               "sessions_attended": person.attended, "participant_complete": 2})
            for form in review.questionnaires.forms:
                if form.participant == code and form.timepoint == tp:
                    values.update(_form_values(form))
            if values:
                rows.append(_row(columns, record, event, values))
        for s in review.sessions:
            if s.number not in review.attendance.sessions_done:
                continue
            status = person.statuses.get(s.number)
            review_mark = s.homework_review.get(code)
            values = {"att_status": ATTENDANCE_CODES.get(status or "", ""),
                      "att_homework": HOMEWORK_CODES.get(review_mark.status, "") if review_mark else "",
                      "att_flags": sum(1 for f in s.flags if f.participant == code),
                      "attendance_complete": 2 if status else 0}
            rows.append(_row(columns, record, SESSION_EVENT.format(n=s.number), values))
    return rows


def _row(columns: list[str], record: str, event: str, values: dict[str, object]) -> list[object]:
    base: dict[str, object] = {"record_id": record, "redcap_event_name": event, "redcap_repeat_instrument": "",
                               "redcap_repeat_instance": ""}
    base.update(values)
    return [base.get(column, "") for column in columns]


def mapping_rows(timepoints: tuple[str, ...] = tuple(TIMEPOINT_EVENTS)) -> list[list[object]]:
    rows: list[list[object]] = [[1, timepoint_event(timepoints[0]), "participant"]]
    for tp in timepoints:
        rows += [[1, timepoint_event(tp), form] for form in ("dudit", "ceq_s", "ceq_f", "tlfb_summary")]
    rows += [[1, SESSION_EVENT.format(n=n), "attendance"] for n in range(1, 9)]
    return rows


def write_redcap(reviews: CycleReview | Sequence[CycleReview], folder: Path, step: Step | None = None) -> list[Path]:
    """Write the dictionary, the import file and the event mapping of one or more cycles into `folder`."""
    step = step or (lambda _label: None)
    reviews = [reviews] if isinstance(reviews, CycleReview) else list(reviews)
    folder.mkdir(parents=True, exist_ok=True)
    fields = dictionary_fields()
    bad = [f.name for f in fields if not NAME.match(f.name)]
    if bad:
        raise ValueError(f"REDCap field names must be lowercase letters, digits, underscores: {bad}")
    dictionary = folder / "data_dictionary.csv"
    write_csv(dictionary, DICTIONARY_HEADER, (f.row() for f in fields))
    step("data_dictionary.csv")
    columns = import_columns(fields)
    data = folder / "import.csv"
    write_csv(data, columns, [row for review in reviews for row in import_rows(review, columns)])
    step("import.csv")
    mapping = folder / "instrument_event_mapping.csv"
    timepoints = tuple(dict.fromkeys(tp for review in reviews for tp in review.questionnaires.timepoints))
    write_csv(mapping, ["arm_num", "unique_event_name", "form"], mapping_rows(timepoints or tuple(TIMEPOINT_EVENTS)))
    return [dictionary, data, mapping]
