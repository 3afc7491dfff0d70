"""Child run as an unprivileged user: prints what check_data_folder and Vault.create say about a folder."""

import sys
from pathlib import Path

from facilitator.i18n import set_language
from facilitator.storage.vault import FAST_TEST_KDF, DataFolderError, Vault, check_data_folder

set_language("en")
folder = Path(sys.argv[1])
for attempt in (lambda: check_data_folder(folder), lambda: Vault.create(folder, "violette-42-x", kdf=FAST_TEST_KDF)):
    try:
        attempt()
        print("ok")
    except DataFolderError as error:
        print(f"DataFolderError: {error}")
