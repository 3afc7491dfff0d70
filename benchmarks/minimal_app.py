"""The reference for start-up: the smallest Textual app (a Static and a Footer), started like the console."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

READY_TEXT = "Minimal app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
