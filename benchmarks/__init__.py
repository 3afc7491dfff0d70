"""Benchmarks of facilitator: start-up, save latency against history size, pseudonymiser, reports,
memory and timer drift. Run `python -m benchmarks` (table) or `python -m benchmarks --quick --json`."""


def p95(values: list[float]) -> float:
    """The 95th percentile of `values` (the nearest rank at or below it)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
