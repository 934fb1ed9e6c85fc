# Django's Bulgarian locale has no date-and-time format and falls back to the English order
# ("юли 3, 2020, 1:05 след обяд"); Bulgarian writes the day first and a 24-hour clock.
DATETIME_FORMAT = "j F Y, H:i"
# Dates typed into forms are read by reports/dates.py, day first; the first format is how
# a form shows a date it holds, the others are kept for Django's own forms (the admin).
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
