"""Audit records shown in the interface language: actions, actors, targets and details, plurals done properly."""

from __future__ import annotations

import pytest

from facilitator import i18n
from facilitator.core.audit_text import action_text, actor_text, detail_text, target_text


@pytest.fixture
def french():
    previous = i18n.language()
    i18n.set_language("fr")
    yield
    i18n.set_language(previous)


@pytest.fixture
def english():
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def test_french_reader_sees_no_english_code(french):
    assert action_text("session_start") == "début de séance"
    assert action_text("unlock_failed") == "phrase de passe refusée"
    assert action_text("review_open") == "ouverture de la relecture"
    assert actor_text("review") == "relecture" and actor_text("F1") == "F1"
    assert target_text("session 3 of 2026-ab12") == "séance 3 du cycle 2026-ab12"
    assert detail_text("ended") == "séance terminée"
    assert detail_text("reason given") == "motif indiqué"
    assert detail_text("") == ""


def test_counted_details_take_the_right_plural(french, english):
    i18n.set_language("fr")
    assert detail_text("1 files") == "1\u00a0fichier"
    assert detail_text("3 files") == "3\u00a0fichiers"
    assert detail_text("0 entries") == "0\u00a0entrée"       # French: zero is singular
    assert detail_text("2 refused before this unlock") == "2\u00a0tentatives refusées avant l'ouverture"
    i18n.set_language("en")
    assert detail_text("1 refused before this unlock") == "1 attempt refused before this unlock"
    assert detail_text("0 entries") == "0 entries"


def test_key_value_details_are_named(french):
    assert detail_text("format=html files=1 hashed-ids") == "format\u00a0: html, 1\u00a0fichier, codes hachés"
    assert detail_text("format=md participant=-") == "format\u00a0: md, participant\u00a0: —"
    assert detail_text("participant P04 added") == "participant P04 ajouté"


def test_unknown_codes_are_shown_as_recorded(french):
    assert action_text("future_action") == "future_action"
    assert detail_text("something new") == "something new"
    assert detail_text("colour=blue") == "colour=blue"
