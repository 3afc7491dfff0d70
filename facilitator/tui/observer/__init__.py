"""The observer's console (`facilitator observe`): app, screen, dialogs, messages and widgets."""

from facilitator.tui.observer.app import ObserverApp, default_ner_loader
from facilitator.tui.observer.screen import ObserverScreen
from facilitator.tui.observer.widgets import VerbatimList

__all__ = ["ObserverApp", "ObserverScreen", "VerbatimList", "default_ner_loader"]
