"""Benchmarks (make bench): numbers and ratios, never pass/fail assertions."""
