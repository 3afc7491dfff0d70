"""Exercise answers as data: per field kind validation, normalisation, empty templates, completion.

Answers are plain JSON values keyed by field id, so a new exercise written in the programme file
works everywhere (console, storage, booklet) without code:

- short_text, long_text: a string;
- rating_10: an integer 0-10 or None; percent: an integer 0-100 or None;
- choice: one of the field's options, or None;
- table: a list of row dicts keyed by column id; with fixed `rows`, one dict per row label, in order;
- week_grid: {day: {slot: text}}.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.core.models import AttendanceMark, Cycle, present_participants
from facilitator.core.programme import Column, Exercise, ExerciseField, FieldKind

TEXT_KINDS = frozenset({FieldKind.SHORT_TEXT, FieldKind.LONG_TEXT})
NUMBER_RANGES: dict[FieldKind, tuple[int, int]] = {FieldKind.RATING_10: (0, 10), FieldKind.PERCENT: (0, 100)}
GROUP = "group"   # the subject of an answer given by the whole group

Cell = str | int | None
Row = dict[str, Cell]


class AnswerError(ValueError):
    """A value that does not fit its field; `reason` names the rule (translated by the interface)."""

    def __init__(self, field: str, reason: str, **params: Any) -> None:
        self.field = field
        self.reason = reason
        self.params = params
        detail = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{field}: {reason}" + (f" ({detail})" if detail else ""))


# -- single values --------------------------------------------------------------------------------
def parse_number(kind: FieldKind, value: object, field: str = "") -> int | None:
    """An integer in the kind's range from typed text or a number; '' / None is no answer."""
    low, high = NUMBER_RANGES[kind]
    if value is None:
        return None
    if isinstance(value, bool):
        raise AnswerError(field, "not_a_number", value=value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        if not text:
            return None
        if not re.fullmatch(r"[+-]?\d+", text):
            raise AnswerError(field, "not_a_number", value=value)
        number = int(text)
    else:
        raise AnswerError(field, "not_a_number", value=value)
    if not low <= number <= high:
        raise AnswerError(field, "out_of_range", value=number, low=low, high=high)
    return number


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswerError(field, "not_text", value=value)
    return value


def _choice(value: object, options: list[str], field: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in options:
        raise AnswerError(field, "not_an_option", value=value, options=options)
    return str(value)


def normalise_cell(column: Column, value: object, field: str = "") -> Cell:
    """One table cell checked against its column's kind."""
    where = f"{field}.{column.id}" if field else column.id
    if column.kind in TEXT_KINDS:
        return _text(value, where)
    if column.kind in NUMBER_RANGES:
        return parse_number(column.kind, value, where)
    if column.kind == FieldKind.CHOICE:
        return _choice(value, column.options, where)
    raise AnswerError(where, "bad_column_kind", kind=column.kind.value)


def empty_row(field: ExerciseField) -> Row:
    return {column.id: ("" if column.kind in TEXT_KINDS else None) for column in field.columns}


def row_is_empty(row: Row) -> bool:
    return all(value in (None, "") or (isinstance(value, str) and not value.strip()) for value in row.values())


def _table(field: ExerciseField, value: object, strict: bool) -> list[Row]:
    if value is None:
        value = []
    if not isinstance(value, list):
        raise AnswerError(field.id, "not_a_table", value=value)
    rows: list[Row] = []
    for index, raw in enumerate(value):
        if not isinstance(raw, dict):
            raise AnswerError(f"{field.id}[{index}]", "not_a_row", value=raw)
        unknown = set(raw) - {column.id for column in field.columns}
        if unknown and strict:
            raise AnswerError(f"{field.id}[{index}]", "unknown_column", columns=sorted(unknown))
        row = empty_row(field)
        for column in field.columns:
            try:
                row[column.id] = normalise_cell(column, raw.get(column.id), f"{field.id}[{index}]")
            except AnswerError:
                if strict:
                    raise
        rows.append(row)
    if field.rows:
        if len(rows) > len(field.rows):
            if strict:
                raise AnswerError(field.id, "too_many_rows", count=len(rows), rows=len(field.rows))
            rows = rows[:len(field.rows)]
        rows += [empty_row(field) for _ in range(len(field.rows) - len(rows))]
        return rows
    return [row for row in rows if not row_is_empty(row)]


def _week_grid(field: ExerciseField, value: object, strict: bool) -> dict[str, dict[str, str]]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise AnswerError(field.id, "not_a_grid", value=value)
    grid = {day: dict.fromkeys(field.slots, "") for day in field.days}
    for day, slots in value.items():
        if day not in grid or not isinstance(slots, dict):
            if strict:
                raise AnswerError(field.id, "unknown_day", day=day)
            continue
        for slot, text in slots.items():
            if slot not in grid[day]:
                if strict:
                    raise AnswerError(field.id, "unknown_slot", slot=slot)
                continue
            try:
                grid[day][slot] = _text(text, f"{field.id}.{day}.{slot}")
            except AnswerError:
                if strict:
                    raise
    return grid


def normalise_value(field: ExerciseField, value: object, *, strict: bool = True) -> Any:
    """The canonical form of one field's value; raises AnswerError when it does not fit.

    With `strict=False` (answers read back after the programme changed) what no longer fits is
    dropped instead.
    """
    kind = field.kind
    try:
        if kind in TEXT_KINDS:
            return _text(value, field.id)
        if kind in NUMBER_RANGES:
            return parse_number(kind, value, field.id)
        if kind == FieldKind.CHOICE:
            return _choice(value, field.options, field.id)
        if kind == FieldKind.TABLE:
            return _table(field, value, strict)
        if kind == FieldKind.WEEK_GRID:
            return _week_grid(field, value, strict)
    except AnswerError:
        if strict:
            raise
        return empty_value(field)
    raise AnswerError(field.id, "bad_kind", kind=str(kind))


def empty_value(field: ExerciseField) -> Any:
    kind = field.kind
    if kind in TEXT_KINDS:
        return ""
    if kind == FieldKind.TABLE:
        return [empty_row(field) for _ in field.rows]
    if kind == FieldKind.WEEK_GRID:
        return {day: dict.fromkeys(field.slots, "") for day in field.days}
    return None


# -- whole answers --------------------------------------------------------------------------------
def empty_answers(exercise: Exercise) -> dict[str, Any]:
    """The template of an unanswered sheet: every field present and empty."""
    return {field.id: empty_value(field) for field in exercise.fields}


def normalise_answers(exercise: Exercise, values: dict | None, *, strict: bool = True) -> dict[str, Any]:
    """Every field of `exercise`, checked and in canonical form; unknown field ids are errors."""
    values = dict(values or {})
    known = {field.id for field in exercise.fields}
    unknown = sorted(set(values) - known)
    if unknown and strict:
        raise AnswerError(unknown[0], "unknown_field", exercise=exercise.id)
    return {field.id: normalise_value(field, values.get(field.id), strict=strict) for field in exercise.fields}


def field_is_filled(field: ExerciseField, value: Any) -> bool:
    kind = field.kind
    if kind in TEXT_KINDS:
        return isinstance(value, str) and bool(value.strip())
    if kind == FieldKind.TABLE:
        return isinstance(value, list) and any(isinstance(row, dict) and not row_is_empty(row) for row in value)
    if kind == FieldKind.WEEK_GRID:
        return isinstance(value, dict) and any(
            isinstance(slots, dict) and any(isinstance(text, str) and text.strip() for text in slots.values())
            for slots in value.values())
    return value is not None and value != ""


@dataclass(frozen=True)
class Completion:
    filled: int
    total: int

    @property
    def started(self) -> bool:
        return self.filled > 0

    @property
    def complete(self) -> bool:
        return self.filled == self.total

    def __str__(self) -> str:
        return f"{self.filled}/{self.total}"


def completion(exercise: Exercise, values: dict | None) -> Completion:
    """How many of the exercise's fields hold an answer."""
    values = values or {}
    filled = sum(1 for field in exercise.fields if field_is_filled(field, values.get(field.id)))
    return Completion(filled, len(exercise.fields))


def map_texts(exercise: Exercise, values: dict, fn: Callable[[str], str]) -> dict[str, Any]:
    """A copy of normalised `values` with `fn` applied to every free-text value (pseudonymisation)."""

    def apply(text: str) -> str:
        return fn(text) if text.strip() else text

    result: dict[str, Any] = {}
    for field in exercise.fields:
        value = values.get(field.id)
        if field.kind in TEXT_KINDS and isinstance(value, str):
            result[field.id] = apply(value)
        elif field.kind == FieldKind.TABLE and isinstance(value, list):
            kinds = {column.id: column.kind for column in field.columns}
            result[field.id] = [
                {key: apply(cell) if kinds.get(key) in TEXT_KINDS and isinstance(cell, str) else cell
                 for key, cell in row.items()} for row in value]
        elif field.kind == FieldKind.WEEK_GRID and isinstance(value, dict):
            result[field.id] = {day: {slot: apply(text) if isinstance(text, str) else text
                                      for slot, text in slots.items()} for day, slots in value.items()}
        else:
            result[field.id] = value
    return result


def texts(exercise: Exercise, values: dict) -> list[str]:
    """Every non-empty free-text value of an answer (to check what reaches disk or a booklet)."""
    found: list[str] = []

    def keep(text: str) -> str:
        found.append(text)
        return text

    map_texts(exercise, values, keep)
    return found


def exercises_of_session(programme: Any, number: int) -> list[str]:
    """Ids of the exercises referenced in session `number` (agenda then homework), first use order."""
    session = programme.session(number)
    ids: list[str] = []
    for exercise_id in [item.exercise for item in session.agenda] + [hw.exercise for hw in session.homework]:
        if exercise_id and exercise_id not in ids:
            ids.append(exercise_id)
    return ids


def subjects_for(exercise: Exercise, cycle: Cycle, attendance: dict[str, AttendanceMark]) -> tuple[list[str], bool]:
    """Who an exercise sheet is filled for, and whether attendance was missing (then everyone still in
    the group and not marked absent or excused is listed); the group's example comes last."""
    if exercise.scope == "group":
        return [GROUP], False
    present = present_participants(cycle, attendance)
    missing = not present
    if missing:
        present = [code for code in cycle.participants if code not in cycle.dropouts and not (
            code in attendance and attendance[code].status in ("absent", "excused"))]
    return [*present, GROUP], missing
