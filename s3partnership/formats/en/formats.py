# Django's English locale writes dates the American way ("Nov. 22, 2026, 11:45 a.m."); the
# EU institutions' English puts the day first and uses a 24-hour clock, as the news and the
# PDF already do ("22 November 2026, 11:45").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
# Dates typed into forms are read by reports/dates.py, day first; the first format is how
# a form shows a date it holds, the others are kept for Django's own forms (the admin).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# Thousands are grouped with Django's English comma ("1,000"), where a template asks for it
# (reports/templatetags/numbers.py).
