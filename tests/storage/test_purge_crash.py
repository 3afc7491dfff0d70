"""A purge killed at every step leaves either the whole cycle or nothing readable, and is finished at the next
opening; copies of the cycle's files taken before the purge never decrypt once the key is gone."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from facilitator.storage import atomic
from facilitator.storage import vault as vault_module
from facilitator.storage.vault import CorruptFile, Vault
from tests.storage.helpers import PASSPHRASE

FILES = ["cycle.db", "roster.db", "session-1.db", "verbatims-1.db"]


def _fill(vault: Vault) -> None:
    for cycle in ("c1", "c2"):
        for name in FILES:
            vault.write(f"cycles/{cycle}/{name}", {"cycle": cycle, "name": name, "text": "Alexandre"})
            vault.write(f"cycles/{cycle}/{name}", {"cycle": cycle, "name": name, "text": "Alexandre v2"})


def _purge_killed_at(vault: Vault, kill_at: int) -> bool:
    """Run the purge of c1 in a child SIGKILLed at its `kill_at`-th step; whether it was killed."""
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            count = 0

            def step(_name: str) -> None:
                nonlocal count
                count += 1
                if count == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            atomic._checkpoint = step
            vault_module._purge_checkpoint = step
            vault.purge_cycle("c1")
        finally:
            os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def _readable(vault: Vault, relpath: str) -> bool:
    try:
        return vault.read(relpath) is not None
    except CorruptFile:
        return False


@pytest.mark.processes
def test_a_purge_killed_at_every_step_leaves_all_or_nothing(data_dir: Path, tmp_path: Path):
    vault = Vault.create(data_dir, PASSPHRASE, kdf=vault_module.FAST_TEST_KDF)[0]
    _fill(vault)
    template = tmp_path / "template"
    shutil.copytree(data_dir, template)
    kill_at, outcomes = 1, {"whole": 0, "erased": 0}
    while True:
        shutil.rmtree(data_dir)
        shutil.copytree(template, data_dir)
        copy = tmp_path / f"copy-{kill_at}"
        shutil.copytree(data_dir / "cycles/c1", copy)
        killed = _purge_killed_at(Vault.unlock(data_dir, PASSPHRASE), kill_at)
        reopened = Vault.unlock(data_dir, PASSPHRASE)  # finishes an interrupted purge
        readable = [_readable(reopened, f"cycles/c1/{name}") for name in FILES]
        listed = reopened.list("cycles/c1")
        if all(readable) and len(listed) == len(FILES):
            outcomes["whole"] += 1
        else:
            assert not any(readable) and listed == [] and not (data_dir / "cycles/c1").exists(), kill_at
            assert not (data_dir / ".backups/cycles/c1").exists()
            shutil.copytree(copy, data_dir / "cycles/c1")  # the copy taken before: useless now
            assert not any(_readable(reopened, f"cycles/c1/{name}") for name in FILES)
            shutil.rmtree(data_dir / "cycles/c1")
            outcomes["erased"] += 1
        assert all(_readable(reopened, f"cycles/c2/{name}") for name in FILES), "the other cycle is intact"
        assert reopened.check() == []
        if not killed:
            break
        kill_at += 1
    print(f"purge killed at {kill_at - 1} steps: {outcomes}")
    assert outcomes["erased"] >= 5 and outcomes["whole"] >= 1, outcomes
