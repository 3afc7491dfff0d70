"""The observer's F1 help names every function key its screen binds, in both languages."""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding

from facilitator.i18n import set_language, t
from facilitator.tui.observer.screen import ObserverScreen


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_help_names_every_function_key(lang):
    set_language(lang)
    try:
        help_text = t("observer.help_text") + "\n" + t("safety.observer_help")
    finally:
        set_language("fr")
    keys = {key for binding in ObserverScreen.BINDINGS if isinstance(binding, Binding)
            for key in binding.key.split(",") if re.fullmatch(r"f\d+", key)}
    assert keys, "the observer binds function keys"
    missing = sorted(key for key in keys if not re.search(rf"\b{key.upper()}\b", help_text))
    assert missing == [], f"{lang}: keys missing from the F1 help: {missing}"
