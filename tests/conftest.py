"""Shared fixtures: a fresh encrypted data folder with cheap key derivation, the bundled programme."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from facilitator.core.clock import FakeClock
from facilitator.core.programme import Programme

ROOT = Path(__file__).resolve().parent.parent
TEST_PASSPHRASE = "test-passphrase"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `tui` every test that drives a Textual app: the async ones (Pilot) and the snapshot ones."""
    for item in items:
        function = getattr(item, "function", None)
        pilot = function is not None and inspect.iscoroutinefunction(function)
        if pilot or "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.tui)


@pytest.fixture(autouse=True)
def french_by_default():
    """Every test starts in French (the default) whatever an earlier test in the worker chose."""
    from facilitator import i18n

    i18n.set_language("fr")
    yield
    i18n.set_language("fr")


@pytest.fixture(scope="session")
def programme() -> Programme:
    from facilitator.core.programme_loader import load_programme

    return load_programme(ROOT / "sessions.yaml")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def vault(data_dir: Path):
    from facilitator.storage.vault import FAST_TEST_KDF, Vault

    created, _recovery = Vault.create(data_dir, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    return created


@pytest.fixture
def store(vault, clock):
    from facilitator.storage.repository import Store

    return Store(vault, clock)
