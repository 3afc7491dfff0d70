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


# helpers that read one area: `def tr(name, ...): return t(f"review_tui.{name}", ...)`
HELPER = re.compile(r"""def (\w+)\((\w+)[^)]*\)[^:]*:\s*\n(?:\s*\"\"\"[^\n]*\"\"\"\s*\n)?\s*return t\(f["']([a-z_]+)\.\{(\w+)\}["']""")
F_KEY = re.compile(r"""\bt\(\s*f["']([a-z_]+)\.([a-z0-9_]*)\{""")
PLURAL_KEY = re.compile(r"""\btn\(\s*["']([a-z_]+)\.([a-z0-9_]+)["']""")


def python_files():
    return [path for path in PACKAGE.rglob("*.py") if "i18n" not in path.parts]


def test_keys_read_through_an_area_helper_exist():
    """`tr("key_open")` in the review screens reads review_tui.key_open: it must exist too."""
    known = areas()
    missing, helpers_seen = [], 0
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        for helper, param, area, used in HELPER.findall(text):
            if param != used:
                continue
            helpers_seen += 1
            for name in re.findall(rf"""\b{helper}\(\s*["']([a-z0-9_]+)["']\s*[,)]""", text):
                if name not in known.get(area, {}):
                    missing.append(f"{path.relative_to(PACKAGE.parent)}: {helper}({name!r}) -> {area}.{name}")
    assert helpers_seen, "the helper pattern no longer matches anything: update HELPER"
    assert not missing, "\n".join(sorted(set(missing)))


def test_keys_built_with_an_f_string_have_entries_with_that_prefix():
    """`t(f"observer.source_{kind}")`: at least one observer.source_… entry exists (a typo in the prefix fails)."""
    known = areas()
    missing, seen = [], 0
    for path in python_files():
        for area, prefix in F_KEY.findall(path.read_text(encoding="utf-8")):
            seen += 1
            if not any(name.startswith(prefix) for name in known.get(area, {})):
                missing.append(f"{path.relative_to(PACKAGE.parent)}: {area}.{prefix}…")
    assert seen, "the f-string key pattern no longer matches anything: update F_KEY"
    assert not missing, "\n".join(sorted(set(missing)))


def test_plural_keys_have_their_one_and_other_forms():
    known = areas()
    missing = [f"{path.relative_to(PACKAGE.parent)}: {area}.{name}_{form}"
               for path in python_files()
               for area, name in PLURAL_KEY.findall(path.read_text(encoding="utf-8"))
               for form in ("one", "other") if f"{name}_{form}" not in known.get(area, {})]
    assert not missing, "\n".join(sorted(set(missing)))
