"""The participants' display: follows the running session, shows nothing confidential; its web view in Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Digits, Static

from facilitator.storage.vault import FAST_TEST_KDF
from facilitator.tui.display import DisplayApp, DisplayScreen
from tests.conftest import ROOT, TEST_PASSPHRASE
from tests.tui.folder import PROGRAMME, DataFolder
from tests.tui.helpers import until, wait_for_screen


def shown(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query(Static) if w.display)


async def test_display_follows_the_session_and_shows_nothing_confidential(tmp_path):
    folder = DataFolder(tmp_path, roster={"P02": ["Julien"]})
    app = DisplayApp(data_dir=folder.dir, programme=PROGRAMME, clock=folder.clock, passphrase=TEST_PASSPHRASE,
                     kdf=FAST_TEST_KDF)
    agenda = PROGRAMME.session(1).agenda
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_screen(pilot, DisplayScreen)
        await until(pilot, lambda: "Aucune séance" in shown(screen), "waiting text")
        live = folder.start()
        folder.store.update_run(folder.cycle.id, 1, live.add_note(agenda[0].id, "P02 a parlé de son ex", "F1",
                                                                   folder.clock.now())[1])
        folder.store.update_run(folder.cycle.id, 1, live.set_display_message("Pause : retour à 20 h 15",
                                                                              folder.clock.now()))
        folder.clock.advance(90)
        screen.poll()
        await until(pilot, lambda: agenda[0].title in shown(screen), "the current item")
        assert str(screen.query_one("#display-countdown", Digits).value) == f"{agenda[0].minutes - 2:02d}:30"
        text = shown(screen)
        assert f"Ensuite\u00a0: {agenda[1].title}" in text and "Pause : retour à 20 h 15" in text
        assert "P02" not in text and "Julien" not in text and agenda[0].prompts[0] not in text
        folder.next_item()
        screen.poll()
        await until(pilot, lambda: agenda[1].title in str(screen.query_one("#display-title", Static).render()),
                    "the next item")
        folder.stop()
        screen.poll()
        await until(pilot, lambda: "Aucune séance" in shown(screen), "back to waiting")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def chromium_screenshot(chromium: str, url: str, shot: Path, tmp_path: Path) -> bool:
    """Open `url` in headless Chromium (DevTools protocol), wait for the app's first frame, save a PNG.

    True once the terminal in the page received the app's output (textual-serve marks the page).
    """
    import asyncio
    import base64

    import aiohttp

    port = free_port()
    browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                "--window-size=1280,800", f"--remote-debugging-port={port}",
                                f"--user-data-dir={tmp_path / 'chromium'}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as http:
            pages: list = []
            for _ in range(200):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                        pages = [p for p in await response.json() if p.get("type") == "page"]
                    if pages:
                        break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 10_000))

                async def call(method: str, **params: object) -> dict:
                    number = next(ids)
                    await ws.send_json({"id": number, "method": method, "params": params})
                    while True:
                        message = await ws.receive_json()
                        if message.get("id") == number:
                            return message.get("result", {})

                await call("Page.enable")
                await call("Page.navigate", url=url)
                loaded = False
                for _ in range(300):   # the page connects, the server starts the app, the app paints
                    result = await call("Runtime.evaluate",
                                        expression="document.body.classList.contains('-first-byte')")
                    if result.get("result", {}).get("value"):
                        loaded = True
                        break
                    await asyncio.sleep(0.1)
                await asyncio.sleep(3)  # the display reads the session and repaints once a second
                image = await call("Page.captureScreenshot", format="png")
                shot.write_bytes(base64.b64decode(image["data"]))
                return loaded
    finally:
        browser.terminate()
        browser.wait(timeout=10)


@pytest.mark.browser
@pytest.mark.processes
async def test_web_display_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    folder = DataFolder(tmp_path)
    folder.clock.set(time.time() - 300)   # the served display reads the real clock: a session 5 minutes in
    folder.start()
    folder.clock.set(time.time())
    (tmp_path / "pass").write_text(TEST_PASSPHRASE)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "display", "--web", "--port", str(port), "--data", str(folder.dir),
         "--programme", str(ROOT / "sessions.yaml"), "--passphrase-file", str(tmp_path / "pass")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    shot = Path(os.environ.get("FACILITATOR_DISPLAY_SHOT", tmp_path / "display.png"))
    try:
        line = server.stdout.readline() if server.stdout else ""
        assert f"http://127.0.0.1:{port}" in line     # bound to this computer unless --host is given
        for _ in range(200):   # the server is up once it answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        assert await chromium_screenshot(chromium, f"http://127.0.0.1:{port}", shot, tmp_path)
        assert shot.is_file() and shot.stat().st_size > 10_000
    finally:
        server.terminate()
        server.wait(timeout=10)
