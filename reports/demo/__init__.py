"""Demo data for `manage.py load_demo`: plain Python literals, loaded by `reports.demo.load`.

What is real and what is not:

* `cybersecurity.py` holds the Cybersecurity partnership as its web pages show it (seeds 002
  and 003) and its July–December 2020 report exactly as filled in (seed 004). Its earlier
  reports, all self-assessments and all people are invented.
* `partnerships.py` holds the other partnerships of the thematic platforms; where the sources do not
  name the lead regions, plausible ones were picked, and every report text is invented.
* `news.py` holds the news article of seeds 000/001 in English and Bulgarian.
* `accounts.py` holds the fictitious demo accounts.

Nothing here touches the database; `reports.demo.load` does.
"""
