"""`facilitator display --host` without `--web` is refused in one line, in the interface's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.storage.vault import FAST_TEST_KDF, Vault


@pytest.mark.parametrize(("lang", "expected"), [("fr", "ne s'utilise qu'avec --web"),
                                                ("en", "only goes with --web")])
def test_host_without_web_is_refused_in_the_interface_language(tmp_path: Path, capsys, lang, expected):
    folder = tmp_path / "data"
    folder.mkdir()
    Vault.create(folder, "display-passphrase-42", kdf=FAST_TEST_KDF)
    code = main(["--lang", lang, "display", "--data", str(folder), "--host", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code != 0
    assert expected in err and len(err.strip().splitlines()) == 1
