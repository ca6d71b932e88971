"""Helpers of the benchmark script ``tests/bench.py``: converters to peer formats, student maps.

Not a test package: nothing here is collected by pytest.
"""
