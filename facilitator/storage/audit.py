"""The audit log: one encrypted record per line in `audit/<YYYY-MM>.log`, each line decryptable alone.

Records say who did what to which ids, never note text. A line torn by a crash is ignored on read;
a damaged line elsewhere is reported as an `unreadable` record rather than hidden.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from facilitator.storage.crypto import SealError, open_sealed, seal

AUDIT_DIR = "audit"
MAX_DETAIL_CHARS = 200
FIELDS = ("time", "actor", "action", "target", "detail")


def audit_relpath(when: datetime) -> str:
    return f"{AUDIT_DIR}/{when:%Y-%m}.log"


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
                {"time": "", "actor": "", "action": "unreadable", "target": f"{relpath} line {number}", "detail": ""}
            )
            continue
        records.append({field: record.get(field, "") for field in FIELDS})
    return records
