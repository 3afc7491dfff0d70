"""Review figures on small hand-made records: attendance, homework, timings, verbatims, statistics."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.exercises import empty_answers
from facilitator.core.instruments import ceq_baseline_product
from facilitator.core.live import LiveSession
from facilitator.core.models import Cycle, Facilitator, SessionRun, Verbatim
from facilitator.core.review import (
    MIN_NONZERO_PAIRS,
    ReviewInputs,
    VerbatimFilter,
    average_ranks,
    build_review,
    compare,
    exercise_answers,
    exercise_values,
    filter_verbatims,
    fold,
    form_scores,
    questionnaires,
    rank_biserial,
    wilcoxon_paired,
)


def make_cycle(codes=("P01", "P02", "P03"), dropouts=()) -> Cycle:
    return Cycle(id="ctest", label="Test", site="Site", start_date=date(2026, 1, 5),
                 facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                 participants=list(codes), dropouts=list(dropouts))


def run_session(programme, number, attendance, *, overrun_s=0, pause_s=0, homework=None, reviews=None):
    """A done run: each item lasts its plan, the first one `overrun_s` longer, one pause of `pause_s`."""
    clock = FakeClock(1_800_000_000 + number * 7 * 86400)
    session = programme.session(number)
    live = LiveSession(SessionRun(cycle_id="ctest", number=number), session)
    live.start(clock.now())
    for code, status in attendance.items():
        live.set_attendance(code, status, clock.now())
    for code, status in (reviews or {}).items():
        live.review_homework(code, status, "", clock.now())
    for index, item in enumerate(session.agenda):
        if index:
            live.goto(index, clock.now())
        clock.advance(item.minutes * 60 + (overrun_s if index == 0 else 0))
        if index == 0 and pause_s:
            live.toggle_pause(clock.now())
            clock.advance(pause_s)
            live.toggle_pause(clock.now())
    live.end(clock.now(), homework if homework is not None else [h.id for h in session.homework])
    return live.run


def test_attendance_rates_median_and_dropouts(programme):
    cycle = make_cycle(dropouts=["P03"])
    runs = {
        1: run_session(programme, 1, {"P01": "present", "P02": "late", "P03": "present"}),
        2: run_session(programme, 2, {"P01": "present", "P02": "excused", "P03": "absent"}),
        3: run_session(programme, 3, {"P01": "absent", "P02": "present", "P03": "absent"}),
    }
    review = build_review(ReviewInputs(cycle, runs, [], {}, [], programme))
    att = review.attendance
    assert att.sessions_done == (1, 2, 3)
    by = {p.code: p for p in att.participants}
    assert [by[c].attended for c in ("P01", "P02", "P03")] == [2, 2, 1]
    assert by["P02"].late == 1 and by["P02"].excused == 1 and by["P02"].absent == 0
    assert by["P03"].absent == 2 and by["P03"].late == 0 and by["P01"].absent == 1
    assert by["P01"].rate == pytest.approx(2 / 3)
    assert by["P03"].dropout and by["P03"].last_attended == 1
    assert att.median_attended == 2
    assert att.dropouts == ("P03",)
    assert att.sessions[0].rate == 1.0 and att.sessions[2].rate == pytest.approx(1 / 3)
    assert att.sessions[3].rate is None and not att.sessions[3].done
    assert att.status("P02", 2) == "excused" and att.status("P02", 5) is None


def test_homework_is_reviewed_at_the_next_session(programme):
    cycle = make_cycle()
    runs = {
        1: run_session(programme, 1, {"P01": "present", "P02": "present", "P03": "present"}),
        2: run_session(programme, 2, {"P01": "present", "P02": "present", "P03": "present"},
                       reviews={"P01": "done", "P02": "partly", "P03": "not_done"}),
        3: run_session(programme, 3, {"P01": "present", "P02": "present", "P03": "present"},
                       reviews={"P01": "done", "P02": "done"}),
    }
    hw = build_review(ReviewInputs(cycle, runs, [], {}, [], programme)).homework
    assert hw.overall.reviewed == 5 and hw.overall.done == 3 and hw.overall.partly == 1
    assert hw.overall.done_rate == pytest.approx(3 / 5)
    assert hw.overall.done_or_partly_rate == pytest.approx(4 / 5)
    assert hw.by_participant["P01"].done_rate == 1.0
    assert hw.by_participant["P03"].done_rate == 0.0
    assert hw.by_session[1].reviewed == 3 and hw.by_session[2].reviewed == 2
    first = next(r for r in hw.records if r.participant == "P01" and r.reviewed_session == 2)
    assert first.given_session == 1 and first.homework_ids == ("hw-s1-triggers",)


def test_item_timings_come_from_the_events(programme):
    cycle = make_cycle()
    runs = {1: run_session(programme, 1, {"P01": "present"}, overrun_s=150, pause_s=300)}
    review = build_review(ReviewInputs(cycle, runs, [], {}, [], programme))
    s1 = review.session(1)
    agenda = programme.session(1).agenda
    assert [i.item_id for i in s1.items] == [a.id for a in agenda]
    assert s1.items[0].planned_s == agenda[0].minutes * 60
    assert s1.items[0].actual_s == agenda[0].minutes * 60 + 150 and s1.items[0].delta_s == 150
    assert all(i.delta_s == 0 for i in s1.items[1:])
    assert s1.paused_s == 300 and s1.pauses == 1
    assert s1.actual_s == sum(a.minutes for a in agenda) * 60 + 150
    assert s1.items[0].title == agenda[0].title
    assert review.session(2).items == () and review.session(2).status == "planned"


def verbatim(n, session, speaker, themes, text, item="s1-welcome", deleted=False):
    return Verbatim(id=f"v{n}", cycle_id="ctest", session=session, item_id=item, speaker=speaker,
                    themes=themes, text=text, at=1000.0 + n, elapsed_s=float(n), deleted=deleted)


def test_verbatim_filters_ignore_case_and_accents(programme):
    items = [
        verbatim(1, 1, "P01", ["craving"], "L'ÉTÉ dernier, c'était dur"),
        verbatim(2, 1, "P02", ["trigger_weekend"], "Le week-end je tourne en rond"),
        verbatim(3, 2, "P01", ["sexuality"], "Sans produit j'ai peur", item="s2-risk"),
        verbatim(4, 2, "P01", ["craving"], "Effacé", deleted=True),
    ]
    assert fold("ÉtÉ Œuvre") == "ete œuvre"
    assert [v.id for v in filter_verbatims(items, VerbatimFilter(text="ete dernier"))] == ["v1"]
    assert [v.id for v in filter_verbatims(items, VerbatimFilter(text="c'etait"))] == ["v1"]
    assert [v.id for v in filter_verbatims(items, VerbatimFilter(speaker="P01"))] == ["v1", "v3"]
    assert [v.id for v in filter_verbatims(items, VerbatimFilter(session=2))] == ["v3"]
    assert [v.id for v in filter_verbatims(items, VerbatimFilter(item_id="s2-risk"))] == ["v3"]
    # a parent theme matches its children when the codebook is known
    assert [v.id for v in filter_verbatims(items, VerbatimFilter(theme="triggers"), programme)] == ["v2"]
    assert filter_verbatims(items, VerbatimFilter(theme="triggers")) == []
    review = build_review(ReviewInputs(make_cycle(), {}, items, {}, [], programme))
    counts = review.verbatim_counts
    assert counts.total == 3 and counts.deleted == 1
    assert counts.by_theme == {"craving": 1, "trigger_weekend": 1, "sexuality": 1}
    assert counts.by_speaker == {"P01": 2, "P02": 1} and counts.by_session == {1: 2, 2: 1}


def test_exercise_values_flatten_tables_and_grids(programme):
    exercise = programme.exercise("weekend_planner")
    values = {"week": {"Samedi": {"Soirée": "cinéma", "Nuit": ""}},
              "ratings": [{"day": "Samedi", "activity": "cinéma", "pleasure": 7}],
              "plan_b": "appeler un ami", "unknown_field": 3}
    flat = exercise_values(exercise, values)
    cells = {(v.field_id, v.row, v.column): v.value for v in flat}
    assert cells[("week", "Samedi", "Soirée")] == "cinéma"
    assert ("week", "Samedi", "Nuit") not in cells
    assert cells[("ratings", "1", "pleasure")] == "7"
    assert cells[("plan_b", "", "")] == "appeler un ami"
    assert cells[("unknown_field", "", "")] == "3"
    rows = exercise_values(programme.exercise("response_curve"),
                           {"phases": [{"with_products": "fort"}, {"with_products": "long"}]})
    assert [v.row for v in rows] == ["Désir", "Excitation"]


def test_exercise_answers_count_filled_fields_as_the_sheet_does(programme):
    """A saved blank sheet (fixed table rows, week grid) has no field filled; unknown fields are not counted."""
    planner = programme.exercise("weekend_planner")
    blank = empty_answers(planner)
    half = dict(blank, plan_b="appeler un ami", unknown_field="x")
    answers = exercise_answers(programme, {1: [{"exercise_id": "weekend_planner", "subject": "P01", "values": blank},
                                               {"exercise_id": "weekend_planner", "subject": "P02", "values": half},
                                               {"exercise_id": "gone", "subject": "P03", "values": {"a": "x", "b": ""}}]})
    counts = {a.subject: (a.fields_filled, a.fields_total) for a in answers}
    assert counts == {"P01": (0, 3), "P02": (1, 3), "P03": (1, 2)}


# -------------------------------------------------------------------- statistics


def test_wilcoxon_hand_example_exact():
    # differences -2 -4 -5 -6 -7 -8 +1 -3: ranks of |d| are 2 4 5 6 7 8 1 3, so R+ = 1 and R- = 35.
    # Exact null: 2 of the 256 sign patterns give R+ <= 1 ({} and {1}); two-sided p = 2 x 2/256.
    before = [10, 12, 9, 15, 11, 14, 6, 8]
    diffs = [-2, -4, -5, -6, -7, -8, 1, -3]
    after = [b + d for b, d in zip(before, diffs, strict=True)]
    w, p, method = wilcoxon_paired(before, after)
    assert (w, method) == (1.0, "exact")
    assert p == pytest.approx(4 / 256)
    assert rank_biserial(diffs) == pytest.approx((1 - 35) / 36)


def brute_force_p(diffs):
    """Two-sided p by enumerating all sign flips of the ranks (the definition of the exact test)."""
    nonzero = [d for d in diffs if d]
    ranks = average_ranks([abs(d) for d in nonzero])
    total = sum(ranks)
    observed = sum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0)
    centre = total / 2
    extreme = 0
    for signs in itertools.product((0, 1), repeat=len(ranks)):
        r_plus = sum(r for r, s in zip(ranks, signs, strict=True) if s)
        if abs(r_plus - centre) >= abs(observed - centre) - 1e-9:
            extreme += 1
    return extreme / 2 ** len(ranks)


def test_wilcoxon_with_ties_is_an_exact_permutation():
    diffs = [-1, -1, -2, -3, -4, -5, 2, -2]
    w, p, method = wilcoxon_paired([0] * len(diffs), diffs)
    assert method == "permutation"
    assert p == pytest.approx(brute_force_p(diffs))
    # |d| sorted 1 1 2 2 2 3 4 5 -> ranks 1.5 1.5 4 4 4 6 7 8; the one positive difference (+2) has rank 4
    assert w == 4.0
    assert average_ranks([1, 1, 2, 3]) == [1.5, 1.5, 3, 4]


@pytest.mark.parametrize("diffs", [
    [-2, -4, -5, -6, -7, -8, 1, -3],
    [-1, -1, -2, -3, -4, -5, 2, -2],
    [3, -1, 4, -1, 5, -9, 2, -6, 5, -3, 5],
    [-0.5, -1.25, 2.0, -3.5, -0.5, -4.0, -2.0, 1.25, -6.0, -7.5, -0.25, -1.0],
])
def test_exact_p_agrees_with_scipy(diffs):
    from scipy import stats

    method = "exact" if len({abs(d) for d in diffs}) == len(diffs) else stats.PermutationMethod(
        n_resamples=2 ** len(diffs))
    expected = stats.wilcoxon(diffs, method=method).pvalue
    _, p, _ = wilcoxon_paired([0.0] * len(diffs), diffs)
    assert p == pytest.approx(expected, rel=1e-9)
    assert p == pytest.approx(brute_force_p(diffs))


def test_large_samples_use_scipy_normal_approximation():
    from scipy import stats

    diffs = [((-1) ** k) * (k % 7 + 1) - 2 for k in range(40)]
    w, p, method = wilcoxon_paired([0] * 40, diffs)
    nonzero = [d for d in diffs if d]
    reference = stats.wilcoxon(nonzero, method="asymptotic")
    assert method == "normal approximation"
    assert (w, p) == pytest.approx((reference.statistic, reference.pvalue))


def forms_for(values_t0, values_t2, instrument="dudit"):
    """Forms whose DUDIT total equals the wanted value (items 1-9 scored 0-4 by option index)."""
    def dudit(total):
        items = []
        left = total
        for _ in range(9):
            items.append(min(4, left))
            left -= items[-1]
        return {"items": items + [0, 0], "sex": "m"}

    forms = []
    for n, (a, b) in enumerate(zip(values_t0, values_t2, strict=True), start=1):
        forms.append({"participant": f"P{n:02d}", "timepoint": "T0", "instrument": instrument,
                      "answers": dudit(a)})
        if b is not None:
            forms.append({"participant": f"P{n:02d}", "timepoint": "T2", "instrument": instrument,
                          "answers": dudit(b)})
    return forms


def test_compare_reports_why_no_test_was_run():
    scores = form_scores(forms_for([10, 12, 14], [10, 12, 14]))
    zero = compare(scores, "dudit", "total", "T0", "T2")
    assert zero.reason == "all_zero" and zero.p_value is None and zero.n == 3 and zero.reason_text
    few = compare(form_scores(forms_for([10, 12, 14], [8, 12, 9])), "dudit", "total", "T0", "T2")
    assert few.reason == "too_few" and few.n_nonzero == 2 and str(MIN_NONZERO_PAIRS) in few.reason_text
    none = compare(form_scores(forms_for([10, 12], [None, None])), "dudit", "total", "T0", "T2")
    assert none.reason == "no_pairs" and none.n == 0 and none.median_difference is None


def test_compare_runs_the_test_on_paired_participants_only():
    t0 = [20, 18, 25, 30, 16, 22, 19, 27, 12]
    t2 = [14, 15, 20, 22, 17, 16, 12, 20, None]     # P09 has no T2: left out
    result = compare(form_scores(forms_for(t0, t2)), "dudit", "total", "T0", "T2")
    assert result.n == 8 and result.reason == "" and result.tested
    diffs = [b - a for a, b in zip(t0[:8], t2[:8], strict=True)]
    assert result.p_value == pytest.approx(brute_force_p(diffs))
    assert result.effect_size == pytest.approx(rank_biserial(diffs)) and result.effect_size < -0.8
    assert result.median_before == 21.0 and result.median_after == 16.5


def test_partial_forms_are_not_scored():
    forms = [{"participant": "P01", "timepoint": "T0", "instrument": "ceq-s",
              "answers": {"items": [5] * 9 + [None], "product": "3-MMC"}},
             {"participant": "P02", "timepoint": "T0", "instrument": "ceq-s",
              "answers": {"items": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "product": "GHB"}}]
    scores = {s.participant: s for s in form_scores(forms)}
    assert scores["P01"].completion == "partial" and scores["P01"].measures["total"] is None
    assert scores["P02"].measures == {"total": 5.5, "intensity": 2.0, "imagery": 5.5, "intrusiveness": 9.0}
    assert scores["P02"].product == "GHB"


def ceq_form(code, tp, total, product):
    return {"participant": code, "timepoint": tp, "instrument": "ceq-s",
            "answers": {"items": [total] * 10, "product": product}}


def test_ceq_pairs_with_another_product_are_left_out_and_said():
    forms = [ceq_form("P01", "T0", 8, "3-MMC"), ceq_form("P01", "T1", 4, " 3-mmc "),    # same product
             ceq_form("P02", "T0", 7, "3-MMC"), ceq_form("P02", "T1", 2, "GHB"),        # changed: left out
             ceq_form("P03", "T0", 6, "GHB"), ceq_form("P03", "T1", 5, "GHB")]
    result = compare(form_scores(forms), "ceq-s", "total", "T0", "T1")
    assert result.n == 2 and result.median_before == 7.0 and result.median_after == 4.5
    assert result.product_changes == (("P02", "3-MMC", "GHB"),)
    review_q = questionnaires(make_cycle(), forms)
    notes = review_q.product_change_notes()
    assert notes == ["CEQ-S T0 → T1\u00a0: P02 laissé hors de la comparaison, le produit évalué a changé (3-MMC → GHB)."]


def test_ceq_baseline_product_is_the_earliest_time_point():
    forms = [ceq_form("P01", "T0", 8, "3-MMC"), ceq_form("P01", "T1", 4, "GHB"),
             {"participant": "P02", "timepoint": "T0", "instrument": "ceq-f", "answers": {"product": "kétamine"}},
             {"participant": "P01", "timepoint": "T0", "instrument": "dudit", "answers": {"items": []}}]
    order = ("T0", "T1", "T2", "T3")
    assert ceq_baseline_product(forms, "P01", "T1", order) == "3-MMC"
    assert ceq_baseline_product(forms, "P01", "T2", order) == "3-MMC"     # T0 wins over T1
    assert ceq_baseline_product(forms, "P02", "T3", order) == "kétamine"  # either CEQ form of T0
    assert ceq_baseline_product(forms, "P01", "T0", order) == ""          # nothing before T0
    assert ceq_baseline_product(forms, "P03", "T1", order) == ""
