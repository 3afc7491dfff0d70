"""The participant's path in the console: his view across the cycle, intake and final consultations,
inclusion and drop-out, follow-up items, check-in measures.

Texts typed here are pseudonymised in the save job (off the UI thread) before they reach the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from facilitator.core.followup import FollowUpCategory
from facilitator.core.followup_items import (
    FollowUp,
    FollowUpError,
    FollowUpStatus,
    Urgency,
    new_item,
    update,
)
from facilitator.core.formatting import tn
from facilitator.core.models import SESSIONS_PER_CYCLE, Cycle, SessionRun, new_id
from facilitator.core.participant import (
    AGE_BANDS,
    CONSENTS,
    DROPOUT_REASONS,
    PATH_EVENT_KINDS,
    PRODUCTS,
    REFERRALS,
    ROUTES,
    SUICIDE_SCREENS,
    Characteristics,
    CheckIn,
    Consents,
    FinalConsultation,
    Goal,
    Intake,
    ParticipantRecord,
    PathEvent,
    checkin_trend,
    parse_day,
)
from facilitator.errors import UserError
from facilitator.i18n import language, t
from facilitator.tui.loading import Loaded, LoadFailed

FORM_CSS = """
.form-row { height: auto; margin: 0 0 1 0; }
.form-row Label { width: 30; padding: 0 1 0 0; }
.form-row Input, .form-row Select { width: 1fr; }
.form-row SelectionList { height: auto; max-height: 8; width: 1fr; }
.form-row TextArea { height: 3; width: 1fr; }
.form-row Input, .form-row TextArea { background: $boost; }
.form-row Input:focus, .form-row TextArea:focus { background: $primary 20%; }
.form-error { color: $warning; height: auto; }
"""


def p(name: str, **values: object) -> str:
    return t(f"participant.{name}", **values)


def colon() -> str:
    """The colon of the interface language: French puts a (non-breaking) space before it."""
    return "\u00a0: " if language() == "fr" else ": "


def yes_no(value: bool | None) -> str:
    return p("not_asked") if value is None else p("yes" if value else "no")


def fmt_day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def today_of(app: Any) -> date:
    return date.fromtimestamp(app.clock.now())


def item_cells(item: FollowUp, today: date) -> list[str | Text]:
    """One row of a follow-up table: participant, about, urgency, who, by, status, session, detail."""
    status = p("suggested") if item.suggested else p(f"status_{item.status.value}")
    due = fmt_day(item.due)
    if item.is_open and item.due and item.due < today:
        due = f"{due} {p('overdue')}"
    return [item.participant, p(f"category_{item.category.value}"), p(f"urgency_{item.urgency.value}"),
            item.assignee or "—", due, status, str(item.session or "—"),
            Text(item.action if item.status == FollowUpStatus.DONE and item.action else item.reason)]


def fill_followups(table: DataTable, items: Sequence[FollowUp], today: date,
                   label: Callable[[str], str] | None = None) -> None:
    table.clear()
    if not table.columns:
        table.add_columns(p("col_participant"), p("col_category"), p("col_urgency"), p("col_who"), p("col_due"),
                          p("col_status"), p("col_session"), p("col_reason"))
    for item in items:
        cells = item_cells(item, today)
        if label is not None:
            cells[0] = label(item.participant)
        table.add_row(*cells, key=item.id)


# ================================================================ the participant's view


def participant_text(cycle: Cycle, code: str, record: ParticipantRecord, runs: Mapping[int, SessionRun],
                     items: Sequence[FollowUp], exercises: Sequence[Any], forms: Sequence[Any]) -> Text:
    """Everything recorded about one participant across the cycle, as one text (typed texts shown literally)."""
    out = Text()

    def head(name: str) -> None:
        out.append(f"\n{p(name)}\n", style="bold underline")

    def line(label: str, value: str) -> None:
        out.append(f"  {label}{colon()}" if label else "  ", style="dim")
        out.append(value + "\n")

    head("h_intake")
    intake = record.intake
    if intake is None:
        line("", p("none_recorded", key="i"))
    else:
        line(p("l_date"), fmt_day(intake.date))
        line(p("l_referral"), p(f"referral_{intake.referral}") if intake.referral else "—")
        line(p("l_goal"), p(f"goal_{intake.goal.value}"))
        if intake.own_rules:
            line(p("l_own_rules"), intake.own_rules)
        line(p("l_products"), ", ".join(p(f"product_{x}") for x in intake.products) or "—")
        line(p("l_routes"), ", ".join(p(f"route_{x}") for x in intake.routes) or "—")
        line(p("l_daily_ghb"), ("⚠ " if intake.daily_ghb else "") + yes_no(intake.daily_ghb))
        line(p("l_prep"), yes_no(intake.prep))
        line(p("l_hiv_treatment"), yes_no(intake.hiv_treatment))
        suicide = p(f"suicide_{intake.suicide_screen}") if intake.suicide_screen else p("not_asked")
        line(p("l_suicide"), ("⚠ " if intake.suicide_screen in ("ideas", "plan") else "") + suicide)
        line(p("l_clinician"), yes_no(intake.individual_clinician))
        line(p("l_age_band"), intake.age_band or "—")
        line(p("l_consents"), " · ".join(f"{p('consent_' + name)} {_consent_mark(getattr(intake.consents, name))}"
                                         for name in CONSENTS))

    head("h_path")
    if not record.events:
        line("", p("none_recorded", key="d"))
    for event in record.events:
        detail = p(f"event_{event.kind}")
        if event.session:
            detail += f" (S{event.session})"
        if event.reason:
            detail += f"{colon()}{p('reason_' + event.reason)}"
        line(fmt_day(event.date), detail)

    head("h_attendance")
    marks = []
    for number in range(1, SESSIONS_PER_CYCLE + 1):
        mark = runs[number].attendance.get(code) if number in runs else None
        if mark is None:
            marks.append(f"S{number} —")
            continue
        text = f"S{number} {t('review.status_' + mark.status)}"
        if mark.arrived:
            text += f" ({p('arrived_at', time=mark.arrived)})"
        marks.append(text)
    line("", " · ".join(marks[:4]))
    line("", " · ".join(marks[4:]))

    head("h_checkins")
    if not record.checkins:
        line("", p("nothing"))
    else:
        trend = checkin_trend(record)
        days = " ".join("·" if d is None else str(d) for d in trend.days_used)
        line("", p("checkin_line", spark=trend.craving, days=days, lapses=trend.lapses))
        if trend.safety_concerns:
            line("", p("safety_sessions", sessions=", ".join(f"S{n}" for n in trend.safety_concerns)))

    head("h_homework")
    reviews = [(n - 1, runs[n].homework_review[code]) for n in range(2, SESSIONS_PER_CYCLE + 1)
               if n in runs and code in runs[n].homework_review]
    if not reviews:
        line("", p("nothing"))
    for given, review in reviews:
        line("", p("homework_line", n=given, status=t(f"review.hw_{review.status}"))
             + (f" — {review.note}" if review.note else ""))

    head("h_exercises")
    mine = [a for a in exercises if a.subject == code]
    if not mine:
        line("", p("nothing"))
    for answer in mine:
        line("", tn("participant.exercise_line", answer.fields_filled, session=answer.session, title=answer.title))

    head("h_questionnaires")
    scores = [f for f in forms if f.participant == code]
    if not scores:
        line("", p("nothing"))
    for form in scores:
        measure = next(iter(form.measures), "")
        value = form.measures.get(measure) if form.completion == "done" else None
        score = p("incomplete") if value is None else f"{value:g}"
        line("", p("form_line", timepoint=form.timepoint, instrument=form.instrument.upper(), score=score))

    head("h_followups")
    mine_items = [i for i in items if i.participant == code]
    if not mine_items:
        line("", p("nothing"))
    for item in mine_items:
        status = p("suggested") if item.suggested else p(f"status_{item.status.value}")
        line("", p("item_line", status=status, category=p(f"category_{item.category.value}"),
                   urgency=p(f"urgency_{item.urgency.value}"), who=item.assignee or p("nobody"),
                   due=fmt_day(item.due)))
        if item.reason:
            line("", "    " + item.reason)
        if item.action:
            line("", "    " + p("done_line", action=item.action))

    head("h_final")
    if record.final is None:
        line("", p("none_recorded", key="c"))
    else:
        line(p("l_date"), fmt_day(record.final.date))
        line(p("l_changes"), record.final.changes or "—")
        line(p("l_orientation"), record.final.orientation or "—")
    return out


def characteristics_text(c: Characteristics) -> str:
    """The participants' characteristics and drop-outs with reasons, as lines for the review screen."""
    def counts(prefix: str, values: Mapping[str, int]) -> str:
        return ", ".join(f"{p(f'{prefix}_{key}')} {n}" for key, n in values.items()) or "—"

    lines = [p("h_characteristics") + f" ({p('k_intakes').lower()}{colon()}{c.intakes}/{c.enrolled})",
             f"  {p('l_goal')}{colon()}{counts('goal', c.goals)}",
             f"  {p('l_products')}{colon()}{counts('product', c.products)}",
             f"  {p('l_routes')}{colon()}{counts('route', c.routes)}",
             f"  {p('l_referral')}{colon()}{counts('referral', c.referrals)}",
             f"  {p('l_age_band')}{colon()}" + (", ".join(f"{k} {n}" for k, n in c.age_bands.items()) or "—"),
             f"  {p('k_daily_ghb')}{colon()}{c.daily_ghb} · {p('k_clinician')}{colon()}{c.individual_clinician} · "
             f"{p('k_late')}{colon()}{', '.join(c.late_inclusions) or '0'} · {p('k_finals')}{colon()}{c.finals}/{c.enrolled}",
             p("h_dropouts") + colon().rstrip()]
    lines += [f"  {d.code} · {fmt_day(d.date)} · {p('reason_' + d.reason)} · {p('c_last_attended').lower()} "
              f"{'S' + str(d.last_attended) if d.last_attended else '—'}" for d in c.dropouts] or [
        "  " + p("no_dropouts")]
    return "\n".join(lines)


def _consent_mark(value: bool | None) -> str:
    return "?" if value is None else ("✓" if value else "✗")


class ParticipantScreen(Screen):
    """One participant across the cycle, reached from the cycle view; records his path from here."""

    DEFAULT_CSS = """
    #participant-body { padding: 0 1; }
    """
    BINDINGS = [
        Binding("i", "intake", p("key_intake"), id="intake"),
        Binding("d", "event", p("key_event"), id="event"),
        Binding("c", "final", p("key_final"), id="final"),
        Binding("u", "new_item", p("key_new_item"), id="new_item"),
        Binding("right_square_bracket,pagedown", "step(1)", p("key_next"), id="next_participant"),
        Binding("left_square_bracket,pageup", "step(-1)", p("key_previous"), id="previous_participant"),
        Binding("escape", "back", t("common.back"), id="back"),
    ]

    def __init__(self, cycle_id: str, code: str) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.code = code
        self.cycle: Cycle | None = None
        self.record: ParticipantRecord | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="participant-title", classes="screen-title", markup=False)
        with VerticalScroll(id="participant-scroll"):
            yield Static("", id="participant-body", markup=False)
        yield Static("", classes="save-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="participant-load")
    def load(self) -> None:
        from facilitator.core.review import exercise_answers, form_scores
        from facilitator.storage.participants import Participants

        app: Any = self.app
        if app.saver is not None:
            app.saver.wait_idle(5.0)
        store = app.store
        try:
            cycle = store.get_cycle(self.cycle_id)
            runs = store.runs(self.cycle_id)
            app.pseudonymiser(self.cycle_id)   # reads the roster here, off the UI thread
            people = Participants(store)
            records = people.records(self.cycle_id)
            items = people.followups(self.cycle_id, runs, records)
            answers = exercise_answers(app.programme, {n: store.exercise_answers(self.cycle_id, n)
                                                       for n in range(1, SESSIONS_PER_CYCLE + 1)})
            forms = form_scores(store.questionnaire_forms(self.cycle_id))
        except UserError as exc:
            self.post_message(LoadFailed(exc.message))
            return
        record = records.get(self.code) or ParticipantRecord(code=self.code)
        body = participant_text(cycle, self.code, record, runs, items, answers, forms)
        self.post_message(Loaded(self._show, cycle, record, body))

    def _show(self, cycle: Cycle, record: ParticipantRecord, body: Text) -> None:
        self.cycle, self.record = cycle, record
        mark = f" · {p('refused_quotation_mark')}" if record.refused_quotation else ""
        app: Any = self.app
        if app.show_names:
            mark += f" · {p('names_on')}"
        title = p("view_title", code=app.code_label(self.cycle_id, self.code))
        self.query_one("#participant-title", Static).update(f"{title} · {cycle.label}{mark}")
        self.query_one("#participant-body", Static).update(body)

    def names_changed(self) -> None:
        if self.cycle is not None and self.record is not None:
            self.load()

    def _save(self, what: str, op: str, value: object) -> None:
        """Queue one change of his record, already pseudonymised; kept in the journal if the app must close."""
        save_record_change(self.app, what, self.cycle_id, self._actor(), self.code, op, value,
                           done=lambda _result: self.load())

    def _clean(self, text: str) -> str:
        """Pseudonymise `text` (roster and patterns: fast; the roster was read by the loading worker)."""
        app: Any = self.app
        return app.pseudonymiser(self.cycle_id).pseudonymise(text) if text.strip() else ""

    def _actor(self) -> str:
        return self.cycle.facilitators[0].code if self.cycle and self.cycle.facilitators else "console"

    def action_intake(self) -> None:
        if self.record is None:
            return

        def saved(intake: Intake | None) -> None:
            if intake is None:
                return
            self._save(p("what_intake"), "intake",
                       intake.model_copy(update={"own_rules": self._clean(intake.own_rules)}))

        self.app.push_screen(IntakeScreen(self.code, self.record.intake, today_of(self.app)), saved)

    def action_final(self) -> None:
        if self.record is None:
            return

        def saved(final: FinalConsultation | None) -> None:
            if final is None:
                return
            self._save(p("what_final"), "final",
                       final.model_copy(update={"changes": self._clean(final.changes),
                                                "orientation": self._clean(final.orientation)}))

        self.app.push_screen(FinalScreen(self.code, self.record.final, today_of(self.app)), saved)

    def action_event(self) -> None:
        if self.record is None:
            return

        def saved(event: PathEvent | None) -> None:
            if event is None:
                return
            self._save(p("what_event"), "event", event)

        app: Any = self.app
        self.app.push_screen(PathEventScreen(self.code, today_of(self.app), app.clock.now()), saved)

    def action_new_item(self) -> None:
        if self.cycle is None:
            return
        open_followup(self, self.cycle, None, participant=self.code, on_saved=lambda _item: self.load())

    def action_step(self, delta: int) -> None:
        if self.cycle is None:
            return
        codes = self.cycle.participants
        self.code = codes[(codes.index(self.code) + delta) % len(codes)]
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()


# ================================================================ forms


class FormScreen(ModalScreen[Any]):
    """A modal form: labelled rows, F2 saves, Esc cancels; `result()` builds the value or raises ValueError."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel"),
                Binding("f2", "save", t("common.save"), id="save")]
    title_text = ""

    def rows(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(p("form_help"), classes="hint", markup=False)
            yield from self.rows()
            yield Static("", id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("common.save") + " (F2)", id="save", variant="primary")
                yield Button(t("common.cancel"), id="cancel")

    @staticmethod
    def row(label: str, widget: Any) -> Horizontal:
        return Horizontal(Label(label), widget, classes="form-row")

    def result(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            value = self.result()
        except FollowUpError as exc:
            self.query_one("#form-error", Static).update(p(f"err_{exc.rule}"))
            return
        except ValueError as exc:
            self.query_one("#form-error", Static).update(str(exc).splitlines()[0] if str(exc) else "")
            return
        self.dismiss(value)

    # -- helpers ------------------------------------------------------------------------
    def value(self, selector: str) -> Any:
        widget = self.query_one(selector)
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Input):
            return widget.value.strip()
        if isinstance(widget, TextArea):
            return widget.text.strip()
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        raise TypeError(selector)

    def boolean(self, selector: str) -> bool | None:
        chosen = self.value(selector)
        return None if chosen is None else chosen == "yes"

    def day(self, selector: str, today: date) -> date:
        text = self.value(selector)
        try:
            return parse_day(text, today)
        except ValueError:
            raise ValueError(p("bad_date", text=text)) from None


def bool_select(widget_id: str, value: bool | None) -> Select:
    current: str | Any = Select.NULL if value is None else ("yes" if value else "no")
    return Select([(p("yes"), "yes"), (p("no"), "no")], value=current, id=widget_id, compact=True,
                  prompt=p("not_asked"))


def choice_select(widget_id: str, prefix: str, choices: Sequence[str], value: str) -> Select:
    return Select([(p(f"{prefix}_{c}"), c) for c in choices], value=value or Select.NULL, id=widget_id,
                  compact=True, prompt="—")


class IntakeScreen(FormScreen):
    """The intake consultation: referral, goal and his rules, products and routes, risks, consents."""

    def __init__(self, code: str, current: Intake | None, today: date) -> None:
        super().__init__()
        self.code = code
        self.current = current or Intake(date=today)
        self.today = today
        self.title_text = p("intake_title", code=code)

    def rows(self) -> ComposeResult:
        c = self.current
        yield self.row(p("l_date"), Input(fmt_day(c.date), id="intake-date", compact=True))
        yield self.row(p("l_referral"), choice_select("intake-referral", "referral", REFERRALS, c.referral))
        yield self.row(p("l_goal"), Select([(p(f"goal_{g.value}"), g.value) for g in Goal], value=c.goal.value,
                                           id="intake-goal", compact=True, allow_blank=False))
        yield self.row(p("l_own_rules"), TextArea(c.own_rules, id="intake-rules", compact=True))
        yield self.row(p("l_products"), SelectionList[str](*[(p(f"product_{x}"), x, x in c.products)
                                                             for x in PRODUCTS], id="intake-products",
                                                           compact=True))
        yield self.row(p("l_routes"), SelectionList[str](*[(p(f"route_{x}"), x, x in c.routes) for x in ROUTES],
                                                         id="intake-routes", compact=True))
        yield self.row(p("l_daily_ghb"), bool_select("intake-ghb", c.daily_ghb))
        yield self.row(p("l_prep"), bool_select("intake-prep", c.prep))
        yield self.row(p("l_hiv_treatment"), bool_select("intake-hiv", c.hiv_treatment))
        yield self.row(p("l_suicide"), choice_select("intake-suicide", "suicide", SUICIDE_SCREENS,
                                                     c.suicide_screen))
        yield self.row(p("l_clinician"), bool_select("intake-clinician", c.individual_clinician))
        yield self.row(p("l_age_band"), Select([(a, a) for a in AGE_BANDS], value=c.age_band or Select.NULL,
                                               id="intake-age", compact=True, prompt="—"))
        yield Static(p("l_consents"), classes="pane-title", markup=False)
        for name in CONSENTS:
            yield self.row(p(f"consent_{name}"), bool_select(f"consent-{name}", getattr(c.consents, name)))

    def on_mount(self) -> None:
        self.query_one("#intake-date", Input).focus()

    def result(self) -> Intake:
        return Intake(
            date=self.day("#intake-date", self.today), referral=self.value("#intake-referral") or "",
            goal=Goal(self.value("#intake-goal")), own_rules=self.value("#intake-rules"),
            products=self.value("#intake-products"), routes=self.value("#intake-routes"),
            daily_ghb=self.boolean("#intake-ghb"), prep=self.boolean("#intake-prep"),
            hiv_treatment=self.boolean("#intake-hiv"), suicide_screen=self.value("#intake-suicide") or "",
            individual_clinician=self.boolean("#intake-clinician"), age_band=self.value("#intake-age") or "",
            consents=Consents(**{name: self.boolean(f"#consent-{name}") for name in CONSENTS}))


class FinalScreen(FormScreen):
    """The final consultation: what changed for him, orientation after the group."""

    def __init__(self, code: str, current: FinalConsultation | None, today: date) -> None:
        super().__init__()
        self.current = current or FinalConsultation(date=today)
        self.today = today
        self.title_text = p("final_title", code=code)

    def rows(self) -> ComposeResult:
        yield self.row(p("l_date"), Input(fmt_day(self.current.date), id="final-date", compact=True))
        yield self.row(p("l_changes"), TextArea(self.current.changes, id="final-changes", compact=True))
        yield self.row(p("l_orientation"), TextArea(self.current.orientation, id="final-orientation", compact=True))

    def on_mount(self) -> None:
        self.query_one("#final-changes", TextArea).focus()

    def result(self) -> FinalConsultation:
        return FinalConsultation(date=self.day("#final-date", self.today), changes=self.value("#final-changes"),
                                 orientation=self.value("#final-orientation"))


class PathEventScreen(FormScreen):
    """Inclusion, late inclusion (from a session) or drop-out (with its reason)."""

    def __init__(self, code: str, today: date, now: float) -> None:
        super().__init__()
        self.today = today
        self.now = now
        self.title_text = p("event_title", code=code)

    def rows(self) -> ComposeResult:
        yield self.row(p("l_kind"), Select([(p(f"event_{k}"), k) for k in PATH_EVENT_KINDS], value="dropout",
                                           id="event-kind", compact=True, allow_blank=False))
        yield self.row(p("l_date"), Input(fmt_day(self.today), id="event-date", compact=True))
        yield self.row(p("l_reason"), choice_select("event-reason", "reason", DROPOUT_REASONS, ""))
        yield self.row(p("l_from_session"), Input("", id="event-session", compact=True, max_length=1))

    def on_mount(self) -> None:
        self.query_one("#event-kind", Select).focus()

    def result(self) -> PathEvent:
        kind = self.value("#event-kind")
        session_text = self.value("#event-session")
        session = None
        if session_text:
            if not session_text.isdigit() or not 1 <= int(session_text) <= SESSIONS_PER_CYCLE:
                raise ValueError(p("bad_session"))
            session = int(session_text)
        reason = self.value("#event-reason") or ""
        if kind == "dropout" and not reason:
            raise ValueError(p("l_reason") + " ?")
        if kind == "late_inclusion" and session is None:
            raise ValueError(p("bad_session"))
        return PathEvent(kind=kind, date=self.day("#event-date", self.today),
                         reason=reason if kind == "dropout" else "", session=session, at=self.now)


class LateInclusionScreen(FormScreen):
    """A participant who joins after the cycle started: his code, the session he joins from, the date."""

    def __init__(self, cycle: Cycle, next_session: int, today: date, now: float) -> None:
        super().__init__()
        self.cycle = cycle
        self.next_session = next_session
        self.today = today
        self.now = now
        self.title_text = p("late_title")

    def rows(self) -> ComposeResult:
        yield Static(p("late_help"), classes="hint", markup=False)
        yield self.row(p("l_code"), Input("", id="late-code", compact=True, max_length=3))
        yield self.row(p("l_from_session"), Input(str(self.next_session), id="late-session", compact=True,
                                                  max_length=1))
        yield self.row(p("l_date"), Input(fmt_day(self.today), id="late-date", compact=True))

    def on_mount(self) -> None:
        self.query_one("#late-code", Input).focus()

    def result(self) -> tuple[str, PathEvent]:
        from facilitator.core.participant import add_participant

        code = self.value("#late-code").upper()
        add_participant(self.cycle, code)          # refuses a name, a code in use, a 21st participant
        session = self.value("#late-session")
        if not session.isdigit() or not 1 <= int(session) <= SESSIONS_PER_CYCLE:
            raise ValueError(p("bad_session"))
        return code, PathEvent(kind="late_inclusion", date=self.day("#late-date", self.today), session=int(session),
                               at=self.now)


class FollowUpScreen(FormScreen):
    """Take, update or close one follow-up item (who, by when, status, what was done)."""

    def __init__(self, item: FollowUp | None, codes: Sequence[str], facilitators: Sequence[str], today: date,
                 now: float, actor: str, participant: str | None = None) -> None:
        super().__init__()
        self.item = item
        self.codes = list(codes)
        self.facilitators = list(facilitators)
        self.today = today
        self.now = now
        self.actor = actor
        self.participant = participant or (self.codes[0] if self.codes else "")
        self.title_text = p("item_title", code=item.participant) if item else p("item_new_title")

    def rows(self) -> ComposeResult:
        item = self.item
        if item is None:
            yield self.row(p("f_participant"), Select([(c, c) for c in self.codes], value=self.participant,
                                                      id="item-participant", compact=True, allow_blank=False))
        elif item.session:
            yield Static(p("item_from_session", n=item.session), classes="hint", markup=False)
        category = item.category.value if item else FollowUpCategory.OTHER.value
        yield self.row(p("f_category"), Select([(p(f"category_{c.value}"), c.value) for c in FollowUpCategory],
                                               value=category, id="item-category", compact=True,
                                               allow_blank=False))
        urgency = item.urgency.value if item else Urgency.ROUTINE.value
        yield self.row(p("f_urgency"), Select([(p(f"urgency_{u.value}"), u.value) for u in Urgency],
                                              value=urgency, id="item-urgency", compact=True, allow_blank=False))
        yield self.row(p("f_reason"), Input(item.reason if item else "", id="item-reason", compact=True, max_length=200))
        yield self.row(p("f_who"), Select([(f, f) for f in self.facilitators],
                                          value=item.assignee if item and item.assignee else Select.NULL,
                                          id="item-who", compact=True, prompt=p("nobody")))
        yield self.row(p("f_due"), Input(fmt_day(item.due) if item and item.due else "", id="item-due", compact=True))
        status = item.status.value if item else FollowUpStatus.OPEN.value
        yield self.row(p("f_status"), Select([(p(f"status_{s.value}"), s.value) for s in FollowUpStatus],
                                             value=status, id="item-status", compact=True, allow_blank=False))
        yield self.row(p("f_action"), TextArea(item.action if item else "", id="item-action", compact=True))

    def on_mount(self) -> None:
        self.query_one("#item-who" if self.item else "#item-participant", Select).focus()

    def result(self) -> FollowUp:
        category = FollowUpCategory(self.value("#item-category"))
        urgency = Urgency(self.value("#item-urgency"))
        item = self.item
        if item is None:
            item = new_item(item_id=new_id("u"), participant=self.value("#item-participant"), category=category,
                            reason="", by=self.actor, now=self.now, today=self.today, urgency=urgency)
        due_text = self.value("#item-due")
        due = self.day("#item-due", self.today) if due_text else None
        return update(item, by=self.actor, now=self.now, status=FollowUpStatus(self.value("#item-status")),
                      assignee=self.value("#item-who") or "", due=due, urgency=urgency,
                      category=category, reason=self.value("#item-reason"), action=self.value("#item-action"))


def save_record_change(app: Any, what: str, cycle_id: str, actor: str, code: str, op: str, value: object,
                       done: Callable[[object], object] | None = None) -> None:
    """Queue a change of a participant record (`op`: intake, final, event, checkin), already pseudonymised."""
    from facilitator.storage.participants import replay, replay_data

    kind, data = replay_data(cycle_id, actor, code=code, op=op, value=value)
    store = app.store
    app.save(what, lambda: replay(store, kind, data), done=done, replay=(kind, data))


def open_followup(screen: Screen, cycle: Cycle, item: FollowUp | None, *, participant: str | None = None,
                  on_saved: Callable[[FollowUp], object] | None = None) -> None:
    """Open the follow-up form from `screen`; the item is saved, pseudonymised, through the save queue."""
    app: Any = screen.app
    actor = cycle.facilitators[0].code if cycle.facilitators else "console"

    def chosen(result: FollowUp | None) -> None:
        if result is None:
            return
        from facilitator.storage.participants import replay, replay_data

        pseudonymiser = app.pseudonymiser(cycle.id)   # the roster was read by the screen's loading worker
        clean = result.model_copy(update={"reason": pseudonymiser.pseudonymise(result.reason),
                                          "action": pseudonymiser.pseudonymise(result.action)})
        kind, data = replay_data(cycle.id, actor, item=clean)
        store = app.store
        app.save(p("what_followup"), lambda: replay(store, kind, data), done=on_saved, replay=(kind, data))

    app.push_screen(FollowUpScreen(item, cycle.participants, [f.code for f in cycle.facilitators], today_of(app),
                                   app.clock.now(), actor, participant), chosen)


class BeforeStartScreen(ModalScreen[None]):
    """« À suivre avant de commencer »: the open follow-up items, shown when a session starts."""

    BINDINGS = [Binding("escape", "close", p("key_continue"), id="continue")]
    DEFAULT_CSS = """
    BeforeStartScreen DataTable { height: auto; max-height: 16; }
    """

    def __init__(self, cycle: Cycle, items: Sequence[FollowUp], today: date, *, at_start: bool = True) -> None:
        super().__init__()
        self.cycle = cycle
        self.items = list(items)
        self.today = today
        self.at_start = at_start     # before attendance, or shown again during the session (u)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(p("before_title"), classes="dialog-title", markup=False)
            yield Static(p("before_help" if self.at_start else "during_help"), classes="hint", markup=False)
            if not self.items:
                yield Static(p("before_none"), markup=False)
            yield DataTable(id="before-items", cursor_type="row")
            with Horizontal(classes="buttons"):
                yield Button(p("continue_esc"), id="continue", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        app: Any = self.app
        fill_followups(self.query_one(DataTable), self.items, self.today,
                       lambda code: app.code_label(self.cycle.id, code))

    def names_changed(self) -> None:
        self._fill()

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        item = next((i for i in self.items if i.id == key), None)
        if item is None:
            return

        def refreshed(saved: FollowUp) -> None:
            self.items = [saved if i.id == saved.id else i for i in self.items]
            self._fill()

        open_followup(self, self.cycle, item, on_saved=refreshed)

    @on(Button.Pressed, "#continue")
    def action_close(self) -> None:
        self.dismiss(None)


class CheckInScreen(ModalScreen[None]):
    """The optional check-in measures of one session, participant by participant (saved at once)."""

    DEFAULT_CSS = FORM_CSS + """
    CheckInScreen OptionList { height: auto; max-height: 8; }
    """
    BINDINGS = [Binding("escape", "close", t("common.back"), id="close"),
                Binding("f2", "save", t("common.save"), id="save")]

    def __init__(self, cycle: Cycle, number: int, records: Mapping[str, ParticipantRecord],
                 on_save: Callable[[str, CheckIn], None], now: float) -> None:
        super().__init__()
        self.cycle = cycle
        self.number = number
        self.records = dict(records)
        self.on_save = on_save
        self.now = now

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(p("checkin_title", n=self.number), classes="dialog-title", markup=False)
            yield Static(p("checkin_help"), classes="hint", markup=False)
            app: Any = self.app
            yield OptionList(*[Option(app.code_label(self.cycle.id, code), id=code)
                               for code in self.cycle.participants], id="checkin-code")
            yield FormScreen.row(p("l_days_used"), Input("", id="checkin-days", compact=True, max_length=2))
            yield FormScreen.row(p("l_lapse"), bool_select("checkin-lapse", None))
            yield FormScreen.row(p("l_craving"), Input("", id="checkin-craving", compact=True, max_length=2))
            yield FormScreen.row(p("l_safety"), bool_select("checkin-safety", None))
            yield Static("", id="form-error", classes="form-error", markup=False)

    def on_mount(self) -> None:
        codes = self.query_one("#checkin-code", OptionList)
        codes.highlighted = 0
        codes.focus()
        self._fill(self.cycle.participants[0])

    @on(OptionList.OptionHighlighted, "#checkin-code")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._fill(event.option.id)

    @on(OptionList.OptionSelected, "#checkin-code")
    def chosen(self) -> None:
        self.query_one("#checkin-days", Input).focus()

    def _code(self) -> str:
        return self.cycle.participants[self.query_one("#checkin-code", OptionList).highlighted or 0]

    def _fill(self, code: str) -> None:
        record = self.records.get(code)
        current = record.checkin(self.number) if record else None
        self.query_one("#checkin-days", Input).value = "" if current is None or current.days_used is None else str(
            current.days_used)
        self.query_one("#checkin-craving", Input).value = "" if current is None or current.craving is None else str(
            current.craving)
        for widget_id, value in (("checkin-lapse", current.lapse if current else None),
                                 ("checkin-safety", current.safety_concern if current else None)):
            self.query_one(f"#{widget_id}", Select).value = (Select.NULL if value is None
                                                             else ("yes" if value else "no"))

    def _number(self, selector: str, label: str, high: int) -> int | None:
        text = self.query_one(selector, Input).value.strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > high:
            raise ValueError(p("bad_number", field=label, low=0, high=high))
        return int(text)

    @on(Input.Submitted)
    def action_save(self) -> None:
        code = self._code()
        error = self.query_one("#form-error", Static)
        try:
            days = self._number("#checkin-days", p("l_days_used"), 56)
            craving = self._number("#checkin-craving", p("l_craving"), 10)
        except ValueError as exc:
            error.update(str(exc))
            return
        lapse = self.query_one("#checkin-lapse", Select).value
        safety = self.query_one("#checkin-safety", Select).value
        checkin = CheckIn(session=self.number, days_used=days, craving=craving,
                          lapse=None if lapse is Select.NULL else lapse == "yes", safety_concern=safety == "yes",
                          at=self.now)
        error.update("")
        record = self.records.get(code) or ParticipantRecord(code=code)
        from facilitator.core.participant import record_checkin

        self.records[code] = record_checkin(record, checkin)
        self.on_save(code, checkin)
        self.notify(p("checkin_saved", code=code), markup=False)
        codes = self.query_one("#checkin-code", OptionList)
        if (codes.highlighted or 0) < len(self.cycle.participants) - 1:
            codes.highlighted = (codes.highlighted or 0) + 1
        codes.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ArrivalScreen(ModalScreen[str | None]):
    """The arrival time of a late participant, prefilled with the time now."""

    BINDINGS = [Binding("escape", "cancel", t("common.cancel"), id="cancel")]

    def __init__(self, code: str, now_hhmm: str) -> None:
        super().__init__()
        self.code = code
        self.now_hhmm = now_hhmm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(p("arrival_title", code=self.code), classes="dialog-title", markup=False)
            yield Static(p("arrival_help"), classes="hint", markup=False)
            yield Input(self.now_hhmm, id="arrival", max_length=5)
            yield Static("", id="form-error", classes="form-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        from facilitator.core.live import parse_arrival

        try:
            self.dismiss(parse_arrival(event.value))
        except ValueError:
            self.query_one("#form-error", Static).update(p("arrival_help"))

    def action_cancel(self) -> None:
        self.dismiss(None)
