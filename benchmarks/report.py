"""The HTML report of four demo cycles, and the data folder the start-up and memory launches open.

`facilitator.reports.export.export_cycle` writes one cycle per report, so `report_html_s` is the
time to write the four cycles' full HTML reports one after the other (what a supervisor exporting a
year of groups waits for); the time per cycle is given too.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from facilitator.core.clock import SystemClock
from facilitator.core.programme import Programme
from facilitator.storage.repository import Store
from facilitator.storage.vault import KdfParams, Vault

PASSPHRASE = "benchmark-passphrase"


def make_demo_folder(folder: Path, programme: Programme, cycles: int) -> tuple[Store, list[str], float]:
    """A data folder with the real key derivation and `cycles` demo cycles; its store, cycle ids, and
    the seconds spent creating the cycles."""
    from facilitator.storage.demo import create_demo_cycle

    vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=KdfParams())
    store = Store(vault, SystemClock())
    started = time.perf_counter()
    ids = [create_demo_cycle(store, programme, seed=seed).id for seed in range(1, cycles + 1)]
    return store, ids, time.perf_counter() - started


def measure_reports(store: Store, cycle_ids: list[str], programme: Programme, out: Path,
                    rounds: int) -> dict[str, float]:
    """Median over `rounds` of writing every cycle's HTML report (the store opened read-only)."""
    from facilitator.reports.export import export_cycle

    reader = Store(Vault.unlock(store.vault.data_dir, PASSPHRASE, read_only=True), store.clock)
    totals = []
    sizes = 0
    for _ in range(rounds):
        started = time.perf_counter()
        for cycle_id in cycle_ids:
            path = out / f"report-{cycle_id}.html"
            export_cycle(reader, cycle_id, programme, "html", path)
            sizes = max(sizes, path.stat().st_size)
        totals.append(time.perf_counter() - started)
    total = statistics.median(totals)
    # the pooled evaluation of the same cycles (report --cycles): reviews, tidy tables, statistics, HTML
    from facilitator.reports.export import export_cycles

    pooled = []
    for _ in range(rounds):
        started = time.perf_counter()
        export_cycles(reader, cycle_ids, programme, "html", out / "pooled.html")
        pooled.append(time.perf_counter() - started)
    return {"report_html_s": total, "report_html_s_per_cycle": total / len(cycle_ids),
            "report_cycles": len(cycle_ids), "report_html_kb": sizes / 1024,
            "report_pooled_s": statistics.median(pooled)}
