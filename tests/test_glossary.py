"""One vocabulary: no French catalogue entry names a notion of the glossary with a rejected synonym."""

from __future__ import annotations

import importlib
import pkgutil
import re

import facilitator.i18n as catalogue
from facilitator.i18n.glossary import REJECTED, STRINGS

# questionnaire items are items (psychometrics), not agenda items
QUESTIONNAIRE_AREAS = {"questionnaires", "redcap", "instruments"}


def french_entries() -> list[tuple[str, str, str]]:
    entries = []
    for module in pkgutil.iter_modules(catalogue.__path__):
        strings = importlib.import_module(f"facilitator.i18n.{module.name}").STRINGS
        entries.extend((module.name, key, french) for key, (french, _english) in strings.items())
    return entries


def test_every_rejected_synonym_names_a_glossary_notion():
    assert set(REJECTED.values()) <= set(STRINGS)


def test_no_french_string_uses_a_rejected_synonym():
    found = []
    for area, key, french in french_entries():
        if area == "glossary":
            continue
        for pattern, notion in REJECTED.items():
            if notion == "agenda_item" and (area in QUESTIONNAIRE_AREAS or "score" in key):
                continue
            if re.search(pattern, french, re.IGNORECASE):
                found.append(f"{area}.{key}: {french!r} (say {STRINGS[notion][0]!r})")
    assert not found, "\n".join(found)


def test_the_review_and_the_console_say_homework_the_same_way():
    from facilitator.i18n import set_language, t

    set_language("fr")
    word = STRINGS["homework"][0]
    for key in ("console.tab_homework", "review.h_homework", "review.k_homework", "exercises.booklet_homework"):
        assert t(key).lower().startswith(word), key
