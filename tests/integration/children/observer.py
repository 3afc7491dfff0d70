"""Child of the two-consoles test: the observer's commit path without the screen.

The same pieces the observer's console uses: LiveWatcher (the poll), CaptureEngine.preview (speaker
token + pseudonymisation), make_verbatim (current item, elapsed time) and Store.add_verbatim. Each
saved verbatim is reported on stdout with the time its run was read.
"""

import json
import sys
import time
from pathlib import Path

from facilitator.core.capture import CaptureEngine, Choices, make_verbatim
from facilitator.core.clock import SystemClock
from facilitator.core.live import LiveSession as LiveRun
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Pseudonymiser
from facilitator.storage.repository import Store
from facilitator.storage.vault import Vault
from facilitator.storage.watch import Joined, LiveWatcher, RunRead

data_dir, passphrase, programme_path, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
phone = sys.argv[5]

clock = SystemClock()
store = Store(Vault.unlock(data_dir, passphrase), clock)
programme = load_programme(Path(programme_path))
watcher = LiveWatcher(store)
run_view = engine = cycle = None
while run_view is None:
    for change in watcher.check():
        if isinstance(change, Joined):
            cycle = change.cycle
            engine = CaptureEngine(Pseudonymiser(change.roster), cycle.participants,
                                   [f.code for f in cycle.facilitators])
            run_view = LiveRun(change.run, programme.session(change.live.number))
    time.sleep(0.02)
print(json.dumps({"ready": True}), flush=True)
sys.stdin.readline()   # "go"

codes = cycle.participants
for i in range(count):
    read_at = clock.now()
    for change in watcher.check():
        if isinstance(change, RunRead):
            run_view = LiveRun(change.run, run_view.session)
    speaker = codes[i % len(codes)]
    line = f"{speaker[1:]}: Anatole m'a donné son {phone} et Gaspard aussi, ligne {i}"
    preview = engine.preview(line, Choices())
    verbatim = make_verbatim(cycle_id=cycle.id, run=run_view, now=clock.now(), speaker=preview.speaker,
                             themes=["craving"], clean_text=preview.clean)
    store.add_verbatim(verbatim)
    print(json.dumps({"id": verbatim.id, "i": i, "read_at": read_at, "at": verbatim.at,
                      "item": verbatim.item_id}), flush=True)
    time.sleep(0.01)
print(json.dumps({"done": True}), flush=True)
