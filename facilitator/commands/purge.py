"""`facilitator purge --cycle ID`: erase a cycle: its key, then its files, backups and locks.

The cycle's key is destroyed first, so any copy of its files (a laptop backup, a snapshot, blocks
carved from the disk) no longer decrypts; a purge cut by a crash is finished at the next opening.

Asks to type the cycle's id after showing what will go (or `--yes` for scripts), and refuses while a
console runs one of the cycle's sessions. While it deletes it holds the live-session lock, so no
console can start a session of the cycle meanwhile. The audit log keeps the id only.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from facilitator.commands._common import data_folder, interactive, open_vault
from facilitator.core.formatting import tn
from facilitator.errors import UsageError, UserError
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cycle", required=True, metavar="ID", help=t("cli.opt_cycle"))
    parser.add_argument("--yes", action="store_true",
                        help=t("cli.opt_yes"))


def ask_line(prompt: str) -> str:
    """Read the confirmation typed on the terminal (tests replace this)."""
    return input(prompt)


def _summary(store, cycle_id: str, cycle, damage: str, files: int) -> list[str]:  # noqa: ANN001 - Store, Cycle
    """What the purge deletes; a damaged file is named instead of stopping the purge of what it belongs to."""
    from facilitator.core.models import SESSIONS_PER_CYCLE, SessionStatus

    done: list[int] = []
    held: list[float] = []
    for number in range(1, SESSIONS_PER_CYCLE + 1):
        try:
            run = store.session_run(cycle_id, number)
        except UserError as exc:
            damage = damage or exc.message
            continue
        if run.status == SessionStatus.DONE:
            done.append(number)
        if run.started_at:
            held.append(run.started_at)
    held.sort()
    dates = ""
    if held:
        first = datetime.fromtimestamp(held[0]).strftime("%d/%m/%Y")
        last = datetime.fromtimestamp(held[-1]).strftime("%d/%m/%Y")
        dates = f" ({first} – {last})" if first != last else f" ({first})"
    lines = [t("protect.summary_title"), t("protect.summary_id", cycle=cycle_id)]
    if cycle is not None:
        lines += [t("protect.summary_label", label=cycle.label), t("protect.summary_site", site=cycle.site),
                  t("protect.summary_start", date=cycle.start_date.strftime("%d/%m/%Y"))]
    lines.append(t("protect.summary_sessions", done=len(done), dates=dates))
    lines.append(t("protect.summary_files", files=files))
    if damage:
        lines.append(t("protect.summary_damaged", error=damage))
    lines.append(t("protect.summary_warning"))
    return lines


def run(args: argparse.Namespace) -> int:
    from facilitator.core.clock import SystemClock
    from facilitator.storage.repository import LIVE_DOC, LiveLock, Store, UnknownCycle, cycle_dir
    from facilitator.storage.vault import CorruptFile

    folder = data_folder(args.data)
    cycle_id = str(args.cycle).strip()
    if not args.yes and not interactive():
        raise UsageError(t("protect.no_terminal_confirm"))
    vault, _how = open_vault(folder, args.passphrase_file, None, command="purge")
    store = Store(vault, SystemClock())
    cycle, damage = None, ""
    try:
        cycle = store.get_cycle(cycle_id)
    except UnknownCycle:
        known = ", ".join(_known_ids(vault)) or t("protect.no_cycles")
        raise UserError(t("protect.unknown_cycle", cycle=cycle_id, path=folder, known=known)) from None
    except CorruptFile as exc:  # a damaged cycle can still be purged, after confirmation
        damage = exc.message
    live_lock = LiveLock(folder)
    if not live_lock.acquire(timeout=0.2):
        live = store.live_session()
        if live is not None and live.cycle_id == cycle_id:
            raise UserError(t("protect.cycle_running", n=live.number, cycle=cycle_id))
    try:
        files = len(vault.list(cycle_dir(cycle_id)))
        if not args.yes:
            for line in _summary(store, cycle_id, cycle, damage, files):
                print(line)
            typed = ask_line(t("protect.prompt_confirm", cycle=cycle_id))
            if typed.strip() != cycle_id:
                raise UserError(t("protect.cancelled"))
        vault.purge_cycle(cycle_id)  # the cycle's key first: copies of its files become unreadable
        if live_lock.held and (vault.read(LIVE_DOC) or {}).get("cycle_id") == cycle_id:
            store.clear_live()  # a console that crashed during one of its sessions left the pointer
        vault.audit("purge", actor="cli", target=f"cycle {cycle_id}", detail=f"{files} files")
    finally:
        live_lock.release()
    print(tn("protect.purged", files, cycle=cycle_id))
    return 0


def _known_ids(vault) -> list[str]:  # noqa: ANN001 - Vault
    """Ids of the cycles in the folder, from the folder names (a damaged cycle file still counts)."""
    return sorted({relpath.split("/")[1] for relpath in vault.list("cycles", "*/cycle.db")})
