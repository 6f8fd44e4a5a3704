"""Benchmarks: the app's code path against the bare library call doing the same tensor work.

Run by hand with ``make bench`` (``python -m bench``); never part of the test suite.
"""
