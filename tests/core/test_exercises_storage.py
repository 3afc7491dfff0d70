"""Every field kind of an exercise answer survives the encrypted store unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.core import exercises as ex
from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme

ROOT = Path(__file__).resolve().parents[2]
NEW = load_programme(ROOT / "tests" / "data" / "programmes" / "with_new_exercise.yaml")


def test_every_field_kind_round_trips_through_storage(store):
    cycle = store.create_cycle(label="Essai", site="Site A", start_date=date(2025, 3, 3),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=["P01", "P02"])
    ritual = NEW.exercise("evening_ritual")
    values = ex.normalise_answers(ritual, {
        "ritual_name": "Tisane [verveine]", "ritual_story": "Ligne 1\nLigne 2 « guillemets »",
        "calm": 0, "sure": 100, "moment": "Après le dîner",
        "steps": [{"step": "Douche", "ease": 10, "alone": "Accompagné"}],
        "senses": [{"what": "", "share": None}, {"what": "Musique", "share": 55}],
        "nights": {"Vendredi": {"Soir": "! bar"}, "Samedi": {"Nuit": "dormir"}}})
    store.save_exercise_answer(cycle.id, 1, exercise_id="evening_ritual", subject="P01", item_id="t1-ritual",
                               values=values)
    store.save_exercise_answer(cycle.id, 1, exercise_id="group_wall", subject=ex.GROUP, item_id="t1-wall",
                               values={"idea": "Une balade"})
    # saving again replaces (upsert by exercise and subject)
    values2 = dict(values, calm=3)
    store.save_exercise_answer(cycle.id, 1, exercise_id="evening_ritual", subject="P01", item_id="t1-ritual",
                               values=values2)
    docs = store.exercise_answers(cycle.id, 1)
    assert len(docs) == 2
    mine = next(d for d in docs if d["subject"] == "P01")
    assert mine["values"] == values2
    assert ex.normalise_answers(ritual, mine["values"]) == values2
    assert next(d for d in docs if d["subject"] == "group")["values"] == {"idea": "Une balade"}
    assert store.exercise_answers(cycle.id, 2) == []
