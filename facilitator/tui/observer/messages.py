"""Messages the observer's workers post (past tense); the screen and the app handle them on the UI thread."""

from __future__ import annotations

from textual.message import Message

from facilitator.core.capture import Preview
from facilitator.core.pseudonymise import NerFn


class FolderChecked(Message):
    """The poll saw a change in the data folder (a join, a departure, a new run or verbatims)."""

    def __init__(self, change: object) -> None:
        super().__init__()
        self.change = change


class FolderCheckFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ModelLoaded(Message):
    def __init__(self, ner: NerFn | None, error: str = "") -> None:
        super().__init__()
        self.ner = ner
        self.error = error


class PreviewComputed(Message):
    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview

