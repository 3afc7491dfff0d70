"""Exercise answers: validation and normalisation per field kind, templates, completion, text mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import exercises as ex
from facilitator.core.programme import FieldKind
from facilitator.core.programme_loader import load_programme

ROOT = Path(__file__).resolve().parents[2]
NEW = load_programme(ROOT / "tests" / "data" / "programmes" / "with_new_exercise.yaml")
BUNDLED = load_programme(ROOT / "sessions.yaml")
RITUAL = NEW.exercise("evening_ritual")


def field(exercise, field_id):
    return next(f for f in exercise.fields if f.id == field_id)


FILLED = {
    "ritual_name": "Tisane",
    "ritual_story": "Je coupe le téléphone.\nPuis je lis.",
    "calm": "7",
    "sure": "80 %",
    "moment": "Au coucher",
    "steps": [{"step": "Douche", "ease": 9, "alone": "Seul"}, {"step": "", "ease": None, "alone": None},
              {"step": "Lecture", "ease": "4"}],
    "senses": [{"what": "La lampe", "share": 30}],
    "nights": {"Samedi": {"Nuit": "! dormir chez un ami"}},
}


def test_empty_answers_has_every_field_empty_and_counts_nothing():
    empty = ex.empty_answers(RITUAL)
    assert set(empty) == {f.id for f in RITUAL.fields}
    assert empty["senses"] == [{"what": "", "share": None}, {"what": "", "share": None}]
    assert empty["steps"] == []
    assert empty["nights"] == {"Vendredi": {"Soir": "", "Nuit": ""}, "Samedi": {"Soir": "", "Nuit": ""}}
    assert ex.completion(RITUAL, empty) == ex.Completion(0, 8)
    assert not ex.completion(RITUAL, empty).started
    assert ex.normalise_answers(RITUAL, {}) == empty


def test_normalise_converts_typed_values_and_pads_or_drops_rows():
    values = ex.normalise_answers(RITUAL, FILLED)
    assert values["calm"] == 7 and values["sure"] == 80
    # an empty row of a free table is dropped; typed numbers become integers
    assert values["steps"] == [{"step": "Douche", "ease": 9, "alone": "Seul"},
                               {"step": "Lecture", "ease": 4, "alone": None}]
    # fixed rows are padded to the row labels
    assert values["senses"] == [{"what": "La lampe", "share": 30}, {"what": "", "share": None}]
    assert values["nights"]["Samedi"]["Nuit"] == "! dormir chez un ami"
    assert values["nights"]["Vendredi"] == {"Soir": "", "Nuit": ""}
    assert ex.completion(RITUAL, values) == ex.Completion(8, 8)
    assert ex.completion(RITUAL, values).complete
    assert ex.normalise_answers(RITUAL, values) == values  # idempotent


@pytest.mark.parametrize(("field_id", "value", "reason"), [
    ("calm", 11, "out_of_range"),
    ("calm", -1, "out_of_range"),
    ("calm", "7.5", "not_a_number"),
    ("calm", "sept", "not_a_number"),
    ("calm", True, "not_a_number"),
    ("sure", 101, "out_of_range"),
    ("moment", "À minuit", "not_an_option"),
    ("ritual_name", 12, "not_text"),
    ("steps", {"step": "x"}, "not_a_table"),
    ("steps", ["x"], "not_a_row"),
    ("steps", [{"step": "x", "colour": "bleu"}], "unknown_column"),
    ("steps", [{"ease": 12}], "out_of_range"),
    ("steps", [{"alone": "Peut-être"}], "not_an_option"),
    ("senses", [{}, {}, {}], "too_many_rows"),
    ("nights", {"Lundi": {"Soir": "x"}}, "unknown_day"),
    ("nights", {"Samedi": {"Matin": "x"}}, "unknown_slot"),
    ("nights", ["x"], "not_a_grid"),
])
def test_values_that_do_not_fit_are_refused_with_a_reason(field_id, value, reason):
    with pytest.raises(ex.AnswerError) as caught:
        ex.normalise_answers(RITUAL, {field_id: value})
    assert caught.value.reason == reason
    assert caught.value.field.startswith(field_id)


def test_unknown_field_is_refused_when_strict_and_dropped_when_lenient():
    with pytest.raises(ex.AnswerError) as caught:
        ex.normalise_answers(RITUAL, {"mood": "x"})
    assert caught.value.reason == "unknown_field"
    lenient = ex.normalise_answers(RITUAL, {"mood": "x", "calm": 99, "ritual_name": "Thé",
                                            "steps": [{"step": "a", "ease": 50}]}, strict=False)
    assert "mood" not in lenient
    assert lenient["calm"] is None
    assert lenient["ritual_name"] == "Thé"
    assert lenient["steps"] == [{"step": "a", "ease": None, "alone": None}]


@given(st.integers(min_value=-1000, max_value=1000))
def test_rating_accepts_exactly_0_to_10_and_percent_0_to_100(number):
    for kind, high in ((FieldKind.RATING_10, 10), (FieldKind.PERCENT, 100)):
        for value in (number, str(number), f" {number} %"):
            if 0 <= number <= high:
                assert ex.parse_number(kind, value) == number
            else:
                with pytest.raises(ex.AnswerError):
                    ex.parse_number(kind, value)


def test_blank_number_is_no_answer():
    assert ex.parse_number(FieldKind.RATING_10, "  ") is None
    assert ex.parse_number(FieldKind.PERCENT, None) is None


def test_map_texts_reaches_every_text_value_and_nothing_else():
    values = ex.normalise_answers(RITUAL, FILLED)
    upper = ex.map_texts(RITUAL, values, str.upper)
    assert upper["ritual_name"] == "TISANE"
    assert upper["ritual_story"].startswith("JE COUPE")
    assert upper["steps"][0] == {"step": "DOUCHE", "ease": 9, "alone": "Seul"}  # choices are programme text
    assert upper["senses"][0]["what"] == "LA LAMPE"
    assert upper["nights"]["Samedi"]["Nuit"] == "! DORMIR CHEZ UN AMI"
    assert upper["moment"] == "Au coucher" and upper["calm"] == 7
    assert values["ritual_name"] == "Tisane"  # the input is not changed
    assert sorted(ex.texts(RITUAL, values)) == sorted(
        ["Tisane", "Je coupe le téléphone.\nPuis je lis.", "Douche", "Lecture", "La lampe",
         "! dormir chez un ami"])


def test_every_bundled_exercise_has_a_template_that_validates():
    for exercise in BUNDLED.exercises:
        empty = ex.empty_answers(exercise)
        assert ex.normalise_answers(exercise, empty) == empty
        assert ex.completion(exercise, empty).filled == 0


def test_beck_record_and_weekend_planner_round_trip():
    beck = BUNDLED.exercise("beck_columns")
    record = {"records": [{"situation": "Message samedi soir", "emotion": "honte 80 %",
                           "automatic_thought": "Je vais craquer", "evidence_for": "", "evidence_against":
                           "J'ai tenu mardi", "balanced_thought": "Je peux appeler", "emotion_rerated": "40"}]}
    assert ex.normalise_answers(beck, record)["records"][0]["emotion_rerated"] == 40
    planner = BUNDLED.exercise("weekend_planner")
    values = ex.normalise_answers(planner, {"week": {"Samedi": {"Soirée": "! cinéma"}},
                                            "ratings": [{"day": "Samedi", "activity": "cinéma",
                                                         "pleasure": 8, "mastery": 6, "risk": "Oui"}]})
    assert values["week"]["Samedi"]["Soirée"] == "! cinéma"
    assert ex.completion(planner, values) == ex.Completion(2, 3)


def test_exercises_of_session_lists_agenda_then_homework_once():
    assert ex.exercises_of_session(NEW, 1) == ["evening_ritual", "group_wall"]
    assert ex.exercises_of_session(NEW, 2) == ["evening_ritual"]
    assert ex.exercises_of_session(BUNDLED, 3) == ["craving_log", "beck_columns"]
