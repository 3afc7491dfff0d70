"""Imports go one way: tui -> storage/reports -> core. Checked on the source and in a fresh interpreter.

Core also reads the time only through the injected clock (AGENTS.md lists both rules as enforced here).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"

# package -> module prefixes it must never import
FORBIDDEN = {
    "core": ("textual", "tinydb", "facilitator.storage", "facilitator.tui", "facilitator.reports",
             "facilitator.commands"),
    "storage": ("textual", "facilitator.tui", "facilitator.reports", "facilitator.commands"),
    "reports": ("textual", "facilitator.tui", "facilitator.commands"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not offenders, "\n".join(offenders)


# reads of the current time; core gets it from an injected facilitator.core.clock.Clock
CLOCK_READS = {("time", "time"), ("time", "monotonic"), ("time", "perf_counter"), ("datetime", "now"),
               ("datetime", "utcnow"), ("datetime", "today"), ("date", "today")}


def test_core_reads_the_time_only_through_the_injected_clock():
    offenders = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        if path.name == "clock.py":   # SystemClock is where the real time is read
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and (node.value.id, node.attr) in CLOCK_READS):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert not offenders, "\n".join(offenders)


def test_core_loads_without_textual_or_tinydb():
    modules = sorted(
        "facilitator.core." + ".".join(p.relative_to(PACKAGE / "core").with_suffix("").parts)
        for p in (PACKAGE / "core").rglob("*.py") if p.name != "__init__.py"
    )
    assert "facilitator.core.timer" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in ('textual', 'tinydb') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_scoring_command_does_not_load_the_tui():
    code = (
        "import sys\n"
        "from facilitator import cli\n"
        "import facilitator.commands.score\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
