"""Child of the SIGKILL crash test: appends records through Vault.table and prints each uuid once saved."""

import sys
import uuid
from pathlib import Path

from facilitator.storage.vault import Vault

data_dir, passphrase, relpath = sys.argv[1:4]
vault = Vault.unlock(Path(data_dir), passphrase)
print("ready", flush=True)
sys.stdin.readline()  # the parent starts the next writer while this one waits, then says "go"
while True:
    record_id = uuid.uuid4().hex
    with vault.table(relpath, "records") as table:
        table.insert({"uuid": record_id, "text": f"note {record_id} [crochets] é"})
    sys.stdout.write(record_id + "\n")
    sys.stdout.flush()
