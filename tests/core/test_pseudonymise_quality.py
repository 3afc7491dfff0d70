"""Measured quality on the labelled corpus, with spaCy's French model loaded once per process."""

from __future__ import annotations

import pytest

from benchmarks.pseudonymiser import TARGETS, evaluate, load_corpus
from facilitator.core.ner import shared_french_ner
from facilitator.core.pseudonymise import Pseudonymiser, Roster

pytestmark = pytest.mark.model


@pytest.fixture(scope="session")
def french_ner():
    return shared_french_ner()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_corpus_is_large_and_varied(corpus) -> None:
    _roster, sentences = corpus
    assert len(sentences) >= 150
    labels = {label for s in sentences for _text, label in s.get("ids", [])}
    assert {"PRÉNOM", "TÉLÉPHONE", "EMAIL", "URL", "PSEUDO", "ADRESSE", "DATE_NAISSANCE", "NIR",
            "IBAN", "PLAQUE"} <= labels
    assert sum(1 for s in sentences if s["t"] == s["t"].lower()) >= 40   # lowercase / SMS style


def test_quality_targets_with_the_model(corpus, french_ner) -> None:
    roster, sentences = corpus
    figures = evaluate(Pseudonymiser(roster, french_ner), sentences)
    misses = "\n".join(figures["misses"])
    for key, target in TARGETS.items():
        assert figures[key] >= target, f"{key} = {figures[key]:.3f} < {target}\n{misses}"


def test_roster_names_need_no_model(corpus) -> None:
    roster, sentences = corpus
    assert evaluate(Pseudonymiser(roster), sentences)["roster_recall"] == 1.0


def test_model_spans_are_persons_and_places(french_ner) -> None:
    entities = french_ner("Hier soir chez Karim avec Julien, à Lyon.")
    assert all(label in ("PER", "LOC") for _s, _e, label in entities)
    found = {"Hier soir chez Karim avec Julien, à Lyon."[s:e] for s, e, _l in entities}
    assert "Karim" in found or "Julien" in found
    assert french_ner("") == [] and french_ner("   ") == []


def test_model_finds_a_name_missing_from_the_lexicon(french_ner) -> None:
    p = Pseudonymiser(Roster(), french_ner)
    # In no word list and after no naming cue (an apposition would catch it): only the model finds it.
    text = "Hier soir Théodric m'a filmé sans me demander"
    assert p.pseudonymise(text) == "Hier soir [PRÉNOM] m'a filmé sans me demander"
    assert "Théodric" in Pseudonymiser(Roster()).pseudonymise(text)


def test_model_cannot_override_the_allow_list(french_ner) -> None:
    p = Pseudonymiser(Roster.parse("P01: Antoine"), french_ner)
    text = "Antoine parle de Masters et Johnson, de Beck et de Marlatt sur Grindr."
    assert p.pseudonymise(text) == "P01 parle de Masters et Johnson, de Beck et de Marlatt sur Grindr."
