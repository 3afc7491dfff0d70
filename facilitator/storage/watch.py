"""Watches the data folder for the session the facilitators' console is running (no Textual here).

Called every half second from a thread worker: it compares file modification times and reads a
document only when it changed, so an idle poll costs a few `stat` calls and one lock probe. The run
is also re-read every `reread_every` checks, in case two writes landed within the file system's
timestamp granularity.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.core.models import Cycle, SessionRun, Verbatim
from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import LIVE_DOC, LiveLock, Store, roster_path, run_path
from facilitator.storage.repository import LiveSession as LiveMark


@dataclass(frozen=True)
class Joined:
    live: LiveMark
    cycle: Cycle
    roster: Roster
    run: SessionRun
    verbatims: list[Verbatim]
    no_quotation: frozenset[str] = frozenset()   # codes who refused quotation: the observer marks them


@dataclass(frozen=True)
class Left:
    """No console runs a session any more (ended, left, or the console process stopped)."""


@dataclass(frozen=True)
class RunRead:
    run: SessionRun


@dataclass(frozen=True)
class RosterRead:
    """The cycle's roster changed (edited in the facilitators' console): detect with the new one."""

    cycle_id: str
    roster: Roster


@dataclass(frozen=True)
class VerbatimsRead:
    cycle_id: str
    number: int
    verbatims: list[Verbatim]


Change = Joined | Left | RunRead | RosterRead | VerbatimsRead


class LiveWatcher:
    """Reports what changed since the previous `check()`; the first call reports the current state."""

    def __init__(self, store: Store, *, reread_every: int = 10) -> None:
        self.store = store
        self.reread_every = reread_every
        self._checks = 0
        self.current: LiveMark | None = None
        self._live_key: tuple[bool, int | None] | None = None
        self._run_mtime: int | None = None
        self._verbatims_mtime: int | None = None
        self._roster_mtime: int | None = None
        self._first = True

    def check(self) -> list[Change]:
        changes: list[Change] = []
        vault = self.store.vault
        self._checks += 1
        reread = self.reread_every > 0 and self._checks % self.reread_every == 0
        live_key = (LiveLock.is_held(vault.data_dir), vault.mtime_ns(LIVE_DOC))
        if live_key != self._live_key:
            live = self.store.live_session()
            same = (live is not None and self.current is not None
                    and (live.cycle_id, live.number) == (self.current.cycle_id, self.current.number))
            if not same:
                if live is None:
                    if self.current is not None:
                        # the run's last state (ended or not) tells the observer why the session left
                        changes.append(RunRead(self.store.session_run(self.current.cycle_id,
                                                                      self.current.number)))
                    if self.current is not None or self._first:
                        changes.append(Left())
                    self.current = None
                else:
                    changes.append(self._join(live))
            self._live_key = live_key   # only once read: a failed read is retried at the next check
        self._first = False
        if self.current is not None and not any(isinstance(c, Joined) for c in changes):
            cycle_id, number = self.current.cycle_id, self.current.number
            run_mtime = vault.mtime_ns(run_path(cycle_id, number))
            if run_mtime != self._run_mtime or reread:
                changes.append(RunRead(self.store.session_run(cycle_id, number)))
                self._run_mtime = run_mtime
            roster_mtime = vault.mtime_ns(roster_path(cycle_id))
            if roster_mtime != self._roster_mtime:
                changes.append(RosterRead(cycle_id, self.store.load_roster(cycle_id)))
                self._roster_mtime = roster_mtime
            verbatims_mtime = self.store.verbatims_mtime(cycle_id, number)
            if verbatims_mtime != self._verbatims_mtime:
                changes.append(VerbatimsRead(cycle_id, number, self.store.verbatims(cycle_id, number)))
                self._verbatims_mtime = verbatims_mtime
        return changes

    def _join(self, live: LiveMark) -> Joined:
        store = self.store
        # modification times first: a write landing after them is seen at the next check
        run_mtime = store.vault.mtime_ns(run_path(live.cycle_id, live.number))
        verbatims_mtime = store.verbatims_mtime(live.cycle_id, live.number)
        roster_mtime = store.vault.mtime_ns(roster_path(live.cycle_id))
        joined = Joined(live=live, cycle=store.get_cycle(live.cycle_id), roster=store.load_roster(live.cycle_id),
                        run=store.session_run(live.cycle_id, live.number),
                        verbatims=store.verbatims(live.cycle_id, live.number),
                        no_quotation=_refused_quotation(store, live.cycle_id))
        self.current = live
        self._run_mtime, self._verbatims_mtime = run_mtime, verbatims_mtime
        self._roster_mtime = roster_mtime
        return joined


def _refused_quotation(store: Store, cycle_id: str) -> frozenset[str]:
    from facilitator.core.participant import refused_quotation
    from facilitator.storage.participants import Participants

    return refused_quotation(Participants(store).records(cycle_id).values())
