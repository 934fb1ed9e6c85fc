# Bulgarian writes a date's day without a leading zero and the year with "г." (година),
# kept on the year's line by a no-break space: "1 февруари 2018 г.". Django's Bulgarian
# locale writes "01 февруари 2018" and has no date-and-time format (it falls back to the
# English order, "юли 3, 2020, 1:05 след обяд").
DATE_FORMAT = "j F Y\u00a0г."
DATETIME_FORMAT = "j F Y\u00a0г., H:i"
# Dates typed into forms are read by reports/dates.py, day first; the first format is how
# a form shows a date it holds, the others are kept for Django's own forms (the admin).
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
# Thousands are grouped by three with Django's Bulgarian separator, a no-break space
# ("10 000"), where a template asks for it (reports/templatetags/numbers.py); four-digit
# numbers stay whole ("1000"), as Bulgarian orthography and CLDR have it.
NUMBER_GROUPING = 3
MINIMUM_GROUPING_DIGITS = 2
