"""Reading a date as a European coordinator types it, or saying why it cannot be read.

Accepted, in any language of the site: day first with slashes, dots or dashes (1/2/2018,
01.02.2018, 1-2-2018), ISO (2018-02-01), and the month in words in English or in the page's
language (1 February 2018, 1 Feb 2018, 1 февруари 2018 г., February 1, 2018), optionally after
the weekday ("Friday 30th October 2020", which must then be right). Never month first:
"02/25/2021" is refused, not read as 25 February.

Refused with the reason: what has no year ("30 October": which year?), a year of two digits,
a day or month that does not exist (31/02/2021, 2021-13-01) and an implausible year (22021).
A general-purpose parser such as dateparser guesses in these cases (it gives "30 October"
the current year and reads 02/25/2021 month first), which is how dates got misread.
"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import dates, formats
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

EARLIEST_YEAR, LATEST_YEAR = 1950, 2100

# A name: letters, dots allowed inside ("сеп."), no digits.
NAME = r"[^\W\d_][^\W\d_.]*\.?"
NUMERIC_DAY_FIRST = re.compile(r"^(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d+)$")
NUMERIC_YEAR_FIRST = re.compile(r"^(\d{3,})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\.?\s*({NAME})\s*,?\s*(\d+)$")
MONTH_DAY_YEAR = re.compile(
    rf"^({NAME})\s*(\d{{1,2}})\s*,\s*(\d+)$|^({NAME})\s+(\d{{1,2}})\s+(\d{{4,}})$"
)
# Without a year: day and month only, in numbers or words.
NO_YEAR = re.compile(
    rf"^(\d{{1,2}})\s*([./-])\s*(\d{{1,2}})\.?$|^(\d{{1,2}})\.?\s*({NAME})$|^({NAME})\s*(\d{{1,2}})$"
)
ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
# What is said beside a date, "(9:30-10:30 am)": left aside to tell what the date lacks.
WITHOUT_ASIDES = re.compile(r"\s*\([^)]*\)")
YEAR_SUFFIX = re.compile(r"\s*(г\.?|год\.?)$")  # Bulgarian "2018 г."


def parse_date(text: str) -> datetime.date:
    """The date `text` means; ValidationError saying why when there is none, or no one."""
    typed = " ".join(text.split())
    cleaned = ORDINAL.sub(r"\1", YEAR_SUFFIX.sub("", typed.casefold())).strip(" ,")
    weekday, cleaned = _weekday(cleaned)
    day = month = year = None
    if match := NUMERIC_YEAR_FIRST.match(cleaned):
        year, month, day = match[1], match[3], match[4]
    elif match := NUMERIC_DAY_FIRST.match(cleaned):
        day, month, year = match[1], match[3], match[4]
        if int(month) > 12 >= int(day):
            raise _refused(
                typed,
                _("there is no month %(month)s. Dates are written day first: %(example)s.")
                % {"month": int(month), "example": f"{int(month):02d}/{int(day):02d}/{year}"},
            )
    elif match := DAY_MONTH_YEAR.match(cleaned):
        day, month, year = match[1], _month(match[2], typed), match[3]
    elif match := MONTH_DAY_YEAR.match(cleaned):
        name, day, year = (match[1], match[2], match[3]) if match[1] else match.group(4, 5, 6)
        month = _month(name, typed)
    elif NO_YEAR.match(WITHOUT_ASIDES.sub("", cleaned).strip(" ,")):
        raise _refused(typed, _("it has no year."), code="no_year")
    else:
        raise _refused(typed, _("write it day first, as 25/02/2021."))
    found = _checked(typed, int(day), int(month), year)
    if weekday is not None and found.weekday() != weekday:
        raise _refused(
            typed,
            _("%(date)s was a %(weekday)s.")
            % {"date": in_words(found), "weekday": dates.WEEKDAYS[found.weekday()]},
        )
    return found


def in_words(date: datetime.date) -> str:
    """ "1 February 2018": how the page says which date it read."""
    return formats.date_format(date, "DATE_FORMAT")


def _checked(typed: str, day: int, month: int, year_text: str) -> datetime.date:
    if len(year_text) < 4:
        raise _refused(
            typed,
            _("write the year in full (%(full)s, not %(short)s).")
            % {"full": 2000 + int(year_text) % 100, "short": year_text},
        )
    year = int(year_text)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise _refused(typed, _("%(year)s is not a plausible year.") % {"year": year})
    if not 1 <= month <= 12:
        raise _refused(typed, _("there is no month %(month)s.") % {"month": month})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_name = formats.date_format(datetime.date(year, month, 1), "F Y")
        raise _refused(
            typed,
            _("%(month)s has %(days)s days.") % {"month": month_name, "days": days},
        )
    return datetime.date(year, month, day)


def _refused(typed: str, reason: str, code: str = "invalid") -> ValidationError:
    return ValidationError(
        _("“%(typed)s” is not a date: %(reason)s") % {"typed": typed, "reason": reason},
        code=code,
    )


def _languages() -> list[str]:
    """English always (the partnerships' working language), and the page's language."""
    return list(dict.fromkeys(["en", get_language() or "en"]))


def _names(tables) -> dict[str, int]:
    names = {}
    for language in _languages():
        with override(language):
            for table in tables:
                for number, name in table.items():
                    names[str(name).casefold().rstrip(".")] = number
    return names


def _month(name: str, typed: str) -> int:
    months = _names([dates.MONTHS, dates.MONTHS_ALT, dates.MONTHS_3, dates.MONTHS_AP])
    months.setdefault("sept", 9)
    number = months.get(name.rstrip("."))
    if number is None:
        raise _refused(typed, _("“%(name)s” is not a month.") % {"name": name})
    return number


def _weekday(cleaned: str) -> tuple[int | None, str]:
    """(the weekday written before the date, or None; the rest)."""
    match = re.match(rf"^({NAME})\s*,?\s+(?=\d)", cleaned)
    if not match:
        return None, cleaned
    weekday = _names([dates.WEEKDAYS, dates.WEEKDAYS_ABBR]).get(match[1].rstrip("."))
    if weekday is None:
        return None, cleaned
    return weekday, cleaned[match.end() :]
