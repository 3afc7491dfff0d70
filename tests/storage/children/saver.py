"""Child of the two-process test: one program (console or observer) making interleaved saves."""

import sys
from pathlib import Path

from facilitator.storage.vault import Vault

data_dir, passphrase, role, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
vault = Vault.unlock(Path(data_dir), passphrase)
print("ready", flush=True)
sys.stdin.readline()  # wait for "go" so that both programs start together


def bump(doc: dict) -> None:
    doc["count"] = doc.get("count", 0) + 1
    doc.setdefault("by", {}).setdefault(role, 0)
    doc["by"][role] += 1


for i in range(count):
    kind = i % 3
    if kind == 0:
        with vault.table("cycles/c1/shared.db", "events") as table:
            table.insert({"role": role, "i": i})
    elif kind == 1:
        with vault.table(f"cycles/c1/{role}.db", "events") as table:
            table.insert({"role": role, "i": i})
    else:
        vault.update("cycles/c1/counter.json", bump)
print("done", flush=True)
