"""Words drawn inside the report's charts (legends, median label)."""

STRINGS: dict[str, tuple[str, str]] = {
    "planned": ("prévu", "planned"),
    "actual": ("réel", "actual"),
    "overrun": ("dépassement > 1 min", "overrun > 1 min"),
    "median": ("médiane", "median"),
}
