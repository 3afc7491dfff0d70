"""Child that takes a file's write lock through Vault.table, says so, and holds it until killed."""

import sys
import time
from pathlib import Path

from facilitator.storage.vault import Vault

data_dir, passphrase, relpath = sys.argv[1:4]
vault = Vault.unlock(Path(data_dir), passphrase)
with vault.table(relpath, "records") as table:
    table.insert({"held": True})
    print("locked", flush=True)
    while True:
        time.sleep(60)
