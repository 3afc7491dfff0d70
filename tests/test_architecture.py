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


# wall-clock reads allowed outside core, each with its reason (durations with time.monotonic are fine anywhere)
WALL_CLOCK_ALLOWED = {
    "facilitator/core/clock.py",              # SystemClock is where the real time is read
    "facilitator/storage/vault.py",           # audit lines record when it really happened: a clock cannot forge it
    "facilitator/storage/keyring.py",         # the keyring's creation and rotation dates, same reason
    "facilitator/storage/repository.py",      # lock waits measured with time.monotonic (a duration)
    "facilitator/tui/screens/questionnaires.py",  # TLFB default window when built outside an app (tests)
}


def clock_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.relative_to(PACKAGE.parent)}:{node.lineno} reads {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in CLOCK_READS]


# commands are where the real clock is made (SystemClock) and where a command stamps its own output: not checked
@pytest.mark.parametrize("layer", ["core", "storage", "reports", "tui"])
def test_the_time_is_read_only_through_the_injected_clock(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        if path.relative_to(PACKAGE.parent).as_posix() in WALL_CLOCK_ALLOWED:
            continue
        offenders.extend(clock_reads(path))
    assert not offenders, "\n".join(offenders)


# what a thread worker must never do: touch a widget, or wait for the UI thread
WIDGET_CALLS = {"query", "query_one", "update", "mount", "remove", "focus", "push_screen", "pop_screen",
                "dismiss", "notify", "refresh", "set_focus", "call_from_thread"}


def thread_workers(tree: ast.AST) -> list[ast.FunctionDef]:
    """Methods decorated with `@work(thread=True, ...)`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                if (isinstance(deco, ast.Call) and getattr(deco.func, "id", getattr(deco.func, "attr", "")) == "work"
                        and any(k.arg == "thread" and getattr(k.value, "value", False) for k in deco.keywords)):
                    found.append(node)
    return found


def test_no_call_from_thread_under_tui():
    """Workers post past-tense messages (Loaded, LoadFailed, Saved...): nothing waits for the UI thread."""
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                 for path in sorted((PACKAGE / "tui").rglob("*.py"))
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Attribute) and node.attr == "call_from_thread"]
    assert not offenders, "\n".join(offenders)


def test_thread_workers_never_touch_a_widget():
    offenders = []
    for path in sorted((PACKAGE / "tui").rglob("*.py")):
        for worker in thread_workers(ast.parse(path.read_text(encoding="utf-8"))):
            for node in ast.walk(worker):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in WIDGET_CALLS):
                    offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {worker.name} calls "
                                     f".{node.func.attr}()")
    assert not offenders, "\n".join(offenders)


def test_the_worker_rule_finds_a_worker_that_touches_a_widget():
    tree = ast.parse(
        "class S:\n"
        "    @work(thread=True, exclusive=True)\n"
        "    def load(self):\n"
        "        self.query_one('#x').update('y')\n")
    workers = thread_workers(tree)
    assert [w.name for w in workers] == ["load"]
    calls = {n.func.attr for n in ast.walk(workers[0]) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert {"query_one", "update"} <= calls & WIDGET_CALLS


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


def test_no_attr_defined_ignores_under_tui():
    """Screens reach the app through a typed accessor (`ConsoleAccess.console`, one cast), so mypy checks them."""
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{number}"
                 for path in sorted((PACKAGE / "tui").rglob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if "type: ignore[attr-defined]" in line]
    assert not offenders, "\n".join(offenders)


# errors raised for the user by core and storage are read in the user's language: their message comes from
# the catalogue (`t(...)`), never a literal. Messages about files a developer or an administrator edits
# (instrument definitions, pooled tables, the spaCy install) and internal codes are listed with the reason.
LITERAL_MESSAGES_ALLOWED = {
    "InstrumentDefinitionError",   # instrument YAML files: read by whoever edits them, English by design
    "PoolError",                   # pooled multi-site tables: an analyst's tool, English by design
    "ModelMissingError",           # developer install of the spaCy model
    "AnswerError", "FollowUpError",  # carry a field id or a reason code, translated where shown
    "SealError",                   # internal reason code, wrapped in CorruptFile's translated message
}


def test_errors_for_the_user_from_core_and_storage_come_from_the_catalogue():
    import importlib

    from facilitator.errors import UserError

    offenders = []
    for layer in ("core", "storage"):
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            module = importlib.import_module(
                "facilitator." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args):
                    continue
                name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
                cls = getattr(module, name, None)
                if (isinstance(cls, type) and issubclass(cls, UserError) and name not in LITERAL_MESSAGES_ALLOWED
                        and isinstance(node.exc.args[0], ast.Constant | ast.JoinedStr)):
                    offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}({ast.unparse(node.exc.args[0])[:60]})")
    assert not offenders, "\n".join(offenders)
