"""The catalogue of every user-facing string, French first, English second.

Keys are `area.name`; each area is a module of this package defining
`STRINGS: dict[str, tuple[str, str]]` mapping name -> (French, English).
French is the default: the programme runs in France and facilitators say *vous*.
"""

from __future__ import annotations

import importlib
from functools import cache

LANGUAGES = ("fr", "en")
_language = "fr"


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _language = lang


def language() -> str:
    return _language


@cache
def _area(area: str) -> dict[str, tuple[str, str]]:
    module = importlib.import_module(f"facilitator.i18n.{area}")
    return module.STRINGS


def t(key: str, /, **values: object) -> str:
    """The string for `key` in the current language, with `{name}` fields filled in."""
    area, _, name = key.partition(".")
    try:
        fr, en = _area(area)[name]
    except (ModuleNotFoundError, KeyError):
        raise KeyError(f"missing catalogue entry {key!r}") from None
    text = fr if _language == "fr" else en
    return text.format(**values) if values else text
