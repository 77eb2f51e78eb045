"""Benchmarks and the synthetic district: outside the shipped package."""
