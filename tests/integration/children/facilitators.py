"""Child of the two-consoles test: the facilitators' side, run through Store and LiveSession.

Holds the live lock, starts session N, then moves between items and writes notes; every item change is
logged (event time, time it was on disk) as one JSON line on stdout for the parent to check against.
"""

import json
import sys
import time
from pathlib import Path

from facilitator.core.clock import SystemClock
from facilitator.core.live import LiveSession
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Pseudonymiser
from facilitator.storage.repository import LiveLock, Store
from facilitator.storage.vault import Vault

data_dir, passphrase, programme_path, cycle_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
number, moves = int(sys.argv[5]), int(sys.argv[6])

clock = SystemClock()
store = Store(Vault.unlock(data_dir, passphrase), clock)
programme = load_programme(Path(programme_path))
pseudonymiser = Pseudonymiser(store.load_roster(cycle_id))
lock = LiveLock(data_dir)
assert lock.acquire()
live = LiveSession(store.session_run(cycle_id, number), programme.session(number),
                   programme.programme.session_minutes)
store.update_run(cycle_id, number, live.start(clock.now()))
store.set_live(cycle_id, number)
print(json.dumps({"ready": True}), flush=True)
sys.stdin.readline()   # "go": the observer is ready too

count = len(live.session.agenda)
for move in range(moves):
    for k in range(2):
        text = pseudonymiser.pseudonymise(f"Barnabé revient sur le week-end, note {move}.{k}")
        _note, mutation = live.add_note(live.current_item_id(clock.now()), text, "F1", clock.now())
        store.update_run(cycle_id, number, mutation)
        time.sleep(0.02)
    before = live.state(clock.now()).current
    target = (before + 1) % count
    at = clock.now()
    mutation = live.goto(target, at)
    store.update_run(cycle_id, number, mutation)
    saved_at = clock.now()
    print(json.dumps({"goto": target, "from": before, "at": live.timer.events[-1].at, "saved_at": saved_at}),
          flush=True)
    time.sleep(0.05)

sys.stdin.readline()   # the observer has finished
store.update_run(cycle_id, number, live.end(clock.now(), []))
store.clear_live()
lock.release()
print(json.dumps({"done": True}), flush=True)
