"""`python -m benchmarks.reliability`: random kills and deliberate damage, with counts (not timings).

1. Writes SIGKILLed at random moments: a child saves verbatims and prints each id once its save has
   returned; after each kill the folder is reopened: acknowledged verbatims lost or duplicated, files
   unreadable, problems reported by `check` (false alarms).
2. Purges SIGKILLed at random moments: the cycle must be whole or unreadable (never half), the purge
   finished at the next opening, and a copy of its files taken before it must not decrypt.
3. Damage done on purpose to a folder (rollback, deletion, swap, audit lines, keyring): how many are
   detected and named.

Options: --kills N (default 200), --purges N (default 40), --quick (20 and 10), --seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "reliability-passphrase"


def _vault_module():  # noqa: ANN202 - imported late so `--help` stays fast
    from facilitator.storage import vault

    return vault


def _new_folder(base: Path) -> tuple[Path, str]:
    """A data folder with one cycle and its roster; (folder, cycle id)."""
    from facilitator.core.clock import SystemClock
    from facilitator.core.models import Facilitator
    from facilitator.core.pseudonymise import Roster
    from facilitator.storage.repository import Store

    vault_module = _vault_module()
    folder = base / "data"
    folder.mkdir(parents=True)
    vault, _ = vault_module.Vault.create(folder, PASSPHRASE, kdf=vault_module.FAST_TEST_KDF)
    store = Store(vault, SystemClock())
    cycle = store.create_cycle(label="Cycle fictif", site="Site", start_date=date(2026, 3, 2),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                               participants=["P01", "P02"])
    store.save_roster(cycle.id, Roster.from_mapping({"P01": ["Mathéo"], "P02": ["Bastien"]}))
    return folder, cycle.id


# ---------------------------------------------------------------- 1. writes killed


def child_writer(folder: Path, cycle_id: str, start: int) -> None:
    """Save verbatims forever, printing each id after its save returned (the acknowledgement)."""
    from facilitator.core.clock import SystemClock
    from facilitator.core.models import Verbatim
    from facilitator.storage.repository import Store

    store = Store(_vault_module().Vault.unlock(folder, PASSPHRASE), SystemClock())
    n = start
    while True:
        verbatim = Verbatim(id=f"v{n}", cycle_id=cycle_id, session=1 + n % 3, item_id="i1", speaker="P01",
                            text=f"Phrase fictive numéro {n}.", at=time.time(), elapsed_s=1.0)
        store.add_verbatim(verbatim)
        if n % 7 == 0:
            store.edit_verbatim(cycle_id, verbatim.session, verbatim.id, text=f"Phrase corrigée {n}.",
                                themes=[], speaker="P01", reason="coquille", by="O1", revision_id=f"r{n}")
        if n % 5 == 0:
            store.vault.audit("edit", actor="O1", target=f"verbatim v{n}")
        print(n, flush=True)
        n += 1


def writes_killed(base: Path, kills: int, rng: random.Random) -> dict[str, int]:
    from facilitator.core.clock import SystemClock
    from facilitator.storage.repository import Store

    folder, cycle_id = _new_folder(base / "writes")
    acknowledged: set[int] = set()
    counts = {"write_kills": 0, "write_acknowledged": 0, "write_lost": 0, "write_duplicated": 0,
              "write_unreadable": 0, "write_false_alarms": 0}
    start = 0
    for _kill in range(kills):
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.reliability", "--child-writer", str(folder),
                                  cycle_id, str(start)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        first = child.stdout.readline()  # the child is unlocked and writing
        if first.strip():
            acknowledged.add(int(first))
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        acknowledged.update(int(line) for line in out.split())
        counts["write_kills"] += 1
        start = max(acknowledged, default=start) + 2  # an unacknowledged id may have been saved: skip it
        try:
            store = Store(_vault_module().Vault.unlock(folder, PASSPHRASE), SystemClock())
            problems = store.vault.check()
            counts["write_false_alarms"] += len(problems)
            ids = [v.id for n in (1, 2, 3) for v in store.verbatims(cycle_id, n, include_deleted=True)]
        except Exception:  # noqa: BLE001 - counted, the run goes on
            counts["write_unreadable"] += 1
            continue
        counts["write_duplicated"] += len(ids) - len(set(ids))
        counts["write_lost"] += len({f"v{n}" for n in acknowledged} - set(ids))
    counts["write_acknowledged"] = len(acknowledged)
    return counts


# ---------------------------------------------------------------- 2. purges killed


def child_purger(folder: Path, cycle_id: str) -> None:
    vault = _vault_module().Vault.unlock(folder, PASSPHRASE)
    print("ready", flush=True)
    sys.stdin.readline()
    vault.purge_cycle(cycle_id)
    print("done", flush=True)


def purges_killed(base: Path, purges: int, rng: random.Random) -> dict[str, int]:
    from facilitator.core.clock import SystemClock
    from facilitator.core.programme_loader import load_programme
    from facilitator.storage.demo import create_demo_cycle
    from facilitator.storage.repository import Store, cycle_dir

    template_base = base / "purge-template"
    folder, _ = _new_folder(template_base)
    store = Store(_vault_module().Vault.unlock(folder, PASSPHRASE), SystemClock())
    cycle = create_demo_cycle(store, load_programme(ROOT / "sessions.yaml"), seed=3)
    files = store.vault.list(cycle_dir(cycle.id))
    counts = {"purge_runs": 0, "purge_killed": 0, "purge_whole": 0, "purge_erased": 0, "purge_half": 0,
              "purge_copy_still_decrypts": 0}
    work = base / "purge"
    for _run in range(purges):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template_base / "data", work)
        copy = base / "purge-copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(work / cycle_dir(cycle.id), copy)
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.reliability", "--child-purger", str(work),
                                  cycle.id], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert child.stdin is not None and child.stdout is not None
        child.stdout.readline()
        child.stdin.write("go\n")
        child.stdin.flush()
        time.sleep(rng.uniform(0.0, 0.04))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        counts["purge_runs"] += 1
        counts["purge_killed"] += "done" not in out
        vault = _vault_module().Vault.unlock(work, PASSPHRASE)
        readable = 0
        for relpath in files:
            try:
                readable += vault.read(relpath) is not None
            except Exception:  # noqa: BLE001 - unreadable is what a purge should leave
                pass
        if readable == len(files):
            counts["purge_whole"] += 1
            continue
        if readable:
            counts["purge_half"] += 1
            continue
        counts["purge_erased"] += 1
        shutil.rmtree(work / cycle_dir(cycle.id), ignore_errors=True)
        shutil.copytree(copy, work / cycle_dir(cycle.id))
        for relpath in files:
            try:
                if vault.read(relpath) is not None:
                    counts["purge_copy_still_decrypts"] += 1
            except Exception:  # noqa: BLE001
                pass
    return counts


# ---------------------------------------------------------------- 3. damage done on purpose


def damage(base: Path) -> dict[str, int]:
    from facilitator.core.clock import SystemClock
    from facilitator.core.programme_loader import load_programme
    from facilitator.storage.demo import create_demo_cycle
    from facilitator.storage.repository import Store, cycle_dir

    template = base / "damage-template"
    folder, _ = _new_folder(template)
    store = Store(_vault_module().Vault.unlock(folder, PASSPHRASE), SystemClock())
    cycle = create_demo_cycle(store, load_programme(ROOT / "sessions.yaml"), seed=5)
    other = create_demo_cycle(store, load_programme(ROOT / "sessions.yaml"), seed=6)
    cdir, odir = cycle_dir(cycle.id), cycle_dir(other.id)

    def lines(path: Path) -> list[bytes]:
        return path.read_bytes().splitlines(keepends=True)

    def audit_log(data: Path) -> Path:
        return sorted((data / "audit").glob("*.log"))[-1]

    attacks = {
        "rollback (backup copied over)": lambda d: shutil.copyfile(d / ".backups" / cdir / "cycle.db.1",
                                                                   d / cdir / "cycle.db"),
        "session file deleted": lambda d: (d / cdir / "verbatims-2.db").unlink(),
        "cycle.db deleted": lambda d: (d / cdir / "cycle.db").unlink(),
        "file swapped between cycles": lambda d: shutil.copyfile(d / odir / "roster.db", d / cdir / "roster.db"),
        "file swapped between sessions": lambda d: shutil.copyfile(d / cdir / "verbatims-1.db",
                                                                   d / cdir / "verbatims-2.db"),
        "byte flipped": lambda d: (d / cdir / "session-3.db").write_bytes(
            bytes([(d / cdir / "session-3.db").read_bytes()[0] ^ 1]) + (d / cdir / "session-3.db").read_bytes()[1:]),
        "audit line deleted": lambda d: audit_log(d).write_bytes(b"".join(lines(audit_log(d))[:1]
                                                                          + lines(audit_log(d))[2:])),
        "audit line duplicated": lambda d: audit_log(d).write_bytes(b"".join(lines(audit_log(d))
                                                                             + lines(audit_log(d))[-1:])),
        "audit lines reordered": lambda d: audit_log(d).write_bytes(b"".join(
            [lines(audit_log(d))[1], lines(audit_log(d))[0], *lines(audit_log(d))[2:]])),
        "audit log truncated": lambda d: audit_log(d).write_bytes(b"".join(lines(audit_log(d))[:-1])),
        "audit month deleted": lambda d: audit_log(d).unlink(),
        "manifest deleted": lambda d: (d / "manifest.db").unlink(),
        "keyring truncated": lambda d: (d / "keyring.json").write_bytes((d / "keyring.json").read_bytes()[:100]),
        "keyring deleted": lambda d: (d / "keyring.json").unlink(),
    }
    counts = {"damage_kinds": len(attacks), "damage_detected": 0}
    missed = []
    for name, attack in attacks.items():
        work = base / "damage"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template / "data", work)
        attack(work)
        try:
            vault = _vault_module().Vault.unlock(work, PASSPHRASE, read_only=True)
            detected = bool(vault.check())
        except Exception:  # noqa: BLE001 - refused at unlock with a message: detected
            detected = True
        counts["damage_detected"] += detected
        if not detected:
            missed.append(name)
    if missed:
        print(f"missed: {', '.join(missed)}", file=sys.stderr)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reliability", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--purges", type=int, default=40)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", action="store_true", help="one JSON object on standard output")
    parser.add_argument("--child-writer", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-purger", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_writer:
        child_writer(Path(args.child_writer[0]), args.child_writer[1], int(args.child_writer[2]))
        return 0
    if args.child_purger:
        child_purger(Path(args.child_purger[0]), args.child_purger[1])
        return 0
    kills, purges = (20, 10) if args.quick else (args.kills, args.purges)
    rng = random.Random(args.seed)
    figures: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="facilitator-reliability-") as tmp:
        base = Path(tmp)
        for name, run in (("writes", lambda: writes_killed(base, kills, rng)),
                          ("purges", lambda: purges_killed(base, purges, rng)),
                          ("damage", lambda: damage(base))):
            print(f"{name}…", file=sys.stderr, flush=True)
            section = run()
            print(json.dumps(section), file=sys.stderr, flush=True)  # kept if a later section fails
            figures.update(section)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")
    bad = figures["write_lost"] + figures["write_duplicated"] + figures["write_unreadable"] + figures["purge_half"] \
        + figures["purge_copy_still_decrypts"] + (figures["damage_kinds"] - figures["damage_detected"])
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
