"""Benchmarks of facilitator: start-up, save latency against history size, pseudonymiser, reports,
memory and timer drift. Run `python -m benchmarks` (table) or `python -m benchmarks --quick --json`."""
