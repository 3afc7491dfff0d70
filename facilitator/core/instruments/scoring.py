"""Pure scoring of DUDIT, CEQ-S/CEQ-F and TLFB answers, and the completion state of a form.

The same functions score the entry screens and `facilitator score`, so a paper form re-scored by
a data manager gives exactly what the screen showed.

Answers dicts (what the entry screens save, what `completion` and `score_answers` read):
- DUDIT: `{"items": [option index or None] * 11, "sex": "m" | "f"}`
- CEQ-S / CEQ-F: `{"items": [0-10 or None] * 10, "product": "3-MMC"}`; at T1 and later also
  `"baseline_product"` (the product rated at T0, proposed again) and, when the participant changed
  product after a confirmation, `"product_changed": true`
- TLFB: `{"assessment_date": "YYYY-MM-DD", "end": "YYYY-MM-DD", "window_days": 30,
  "days": {"YYYY-MM-DD": {"substances": [...], "injection": false, "unknown": false, "sexual": false,
  "other_name": "..."}}}`: a day present in `days` has been filled in (`substances: []` = abstinent);
  for scoring, days not listed are abstinent. `end` is the day before `assessment_date`; answers
  saved before the assessment date existed have `end` only, and days without `sexual` or
  `other_name` (older answers) read as false and "".

Alcohol is not drug use: substances marked `counts_as_use: false` in tlfb.yaml (alcohol) are counted
in `days_by_substance` and `alcohol_days` but never make a day "used" nor break an abstinent streak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from facilitator.core.instruments.definitions import (
    INSTRUMENT_IDS,
    CeqDefinition,
    DuditDefinition,
    load_instruments,
)
from facilitator.i18n import t

DUDIT_TIMEFRAME_NOTE_KEY = "questionnaires.dudit_timeframe_note"
Completion = Literal["done", "partial", "missing"]


class InvalidAnswers(ValueError):
    """Answers that cannot be scored; the message names the answer (`answers[3]: ...`).

    `code` picks the catalogue entry `questionnaires.err_<code>`, filled with `values`, at display
    time so the message follows the interface language.
    """

    def __init__(self, where: str, code: str, **values: object) -> None:
        super().__init__(where, code)
        self.where = where
        self.code = code
        self.values = values

    def __str__(self) -> str:
        return f"{self.where}: {t(f'questionnaires.err_{self.code}', **self.values)}"


# ---------------------------------------------------------------- DUDIT

@dataclass(frozen=True)
class DuditScore:
    total: int | None                  # 0-44; None when an item is missing
    problem: bool                      # probable drug-related problems (cut-off depends on sex)
    probable_dependence: bool
    complete: bool
    item_scores: list[int | None]
    problem_cutoff: int = 6            # the cut-off applied, to show next to the flag
    dependence_cutoff: int = 25


def _check_length(answers: Sequence[object], expected: int) -> None:
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise InvalidAnswers("answers", "expected_list", expected=expected)
    if len(answers) != expected:
        raise InvalidAnswers("answers", "count", expected=expected, got=len(answers))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def score_dudit(answers: Sequence[int | None], sex: Literal["m", "f"],
                definition: DuditDefinition | None = None) -> DuditScore:
    """Score DUDIT option indices (0 = first option; None = missing) for a man (m) or woman (f)."""
    definition = definition or load_instruments().dudit
    if sex not in definition.problem_cutoff:
        raise InvalidAnswers("sex", "sex", value=repr(sex))
    _check_length(answers, len(definition.items))
    item_scores: list[int | None] = []
    for index, (answer, item) in enumerate(zip(answers, definition.items, strict=True)):
        if answer is None:
            item_scores.append(None)
            continue
        last = len(item.options) - 1
        if not _is_int(answer):
            raise InvalidAnswers(f"answers[{index}]", "not_option", last=last, value=repr(answer))
        if not 0 <= answer <= last:
            raise InvalidAnswers(f"answers[{index}]", "option_range", value=answer, last=last)
        item_scores.append(item.options[answer].score)
    complete = all(score is not None for score in item_scores)
    total = sum(s for s in item_scores if s is not None) if complete else None
    problem_cutoff = definition.problem_cutoff[sex]
    return DuditScore(
        total=total,
        problem=total is not None and total >= problem_cutoff,
        probable_dependence=total is not None and total >= definition.dependence_cutoff,
        complete=complete,
        item_scores=item_scores,
        problem_cutoff=problem_cutoff,
        dependence_cutoff=definition.dependence_cutoff,
    )


# ---------------------------------------------------------------- CEQ

@dataclass(frozen=True)
class CeqScore:
    intensity: float | None            # mean of the factor's items, rounded to 2 decimals
    imagery: float | None
    intrusiveness: float | None
    total: float | None                # mean of all items, rounded to 2 decimals
    complete: bool

    def factor(self, name: str) -> float | None:
        return getattr(self, name)


def _mean(values: Sequence[int | None]) -> float | None:
    if not values or any(v is None for v in values):
        return None
    return round(sum(v for v in values if v is not None) / len(values), 2)


def score_ceq(answers: Sequence[int | None], definition: CeqDefinition | None = None) -> CeqScore:
    """Score the 10 CEQ ratings (0-10, None = missing); factors are the means of their items."""
    definition = definition or load_instruments().ceq_s
    _check_length(answers, len(definition.items))
    low, high = definition.scale_min, definition.scale_max
    for index, answer in enumerate(answers):
        if answer is None:
            continue
        if not _is_int(answer):
            raise InvalidAnswers(f"answers[{index}]", "not_rating", low=low, high=high, value=repr(answer))
        if not low <= answer <= high:
            raise InvalidAnswers(f"answers[{index}]", "rating_range", value=answer, low=low, high=high)
    factors = {name: _mean([answers[n - 1] for n in numbers])
               for name, numbers in definition.factors.items()}
    return CeqScore(
        intensity=factors.get("intensity"),
        imagery=factors.get("imagery"),
        intrusiveness=factors.get("intrusiveness"),
        total=_mean(list(answers)),
        complete=all(answer is not None for answer in answers),
    )


# ---------------------------------------------------------------- TLFB

@dataclass(frozen=True)
class TlfbDay:
    """One recalled day: substances taken, injection, sexual context, or not recalled (unknown)."""

    substances: frozenset[str] = frozenset()
    injection: bool = False
    unknown: bool = False
    sexual: bool = False               # use "in a sexual context" that day
    other_name: str = ""               # the free name of the "other" substance, if any

    def __post_init__(self) -> None:
        if not isinstance(self.substances, frozenset):
            object.__setattr__(self, "substances", frozenset(self.substances))

    @property
    def used(self) -> bool:
        """A known day with any substance (alcohol included) or an injection: something was recorded."""
        return not self.unknown and (bool(self.substances) or self.injection)

    def drug_use(self, not_use: Iterable[str] = ()) -> bool:
        """A known day with drug use: an injection, or a substance other than those in `not_use` (alcohol)."""
        return not self.unknown and (self.injection or bool(self.substances - frozenset(not_use)))


def tlfb_window(end: date, window_days: int = 30) -> list[date]:
    """The window's days, oldest first; `end` is the last day and is included."""
    return [end - timedelta(days=offset) for offset in range(window_days - 1, -1, -1)]


@dataclass(frozen=True)
class TlfbRecord:
    """A TLFB calendar: the `window_days` days ending on `end` (included); unlisted days are abstinent."""

    end: date
    window_days: int = 30
    days: dict[date, TlfbDay] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _is_int(self.window_days) or self.window_days < 1:
            raise InvalidAnswers("window_days", "window_days", value=repr(self.window_days))
        first = self.start
        for day in self.days:
            if not first <= day <= self.end:
                raise InvalidAnswers(day.isoformat(), "outside_window", first=first.isoformat(),
                                     last=self.end.isoformat())

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.window_days - 1)

    @property
    def assessment_date(self) -> date:
        """The day the calendar was taken: the day after the window's last day."""
        return self.end + timedelta(days=1)

    @classmethod
    def for_assessment(cls, assessment_date: date, window_days: int = 30,
                       days: Mapping[date, TlfbDay] | None = None) -> TlfbRecord:
        """The calendar of the `window_days` days before `assessment_date` (that day excluded)."""
        return cls(end=assessment_date - timedelta(days=1), window_days=window_days, days=dict(days or {}))

    def day(self, when: date) -> TlfbDay:
        return self.days.get(when, TlfbDay())


@dataclass(frozen=True)
class TlfbScore:
    """TLFB figures. Drug use excludes the substances that do not count as use (alcohol)."""

    days_assessed: int                 # window days minus unknown days
    days_used: int                     # days with drug use (alcohol-only days are not counted)
    pct_days_used: float | None        # used / assessed x 100, 2 decimals; None if nothing assessed
    pct_days_abstinent: float | None   # 100 - pct_days_used: alcohol-only days are abstinent from drugs
    longest_abstinent_streak: int      # unknown and drug-use days break a streak; alcohol does not
    days_by_substance: dict[str, int]  # every substance, alcohol included
    injection_days: int
    days_since_last_use: int | None    # since the last drug use: 0 when on `end`; None when none
    unknown_days: int
    alcohol_days: int = 0              # known days with alcohol (reported apart from drug use)
    sexual_context_days: int = 0       # known days marked "in a sexual context"
    sexual_context_use_days: int = 0   # drug-use days marked "in a sexual context"

    def as_dict(self) -> dict[str, object]:
        """The figures as a JSON-ready dict, in the order `facilitator score tlfb` prints them."""
        return {
            "days_assessed": self.days_assessed, "days_used": self.days_used,
            "pct_days_used": self.pct_days_used, "pct_days_abstinent": self.pct_days_abstinent,
            "longest_abstinent_streak": self.longest_abstinent_streak,
            "days_since_last_use": self.days_since_last_use, "alcohol_days": self.alcohol_days,
            "days_by_substance": dict(self.days_by_substance), "injection_days": self.injection_days,
            "sexual_context_days": self.sexual_context_days,
            "sexual_context_use_days": self.sexual_context_use_days, "unknown_days": self.unknown_days,
        }


ALCOHOL = "alcohol"


def score_tlfb(record: TlfbRecord, substances: Sequence[str] | None = None,
               not_use: Iterable[str] | None = None) -> TlfbScore:
    """Score a TLFB calendar; the one function behind the entry screen, `facilitator score`, review and exports.

    `substances` (default: the definition's) fixes the per-substance keys; `not_use` (default: the
    definition's `counts_as_use: false` substances, i.e. alcohol) are counted but are not drug use.
    """
    definition = load_instruments().tlfb
    known = tuple(substances) if substances is not None else definition.substance_ids
    excluded = frozenset(not_use) if not_use is not None else definition.not_use_ids
    by_substance = dict.fromkeys(known, 0)
    assessed = used = injections = unknown = streak = longest = alcohol = sexual = sexual_use = 0
    last_use: date | None = None
    for when in tlfb_window(record.end, record.window_days):
        day = record.day(when)
        strange = sorted(day.substances - set(known))
        if strange:
            raise InvalidAnswers(when.isoformat(), "unknown_substance", value=repr(strange[0]),
                                 known=", ".join(known))
        if day.unknown:
            unknown += 1
            streak = 0
            continue
        assessed += 1
        for substance in day.substances:
            by_substance[substance] += 1
        alcohol += ALCOHOL in day.substances
        sexual += day.sexual
        injections += day.injection
        if day.drug_use(excluded):
            used += 1
            sexual_use += day.sexual
            last_use = when
            streak = 0
        else:
            streak += 1
            longest = max(longest, streak)
    pct_used = round(used / assessed * 100, 2) if assessed else None
    return TlfbScore(
        days_assessed=assessed,
        days_used=used,
        pct_days_used=pct_used,
        # the complement of the rounded figure, so the two always add up to 100
        pct_days_abstinent=round(100 - pct_used, 2) if pct_used is not None else None,
        longest_abstinent_streak=longest,
        days_by_substance=by_substance,
        injection_days=injections,
        days_since_last_use=(record.end - last_use).days if last_use is not None else None,
        unknown_days=unknown,
        alcohol_days=alcohol,
        sexual_context_days=sexual,
        sexual_context_use_days=sexual_use,
    )


# ---------------------------------------------------------------- answers dicts

def _parse_date(text: object, where: str) -> date:
    if not isinstance(text, str):
        raise InvalidAnswers(where, "date", value=repr(text))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidAnswers(where, "date", value=repr(text)) from None


def parse_day(text: str) -> date | None:
    """A date typed on a form: DD/MM/YYYY (also with - or .), or YYYY-MM-DD; None if not a date."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for separator in "/-.":
        parts = text.split(separator)
        if len(parts) == 3 and all(part.isdigit() for part in parts) and len(parts[2]) == 4:
            try:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                return None
    return None


def tlfb_end(answers: Mapping[str, object]) -> date:
    """The window's last day of a TLFB answers dict: `end`, else the day before `assessment_date`."""
    if answers.get("end") is None and answers.get("assessment_date") is not None:
        return _parse_date(answers.get("assessment_date"), "assessment_date") - timedelta(days=1)
    return _parse_date(answers.get("end"), "end")


def tlfb_record_from_answers(answers: Mapping[str, object]) -> TlfbRecord:
    """The `TlfbRecord` of a TLFB answers dict (see the module docstring); older answers load too."""
    end = tlfb_end(answers)
    window_days = answers.get("window_days", 30)
    raw_days = answers.get("days") or {}
    if not isinstance(raw_days, Mapping):
        raise InvalidAnswers("days", "days_object")
    days: dict[date, TlfbDay] = {}
    for key, value in raw_days.items():
        when = _parse_date(key, f"days.{key}")
        value = value if isinstance(value, Mapping) else {}
        days[when] = TlfbDay(substances=frozenset(value.get("substances") or ()),
                             injection=bool(value.get("injection", False)),
                             unknown=bool(value.get("unknown", False)),
                             sexual=bool(value.get("sexual", False)),
                             other_name=str(value.get("other_name") or ""))
    return TlfbRecord(end=end, window_days=window_days, days=days)  # type: ignore[arg-type]


def tlfb_answers_from_record(record: TlfbRecord, substances_order: Iterable[str] = ()) -> dict:
    """The answers dict of a `TlfbRecord` (only the listed days), substances in a stable order."""
    order = {s: n for n, s in enumerate(substances_order)}

    def day_answers(day: TlfbDay) -> dict[str, object]:
        out: dict[str, object] = {
            "substances": sorted(day.substances, key=lambda s: (order.get(s, len(order)), s)),
            "injection": day.injection,
            "unknown": day.unknown,
            "sexual": day.sexual,
        }
        if day.other_name:
            out["other_name"] = day.other_name
        return out

    return {
        "assessment_date": record.assessment_date.isoformat(),
        "end": record.end.isoformat(),
        "window_days": record.window_days,
        "days": {when.isoformat(): day_answers(day) for when, day in sorted(record.days.items())},
    }


def same_product(first: str, second: str) -> bool:
    """Whether two CEQ target products name the same thing (case and spacing aside)."""
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def ceq_baseline_product(forms: Iterable[Mapping], participant: str, timepoint: str,
                         timepoints: Sequence[str]) -> str:
    """The CEQ product rated at the participant's first time point before `timepoint` ("" if none).

    `forms` are stored forms (participant, timepoint, instrument, answers). The CEQ-S and CEQ-F of
    one time point share one product; the earliest time point wins, so T1 and T2 are both
    compared with what was rated at T0.
    """
    order = list(timepoints)
    if timepoint not in order:
        return ""
    earlier = order[: order.index(timepoint)]
    products: dict[str, str] = {}
    for form in forms:
        answers = form.get("answers")
        if (form.get("participant") != participant or form.get("instrument") not in ("ceq-s", "ceq-f")
                or form.get("timepoint") not in earlier or not isinstance(answers, Mapping)):
            continue
        product = str(answers.get("product") or "").strip()
        if product:
            products.setdefault(str(form.get("timepoint")), product)
    return next((products[tp] for tp in earlier if tp in products), "")


def recorded_changes(instrument_id: str, before: Mapping | None, after: Mapping) -> list[str]:
    """Changes of a form worth an audit line: a CEQ product changed from the first time point's, a TLFB
    assessment date moved. Empty for ordinary answers."""
    before = before if isinstance(before, Mapping) else {}
    out: list[str] = []
    if instrument_id in ("ceq-s", "ceq-f") and after.get("product_changed"):
        if before.get("product") != after.get("product"):
            out.append(f"product {after.get('baseline_product', '')} -> {after.get('product', '')} "
                       "(differs from the first time point, confirmed)")
    if instrument_id == "tlfb":
        old, new = before.get("assessment_date"), after.get("assessment_date")
        if old and new and old != new:
            out.append(f"assessment_date {old} -> {new}")
    return out


def _items(answers: dict | list | None) -> list:
    if isinstance(answers, Mapping):
        items = answers.get("items")
        return list(items) if isinstance(items, list) else []
    if isinstance(answers, list):
        return answers
    return []


def completion(instrument_id: str, answers: dict | list | None) -> Completion:
    """Whether a form is done (every item / every day filled), partial, or missing (nothing yet)."""
    if instrument_id not in INSTRUMENT_IDS:
        raise ValueError(f"unknown instrument {instrument_id!r} (one of {', '.join(INSTRUMENT_IDS)})")
    if not answers:
        return "missing"
    if instrument_id == "tlfb":
        if not isinstance(answers, Mapping):
            return "missing"
        days = answers.get("days")
        if not isinstance(days, Mapping) or not days:
            return "missing"
        try:
            end = tlfb_end(answers)
            window_days = int(answers.get("window_days", 30))
        except (InvalidAnswers, TypeError, ValueError):
            return "partial"
        filled = sum(1 for when in tlfb_window(end, window_days) if when.isoformat() in days)
        return "done" if filled == window_days else ("partial" if filled or days else "missing")
    expected = len(load_instruments().get(instrument_id).items)
    items = _items(answers)
    answered = sum(1 for value in items[:expected] if value is not None)
    if answered == 0:
        return "missing"
    return "done" if answered == expected else "partial"


def score_answers(instrument_id: str, answers: dict | None,
                  sex: Literal["m", "f"] | None = None) -> DuditScore | CeqScore | TlfbScore | None:
    """Score a saved answers dict; None when nothing is answered yet. DUDIT sex: argument, else the dict's."""
    if completion(instrument_id, answers) == "missing" or not isinstance(answers, Mapping):
        return None
    instruments = load_instruments()
    if instrument_id == "dudit":
        items = _items(answers)
        return score_dudit(items, sex or answers.get("sex", "m"), instruments.dudit)
    if instrument_id in ("ceq-s", "ceq-f"):
        return score_ceq(_items(answers), instruments.get(instrument_id))  # type: ignore[arg-type]
    return score_tlfb(tlfb_record_from_answers(answers), instruments.tlfb.substance_ids)
