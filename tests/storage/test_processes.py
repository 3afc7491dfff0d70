"""Real processes: SIGKILL during writes, two programs saving to the same folder, locks of killed holders."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from facilitator.storage.vault import LockTimeout, Vault
from tests.storage.helpers import PASSPHRASE, spawn, wait_for_line

pytestmark = pytest.mark.processes

KILLS = 100


def test_sigkill_at_random_moments_loses_no_reported_record(vault: Vault, data_dir: Path):
    relpath = "cycles/c1/session-1.db"
    rng = random.Random(20261121)
    reported: list[str] = []
    start = lambda: spawn("writer.py", str(data_dir), PASSPHRASE, relpath, stdin=subprocess.PIPE)  # noqa: E731
    upcoming = start()
    try:
        for attempt in range(KILLS):
            child = upcoming
            wait_for_line(child, "ready")
            # The next writer imports and unlocks while this one runs: the kills, not start-ups, take the time.
            upcoming = start() if attempt + 1 < KILLS else None
            child.stdin.write("go\n")
            child.stdin.flush()
            if attempt % 2:  # every other time, let one record be confirmed first so the test is never vacuous
                reported.append(child.stdout.readline().strip())
            time.sleep(rng.uniform(0, 0.04))
            child.send_signal(signal.SIGKILL)
            out, _err = child.communicate()
            assert child.returncode == -signal.SIGKILL
            # Only complete lines count: a uuid cut by the kill was not confirmed.
            lines = out.split("\n")
            reported.extend(line for line in lines[:-1] if line)
            stored = Counter(row["uuid"] for row in vault.read_table(relpath, "records"))
            assert all(count == 1 for count in stored.values()), "a record was stored twice"
            missing = [record_id for record_id in reported if record_id not in stored]
            assert missing == [], f"{len(missing)} confirmed records lost"
    finally:
        if upcoming is not None:  # a failed assertion must not leave a writer behind
            upcoming.kill()
            upcoming.communicate()
    rows = vault.read_table(relpath, "records")
    assert len(reported) >= KILLS // 2
    assert len({row.doc_id for row in rows}) == len(rows)
    assert all(row["text"].startswith("note ") for row in rows)
    for backup in vault.backups(relpath):
        assert vault._backup_is_good(relpath, backup)
    assert len(list(data_dir.rglob("*.tmp"))) <= 1


def test_two_programs_saving_together_lose_nothing(vault: Vault, data_dir: Path):
    count = 1000
    programs = {
        role: spawn("saver.py", str(data_dir), PASSPHRASE, role, str(count), stdin=subprocess.PIPE)
        for role in ("console", "observer")
    }
    for child in programs.values():
        wait_for_line(child, "ready")
    for child in programs.values():
        child.stdin.write("go\n")
        child.stdin.flush()
    for role, child in programs.items():
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0, f"{role} failed: {err}"
        assert out.strip() == "done"
    per_kind = {kind: [i for i in range(count) if i % 3 == kind] for kind in range(3)}
    shared = vault.read_table("cycles/c1/shared.db", "events")
    assert len({row.doc_id for row in shared}) == len(shared)
    for role in ("console", "observer"):
        assert sorted(r["i"] for r in shared if r["role"] == role) == per_kind[0]
        own = vault.read_table(f"cycles/c1/{role}.db", "events")
        assert [r["i"] for r in own] == per_kind[1]
    counter = vault.read("cycles/c1/counter.json")
    assert counter["count"] == 2 * len(per_kind[2])
    assert counter["by"] == {"console": len(per_kind[2]), "observer": len(per_kind[2])}


def test_lock_of_a_killed_holder_is_recovered_and_timeout_is_reported(vault: Vault, data_dir: Path):
    relpath = "cycles/c1/session-2.db"
    holder = spawn("holder.py", str(data_dir), PASSPHRASE, relpath)
    try:
        wait_for_line(holder, "locked")
        vault.lock_timeout = 0.2
        with pytest.raises(LockTimeout) as caught:
            vault.write(relpath, {"mine": True})
        assert str(caught.value) == f"{relpath} is locked by another program (waited 0.2 s); try again"
        with pytest.raises(LockTimeout):
            with vault.table(relpath, "records"):
                pass
        # Reads take no lock.
        assert vault.read_table(relpath, "records") == [{"held": True}]
        # Other files are not blocked.
        vault.write("cycles/c1/other.json", {"free": True})
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    vault.lock_timeout = 5.0
    with vault.table(relpath, "records") as table:
        table.insert({"mine": True})
    assert [dict(row) for row in vault.read_table(relpath, "records")] == [{"held": True}, {"mine": True}]
