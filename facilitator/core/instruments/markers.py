"""Marker days that anchor TLFB recall: French public holidays, computed without any data file."""

from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def french_public_holidays(year: int, *, alsace_moselle: bool = False) -> dict[date, str]:
    """The 11 French public holidays of `year` (plus Good Friday and 26 December in Alsace-Moselle).

    Values are ids (`new_year`, `easter_monday`...) whose labels are `questionnaires.holiday_<id>`.
    """
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "new_year",
        easter + timedelta(days=1): "easter_monday",
        date(year, 5, 1): "labour_day",
        date(year, 5, 8): "victory_1945",
        easter + timedelta(days=39): "ascension",
        easter + timedelta(days=50): "whit_monday",
        date(year, 7, 14): "bastille_day",
        date(year, 8, 15): "assumption",
        date(year, 11, 1): "all_saints",
        date(year, 11, 11): "armistice",
        date(year, 12, 25): "christmas",
    }
    if alsace_moselle:
        days[easter - timedelta(days=2)] = "good_friday"
        days[date(year, 12, 26)] = "st_stephen"
    return dict(sorted(days.items()))


def public_holidays_between(first: date, last: date, *, alsace_moselle: bool = False) -> dict[date, str]:
    """French public holidays from `first` to `last`, both included."""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        for when, name in french_public_holidays(year, alsace_moselle=alsace_moselle).items():
            if first <= when <= last:
                found[when] = name
    return found


def monday_weeks(first: date, last: date) -> list[list[date | None]]:
    """Calendar rows, Monday first, covering `first`..`last`; days outside that range are None."""
    weeks: list[list[date | None]] = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        week = [monday + timedelta(days=n) for n in range(7)]
        weeks.append([day if first <= day <= last else None for day in week])
        monday += timedelta(days=7)
    return weeks
