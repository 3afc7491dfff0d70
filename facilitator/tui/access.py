"""Typed access to the facilitators' console from its screens: the one `cast`, so mypy checks the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from facilitator.storage.repository import Store
    from facilitator.tui.app import FacilitatorApp


class ConsoleAccess:
    """Mixin for screens that only run inside `FacilitatorApp`."""

    @property
    def console(self) -> FacilitatorApp:
        return cast("FacilitatorApp", cast(DOMNode, self).app)

    @property
    def store(self) -> Store:
        """The unlocked folder's store (console screens open only after the unlock)."""
        store = self.console.store
        assert store is not None, "a console screen opened before the data folder was unlocked"
        return store
