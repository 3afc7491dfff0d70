"""Random damage to the bundled sessions.yaml never raises anything but ProgrammeError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.programme import Programme
from facilitator.core.programme_loader import ProgrammeError, check_programme_text, load_programme

BUNDLED = Path(__file__).resolve().parents[2] / "sessions.yaml"
TEXT = BUNDLED.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)
RAW = TEXT.encode("utf-8")

# Fragments that are meaningful to YAML or to the schema.
SNIPPETS = ["", ":", ": ", "- ", "  ", "\t", "[", "]", "{", "}", "&a ", "*a", "<<: *a", "!!int ", "'",
            '"', "#", "|", ">-", "0", "-1", "null", "~", "true", "1e999", "id: s1-welcome",
            "number: 1", "exercise: nope", "kind: party", "key: q", "minutes: 0", "\x00", "é", "---"]


@st.composite
def damaged_text(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "replace", "insert", "indent"]))
        index = draw(st.integers(0, len(lines) - 1))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "replace":
            line = lines[index]
            start = draw(st.integers(0, len(line)))
            end = draw(st.integers(start, len(line)))
            lines[index] = line[:start] + draw(st.sampled_from(SNIPPETS)) + line[end:]
        elif action == "insert":
            lines.insert(index, draw(st.sampled_from(SNIPPETS)) + "\n")
        else:
            lines[index] = draw(st.sampled_from(["", " ", "  ", "    "])) + lines[index].lstrip(" ")
    return "".join(lines)


def assert_only_programme_errors(data: bytes | str) -> None:
    programme, problems, warnings = check_programme_text(data, "fuzz.yaml")
    if programme is None:
        assert problems, "an invalid programme must come with problems"
        for problem in problems:
            assert problem.line >= 1
            assert str(problem).startswith("fuzz.yaml:")
            assert len(str(problem).splitlines()) == 1, "each problem is one line"
    else:
        assert isinstance(programme, Programme) and problems == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_text())
def test_damaged_lines_only_give_programme_errors(text):
    assert_only_programme_errors(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(RAW)))
def test_truncation_only_gives_programme_errors(cut):
    assert_only_programme_errors(RAW[:cut])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(RAW) - 1), st.binary(min_size=1, max_size=4))
def test_random_bytes_only_give_programme_errors(position, garbage):
    assert_only_programme_errors(RAW[:position] + garbage + RAW[position + len(garbage):])


@settings(max_examples=20, deadline=None)
@given(damaged_text())
def test_load_programme_raises_only_programme_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "sessions.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_programme(path)
    except ProgrammeError as error:
        assert error.problems
        assert all(line.startswith(f"{path}:") for line in str(error).splitlines())
