"""`facilitator score INSTRUMENT`: score one questionnaire read as one JSON object on standard input.

Data managers use it to re-score paper forms; it calls the same functions as the entry screens.
Input and output formats are in `HELP_EPILOG`; bad input ends with one line naming the field, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from facilitator.core.instruments import (
    INSTRUMENT_IDS,
    InvalidAnswers,
    TlfbDay,
    TlfbRecord,
    load_instruments,
    score_ceq,
    score_dudit,
    score_tlfb,
)
from facilitator.errors import UsageError
from facilitator.i18n import t

HELP_EPILOG = """\
input (one JSON object on standard input) -> output (one JSON object on standard output):
  dudit  {"answers": [11 option indices 0-4 (items 10-11: 0-2) or null], "sex": "m"|"f"}
         -> {"total", "problem", "probable_dependence", "complete"}
  ceq-s, ceq-f  {"answers": [10 ratings 0-10 or null]}
         -> {"intensity", "imagery", "intrusiveness", "total"}
  tlfb   {"assessment_date": "YYYY-MM-DD" (or "end": the window's last day, the day before),
          "window_days": 30, "use": {"YYYY-MM-DD": ["cathinones", "alcohol", ...]},
          "injection": ["YYYY-MM-DD", ...], "sexual": ["YYYY-MM-DD", ...],
          "unknown": ["YYYY-MM-DD", ...]}  (unlisted days: abstinent)
         -> {"days_assessed", "days_used", "pct_days_used", "pct_days_abstinent",
             "longest_abstinent_streak", "days_since_last_use", "alcohol_days", "days_by_substance",
             "injection_days", "sexual_context_days", "sexual_context_use_days", "unknown_days"}
         Alcohol is not drug use: an alcohol-only day counts in alcohol_days and days_by_substance,
         not in days_used, and does not break an abstinent streak.
"""


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DuditInput(_Input):
    answers: list[Any]            # item values are checked by score_dudit, which names the item
    sex: Literal["m", "f"]


class CeqInput(_Input):
    answers: list[Any]


class TlfbInput(_Input):
    end: str | None = None                 # the window's last day; or give the assessment date
    assessment_date: str | None = None
    window_days: int = 30
    use: dict[str, list[str]] = Field(default_factory=dict)
    injection: list[str] = Field(default_factory=list)
    sexual: list[str] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = HELP_EPILOG
    parser.add_argument("instrument", metavar=t("cli.mv_instrument"),
                        help=t("cli.opt_instrument", ids=", ".join(INSTRUMENT_IDS)))


def _where(loc: tuple[int | str, ...]) -> str:
    """`("answers", 3)` -> `answers[3]`; `("use", "2025-03-01", 0)` -> `use.2025-03-01[0]`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(input)"


def _validation_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = _where(tuple(error["loc"]))
    kind = error["type"]
    value = json.dumps(error.get("input"), ensure_ascii=False, default=str)
    if kind == "missing":
        detail = t("questionnaires.err_missing")
    elif kind == "extra_forbidden":
        detail = t("questionnaires.err_extra")
    elif kind == "literal_error" and where == "sex":
        detail = t("questionnaires.err_sex", value=value)
    elif kind.startswith("int_"):
        detail = t("questionnaires.err_integer", value=value)
    elif kind.startswith("list_"):
        detail = t("questionnaires.err_list", value=value)
    elif kind.startswith("dict_"):
        detail = t("questionnaires.err_object", value=value)
    elif kind.startswith("string_"):
        detail = t("questionnaires.err_string", value=value)
    else:
        detail = t("questionnaires.err_other", detail=error["msg"])
    return f"{where}: {detail}"


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidAnswers(where, "date", value=json.dumps(text)) from None


def _in_window(day: date, record_end: date, window_days: int, where: str) -> None:
    first = date.fromordinal(record_end.toordinal() - window_days + 1)
    if not first <= day <= record_end:
        raise InvalidAnswers(where, "outside_window", first=first.isoformat(), last=record_end.isoformat())


MAX_WINDOW_DAYS = 366


def tlfb_record(data: TlfbInput, substances: tuple[str, ...]) -> TlfbRecord:
    """The TLFB calendar described by a `facilitator score tlfb` input; names the field at fault."""
    if data.end is not None:
        end = _date(data.end, "end")
        if data.assessment_date is not None and _date(data.assessment_date, "assessment_date") != \
                date.fromordinal(end.toordinal() + 1):
            raise InvalidAnswers("assessment_date", "assessment_after_end", end=data.end)
    elif data.assessment_date is not None:
        end = date.fromordinal(_date(data.assessment_date, "assessment_date").toordinal() - 1)
    else:
        raise InvalidAnswers("end", "end_or_assessment")
    if data.window_days < 1:
        raise InvalidAnswers("window_days", "window_days", value=data.window_days)
    if data.window_days > MAX_WINDOW_DAYS:  # 10^9 days would overflow the calendar (and take hours)
        raise InvalidAnswers("window_days", "window_too_long", value=data.window_days, most=MAX_WINDOW_DAYS)
    used: dict[date, set[str]] = {}
    for key, names in data.use.items():
        day = _date(key, f"use.{key}")
        _in_window(day, end, data.window_days, f"use.{key}")
        for index, name in enumerate(names):
            if name not in substances:
                raise InvalidAnswers(f"use.{key}[{index}]", "unknown_substance",
                                     value=json.dumps(name), known=", ".join(substances))
        used.setdefault(day, set()).update(names)
    injected: set[date] = set()
    for index, key in enumerate(data.injection):
        day = _date(key, f"injection[{index}]")
        _in_window(day, end, data.window_days, f"injection[{index}]")
        injected.add(day)
    sexual: set[date] = set()
    for index, key in enumerate(data.sexual):
        day = _date(key, f"sexual[{index}]")
        _in_window(day, end, data.window_days, f"sexual[{index}]")
        sexual.add(day)
    unknown: set[date] = set()
    for index, key in enumerate(data.unknown):
        day = _date(key, f"unknown[{index}]")
        _in_window(day, end, data.window_days, f"unknown[{index}]")
        if used.get(day) or day in injected or day in sexual:
            raise InvalidAnswers(f"unknown[{index}]", "unknown_and_used")
        unknown.add(day)
    days = {
        day: TlfbDay(substances=frozenset(used.get(day, ())), injection=day in injected, unknown=day in unknown,
                     sexual=day in sexual)
        for day in sorted(set(used) | injected | sexual | unknown)
    }
    return TlfbRecord(end=end, window_days=data.window_days, days=days)


def score_json(instrument: str, data: object) -> dict[str, object]:
    """Scores of one parsed JSON input as a JSON-ready dict; raises UsageError naming the field."""
    if instrument not in INSTRUMENT_IDS:
        raise UsageError(t("questionnaires.err_unknown_instrument", value=json.dumps(instrument),
                           known=", ".join(INSTRUMENT_IDS)))
    if not isinstance(data, dict):
        raise UsageError(t("questionnaires.err_not_object"))
    instruments = load_instruments()
    try:
        if instrument == "dudit":
            dudit_in = DuditInput.model_validate(data)
            dudit = score_dudit(dudit_in.answers, dudit_in.sex, instruments.dudit)
            return {"total": dudit.total, "problem": dudit.problem,
                    "probable_dependence": dudit.probable_dependence, "complete": dudit.complete}
        if instrument in ("ceq-s", "ceq-f"):
            ceq_in = CeqInput.model_validate(data)
            ceq = score_ceq(ceq_in.answers, instruments.get(instrument))  # type: ignore[arg-type]
            return {"intensity": ceq.intensity, "imagery": ceq.imagery,
                    "intrusiveness": ceq.intrusiveness, "total": ceq.total}
        tlfb_in = TlfbInput.model_validate(data)
        substances = instruments.tlfb.substance_ids
        return score_tlfb(tlfb_record(tlfb_in, substances), substances).as_dict()
    except ValidationError as exc:
        raise UsageError(_validation_message(exc)) from None
    except InvalidAnswers as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    instrument = args.instrument.lower()
    if instrument not in INSTRUMENT_IDS:
        raise UsageError(t("questionnaires.err_unknown_instrument", value=json.dumps(args.instrument),
                           known=", ".join(INSTRUMENT_IDS)))
    text = sys.stdin.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(t("questionnaires.err_invalid_json",
                           detail=f"{exc.msg}, line {exc.lineno} column {exc.colno}")) from None
    except RecursionError:
        raise UsageError(t("questionnaires.err_invalid_json", detail=t("integrity.json_too_deep"))) from None
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        raise UsageError(t("questionnaires.err_invalid_json", detail=t("integrity.json_number_too_long"))) from None
    try:
        scores = score_json(instrument, data)
    except (OverflowError, RecursionError, ValueError) as exc:  # what validation let through: still one line
        raise UsageError(t("integrity.unscorable", error=type(exc).__name__)) from None
    print(json.dumps(scores, ensure_ascii=False))
    return 0
