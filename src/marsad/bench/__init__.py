"""Benchmarks behind `marsad bench …`: speed and memory measured, reported, never asserted."""
