"""Entry screens for DUDIT, CEQ-S/CEQ-F and TLFB: one participant, one time point, one instrument.

The screens are storage-agnostic. Answers dicts (pass one back as `answers=` to resume where the
form stopped; `facilitator.core.instruments.completion` and `score_answers` read them):

- DUDIT: `{"items": [option index 0-4 or None] * 11, "sex": "m" | "f"}`; keys 1-5 choose the
  option printed with that number (index = key - 1).
- CEQ-S / CEQ-F: `{"items": [0-10 or None] * 10, "product": "3-MMC"}`; keys 0-9, x for 10.
- TLFB: `{"end": "YYYY-MM-DD", "window_days": 30, "days": {"YYYY-MM-DD": {"substances": [...],
  "injection": false, "unknown": false}}}`; a day is in `days` once it has been filled in
  (`substances: []` = abstinent). `end` is the day before the assessment date; a saved `end` wins
  over `assessment_date` so a resumed calendar keeps its window.

Saving: after every answer the screen queues `on_change(answers)`, with a copy of the whole dict, on
the app's save queue (`facilitator.tui.saving.SavingApp`), like every other save: in order, a save
finishes even after the screen closes, and when answers come faster than saves only the newest
waiting dict is written. The status line and failures are the queue's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from facilitator import i18n
from facilitator.core.formatting import tn
from facilitator.core.instruments import (
    DUDIT_TIMEFRAME_NOTE_KEY,
    INSTRUMENT_IDS,
    CeqDefinition,
    DuditDefinition,
    Instruments,
    TlfbDay,
    TlfbDefinition,
    TlfbRecord,
    load_instruments,
    monday_weeks,
    parse_day,
    public_holidays_between,
    same_product,
    score_ceq,
    score_dudit,
    score_tlfb,
    tlfb_answers_from_record,
    tlfb_record_from_answers,
)
from facilitator.i18n import t
from facilitator.tui.saving import SavingApp

PRODUCT_MAX_LENGTH = 40
CELL_WIDTH = 10


def _number(value: float | None) -> str:
    if value is None:
        return t("questionnaires.not_available")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if i18n.language() == "fr" else text


def _names(key: str) -> list[str]:
    return t(key).split(",")


def _long_date(day: date) -> str:
    return t("questionnaires.date_long", weekday=_names("questionnaires.weekdays_long")[day.weekday()],
             day=day.day, month=_names("questionnaires.months_long")[day.month - 1], year=day.year)


def _short_date(day: date) -> str:
    return t("questionnaires.date_short", day=day.day,
             month=_names("questionnaires.months_long")[day.month - 1])


def _is_index(value: object, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


class FormChanged(Message):
    """A form's answers changed; `answers` is the whole answers dict."""

    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self.answers = answers


# ---------------------------------------------------------------- one item at a time (DUDIT, CEQ)

class ItemForm(Widget, can_focus=True):
    """Shows one item with its choices; a key answers it and moves to the next item."""

    def __init__(self, count: int, items: list | None, valid: Callable[[int, object], bool], *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        values = list(items or [])[:count] if isinstance(items, list) else []
        values += [None] * (count - len(values))
        # a saved value the definition no longer accepts is asked again rather than crashing the score
        self.values: list[int | None] = [v if valid(n, v) else None for n, v in enumerate(values)]
        unanswered = [n for n, value in enumerate(self.values) if value is None]
        self.index = unanswered[0] if unanswered else count - 1
        # bound here too so "Esc" comes first in the footer, before the form's own keys
        self._bindings.bind("escape", "screen.close", t("questionnaires.key_close"), key_display="Esc")
        self._bindings.bind("left,pageup", "previous", t("questionnaires.key_previous"), key_display="←")
        self._bindings.bind("right,pagedown", "next", t("questionnaires.key_next"), key_display="→")

    def compose(self) -> ComposeResult:
        yield Static("", id="progress", markup=False)
        yield Static("", id="item-text", markup=False)
        yield Static("", id="choices", markup=False)
        yield Static("", id="keys-hint", classes="hint", markup=False)
        yield Static("", id="score", markup=False)

    def on_mount(self) -> None:
        self.show()

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def complete(self) -> bool:
        return all(value is not None for value in self.values)

    def answers(self) -> dict[str, Any]:
        raise NotImplementedError

    def item_text(self) -> str:
        raise NotImplementedError

    def choices(self) -> Text:
        raise NotImplementedError

    def keys_hint(self) -> str:
        raise NotImplementedError

    def score_text(self) -> Text:
        raise NotImplementedError

    def show(self) -> None:
        """Redraw the current item, its choices and, once complete, the score."""
        answered = sum(value is not None for value in self.values)
        self.query_one("#progress", Static).update(
            t("questionnaires.progress", number=self.index + 1, count=self.count,
              answered=tn("questionnaires.n_answered", answered)))
        self.query_one("#item-text", Static).update(Text(self.item_text(), style="bold"))
        self.query_one("#choices", Static).update(self.choices())
        self.query_one("#keys-hint", Static).update(self.keys_hint())
        self.query_one("#score", Static).update(
            self.score_text() if self.complete else Text(t("questionnaires.incomplete")))

    def answer(self, value: int) -> None:
        """Record `value` for the current item, tell the screen, move on."""
        self.values[self.index] = value
        self.post_message(FormChanged(self.answers()))
        if self.index < self.count - 1:
            self.index += 1
        self.show()

    def action_previous(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.show()

    def action_next(self) -> None:
        if self.index < self.count - 1:
            self.index += 1
            self.show()


class DuditForm(ItemForm):
    """DUDIT: keys 1-5 choose the numbered option (items 10 and 11 have three)."""

    def __init__(self, definition: DuditDefinition, answers: Mapping | None, sex: str) -> None:
        items = answers.get("items") if isinstance(answers, Mapping) else None

        def valid(index: int, value: object) -> bool:
            return _is_index(value, len(definition.items[index].options))

        super().__init__(len(definition.items), items, valid, id="dudit-form")
        self.definition = definition
        self.sex = sex
        widest = max(len(item.options) for item in definition.items)
        for number in range(1, widest + 1):
            self._bindings.bind(str(number), f"choose({number})", t("questionnaires.key_answer"),
                                show=number == 1, key_display=f"1-{widest}")
        self._bindings.bind("l", "drug_list", t("instruments.key_drug_list"))

    def answers(self) -> dict[str, Any]:
        return {"items": list(self.values), "sex": self.sex}

    def item_text(self) -> str:
        item = self.definition.items[self.index]
        return f"{item.number}. {item.text}"

    def choices(self) -> Text:
        text = Text()
        chosen = self.values[self.index]
        for n, option in enumerate(self.definition.items[self.index].options):
            selected = chosen == n
            line = f"{'●' if selected else '○'} {n + 1}. {option.label}"
            text.append(line + "\n", style="bold reverse" if selected else "")
        if chosen is None:
            text.append(t("questionnaires.not_answered"), style="italic")
        return text

    def keys_hint(self) -> str:
        return (t("questionnaires.dudit_keys", count=len(self.definition.items[self.index].options)) + " "
                + t("instruments.dudit_list_hint"))

    def action_drug_list(self) -> None:
        """Scroll to the list of drugs under the questions, or back to the question (small terminals)."""
        body = self.screen.query_one("#q-body", VerticalScroll)
        if body.scroll_y < body.max_scroll_y:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)

    def answer(self, value: int) -> None:
        super().answer(value)
        self.screen.query_one("#q-body", VerticalScroll).scroll_home(animate=False)

    def score_text(self) -> Text:
        score = score_dudit(self.values, self.sex, self.definition)  # type: ignore[arg-type]
        flag = {True: t("questionnaires.yes"), False: t("questionnaires.no")}
        text = Text()
        text.append(t("questionnaires.dudit_total", total=score.total, max=self.definition.max_total) + "\n",
                    style="bold")
        text.append(t("questionnaires.dudit_problem", flag=flag[score.problem], cutoff=score.problem_cutoff,
                      sex=t(f"questionnaires.sex_{self.sex}")) + "\n")
        text.append(t("questionnaires.dudit_dependence", flag=flag[score.probable_dependence],
                      cutoff=score.dependence_cutoff) + "\n")
        text.append(t(DUDIT_TIMEFRAME_NOTE_KEY), style="italic")
        return text

    def action_choose(self, number: int) -> None:
        if number > len(self.definition.items[self.index].options):
            self.app.bell()
            return
        self.answer(number - 1)


class CeqForm(ItemForm):
    """CEQ-S or CEQ-F: the product first (free text), then 10 ratings 0-10 (x = 10)."""

    def __init__(self, definition: CeqDefinition, answers: Mapping | None, product: str | None,
                 baseline_product: str = "", baseline_timepoint: str = "T0") -> None:
        items = answers.get("items") if isinstance(answers, Mapping) else None

        def valid(index: int, value: object) -> bool:
            return _is_index(value - definition.scale_min if isinstance(value, int) else value,
                             definition.scale_max - definition.scale_min + 1)

        super().__init__(len(definition.items), items, valid, id="ceq-form")
        self.definition = definition
        saved = answers.get("product") if isinstance(answers, Mapping) else None
        self.product: str = (saved or "").strip()
        saved_baseline = answers.get("baseline_product") if isinstance(answers, Mapping) else None
        # the product rated at the first time point, proposed again so T0 -> T1 compares the same craving
        self.baseline_product = str(saved_baseline or baseline_product or "").strip()
        self.baseline_timepoint = baseline_timepoint
        self.proposed_product = self.baseline_product or (product or "").strip()
        for digit in range(10):
            self._bindings.bind(str(digit), f"rate({digit})", t("questionnaires.key_rate"),
                                show=digit == 0, key_display="0-9")
        self._bindings.bind("x", "rate(10)", t("questionnaires.key_ten"), key_display="x")
        self._bindings.bind("p", "edit_product", t("questionnaires.key_product"))

    def compose(self) -> ComposeResult:
        intro = (t("instruments.ceq_baseline_intro", timepoint=self.baseline_timepoint, product=self.baseline_product)
                 if self.baseline_product else t("questionnaires.ceq_product_intro"))
        yield Static(intro, id="product-intro", classes="hint", markup=False)
        yield Input(value=self.product or self.proposed_product, placeholder=self.definition.product_prompt,
                    max_length=PRODUCT_MAX_LENGTH, id="product")
        yield Static("", id="product-line", markup=False)
        yield from super().compose()

    @property
    def asking_product(self) -> bool:
        return not self.product

    @property
    def product_changed(self) -> bool:
        """The product differs from the one rated at the first time point (the change was confirmed)."""
        return bool(self.baseline_product and self.product and not same_product(self.product, self.baseline_product))

    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {"items": list(self.values), "product": self.product}
        if self.baseline_product:
            answers["baseline_product"] = self.baseline_product
            answers["product_changed"] = self.product_changed
        return answers

    def item_text(self) -> str:
        item = self.definition.items[self.index]
        return f"{item.number}. {self.definition.with_product(item.text, self.product)}"

    def choices(self) -> Text:
        chosen = self.values[self.index]
        text = Text(t("questionnaires.ceq_scale", low=self.definition.anchor_low,
                      high=self.definition.anchor_high) + "\n")
        for value in range(self.definition.scale_min, self.definition.scale_max + 1):
            label = f"{value}" if value < 10 else "10(x)"
            if chosen == value:
                text.append(f"[{label}]", style="bold reverse")
            else:
                text.append(f" {label} ")
            text.append(" ")
        if chosen is None:
            text.append("\n" + t("questionnaires.not_answered"), style="italic")
        return text

    def keys_hint(self) -> str:
        return t("questionnaires.ceq_keys")

    def score_text(self) -> Text:
        score = score_ceq(self.values, self.definition)
        text = Text()
        for name in self.definition.factors:
            text.append(t("questionnaires.ceq_factor", label=self.definition.factor_labels[name],
                          value=_number(score.factor(name))) + "\n")
        text.append(t("questionnaires.ceq_total", value=_number(score.total)) + "\n", style="bold")
        text.append(t("questionnaires.ceq_note"), style="italic")
        return text

    def show(self) -> None:
        asking = self.asking_product
        self.query_one("#product-intro").display = asking
        self.query_one("#product", Input).display = asking
        line = "" if asking else t("questionnaires.ceq_product", product=self.product)
        if line and self.product_changed:
            line += " " + t("instruments.ceq_changed_mark", timepoint=self.baseline_timepoint,
                            product=self.baseline_product)
        self.query_one("#product-line", Static).update(line)
        for selector in ("#progress", "#item-text", "#choices", "#keys-hint", "#score"):
            self.query_one(selector).display = not asking
        super().show()

    def focus_entry(self) -> None:
        """Focus the product field while no product is recorded, else the form itself."""
        if self.asking_product:
            self.query_one("#product", Input).focus()
        else:
            self.focus()

    @on(Input.Submitted, "#product")
    def product_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        product = event.value.strip()
        if not product:
            self.app.bell()
            return
        if (self.baseline_product and not same_product(product, self.baseline_product)
                and not same_product(product, self.product)):
            from facilitator.tui.screens.cycle import ConfirmScreen

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self._set_product(product)
                else:
                    self.query_one("#product", Input).value = self.product or self.baseline_product

            self.app.push_screen(ConfirmScreen(t("instruments.ceq_change_confirm", timepoint=self.baseline_timepoint,
                                                 baseline=self.baseline_product, product=product)), confirmed)
            return
        self._set_product(product)

    def _set_product(self, product: str) -> None:
        changed = product != self.product
        self.product = product
        if changed:
            self.post_message(FormChanged(self.answers()))
        self.show()
        self.focus()

    def action_edit_product(self) -> None:
        self.query_one("#product", Input).value = self.product or self.proposed_product
        self.product = ""
        self.show()
        self.query_one("#product", Input).focus()

    def action_rate(self, value: int) -> None:
        if self.asking_product:
            return
        self.answer(value)


# ---------------------------------------------------------------- TLFB calendar

class FieldInput(Input):
    """A one-line entry inside a form: Esc gives the focus back to the form instead of closing the screen."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), show=False)]

    class Cancelled(Message):
        def __init__(self, field: FieldInput) -> None:
            super().__init__()
            self.field = field

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))


class TlfbForm(Widget, can_focus=True):
    """A calendar of the window, weeks as rows (Monday first); keys fill the day under the cursor.

    The window is the `window_days` days before the assessment date shown at the top (today by
    default; `d` changes it, and a saved date wins so a resumed calendar keeps its window).
    """

    def __init__(self, definition: TlfbDefinition, answers: Mapping | None, assessment_date: date | None,
                 marker_days: Mapping[date, str] | None = None) -> None:
        super().__init__(id="tlfb-form")
        self.definition = definition
        self.today = assessment_date or date.today()
        has_date = isinstance(answers, Mapping) and (answers.get("end") or answers.get("assessment_date"))
        if has_date:
            record = tlfb_record_from_answers(answers)  # type: ignore[arg-type]
        else:
            record = TlfbRecord.for_assessment(self.today, definition.window_days)
        self.window_days = record.window_days
        self.days: dict[date, TlfbDay] = dict(record.days)
        self.marker_days = dict(marker_days or {})
        self._set_window(record.end)
        unfilled = self.unfilled()
        self.cursor = unfilled[0] if unfilled else self.end
        keys = [s.key for s in definition.substances]
        self._bindings.bind("escape", "screen.close", t("questionnaires.key_close"), key_display="Esc")
        for n, substance in enumerate(definition.substances):
            self._bindings.bind(substance.key, f"toggle_substance({substance.id!r})", t("questionnaires.key_substances"),
                                show=n == 0, key_display="".join(keys))
        bind = self._bindings.bind
        bind("left", "move(-1)", t("questionnaires.key_move"), key_display="←→↑↓")
        bind("right", "move(1)", show=False)
        bind("up", "move(-7)", show=False)
        bind("down", "move(7)", show=False)
        bind("home", "jump(0)", show=False)
        bind("end", "jump(1)", show=False)
        bind("i", "injection", t("questionnaires.key_injection"))
        bind("s", "sexual", t("instruments.key_sexual"))
        bind("u", "unknown", t("questionnaires.key_unknown"))
        bind("0", "abstinent", t("questionnaires.key_abstinent"))
        bind("backspace,delete", "clear", t("questionnaires.key_clear"), key_display="⌫")
        bind("equals_sign", "fill_rest", t("questionnaires.key_fill_rest"), key_display="=")
        bind("d", "edit_date", t("instruments.key_assessment_date"))
        # a small terminal cannot show the summary under the calendar: page keys scroll the form
        bind("pagedown", "scroll_body(1)", show=False)
        bind("pageup", "scroll_body(-1)", show=False)
        bind("n", "name_other", t("instruments.key_other_name"), show=False)

    def _set_window(self, end: date) -> None:
        """Place the window so it ends on `end` and recompute its marker days."""
        self.end = end
        self.start = end - timedelta(days=self.window_days - 1)
        self.markers: dict[date, list[str]] = {}
        for day, name in public_holidays_between(self.start, self.end).items():
            self.markers.setdefault(day, []).append(t(f"questionnaires.holiday_{name}"))
        for day, label in self.marker_days.items():
            if self.start <= day <= self.end:
                self.markers.setdefault(day, []).append(label)

    @property
    def assessment_date(self) -> date:
        return self.end + timedelta(days=1)

    def compose(self) -> ComposeResult:
        yield Static("", id="assessment", markup=False)
        yield Static(t("instruments.tlfb_date_prompt"), id="date-prompt", classes="hint", markup=False)
        yield FieldInput(placeholder="JJ/MM/AAAA" if i18n.language() == "fr" else "DD/MM/YYYY",
                         max_length=10, id="date-input")
        yield Static("", id="window", markup=False)
        yield Static("", id="grid", markup=False)
        yield Static("", id="day-detail", markup=False)
        yield Static(t("instruments.tlfb_other_prompt"), id="other-prompt", classes="hint", markup=False)
        yield FieldInput(max_length=PRODUCT_MAX_LENGTH, id="other-input")
        yield Static("", id="markers", classes="hint", markup=False)
        yield Static("", id="legend", classes="hint", markup=False)
        yield Static("", id="summary", markup=False)

    def on_mount(self) -> None:
        for selector in ("#date-prompt", "#date-input", "#other-prompt", "#other-input"):
            self.query_one(selector).display = False
        self.show()

    # -- state
    def window(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.window_days)]

    def unfilled(self) -> list[date]:
        return [day for day in self.window() if day not in self.days]

    def record(self) -> TlfbRecord:
        return TlfbRecord(end=self.end, window_days=self.window_days, days=dict(self.days))

    def answers(self) -> dict[str, Any]:
        return tlfb_answers_from_record(self.record(), self.definition.substance_ids)

    @property
    def complete(self) -> bool:
        return not self.unfilled()

    # -- drawing
    def status(self, day: date) -> str:
        if day not in self.days:
            return "·"
        entry = self.days[day]
        if entry.unknown:
            return "?"
        keys = "".join(s.key for s in self.definition.substances if s.id in entry.substances)
        if entry.injection:
            keys = f"{keys}+i" if keys else "i"
        if entry.sexual:
            keys = f"{keys}+s" if keys else "s"
        return keys or "0"

    def grid(self) -> Text:
        text = Text()
        for name in _names("questionnaires.weekdays_short"):
            text.append(f" {name}".ljust(CELL_WIDTH), style="bold")
        text.append("\n")
        weekend = t("questionnaires.weekend_mark")
        for week in monday_weeks(self.start, self.end):
            top, bottom = Text(), Text()
            for day in week:
                if day is None:
                    top.append(" " * CELL_WIDTH)
                    bottom.append(" " * CELL_WIDTH)
                    continue
                here = day == self.cursor
                label = f"{day.day}/{day.month}" if day.day == 1 or day == self.start else f"{day.day:2d}"
                line = f"{'▸' if here else ' '}{label}"
                if day.weekday() >= 5:
                    line += f" {weekend}"
                if day in self.markers:
                    line += "★"
                style = "reverse bold" if here else ("italic" if day.weekday() >= 5 else "")
                top.append(line.ljust(CELL_WIDTH - 1)[: CELL_WIDTH - 1], style=style)
                top.append(" ")
                bottom.append(f"  {self.status(day)}".ljust(CELL_WIDTH - 1)[: CELL_WIDTH - 1], style=style)
                bottom.append(" ")
            text.append(top)
            text.append("\n")
            text.append(bottom)
            text.append("\n")
        text.rstrip()
        return text

    def detail(self) -> str:
        day = self.cursor
        parts = [_long_date(day)]
        entry = self.days.get(day)
        if entry is None:
            parts.append(t("questionnaires.tlfb_day_unfilled"))
        elif entry.unknown:
            parts.append(t("questionnaires.tlfb_day_unknown"))
        elif not entry.used:
            parts.append(t("questionnaires.tlfb_day_abstinent"))
        else:
            names = [f"{s.label} : {entry.other_name}" if s.named and entry.other_name else s.label
                     for s in self.definition.substances if s.id in entry.substances]
            if entry.injection:
                names.append(t("questionnaires.tlfb_injection"))
            parts.append(", ".join(names))
        if entry is not None and entry.sexual and not entry.unknown:
            parts.append(t("instruments.tlfb_sexual"))
        if day in self.markers:
            parts.append("★ " + ", ".join(self.markers[day]))
        return " — ".join(parts)

    def markers_line(self) -> str:
        if not self.markers:
            return t("questionnaires.tlfb_no_markers")
        listed = " · ".join(f"★ {_short_date(day)} {', '.join(names)}" for day, names in sorted(self.markers.items()))
        return t("questionnaires.tlfb_markers", markers=listed)

    def summary(self) -> Text:
        if self.complete:
            score = score_tlfb(self.record(), self.definition.substance_ids)
            since = (t("questionnaires.tlfb_since_none") if score.days_since_last_use is None
                     else tn("questionnaires.tlfb_since_days", score.days_since_last_use))
            counts = ", ".join(f"{self.definition.substance(s).label} {n}"
                               for s, n in score.days_by_substance.items() if n)
            text = Text()
            text.append(t("questionnaires.tlfb_score", assessed=score.days_assessed, used=score.days_used,
                          pct_used=_number(score.pct_days_used), pct_abstinent=_number(score.pct_days_abstinent),
                          streak=score.longest_abstinent_streak) + "\n", style="bold")
            text.append(t("questionnaires.tlfb_score_more", injection=score.injection_days, since=since,
                          unknown=score.unknown_days) + "\n")
            text.append(t("questionnaires.tlfb_by_substance", counts=counts or "—") + "\n")
            text.append(t("instruments.tlfb_alcohol_apart", days=tn("instruments.n_days", score.alcohol_days),
                          sexual=tn("instruments.n_days", score.sexual_context_use_days)))
            return text
        filled = [self.days[day] for day in self.window() if day in self.days]
        unknown = sum(entry.unknown for entry in filled)
        used = sum(entry.drug_use(self.definition.not_use_ids) for entry in filled)
        abstinent = len(filled) - unknown - used
        known = used + abstinent
        pct = _number(round(abstinent / known * 100, 2)) if known else t("questionnaires.not_available")
        return Text(t("questionnaires.tlfb_running", filled=len(filled), days=self.window_days, used=used,
                      abstinent=abstinent, unknown=unknown, pct=pct))

    def show(self) -> None:
        self.query_one("#assessment", Static).update(
            Text(t("instruments.tlfb_assessment", date=_long_date(self.assessment_date)), style="bold"))
        self.query_one("#window", Static).update(
            t("questionnaires.tlfb_window", first=_long_date(self.start), last=_long_date(self.end),
              days=self.window_days))
        self.query_one("#grid", Static).update(self.grid())
        self.query_one("#day-detail", Static).update(self.detail())
        self.query_one("#markers", Static).update(self.markers_line())
        legend = " · ".join(f"{s.key} {s.label}" for s in self.definition.substances)
        self.query_one("#legend", Static).update(t("questionnaires.tlfb_legend", substances=legend) + " · "
                                                 + t("instruments.tlfb_legend_marks"))
        self.query_one("#summary", Static).update(self.summary())

    # -- actions
    def _set(self, day: date, entry: TlfbDay | None, *, advance: bool = False) -> None:
        if entry is None:
            self.days.pop(day, None)
        else:
            self.days[day] = entry
        self.post_message(FormChanged(self.answers()))
        if advance and self.cursor < self.end:
            self.cursor += timedelta(days=1)
        self.show()

    def action_move(self, delta: int) -> None:
        target = self.cursor + timedelta(days=delta)
        if self.start <= target <= self.end:
            self.cursor = target
            self.show()

    def action_jump(self, to_end: int) -> None:
        self.cursor = self.end if to_end else self.start
        self.show()

    def action_toggle_substance(self, substance: str) -> None:   # not `toggle`: Textual's own action
        entry = self.days.get(self.cursor, TlfbDay())
        known = not entry.unknown
        substances = (entry.substances if known else frozenset()) ^ {substance}
        named = any(s.id == substance and s.named for s in self.definition.substances)
        other_name = entry.other_name if known else ""
        if named and substance not in substances:      # "other" taken off: its name goes with it
            other_name = ""
        self._set(self.cursor, TlfbDay(substances, injection=entry.injection and known,
                                       sexual=entry.sexual and known, other_name=other_name))
        if named and substance in substances:          # ask which product "other" was
            self.action_name_other()

    def action_injection(self) -> None:
        entry = self.days.get(self.cursor, TlfbDay())
        injection = not entry.injection or entry.unknown
        self._set(self.cursor, TlfbDay(entry.substances if not entry.unknown else frozenset(), injection=injection,
                                       sexual=entry.sexual and not entry.unknown, other_name=entry.other_name))

    def action_sexual(self) -> None:
        entry = self.days.get(self.cursor, TlfbDay())
        if entry.unknown:
            self.app.bell()
            return
        self._set(self.cursor, TlfbDay(entry.substances, injection=entry.injection, sexual=not entry.sexual,
                                       other_name=entry.other_name))

    def action_scroll_body(self, direction: int) -> None:
        body = self.screen.query_one("#q-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    # -- the free name of "other" for the day under the cursor
    def action_name_other(self) -> None:
        named = [s.id for s in self.definition.substances if s.named]
        entry = self.days.get(self.cursor)
        if entry is None or not set(named) & entry.substances:
            self.app.bell()
            return
        previous = entry.other_name or next((d.other_name for _, d in sorted(self.days.items(), reverse=True)
                                             if d.other_name), "")
        self._open_input("#other-prompt", "#other-input", previous)

    def _open_input(self, prompt: str, selector: str, value: str) -> None:
        self.query_one(prompt).display = True
        field = self.query_one(selector, FieldInput)
        field.display = True
        field.value = value
        field.focus()

    def _close_inputs(self) -> None:
        for selector in ("#date-prompt", "#date-input", "#other-prompt", "#other-input"):
            self.query_one(selector).display = False
        self.focus()

    @on(FieldInput.Cancelled)
    def _input_cancelled(self, event: FieldInput.Cancelled) -> None:
        event.stop()
        self._close_inputs()

    @on(Input.Submitted, "#other-input")
    def _other_named(self, event: Input.Submitted) -> None:
        event.stop()
        entry = self.days.get(self.cursor)
        if entry is not None:
            self._set(self.cursor, TlfbDay(entry.substances, injection=entry.injection, sexual=entry.sexual,
                                           other_name=event.value.strip()))
        self._close_inputs()

    # -- the assessment date
    def action_edit_date(self) -> None:
        self._open_input("#date-prompt", "#date-input", self.assessment_date.strftime("%d/%m/%Y"))

    @on(Input.Submitted, "#date-input")
    def _date_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        day = parse_day(event.value)
        if day is None:
            self.notify(t("instruments.tlfb_date_invalid", value=event.value), severity="error", markup=False)
            return
        latest = max(self.today, date.fromtimestamp(cast(SavingApp, self.app).clock.now()))
        if day > latest:
            self.notify(t("instruments.tlfb_date_future", today=latest.strftime("%d/%m/%Y")), severity="error",
                        markup=False)
            return
        self._close_inputs()
        if day == self.assessment_date:
            return
        end = day - timedelta(days=1)
        first = end - timedelta(days=self.window_days - 1)
        dropped = [d for d in self.days if not first <= d <= end]
        if not dropped:
            self.set_assessment_date(day)
            return
        from facilitator.tui.screens.cycle import ConfirmScreen

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.set_assessment_date(day)

        self.app.push_screen(ConfirmScreen(tn("instruments.tlfb_date_drop", len(dropped))), confirmed)

    def set_assessment_date(self, day: date) -> None:
        """Move the window to end the day before `day`; filled days outside it are removed."""
        self._set_window(day - timedelta(days=1))
        self.days = {d: entry for d, entry in self.days.items() if self.start <= d <= self.end}
        unfilled = self.unfilled()
        self.cursor = unfilled[0] if unfilled else self.end
        self.post_message(FormChanged(self.answers()))
        self.show()
        self.notify(t("instruments.tlfb_date_changed", date=_long_date(day), first=_long_date(self.start),
                      last=_long_date(self.end)), markup=False)

    def action_unknown(self) -> None:
        entry = self.days.get(self.cursor)
        if entry is not None and entry.unknown:
            self._set(self.cursor, None)
        else:
            self._set(self.cursor, TlfbDay(unknown=True), advance=True)

    def action_abstinent(self) -> None:
        self._set(self.cursor, TlfbDay(), advance=True)

    def action_clear(self) -> None:
        if self.cursor in self.days:
            self._set(self.cursor, None)

    def action_fill_rest(self) -> None:
        unfilled = self.unfilled()
        if not unfilled:
            return
        for day in unfilled:
            self.days[day] = TlfbDay()
        self.post_message(FormChanged(self.answers()))
        self.show()


# ---------------------------------------------------------------- the screen

class QuestionnaireScreen(Screen):
    """One participant, one time point, one instrument; every answer is handed to `on_change`."""

    CSS_PATH = "questionnaires.tcss"

    def __init__(self, instrument_id: str, participant: str, timepoint: str, *, answers: dict | None,
                 on_change: Callable[[dict], None], assessment_date: date | None = None,
                 product: str | None = None, baseline_product: str = "", baseline_timepoint: str = "T0",
                 sex: str = "m",
                 marker_days: Mapping[date, str] | None = None,
                 instruments: Instruments | None = None) -> None:
        if instrument_id not in INSTRUMENT_IDS:
            raise ValueError(f"unknown instrument {instrument_id!r} (one of {', '.join(INSTRUMENT_IDS)})")
        super().__init__(classes="questionnaire")
        self.instrument_id = instrument_id
        self.participant = participant
        self.timepoint = timepoint
        self.instruments = instruments or load_instruments(i18n.language())
        self.definition = self.instruments.get(instrument_id)
        self._on_change = on_change
        self.form: ItemForm | TlfbForm
        if instrument_id == "dudit":
            saved_sex = answers.get("sex") if isinstance(answers, Mapping) else None
            chosen_sex = sex if sex in ("m", "f") else (saved_sex or "m")
            self.form = DuditForm(self.definition, answers, chosen_sex)  # type: ignore[arg-type]
        elif instrument_id in ("ceq-s", "ceq-f"):
            self.form = CeqForm(self.definition, answers, product, baseline_product,  # type: ignore[arg-type]
                                baseline_timepoint)
        else:
            self.form = TlfbForm(self.definition, answers, assessment_date, marker_days)  # type: ignore[arg-type]
        self._bindings.bind("escape", "close", t("questionnaires.key_close"), key_display="Esc")

    def compose(self) -> ComposeResult:
        title = self.definition.title
        with Vertical(id="questionnaire"):
            yield Static(t("questionnaires.header", participant=self.participant, timepoint=self.timepoint,
                           title=title), id="q-header", classes="screen-title", markup=False)
            yield Static(self._instructions(), id="q-instructions", classes="hint", markup=False)
            with VerticalScroll(id="q-body"):
                yield self.form
                if isinstance(self.definition, DuditDefinition):   # the official form's list of drugs
                    yield Static(self.definition.drug_list_text(), id="drug-list", markup=False)
            yield Static("", id="q-save", classes="save-status", markup=False)
        yield Footer(compact=True)

    def _instructions(self) -> str:
        text = self.definition.instructions
        if isinstance(self.definition, DuditDefinition) and self.instruments.lang == "fr" \
                and self.definition.translation_note:
            return f"{text}\n⚠ {self.definition.translation_note}"
        if isinstance(self.definition, CeqDefinition) and isinstance(self.form, CeqForm):
            return self.definition.with_product(text, self.form.product)
        return text.replace("{days}", str(getattr(self.definition, "window_days", "")))

    def on_mount(self) -> None:
        if isinstance(self.form, CeqForm):
            self.form.focus_entry()
        else:
            self.form.focus()

    def answers(self) -> dict[str, Any]:
        """The answers as they are now (the dict `on_change` last received, or would)."""
        return self.form.answers()

    @on(FormChanged)
    def _form_changed(self, event: FormChanged) -> None:
        event.stop()
        self.query_one("#q-instructions", Static).update(self._instructions())
        self.save(event.answers)

    def save(self, answers: dict[str, Any]) -> None:
        """Queue `on_change(answers)` on the app's save queue; a newer change replaces one still waiting."""
        snapshot = copy.deepcopy(answers)
        on_change = self._on_change
        label = t("saving.what_questionnaire", instrument=self.instrument_id.upper(), participant=self.participant,
                  timepoint=self.timepoint)
        cast(SavingApp, self.app).save(label, lambda: on_change(snapshot),
                                       key=f"questionnaire {self.participant} {self.timepoint} {self.instrument_id}")

    def action_close(self) -> None:
        self.dismiss(self.answers())
