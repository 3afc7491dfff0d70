"""Property tests of the parsers fed by hand-typed input: participant code lists, passphrase files, rosters.

Each either returns a well-formed result or raises a UserError whose message is one line; nothing else.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.commands._common import read_passphrase_file
from facilitator.core.models import parse_participant_codes
from facilitator.core.pseudonymise import Roster, RosterError
from facilitator.errors import UserError

CODE = re.compile(r"P\d{2}")

code_ish = st.one_of(
    st.integers(0, 120).map(lambda n: f"P{n:02d}"),
    st.tuples(st.integers(0, 30), st.integers(0, 30)).map(lambda ab: f"P{ab[0]:02d}-P{ab[1]:02d}"),
    st.sampled_from(["p03", "P3", "P001", "Julien", "P01-", "-P02", "P0l", "Ｐ01", "P٠١", "", " ", "P01–P03"]),
    st.text(max_size=6),
)
separator = st.sampled_from([",", ", ", " ", ";", "\t", "\n", ",,", " ; "])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(code_ish, separator), max_size=12).map(lambda parts: "".join(a + b for a, b in parts)))
def test_participant_codes_are_valid_or_one_line_error(text: str):
    try:
        codes = parse_participant_codes(text)
    except UserError as exc:
        assert exc.message and "\n" not in exc.message
        assert exc.message.startswith("codes participants\u00a0:") or exc.message.startswith("codes participants :")
        return
    assert 1 <= len(codes) <= 20
    assert len(set(codes)) == len(codes)
    assert all(CODE.fullmatch(code) and code != "P00" for code in codes)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(1, 99), min_size=1, max_size=20), st.sampled_from([", ", " ", ";", "\n"]))
def test_participant_codes_round_trip(numbers: set[int], sep: str):
    codes = [f"P{n:02d}" for n in sorted(numbers)]
    assert parse_participant_codes(sep.join(code.lower() for code in codes)) == codes


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 20), st.integers(0, 19))
def test_participant_code_ranges(low: int, extra: int):
    high = min(low + extra, 20)
    assert parse_participant_codes(f"P{low:02d}-P{high:02d}") == [f"P{n:02d}" for n in range(low, high + 1)]


PASSPHRASE_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_passphrase_file_of_any_bytes(raw: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pass"
        path.write_bytes(raw)
        try:
            passphrase = read_passphrase_file(path)
        except UserError as exc:
            assert "\n" not in exc.message and str(path) in exc.message
            return
    assert passphrase
    assert "\n" not in passphrase and "\r" not in passphrase
    assert raw.decode("utf-8-sig").startswith(passphrase)


@settings(max_examples=200, deadline=None)
@given(st.text(PASSPHRASE_CHARS, min_size=1, max_size=40).filter(lambda s: not s.startswith("\ufeff")),
       st.sampled_from(["", "\n", "\r\n", "\nsecond line\n"]), st.booleans())
def test_passphrase_file_as_editors_save_it(passphrase: str, ending: str, bom: bool):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pass"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (passphrase + ending).encode("utf-8"))
        assert read_passphrase_file(path) == passphrase


roster_line = st.one_of(
    st.tuples(st.sampled_from(["P01", "P02", "p03", "F1", "F2", "X9", "P00", "P1", ""]),
              st.sampled_from([":", ": ", " ", ":: ", "="]),
              st.lists(st.sampled_from(["Anatole", "Barnabé", "Barn", "", " ", "Jean-Pierre", "O'Neil", "#x",
                                        "Anatole", "d", "Zé"]), max_size=3).map(", ".join))
    .map("".join),
    st.text(max_size=20),
    st.just("# commentaire"),
    st.just(""),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(roster_line, max_size=8).map("\n".join))
def test_roster_is_parsed_or_refused_with_its_line(text: str):
    try:
        roster = Roster.parse(text, source="liste.txt")
    except RosterError as exc:
        assert isinstance(exc, UserError)
        assert "\n" not in exc.message and re.match(r"liste\.txt:\d+", exc.message), exc.message
        return
    codes = [entry.code for entry in roster.entries]
    assert len(set(codes)) == len(codes)
    assert all(entry.names for entry in roster.entries)
    assert Roster.parse(roster.to_text(), source="copie").to_text() == roster.to_text(), "round trip"
