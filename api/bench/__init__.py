"""Benchmarks: measured by hand, never timed in tests."""
