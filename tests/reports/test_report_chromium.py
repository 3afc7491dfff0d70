"""The HTML report rendered by headless Chromium: it must load offline and give a non-blank screenshot.

Skips only when /usr/bin/chromium is absent (CI installs the Debian package `chromium`).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.timeout(180)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")
def test_html_report_renders_in_headless_chromium(exports, tmp_path):
    screenshot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", f"--screenshot={screenshot}", "--window-size=1240,1754",
               exports["html"].resolve().as_uri()]
    result = subprocess.run(command, capture_output=True, timeout=150, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1240, 1754)
    assert len(data) > 50_000, "a blank page compresses to a few kilobytes"
    kept = Path(__file__).resolve().parents[2] / ".pytest_artifacts"
    if kept.is_dir():   # keep the picture for a person to look at when the folder exists
        shutil.copy(screenshot, kept / "report.png")


@pytest.mark.timeout(240)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")
def test_pooled_report_renders_in_headless_chromium(pooled_demo, tmp_path):
    from tests.reports.conftest import run_cli

    folder, secret, _by_site = pooled_demo
    page = tmp_path / "pooled.html"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                   "--format", "html", "--out", str(page)) == 0
    screenshot = tmp_path / "pooled.png"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={screenshot}", "--window-size=1240,1754",
               page.resolve().as_uri()]
    result = subprocess.run(command, capture_output=True, timeout=150, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    kept = Path(__file__).resolve().parents[2] / ".pytest_artifacts"
    if kept.is_dir():
        shutil.copy(screenshot, kept / "pooled.png")
