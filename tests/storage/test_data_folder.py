"""Checks of the data folder: missing, a file, not writable."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from facilitator.storage.vault import FAST_TEST_KDF, DataFolderError, Vault, check_data_folder
from tests.storage.helpers import PASSPHRASE

NOBODY = 65534


def test_missing_folder(tmp_path: Path):
    missing = tmp_path / "nowhere"
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(missing)
    assert str(caught.value) == f"data folder not found: {missing} (create it or pass --data)"
    with pytest.raises(DataFolderError, match="not found"):
        Vault.create(missing, PASSPHRASE, kdf=FAST_TEST_KDF)
    with pytest.raises(DataFolderError, match="not found"):
        Vault.unlock(missing, PASSPHRASE)
    assert not missing.exists()


def test_file_instead_of_folder(tmp_path: Path):
    a_file = tmp_path / "data"
    a_file.write_text("not a folder")
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(a_file)
    assert str(caught.value) == f"data folder {a_file} is a file, not a folder"
    with pytest.raises(DataFolderError, match="is a file"):
        Vault.unlock(a_file, PASSPHRASE, read_only=True)


def test_resolves_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    assert check_data_folder(Path("data")) == (tmp_path / "data").resolve()


def test_read_only_folder(tmp_path: Path):
    """chmod 0o500 stops writes for a normal user; as root (who writes anyway) the check runs as `nobody`."""
    if os.geteuid() != 0:
        folder = tmp_path / "data"
        folder.mkdir()
        Vault.create(folder, PASSPHRASE, kdf=FAST_TEST_KDF)
        folder.chmod(0o500)
        try:
            with pytest.raises(DataFolderError) as caught:
                check_data_folder(folder)
            assert str(caught.value) == f"data folder {folder.resolve()} is not writable"
            assert check_data_folder(folder, writable=False) == folder.resolve()
            assert Vault.unlock(folder, PASSPHRASE, read_only=True).read_only
            with pytest.raises(DataFolderError, match="not writable"):
                Vault.unlock(folder, PASSPHRASE)
        finally:
            folder.chmod(0o700)
        return
    # Root really can write to a 0o500 folder, so the check rightly accepts it; the "not writable"
    # message is checked for root on a read-only mount in the next test.
    parent = Path(tempfile.mkdtemp(prefix="facilitator-ro-"))
    try:
        folder = parent / "data"
        folder.mkdir(mode=0o500)
        assert check_data_folder(folder) == folder.resolve()
    finally:
        shutil.rmtree(parent)


def test_folder_on_a_read_only_mount_is_not_writable_even_for_root():
    """A read-only mount refuses root too, so the message is checked for real whoever runs the tests."""
    read_only = Path("/proc/sys")
    if not read_only.is_dir() or os.access(read_only, os.W_OK):
        pytest.skip("/proc/sys is writable here: no read-only mount to test against")
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(read_only)
    assert str(caught.value) == "data folder /proc/sys is not writable"
    assert check_data_folder(read_only, writable=False) == read_only


def test_messages_are_french_by_default(tmp_path: Path):
    from facilitator import i18n

    i18n.set_language("fr")
    with pytest.raises(DataFolderError) as caught:
        check_data_folder(tmp_path / "absent")
    assert str(caught.value) == f"dossier de données introuvable : {tmp_path / 'absent'} (créez-le ou indiquez --data)"
