"""Committing a verbatim against the size of the history: small (1,000) and large (20,000) data folders.

A commit is what the observer's console does for one line, through the same functions: its preview
(`CaptureEngine.preview`: speaker token, roster, patterns and the NER model), the record
(`make_verbatim`: current item and elapsed time from the run), and the durable save through
`Store.add_verbatim` (encrypted, fsynced, backups rotated). The history is made of earlier cycles,
8 sessions each, written in bulk; the commits go to a new cycle's session file, which starts empty
as on a real session day. Commits to the small and the large folder alternate, so load on the
machine hits both alike.

The reference is TinyDB's default JSONStorage holding the same 20,000 verbatims in one file.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks import p95
from facilitator.core.capture import CaptureEngine, Choices, make_verbatim
from facilitator.core.clock import FakeClock
from facilitator.core.live import LiveSession as LiveRun
from facilitator.core.models import SESSIONS_PER_CYCLE, Facilitator, Verbatim, new_id
from facilitator.core.programme import Programme
from facilitator.core.pseudonymise import NerFn, Pseudonymiser, Roster
from facilitator.core.themes import ThemeSuggester
from facilitator.storage.repository import Store, verbatims_path
from facilitator.storage.vault import FAST_TEST_KDF, Vault

PASSPHRASE = "benchmark-passphrase"
FACILITATORS = [Facilitator(code="F1", initials="AB", role="psychologue")]
PARTICIPANTS = [f"P{i:02d}" for i in range(1, 13)]
OTHER_NAMES = ["Zébulon", "Karim", "Ignatius", "Sylvère", "Yanis", "Théodric"]   # invented people, not on the roster


def sample_texts(programme: Programme, count: int = 300) -> tuple[list[str], dict[str, list[str]]]:
    """Realistic raw lines (the demo's, with roster first names put back) and the demo roster."""
    from facilitator.core.demo import generate_demo

    demo = generate_demo(programme, "cbench", seed=7)
    names = {code: names[0] for code, names in demo.roster.items()}
    others = iter(OTHER_NAMES * count)
    texts = []
    for verbatim in demo.verbatims[:count]:
        text = verbatim.text
        for code, name in names.items():   # the observer types first names; the pseudonymiser codes them
            text = text.replace(code, name)
        while "[PRÉNOM]" in text:           # and other people's names, some rare enough to need the model
            text = text.replace("[PRÉNOM]", next(others), 1)
        texts.append(text)
    return texts, demo.roster


def _docs(cycle_id: str, session: int, texts: list[str], count: int, rng: random.Random,
          start: float) -> list[dict]:
    return [Verbatim(id=new_id("v"), cycle_id=cycle_id, session=session, item_id=f"s{session}-i{1 + k % 6}",
                     speaker=rng.choice(PARTICIPANTS), themes=[rng.choice("abcdef")], text=rng.choice(texts),
                     at=start + 60 * k, elapsed_s=60.0 * k).model_dump(mode="json") for k in range(count)]


def build_history(folder: Path, texts: list[str], verbatims: int, per_session: int,
                  rng: random.Random) -> tuple[Store, list[dict]]:
    """A data folder holding `verbatims` verbatims in cycles of 8 sessions; returns its store and the docs."""
    vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=FAST_TEST_KDF)
    clock = FakeClock()
    store = Store(vault, clock)
    everything: list[dict] = []
    per_cycle = per_session * SESSIONS_PER_CYCLE
    for c in range(-(-verbatims // per_cycle)):
        cycle = store.create_cycle(label=f"Cycle {c + 1}", site="Site de test", start_date=date(2020, 1, 1),
                                   facilitators=FACILITATORS, participants=PARTICIPANTS)
        for n in range(1, SESSIONS_PER_CYCLE + 1):
            count = min(per_session, verbatims - len(everything))
            if count <= 0:
                break
            docs = _docs(cycle.id, n, texts, count, rng, clock.now())
            with vault.table(verbatims_path(cycle.id, n), "verbatims") as table:
                table.insert_multiple(docs)
            everything += docs
    return store, everything


class Committer:
    """The observer's commit path on one store, running session 3: preview, record, durable save."""

    def __init__(self, store: Store, roster: dict[str, list[str]], ner: NerFn | None,
                 programme: Programme) -> None:
        self.store = store
        self.cycle = store.create_cycle(label="Cycle en cours", site="Site de test", start_date=date(2026, 1, 5),
                                        facilitators=FACILITATORS, participants=PARTICIPANTS)
        mapping = Roster.from_mapping(roster)
        store.save_roster(self.cycle.id, mapping)
        self.engine = CaptureEngine(Pseudonymiser(mapping, ner), PARTICIPANTS, [f.code for f in FACILITATORS],
                                    ThemeSuggester(programme.codebook))
        self.engine.ner_ready = ner is not None
        self.run = LiveRun(store.session_run(self.cycle.id, 3), programme.session(3),
                           programme.programme.session_minutes)
        self.run.start(store.clock.now())
        self.count = 0

    def commit(self, text: str) -> tuple[float, float]:
        """Milliseconds for the whole commit, and for the save alone."""
        started = time.perf_counter()
        preview = self.engine.preview(text, Choices())
        verbatim = make_verbatim(cycle_id=self.cycle.id, run=self.run, now=self.store.clock.now(),
                                 speaker=preview.speaker or PARTICIPANTS[self.count % 12], themes=[],
                                 clean_text=preview.clean.strip())
        saving = time.perf_counter()
        self.store.add_verbatim(verbatim)
        ended = time.perf_counter()
        self.count += 1
        return (ended - started) * 1000, (ended - saving) * 1000


def durable_floor(folder: Path, size: int) -> float:
    """Milliseconds for the least a durable replace costs on this disk: write, fsync, rename, fsync folder."""
    data = os.urandom(size)
    tmp, path = folder / ".floor.tmp", folder / "floor.bin"
    started = time.perf_counter()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return (time.perf_counter() - started) * 1000


def tinydb_reference(folder: Path, docs: list[dict], inserts: int, texts: list[str]) -> list[float]:
    """Milliseconds per insert into TinyDB's default JSONStorage holding `docs` in one file."""
    from tinydb import TinyDB

    path = folder / "tinydb-default.json"
    path.write_text(json.dumps({"verbatims": {str(i + 1): doc for i, doc in enumerate(docs)}}), encoding="utf-8")
    timings = []
    rng = random.Random(3)
    with TinyDB(path) as db:          # the default: JSONStorage, one file, rewritten on each insert
        table = db.table("verbatims")
        for doc in _docs("cref", 1, texts, inserts, rng, 0.0):
            started = time.perf_counter()
            table.insert(doc)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_commit(programme: Programme, ner: NerFn | None, *, small: int = 1_000, large: int = 20_000,
                   per_session: int = 25, commits: int = 100, tinydb_inserts: int = 20,
                   progress: Callable[[str], None] = lambda _s: None) -> dict[str, float]:
    """p95 commit latency with a small and a large history, their ratio, and the TinyDB reference."""
    rng = random.Random(11)
    texts, roster = sample_texts(programme)
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-", dir=None) as tmp:
        base = Path(tmp)
        (base / "small").mkdir()
        (base / "large").mkdir()
        progress(f"history of {small} verbatims")
        small_store, _ = build_history(base / "small", texts, small, per_session, rng)
        progress(f"history of {large} verbatims")
        large_store, large_docs = build_history(base / "large", texts, large, per_session, rng)
        committers = {"small": Committer(small_store, roster, ner, programme),
                      "large": Committer(large_store, roster, ner, programme)}
        for committer in committers.values():        # first call: lexicon, phone metadata, spaCy buffers
            committer.commit(texts[0])
        # The history was written long before a real session: flush it now, or the first fsyncs of
        # the commits would pay for writing it out.
        os.sync()
        time.sleep(0.5)
        totals: dict[str, list[float]] = {"small": [], "large": []}
        saves: dict[str, list[float]] = {"small": [], "large": []}
        floor: list[float] = []
        progress(f"{commits} commits on each")
        for k in range(commits):
            text = texts[(k * 7) % len(texts)]
            order = ("small", "large") if k % 2 == 0 else ("large", "small")
            for name in order:
                total, save = committers[name].commit(text)
                totals[name].append(total)
                saves[name].append(save)
            floor.append(durable_floor(base, 200 * (k + 1)))
        progress("TinyDB reference")
        reference = tinydb_reference(base, large_docs, tinydb_inserts, texts)
    small_p95, large_p95 = p95(totals["small"]), p95(totals["large"])
    return {
        "commit_p95_ms_small": small_p95,
        "commit_p95_ms_large": large_p95,
        "commit_flatness": large_p95 / small_p95,
        "commit_median_ms_large": statistics.median(totals["large"]),
        "save_p95_ms_small": p95(saves["small"]),
        "save_p95_ms_large": p95(saves["large"]),
        "preview_p95_ms_large": p95([t - v for t, v in zip(totals["large"], saves["large"], strict=True)]),
        "tinydb_default_p95_ms_large": p95(reference),
        "durable_write_floor_p95_ms": p95(floor),
        "history_small": small,
        "history_large": large,
        "commits": commits,
        "commit_with_model": ner is not None,
    }
