"""The English programme (sessions.en.yaml) mirrors the French one: same ids, minutes, kinds, fields.

Data recorded with either file must stay consistent, so everything but the human-readable text
has to match exactly; the text itself must be English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from facilitator.core.programme import Programme
from facilitator.core.programme_loader import check_programme, load_programme

ROOT = Path(__file__).resolve().parents[2]
FRENCH = ROOT / "sessions.yaml"
ENGLISH = ROOT / "sessions.en.yaml"

# Words that are common in the French programme and never appear in English clinical text.
FRENCH_WORDS = ("vous", "votre", "vos", "les", "des", "une", "avec", "pour", "séance", "envie",
                "produit", "produits", "faux", "pas", "sans", "est", "qui", "que", "dans", "sur")
ACCENTED = re.compile(r"[éèêàâçùûîôœ]", re.IGNORECASE)


@pytest.fixture(scope="module")
def french() -> Programme:
    return load_programme(FRENCH)


@pytest.fixture(scope="module")
def english() -> Programme:
    return load_programme(ENGLISH)


def skeleton(programme: Programme) -> dict[str, Any]:
    """Everything in a programme except its human-readable text."""
    return {
        "session_minutes": programme.programme.session_minutes,
        "version": programme.programme.version,
        "charter": [rule.id for rule in programme.charter],
        "codebook": [(theme.id, theme.key, theme.parent) for theme in programme.codebook],
        "questionnaires_due": [
            (due.timepoint, due.session, due.moment, tuple(due.instruments))
            for due in programme.questionnaires_due
        ],
        "exercises": [
            {
                "id": exercise.id,
                "scope": exercise.scope,
                "minutes": exercise.minutes,
                "with_resources": exercise.with_resources,
                "spare_copies": exercise.spare_copies,
                "fields": [
                    {
                        "id": field.id,
                        "kind": field.kind,
                        "has_help": bool(field.help),
                        "options": len(field.options),
                        "rows": len(field.rows),
                        "days": len(field.days),
                        "slots": len(field.slots),
                        "columns": [(column.id, column.kind, len(column.options)) for column in field.columns],
                    }
                    for field in exercise.fields
                ],
            }
            for exercise in programme.exercises
        ],
        "crisis_cards": [
            (card.id, card.category, tuple(card.resources), len(card.signs), len(card.steps), len(card.call),
             len(card.record), len(card.group), bool(card.check_locally), card.attendance)
            for card in programme.crisis_cards
        ],
        "emergency": len(programme.emergency),
        "resources": [
            (resource.id, resource.scope, resource.phone, bool(resource.check_locally))
            for resource in programme.resources
        ],
        "sessions": [
            {
                "number": session.number,
                "goals": len(session.goals),
                "key_messages": len(session.key_messages),
                "agenda": [
                    (item.id, item.minutes, item.kind, item.exercise, len(item.prompts), len(item.materials),
                     bool(item.round), len(item.notes), bool(item.check_locally))
                    for item in session.agenda
                ],
                "homework": [(homework.id, homework.exercise) for homework in session.homework],
            }
            for session in programme.sessions
        ],
    }


def strings(value: Any) -> list[str]:
    """Every string in a dumped programme (dict keys excluded)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in strings(item)]
    return []


def test_english_file_is_valid_without_warnings():
    programme, problems, warnings = check_programme(ENGLISH)
    assert programme is not None
    assert problems == []
    assert warnings == []


def test_languages(french, english):
    assert french.programme.language == "fr"
    assert english.programme.language == "en"


def test_same_structure_ids_minutes_kinds_and_fields(french, english):
    assert skeleton(english) == skeleton(french)


def test_every_session_totals_the_same_minutes(french, english):
    assert [s.minutes for s in english.sessions] == [s.minutes for s in french.sessions]
    assert all(session.minutes == english.programme.session_minutes for session in english.sessions)


def test_exercise_references_resolve_in_english(english):
    ids = {exercise.id for exercise in english.exercises}
    references = [item.exercise for session in english.sessions for item in session.agenda if item.exercise]
    references += [hw.exercise for session in english.sessions for hw in session.homework if hw.exercise]
    assert references and set(references) <= ids


def test_titles_are_translated(french, english):
    assert english.programme.title != french.programme.title
    for fr_session, en_session in zip(french.sessions, english.sessions, strict=True):
        assert en_session.title != fr_session.title
        assert en_session.goals != fr_session.goals
    for fr_exercise, en_exercise in zip(french.exercises, english.exercises, strict=True):
        assert en_exercise.title != fr_exercise.title
        assert en_exercise.instructions_participant != fr_exercise.instructions_participant
    for fr_rule, en_rule in zip(french.charter, english.charter, strict=True):
        assert en_rule.text != fr_rule.text


def test_choice_options_are_translated_in_order(french, english):
    fr_stage = french.exercise("decisional_balance_use").fields[5]
    en_stage = english.exercise("decisional_balance_use").fields[5]
    assert fr_stage.id == en_stage.id == "stage"
    assert "(precontemplation)" in en_stage.options[0]
    assert "(maintenance)" in en_stage.options[-1]
    ratings = next(f for f in english.exercise("weekend_planner").fields if f.id == "ratings")
    risk = next(column for column in ratings.columns if column.id == "risk")
    assert risk.options == ["Yes", "No"]   # strings, not YAML booleans
    day = next(column for column in ratings.columns if column.id == "day")
    assert day.options[0] == "Monday" and day.options[-1] == "Sunday"


def test_no_french_left_in_the_english_text(english):
    texts = strings(english.model_dump(mode="json", exclude={"programme": {"language"}}))
    ids = {rule.id for rule in english.charter}
    prose = [text for text in texts if text not in ids]
    assert len(prose) > 500
    pattern = re.compile(r"\b(" + "|".join(FRENCH_WORDS) + r")\b", re.IGNORECASE)
    french_hits = [text for text in prose if pattern.search(text)]
    assert french_hits == []
    accented = [text for text in prose if ACCENTED.search(text)]
    assert accented == []


def test_vous_appears_nowhere_in_the_file():
    text = ENGLISH.read_text(encoding="utf-8")
    assert not re.search(r"\bvous\b", text, re.IGNORECASE)
    assert re.search(r"\bvous\b", FRENCH.read_text(encoding="utf-8"), re.IGNORECASE)  # the check can bite
