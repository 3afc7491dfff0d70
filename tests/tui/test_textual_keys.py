"""Textual's built-in key descriptions shown by F1 are in the interface's language."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList, TextArea

from facilitator import i18n
from facilitator.i18n.textual_keys import STRINGS
from facilitator.tui.textual_keys import translate_textual_keys

ENGLISH = {english for _, english in STRINGS.values()}


@pytest.fixture
def french():
    i18n.set_language("fr")
    translate_textual_keys()
    yield
    i18n.set_language("fr")
    translate_textual_keys()


@pytest.mark.parametrize("widget", [DataTable, Input, OptionList, TextArea])
def test_widget_keys_are_french(french, widget):
    descriptions = {b.description for bindings in widget()._bindings.key_to_bindings.values() for b in bindings}
    assert descriptions, widget.__name__
    english = sorted(d for d in descriptions if d in ENGLISH and d not in {fr for fr, _ in STRINGS.values()})
    assert english == [], f"{widget.__name__}: {english}"
    if widget is DataTable:
        assert "Ligne précédente" in descriptions and "Choisir" in descriptions


def test_switching_to_english_gives_textual_words_back(french):
    i18n.set_language("en")
    translate_textual_keys()
    descriptions = {b.description for bindings in DataTable()._bindings.key_to_bindings.values() for b in bindings}
    assert "Cursor up" in descriptions and "Ligne précédente" not in descriptions
