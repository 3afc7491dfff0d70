"""Property tests: scores stay in their ranges whatever the answers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.instruments import (
    TlfbDay,
    TlfbRecord,
    completion,
    load_instruments,
    score_answers,
    score_ceq,
    score_dudit,
    score_tlfb,
    tlfb_answers_from_record,
    tlfb_record_from_answers,
)

DUDIT_ANSWERS = st.tuples(*([st.integers(0, 4)] * 9 + [st.integers(0, 2)] * 2)).map(list)
SUBSTANCES = load_instruments().tlfb.substance_ids
END = date(2025, 6, 15)


@given(DUDIT_ANSWERS, st.sampled_from(["m", "f"]))
def test_dudit_total_in_range_and_flags_follow_the_cutoffs(answers, sex):
    score = score_dudit(answers, sex)
    assert 0 <= score.total <= 44
    assert score.total == sum(score.item_scores)
    assert score.problem == (score.total >= (6 if sex == "m" else 2))
    assert score.probable_dependence == (score.total >= 25)
    if score.probable_dependence:
        assert score.problem


@given(DUDIT_ANSWERS, st.integers(0, 10))
def test_dudit_any_missing_item_blanks_the_total(answers, missing):
    answers[missing] = None
    score = score_dudit(answers, "m")
    assert score.total is None and not score.complete and not score.problem


@given(st.lists(st.integers(0, 10), min_size=10, max_size=10))
def test_ceq_factors_in_range(answers):
    score = score_ceq(answers)
    for value in (score.intensity, score.imagery, score.intrusiveness, score.total):
        assert 0 <= value <= 10
    assert min(answers) - 0.005 <= score.total <= max(answers) + 0.005


DAY = st.builds(TlfbDay, substances=st.frozensets(st.sampled_from(SUBSTANCES), max_size=3),
                injection=st.booleans(), unknown=st.booleans(), sexual=st.booleans(),
                other_name=st.sampled_from(["", "kratom", "[x]"]))


@st.composite
def records(draw, allow_unknown=True):
    window = draw(st.integers(1, 60))
    offsets = draw(st.sets(st.integers(0, window - 1), max_size=window))
    days = {}
    for offset in offsets:
        day = draw(DAY)
        if not allow_unknown:
            day = TlfbDay(day.substances, day.injection, unknown=False, sexual=day.sexual, other_name=day.other_name)
        days[END - timedelta(days=offset)] = day
    return TlfbRecord(end=END, window_days=window, days=days)


@settings(max_examples=200)
@given(records())
def test_tlfb_counts_are_consistent(record):
    score = score_tlfb(record)
    assert score.days_assessed + score.unknown_days == record.window_days
    assert 0 <= score.days_used <= score.days_assessed
    assert 0 <= score.longest_abstinent_streak <= score.days_assessed - score.days_used
    assert score.injection_days <= score.days_used
    for substance, days in score.days_by_substance.items():
        # alcohol is counted apart: it can be taken on days without drug use
        assert 0 <= days <= (score.days_assessed if substance == "alcohol" else score.days_used)
    assert score.alcohol_days == score.days_by_substance["alcohol"]
    assert score.sexual_context_use_days <= min(score.days_used, score.sexual_context_days)
    assert score.sexual_context_days <= score.days_assessed
    if score.days_used:
        assert 0 <= score.days_since_last_use < record.window_days
    else:
        assert score.days_since_last_use is None
    if score.days_assessed:
        assert 0 <= score.pct_days_used <= 100 and 0 <= score.pct_days_abstinent <= 100


@given(records(allow_unknown=False))
def test_tlfb_percentages_sum_to_100_without_unknown_days(record):
    score = score_tlfb(record)
    assert abs(score.pct_days_used + score.pct_days_abstinent - 100) < 1e-9
    assert score.pct_days_used == round(score.days_used / score.days_assessed * 100, 2)


@given(records())
def test_tlfb_answers_round_trip(record):
    assert tlfb_record_from_answers(tlfb_answers_from_record(record, SUBSTANCES)) == record


@given(st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=11, max_size=11), st.sampled_from(["m", "f"]))
def test_dudit_completion_agrees_with_the_score(items, sex):
    answers = {"items": items, "sex": sex}
    state = completion("dudit", answers)
    score = score_answers("dudit", answers)
    assert (state == "done") == (score is not None and score.complete)
    assert (state == "missing") == all(item is None for item in items)
    if state == "missing":
        assert score is None


@given(records())
def test_tlfb_alcohol_never_changes_the_drug_figures(record):
    # the same calendar with alcohol added on every day: only alcohol_days and its count move
    with_alcohol = TlfbRecord(end=record.end, window_days=record.window_days, days={
        day: TlfbDay(entry.substances | {"alcohol"}, entry.injection, entry.unknown, entry.sexual, entry.other_name)
        for day, entry in record.days.items()})
    before, after = score_tlfb(record), score_tlfb(with_alcohol)
    for name in ("days_used", "pct_days_used", "pct_days_abstinent", "longest_abstinent_streak",
                 "days_since_last_use", "sexual_context_use_days"):
        assert getattr(before, name) == getattr(after, name), name
