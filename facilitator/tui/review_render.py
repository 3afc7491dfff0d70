"""Text renderings of the review figures (numbers and dates from `core.formatting`): timing bars, trends, tables.

Every piece of recorded text goes into a `rich.text.Text` (never parsed as markup): notes and
verbatims contain `[` and `]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from facilitator.core.formatting import DASH
from facilitator.core.programme import Exercise, ExerciseField, FieldKind, Programme
from facilitator.core.review import ExerciseAnswer, ExerciseValue
from facilitator.i18n import t

SPARK = "▁▂▃▄▅▆▇█"
BAR_FULL = "█"        # time spent within the plan
BAR_OVER = "▓"        # time spent beyond the plan
BAR_UNUSED = "·"      # planned time not used
BAR_PLAN = "│"        # where the plan ends


def duration(seconds: float | None, *, sign: bool = False) -> str:
    """`m:ss` (minutes unpadded, may exceed 59); with `sign`, always a leading + or −."""
    if seconds is None:
        return DASH
    total = int(round(seconds))
    mark = "-" if total < 0 else "+"
    total = abs(total)
    text = f"{total // 60}:{total % 60:02d}"
    if sign:
        return mark + text
    return ("-" + text) if mark == "-" else text


# ------------------------------------------------------------------ timing bars


def timing_bar(actual_s: float, planned_s: float, scale_s: float, width: int) -> str:
    """Actual time as a bar of `width` cells for `scale_s` seconds, the plan's end marked with │.

    █ = time within the plan, ▓ = time beyond it, · = planned time not used; so an item that ran
    over reads `████│▓▓` and one cut short `███··│`.
    """
    if scale_s <= 0 or width <= 0:
        return ""

    def cells(seconds: float) -> int:
        return max(0, min(width, round(seconds / scale_s * width)))

    used, plan = cells(actual_s), cells(planned_s)
    if actual_s > 0 and used == 0:
        used = 1
    chars = []
    for i in range(max(used, plan)):
        if i < min(used, plan):
            chars.append(BAR_FULL)
        elif i < used:
            chars.append(BAR_OVER)
        else:
            chars.append(BAR_UNUSED)
    chars.insert(plan, BAR_PLAN)
    return "".join(chars).ljust(width + 1)


def timing_numbers(actual_s: float, planned_s: float) -> str:
    """`12:30 / 10:00 (+2:30)`: actual / planned (difference)."""
    return f"{duration(actual_s)} / {duration(planned_s)} ({duration(actual_s - planned_s, sign=True)})"


# ------------------------------------------------------------------ trends


def spark(values: Sequence[float | None], low: float, high: float) -> str:
    """One block glyph per value scaled between low and high, `·` where a value is missing."""
    out = []
    span = high - low
    for value in values:
        if value is None:
            out.append("·")
            continue
        ratio = 0.0 if span <= 0 else (float(value) - low) / span
        index = max(0, min(len(SPARK) - 1, round(ratio * (len(SPARK) - 1))))
        out.append(SPARK[index])
    return " ".join(out)


def hbar(value: float | None, high: float, width: int) -> str:
    """A horizontal bar of `value` on a 0..high scale, `width` cells long at most."""
    if value is None or high <= 0:
        return ""
    cells = max(0, min(width, round(float(value) / high * width)))
    if value > 0 and cells == 0:
        cells = 1
    return BAR_FULL * cells


# ------------------------------------------------------------------ exercises


def _field_spec(exercise: Exercise | None, field_id: str) -> ExerciseField | None:
    if exercise is None:
        return None
    return next((f for f in exercise.fields if f.id == field_id), None)


def _ordered(seen: Iterable[str], preferred: Sequence[str]) -> list[str]:
    seen = list(dict.fromkeys(seen))
    return [x for x in preferred if x in seen] + [x for x in seen if x not in preferred]


def exercise_renderable(answer: ExerciseAnswer, programme: Programme) -> RenderableType:
    """One answer: its plain fields as label / value lines, tables as tables, week grids as grids."""
    try:
        exercise: Exercise | None = programme.exercise(answer.exercise_id)
    except KeyError:
        exercise = None
    parts: list[RenderableType] = []
    scalars = Table.grid(padding=(0, 2))
    scalars.add_column(style="bold", max_width=40)
    scalars.add_column(ratio=1)
    groups: dict[str, list[ExerciseValue]] = {}
    for value in answer.values:
        groups.setdefault(value.field_id, []).append(value)
    pending_scalars = False
    for field_id, values in groups.items():
        spec = _field_spec(exercise, field_id)
        is_table = spec is not None and spec.kind == FieldKind.TABLE
        is_grid = spec is not None and spec.kind == FieldKind.WEEK_GRID
        if not (is_table or is_grid or values[0].row or values[0].column):
            scalars.add_row(Text(values[0].field_label), Text(values[0].value))
            pending_scalars = True
            continue
        if pending_scalars:
            parts.append(scalars)
            scalars = Table.grid(padding=(0, 2))
            scalars.add_column(style="bold", max_width=40)
            scalars.add_column(ratio=1)
            pending_scalars = False
        parts.append(_value_table(values, spec))
    if pending_scalars:
        parts.append(scalars)
    if not parts:
        parts.append(Text(t("review_tui.ex_empty"), style="italic"))
    return Group(*parts)


def _value_table(values: list[ExerciseValue], spec: ExerciseField | None) -> Table:
    """A table field (rows x columns) or a week grid (days x slots) with its filled cells."""
    table = Table(title=Text(values[0].field_label), title_justify="left", show_lines=False,
                  expand=False, pad_edge=False)
    if spec is not None and spec.kind == FieldKind.WEEK_GRID:
        rows = _ordered((v.row for v in values), spec.days)
        columns = _ordered((v.column for v in values), spec.slots)
        labels = {c: c for c in columns}
        corner = ""
    else:
        spec_columns = list(spec.columns) if spec is not None else []
        rows = _ordered((v.row for v in values), list(spec.rows) if spec is not None else [])
        columns = _ordered((v.column for v in values), [c.id for c in spec_columns])
        labels = {c.id: c.label for c in spec_columns}
        corner = "#" if spec is None or not spec.rows else ""
    table.add_column(Text(corner), style="bold", no_wrap=True)
    for column in columns:
        table.add_column(Text(labels.get(column, column) or " "), overflow="fold")
    cells = {(v.row, v.column): v.value for v in values}
    for row in rows:
        table.add_row(Text(row), *(Text(cells.get((row, c), "")) for c in columns))
    return table
