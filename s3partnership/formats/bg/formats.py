# Django's Bulgarian locale has no date-and-time format and falls back to the English order
# ("юли 3, 2020, 1:05 след обяд"); Bulgarian writes the day first and a 24-hour clock.
DATETIME_FORMAT = "j F Y, H:i"
