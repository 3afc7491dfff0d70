"""The journal of saves that were not on disk when the user insisted on quitting (encrypted like every file).

Each entry is `(kind, data)`: enough to redo the save (a verbatim is already pseudonymised). The next
start offers to replay them; the storage calls they map to are upserts by id, so replaying one that
did reach the disk after all changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.core.models import Note, SessionRun, Verbatim
from facilitator.storage.repository import Store
from facilitator.storage.vault import Vault

JOURNAL_DOC = "journal/unsaved.db"


def write_journal(vault: Vault, entries: Iterable[tuple[str, dict]]) -> int:
    """Append `entries` to the journal; returns how many were added."""
    new = [{"kind": kind, "data": data} for kind, data in entries]
    if not new:
        return 0

    def append(doc: dict) -> None:
        doc.setdefault("entries", []).extend(new)

    vault.update(JOURNAL_DOC, append)
    return len(new)


def read_journal(vault: Vault) -> list[tuple[str, dict]]:
    doc = vault.read(JOURNAL_DOC) or {}
    return [(entry["kind"], entry["data"]) for entry in doc.get("entries", [])]


def clear_journal(vault: Vault) -> None:
    if vault.exists(JOURNAL_DOC):
        vault.write(JOURNAL_DOC, {"entries": []})


def forget_cycle(vault: Vault, cycle_id: str) -> None:
    """Drop a purged cycle's entries from the journal, and the journal's backups that still hold them.

    The journal is sealed with the folder key, not the cycle's: without this, a purge would leave the
    cycle's unsaved verbatims readable.
    """
    doc = vault.read(JOURNAL_DOC)
    if not doc:
        return
    entries = doc.get("entries", [])
    kept = [entry for entry in entries if (entry.get("data") or {}).get("cycle_id") != cycle_id]
    if len(kept) == len(entries):
        return
    vault.write(JOURNAL_DOC, {"entries": kept})
    for backup in vault.backups(JOURNAL_DOC):
        backup.unlink()


def replay_entry(store: Store, kind: str, data: dict) -> None:
    """Redo one kept save; a record already on disk (same id) is left as it is."""
    if kind == "verbatim":
        verbatim = Verbatim.model_validate(data)
        existing = store.verbatims(verbatim.cycle_id, verbatim.session, include_deleted=True)
        if all(v.id != verbatim.id for v in existing):
            store.add_verbatim(verbatim)
    elif kind == "note":
        note = Note.model_validate(data["note"])

        def add(run: SessionRun) -> None:
            if all(existing.id != note.id for existing in run.notes):
                run.notes.append(note)

        store.update_run(data["cycle_id"], data["number"], add)
    elif kind in ("participant", "followup"):
        from facilitator.storage.participants import replay

        replay(store, kind, data)
    else:
        raise ValueError(kind)
