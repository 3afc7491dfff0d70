"""The observer's capture rules: speaker tokens, inline markers, the preview, the record.

Kept out of the screens so the two-process test and the benchmark commit a verbatim through
exactly the code the observer's console uses. Raw text lives only in memory here: nothing in this
module writes, logs or caches it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from facilitator.core.live import LiveSession as LiveRun
from facilitator.core.models import Verbatim, new_id
from facilitator.i18n import t

if TYPE_CHECKING:
    from facilitator.core.pseudonymise import NerFn, Pseudonymiser, Span
    from facilitator.core.themes import ThemeSuggester

GROUP = "group"
UNKNOWN = "unknown"


def speaker_label(speaker: str) -> str:
    """A speaker as shown: the code, or "groupe" / "inconnu" in the interface language."""
    if speaker == GROUP:
        return t("observer.group")
    if speaker == UNKNOWN:
        return t("observer.unknown")
    return speaker


# A speaker token typed at the start of the line: `3:` / `p3:` / `P03:` -> P03, `f1:` -> F1,
# `g:` -> group, `?:` -> unknown. Removed from the saved text.
# A colon followed by a digit is a time ("22:30 il est parti"), never a token.
_TOKEN = re.compile(r"^\s*(?:(?P<p>p?\d{1,2})|(?P<f>f[1-3])|(?P<g>g)|(?P<u>\?))\s*:(?!\d)\s*", re.IGNORECASE)
# A word the pseudonymiser missed, marked inline while typing: {{Rocco}} -> replaced, braces removed.
_MARKER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_WORD_CHARS = r"\w\-'’"


class SpeakerError(ValueError):
    """A speaker token naming a code that is not part of the cycle."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParsedLine:
    speaker: str | None     # from the line's token, None when the line has none
    body: str               # the text without the token


def parse_speaker(line: str, participants: Sequence[str], facilitators: Sequence[str]) -> ParsedLine:
    """Split a leading speaker token off `line`; raises SpeakerError for a code not in the cycle."""
    match = _TOKEN.match(line)
    if not match:
        return ParsedLine(None, line)
    body = line[match.end():]
    if match.group("p"):
        digits = match.group("p").lower().removeprefix("p")
        code = f"P{int(digits):02d}"
        if code not in participants:
            raise SpeakerError(code)
        return ParsedLine(code, body)
    if match.group("f"):
        code = match.group("f").upper()
        if code not in facilitators:
            raise SpeakerError(code)
        return ParsedLine(code, body)
    if match.group("g"):
        return ParsedLine(GROUP, body)
    return ParsedLine(UNKNOWN, body)


def parse_speaker_code(value: str, participants: Sequence[str], facilitators: Sequence[str]) -> str | None:
    """A speaker typed in a field ("3", "p3", "P03", "F1", "g", "groupe", "?", "inconnu"); None if not one.

    The same rules as the capture line's token (`parse_speaker`), plus the words shown for the
    group and an unknown speaker in either language.
    """
    value = value.strip()
    lowered = value.casefold()
    if lowered in ("g", "group", "groupe", t("observer.group").casefold()):
        return GROUP
    if lowered in ("?", "unknown", "inconnu", t("observer.unknown").casefold()):
        return UNKNOWN
    try:
        parsed = parse_speaker(f"{value}:", participants, facilitators)
    except SpeakerError:
        return None
    return parsed.speaker if not parsed.body else None


def speaker_cycle(participants: Sequence[str], facilitators: Sequence[str]) -> list[str]:
    """Every speaker in the order F3 cycles through them."""
    return [*participants, *facilitators, GROUP, UNKNOWN]


def strip_markers(body: str) -> tuple[str, list[tuple[int, int]]]:
    """`body` without `{{` `}}` and the ranges (in the stripped text) the markers enclosed."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in _MARKER.finditer(body):
        before = body[position:match.start()]
        out.append(before)
        length += len(before)
        inner = match.group(1)
        # keep surrounding blanks out of the span: `{{ Rocco }}` marks "Rocco"
        lead = len(inner) - len(inner.lstrip())
        word = inner.strip()
        out.append(inner)
        if word:
            ranges.append((length + lead, length + lead + len(word)))
        length += len(inner)
        position = match.end()
    out.append(body[position:])
    return "".join(out), ranges


def word_occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """Whole-word, case-insensitive occurrences of `word` in `text`."""
    word = word.strip()
    if not word:
        return []
    pattern = re.compile(rf"(?<![{_WORD_CHARS}]){re.escape(word)}(?![{_WORD_CHARS}])", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@dataclass(frozen=True)
class PreviewSpan:
    span: Span
    active: bool            # False once the observer undid it (the original word is kept)
    manual: bool            # marked by the observer (inline marker or F6)
    check: bool = False     # a venue or employer "à vérifier": masked only if the observer says so

    @property
    def key(self) -> str:
        return self.span.text.casefold()

    @property
    def proposal(self) -> str | None:
        """The roster code a misspelt name may stand for, while the observer has not accepted it."""
        span = self.span
        return span.proposal if span.source == "near" and span.replacement != span.proposal else None


@dataclass(frozen=True)
class Choices:
    """The observer's corrections for the line being typed (reset after each commit)."""

    kept: frozenset[str] = frozenset()      # casefolded words whose replacement was undone
    marked: tuple[str, ...] = ()            # words marked as missed (F6)
    accepted: frozenset[str] = frozenset()  # casefolded misspelt names given their proposed code
    flagged: frozenset[str] = frozenset()   # casefolded quasi-identifiers the observer chose to mask


@dataclass
class Preview:
    """The text as it will be saved, the spans behind it, and how to show both."""

    line: str                   # the input line this preview was computed for
    choices: Choices
    ner_ready: bool
    speaker: str | None
    body: str                   # the line without its token and markers (raw: memory only)
    spans: list[PreviewSpan] = field(default_factory=list)
    clean: str = ""             # what Enter saves (pseudonymised)
    error: str | None = None    # a bad speaker token
    themes: list[str] = field(default_factory=list)   # codebook themes the keywords suggest

    @property
    def pending_proposals(self) -> list[int]:
        """Indexes of spans whose proposed roster code waits for the observer's key."""
        return [i for i, item in enumerate(self.spans) if item.proposal and item.active]

    def matches(self, line: str, choices: Choices, ner_ready: bool) -> bool:
        return self.line == line and self.choices == choices and self.ner_ready == ner_ready


class CaptureEngine:
    """Detection for one cycle: roster + patterns, plus the NER model once it is loaded.

    Detection runs in a worker while the observer types and again on the UI thread at Enter when
    the worker's result is stale, so calls are serialised (spaCy pipelines are not thread-safe).
    """

    def __init__(self, pseudonymiser: Pseudonymiser, participants: Sequence[str],
                 facilitators: Sequence[str], themes: ThemeSuggester | None = None) -> None:
        self.pseudonymiser = pseudonymiser
        self.participants = list(participants)
        self.facilitators = list(facilitators)
        self.themes = themes
        self.ner_ready = False
        self._lock = threading.Lock()

    def set_ner(self, ner: NerFn) -> None:
        with self._lock:
            self.pseudonymiser.set_ner(ner)
            self.ner_ready = True

    def preview(self, line: str, choices: Choices, active_themes: Iterable[str] = ()) -> Preview:
        """Parse the speaker token, strip markers, detect and apply the observer's corrections.

        A misspelt roster name is masked as a first name until the observer accepts its code; a venue
        or employer is shown "à vérifier" and masked only if the observer flags it. Themes are
        suggested from the codebook's keywords (never those already on) and applied by the screen.
        """
        ner_ready = self.ner_ready
        try:
            parsed = parse_speaker(line, self.participants, self.facilitators)
        except SpeakerError as exc:
            return Preview(line, choices, ner_ready, None, line, error=exc.code)
        body, marker_ranges = strip_markers(parsed.body)
        with self._lock:
            detected, quasi = self.pseudonymiser.analyse(body)
            manual_ranges = list(marker_ranges)
            for word in choices.marked:
                manual_ranges.extend(word_occurrences(body, word))
            manual = [self.pseudonymiser.manual_span(body, start, end)
                      for start, end in _disjoint(manual_ranges)]
        spans = [PreviewSpan(span, span.text.casefold() not in choices.kept, True) for span in manual]
        for span in detected:
            if span.source == "near" and span.proposal and span.text.casefold() in choices.accepted:
                span = replace(span, category="CODE", replacement=span.proposal)
            if not any(_overlaps(span, other.span) for other in spans):
                spans.append(PreviewSpan(span, span.text.casefold() not in choices.kept, False))
        for span in quasi:
            if not any(_overlaps(span, other.span) for other in spans):
                spans.append(PreviewSpan(span, span.text.casefold() in choices.flagged, False, check=True))
        spans.sort(key=lambda item: item.span.start)
        active = [item.span for item in spans if item.active]
        with self._lock:
            clean = self.pseudonymiser.apply(body, active)
        themes = self.themes.suggest(body, exclude=active_themes) if self.themes else []
        return Preview(line, choices, ner_ready, parsed.speaker, body, spans, clean, themes=themes)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _disjoint(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def make_verbatim(*, cycle_id: str, run: LiveRun, now: float, speaker: str, themes: Iterable[str],
                  clean_text: str) -> Verbatim:
    """The record of one captured line: the current item and elapsed time derived from the run."""
    state = run.state(now)
    return Verbatim(id=new_id("v"), cycle_id=cycle_id, session=run.run.number,
                    item_id=run.run.item_ids[state.current], speaker=speaker, themes=list(themes),
                    text=clean_text, at=now, elapsed_s=round(state.elapsed_s, 1))
