"""Review figures of a cycle, computed from its records: attendance, timings, verbatims, scores.

Pure: the inputs are the records as read from the data folder (`ReviewInputs`), the outputs are
frozen dataclasses. The review screen (`facilitator review`) and every export (`facilitator report`)
read these same figures, so a supervisor sees the same numbers everywhere.

Definitions used throughout (they are also printed in the reports):
- a participant *attended* a session when marked present or late;
- participation rate of a participant = sessions attended / sessions done of the cycle (from the session he
  joined, if he was included late);
- participation rate of a session = participants who attended / participants enrolled in the cycle;
- homework of session n is reviewed at session n+1 (`SessionRun.homework_review`); completion rate =
  reviews "done" / reviews recorded (reviews "partly" are counted apart);
- a questionnaire form is scored only when complete (no partial totals);
- paired comparisons use the Wilcoxon signed-rank test (zeros dropped, Wilcoxon's method) and the
  matched-pairs rank-biserial correlation (Kerby 2014) as effect size: r = (R+ - R-) / (R+ + R-),
  over the non-zero differences `later - earlier`; r < 0 means scores went down.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from facilitator.core.exercises import completion as exercise_completion
from facilitator.core.instruments import (
    DUDIT_TIMEFRAME_NOTE_KEY,
    INSTRUMENT_IDS,
    TIMEPOINTS,
    CeqScore,
    DuditScore,
    TlfbScore,
    completion,
    load_instruments,
    same_product,
    score_answers,
)
from facilitator.core.models import (
    ATTENDED,
    SESSIONS_PER_CYCLE,
    Cycle,
    Flag,
    HomeworkReview,
    Note,
    SessionRun,
    SessionStatus,
    Verbatim,
)
from facilitator.core.participant import (
    Characteristics,
    ParticipantRecord,
    characteristics,
    refused_quotation,
)
from facilitator.core.programme import Exercise, Programme
from facilitator.core.timer import SessionTimer, TimerEvent
from facilitator.i18n import language, t

HOMEWORK_STATUSES = ("done", "partly", "not_done")
# Below this many non-zero paired differences no test is run: with 5 pairs the smallest possible
# two-sided exact p is 0.0625, so the test could never reach 0.05.
MIN_NONZERO_PAIRS = 6
EFFECT_SIZE_NAME = "matched-pairs rank-biserial correlation (Kerby 2014)"
PARTICIPANT_CODE_IN_TEXT = re.compile(r"\bP\d{2}\b")

# instrument -> the measures reported for it, in display order
MEASURES: dict[str, tuple[str, ...]] = {
    "dudit": ("total",),
    "ceq-s": ("total", "intensity", "imagery", "intrusiveness"),
    "ceq-f": ("total", "intensity", "imagery", "intrusiveness"),
    # drug use only: alcohol is reported apart (alcohol_days), see score_tlfb
    "tlfb": ("pct_days_abstinent", "days_used", "longest_abstinent_streak", "injection_days", "alcohol_days",
             "sexual_context_use_days"),
}
# the one measure per instrument drawn in charts and listed first
PRIMARY_MEASURE: dict[str, str] = {"dudit": "total", "ceq-s": "total", "ceq-f": "total",
                                   "tlfb": "pct_days_abstinent"}
COMPARISONS: tuple[tuple[str, str], ...] = (("T0", "T1"), ("T0", "T2"))   # with the default time points


def timepoints_of(declared: Sequence[str], forms: Iterable[Mapping] = ()) -> tuple[str, ...]:
    """The programme's time points in its order, then any other time point found in stored forms.

    Forms saved under a time point the programme no longer declares (data of an earlier version)
    are still shown and exported rather than silently dropped.
    """
    known = list(dict.fromkeys(declared or TIMEPOINTS))
    extra = sorted({str(f.get("timepoint", "")) for f in forms} - set(known) - {""})
    return (*known, *extra)


def comparison_pairs(timepoints: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Every later time point against the first (T0 -> T1, T0 -> T2, T0 -> T3...)."""
    return tuple((timepoints[0], later) for later in timepoints[1:]) if timepoints else ()


# ================================================================ inputs


@dataclass(frozen=True)
class ReviewInputs:
    """Everything the review reads, as stored: records of one cycle and the programme.

    `exercises` maps a session number to the answers of `Store.exercise_answers` (dicts with
    exercise_id, subject, item_id, values, updated_at); `questionnaires` is
    `Store.questionnaire_forms` (dicts with participant, timepoint, instrument, answers).
    """

    cycle: Cycle
    runs: Mapping[int, SessionRun]
    verbatims: Sequence[Verbatim]
    exercises: Mapping[int, Sequence[Mapping]]
    questionnaires: Sequence[Mapping]
    programme: Programme
    participants: Mapping[str, ParticipantRecord] = field(default_factory=dict)   # code -> record (path)


# ================================================================ attendance


@dataclass(frozen=True)
class ParticipantAttendance:
    code: str
    statuses: dict[int, str | None]        # session -> present/late/absent/excused, None = not recorded
    attended: int                          # sessions present or late
    late: int
    excused: int
    absent: int
    rate: float | None                     # attended / sessions done; None before any session is done
    dropout: bool
    last_attended: int | None              # the last session attended (a dropout's leaving point)
    arrivals: dict[int, str] = field(default_factory=dict)   # session -> arrival time "HH:MM" when late


@dataclass(frozen=True)
class SessionAttendance:
    number: int
    done: bool
    counts: dict[str, int]                 # status -> participants; "unknown" = not recorded
    attended: int
    rate: float | None                     # attended / participants enrolled; None if not done


@dataclass(frozen=True)
class Attendance:
    """The attendance matrix sessions x participants and its rates."""

    participants: tuple[ParticipantAttendance, ...]
    sessions: tuple[SessionAttendance, ...]
    sessions_done: tuple[int, ...]
    median_attended: float | None          # median of sessions attended over all participants
    mean_rate: float | None                # mean participation rate over all participants
    dropouts: tuple[str, ...]

    def status(self, code: str, session: int) -> str | None:
        for participant in self.participants:
            if participant.code == code:
                return participant.statuses.get(session)
        raise KeyError(code)


def _done_sessions(runs: Mapping[int, SessionRun]) -> tuple[int, ...]:
    return tuple(sorted(n for n, run in runs.items() if run.status == SessionStatus.DONE))


def attendance(cycle: Cycle, runs: Mapping[int, SessionRun],
               participants: Mapping[str, ParticipantRecord] | None = None) -> Attendance:
    """Attendance of every participant at every session of the cycle (done sessions count).

    A participant included late is counted from the session he joined (his rate's denominator).
    """
    done = _done_sessions(runs)
    participants = participants or {}
    numbers = range(1, SESSIONS_PER_CYCLE + 1)
    people = []
    for code in cycle.participants:
        statuses: dict[int, str | None] = {}
        arrivals: dict[int, str] = {}
        for n in numbers:
            run = runs.get(n)
            mark = run.attendance.get(code) if run is not None else None
            statuses[n] = mark.status if mark is not None else None
            if mark is not None and mark.arrived:
                arrivals[n] = mark.arrived
        record = participants.get(code)
        joined = (record.late_from if record is not None else None) or 1
        his_done = [n for n in done if n >= joined]
        attended_in = [n for n in his_done if statuses[n] in ATTENDED]
        marks = Counter(statuses[n] for n in his_done)
        people.append(ParticipantAttendance(
            code=code, statuses=statuses, attended=len(attended_in),
            late=marks["late"], excused=marks["excused"], absent=marks["absent"],
            rate=len(attended_in) / len(his_done) if his_done else None,
            dropout=code in cycle.dropouts or (record is not None and record.dropout is not None),
            last_attended=max(attended_in) if attended_in else None,
            arrivals=arrivals,
        ))
    sessions = []
    enrolled = len(cycle.participants)
    for n in numbers:
        counts = Counter(p.statuses[n] or "unknown" for p in people)
        attended_n = sum(counts[status] for status in ATTENDED)
        is_done = n in done
        sessions.append(SessionAttendance(
            number=n, done=is_done, counts=dict(counts), attended=attended_n,
            rate=attended_n / enrolled if is_done and enrolled else None))
    rates = [p.rate for p in people if p.rate is not None]
    return Attendance(
        participants=tuple(people), sessions=tuple(sessions), sessions_done=done,
        median_attended=statistics.median(p.attended for p in people) if people and done else None,
        mean_rate=statistics.fmean(rates) if rates else None,
        dropouts=tuple(p.code for p in people if p.dropout),
    )


# ================================================================ homework


@dataclass(frozen=True)
class HomeworkRecord:
    """One participant's review of the homework given at `given_session`, recorded at the next one."""

    participant: str
    given_session: int
    reviewed_session: int
    homework_ids: tuple[str, ...]
    status: str                            # done / partly / not_done
    note: str


@dataclass(frozen=True)
class HomeworkTally:
    reviewed: int
    done: int
    partly: int
    not_done: int

    @property
    def done_rate(self) -> float | None:
        return self.done / self.reviewed if self.reviewed else None

    @property
    def done_or_partly_rate(self) -> float | None:
        return (self.done + self.partly) / self.reviewed if self.reviewed else None


@dataclass(frozen=True)
class Homework:
    records: tuple[HomeworkRecord, ...]
    by_participant: dict[str, HomeworkTally]
    by_session: dict[int, HomeworkTally]    # keyed by the session where the homework was given
    overall: HomeworkTally


def _tally(records: Iterable[HomeworkRecord]) -> HomeworkTally:
    counts = Counter(r.status for r in records)
    return HomeworkTally(reviewed=sum(counts.values()), done=counts["done"], partly=counts["partly"],
                         not_done=counts["not_done"])


def homework(cycle: Cycle, runs: Mapping[int, SessionRun]) -> Homework:
    """Homework reviews per participant and per session, and the overall completion."""
    records = []
    for n in sorted(runs):
        run = runs[n]
        previous = runs.get(n - 1)
        given = tuple(previous.homework_given) if previous is not None else ()
        for code, review in sorted(run.homework_review.items()):
            records.append(HomeworkRecord(participant=code, given_session=n - 1, reviewed_session=n,
                                          homework_ids=given, status=review.status, note=review.note))
    by_participant = {code: _tally(r for r in records if r.participant == code) for code in cycle.participants}
    given_sessions = sorted({r.given_session for r in records})
    by_session = {n: _tally(r for r in records if r.given_session == n) for n in given_sessions}
    return Homework(records=tuple(records), by_participant=by_participant, by_session=by_session,
                    overall=_tally(records))


# ================================================================ sessions


@dataclass(frozen=True)
class ItemTimingRow:
    item_id: str
    title: str
    planned_s: int                         # planned minutes x 60, with the adjustments made live
    actual_s: int                          # time the item was current, pauses excluded
    visited: bool
    protocol_s: int = 0                    # the protocol's minutes x 60, before any adjustment (fidelity)

    @property
    def delta_s(self) -> int:
        """Positive when the item ran over its plan."""
        return self.actual_s - self.planned_s


@dataclass(frozen=True)
class SessionReview:
    """One session: its agenda planned vs actual, attendance, notes, flags, homework."""

    number: int
    title: str
    status: str
    started_at: float | None
    ended_at: float | None
    items: tuple[ItemTimingRow, ...]
    planned_s: int
    actual_s: int                          # session time, pauses excluded
    paused_s: int
    pauses: int
    attendance: SessionAttendance
    notes: tuple[Note, ...]                # not deleted
    flags: tuple[Flag, ...]
    homework_given: tuple[str, ...]        # homework ids
    homework_titles: tuple[str, ...]
    homework_review: dict[str, HomeworkReview]
    verbatims: int
    exercise_answers: int


def _item_titles(programme: Programme, number: int) -> dict[str, str]:
    try:
        return {item.id: item.title for item in programme.session(number).agenda}
    except KeyError:
        return {}


def session_timings(run: SessionRun, titles: Mapping[str, str] | None = None,
                    nominal_minutes: int = 90) -> tuple[tuple[ItemTimingRow, ...], int, int, int]:
    """(items planned vs actual, session seconds, paused seconds, pauses) of one run, from its events."""
    titles = titles or {}
    if not run.planned_minutes:   # a planned session: nothing happened yet
        return (), 0, 0, 0
    events = [TimerEvent.from_dict(e) for e in run.events]
    timer = SessionTimer(list(run.planned_minutes), nominal_minutes, events=events)
    until = run.ended_at or (events[-1].at if events else 0.0)
    state = timer.state(until)
    rows = tuple(
        ItemTimingRow(item_id=item_id, title=titles.get(item_id, item_id), planned_s=timing.planned_s,
                      actual_s=round(timing.actual_s), visited=timing.visited, protocol_s=timing.protocol_s)
        for item_id, timing in zip(run.item_ids, state.items, strict=False)
    )
    pauses = sum(1 for e in events if e.kind == "pause")
    return rows, round(state.elapsed_s), round(state.paused_s), pauses


def session_reviews(inputs: ReviewInputs, att: Attendance | None = None) -> tuple[SessionReview, ...]:
    """A `SessionReview` for each of the 8 sessions (planned ones included, with empty figures)."""
    att = att or attendance(inputs.cycle, inputs.runs)
    programme = inputs.programme
    verbatim_counts = Counter(v.session for v in inputs.verbatims if not v.deleted)
    out = []
    for n in range(1, SESSIONS_PER_CYCLE + 1):
        run = inputs.runs.get(n) or SessionRun(cycle_id=inputs.cycle.id, number=n)
        try:
            session = programme.session(n)
            title = session.title
            hw_titles = {hw.id: hw.title for hw in session.homework}
        except KeyError:
            title, hw_titles = "", {}
        items, actual, paused, pauses = session_timings(run, _item_titles(programme, n),
                                                        programme.programme.session_minutes)
        out.append(SessionReview(
            number=n, title=title, status=str(run.status), started_at=run.started_at, ended_at=run.ended_at,
            items=items, planned_s=sum(i.planned_s for i in items), actual_s=actual, paused_s=paused,
            pauses=pauses, attendance=att.sessions[n - 1],
            notes=tuple(note for note in run.notes if not note.deleted), flags=tuple(run.flags),
            homework_given=tuple(run.homework_given),
            homework_titles=tuple(hw_titles.get(h, h) for h in run.homework_given),
            homework_review=dict(run.homework_review), verbatims=verbatim_counts.get(n, 0),
            exercise_answers=len(inputs.exercises.get(n, ())),
        ))
    return tuple(out)


# ================================================================ verbatims


def fold(text: str) -> str:
    """Text for case- and accent-insensitive matching ("Élan" and "elan" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class VerbatimFilter:
    """Which verbatims to show; every criterion left None matches everything.

    `theme` also matches the theme's children in the codebook when a programme is given to
    `filter_verbatims`. `text`: every word must occur in the verbatim (case and accents ignored).
    """

    session: int | None = None
    item_id: str | None = None
    theme: str | None = None
    speaker: str | None = None
    text: str | None = None


def theme_with_children(programme: Programme | None, theme_id: str) -> set[str]:
    """The theme and, transitively, every theme whose parent it is."""
    wanted = {theme_id}
    if programme is None:
        return wanted
    grew = True
    while grew:
        more = {th.id for th in programme.codebook if th.parent in wanted} - wanted
        wanted |= more
        grew = bool(more)
    return wanted


def filter_verbatims(verbatims: Iterable[Verbatim], flt: VerbatimFilter,
                     programme: Programme | None = None) -> list[Verbatim]:
    """The verbatims matching `flt`, deleted ones excluded, in session then capture order."""
    themes = theme_with_children(programme, flt.theme) if flt.theme else None
    words = fold(flt.text).split() if flt.text else []
    out = []
    for v in verbatims:
        if v.deleted:
            continue
        if flt.session is not None and v.session != flt.session:
            continue
        if flt.item_id is not None and v.item_id != flt.item_id:
            continue
        if flt.speaker is not None and v.speaker != flt.speaker:
            continue
        if themes is not None and not themes.intersection(v.themes):
            continue
        if words:
            folded = fold(v.text)
            if not all(word in folded for word in words):
                continue
        out.append(v)
    return sorted(out, key=lambda v: (v.session, v.at))


@dataclass(frozen=True)
class VerbatimCounts:
    """Counts of the verbatims kept (deleted ones excluded); a verbatim counts once per theme."""

    total: int
    by_theme: dict[str, int]               # "" = untagged
    by_speaker: dict[str, int]
    by_session: dict[int, int]
    by_item: dict[str, int]
    deleted: int


def verbatim_counts(verbatims: Iterable[Verbatim]) -> VerbatimCounts:
    all_items = list(verbatims)
    kept = [v for v in all_items if not v.deleted]
    themes: Counter[str] = Counter()
    for v in kept:
        themes.update(v.themes or [""])
    return VerbatimCounts(
        total=len(kept),
        by_theme=dict(themes.most_common()),
        by_speaker=dict(sorted(Counter(v.speaker for v in kept).items())),
        by_session=dict(sorted(Counter(v.session for v in kept).items())),
        by_item=dict(Counter(v.item_id for v in kept).most_common()),
        deleted=len(all_items) - len(kept),
    )


# ================================================================ exercises


@dataclass(frozen=True)
class ExerciseValue:
    """One filled cell of an exercise answer: a field, or a table cell, or a week-grid cell."""

    field_id: str
    field_label: str
    row: str                               # table row label / index, week-grid day; "" for a field
    column: str                            # table column id, week-grid slot; "" for a field
    value: str
    column_label: str = ""                 # the column's label in the programme (its id if unknown)
    row_key: str = ""                      # language-independent row: table row number, week-grid day number
    column_key: str = ""                   # language-independent column: column id, week-grid slot number


@dataclass(frozen=True)
class ExerciseAnswer:
    session: int
    exercise_id: str
    title: str
    subject: str                           # "group" or a participant code
    item_id: str | None
    fields_filled: int
    fields_total: int
    values: tuple[ExerciseValue, ...]
    updated_at: float


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, list | dict) and not value)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else str(value)


def exercise_values(exercise: Exercise | None, values: Mapping) -> tuple[ExerciseValue, ...]:
    """Flatten an answer's values: scalars as one row, tables by row x column, week grids by day x slot.

    Formats read: scalar fields hold a str or a number; a table holds a list of rows, each a dict
    column id -> value (when the field has fixed `rows`, row i is labelled with rows[i]); a week grid
    holds a dict day -> dict slot -> text. Unknown shapes are flattened the same generic way.
    """
    fields = {f.id: f for f in exercise.fields} if exercise is not None else {}
    order = list(fields) + [k for k in values if k not in fields]
    out: list[ExerciseValue] = []
    for field_id in order:
        if field_id not in values or _blank(values[field_id]):
            continue
        value = values[field_id]
        spec = fields.get(field_id)
        label = spec.label if spec is not None else field_id
        columns = {c.id: c.label for c in spec.columns} if spec is not None else {}
        if isinstance(value, list):
            row_labels = list(spec.rows) if spec is not None else []
            for index, row in enumerate(value):
                row_label = row_labels[index] if index < len(row_labels) else str(index + 1)
                if isinstance(row, Mapping):
                    for column, cell in row.items():
                        if not _blank(cell):
                            out.append(ExerciseValue(field_id, label, row_label, str(column), _cell(cell),
                                                     columns.get(str(column), str(column)),
                                                     row_key=str(index + 1), column_key=str(column)))
                elif not _blank(row):
                    out.append(ExerciseValue(field_id, label, row_label, "", _cell(row), row_key=str(index + 1)))
        elif isinstance(value, Mapping):
            days = list(spec.days) if spec is not None else []
            slots = list(spec.slots) if spec is not None else []
            for day, cells in value.items():
                day_key = str(days.index(day) + 1) if day in days else str(day)
                if isinstance(cells, Mapping):
                    for slot, cell in cells.items():
                        if not _blank(cell):
                            out.append(ExerciseValue(field_id, label, str(day), str(slot), _cell(cell),
                                                     str(slot), row_key=day_key,
                                                     column_key=str(slots.index(slot) + 1) if slot in slots
                                                     else str(slot)))
                elif not _blank(cells):
                    out.append(ExerciseValue(field_id, label, str(day), "", _cell(cells), row_key=day_key))
        else:
            out.append(ExerciseValue(field_id, label, "", "", _cell(value)))
    return tuple(out)


def exercise_answers(programme: Programme,
                     answers_by_session: Mapping[int, Sequence[Mapping]]) -> tuple[ExerciseAnswer, ...]:
    """Every exercise answer of the cycle, by session then exercise then subject."""
    out = []
    for n in sorted(answers_by_session):
        for answer in answers_by_session[n]:
            exercise_id = str(answer.get("exercise_id", ""))
            try:
                exercise: Exercise | None = programme.exercise(exercise_id)
            except KeyError:
                exercise = None
            values = answer.get("values") or {}
            if exercise is not None:   # the sheet's own count: an empty table row or grid is no answer
                count = exercise_completion(exercise, values)
                filled, total = count.filled, count.total
            else:
                filled, total = sum(1 for v in values.values() if not _blank(v)), len(values)
            out.append(ExerciseAnswer(
                session=n, exercise_id=exercise_id, title=exercise.title if exercise else exercise_id,
                subject=str(answer.get("subject", "")), item_id=answer.get("item_id"),
                fields_filled=filled, fields_total=total, values=exercise_values(exercise, values),
                updated_at=float(answer.get("updated_at") or 0.0)))
    return tuple(sorted(out, key=lambda a: (a.session, a.exercise_id, a.subject)))


def exercises_by_participant(answers: Iterable[ExerciseAnswer]) -> dict[str, list[ExerciseAnswer]]:
    """Answers grouped by subject ("group" answers under "group")."""
    out: dict[str, list[ExerciseAnswer]] = {}
    for answer in answers:
        out.setdefault(answer.subject, []).append(answer)
    return dict(sorted(out.items()))


def exercises_by_session(answers: Iterable[ExerciseAnswer]) -> dict[int, list[ExerciseAnswer]]:
    out: dict[int, list[ExerciseAnswer]] = {}
    for answer in answers:
        out.setdefault(answer.session, []).append(answer)
    return dict(sorted(out.items()))


# ================================================================ questionnaires


@dataclass(frozen=True)
class FormScore:
    """One participant's form at one time point, with its measures (None unless the form is complete)."""

    participant: str
    timepoint: str
    instrument: str
    completion: str                        # done / partial / missing
    measures: dict[str, float | None]
    answers: Mapping                       # as saved
    product: str = ""                      # CEQ target product
    flags: tuple[str, ...] = ()            # DUDIT: "problem", "probable_dependence"


def _measures(instrument: str, score: DuditScore | CeqScore | TlfbScore | None,
              complete: bool) -> dict[str, float | None]:
    names = MEASURES[instrument]
    if score is None or not complete:
        return dict.fromkeys(names)
    return {name: getattr(score, name) for name in names}


def form_scores(forms: Iterable[Mapping], timepoints: Sequence[str] = TIMEPOINTS) -> tuple[FormScore, ...]:
    """Score every saved form; partial forms keep their completion state but no measures."""
    out = []
    for form in forms:
        instrument = str(form.get("instrument", ""))
        if instrument not in INSTRUMENT_IDS:
            continue
        answers = form.get("answers") or {}
        state = completion(instrument, answers)
        try:
            score = score_answers(instrument, dict(answers)) if state == "done" else None
        except ValueError:
            score, state = None, "partial"
        flags: tuple[str, ...] = ()
        if isinstance(score, DuditScore):
            flags = tuple(name for name, on in (("problem", score.problem),
                                                ("probable_dependence", score.probable_dependence)) if on)
        out.append(FormScore(
            participant=str(form.get("participant", "")), timepoint=str(form.get("timepoint", "")),
            instrument=instrument, completion=state, measures=_measures(instrument, score, state == "done"),
            answers=answers, product=str(answers.get("product", "") or "") if isinstance(answers, Mapping) else "",
            flags=flags))
    order = {tp: i for i, tp in enumerate(timepoints)}
    return tuple(sorted(out, key=lambda f: (INSTRUMENT_IDS.index(f.instrument), f.participant,
                                            order.get(f.timepoint, 9))))


@dataclass(frozen=True)
class Comparison:
    """A paired comparison of one measure between two time points (Wilcoxon signed-rank)."""

    instrument: str
    measure: str
    before: str                            # time point, e.g. "T0"
    after: str
    n: int                                 # participants with both values
    n_nonzero: int                         # pairs whose difference is not zero (used by the test)
    median_before: float | None
    median_after: float | None
    median_difference: float | None        # median of (after - before)
    statistic: float | None                # Wilcoxon W: the smaller of R+ and R-
    p_value: float | None
    method: str                            # exact / permutation / normal approximation, or ""
    effect_size: float | None              # matched-pairs rank-biserial correlation in [-1, 1]; None untested
    reason: str                            # why no test was run ("" when it was): too_few / all_zero / no_pairs
    effect_size_name: str = EFFECT_SIZE_NAME
    # CEQ: participants left out because the product rated differs: (code, product before, product after)
    product_changes: tuple[tuple[str, str, str], ...] = ()

    @property
    def tested(self) -> bool:
        return self.p_value is not None

    @property
    def reason_text(self) -> str:
        return t(f"review.reason_{self.reason}", minimum=MIN_NONZERO_PAIRS) if self.reason else ""


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def rank_biserial(differences: Sequence[float]) -> float | None:
    """Matched-pairs rank-biserial correlation of differences (zeros dropped); None if all are zero."""
    nonzero = [d for d in differences if d != 0]
    if not nonzero:
        return None
    ranks = average_ranks([abs(d) for d in nonzero])
    plus = sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0)
    minus = sum(r for r, d in zip(ranks, nonzero, strict=True) if d < 0)
    return (plus - minus) / (plus + minus)


def exact_signed_rank_p(differences: Sequence[float]) -> float:
    """Exact two-sided p of the signed-rank statistic over all 2^n sign flips (zeros dropped, ties averaged).

    Counts the sums of the doubled (hence integer) ranks by dynamic programming, so it is exact
    with ties too and costs n x sum(ranks) steps. The null distribution is symmetric, so p is the
    share of sign patterns at least as far from the centre as the observed R+.
    """
    nonzero = [d for d in differences if d != 0]
    if not nonzero:
        raise ValueError("all differences are zero")
    doubled = [round(2 * r) for r in average_ranks([abs(d) for d in nonzero])]
    total = sum(doubled)
    ways = [0] * (total + 1)
    ways[0] = 1
    for rank in doubled:
        for s in range(total - rank, -1, -1):
            if ways[s]:
                ways[s + rank] += ways[s]
    observed = sum(r for r, d in zip(doubled, nonzero, strict=True) if d > 0)
    distance = abs(2 * observed - total)
    extreme = sum(w for s, w in enumerate(ways) if abs(2 * s - total) >= distance)
    return min(1.0, extreme / 2 ** len(nonzero))


def wilcoxon_paired(before: Sequence[float], after: Sequence[float]) -> tuple[float, float, str]:
    """(W, two-sided p, method) of the Wilcoxon signed-rank test on `after - before`, zeros dropped.

    W is the smaller of R+ and R-. Up to 25 non-zero pairs p is exact, computed over all 2^n sign
    patterns ("exact"; "permutation" when ties make scipy's table inexact: the same enumeration);
    beyond, `scipy.stats.wilcoxon`'s normal approximation with tie correction.
    """
    diffs = [a - b for a, b in zip(after, before, strict=True) if a != b]
    if not diffs:
        raise ValueError("all differences are zero")
    ranks = average_ranks([abs(d) for d in diffs])
    r_plus = sum(r for r, d in zip(ranks, diffs, strict=True) if d > 0)
    r_minus = sum(ranks) - r_plus
    statistic = float(min(r_plus, r_minus))
    ties = len({abs(d) for d in diffs}) < len(diffs)
    if len(diffs) <= 25:
        return statistic, exact_signed_rank_p(diffs), "permutation" if ties else "exact"
    from scipy import stats

    result = stats.wilcoxon(diffs, zero_method="wilcox", alternative="two-sided", method="asymptotic")
    return float(result.statistic), float(result.pvalue), "normal approximation"


def compare(scores: Iterable[FormScore], instrument: str, measure: str, before: str,
            after: str) -> Comparison:
    """Compare `measure` of `instrument` between two time points over the participants who have both.

    CEQ pairs whose target product differs between the two time points are left out (listed in
    `product_changes`): the comparison is of one craving, not of two.
    """
    values: dict[str, dict[str, float]] = {}
    products: dict[tuple[str, str], str] = {}
    for s in scores:
        value = s.measures.get(measure) if s.instrument == instrument else None
        if value is not None:
            values.setdefault(s.participant, {})[s.timepoint] = float(value)
            products[(s.participant, s.timepoint)] = s.product
    changes: list[tuple[str, str, str]] = []
    if instrument in ("ceq-s", "ceq-f"):
        for code, v in sorted(values.items()):
            first, then = products.get((code, before), ""), products.get((code, after), "")
            if before in v and after in v and first and then and not same_product(first, then):
                changes.append((code, first, then))
                del v[after]
    pairs = [(v[before], v[after]) for _, v in sorted(values.items()) if before in v and after in v]
    xs = [b for b, _ in pairs]
    ys = [a for _, a in pairs]
    diffs = [a - b for b, a in pairs]
    nonzero = [d for d in diffs if d != 0]
    def result(*, statistic: float | None = None, p_value: float | None = None, method: str = "",
               effect_size: float | None = None, reason: str) -> Comparison:
        return Comparison(instrument=instrument, measure=measure, before=before, after=after, n=len(pairs),
                          n_nonzero=len(nonzero),
                          median_before=statistics.median(xs) if xs else None,
                          median_after=statistics.median(ys) if ys else None,
                          median_difference=statistics.median(diffs) if diffs else None,
                          statistic=statistic, p_value=p_value, method=method, effect_size=effect_size,
                          reason=reason, product_changes=tuple(changes))

    if not pairs:
        return result(reason="no_pairs")
    if not nonzero:
        return result(reason="all_zero")
    if len(nonzero) < MIN_NONZERO_PAIRS:   # no test, so no effect size either (one pair would give r = ±1)
        return result(reason="too_few")
    statistic, p_value, method = wilcoxon_paired(xs, ys)
    return result(statistic=statistic, p_value=p_value, method=method, effect_size=rank_biserial(diffs), reason="")


@dataclass(frozen=True)
class GroupMedian:
    instrument: str
    measure: str
    timepoint: str
    n: int
    median: float | None
    q1: float | None
    q3: float | None


def group_medians(scores: Iterable[FormScore], timepoints: Sequence[str] = TIMEPOINTS) -> tuple[GroupMedian, ...]:
    """Median (and quartiles) of each measure at each time point over the participants scored."""
    scores = list(scores)
    out = []
    for instrument in INSTRUMENT_IDS:
        for measure in MEASURES[instrument]:
            for tp in timepoints:
                vals = sorted(float(v) for s in scores if s.instrument == instrument and s.timepoint == tp
                              and (v := s.measures.get(measure)) is not None)
                q1 = q3 = None
                if len(vals) >= 2:
                    q1, _, q3 = statistics.quantiles(vals, n=4, method="inclusive")
                elif vals:
                    q1 = q3 = vals[0]
                out.append(GroupMedian(instrument, measure, tp, len(vals),
                                       statistics.median(vals) if vals else None, q1, q3))
    return tuple(out)


@dataclass(frozen=True)
class Questionnaires:
    forms: tuple[FormScore, ...]
    medians: tuple[GroupMedian, ...]
    comparisons: tuple[Comparison, ...]
    missing: tuple[tuple[str, str, str], ...]     # (participant, timepoint, instrument) with no complete form
    dudit_note: str                               # the time-frame caveat to print next to DUDIT change
    # "the French wording is a working translation" while dudit.yaml says so; "" once official
    dudit_translation_note: str = ""
    timepoints: tuple[str, ...] = TIMEPOINTS      # as the programme declares them (plus any found in old data)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The comparisons made: every later time point against the first."""
        return comparison_pairs(self.timepoints)

    def value(self, participant: str, timepoint: str, instrument: str, measure: str) -> float | None:
        for form in self.forms:
            if (form.participant, form.timepoint, form.instrument) == (participant, timepoint, instrument):
                return form.measures.get(measure)
        return None

    def median(self, instrument: str, measure: str, timepoint: str) -> GroupMedian:
        for m in self.medians:
            if (m.instrument, m.measure, m.timepoint) == (instrument, measure, timepoint):
                return m
        raise KeyError((instrument, measure, timepoint))

    def product_change_notes(self) -> list[str]:
        """One line per CEQ pair left out of a comparison because the product rated changed."""
        seen: dict[tuple[str, str, str, str], tuple[str, str]] = {}
        for c in self.comparisons:
            for code, first, then in c.product_changes:
                seen.setdefault((c.instrument, c.before, c.after, code), (first, then))
        return [t("instruments.ceq_pair_left_out", instrument=t(f"review.instrument_{inst.replace('-', '_')}"),
                  before=before, after=after, code=code, first=first, then=then)
                for (inst, before, after, code), (first, then) in seen.items()]

    def comparison(self, instrument: str, measure: str, before: str, after: str) -> Comparison:
        for c in self.comparisons:
            if (c.instrument, c.measure, c.before, c.after) == (instrument, measure, before, after):
                return c
        raise KeyError((instrument, measure, before, after))


def questionnaires(cycle: Cycle, forms: Iterable[Mapping], timepoints: Sequence[str] = TIMEPOINTS,
                   instruments_at: Mapping[str, Sequence[str]] | None = None) -> Questionnaires:
    """Scores, group medians and comparisons with the first time point, for the time points declared.

    `instruments_at` (time point -> instruments given then, from the programme) limits what counts
    as missing; a time point it does not list expects all four.
    """
    forms = list(forms)
    order = timepoints_of(timepoints, forms)
    scores = form_scores(forms, order)
    complete = {(s.participant, s.timepoint, s.instrument) for s in scores if s.completion == "done"}
    expected = instruments_at or {}
    missing = tuple((code, tp, inst) for code in cycle.participants for tp in order
                    for inst in INSTRUMENT_IDS if inst in expected.get(tp, INSTRUMENT_IDS)
                    and (code, tp, inst) not in complete)
    comparisons = tuple(compare(scores, inst, measure, before, after)
                        for inst in INSTRUMENT_IDS for measure in MEASURES[inst]
                        for before, after in comparison_pairs(order))
    return Questionnaires(forms=scores, medians=group_medians(scores, order), comparisons=comparisons,
                          missing=missing, dudit_note=t(DUDIT_TIMEFRAME_NOTE_KEY),
                          dudit_translation_note=load_instruments(language()).dudit.translation_note,
                          timepoints=order)


# ================================================================ the whole review


@dataclass(frozen=True)
class CycleReview:
    """Every figure of the review of one cycle."""

    cycle: Cycle
    programme: Programme
    attendance: Attendance
    homework: Homework
    sessions: tuple[SessionReview, ...]
    verbatims: tuple[Verbatim, ...]        # kept (not deleted), in session then capture order
    verbatim_counts: VerbatimCounts
    exercises: tuple[ExerciseAnswer, ...]
    questionnaires: Questionnaires
    flags: tuple[tuple[int, Flag], ...] = field(default=())   # (session, flag), every session
    characteristics: Characteristics | None = None
    withheld_quotes: int = 0               # verbatims of participants who refused quotation, left out of `verbatims`
    records: Mapping[str, ParticipantRecord] = field(default_factory=dict)   # code -> path record (intake...)

    def session(self, number: int) -> SessionReview:
        return self.sessions[number - 1]


def build_review(inputs: ReviewInputs) -> CycleReview:
    """Compute the whole review of a cycle from its records."""
    att = attendance(inputs.cycle, inputs.runs, inputs.participants)
    sessions = session_reviews(inputs, att)
    every = filter_verbatims(inputs.verbatims, VerbatimFilter())
    refused = refused_quotation(inputs.participants.values())
    kept = [v for v in every if v.speaker not in refused]   # his words are never quoted anywhere
    return CycleReview(
        cycle=inputs.cycle, programme=inputs.programme, attendance=att,
        homework=homework(inputs.cycle, inputs.runs), sessions=sessions, verbatims=tuple(kept),
        verbatim_counts=verbatim_counts(inputs.verbatims),
        exercises=exercise_answers(inputs.programme, inputs.exercises),
        questionnaires=questionnaires(inputs.cycle, inputs.questionnaires, inputs.programme.timepoints,
                                      {tp: inputs.programme.instruments_at(tp) for tp in inputs.programme.timepoints}),
        flags=tuple((s.number, f) for s in sessions for f in s.flags),
        characteristics=characteristics(inputs.cycle, inputs.participants,
                                        {p.code: p.last_attended for p in att.participants}),
        withheld_quotes=len(every) - len(kept),
        records=dict(inputs.participants),
    )


# ================================================================ labels


def measure_label(instrument: str, measure: str) -> str:
    """"DUDIT total", "CEQ-S imagery", "TLFB % days abstinent" in the interface language."""
    return t(f"review.instrument_{instrument.replace('-', '_')}") + " " + t(f"review.measure_{measure}")


def theme_label(programme: Programme, theme_id: str) -> str:
    if not theme_id:
        return t("review.untagged")
    try:
        return programme.theme(theme_id).label
    except KeyError:
        return theme_id
