"""One formatting layer: the same figure reads the same in the TUI and the reports, per language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from facilitator import i18n
from facilitator.core import formatting as fmt

NBSP = "\u00a0"


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def test_french_numbers_use_a_decimal_comma_and_a_non_breaking_space_before_percent():
    assert fmt.number(7.5) == "7,5"
    assert fmt.number(7.0) == "7"
    assert fmt.number(-0.04) == "0"
    assert fmt.number(1234) == "1\u202f234"
    assert fmt.percent(0.875) == f"87,5{NBSP}%"
    assert fmt.percent(7 / 8) == fmt.percent(0.875)      # attendance 7 of 8 reads the same everywhere
    assert fmt.percent(2 / 3) == f"66,7{NBSP}%"
    assert fmt.percent(1) == f"100{NBSP}%"
    assert fmt.percent(None) == fmt.DASH
    assert fmt.signed(2.5) == "+2,5" and fmt.signed(-1) == "-1" and fmt.signed(0) == "0"
    assert fmt.p_value(0.0004) == "< 0,001" and fmt.p_value(0.0456) == "0,046"


def test_english_numbers_have_no_space_before_percent(english):
    assert fmt.number(7.5) == "7.5"
    assert fmt.number(1234) == "1,234"
    assert fmt.percent(0.875) == "87.5%"
    assert fmt.p_value(0.0004) == "< 0.001"


def test_dates_follow_the_language(english):
    when = datetime(2026, 3, 4, 14, 5).timestamp()
    assert fmt.day(date(2026, 3, 4)) == "2026-03-04"
    assert fmt.long_day(date(2026, 3, 4)) == "4 March 2026"
    assert fmt.date_time(when) == "2026-03-04 14:05"
    i18n.set_language("fr")
    assert fmt.day(date(2026, 3, 4)) == "04/03/2026"
    assert fmt.long_day(date(2026, 3, 4)) == "4 mars 2026"
    assert fmt.date_time(when) == "04/03/2026 14:05"
    assert fmt.hhmm(when) == "14:05"
    assert fmt.day(None) == fmt.DASH


def test_plural_categories_are_the_cldr_ones(english):
    # English: 1 is singular, 0 is plural; French: 0 and 1.5 are singular
    assert [fmt.plural_form(n) for n in (0, 1, 2)] == ["other", "one", "other"]
    i18n.set_language("fr")
    assert [fmt.plural_form(n) for n in (0, 1, 1.5, 2)] == ["one", "one", "one", "other"]


def test_tn_picks_the_entry_for_the_plural_category(monkeypatch, english):
    strings = {"sessions_one": ("{n} séance", "{n} session"), "sessions_other": ("{n} séances", "{n} sessions")}
    monkeypatch.setattr(i18n, "_area", lambda area: strings)
    assert fmt.tn("x.sessions", 1) == "1 session"
    assert fmt.tn("x.sessions", 0) == "0 sessions"
    i18n.set_language("fr")
    assert fmt.tn("x.sessions", 0) == "0 séance"
    assert fmt.tn("x.sessions", 3) == "3 séances"
    assert fmt.tn("x.sessions", 1_000_000) == "1\u202f000\u202f000 séances"   # CLDR "many" falls back to other
