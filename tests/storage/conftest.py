"""Fixtures of the storage tests: a fresh data folder and an unlocked vault with a fast KDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from tests.storage.helpers import PASSPHRASE


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English; the language is restored afterwards."""
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def vault(data_dir: Path) -> Vault:
    created, _recovery = Vault.create(data_dir, PASSPHRASE, kdf=FAST_TEST_KDF)
    return created
