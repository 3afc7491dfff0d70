"""The pooled evaluation of several cycles (one site or several), computed from the tidy tables alone.

Pure: the input is the tidy tables as read from CSV (`name -> rows of strings`, see
`facilitator.reports.tables`), so `facilitator report --cycles` (tables built in memory) and
`facilitator pool` (tables read from the export packages of several sites) compute the same figures,
and anyone can recompute them from the CSV files. It follows the seed's evaluation: participants'
characteristics at inclusion, participation and attendance, drop-outs, DUDIT, CEQ and TLFB at each
time point, paired comparisons T0 -> T1 and T0 -> T2 with effect sizes and confidence intervals.

A participant is identified by (cycle_id, participant): codes restart at P01 in every cycle, and in
pooled packages they are hashed with a secret of each site's data folder.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from facilitator.core.instruments import same_product
from facilitator.core.review import (
    MEASURES,
    MIN_NONZERO_PAIRS,
    PRIMARY_MEASURE,
    comparison_pairs,
    rank_biserial,
    timepoints_of,
    wilcoxon_paired,
)

Rows = Sequence[Mapping[str, str]]
Tables = Mapping[str, Rows]
Key = tuple[str, str]                                  # (cycle_id, participant)

INSTRUMENTS = ("dudit", "ceq-s", "ceq-f", "tlfb")
# the session after which each default time point is due (T0 at inclusion, T1 after session 4, T2 at
# session 8); the programme's `questionnaires_due` replaces it (see `due_sessions`)
TIMEPOINT_DUE_AFTER: dict[str, int] = {"T0": 0, "T1": 4, "T2": 8}
CONFIDENCE = 0.95
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20140101                               # fixed: the same data give the same interval


class PoolError(ValueError):
    """The tables cannot be pooled (a missing table or column, a cycle twice); the message says which."""


REQUIRED: dict[str, tuple[str, ...]] = {
    "cycles": ("site", "cycle_id", "is_demo", "start_date", "participants", "sessions_done"),
    "participants": ("site", "cycle_id", "participant", "dropout", "sessions_done", "sessions_attended",
                     "participation_rate", "last_attended_session", "product"),
    "attendance": ("cycle_id", "participant", "session", "status", "attended"),
    "questionnaire_scores": ("cycle_id", "participant", "timepoint", "instrument", "completion", "measure",
                             "value"),
}


def check_tables(tables: Tables) -> None:
    for name, columns in REQUIRED.items():
        if name not in tables:
            raise PoolError(f"table {name} is missing")
        rows = tables[name]
        if rows:
            missing = [c for c in columns if c not in rows[0]]
            if missing:
                raise PoolError(f"table {name}: column {missing[0]} is missing")
    seen: set[str] = set()
    for row in tables["cycles"]:
        if row["cycle_id"] in seen:
            raise PoolError(f"cycle {row['cycle_id']} appears twice")
        seen.add(row["cycle_id"])


def _float(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    return float(text.replace(",", "."))


def _int(text: str | None) -> int | None:
    value = _float(text)
    return None if value is None else int(value)


# ---------------------------------------------------------------- summaries


@dataclass(frozen=True)
class Summary:
    """n, median [Q1-Q3], mean (SD), min-max of a list of values."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    mean: float | None
    sd: float | None
    minimum: float | None
    maximum: float | None


def summarise(values: Iterable[float]) -> Summary:
    vals = sorted(values)
    if not vals:
        return Summary(0, None, None, None, None, None, None, None)
    q1 = q3 = vals[0]
    if len(vals) >= 2:
        q1, _, q3 = statistics.quantiles(vals, n=4, method="inclusive")
    return Summary(len(vals), statistics.median(vals), q1, q3, statistics.fmean(vals),
                   statistics.stdev(vals) if len(vals) >= 2 else None, vals[0], vals[-1])


@dataclass(frozen=True)
class Count:
    n: int
    of: int

    @property
    def share(self) -> float | None:
        return self.n / self.of if self.of else None


# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class CycleRow:
    site: str
    cycle_id: str
    label: str
    start_date: str
    is_demo: bool
    participants: int
    sessions_done: int
    dropouts: int
    median_attended: float | None
    mean_rate: float | None


@dataclass(frozen=True)
class Characteristics:
    """Participants at inclusion (T0)."""

    participants: int
    sites: int
    cycles: int
    products: dict[str, int]                           # the CEQ target product -> participants
    dudit_problem: Count                               # over the participants with a complete T0 DUDIT
    dudit_dependence: Count
    injected: Count                                    # TLFB T0 injection_days > 0, over complete T0 TLFB
    baseline: dict[tuple[str, str], Summary]           # (instrument, measure) -> T0 summary
    intakes: int = 0                                   # participants with an intake consultation recorded
    goals: dict[str, int] = field(default_factory=dict)          # over intakes
    age_bands: dict[str, int] = field(default_factory=dict)
    referrals: dict[str, int] = field(default_factory=dict)
    routes: dict[str, int] = field(default_factory=dict)         # route of use ticked at intake -> participants
    late_inclusions: int = 0
    excluded_no_consent: int = 0                       # left out: refused the use of their data for evaluation


@dataclass(frozen=True)
class Participation:
    sessions_done: Summary                             # per cycle
    attended: Summary                                  # sessions attended per participant
    rate: Summary                                      # participation rate per participant
    by_session: dict[int, Count]                       # session number -> attended / enrolled in cycles that ran it
    attended_six_or_more: Count                        # over participants of cycles with 8 sessions done
    dropouts: Count
    dropout_after: dict[int, int]                      # last session attended -> dropouts (0 = none)
    dropout_reasons: dict[str, int] = field(default_factory=dict)   # reason recorded -> dropouts


@dataclass(frozen=True)
class TimepointRow:
    instrument: str
    measure: str
    timepoint: str
    summary: Summary
    due: int                                           # forms due (participants of cycles past the time point)
    done: int                                          # complete forms
    not_yet_due: int                                   # participants of cycles that have not reached it


@dataclass(frozen=True)
class PooledComparison:
    instrument: str
    measure: str
    before: str
    after: str
    n: int
    n_nonzero: int
    median_before: float | None
    median_after: float | None
    median_difference: float | None
    statistic: float | None
    p_value: float | None
    method: str
    effect_size: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str                                        # no_pairs / all_zero / too_few, "" when tested
    primary: bool                                      # one of the pre-declared primary comparisons
    p_holm: float | None = None                        # Holm-adjusted p within the primary family
    product_changes: int = 0                           # CEQ pairs left out: the product rated changed

    @property
    def tested(self) -> bool:
        return self.p_value is not None


@dataclass(frozen=True)
class SiteChange:
    """One site's primary measure: median at the baseline and at the last time point, paired change."""

    site: str
    instrument: str
    measure: str
    before: str
    after: str
    n_before: int
    median_before: float | None
    n_after: int
    median_after: float | None
    pairs: int
    median_difference: float | None       # over the participants with both values


@dataclass(frozen=True)
class PooledEvaluation:
    cycles: tuple[CycleRow, ...]
    characteristics: Characteristics
    participation: Participation
    timepoints: tuple[TimepointRow, ...]
    comparisons: tuple[PooledComparison, ...]
    demo: bool                                         # some data are fictitious (demo cycles)
    timepoint_order: tuple[str, ...] = ("T0", "T1", "T2")
    due_after: dict[str, int] = field(default_factory=dict)   # time point -> session after which it is due
    sites: tuple[SiteChange, ...] = ()     # per site, to see whether the sites agree (no test: too few each)

    def timepoint(self, instrument: str, measure: str, timepoint: str) -> TimepointRow:
        for row in self.timepoints:
            if (row.instrument, row.measure, row.timepoint) == (instrument, measure, timepoint):
                return row
        raise KeyError((instrument, measure, timepoint))

    def comparison(self, instrument: str, measure: str, before: str, after: str) -> PooledComparison:
        for c in self.comparisons:
            if (c.instrument, c.measure, c.before, c.after) == (instrument, measure, before, after):
                return c
        raise KeyError((instrument, measure, before, after))

    @property
    def primary_family(self) -> int:
        return sum(1 for c in self.comparisons if c.primary and c.tested)


# ---------------------------------------------------------------- computation


def products_by_key(tables: Tables) -> dict[tuple[str, str, str, str], str]:
    """(instrument, cycle_id, participant, timepoint) -> the CEQ target product of the form."""
    return {(row["instrument"], row["cycle_id"], row["participant"], row["timepoint"]): row.get("product", "")
            for row in tables["questionnaire_scores"] if row.get("product")}


def scores_by_key(tables: Tables) -> dict[tuple[str, str, str], dict[Key, float]]:
    """(instrument, measure, timepoint) -> {(cycle_id, participant): value} over complete forms."""
    out: dict[tuple[str, str, str], dict[Key, float]] = {}
    for row in tables["questionnaire_scores"]:
        value = _float(row["value"])
        if value is None or row["completion"] != "done":
            continue
        out.setdefault((row["instrument"], row["measure"], row["timepoint"]), {})[
            (row["cycle_id"], row["participant"])] = value
    return out


def _cycles(tables: Tables) -> tuple[CycleRow, ...]:
    people: dict[str, list[Mapping[str, str]]] = {}
    for row in tables["participants"]:
        people.setdefault(row["cycle_id"], []).append(row)
    out = []
    for row in sorted(tables["cycles"], key=lambda r: (r["site"], r["start_date"], r["cycle_id"])):
        members = people.get(row["cycle_id"], [])
        done = _int(row["sessions_done"]) or 0
        attended = [_int(p["sessions_attended"]) or 0 for p in members]
        rates = [r for p in members if (r := _float(p["participation_rate"])) is not None]
        out.append(CycleRow(
            site=row["site"], cycle_id=row["cycle_id"], label=row.get("label", ""), start_date=row["start_date"],
            is_demo=row["is_demo"] == "1", participants=len(members), sessions_done=done,
            dropouts=sum(1 for p in members if p["dropout"] == "1"),
            median_attended=statistics.median(attended) if attended and done else None,
            mean_rate=statistics.fmean(rates) if rates else None))
    return tuple(out)


def _characteristics(tables: Tables, scores: Mapping[tuple[str, str, str], dict[Key, float]]) -> Characteristics:
    people = tables["participants"]
    products = Counter(p["product"] or "" for p in people)

    def flag(measure: str) -> Count:
        values = scores.get(("dudit", measure, "T0"), {})
        return Count(sum(1 for v in values.values() if v >= 1), len(values))

    injection = scores.get(("tlfb", "injection_days", "T0"), {})
    baseline = {(inst, measure): summarise(scores.get((inst, measure, "T0"), {}).values())
                for inst in INSTRUMENTS for measure in MEASURES[inst]}
    intakes = [p for p in people if p.get("intake") == "1"]

    def tally(column: str) -> dict[str, int]:
        counts = Counter(p.get(column, "") for p in intakes if p.get(column, ""))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    routes = Counter(row["choice"] for row in tables.get("intake_choices", []) if row.get("question") == "route")
    return Characteristics(
        intakes=len(intakes), goals=tally("goal"), age_bands=dict(sorted(tally("age_band").items())),
        referrals=tally("referral"), routes=dict(sorted(routes.items(), key=lambda kv: (-kv[1], kv[0]))),
        late_inclusions=sum(1 for p in people if p.get("late_from_session")),
        participants=len(people), sites=len({r["site"] for r in tables["cycles"]}),
        cycles=len(tables["cycles"]), products=dict(sorted(products.items(), key=lambda kv: (-kv[1], kv[0]))),
        dudit_problem=flag("problem"), dudit_dependence=flag("probable_dependence"),
        injected=Count(sum(1 for v in injection.values() if v > 0), len(injection)), baseline=baseline)


def _participation(tables: Tables) -> Participation:
    cycles = {r["cycle_id"]: r for r in tables["cycles"]}
    people = tables["participants"]
    done_of = {cid: _int(r["sessions_done"]) or 0 for cid, r in cycles.items()}
    enrolled = Counter(p["cycle_id"] for p in people)
    by_session: dict[int, Count] = {}
    attended: Counter[int] = Counter()
    for row in tables["attendance"]:
        if row["attended"] == "1":
            attended[int(row["session"])] += 1
    for n in range(1, 9):
        ran = [cid for cid, done in done_of.items() if done >= n]
        if ran:
            by_session[n] = Count(attended[n], sum(enrolled[cid] for cid in ran))
    finished = [p for p in people if done_of.get(p["cycle_id"], 0) >= 8]
    dropouts = [p for p in people if p["dropout"] == "1"]
    return Participation(
        sessions_done=summarise(float(v) for v in done_of.values()),
        attended=summarise(float(_int(p["sessions_attended"]) or 0) for p in people
                           if done_of.get(p["cycle_id"], 0) > 0),
        rate=summarise(r for p in people if (r := _float(p["participation_rate"])) is not None),
        by_session=by_session,
        attended_six_or_more=Count(sum(1 for p in finished if (_int(p["sessions_attended"]) or 0) >= 6),
                                   len(finished)),
        dropouts=Count(len(dropouts), len(people)),
        dropout_after=dict(sorted(Counter(_int(p["last_attended_session"]) or 0 for p in dropouts).items())),
        dropout_reasons=dict(Counter(p.get("dropout_reason") or "unknown" for p in dropouts).most_common()))


def _timepoints(tables: Tables, scores: Mapping[tuple[str, str, str], dict[Key, float]],
                timepoints: Sequence[str], due_after: Mapping[str, int]) -> tuple[TimepointRow, ...]:
    done_of = {r["cycle_id"]: _int(r["sessions_done"]) or 0 for r in tables["cycles"]}
    people = [(p["cycle_id"], p["participant"]) for p in tables["participants"]]
    rows = []
    for inst in INSTRUMENTS:
        for measure in MEASURES[inst]:
            for tp in timepoints:
                due = [k for k in people if done_of.get(k[0], 0) >= due_after.get(tp, 0)]
                values = scores.get((inst, measure, tp), {})
                rows.append(TimepointRow(inst, measure, tp, summarise(values.values()), due=len(due),
                                         done=len(values), not_yet_due=len(people) - len(due)))
    return tuple(rows)


def bootstrap_ci(differences: Sequence[float], *, resamples: int = BOOTSTRAP_RESAMPLES,
                 confidence: float = CONFIDENCE, seed: int = BOOTSTRAP_SEED) -> tuple[float | None, float | None]:
    """Percentile bootstrap interval of the rank-biserial correlation of paired differences (seeded).

    Each resample draws the pairs with replacement; its r is computed as `rank_biserial` does (zeros
    dropped, ties given average ranks; 0 when every drawn difference is zero), all resamples at once.
    """
    import numpy as np
    from scipy.stats import rankdata

    diffs = np.asarray(list(differences), dtype=float)
    if diffs.size == 0:
        return None, None
    rng = np.random.default_rng(seed)
    samples = diffs[rng.integers(0, diffs.size, size=(resamples, diffs.size))]
    # zeros get rank 0 weight: rank |d| among all, then remove the zeros' share by ranking non-zeros only
    magnitude = np.where(samples == 0, np.nan, np.abs(samples))
    ranks = rankdata(magnitude, axis=1, nan_policy="omit")
    ranks = np.nan_to_num(ranks, nan=0.0)
    plus = np.where(samples > 0, ranks, 0.0).sum(axis=1)
    minus = np.where(samples < 0, ranks, 0.0).sum(axis=1)
    total = plus + minus
    r = np.divide(plus - minus, total, out=np.zeros_like(total), where=total > 0)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(r, [alpha, 1 - alpha], method="inverted_cdf")
    return float(low), float(high)


def pooled_compare(scores: Mapping[tuple[str, str, str], dict[Key, float]], instrument: str, measure: str,
                   before: str, after: str,
                   products: Mapping[tuple[str, str, str, str], str] | None = None) -> PooledComparison:
    """Compare over the participants with both values; CEQ pairs whose product changed are left out
    (as in the review of one cycle: the comparison is of one craving, not of two)."""
    first = scores.get((instrument, measure, before), {})
    second = scores.get((instrument, measure, after), {})
    keys = sorted(set(first) & set(second))
    changed = 0
    if products and instrument in ("ceq-s", "ceq-f"):
        kept = []
        for key in keys:
            a = products.get((instrument, *key, before), "")
            b = products.get((instrument, *key, after), "")
            if a and b and not same_product(a, b):
                changed += 1
            else:
                kept.append(key)
        keys = kept
    xs = [first[k] for k in keys]
    ys = [second[k] for k in keys]
    diffs = [b - a for a, b in zip(xs, ys, strict=True)]
    nonzero = [d for d in diffs if d != 0]
    untested = PooledComparison(
        instrument=instrument, measure=measure, before=before, after=after, n=len(keys), n_nonzero=len(nonzero),
        median_before=statistics.median(xs) if xs else None, median_after=statistics.median(ys) if ys else None,
        median_difference=statistics.median(diffs) if diffs else None, statistic=None, p_value=None, method="",
        effect_size=None, ci_low=None, ci_high=None, reason="", primary=measure == PRIMARY_MEASURE[instrument],
        product_changes=changed)
    if not keys:
        return replace(untested, reason="no_pairs")
    if not nonzero:
        return replace(untested, reason="all_zero")
    if len(nonzero) < MIN_NONZERO_PAIRS:
        return replace(untested, reason="too_few")
    statistic, p_value, method = wilcoxon_paired(xs, ys)
    low, high = bootstrap_ci(diffs)
    return replace(untested, statistic=statistic, p_value=p_value, method=method,
                   effect_size=rank_biserial(diffs), ci_low=low, ci_high=high)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the order given."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    m = len(p_values)
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def pooled_evaluation(tables: Tables, timepoints: Sequence[str] = ("T0", "T1", "T2"),
                      due_after: Mapping[str, int] | None = None) -> PooledEvaluation:
    """Every figure of the pooled evaluation of the cycles in `tables`.

    `timepoints` in the programme's order (the first is the baseline every later one is compared
    with); `due_after`: time point -> the session after which it is due (a cycle that has not run
    that session counts the form as not yet due, never as missing).
    """
    check_tables(tables)
    tables, excluded = without_refusals(tables)
    timepoints = timepoints_of(timepoints, tables.get("questionnaire_scores", ()))
    due_after = dict(TIMEPOINT_DUE_AFTER if due_after is None else due_after)
    scores = scores_by_key(tables)
    products = products_by_key(tables)
    comparisons = [pooled_compare(scores, inst, measure, before, after, products)
                   for inst in INSTRUMENTS for measure in MEASURES[inst]
                   for before, after in comparison_pairs(timepoints)]
    family = [i for i, c in enumerate(comparisons) if c.primary and c.p_value is not None]
    adjusted = holm([comparisons[i].p_value or 0.0 for i in family])
    for i, p in zip(family, adjusted, strict=True):
        comparisons[i] = replace(comparisons[i], p_holm=p)
    characteristics = replace(_characteristics(tables, scores), excluded_no_consent=excluded)
    return PooledEvaluation(
        cycles=_cycles(tables), characteristics=characteristics,
        participation=_participation(tables), timepoints=_timepoints(tables, scores, timepoints, due_after),
        comparisons=tuple(comparisons), demo=any(r["is_demo"] == "1" for r in tables["cycles"]),
        timepoint_order=timepoints, due_after=due_after, sites=site_changes(tables, scores, timepoints))


def site_changes(tables: Tables, scores: Mapping[tuple[str, str, str], dict[Key, float]],
                 timepoints: Sequence[str]) -> tuple[SiteChange, ...]:
    """Each site's primary measures, baseline against the last declared time point."""
    if len(timepoints) < 2:
        return ()
    site_of = {row["cycle_id"]: row["site"] for row in tables["cycles"]}
    before, after = timepoints[0], timepoints[-1]
    out = []
    for site in sorted(set(site_of.values())):
        for inst in INSTRUMENTS:
            measure = PRIMARY_MEASURE[inst]
            first = {k: v for k, v in scores.get((inst, measure, before), {}).items() if site_of.get(k[0]) == site}
            last = {k: v for k, v in scores.get((inst, measure, after), {}).items() if site_of.get(k[0]) == site}
            both = sorted(set(first) & set(last))
            diffs = [last[k] - first[k] for k in both]
            out.append(SiteChange(site, inst, measure, before, after, len(first),
                                  statistics.median(first.values()) if first else None, len(last),
                                  statistics.median(last.values()) if last else None, len(both),
                                  statistics.median(diffs) if diffs else None))
    return tuple(out)


def without_refusals(tables: Tables) -> tuple[dict[str, Rows], int]:
    """The tables without the participants who refused the use of their data for the evaluation.

    Every row keyed by (cycle_id, participant) of a refusal is left out; the cycle itself stays.
    """
    refused = {(p["cycle_id"], p["participant"]) for p in tables["participants"]
               if p.get("consent_evaluation") == "0"}
    if not refused:
        return dict(tables), 0
    out: dict[str, Rows] = {}
    for name, rows in tables.items():
        out[name] = [r for r in rows if (r.get("cycle_id"), r.get("participant")) not in refused]
    return out, len(refused)


def due_sessions(programme: object) -> tuple[tuple[str, ...], dict[str, int]]:
    """(time points in order, time point -> session after which it is due) of a programme.

    A follow-up (weeks after a session) is counted as due once that session is done: the tables
    hold no calendar of follow-ups, so a follow-up form not yet collected shows as missing.
    """
    declared = getattr(programme, "questionnaires_due", None) or []
    if not declared:
        return ("T0", "T1", "T2"), dict(TIMEPOINT_DUE_AFTER)
    return (tuple(d.timepoint for d in declared), {d.timepoint: d.session for d in declared})
