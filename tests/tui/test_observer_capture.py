"""The observer's capture logic without the screen: speaker tokens, inline markers, corrections, preview."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core.capture import (
    CaptureEngine,
    Choices,
    ParsedLine,
    SpeakerError,
    parse_speaker,
    strip_markers,
    word_occurrences,
)
from facilitator.core.pseudonymise import Pseudonymiser, Roster
from facilitator.tui.observer.widgets import render_preview

PARTICIPANTS = ["P01", "P02", "P03", "P12"]
FACILITATORS = ["F1", "F2"]


@pytest.mark.parametrize(("line", "speaker", "body"), [
    ("3: bonjour", "P03", "bonjour"),
    ("p3: bonjour", "P03", "bonjour"),
    ("P03 : bonjour", "P03", "bonjour"),
    ("12:bonjour", "P12", "bonjour"),
    ("f2: bonjour", "F2", "bonjour"),
    ("g: tous ensemble", "group", "tous ensemble"),
    ("?: qui a dit ça", "unknown", "qui a dit ça"),
    ("bonjour 3: pas un préfixe", None, "bonjour 3: pas un préfixe"),
    ("à 22:30 il est parti", None, "à 22:30 il est parti"),
    ("22:30 il est parti", None, "22:30 il est parti"),
])
def test_speaker_tokens(line: str, speaker: str | None, body: str) -> None:
    assert parse_speaker(line, PARTICIPANTS, FACILITATORS) == ParsedLine(speaker, body)


@pytest.mark.parametrize(("line", "code"), [("5: x", "P05"), ("f3: x", "F3")])
def test_speaker_not_in_the_cycle(line: str, code: str) -> None:
    with pytest.raises(SpeakerError) as error:
        parse_speaker(line, PARTICIPANTS, FACILITATORS)
    assert error.value.code == code


def test_markers_are_stripped_and_located() -> None:
    text, ranges = strip_markers("vu {{ Rocco }} et {{Zed}} [ici]")
    assert text == "vu  Rocco  et Zed [ici]"
    assert [text[s:e] for s, e in ranges] == ["Rocco", "Zed"]


@given(st.lists(st.tuples(st.text(alphabet="ab [].", max_size=5),
                          st.text(alphabet="xyz ", min_size=1, max_size=5)), max_size=4))
def test_markers_round_trip(parts: list[tuple[str, str]]) -> None:
    body = "".join(f"{plain}{{{{{marked}}}}}" for plain, marked in parts)
    text, ranges = strip_markers(body)
    assert "{{" not in text
    assert [text[s:e] for s, e in ranges] == [m.strip() for _, m in parts if m.strip()]


def test_word_occurrences_are_whole_words() -> None:
    assert word_occurrences("Zed, zed et Zedou", "zed") == [(0, 3), (5, 8)]
    assert word_occurrences("rien", " ") == []


def engine() -> CaptureEngine:
    roster = Roster.from_mapping({"P01": ["Anatole"], "P02": ["Barnabé"]})
    return CaptureEngine(Pseudonymiser(roster), PARTICIPANTS, FACILITATORS)


def test_corrections_undo_and_mask() -> None:
    capture = engine()
    preview = capture.preview("2: Anatole a vu Zed au 06 39 98 12 34", Choices())
    assert preview.speaker == "P02"
    assert preview.clean == "P01 a vu Zed au [TÉLÉPHONE]"
    kept = capture.preview("2: Anatole a vu Zed au 06 39 98 12 34", Choices(frozenset({"anatole"}), ("zed",)))
    assert kept.clean == "Anatole a vu [MASQUÉ] au [TÉLÉPHONE]"
    assert [(s.span.text, s.active, s.manual) for s in kept.spans] == [
        ("Anatole", False, False), ("Zed", True, True), ("06 39 98 12 34", True, False)]
    rendered = render_preview(kept, selected=1)
    assert rendered.plain == kept.clean
    assert any("reverse" in str(span.style) and "bold" in str(span.style) for span in rendered.spans)


def test_bad_speaker_makes_an_error_preview() -> None:
    preview = engine().preview("7: Anatole", Choices())
    assert preview.error == "P07" and preview.clean == ""


def test_near_match_venue_and_themes_wait_for_the_observer() -> None:
    from dataclasses import replace

    from facilitator.core.programme import Theme
    from facilitator.core.themes import ThemeSuggester

    themes = ThemeSuggester([Theme(id="weekend", label="Week-end", key="w", keywords=["samedi", "week-end"]),
                             Theme(id="slam", label="Slam", key="j", keywords=["aiguille", "slam"])])
    engine = CaptureEngine(Pseudonymiser(Roster.parse("P01: Anatole\nP02: Barnabé")), PARTICIPANTS,
                           FACILITATORS, themes)
    line = "2: Anatol au bar Zéphyr samedi, d'Anatole l'aiguille"
    preview = engine.preview(line, Choices())
    assert preview.clean == "[PRÉNOM] au bar Zéphyr samedi, de P01 l'aiguille"
    assert preview.themes == ["weekend", "slam"]                   # suggested, not applied
    [near] = [item for item in preview.spans if item.proposal]
    assert near.proposal == "P01" and preview.pending_proposals == [preview.spans.index(near)]
    [venue] = [item for item in preview.spans if item.check]
    assert venue.span.text == "bar Zéphyr" and not venue.active

    accepted = engine.preview(line, replace(Choices(), accepted=frozenset({"anatol"}),
                                            flagged=frozenset({"bar zéphyr"})))
    assert accepted.clean == "P01 au [LIEU] samedi, de P01 l'aiguille"
    assert accepted.pending_proposals == []
    assert engine.preview(line, Choices(), active_themes=["weekend"]).themes == ["slam"]


@pytest.mark.parametrize(("value", "expected"), [
    ("3", "P03"), ("p3", "P03"), ("P03", "P03"), (" 12 ", "P12"), ("f1", "F1"), ("F2", "F2"),
    ("g", "group"), ("Groupe", "group"), ("?", "unknown"), ("inconnu", "unknown"),
    ("7", None), ("F3", None), ("Anatole", None), ("", None), ("3: oui", None),
])
def test_a_speaker_typed_in_a_field_follows_the_capture_token_rules(value, expected):
    from facilitator.core.capture import parse_speaker_code

    assert parse_speaker_code(value, PARTICIPANTS, FACILITATORS) == expected
