"""Benchmarks: each prints figures for unionwatch beside a peer measured in the same run."""
