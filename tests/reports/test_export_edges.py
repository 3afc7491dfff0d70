"""No plaintext at the edges: an export killed mid-write leaves nothing, a signal removes the staging folder,
`--out` refuses symbolic links and special files."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from facilitator.reports import output
from tests.reports.conftest import run_cli


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _export_in_child(demo, out: Path, fmt: str, on_write) -> int:  # noqa: ANN001
    """Run `report` in a forked child whose file writes call `on_write` first; the child's wait status."""
    folder, secret, cycle_id, _store = demo
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            real = output._link_fd

            def link(fd: int, name: Path) -> bool:
                on_write()
                return real(fd, name)

            output._link_fd = link
            code = run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                           "--format", fmt, "--out", str(out))
            os._exit(code)
        finally:
            os._exit(99)
    return os.waitpid(pid, 0)[1]


@pytest.mark.processes
@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_an_export_killed_mid_write_leaves_no_plaintext(demo, tmp_path: Path, fmt: str):
    out = tmp_path / ("r.html" if fmt == "html" else "csv")
    status = _export_in_child(demo, out, fmt, lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert _files(tmp_path) == [], "the file being written had no name yet"
    # the empty staging folder of the killed export is removed by the next export
    assert run_cli("report", "--data", str(demo[0]), "--passphrase-file", str(demo[1]), "--cycle", demo[2],
                   "--format", "md", "--out", str(tmp_path / "next.md")) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["next.md"]


@pytest.mark.processes
def test_sigterm_during_an_export_removes_the_staging_folder(demo, tmp_path: Path):
    out = tmp_path / "csv"
    written = []

    def terminate_at_the_third_file() -> None:
        written.append(1)
        if len(written) == 3:
            os.kill(os.getpid(), signal.SIGTERM)

    status = _export_in_child(demo, out, "csv", terminate_at_the_third_file)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0
    assert _files(tmp_path) == [] and list(tmp_path.iterdir()) == []


def test_out_refuses_a_symlink_and_a_device(demo, tmp_path: Path, capsys):
    folder, secret, cycle_id, _store = demo
    link = tmp_path / "report.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    for out in (link, Path("/dev/null")):
        code = run_cli("--lang", "en", "report", "--data", str(folder), "--passphrase-file", str(secret),
                       "--cycle", cycle_id, "--format", "html", "--out", str(out))
        assert code == 1
    err = capsys.readouterr().err
    assert "is a symbolic link" in err and "a device, pipe or socket" in err
    assert not (tmp_path / "elsewhere.html").exists()
