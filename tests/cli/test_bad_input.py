"""Bad input for every command, run as a real process: a one-line message on stderr naming what and where,
a non-zero exit, no traceback, and nothing written into the data folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.commands import COMMANDS
from facilitator.core.clock import FakeClock
from facilitator.core.models import Facilitator
from facilitator.storage.repository import Store
from facilitator.storage.vault import FAST_TEST_KDF, Vault

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "bonne-phrase-secrete"
READ_ONLY = Path("/proc/sys")
ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$]*[A-Za-z~]|\][^\x07]*\x07|[()][A-Z0-9])")


class Places:
    """Every path a case can name: a good data folder and broken things around it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.data = base / "data"
        self.data.mkdir()
        vault, _ = Vault.create(self.data, PASSPHRASE, kdf=FAST_TEST_KDF)
        self.cycle = Store(vault, FakeClock()).create_cycle(
            label="Cycle essai", site="Site", start_date=date(2026, 1, 5),
            facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")], participants=["P01"]).id
        self.empty = base / "empty"
        self.empty.mkdir()
        self.missing = base / "nowhere"
        self.afile = base / "a-file"
        self.afile.write_text("not a folder\n", encoding="utf-8")
        self.ok = self._write("pass-ok", PASSPHRASE + "\n")
        self.wrong = self._write("pass-wrong", "pas-la-bonne-phrase\n")
        self.blank = self._write("pass-empty", "")
        self.binary = base / "pass-binary"
        self.binary.write_bytes(b"\xff\xfe\x00bad")
        self.nofile = base / "pass-none"
        text = (ROOT / "sessions.yaml").read_text(encoding="utf-8")
        self.truncated = self._write("truncated.yaml", text[: len(text) // 3])
        self.badroster = self._write("roster.txt", "P01 Anatole\n")
        self.roster = self._write("roster-ok.txt", "P01: Anatole\n")
        self.programme = ROOT / "sessions.yaml"

    def _write(self, name: str, text: str) -> Path:
        path = self.base / name
        path.write_text(text, encoding="utf-8")
        return path

    def fill(self, text: str) -> str:
        return text.format(**{k: v for k, v in vars(self).items()}, ro=READ_ONLY)


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> Places:
    return Places(tmp_path_factory.mktemp("bad-input"))


# (command, arguments, what the message must name). {programme} is added unless the case gives one.
CASES: list[tuple[str, str, str]] = []
for _cmd in ("console", "observe"):
    CASES += [
        (_cmd, "--data {missing}", "{missing}"),
        (_cmd, "--data {afile}", "{afile}"),
        (_cmd, "--data {ro}", "{ro}"),
        (_cmd, "--data {data} --passphrase-file {wrong}", "{data}"),
        (_cmd, "--data {data} --passphrase-file {nofile}", "{nofile}"),
        (_cmd, "--data {data} --passphrase-file {blank}", "{blank}"),
        (_cmd, "--data {data} --passphrase-file {ok} --programme {truncated}", "{truncated}"),
    ]
CASES += [
    ("display", "--data {missing}", "{missing}"),
    ("display", "--data {afile}", "{afile}"),
    ("display", "--data {data} --passphrase-file {wrong}", "{data}"),
    ("display", "--web --data {data} --passphrase-file {wrong}", "{data}"),
    ("display", "--data {data} --passphrase-file {ok} --programme {truncated}", "{truncated}"),
    ("display", "--host 0.0.0.0 --data {data} --passphrase-file {ok}", "--host"),
    ("review", "--data {missing}", "{missing}"),
    ("review", "--data {afile}", "{afile}"),
    ("review", "--data {empty}", "{empty}"),
    ("review", "--data {ro}", "{ro}"),
    ("review", "--data {data} --passphrase-file {wrong}", "{data}"),
    ("review", "--data {data} --passphrase-file {binary}", "{binary}"),
    ("review", "--data {data} --passphrase-file {ok} --programme {truncated}", "{truncated}"),
    ("score", "xyz", "xyz"),
    ("anonymise", "--roster {nofile}", "{nofile}"),
    ("anonymise", "--roster {badroster}", "{badroster}:1"),
    ("anonymise", "--roster {roster} {missing}", "{missing}"),
    ("booklet", "--data {missing} --passphrase-file {ok} --cycle {cycle} --out {base}/b.html", "{missing}"),
    ("booklet", "--data {data} --passphrase-file {ok} --cycle nope --out {base}/b.html", "nope"),
    ("booklet", "--data {data} --passphrase-file {wrong} --cycle {cycle} --out {base}/b.html", "{data}"),
    ("booklet", "--data {data} --passphrase-file {nofile} --cycle {cycle} --out {base}/b.html", "{nofile}"),
    ("booklet", "--data {data} --passphrase-file {ok} --cycle {cycle} --out {ro}/b.html", "{ro}/b.html"),
    ("booklet", "--data {data} --passphrase-file {ok} --cycle {cycle} --out {missing}/b.html", "{missing}"),
    ("booklet", "--data {data} --passphrase-file {ok} --cycle {cycle} --out {base}/b.html "
                "--programme {truncated}", "{truncated}"),
    ("demo", "--data {afile} --fast-test-kdf", "{afile}"),
    ("demo", "--data {ro} --fast-test-kdf", "{ro}"),
    ("demo", "--data {ro}/new --fast-test-kdf", "{ro}/new"),
    ("demo", "--data {data} --passphrase-file {wrong} --fast-test-kdf", "{data}"),
    ("demo", "--data {data} --fast-test-kdf", "{data}"),
    ("demo", "--data {data} --passphrase-file {ok} --fast-test-kdf --programme {truncated}", "{truncated}"),
    ("report", "--data {missing} --passphrase-file {ok} --cycle {cycle} --format md --out {base}/r.md", "{missing}"),
    ("report", "--data {data} --passphrase-file {ok} --cycle nope --format md --out {base}/r.md", "nope"),
    ("report", "--data {data} --passphrase-file {ok} --cycle {cycle} --format pdf --out {base}/r.pdf", "pdf"),
    ("report", "--data {data} --passphrase-file {wrong} --cycle {cycle} --format md --out {base}/r.md", "{data}"),
    ("report", "--data {data} --passphrase-file {nofile} --cycle {cycle} --format md --out {base}/r.md",
     "{nofile}"),
    ("report", "--data {data} --passphrase-file {ok} --cycle {cycle} --format md --out {ro}/r.md", "{ro}/r.md"),
    ("report", "--data {data} --passphrase-file {ok} --cycle {cycle} --format md --out {missing}/r.md",
     "{missing}"),
    ("report", "--data {data} --passphrase-file {ok} --cycle {cycle} --format csv --out {afile}", "{afile}"),
    ("report", "--data {data} --passphrase-file {ok} --cycle {cycle} --format md --out {base}/r.md "
               "--programme {truncated}", "{truncated}"),
    ("passphrase", "--data {missing} --passphrase-file {ok} --new-recovery-key", "{missing}"),
    ("passphrase", "--data {afile} --passphrase-file {ok} --new-recovery-key", "{afile}"),
    ("passphrase", "--data {ro} --passphrase-file {ok} --new-recovery-key", "{ro}"),
    ("passphrase", "--data {empty} --passphrase-file {ok} --new-recovery-key", "{empty}"),
    ("passphrase", "--data {data} --passphrase-file {wrong} --new-recovery-key", "{data}"),
    ("passphrase", "--data {data} --passphrase-file {nofile} --new-recovery-key", "{nofile}"),
    ("passphrase", "--data {data} --passphrase-file {ok} --new-passphrase-file {nofile}", "{nofile}"),
    ("passphrase", "--data {data} --passphrase-file {ok} --new-passphrase-file {blank}", "{blank}"),
    ("passphrase", "--data {data} --recovery-key-file {wrong}", "recovery key"),
    ("passphrase", "--data {data} --passphrase-file {ok}", "--new-passphrase-file"),
    ("purge", "--data {missing} --passphrase-file {ok} --cycle {cycle} --yes", "{missing}"),
    ("purge", "--data {afile} --passphrase-file {ok} --cycle {cycle} --yes", "{afile}"),
    ("purge", "--data {ro} --passphrase-file {ok} --cycle {cycle} --yes", "{ro}"),
    ("purge", "--data {data} --passphrase-file {wrong} --cycle {cycle} --yes", "{data}"),
    ("purge", "--data {data} --passphrase-file {nofile} --cycle {cycle} --yes", "{nofile}"),
    ("purge", "--data {data} --passphrase-file {ok} --cycle nope --yes", "nope"),
    ("purge", "--data {data} --passphrase-file {ok} --cycle {cycle}", "--yes"),
    ("restore", "cycles/x/cycle.db --data {missing} --passphrase-file {ok}", "{missing}"),
    ("restore", "cycles/x/cycle.db --data {afile} --passphrase-file {ok}", "{afile}"),
    ("restore", "cycles/x/cycle.db --data {data} --passphrase-file {wrong}", "{data}"),
    ("restore", "cycles/x/cycle.db --data {data} --passphrase-file {nofile}", "{nofile}"),
    ("restore", "cycles/nope/cycle.db --data {data} --passphrase-file {ok}", "cycles/nope/cycle.db"),
    ("restore", "../escape.db --data {data} --passphrase-file {ok}", "../escape.db"),
    ("check", "--data {missing} --passphrase-file {ok}", "{missing}"),
    ("check", "--data {data} --passphrase-file {wrong}", "{data}"),
    ("check", "--data {data} --passphrase-file {nofile}", "{nofile}"),
    ("rekey", "--data {missing} --passphrase-file {ok}", "{missing}"),
    ("rekey", "--data {afile} --passphrase-file {ok}", "{afile}"),
    ("rekey", "--data {data} --passphrase-file {wrong}", "{data}"),
    ("rekey", "--data {data} --passphrase-file {nofile}", "{nofile}"),
    ("rekey", "--data {data} --passphrase-file {ok} --recovery-kit /dev/null", "/dev/null"),
    ("pool", "{missing} --format html --out {base}/pooled.html", "{missing}"),
    ("pool", "{afile} --format html --out {base}/pooled.html", "{afile}"),
    ("pool", "{empty} --format md --out {base}/pooled.md", "{empty}"),
]


def test_every_command_has_cases():
    assert {command for command, _args, _named in CASES} | {"check-programme"} == set(COMMANDS)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def run(places: Places, command: str, args: str, stdin: str = "") -> subprocess.CompletedProcess:
    argv = [command, *places.fill(args).split()]
    if "--programme" not in argv and command not in ("score", "anonymise"):
        argv += ["--programme", str(places.programme)]
    return subprocess.run([sys.executable, "-m", "facilitator", *argv, "--lang", "en"], input=stdin,
                          capture_output=True, text=True, cwd=places.base, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize(("command", "args", "named"), CASES, ids=[f"{c}:{a}" for c, a, _n in CASES])
def test_bad_input_is_one_line_naming_it(places: Places, command: str, args: str, named: str):
    if "{ro}" in args and os.access(READ_ONLY, os.W_OK):
        pytest.skip("/proc/sys is writable here")
    before = snapshot(places.data)
    result = run(places, command, args)
    # what stays on the terminal: the apps print their message after leaving the alternate screen
    err = ESCAPES.sub("", result.stderr.rpartition("\x1b[?1049l")[2]).strip()
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "unexpected error" not in err, err
    lines = err.splitlines()
    if "{truncated}" in args:   # the programme loader lists every problem, one line each
        assert lines and all(line.startswith(f"facilitator: {places.truncated}:") for line in lines), err
    else:
        assert len(lines) == 1 and err.startswith("facilitator: "), err
    assert places.fill(named) in err, err
    assert snapshot(places.data) == before, "nothing written into the data folder"
    assert not (places.base / "b.html").exists() and not (places.base / "r.md").exists()


@pytest.mark.parametrize("target", ["{truncated}", "{missing}.yaml", "{empty}", "{afile}"])
def test_check_programme_names_the_file_on_every_line(places: Places, target: str):
    result = run(places, "check-programme", target)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines and all(places.fill(target) in line for line in lines), lines


def test_score_with_bad_json_on_stdin(places: Places):
    result = run(places, "score", "dudit", stdin="{not json")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
