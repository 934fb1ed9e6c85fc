# Django has no formats for Maltese. Maltese writes the day first with "ta’" ("of") before the
# month ("3 ta’ Diċembru 2026", as CLDR and the EU's Maltese texts have it), a 24-hour clock,
# the decimal point and the comma between thousands, as in Malta's English.
DATE_FORMAT = r"j \t\a’ F Y"
DATETIME_FORMAT = r"j \t\a’ F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = r"j \t\a’ F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# Dates typed into forms are read by reports/dates.py, day first; the first format is how
# a form shows a date it holds, the others are kept for Django's own forms (the admin).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
