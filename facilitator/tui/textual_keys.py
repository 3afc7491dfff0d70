"""Textual's own widgets' key descriptions (DataTable, Input, TextArea, OptionList...) in the interface language.

The F1 help panel lists the focused widget's keys with Textual's English descriptions ("Cursor up",
"Select", "Page down"). Each is looked up by its text in the `textual_keys` catalogue area. Textual caches
every class's merged bindings when the class is created, so they are merged again afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from facilitator.i18n import t
from facilitator.i18n.textual_keys import STRINGS


def _classes(root: type[DOMNode]) -> Iterator[type[DOMNode]]:
    seen: set[type] = set()
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        todo.extend(cls.__subclasses__())


def translate_textual_keys() -> None:
    """Give the widgets' built-in bindings their description in the current language (idempotent)."""
    # the widgets the screens use, so their classes exist before the bindings are merged again
    from textual.containers import ScrollableContainer  # noqa: F401
    from textual.widgets import (  # noqa: F401
        Button,
        Checkbox,
        DataTable,
        Input,
        ListView,
        OptionList,
        RadioSet,
        Select,
        SelectionList,
        Switch,
        Tabs,
        TextArea,
    )

    key_of: dict[str, str] = {}
    for name, (french, english) in STRINGS.items():
        key_of[english] = key_of.setdefault(french, f"textual_keys.{name}")
    classes = list(_classes(DOMNode))
    for cls in classes:
        own = cls.__dict__.get("BINDINGS")
        if not own:
            continue
        cls.BINDINGS = [replace(b, description=t(key_of[b.description]))
                        if isinstance(b, Binding) and b.description in key_of else b for b in own]
    for cls in classes:
        cls._merged_bindings = cls._merge_bindings()
