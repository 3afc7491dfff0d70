"""Numbers, percentages, dates and plurals in the interface language, from Babel's CLDR data.

One module for the TUI and every report, so the same figure reads the same everywhere
("87,5 %" in French with a non-breaking space, "87.5%" in English). Empty values show as a dash.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from facilitator.i18n import language, t

DASH = "—"
NBSP = "\u00a0"
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
# numeric dates: day first in French, ISO 8601 in English (unambiguous for every reader)
DATE_PATTERNS = {"fr": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


def locale() -> str:
    """The CLDR locale of the interface language."""
    return LOCALES[language()]


def _quantised(value: float, digits: int) -> Decimal:
    # through str(round()) so 87.50000001 shows as 87.5 and -0.0 as 0
    rounded = round(float(value), digits)
    return Decimal(str(rounded if rounded != 0 else 0.0))


def number(value: float | None, digits: int = 1) -> str:
    """At most `digits` decimals, no trailing zeros: "12,5" / "12.5", "1 234" / "1,234"."""
    if value is None:
        return DASH
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(_quantised(value, digits), pattern, locale=locale())


def integer(value: int | None) -> str:
    return number(value, 0)


def percent(rate: float | None, digits: int = 1) -> str:
    """A rate in [0, 1] as a percentage: "87,5 %" (non-breaking space) / "87.5%"."""
    if rate is None:
        return DASH
    value = _quantised(float(rate) * 100, digits) / 100
    return format_percent(value, locale=locale(), decimal_quantization=False)


def signed(value: float | None, digits: int = 1) -> str:
    """A difference with its sign: "+2,5", "-1", "0"."""
    if value is None:
        return DASH
    text = number(value, digits)
    return text if text.startswith(("-", "−")) or text == "0" else f"+{text}"


def p_value(p: float | None) -> str:
    if p is None:
        return DASH
    if p < 0.001:
        return "< " + number(0.001, 3)
    return number(p, 3)


def _moment(value: float | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromtimestamp(value)


def day(value: date | float | None) -> str:
    """A date in numbers: "04/03/2026" / "2026-03-04"."""
    if value is None or value == 0:
        return DASH
    moment = value if isinstance(value, date) else datetime.fromtimestamp(value)
    return format_date(moment, DATE_PATTERNS[language()], locale=locale())


def long_day(value: date | float | None) -> str:
    """A date in words: "4 mars 2026" / "4 March 2026"."""
    if value is None or value == 0:
        return DASH
    moment = value if isinstance(value, date) else datetime.fromtimestamp(value)
    return format_date(moment, "long", locale=locale())


def date_time(value: float | datetime | None, *, seconds: bool = False) -> str:
    """Date and local time: "04/03/2026 14:05" / "2026-03-04 14:05"."""
    if value is None or value == 0:
        return DASH
    pattern = DATE_PATTERNS[language()] + (" HH:mm:ss" if seconds else " HH:mm")
    return format_datetime(_moment(value), pattern, locale=locale())


def hhmm(value: float | datetime | None) -> str:
    if value is None or value == 0:
        return DASH
    return format_datetime(_moment(value), "HH:mm", locale=locale())


def iso_local(stamp: str) -> str:
    """An ISO 8601 time stamp (as in the audit log) in local time, to the second."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return date_time(moment.replace(tzinfo=None), seconds=True)


def plural_form(count: float) -> str:
    """The CLDR plural category of `count`: French says "1,5 séance" and "0 séance" ("one")."""
    return Locale.parse(locale()).plural_form(abs(count))


def tn(key: str, count: float, /, **values: object) -> str:
    """The catalogue entry `key_one` or `key_other` chosen by `count`'s plural category.

    `{n}` in the entry is filled with `count` formatted as a number. A category without its
    own entry (CLDR "many" for large round French numbers) falls back to `key_other`.
    """
    form = plural_form(count)
    fields = {"n": number(count), **values}
    try:
        return t(f"{key}_{form}", **fields)
    except KeyError:
        return t(f"{key}_other", **fields)
