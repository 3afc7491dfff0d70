"""The audit log: one encrypted record per line in `audit/<YYYY-MM>.log`, each line decryptable alone.

Records say who did what to which ids, never note text. A line torn by a crash is ignored on read;
a damaged line elsewhere is reported as an `unreadable` record rather than hidden.

The log is hash-chained: each record holds `prev`, the SHA-256 of the line before it (across months),
and the folder's manifest holds the hash of the last line, so a line removed, added, moved or
truncated away, or a month's file deleted, breaks the chain and is reported (`chain_problems`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from facilitator.storage.crypto import SealError, open_sealed, seal

AUDIT_DIR = "audit"
MAX_DETAIL_CHARS = 200
FIELDS = ("time", "actor", "action", "target", "detail")


def audit_relpath(when: datetime) -> str:
    return f"{AUDIT_DIR}/{when:%Y-%m}.log"


def line_hash(line: bytes) -> str:
    return hashlib.sha256(line.strip()).hexdigest()


def complete_lines(raw: bytes) -> list[bytes]:
    """The newline-terminated lines of a log (a final line torn by a crash is left out), blank ones skipped."""
    lines = raw.split(b"\n")
    lines.pop()
    return [line for line in lines if line.strip()]


def make_record(when: datetime, action: str, actor: str, target: str, detail: str) -> dict[str, str]:
    if len(detail) > MAX_DETAIL_CHARS:
        raise ValueError(f"audit detail longer than {MAX_DETAIL_CHARS} characters: audit ids, never note text")
    return {
        "time": when.isoformat(timespec="seconds"),
        "actor": actor,
        "action": action,
        "target": target,
        "detail": detail,
    }


def encode_line(key: bytes, relpath: str, record: dict[str, str], schema_version: int) -> bytes:
    plaintext = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(seal(key, relpath, plaintext, schema_version))


def decode_log(key: bytes, relpath: str, raw: bytes) -> list[dict[str, str]]:
    """The records of one month's log; a torn final line (no newline) is skipped."""
    records: list[dict[str, str]] = []
    lines = raw.split(b"\n")
    torn = lines.pop()  # b"" when the file ends with a newline, else a line cut by a crash
    del torn
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            opened = open_sealed(key, relpath, base64.b64decode(line, validate=True))
            record = json.loads(opened.plaintext)
        except (SealError, binascii.Error, ValueError):
            records.append(
                {"time": "", "actor": "", "action": "unreadable", "target": f"{relpath}:{number}", "detail": ""}
            )
            continue
        records.append({field: record.get(field, "") for field in FIELDS})
    return records


@dataclass(frozen=True)
class Link:
    """One readable line of the log: where it is, its hash, and the `prev` it names (None: written before chaining)."""

    where: str
    hash: str
    prev: str | None


def links(key: bytes, relpath: str, raw: bytes) -> list[Link]:
    """The chain links of one month's log; unreadable lines are left out (`decode_log` reports them)."""
    found = []
    for number, line in enumerate(raw.split(b"\n")[:-1], start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(open_sealed(key, relpath, base64.b64decode(line, validate=True)).plaintext)
        except (SealError, binascii.Error, ValueError):
            continue
        prev = record.get("prev") if isinstance(record, dict) else None
        found.append(Link(f"{relpath}:{number}", line_hash(line), prev if isinstance(prev, str) else None))
    return found


def chain_problems(chain: list[Link], head: str | None) -> list[tuple[str, str]]:
    """(where, what) for each break of the chain, and for a log whose end does not match the manifest's head.

    A head equal to the line before the last is accepted: the last append was cut before the manifest
    recorded it.
    """
    problems = []
    previous = ""
    for link in chain:
        if link.prev is not None and link.prev != previous:
            problems.append((link.where, "chain_broken"))
        previous = link.hash
    if head is not None and head != previous:
        before_last = chain[-2].hash if len(chain) >= 2 else ""
        if not (chain and head == before_last):
            problems.append((chain[-1].where if chain else AUDIT_DIR, "end_missing"))
    return problems
