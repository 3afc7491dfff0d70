"""One demo cycle per test session (fast key derivation) and its exports, shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.core.clock import SystemClock
from tests.conftest import ROOT, TEST_PASSPHRASE


@pytest.fixture(scope="session")
def demo(tmp_path_factory, programme):
    """(data folder, passphrase file, cycle id, store) of a demo cycle made once per session."""
    from facilitator.commands.demo import make_demo
    from facilitator.storage.repository import Store
    from facilitator.storage.vault import FAST_TEST_KDF, Vault

    base = tmp_path_factory.mktemp("demo")
    folder = base / "data"
    folder.mkdir()
    secret = base / "passphrase.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    cycle_id = make_demo(folder, programme, passphrase=TEST_PASSPHRASE, seed=7, kdf=FAST_TEST_KDF,
                         out=lambda _line: None)
    store = Store(Vault.unlock(folder, TEST_PASSPHRASE, read_only=True), SystemClock())
    return folder, secret, cycle_id, store


def run_cli(*argv: str) -> int:
    from facilitator.cli import main

    return main([*argv, "--programme", str(ROOT / "sessions.yaml")])


@pytest.fixture(scope="session")
def exports(demo, tmp_path_factory) -> dict[str, Path]:
    """Every format exported once through the command line: format -> file or folder."""
    folder, secret, cycle_id, _store = demo
    out = tmp_path_factory.mktemp("exports")
    paths = {"html": out / "report.html", "md": out / "report.md", "csv": out / "csv",
             "redcap": out / "redcap", "taguette": out / "taguette"}
    for fmt, path in paths.items():
        code = run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                       "--format", fmt, "--out", str(path))
        assert code == 0, fmt
    return paths


def exported_files(paths: dict[str, Path]) -> list[Path]:
    files = []
    for path in paths.values():
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return files


@pytest.fixture(scope="session")
def pooled_demo(tmp_path_factory, programme):
    """(data folder, passphrase file, cycle ids by site) of 4 demo cycles over 2 sites, made once per session."""
    from facilitator.commands.demo import make_pooled_demo
    from facilitator.storage.repository import Store
    from facilitator.storage.vault import FAST_TEST_KDF, Vault

    base = tmp_path_factory.mktemp("pooled")
    folder = base / "data"
    folder.mkdir()
    secret = base / "passphrase.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    ids = make_pooled_demo(folder, programme, passphrase=TEST_PASSPHRASE, cycles=4, sites=2, seed=3,
                           kdf=FAST_TEST_KDF, out=lambda _line: None)
    store = Store(Vault.unlock(folder, TEST_PASSPHRASE, read_only=True), SystemClock())
    by_site: dict[str, list[str]] = {}
    for cycle_id in ids:
        by_site.setdefault(store.get_cycle(cycle_id).site, []).append(cycle_id)
    return folder, secret, by_site
