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
from dataclasses import dataclass, replace
from pathlib import Path

from facilitator.core.instruments import load_instruments
from facilitator.core.participant import (
    AGE_BANDS,
    DROPOUT_REASONS,
    PRODUCTS,
    REFERRALS,
    ROUTES,
    SUICIDE_SCREENS,
    Goal,
    ParticipantRecord,
)
from facilitator.core.programme import Programme
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
IMPORT_LEAD = ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
               "redcap_data_access_group"]
# event names of the usual time points, kept so imports into existing projects still match;
# any other time point the programme declares (a follow-up T3...) becomes `t3_arm_1`
TIMEPOINT_EVENTS = {"T0": "t0_inclusion_arm_1", "T1": "t1_post_s4_arm_1", "T2": "t2_s8_arm_1"}


def timepoint_event(timepoint: str) -> str:
    """The REDCap event of a time point."""
    return TIMEPOINT_EVENTS.get(timepoint, f"{timepoint.lower()}_arm_1")
SESSION_EVENT = "session_{n}_arm_1"
FINAL_EVENT = "final_arm_1"
FORMS = ("participant", "intake", "dudit", "ceq_s", "ceq_f", "tlfb_summary", "attendance", "checkin",
         "final_consultation")
QUESTIONNAIRE_FORMS = ("dudit", "ceq_s", "ceq_f", "tlfb_summary")
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
        Field("dropout_reason", "participant", "radio", t("redcap.dropout_reason"),
              choices=choices([(code, t(f"participant.reason_{reason}")) for reason, code in DROPOUT_CODES.items()])),
        _integer("late_from_session", "participant", t("redcap.late_from"), 1, 8),
    ]
    fields += intake_fields()
    # DUDIT: choice codes are the scores, so a sum in REDCap gives the total
    fields.append(Field("dudit_sex", "dudit", "radio", "Sexe (seuil DUDIT)" if fr else "Sex (DUDIT cut-off)",
                        choices=choices([(1, "Homme" if fr else "Man"), (2, "Femme" if fr else "Woman")]),
                        section=ins.dudit.title, note=ins.dudit.translation_note))
    for item in ins.dudit.items:
        fields.append(Field(item.id, "dudit", "radio", f"{item.number}. {item.text}",
                            choices=choices([(o.score, o.label) for o in item.options])))
    items = "+".join(f"[{item.id}]" for item in ins.dudit.items)   # blank when an item is blank
    cut = ins.dudit.problem_cutoff
    fields += [
        Field("dudit_total", "dudit", "calc", "DUDIT total (0-44)", choices=items,
              note=t("questionnaires.dudit_timeframe_note") + " " + t("redcap.calc_note")),
        Field("dudit_problem", "dudit", "calc", "Problèmes probables liés aux drogues (seuil)" if fr
              else "Probable drug-related problems (cut-off)",
              choices=f"if([dudit_total]='', '', if([dudit_total]>=if([dudit_sex]='2', {cut['f']}, {cut['m']}), 1, 0))",
              note="1 = " + ("oui" if fr else "yes") + ", 0 = " + ("non" if fr else "no")),
        Field("dudit_dependence", "dudit", "calc", f"Dépendance probable (≥ {ins.dudit.dependence_cutoff})" if fr
              else f"Probable dependence (>= {ins.dudit.dependence_cutoff})",
              choices=f"if([dudit_total]='', '', if([dudit_total]>={ins.dudit.dependence_cutoff}, 1, 0))",
              note="1 = " + ("oui" if fr else "yes") + ", 0 = " + ("non" if fr else "no")),
    ]
    for definition, form in ((ins.ceq_s, "ceq_s"), (ins.ceq_f, "ceq_f")):
        fields.append(Field(f"{form}_product", form, "text", definition.product_prompt, section=definition.title))
        fields.append(Field(f"{form}_product_changed", form, "yesno",
                            "Produit différent de celui évalué au premier temps (changement confirmé)" if fr
                            else "Product differs from the one rated at the first time point (change confirmed)"))
        for item in definition.items:
            fields.append(_integer(item.id, form, f"{item.number}. {definition.with_product(item.text, None)}",
                                   definition.scale_min, definition.scale_max,
                                   note=f"{definition.scale_min} = {definition.anchor_low}, "
                                        f"{definition.scale_max} = {definition.anchor_high}"))
        for factor, label in definition.factor_labels.items():
            fields.append(Field(f"{form}_{factor}", form, "calc", f"{label} (moyenne)" if fr else f"{label} (mean)",
                                choices=mean_equation(form, definition.factors[factor], len(definition.items)),
                                note=t("redcap.calc_note")))
        fields.append(Field(f"{form}_total", form, "calc", "Total (moyenne des 10 items)" if fr
                            else "Total (mean of the 10 items)",
                            choices=mean_equation(form, tuple(i.number for i in definition.items),
                                                  len(definition.items)),
                            note=t("redcap.calc_note")))
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
    fields += checkin_fields() + final_fields()
    static = t("redcap.static_note")
    return [replace(f, annotation=computed, note=(f.note + " " + static).strip())
            if f.form == "tlfb_summary" and f.name.startswith("tlfb_") and f.name not in TLFB_ENTERED else f
            for f in fields]


TLFB_ENTERED = ("tlfb_assessment_date", "tlfb_end", "tlfb_window_days")
DROPOUT_CODES = {reason: n for n, reason in enumerate(DROPOUT_REASONS, 1)}
GOAL_CODES = {goal.value: n for n, goal in enumerate(Goal, 1)}
SUICIDE_CODES = {screen: n for n, screen in enumerate(SUICIDE_SCREENS)}


def mean_equation(form: str, numbers: tuple[int, ...], every: int = 10) -> str:
    """REDCap's equation of the mean of some items, rounded to 2 decimals.

    Blank unless all `every` items of the form are answered: the console scores complete forms only,
    so a factor of a partial form is no more computed in REDCap than in the reports.
    """
    blank = " or ".join(f"isblankormissingcode([{form}_{n}])" for n in range(1, every + 1))
    return f"if({blank}, '', round(({'+'.join(f'[{form}_{n}]' for n in numbers)})/{len(numbers)}, 2))"


def _yesno(name: str, form: str, label: str, **extra: str) -> Field:
    return Field(name, form, "yesno", label, **extra)


def intake_fields() -> list[Field]:
    """The intake consultation (event T0): codes of the participant path, never free text."""
    f = "intake"
    return [
        Field("intake_date", f, "text", t("redcap.intake_date"), validation="date_ymd",
              section=t("redcap.intake_section")),
        Field("intake_referral", f, "radio", t("participant.l_referral"),
              choices=choices([(r, t(f"participant.referral_{r}")) for r in REFERRALS])),
        Field("intake_goal", f, "radio", t("participant.l_goal"),
              choices=choices([(code, t(f"participant.goal_{goal}")) for goal, code in GOAL_CODES.items()])),
        Field("intake_products", f, "checkbox", t("participant.l_products"),
              choices=choices([(p, t(f"participant.product_{p}")) for p in PRODUCTS])),
        Field("intake_routes", f, "checkbox", t("participant.l_routes"),
              choices=choices([(r, t(f"participant.route_{r}")) for r in ROUTES])),
        _yesno("intake_daily_ghb", f, t("participant.l_daily_ghb")),
        _yesno("intake_prep", f, t("participant.l_prep")),
        _yesno("intake_hiv_treatment", f, t("participant.l_hiv_treatment")),
        Field("intake_suicide_screen", f, "radio", t("participant.l_suicide"),
              choices=choices([(code, t(f"participant.suicide_{s}")) for s, code in SUICIDE_CODES.items()])),
        _yesno("intake_individual_clinician", f, t("participant.l_clinician")),
        Field("intake_age_band", f, "radio", t("participant.l_age_band"),
              choices=choices([(n, band) for n, band in enumerate(AGE_BANDS, 1)])),
        _yesno("intake_consent_evaluation", f, t("redcap.consent_evaluation")),
        _yesno("intake_consent_quotation", f, t("redcap.consent_quotation")),
    ]


def checkin_fields() -> list[Field]:
    f = "checkin"
    return [
        _integer("checkin_days_used", f, t("redcap.checkin_days_used"), 0, 56, section=t("redcap.checkin_section")),
        _yesno("checkin_lapse", f, t("redcap.checkin_lapse")),
        _integer("checkin_craving", f, t("redcap.checkin_craving"), 0, 10),
        _yesno("checkin_safety", f, t("redcap.checkin_safety")),
    ]


def final_fields() -> list[Field]:
    return [Field("final_date", "final_consultation", "text", t("redcap.final_date"), validation="date_ymd",
                  section=t("redcap.final_section"))]


def dag_name(site: str) -> str:
    """The REDCap unique name of a site's data access group: a slug and a short hash (18 characters at most).

    Two sites whose names start alike ("Service d'addictologie A/B") never share a group.
    """
    import hashlib
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKD", site) if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:13].strip("_") or "site"
    return f"{slug}_{hashlib.sha256(site.encode('utf-8')).hexdigest()[:4]}"


def redcap_slug(name: str, limit: int = 18) -> str:
    """The unique name REDCap derives from a display name: lowercase letters, digits, `_`, `limit` characters."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:limit].rstrip("_")


def unique_event_name(event_name: str, arm: int = 1) -> str:
    """The unique event name REDCap derives from an event's name (`t0_inclusion_arm_1`)."""
    return f"{redcap_slug(event_name)}_arm_{arm}"


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
        out[f"{name}_product_changed"] = int(bool(answers.get("product_changed"))) if "product_changed" in answers else ""
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
    """The import's columns: calc fields left out (REDCap computes them), a checkbox as one column per choice."""
    columns = list(IMPORT_LEAD)
    for form in FORMS:
        for f in fields:
            if f.form != form or f.name == "record_id" or f.kind == "calc":
                continue
            if f.kind == "checkbox":
                columns += [f"{f.name}___{code}" for code in choice_codes(f.choices)]
            else:
                columns.append(f.name)
        columns.append(f"{form}_complete")
    return columns


def choice_codes(text: str) -> list[str]:
    """The codes of REDCap choices `0, Never | 1, Monthly`."""
    return [part.split(",", 1)[0].strip() for part in text.split("|") if part.strip()]


def _path_values(record: ParticipantRecord | None) -> tuple[dict[str, object], dict[str, object], dict[str, object]]:
    """(participant form extras, intake form, final consultation form) of a participant's path record."""
    extra: dict[str, object] = {}
    intake: dict[str, object] = {}
    final: dict[str, object] = {}
    if record is None:
        return extra, intake, final
    if record.dropout is not None:
        extra["dropout_reason"] = DROPOUT_CODES.get(record.dropout.reason or "unknown", "")
    if record.late_from:
        extra["late_from_session"] = record.late_from
    i = record.intake
    if i is not None:
        def yesno(value: bool | None) -> object:
            return "" if value is None else int(value)

        intake = {"intake_date": i.date.isoformat(), "intake_referral": i.referral,
                  "intake_goal": GOAL_CODES.get(i.goal.value, ""),
                  "intake_daily_ghb": yesno(i.daily_ghb), "intake_prep": yesno(i.prep),
                  "intake_hiv_treatment": yesno(i.hiv_treatment),
                  "intake_suicide_screen": SUICIDE_CODES.get(i.suicide_screen, ""),
                  "intake_individual_clinician": yesno(i.individual_clinician),
                  "intake_age_band": AGE_BANDS.index(i.age_band) + 1 if i.age_band in AGE_BANDS else "",
                  "intake_consent_evaluation": yesno(i.consents.evaluation),
                  "intake_consent_quotation": yesno(i.consents.quotation), "intake_complete": 2}
        intake.update({f"intake_products___{p}": int(p in i.products) for p in PRODUCTS})
        intake.update({f"intake_routes___{r}": int(r in i.routes) for r in ROUTES})
    if record.final is not None:
        final = {"final_date": record.final.date.isoformat(), "final_consultation_complete": 2}
    return extra, intake, final


def import_rows(review: CycleReview, columns: list[str]) -> list[list[object]]:
    cycle = review.cycle
    rows = []
    by_code = {p.code: p for p in review.attendance.participants}
    dag = dag_name(cycle.site)
    from facilitator.reports.tables import refused_evaluation

    refused = refused_evaluation(review)
    for code in cycle.participants:
        record = f"{cycle.id}_{code}"
        if code in refused:   # nothing of his but the refusal goes to the research database
            rows.append(_row(columns, record, timepoint_event(review.questionnaires.timepoints[0]),
                             {"cycle_id": cycle.id, "site": cycle.site, "participant_code": code,
                              "demo_cycle": int(cycle.demo), "participant_complete": 2,
                              "intake_consent_evaluation": 0, "intake_complete": 0}, dag))
            continue
        person = by_code[code]
        extra, intake, final = _path_values(review.records.get(code))
        timepoints = review.questionnaires.timepoints
        for tp in timepoints:
            event = timepoint_event(tp)
            values: dict[str, object] = {}
            if tp == timepoints[0]:
                values.update({"cycle_id": cycle.id, "site": cycle.site, "participant_code": code,
                               "demo_cycle": int(cycle.demo), "dropout": int(person.dropout),
                               "sessions_attended": person.attended, "participant_complete": 2, **extra,
                               **intake})
            for form in review.questionnaires.forms:
                if form.participant == code and form.timepoint == tp:
                    values.update(_form_values(form))
            if values:
                rows.append(_row(columns, record, event, values, dag))
        for s in review.sessions:
            if s.number not in review.attendance.sessions_done:
                continue
            status = person.statuses.get(s.number)
            review_mark = s.homework_review.get(code)
            values = {"att_status": ATTENDANCE_CODES.get(status or "", ""),
                      "att_homework": HOMEWORK_CODES.get(review_mark.status, "") if review_mark else "",
                      "att_flags": sum(1 for f in s.flags if f.participant == code),
                      "attendance_complete": 2 if status else 0}
            path = review.records.get(code)
            checkin = path.checkin(s.number) if path is not None else None
            if checkin is not None:
                values.update({"checkin_days_used": checkin.days_used, "checkin_lapse":
                               "" if checkin.lapse is None else int(checkin.lapse),
                               "checkin_craving": checkin.craving, "checkin_safety": int(checkin.safety_concern),
                               "checkin_complete": 2})
            rows.append(_row(columns, record, SESSION_EVENT.format(n=s.number), values, dag))
        if final:
            rows.append(_row(columns, record, FINAL_EVENT, final, dag))
    return rows


def _row(columns: list[str], record: str, event: str, values: dict[str, object], dag: str = "") -> list[object]:
    base: dict[str, object] = {"record_id": record, "redcap_event_name": event, "redcap_repeat_instrument": "",
                               "redcap_repeat_instance": "", "redcap_data_access_group": dag}
    base.update(values)
    return [base.get(column, "") for column in columns]


# REDCap derives an event's unique name from its name: these names give the unique names above
EVENT_NAMES = {"T0": "T0 inclusion", "T1": "T1 post S4", "T2": "T2 S8"}


@dataclass(frozen=True)
class Event:
    name: str
    unique: str
    day_offset: int
    label: str


def events(programme: Programme | None, timepoints: Sequence[str]) -> list[Event]:
    """Every event of arm 1 in time order: time points (from the programme), sessions, final consultation.

    Day offsets count from inclusion: session n on day 7n, a time point on the day of its session
    (a follow-up `weeks_after` weeks later), the final consultation a week after session 8.
    """
    declared = {d.timepoint: d for d in (programme.questionnaires_due if programme is not None else [])}
    out = []
    for tp in timepoints:
        due = declared.get(tp)
        session = due.session if due is not None else {"T0": 0, "T1": 4, "T2": 8}.get(tp, 8)
        weeks = due.weeks_after if due is not None and due.weeks_after else 0
        out.append(Event(EVENT_NAMES.get(tp, tp), timepoint_event(tp), 7 * session + 7 * weeks,
                         due.label if due is not None else tp))
    out += [Event(f"Session {n}", SESSION_EVENT.format(n=n), 7 * n, f"S{n}") for n in range(1, 9)]
    out.append(Event("Final", FINAL_EVENT, 7 * 9, t("redcap.event_final")))
    # sessions before the time point of the same day: T1 is given at the end of session 4
    return sorted(out, key=lambda e: (e.day_offset, not e.unique.startswith("session_")))


def mapping_rows(timepoints: tuple[str, ...] = tuple(TIMEPOINT_EVENTS)) -> list[list[object]]:
    rows: list[list[object]] = [[1, timepoint_event(timepoints[0]), "participant"],
                                [1, timepoint_event(timepoints[0]), "intake"]]
    for tp in timepoints:
        rows += [[1, timepoint_event(tp), form] for form in QUESTIONNAIRE_FORMS]
    for n in range(1, 9):
        rows += [[1, SESSION_EVENT.format(n=n), "attendance"], [1, SESSION_EVENT.format(n=n), "checkin"]]
    rows.append([1, FINAL_EVENT, "final_consultation"])
    return rows


def write_redcap(reviews: CycleReview | Sequence[CycleReview], folder: Path, step: Step | None = None) -> list[Path]:
    """Write the project's files of one or more cycles into `folder` (created).

    `arms.csv`, `events.csv`, `instrument_event_mapping.csv` and `data_access_groups.csv` set the
    project up; `data_dictionary.csv` defines the instruments; `import.csv` holds the records.
    """
    step = step or (lambda _label: None)
    reviews = [reviews] if isinstance(reviews, CycleReview) else list(reviews)
    folder.mkdir(parents=True, exist_ok=True)
    fields = dictionary_fields()
    bad = [f.name for f in fields if not NAME.match(f.name)]
    if bad:
        raise ValueError(f"REDCap field names must be lowercase letters, digits, underscores: {bad}")
    timepoints = tuple(dict.fromkeys(tp for review in reviews for tp in review.questionnaires.timepoints))
    timepoints = timepoints or tuple(TIMEPOINT_EVENTS)
    programme = reviews[0].programme if reviews else None
    arms = folder / "arms.csv"
    write_csv(arms, ["arm_num", "name"], [[1, "Groupe" if language() == "fr" else "Group"]])
    event_file = folder / "events.csv"
    write_csv(event_file, ["event_name", "arm_num", "day_offset", "offset_min", "offset_max", "custom_event_label"],
              [[e.name, 1, e.day_offset, 0, 0, e.label] for e in events(programme, timepoints)])
    mapping = folder / "instrument_event_mapping.csv"
    write_csv(mapping, ["arm_num", "unique_event_name", "form"], mapping_rows(timepoints))
    groups = folder / "data_access_groups.csv"
    sites = list(dict.fromkeys(review.cycle.site for review in reviews))
    # the group's name is already in REDCap's unique-name form, so REDCap derives the same unique name
    # (the column stays empty: REDCap fills it when it creates the group); the site's full name is in `site`
    write_csv(groups, ["data_access_group_name", "unique_group_name"], [[dag_name(site), ""] for site in sites])
    step("events")
    dictionary = folder / "data_dictionary.csv"
    write_csv(dictionary, DICTIONARY_HEADER, (f.row() for f in fields))
    step("data_dictionary.csv")
    columns = import_columns(fields)
    data = folder / "import.csv"
    write_csv(data, columns, [row for review in reviews for row in import_rows(review, columns)])
    step("import.csv")
    return [arms, event_file, mapping, groups, dictionary, data]
