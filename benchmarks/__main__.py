"""`python -m benchmarks`: every benchmark, printed as a table with its target and comparison.

`python -m benchmarks --quick --json` is the reduced run CI uses as a smoke test: one JSON object on
standard output (figures at the top level, plus `targets`, `machine` and `errors`); progress goes to
standard error. Targets are for the 2-core test machine; timings are medians or 95th percentiles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# name: (target, "max" or "exact", unit, how it is shown)
TARGETS: dict[str, tuple[float, str, str]] = {
    "start_ratio": (1.5, "max", "x"),
    "commit_p95_ms_large": (20.0, "max", "ms"),
    "commit_flatness": (1.3, "max", "x"),
    "report_html_s": (2.0, "max", "s"),
    "rss_mb_console": (150.0, "max", "MB"),
    "rss_mb_observer": (450.0, "max", "MB"),
    "timer_drift_ms": (0.0, "max", "ms"),
    "long_line_s_speech": (2.0, "max", "s"),
}

# Rows of the table: (figure, unit, comparison built from the other figures)
ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str]]] = [
    ("start_s", "s", lambda f: "to the passphrase prompt (first interactive screen)"),
    ("start_ratio", "x", lambda f: f"console {f['start_s']:.2f} s / minimal Textual app {f['start_minimal_s']:.2f} s"),
    ("start_cpu_ratio", "x", lambda f: f"CPU {f['start_cpu_s']:.2f} s / {f['start_minimal_cpu_s']:.2f} s "
                                       "(less sensitive to load)"),
    ("start_home_s", "s", lambda f: f"with --passphrase-file, to the home screen (Argon2id unlock included); "
                                    f"{f['start_home_ratio']:.2f}x the minimal app"),
    ("commit_p95_ms_small", "ms", lambda f: f"{f['history_small']} verbatims in history; save alone "
                                            f"{f['save_p95_ms_small']:.1f} ms"),
    ("commit_p95_ms_large", "ms", lambda f: f"{f['history_large']} verbatims; save alone {f['save_p95_ms_large']:.1f} ms, "
                                            f"preview and record {f['preview_p95_ms_large']:.2f} ms (model loaded); "
                                            f"TinyDB default {f['tinydb_default_p95_ms_large']:.1f} ms"),
    ("commit_flatness", "x", lambda f: f"p95 large / small ({f['commits']} commits each, alternating)"),
    ("durable_write_floor_p95_ms", "ms", lambda f: "this disk's floor: write + fsync + rename + fsync folder"),
    ("tinydb_default_p95_ms_large", "ms", lambda f: f"JSONStorage, one file of {f['history_large']} verbatims "
                                                    "(reference, not encrypted)"),
    ("anonymise_ms_per_line", "ms", lambda f: f"with the model; {f['ms_per_line_without_model']:.2f} ms without "
                                              f"(p95 {f['anonymise_ms_p95']:.1f} ms)"),
    ("model_load_s", "s", lambda f: "spaCy fr_core_news_sm, loaded in a worker after first paint"),
    ("heldout_identifier_recall", "", lambda f: f"held-out corpus, never tuned on: roster {f['heldout_roster_recall']:.1%}, "
                                                f"kept {f['heldout_keep_rate']:.1%} (tuning corpus: identifiers "
                                                f"{f['identifier_recall']:.1%})"),
    ("long_line_s_speech", "s", lambda f: f"CPU for one line of 1 MB (250 kB with --quick); dense in identifiers "
                                          f"{f['long_line_s_dense']:.2f} s"),
    ("theme_precision", "", lambda f: f"keyword theme suggestions on {f['theme_lines']} labelled demo lines; "
                                      f"recall {f['theme_recall']:.1%}"),
    ("report_html_s", "s", lambda f: f"{f['report_cycles']} demo cycles, one report each; "
                                     f"{f['report_html_s_per_cycle']:.2f} s per cycle"),
    ("report_pooled_s", "s", lambda f: f"pooled evaluation of the {f['report_cycles']} cycles in one HTML "
                                       "(report --cycles all: tidy tables, Wilcoxon, bootstrap intervals)"),
    ("rss_mb_console", "MB", lambda f: f"home screen with demo cycles, no model; minimal app "
                                       f"{f['rss_mb_minimal']:.0f} MB"),
    ("rss_mb_observer", "MB", lambda f: f"model loaded (ready after {f['observer_ready_s']:.1f} s)"),
    ("timer_drift_ms", "ms", lambda f: f"{f['timer_wrong_texts']} wrong mm:ss over {f['timer_ticks']} ticks "
                                       "of a 90-min session with pauses"),
]


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return {"cores": os.cpu_count(), "cpu_model": model or platform.processor(), "load_before": os.getloadavg(),
            "python": platform.python_version(), "textual": textual.__version__,
            "platform": platform.platform()}


def verdicts(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, (target, _kind, _unit) in TARGETS.items():
        value = figures.get(name)
        out[name] = {"target": target, "ok": value is not None and value <= target + 1e-9}
    return out


def run(quick: bool, only: set[str] | None, log: Callable[[str], None]) -> tuple[dict[str, Any], dict[str, str]]:
    from facilitator.core.programme_loader import load_programme

    figures: dict[str, Any] = {}
    errors: dict[str, str] = {}
    programme = load_programme(ROOT / "sessions.yaml")

    def section(name: str, fn: Callable[[], dict[str, Any]]) -> None:
        if only and name not in only:
            return
        log(f"[{name}] ...")
        started = time.perf_counter()
        try:
            figures.update(fn())
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            errors[name] = f"{type(exc).__name__}: {exc}"
            log(traceback.format_exc())
        log(f"[{name}] {time.perf_counter() - started:.1f} s")

    section("timer", lambda: _timer(quick))
    needs_folder = {"report", "startup", "memory"}
    if only is None or only & needs_folder:
        _folder_sections(section, programme, figures, quick, log)
    section("pseudonymiser", lambda: _pseudonymiser(quick))
    section("commit", lambda: _commit(programme, quick, log))
    return figures, errors


def _folder_sections(section: Callable[[str, Callable[[], dict[str, Any]]], None], programme: Any,
                     figures: dict[str, Any], quick: bool, log: Callable[[str], None]) -> None:
    """The sections that need a data folder of demo cycles, built once for all of them."""
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        base = Path(tmp)
        data, out = base / "data", base / "out"
        data.mkdir()
        out.mkdir()
        passphrase_file = base / "passphrase.txt"
        from benchmarks.report import PASSPHRASE, make_demo_folder, measure_reports

        passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
        passphrase_file.chmod(0o600)
        log("[setup] data folder with 4 demo cycles")
        store, cycle_ids, demo_s = make_demo_folder(data, programme, 4)
        figures["demo_cycles_s"] = demo_s

        from benchmarks import startup

        section("report", lambda: measure_reports(store, cycle_ids, programme, out, 1 if quick else 5))
        section("startup", lambda: startup.measure_startup(data, passphrase_file, runs=1 if quick else 7,
                                                           home_runs=1 if quick else 5, warm_up=not quick))
        from facilitator.core.demo import DEMO_LABEL

        section("memory", lambda: startup.measure_memory(data, passphrase_file, DEMO_LABEL))


def _timer(quick: bool) -> dict[str, Any]:
    from benchmarks.timer_drift import measure_timer_drift

    return measure_timer_drift(Fraction(1) if quick else Fraction(1, 4))


def _pseudonymiser(quick: bool) -> dict[str, Any]:
    from benchmarks.pseudonymiser import measure

    figures = measure(quick=quick)
    keep = ("anonymise_ms_per_line", "anonymise_ms_p95", "ms_per_line_without_model", "ms_p95_without_model",
            "model_load_s", "roster_recall", "identifier_recall", "keep_rate", "heldout_roster_recall",
            "heldout_identifier_recall", "heldout_keep_rate", "theme_precision", "theme_recall", "theme_lines",
            "long_line_s_speech", "long_line_s_dense")
    return {key: figures[key] for key in keep}


def _commit(programme: object, quick: bool, log: Callable[[str], None]) -> dict[str, Any]:
    from benchmarks.commit import measure_commit
    from facilitator.core.ner import shared_french_ner

    ner = shared_french_ner()
    if quick:
        return measure_commit(programme, ner, small=1_000, large=4_000, commits=30, tinydb_inserts=5,
                              progress=log)
    return measure_commit(programme, ner, progress=log)


def _show(value: Any, unit: str) -> str:
    if isinstance(value, float):
        digits = 3 if abs(value) < 1 else 2 if abs(value) < 100 else 0
        return f"{value:.{digits}f} {unit}".strip()
    return f"{value} {unit}".strip()


def table(figures: dict[str, Any], errors: dict[str, str], info: dict[str, Any]) -> str:
    checks = verdicts(figures)
    rows = [("measure", "value", "target", "ok/missed", "comparison")]
    for name, unit, compare in ROWS:
        if name not in figures:
            continue
        target = "" if name not in TARGETS else f"<= {_show(TARGETS[name][0], unit)}"
        verdict = "" if name not in TARGETS else ("ok" if checks[name]["ok"] else "MISSED")
        try:
            comparison = compare(figures)
        except KeyError:
            comparison = ""
        rows.append((name, _show(figures[name], unit), target, verdict, comparison))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
             for row in rows]
    lines.insert(1, "-" * min(160, max(len(line) for line in lines)))
    load = " ".join(f"{x:.2f}" for x in info["load_before"])
    after = " ".join(f"{x:.2f}" for x in info["load_after"])
    lines.append("")
    lines.append(f"machine: {info['cores']} cores, {info['cpu_model']}; load average {load} before, {after} after; "
                 f"Python {info['python']}, Textual {info['textual']}")
    for name, message in errors.items():
        lines.append(f"ERROR in {name}: {message}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a reduced run (CI smoke test, under a minute)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--only", default="", metavar="NAMES",
                        help="comma-separated sections: timer, report, startup, memory, pseudonymiser, commit")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()} or None

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    info = machine()
    started = time.perf_counter()
    figures, errors = run(args.quick, only, log)
    info["load_after"] = os.getloadavg()
    info["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        result = {**figures, "quick": args.quick, "targets": verdicts(figures), "machine": info, "errors": errors}
        print(json.dumps(result, indent=None, sort_keys=True))
    else:
        print(table(figures, errors, info))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
