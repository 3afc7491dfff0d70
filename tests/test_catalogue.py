"""The string catalogue: every key used exists, in French and English, with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import facilitator.i18n as catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"
KEY_IN_CODE = re.compile(r"""\bt\(\s*["']([a-z_]+)\.([a-z0-9_]+)["']\s*[,)]""")


def areas() -> dict[str, dict[str, tuple[str, str]]]:
    found = {}
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"facilitator.i18n.{info.name}")
        found[info.name] = module.STRINGS
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages_with_the_same_fields():
    problems = []
    for area, strings in areas().items():
        for name, pair in strings.items():
            if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) and x for x in pair)):
                problems.append(f"{area}.{name}: not a (French, English) pair")
            elif fields(pair[0]) != fields(pair[1]):
                problems.append(f"{area}.{name}: fields {fields(pair[0])} != {fields(pair[1])}")
    assert not problems, "\n".join(problems)


def test_every_literal_key_used_in_the_code_exists():
    known = areas()
    missing = []
    for path in PACKAGE.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        for area, name in KEY_IN_CODE.findall(path.read_text(encoding="utf-8")):
            if name not in known.get(area, {}):
                missing.append(f"{path.relative_to(PACKAGE.parent)}: {area}.{name}")
    assert not missing, "\n".join(sorted(set(missing)))


def test_every_attendance_status_has_its_words_and_marks():
    """A status added to the model has its label and letter wherever a screen or export builds the key."""
    from facilitator.core.models import ATTENDANCE_STATUSES
    from facilitator.i18n import t

    for status in ATTENDANCE_STATUSES:
        for key in (f"review.status_{status}", f"review_tui.mark_{status}", f"console.att_{status}"):
            assert t(key), key
