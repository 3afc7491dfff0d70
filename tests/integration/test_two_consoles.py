"""Two real processes on one data folder: the facilitators moving items and writing notes, the observer
saving verbatims through its commit path. Nothing lost, nothing duplicated, every verbatim on the item
that was current, and no name or phone number anywhere on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.core.clock import SystemClock
from facilitator.core.models import Facilitator
from facilitator.core.pseudonymise import Roster
from facilitator.core.timer import SessionTimer, TimerEvent
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
CHILDREN = Path(__file__).parent / "children"
PASSPHRASE = "test-passphrase"
PHONE = "06 39 98 45 67"       # range reserved for fiction
NAMES = ["Anatole", "Barnabé", "Gaspard"]
VERBATIMS = 150
MOVES = 25


def spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILDREN / script), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def read_json(proc: subprocess.Popen) -> dict:
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise AssertionError(f"child stopped early:\n{proc.stderr.read()}")
    return json.loads(line)


def allowed_items(verbatim: dict, gotos: list[dict], item_ids: list[str], start_item: int) -> set[str]:
    """The item current at the verbatim's time, plus the previous one of any item change not yet on disk
    when the observer last read the run (a verbatim typed during a change may carry either)."""
    current = start_item
    allowed = set()
    for goto in gotos:
        if goto["at"] <= verbatim["at"]:
            current = goto["goto"]
            if verbatim["read_at"] < goto["saved_at"]:
                allowed |= {item_ids[goto["from"]], item_ids[goto["goto"]]}
    allowed.add(item_ids[current])
    return allowed


def test_facilitators_and_observer_save_together(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    vault, _ = Vault.create(data, PASSPHRASE, kdf=FAST_TEST_KDF)
    store = Store(vault, SystemClock())
    cycle = store.create_cycle(label="Cycle d'essai", site="Site fictif", start_date=date(2026, 1, 5),
                               facilitators=[Facilitator(code="F1", initials="OD", role="psychologue")],
                               participants=["P01", "P02", "P03", "P04"])
    store.save_roster(cycle.id, Roster.from_mapping({"P01": ["Anatole"], "P02": ["Barnabé"],
                                                     "P03": ["Gaspard"]}))
    programme = str(ROOT / "sessions.yaml")

    facilitators = spawn("facilitators.py", str(data), PASSPHRASE, programme, cycle.id, "3", str(MOVES))
    observer = None
    try:
        assert read_json(facilitators) == {"ready": True}
        observer = spawn("observer.py", str(data), PASSPHRASE, programme, str(VERBATIMS), PHONE)
        assert read_json(observer) == {"ready": True}
        for proc in (facilitators, observer):
            proc.stdin.write("go\n")
            proc.stdin.flush()
        reported = []
        while "done" not in (message := read_json(observer)):
            reported.append(message)
        gotos = [read_json(facilitators) for _ in range(MOVES)]
        facilitators.stdin.write("finished\n")
        facilitators.stdin.flush()
        assert read_json(facilitators) == {"done": True}
        assert facilitators.wait(20) == 0 and observer.wait(20) == 0
    finally:
        for proc in (facilitators, observer):
            if proc is not None and proc.poll() is None:
                proc.kill()

    # nothing lost, nothing duplicated, on either side
    saved = store.verbatims(cycle.id, 3, include_deleted=True)
    assert len(saved) == VERBATIMS == len(reported)
    assert sorted(v.id for v in saved) == sorted(r["id"] for r in reported)
    run = store.session_run(cycle.id, 3)
    assert len(run.notes) == 2 * MOVES == len({n.id for n in run.notes})
    assert len([e for e in run.events if e["kind"] == "goto"]) == MOVES
    assert run.status == "done"

    # every verbatim on the item that was current (the facilitators' moves overlapped the capture)
    by_id = {v.id: v for v in saved}
    items_seen = {v.item_id for v in saved}
    assert len(items_seen) > 1
    timer = SessionTimer(run.planned_minutes, events=[TimerEvent.from_dict(e) for e in run.events])
    exact = 0
    for r in reported:
        verbatim = by_id[r["id"]]
        allowed = allowed_items(r, gotos, run.item_ids, 0)
        assert verbatim.item_id in allowed, r
        exact += len(allowed) == 1
        assert verbatim.elapsed_s <= timer.state(verbatim.at).elapsed_s + 1
        assert verbatim.text.startswith("P01 m'a donné son [TÉLÉPHONE] et P03 aussi"), verbatim.text
        assert verbatim.speaker == cycle.participants[r["i"] % 4]

    print(f"\n{exact}/{len(reported)} verbatims checked against a single item, "
          f"{len(items_seen)} items seen, {MOVES} item changes")
    assert exact > len(reported) // 2

    # no roster name or phone number anywhere on disk, raw or decrypted (the roster file aside)
    for path in data.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            for secret in [*NAMES, PHONE, PHONE.replace(" ", "")]:
                assert secret.encode() not in raw, f"{secret} in {path}"
    for relpath in vault.list("", "*"):
        if not relpath.endswith("roster.db"):
            text = json.dumps(vault.read(relpath), ensure_ascii=False)
            for secret in [*NAMES, PHONE]:
                assert secret not in text, f"{secret} in {relpath}"
