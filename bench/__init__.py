"""Benchmarks for `make bench`: speed and size targets live here, not in timed tests."""
