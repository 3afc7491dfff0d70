"""The palette key's description in the interface language: Textual adds that binding to each app as it
starts ("palette", "Open the command palette"), after the widgets' own keys were translated
(`tui.textual_keys`), so it is replaced on the app's own bindings."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App
from textual.binding import Binding

from facilitator.i18n import t


def _word(text: str) -> str:
    try:
        return t(f"textual.{text}") if text else text
    except KeyError:
        return text


def translate_palette_binding(app: App) -> None:
    """The palette key of `app`, once `App.__init__` has added it."""
    for key, bindings in app._bindings.key_to_bindings.items():
        app._bindings.key_to_bindings[key] = [
            replace(b, description=_word(b.description), tooltip=_word(b.tooltip))
            if isinstance(b, Binding) and b.action in ("command_palette", "app.command_palette") else b
            for b in bindings]
