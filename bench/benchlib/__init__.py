"""Benchmark harness modules used by bench/run.py (see bench/README.md)."""
