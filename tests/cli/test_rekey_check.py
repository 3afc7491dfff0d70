"""`facilitator rekey` (with its printable recovery kit) and `facilitator check`, through the command line."""

from __future__ import annotations

import re
from pathlib import Path

from facilitator.cli import main
from facilitator.storage.vault import FAST_TEST_KDF, Vault

PASSPHRASE = "rekey-passphrase-42"


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=FAST_TEST_KDF)
    vault.write("cycles/c1/roster.db", {"entries": {"P01": ["Alexandre"]}})
    vault.write("cycles/c1/roster.db", {"entries": {"P01": ["Alexandre", "Alex"]}})
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n")
    return folder, secret


def test_rekey_prints_and_writes_a_kit_whose_key_opens_the_folder(tmp_path: Path, capsys):
    folder, secret = _folder(tmp_path)
    kit = tmp_path / "kit.txt"
    assert main(["--lang", "en", "rekey", "--data", str(folder), "--passphrase-file", str(secret),
                 "--recovery-kit", str(kit)]) == 0
    out = capsys.readouterr().out
    key = re.search(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", out).group(0)
    assert key in kit.read_text() and "then delete this file" in kit.read_text()
    assert kit.stat().st_mode & 0o777 == 0o600
    assert Vault.unlock_with_recovery_key(folder, key).read("cycles/c1/roster.db")


def test_check_names_what_is_wrong_and_exits_1(tmp_path: Path, capsys):
    folder, secret = _folder(tmp_path)
    args = ["--lang", "en", "check", "--data", str(folder), "--passphrase-file", str(secret)]
    assert main(args) == 0
    assert "files verified, audit log intact" in capsys.readouterr().out
    (folder / "cycles/c1/roster.db").unlink()
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "missing file cycles/c1/roster.db" in out and ".backups/cycles/c1/roster.db.1" in out


def test_check_in_french_names_an_audit_line_without_english_and_counts_in_words(tmp_path: Path, capsys):
    folder, secret = _folder(tmp_path)
    vault = Vault.unlock(folder, PASSPHRASE)
    for target in ("data", "data", "data"):
        vault.audit("unlock", actor="console", target=target)
    args = ["--lang", "fr", "check", "--data", str(folder), "--passphrase-file", str(secret)]
    log = next((folder / "audit").iterdir())
    lines = log.read_bytes().split(b"\n")
    assert len(lines) == 4  # three lines and the final newline
    log.write_bytes(b"\n".join(lines[:1] + lines[2:]))   # one line removed from the middle
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"audit/{log.name}:2" in out and " line " not in out
    assert re.search(r"\b1\u00a0problème dans ", out) and "(s)" not in out
