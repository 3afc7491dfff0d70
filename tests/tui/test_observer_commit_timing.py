"""Commit latency of the observer with the NER model loaded: pseudonymise + durable save of one line.

Prints p50/p95 (no timing assert: machines differ); asserts only that every line was saved pseudonymised.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

import pytest

from facilitator.core.capture import CaptureEngine, Choices, make_verbatim
from facilitator.core.clock import SystemClock
from facilitator.core.live import LiveSession as LiveRun
from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Pseudonymiser, Roster
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault

PROGRAMME = load_programme(Path(__file__).resolve().parents[2] / "sessions.yaml")
LINES = [
    "3: Anatole m'a envoyé un texto au 06 39 98 12 34 samedi soir, j'ai failli y aller",
    "g: le week-end c'est toujours le plus dur, surtout après deux verres",
    "1: avec Barnabé on s'est vus chez Lucas, il y avait de la 3-MMC partout",
    "f1: qu'est-ce qui vous a aidé à tenir cette semaine ?",
    "2: j'ai supprimé Grindr, mais Gaspard m'a réinstallé l'appli [rires]",
]


def _figures(durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[int(0.95 * len(ordered)) - 1]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


@pytest.fixture(scope="module")
def ner():
    from facilitator.core.ner import shared_french_ner

    return shared_french_ner()  # a declared dependency: its absence is a failure, not a skip


def test_commit_latency_with_the_model(tmp_path: Path, ner) -> None:
    clock = SystemClock()
    vault, _ = Vault.create(tmp_path, "test-passphrase", kdf=FAST_TEST_KDF)
    store = Store(vault, clock)
    cycle = store.create_cycle(label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
                               facilitators=[Facilitator(code="F1", initials="OD", role="psychologue")],
                               participants=["P01", "P02", "P03"])
    roster = Roster.from_mapping({"P01": ["Anatole"], "P02": ["Barnabé"], "P03": ["Gaspard"]})
    engine = CaptureEngine(Pseudonymiser(roster), cycle.participants, ["F1"])
    engine.set_ner(ner)
    run = LiveRun(store.session_run(cycle.id, 1), PROGRAMME.session(1))
    run.start(clock.now())
    count = 150     # a busy 90-minute session: the file grows as it would
    totals, previews, saves = [], [], []
    for i in range(count):
        line = f"{LINES[i % len(LINES)]} (ligne {i})"   # every line different: no cached detection
        start = time.perf_counter()
        preview = engine.preview(line, Choices())      # at Enter, when the debounced preview is stale
        verbatim = make_verbatim(cycle_id=cycle.id, run=run, now=clock.now(),
                                 speaker=preview.speaker or "unknown", themes=[], clean_text=preview.clean)
        middle = time.perf_counter()
        store.add_verbatim(verbatim)
        end = time.perf_counter()
        totals.append((end - start) * 1000)
        previews.append((middle - start) * 1000)
        saves.append((end - middle) * 1000)
    print(f"\nobserver commit, {count} lines with the NER model: "
          f"total {_figures(totals)}; pseudonymise {_figures(previews)}; durable save {_figures(saves)}")
    saved = store.verbatims(cycle.id, 1)
    assert len(saved) == count
    for verbatim in saved:
        for secret in ("Anatole", "Barnabé", "Gaspard", "Lucas", "06 39 98"):
            assert secret not in verbatim.text
