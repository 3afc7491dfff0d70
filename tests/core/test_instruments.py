"""Scoring of DUDIT, CEQ and TLFB against hand-computed examples, and the definition files."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from facilitator.core.instruments import (
    DUDIT_TIMEFRAME_NOTE_KEY,
    INSTRUMENT_IDS,
    TIMEPOINTS,
    InstrumentDefinitionError,
    InvalidAnswers,
    TlfbDay,
    TlfbRecord,
    TlfbScore,
    completion,
    easter_sunday,
    french_public_holidays,
    load_instruments,
    public_holidays_between,
    score_answers,
    score_ceq,
    score_dudit,
    score_tlfb,
    tlfb_answers_from_record,
    tlfb_record_from_answers,
    tlfb_window,
)
from facilitator.core.instruments.definitions import DEFINITIONS_DIR
from facilitator.i18n import t

END = date(2025, 3, 30)   # a Sunday; the 30-day window is 2025-03-01 .. 2025-03-30


# ---------------------------------------------------------------- definitions

def test_constants():
    assert INSTRUMENT_IDS == ("dudit", "ceq-s", "ceq-f", "tlfb")
    assert TIMEPOINTS == ("T0", "T1", "T2")
    assert "année" in t(DUDIT_TIMEFRAME_NOTE_KEY)


def test_dudit_definition_keeps_the_official_layout():
    dudit = load_instruments("fr").get("dudit")
    assert len(dudit.items) == 11
    for item in dudit.items[:9]:
        assert [o.score for o in item.options] == [0, 1, 2, 3, 4]
    for item in dudit.items[9:]:
        assert [o.score for o in item.options] == [0, 2, 4]
        assert [o.label for o in item.options] == [
            "Non", "Oui, mais pas au cours de l'année écoulée", "Oui, au cours de l'année écoulée"]
    assert [o.label for o in dudit.items[2].options] == ["0", "1-2", "3-4", "5-6", "7 ou plus"]
    assert dudit.max_total == 44
    assert dudit.problem_cutoff == {"m": 6, "f": 2} and dudit.dependence_cutoff == 25


def test_english_is_available_and_differs():
    fr, en = load_instruments("fr"), load_instruments("en")
    assert fr.dudit.items[0].text != en.dudit.items[0].text
    assert en.dudit.items[9].options[2].label == "Yes, over the past year"
    assert en.tlfb.substance("ghb_gbl").label == "GHB / GBL"


def test_ceq_forms_share_the_factor_map_and_fill_the_product():
    instruments = load_instruments("en")
    for form in (instruments.ceq_s, instruments.ceq_f):
        assert len(form.items) == 10
        assert form.factors == {"intensity": (1, 2, 3), "imagery": (4, 5, 6, 7), "intrusiveness": (8, 9, 10)}
        assert (form.scale_min, form.scale_max) == (0, 10)
    text = instruments.ceq_f.with_product(instruments.ceq_f.items[0].text, "3-MMC")
    assert "3-MMC" in text and "{product}" not in text
    assert "the product" in instruments.ceq_f.with_product("{product}", "  ")


def test_tlfb_substances():
    tlfb = load_instruments().tlfb
    assert tlfb.substance_ids == ("cathinones", "ghb_gbl", "methamphetamine", "cocaine", "ketamine", "mdma",
                                  "cannabis", "sedatives", "poppers", "erectile", "alcohol", "other")
    assert tlfb.window_days == 30
    assert len({s.key for s in tlfb.substances}) == len(tlfb.substances)
    assert tlfb.not_use_ids == {"alcohol"}          # alcohol is recorded, never counted as drug use
    assert [s.id for s in tlfb.substances if s.named] == ["other"]


def test_unknown_instrument_id():
    with pytest.raises(KeyError):
        load_instruments().get("audit")


def _copy_definitions(tmp_path: Path) -> Path:
    for name in ("dudit.yaml", "ceq.yaml", "tlfb.yaml"):
        shutil.copy(DEFINITIONS_DIR / name, tmp_path / name)
    return tmp_path


def test_a_broken_factor_map_is_named(tmp_path):
    folder = _copy_definitions(tmp_path)
    ceq = folder / "ceq.yaml"
    ceq.write_text(ceq.read_text(encoding="utf-8").replace("imagery: [4, 5, 6, 7]", "imagery: [4, 5, 6]"),
                   encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=r"ceq\.yaml: factors: every item 1-10"):
        load_instruments("fr", folder)


def test_a_missing_score_is_named(tmp_path):
    folder = _copy_definitions(tmp_path)
    dudit = folder / "dudit.yaml"
    dudit.write_text(dudit.read_text(encoding="utf-8").replace('{score: 3, fr: "5-6"', '{fr: "5-6"'),
                     encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError) as info:
        load_instruments("fr", folder)
    assert "dudit.yaml: option_sets.times_per_day.3.score: Field required" in info.value.message


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    folder = _copy_definitions(tmp_path)
    (folder / "tlfb.yaml").write_text("id: tlfb\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=r"tlfb\.yaml:\d+: "):
        load_instruments("fr", folder)


@pytest.mark.parametrize("key", ["u", "s", "d", "n"])     # unknown, sexual context, date, name "other"
def test_a_reserved_substance_key_is_refused(tmp_path, key):
    folder = _copy_definitions(tmp_path)
    tlfb = folder / "tlfb.yaml"
    tlfb.write_text(tlfb.read_text(encoding="utf-8").replace("key: k,", f"key: {key},"), encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=f"substances: key '{key}' is reserved"):
        load_instruments("fr", folder)


def test_alcohol_cannot_be_the_only_substance_left_counting(tmp_path):
    folder = _copy_definitions(tmp_path)
    tlfb = folder / "tlfb.yaml"
    text = tlfb.read_text(encoding="utf-8")
    start, end = text.index("substances:\n"), text.index("  - {id: alcohol")
    tlfb.write_text(text[:start] + "substances:\n" + text[end:].replace("  - {id: other", "  - {id: other, "
                    "counts_as_use: false"), encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match="at least one substance must count as use"):
        load_instruments("fr", folder)


def test_a_wrong_item_count_is_refused(tmp_path):
    folder = _copy_definitions(tmp_path)
    dudit = folder / "dudit.yaml"
    text = dudit.read_text(encoding="utf-8")
    start = text.index("  - id: dudit_11")
    dudit.write_text(text[:start], encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match="the DUDIT has 11 items, found 10"):
        load_instruments("fr", folder)


# ---------------------------------------------------------------- DUDIT

def test_dudit_all_zeros():
    score = score_dudit([0] * 11, "m")
    assert score.total == 0 and score.complete
    assert not score.problem and not score.probable_dependence


def test_dudit_maximum_is_44():
    score = score_dudit([4] * 9 + [2, 2], "f")
    assert score.total == 44 and score.problem and score.probable_dependence
    assert score.item_scores == [4] * 11


@pytest.mark.parametrize(("index", "points"), [(0, 0), (1, 2), (2, 4)])
def test_dudit_items_10_and_11_score_0_2_4(index, points):
    score = score_dudit([0] * 9 + [index, index], "m")
    assert score.item_scores[9:] == [points, points]
    assert score.total == 2 * points


def test_dudit_item_3_options():
    # "3-4 times" is the third option, worth 2 points
    assert score_dudit([0, 0, 2] + [0] * 8, "m").total == 2


@pytest.mark.parametrize(("total", "sex", "problem"), [
    (5, "m", False), (6, "m", True), (1, "f", False), (2, "f", True), (5, "f", True), (0, "f", False),
])
def test_dudit_problem_cutoffs_by_sex(total, sex, problem):
    answers = [1] * total + [0] * (11 - total)   # items 1-9 only carry 1 point per option index
    assert score_dudit(answers, sex).total == total
    assert score_dudit(answers, sex).problem is problem


@pytest.mark.parametrize(("answers", "total", "dependence"), [
    ([4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0], 24, False),
    ([4, 4, 4, 4, 4, 4, 1, 0, 0, 0, 0], 25, True),
    ([4, 4, 4, 4, 4, 0, 0, 0, 0, 1, 1], 24, False),
    ([4, 4, 4, 4, 4, 1, 0, 0, 0, 1, 1], 25, True),
])
def test_dudit_dependence_cutoff(answers, total, dependence):
    for sex in ("m", "f"):
        score = score_dudit(answers, sex)
        assert score.total == total and score.probable_dependence is dependence


def test_dudit_missing_item_gives_no_total_and_no_flags():
    score = score_dudit([4] * 9 + [2, None], "m")
    assert score.total is None and not score.complete
    assert not score.problem and not score.probable_dependence
    assert score.item_scores[:10] == [4] * 10 and score.item_scores[10] is None


@pytest.mark.parametrize(("answers", "sex", "where"), [
    ([0] * 10, "m", "answers: "),
    ([0] * 3 + [5] + [0] * 7, "m", "answers[3]: option 5"),
    ([0] * 10 + [3], "m", "answers[10]: option 3"),
    ([0] * 10 + [-1], "m", "answers[10]: option -1"),
    ([0] * 10 + [1.0], "m", "answers[10]: "),
    ([0] * 10 + [True], "m", "answers[10]: "),
    ([0] * 11, "x", "sex: "),
    ("00000000000", "m", "answers: "),
])
def test_dudit_bad_answers_name_the_field(answers, sex, where):
    with pytest.raises(InvalidAnswers) as info:
        score_dudit(answers, sex)
    assert str(info.value).startswith(where)


# ---------------------------------------------------------------- CEQ

def test_ceq_hand_computed():
    score = score_ceq([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert (score.intensity, score.imagery, score.intrusiveness, score.total) == (2.0, 5.5, 9.0, 5.5)
    assert score.complete


def test_ceq_means_are_rounded_to_two_decimals():
    score = score_ceq([1, 0, 0, 0, 0, 0, 0, 10, 10, 0])
    assert score.intensity == 0.33 and score.intrusiveness == 6.67 and score.total == 2.1


def test_ceq_extremes():
    assert score_ceq([0] * 10).total == 0.0
    top = score_ceq([10] * 10)
    assert (top.intensity, top.imagery, top.intrusiveness, top.total) == (10.0, 10.0, 10.0, 10.0)


def test_ceq_missing_item_blanks_only_its_factor():
    score = score_ceq([5, 5, 5, None, 2, 2, 2, 1, 1, 1])
    assert score.intensity == 5.0 and score.imagery is None and score.intrusiveness == 1.0
    assert score.total is None and not score.complete


@pytest.mark.parametrize(("answers", "where"), [
    ([0] * 9, "answers: "),
    ([0] * 9 + [11], "answers[9]: "),
    ([-1] + [0] * 9, "answers[0]: "),
    ([0] * 5 + [2.5] + [0] * 4, "answers[5]: "),
])
def test_ceq_bad_answers(answers, where):
    with pytest.raises(InvalidAnswers) as info:
        score_ceq(answers)
    assert str(info.value).startswith(where)


# ---------------------------------------------------------------- TLFB

def _day(offset_from_end: int) -> date:
    return END - timedelta(days=offset_from_end)


def test_tlfb_window_is_inclusive_and_ordered():
    window = tlfb_window(END, 30)
    assert window[0] == date(2025, 3, 1) and window[-1] == END and len(window) == 30


def test_tlfb_empty_calendar_is_all_abstinent():
    score = score_tlfb(TlfbRecord(end=END))
    assert score.days_assessed == 30 and score.days_used == 0
    assert score.pct_days_used == 0.0 and score.pct_days_abstinent == 100.0
    assert score.longest_abstinent_streak == 30
    assert score.days_since_last_use is None and score.injection_days == 0
    assert set(score.days_by_substance.values()) == {0}


def test_tlfb_every_day_used():
    days = {day: TlfbDay(frozenset({"cathinones"})) for day in tlfb_window(END)}
    score = score_tlfb(TlfbRecord(end=END, days=days))
    assert score.days_used == 30 and score.pct_days_used == 100.0 and score.pct_days_abstinent == 0.0
    assert score.longest_abstinent_streak == 0 and score.days_since_last_use == 0
    assert score.days_by_substance["cathinones"] == 30


def test_tlfb_use_on_the_first_day_of_the_window_only():
    record = TlfbRecord(end=END, days={date(2025, 3, 1): TlfbDay(frozenset({"ghb_gbl", "alcohol"}),
                                                                   injection=True)})
    score = score_tlfb(record)
    assert score.days_used == 1 and score.longest_abstinent_streak == 29
    assert score.days_since_last_use == 29 and score.injection_days == 1
    assert score.days_by_substance["ghb_gbl"] == 1 and score.days_by_substance["alcohol"] == 1
    assert score.pct_days_used == 3.33 and score.pct_days_abstinent == 96.67


def test_tlfb_runs_at_both_edges():
    # abstinent 1-5 March, used 6-25 March, abstinent 26-30 March
    days = {date(2025, 3, d): TlfbDay(frozenset({"cocaine"})) for d in range(6, 26)}
    score = score_tlfb(TlfbRecord(end=END, days=days))
    assert score.longest_abstinent_streak == 5
    assert score.days_since_last_use == 5
    assert score.days_used == 20 and score.pct_days_used == 66.67 and score.pct_days_abstinent == 33.33


def test_tlfb_unknown_days_are_not_assessed_and_break_streaks():
    # unknown on 15 March splits 30 abstinent days into 14 + 15
    score = score_tlfb(TlfbRecord(end=END, days={date(2025, 3, 15): TlfbDay(unknown=True)}))
    assert score.days_assessed == 29 and score.unknown_days == 1
    assert score.longest_abstinent_streak == 15
    assert score.pct_days_abstinent == 100.0


def test_tlfb_unknown_wins_over_substances():
    record = TlfbRecord(end=END, days={END: TlfbDay(frozenset({"alcohol"}), unknown=True)})
    score = score_tlfb(record)
    assert score.days_used == 0 and score.unknown_days == 1 and score.days_by_substance["alcohol"] == 0


def test_tlfb_all_unknown_has_no_percentages():
    days = {day: TlfbDay(unknown=True) for day in tlfb_window(END)}
    score = score_tlfb(TlfbRecord(end=END, days=days))
    assert score.days_assessed == 0 and score.pct_days_used is None and score.pct_days_abstinent is None
    assert score.longest_abstinent_streak == 0


def test_tlfb_injection_alone_counts_as_use():
    score = score_tlfb(TlfbRecord(end=END, days={_day(3): TlfbDay(injection=True)}))
    assert score.days_used == 1 and score.injection_days == 1 and score.days_since_last_use == 3


def test_tlfb_date_outside_the_window_is_refused():
    with pytest.raises(InvalidAnswers, match="^2025-02-28: "):
        TlfbRecord(end=END, days={date(2025, 2, 28): TlfbDay()})
    with pytest.raises(InvalidAnswers, match="^2025-03-31: "):
        TlfbRecord(end=END, days={date(2025, 3, 31): TlfbDay()})


def test_tlfb_unknown_substance_is_refused():
    with pytest.raises(InvalidAnswers, match="'beer'"):
        score_tlfb(TlfbRecord(end=END, days={END: TlfbDay(frozenset({"beer"}))}))


def test_tlfb_short_window():
    record = TlfbRecord(end=END, window_days=7, days={_day(6): TlfbDay(frozenset({"ketamine"}))})
    score = score_tlfb(record)
    assert score.days_assessed == 7 and score.longest_abstinent_streak == 6
    assert score.pct_days_used == 14.29 and score.pct_days_abstinent == 85.71


def test_tlfb_answers_round_trip():
    record = TlfbRecord(end=END, days={
        _day(0): TlfbDay(frozenset({"alcohol", "cathinones"}), injection=True),
        _day(1): TlfbDay(),
        _day(2): TlfbDay(unknown=True),
    })
    answers = tlfb_answers_from_record(record, load_instruments().tlfb.substance_ids)
    assert answers["days"]["2025-03-30"]["substances"] == ["cathinones", "alcohol"]
    assert tlfb_record_from_answers(answers) == record


def test_tlfb_alcohol_only_days_are_not_drug_use():
    # alcohol on 10 days, cocaine on 2 March only
    days = {date(2025, 3, d): TlfbDay(frozenset({"alcohol"})) for d in range(10, 20)}
    days[date(2025, 3, 2)] = TlfbDay(frozenset({"cocaine", "alcohol"}))
    score = score_tlfb(TlfbRecord(end=END, days=days))
    assert score.days_used == 1 and score.alcohol_days == 11
    assert score.days_by_substance["alcohol"] == 11 and score.days_by_substance["cocaine"] == 1
    assert score.pct_days_used == 3.33 and score.pct_days_abstinent == 96.67
    assert score.longest_abstinent_streak == 28            # 3-30 March: alcohol does not break it
    assert score.days_since_last_use == 28                 # since cocaine, not since the last drink


def test_tlfb_month_of_alcohol_only_is_abstinent_from_drugs():
    days = {day: TlfbDay(frozenset({"alcohol"})) for day in tlfb_window(END)}
    score = score_tlfb(TlfbRecord(end=END, days=days))
    assert score.days_used == 0 and score.pct_days_abstinent == 100.0 and score.alcohol_days == 30
    assert score.longest_abstinent_streak == 30 and score.days_since_last_use is None


def test_tlfb_every_other_substance_counts_as_use():
    tlfb = load_instruments().tlfb
    for substance in tlfb.substance_ids:
        score = score_tlfb(TlfbRecord(end=END, days={END: TlfbDay(frozenset({substance}))}))
        assert score.days_used == (0 if substance == "alcohol" else 1), substance


def test_tlfb_not_use_can_be_chosen_by_the_caller():
    record = TlfbRecord(end=END, days={END: TlfbDay(frozenset({"erectile"}))})
    assert score_tlfb(record).days_used == 1
    assert score_tlfb(record, not_use={"alcohol", "erectile"}).days_used == 0


def test_tlfb_sexual_context_days():
    record = TlfbRecord(end=END, days={
        _day(0): TlfbDay(frozenset({"ghb_gbl", "cathinones"}), sexual=True),
        _day(1): TlfbDay(frozenset({"alcohol"}), sexual=True),
        _day(2): TlfbDay(frozenset({"cocaine"})),
    })
    score = score_tlfb(record)
    assert score.sexual_context_days == 2 and score.sexual_context_use_days == 1 and score.days_used == 2


def test_tlfb_window_ends_the_day_before_the_assessment_date():
    record = TlfbRecord.for_assessment(date(2025, 3, 31))
    assert record.end == END and record.start == date(2025, 3, 1) and record.assessment_date == date(2025, 3, 31)
    answers = tlfb_answers_from_record(record)
    assert answers["assessment_date"] == "2025-03-31" and answers["end"] == "2025-03-30"


def test_tlfb_answers_with_only_an_assessment_date():
    record = tlfb_record_from_answers({"assessment_date": "2025-03-31", "days": {}})
    assert record.end == END


def test_tlfb_answers_of_earlier_versions_still_load():
    # saved before the assessment date, the sexual-context mark and the free "other" name existed
    old = {"end": "2025-03-30", "window_days": 30,
           "days": {"2025-03-30": {"substances": ["alcohol", "cathinones"], "injection": True, "unknown": False},
                    "2025-03-29": {"substances": [], "injection": False, "unknown": False}}}
    record = tlfb_record_from_answers(old)
    assert record.assessment_date == date(2025, 3, 31)
    assert record.day(END) == TlfbDay(frozenset({"alcohol", "cathinones"}), injection=True)
    assert completion("tlfb", old) == "partial"
    score = score_answers("tlfb", {**old, "days": {d.isoformat(): {"substances": []} for d in tlfb_window(END)}})
    assert isinstance(score, TlfbScore) and score.days_used == 0 and score.sexual_context_days == 0


def test_tlfb_new_fields_round_trip():
    record = TlfbRecord(end=END, days={_day(0): TlfbDay(frozenset({"other"}), sexual=True, other_name="kratom")})
    answers = tlfb_answers_from_record(record)
    assert answers["days"]["2025-03-30"] == {"substances": ["other"], "injection": False, "unknown": False,
                                             "sexual": True, "other_name": "kratom"}
    assert tlfb_record_from_answers(answers) == record


# ---------------------------------------------------------------- completion and score_answers

@pytest.mark.parametrize(("instrument", "answers", "state"), [
    ("dudit", None, "missing"),
    ("dudit", {}, "missing"),
    ("dudit", {"items": [None] * 11, "sex": "m"}, "missing"),
    ("dudit", {"items": [0] * 5 + [None] * 6, "sex": "m"}, "partial"),
    ("dudit", {"items": [0] * 11, "sex": "m"}, "done"),
    ("dudit", [0] * 11, "done"),
    ("dudit", [0] * 4, "partial"),
    ("ceq-s", {"items": [3] * 10, "product": "GHB"}, "done"),
    ("ceq-f", {"items": [], "product": "GHB"}, "missing"),
    ("ceq-f", {"items": [3] * 9 + [None]}, "partial"),
    ("tlfb", {"end": "2025-03-30", "window_days": 30, "days": {}}, "missing"),
    ("tlfb", {"end": "2025-03-30", "window_days": 30,
              "days": {"2025-03-30": {"substances": [], "injection": False, "unknown": False}}}, "partial"),
    ("tlfb", {"end": "2025-03-30", "window_days": 30,
              "days": {d.isoformat(): {"substances": []} for d in tlfb_window(END)}}, "done"),
])
def test_completion(instrument, answers, state):
    assert completion(instrument, answers) == state


def test_completion_unknown_instrument():
    with pytest.raises(ValueError):
        completion("audit", [0])


def test_score_answers_uses_the_saved_sex():
    answers = {"items": [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], "sex": "f"}
    assert score_answers("dudit", answers).problem is True
    assert score_answers("dudit", answers, sex="m").problem is False
    assert score_answers("dudit", None) is None
    assert score_answers("ceq-f", {"items": [2] * 10, "product": "x"}).total == 2.0
    tlfb = score_answers("tlfb", {"end": "2025-03-30", "days": {"2025-03-29": {"substances": ["other"]}}})
    assert tlfb.days_used == 1 and tlfb.days_since_last_use == 1


# ---------------------------------------------------------------- marker days

@pytest.mark.parametrize(("year", "easter"), [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                             (2026, date(2026, 4, 5)), (2038, date(2038, 4, 25))])
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_french_public_holidays_2025():
    days = french_public_holidays(2025)
    assert len(days) == 11
    assert days[date(2025, 4, 21)] == "easter_monday"
    assert days[date(2025, 5, 29)] == "ascension"
    assert days[date(2025, 6, 9)] == "whit_monday"
    assert days[date(2025, 7, 14)] == "bastille_day"
    assert len(french_public_holidays(2025, alsace_moselle=True)) == 13
    for name in days.values():
        assert t(f"questionnaires.holiday_{name}")


def test_public_holidays_across_a_new_year():
    days = public_holidays_between(date(2024, 12, 20), date(2025, 1, 10))
    assert days == {date(2024, 12, 25): "christmas", date(2025, 1, 1): "new_year"}


def test_dudit_drug_list_medicines_rule_and_item_10():
    fr, en = load_instruments("fr").dudit, load_instruments("en").dudit
    assert len(fr.drug_groups) == len(en.drug_groups) == 8
    assert fr.drug_groups[0].startswith("Cannabis") and "GHB" in fr.drug_groups[6]
    assert "ajout du programme" in fr.drug_groups[7]               # cathinones: not on the 2003 form
    assert "plus souvent, que ce que le médecin a prescrit" in fr.medicines_rule
    assert "than the doctor prescribed" in en.medicines_rule
    assert fr.medicines_rule in fr.drug_list_text() and fr.drug_groups[3] in fr.drug_list_text()
    assert fr.items[9].text.startswith("Vous-même ou quelqu'un d'autre a-t-il été blessé")


def test_dudit_french_wording_is_marked_a_working_translation_until_official(tmp_path):
    assert load_instruments("fr").dudit.working_translation
    assert "traduction de travail" in load_instruments("fr").dudit.translation_note
    folder = tmp_path / "official"
    shutil.copytree(DEFINITIONS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    dudit = folder / "dudit.yaml"
    dudit.write_text(dudit.read_text(encoding="utf-8").replace("status: working", "status: official"),
                     encoding="utf-8")
    official = load_instruments("fr", folder).dudit
    assert not official.working_translation and official.translation_note == ""
