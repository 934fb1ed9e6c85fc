"""`make bench`: the benchmark harness (bench/run.py) and the settings it serves with."""
