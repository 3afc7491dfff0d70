"""The audit log: append-only, encrypted line by line, survives a torn last line."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facilitator.storage import crypto
from facilitator.storage.vault import Vault


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 32, 5, tzinfo=UTC)


def test_records_are_appended_per_month_and_read_back_in_order(vault: Vault, data_dir: Path):
    moments = iter([at(2026, 10, 31), at(2026, 11, 1), at(2026, 11, 21)])
    vault.now = lambda: next(moments)
    vault.audit("unlock", actor="facilitator:AB", target="-")
    vault.audit("edit", actor="facilitator:AB", target="cycle c1 session 3", detail="3 verbatims")
    vault.audit("export", actor="observer:CD", target="cycle c1", detail="redcap")
    assert sorted(p.name for p in (data_dir / "audit").iterdir()) == ["2026-10.log", "2026-11.log"]
    records = vault.read_audit()
    assert records == [
        {"time": "2026-10-31T10:32:05+00:00", "actor": "facilitator:AB", "action": "unlock", "target": "-", "detail": ""},
        {
            "time": "2026-11-01T10:32:05+00:00",
            "actor": "facilitator:AB",
            "action": "edit",
            "target": "cycle c1 session 3",
            "detail": "3 verbatims",
        },
        {"time": "2026-11-21T10:32:05+00:00", "actor": "observer:CD", "action": "export", "target": "cycle c1", "detail": "redcap"},
    ]
    lines = (data_dir / "audit/2026-11.log").read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 3
    assert b"observer" not in (data_dir / "audit/2026-11.log").read_bytes()


def test_each_line_decrypts_alone_and_is_bound_to_its_file(vault: Vault, data_dir: Path):
    vault.now = lambda: at(2026, 11, 21)
    vault.audit("purge", actor="facilitator:AB", target="cycle c0")
    line = (data_dir / "audit/2026-11.log").read_bytes().splitlines()[0]
    blob = base64.b64decode(line)
    assert b"purge" in crypto.open_sealed(vault._data_key, "audit/2026-11.log", blob).plaintext
    with pytest.raises(crypto.SealError):
        crypto.open_sealed(vault._data_key, "audit/2026-12.log", blob)


def test_torn_last_line_is_ignored_and_the_log_goes_on(vault: Vault, data_dir: Path):
    vault.now = lambda: at(2026, 11, 21)
    vault.audit("unlock", actor="facilitator:AB", target="-")
    log = data_dir / "audit/2026-11.log"
    with log.open("ab") as handle:  # a crash cut an append: part of a line, no newline, manifest not updated
        handle.write(log.read_bytes()[:40])
    assert [r["action"] for r in vault.read_audit()] == ["unlock"]
    vault.audit("lock", actor="facilitator:AB", target="-")
    actions = [r["action"] for r in vault.read_audit()]
    # The torn record stays visible as unreadable rather than silently vanishing once closed.
    assert actions == ["unlock", "unreadable", "lock"]
    assert vault.read_audit()[1]["target"] == "audit/2026-11.log:2"


def test_detail_must_stay_short(vault: Vault):
    with pytest.raises(ValueError, match="never note text"):
        vault.audit("edit", actor="facilitator:AB", target="c1", detail="x" * 201)


def test_no_audit_yet(vault: Vault):
    assert vault.read_audit() == []
