"""Fixtures of the storage tests: English messages and an unlocked vault with a fast KDF (data_dir: root conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from tests.storage.helpers import PASSPHRASE


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English (the root conftest puts French back after each test)."""
    i18n.set_language("en")


@pytest.fixture
def vault(data_dir: Path) -> Vault:
    created, _recovery = Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)
    return created
