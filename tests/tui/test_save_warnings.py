"""A save that succeeded with a doubt (the disk's sync failed after the rename) is said, not retried."""

from __future__ import annotations

import errno

from facilitator.storage import atomic
from tests.tui.folder import DataFolder
from tests.tui.helpers import SIZE, until


async def test_a_warning_of_the_storage_is_shown_once_after_the_save(tmp_path, monkeypatch):
    folder = DataFolder(tmp_path)
    app = folder.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.store is not None and app.saver.pending == 0, "unlocked")
        runs: list[int] = []

        def fail_after_rename(step: str) -> None:
            if step == "before_dir_sync":
                raise OSError(errno.EIO, "Input/output error")

        def save() -> None:
            monkeypatch.setattr(atomic, "_checkpoint", fail_after_rename)
            try:
                runs.append(1)
                app.vault.write("cycles/c1/notes.db", {"n": 1})
            finally:
                monkeypatch.setattr(atomic, "_checkpoint", lambda step: None)

        app.save("note", save)
        await until(pilot, lambda: app.saver.pending == 0 and app.unreported == 0, "saved")
        notes = [n.message for n in app._notifications]
        assert any("syncing the disk failed" in m or "synchronisation du disque" in m for m in notes), notes
        assert runs == [1], "a success with a warning is not run again"
        assert app.vault.warnings == []
