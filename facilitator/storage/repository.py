"""Domain repositories over the vault: cycles, rosters, session runs, verbatims.

Layout of the data folder (every file encrypted by the vault; one small file per session run so a
save costs the same after years of use):

    keyring.json                          key material (no data)
    cycles/<cycle>/cycle.db               the cycle: label, site, codes, facilitators' initials
    cycles/<cycle>/roster.db              codes -> first names; never exported
    cycles/<cycle>/session-<n>.db         one session run: timer events, attendance, notes, flags
    cycles/<cycle>/verbatims-<n>.db       the observer's verbatims of session n
    cycles/<cycle>/exercises-<n>.db       exercise answers of session n
    cycles/<cycle>/questionnaires.db      questionnaire answers of the cycle
    live.db                               which session a console is running now
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

from facilitator.core.clock import Clock
from facilitator.core.models import (
    SESSIONS_PER_CYCLE,
    Cycle,
    Facilitator,
    Revision,
    SessionRun,
    SessionStatus,
    Verbatim,
    check_participant_codes,
    new_id,
)
from facilitator.core.pseudonymise import Roster
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.storage.vault import Vault

T = TypeVar("T")

LIVE_DOC = "live.db"


class UnknownCycle(UserError):
    pass


def cycle_dir(cycle_id: str) -> str:
    return f"cycles/{cycle_id}"


def run_path(cycle_id: str, number: int) -> str:
    return f"{cycle_dir(cycle_id)}/session-{number}.db"


def verbatims_path(cycle_id: str, number: int) -> str:
    return f"{cycle_dir(cycle_id)}/verbatims-{number}.db"


def exercises_path(cycle_id: str, number: int) -> str:
    return f"{cycle_dir(cycle_id)}/exercises-{number}.db"


def questionnaires_path(cycle_id: str) -> str:
    return f"{cycle_dir(cycle_id)}/questionnaires.db"


def roster_path(cycle_id: str) -> str:
    return f"{cycle_dir(cycle_id)}/roster.db"


@dataclass(frozen=True)
class LiveSession:
    cycle_id: str
    number: int
    since: float


class LiveLock:
    """Held by the console for as long as it runs a session; the OS releases it if the process dies.

    A plain `flock` on `.locks/live-session.lock`, held through one descriptor so any thread of the
    console can release it (filelock's locks are per thread).
    """

    def __init__(self, data_dir: Path) -> None:
        self._path = data_dir / ".locks" / "live-session.lock"
        self._fd: int | None = None
        self._mutex = threading.Lock()

    def acquire(self, timeout: float = 1.0) -> bool:
        with self._mutex:
            if self._fd is not None:
                return True
            self._path.parent.mkdir(exist_ok=True)
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self._fd = fd
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        return False
                    time.sleep(0.05)

    def release(self) -> None:
        with self._mutex:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    @staticmethod
    def is_held(data_dir: Path) -> bool:
        """Whether some process (this one included) holds the live lock now."""
        path = data_dir / ".locks" / "live-session.lock"
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)


class Store:
    """Reads and writes the domain records of the data folder."""

    def __init__(self, vault: Vault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock

    # -- cycles ---------------------------------------------------------------------
    def list_cycles(self, *, errors: list[UserError] | None = None) -> list[Cycle]:
        """Every readable cycle, newest first.

        With `errors`, a damaged cycle file is reported there and the others are still listed;
        without it, the first damaged file raises.
        """
        cycles = []
        for relpath in self.vault.list("cycles", "*/cycle.db"):
            try:
                doc = self.vault.read(relpath)
            except UserError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                continue
            if doc and "cycle" in doc:
                cycles.append(Cycle.model_validate(doc["cycle"]))
        return sorted(cycles, key=lambda c: (c.start_date, c.created_at), reverse=True)

    def create_cycle(self, *, label: str, site: str, start_date: date, facilitators: list[Facilitator],
                     participants: list[str], demo: bool = False, actor: str = "") -> Cycle:
        label, site = label.strip(), site.strip()
        if not label:
            raise UserError(t("errors.cycle_no_label"))
        if not site:
            raise UserError(t("errors.cycle_no_site"))
        if not facilitators:
            raise UserError(t("errors.cycle_no_facilitator"))
        codes = [f.code for f in facilitators]
        if len(set(codes)) != len(codes):
            raise UserError(t("errors.cycle_facilitator_twice"))
        cycle = Cycle(id=new_id("c"), label=label, site=site, start_date=start_date,
                      facilitators=facilitators, participants=check_participant_codes(participants),
                      demo=demo, created_at=self.clock.now())
        self.save_cycle(cycle)
        self._audit("create", actor=actor or "system", target=f"cycle {cycle.id}")
        return cycle

    def save_cycle(self, cycle: Cycle) -> None:
        self.vault.write(f"{cycle_dir(cycle.id)}/cycle.db",
                         {"cycle": cycle.model_dump(mode="json")})

    def get_cycle(self, cycle_id: str) -> Cycle:
        doc = self.vault.read(f"{cycle_dir(cycle_id)}/cycle.db") if _safe_id(cycle_id) else None
        if not doc or "cycle" not in doc:
            raise UnknownCycle(t("errors.unknown_cycle", cycle_id=cycle_id, folder=self.vault.data_dir))
        return Cycle.model_validate(doc["cycle"])

    # -- roster ---------------------------------------------------------------------
    def load_roster(self, cycle_id: str) -> Roster:
        doc = self.vault.read(roster_path(cycle_id)) or {}
        return Roster.from_mapping(doc.get("entries", {}))

    def save_roster(self, cycle_id: str, roster: Roster, *, actor: str = "") -> None:
        entries = {entry.code: list(entry.names) for entry in roster.entries}
        self.vault.write(roster_path(cycle_id), {"entries": entries})
        self._audit("edit", actor=actor or "system", target=f"roster {cycle_id}", detail=f"{len(entries)} entries")

    # -- session runs ---------------------------------------------------------------
    def session_run(self, cycle_id: str, number: int) -> SessionRun:
        doc = self.vault.read(run_path(cycle_id, number))
        if not doc or "run" not in doc:
            return SessionRun(cycle_id=cycle_id, number=number)
        return SessionRun.model_validate(doc["run"])

    def update_run(self, cycle_id: str, number: int, mutate: Callable[[SessionRun], T]) -> T:
        """Apply `mutate` to a fresh copy of the run under the file's lock and save it."""

        def apply(doc: dict) -> T:
            run = (SessionRun.model_validate(doc["run"]) if "run" in doc
                   else SessionRun(cycle_id=cycle_id, number=number))
            result = mutate(run)
            doc["run"] = run.model_dump(mode="json")
            return result

        return self.vault.update(run_path(cycle_id, number), apply)

    def session_statuses(self, cycle_id: str,
                         runs: Mapping[int, SessionRun] | None = None) -> dict[int, SessionStatus]:
        """Each session's status; a run in progress that no console holds is INTERRUPTED.

        Give the `runs` already read to spare reading every session file again.
        """
        live = self.live_session()
        runs = self.runs(cycle_id) if runs is None else runs
        statuses = {}
        for number, run in runs.items():
            status = run.status
            if status == SessionStatus.IN_PROGRESS and not (
                live and live.cycle_id == cycle_id and live.number == number
            ):
                status = SessionStatus.INTERRUPTED
            statuses[number] = status
        return statuses

    def runs(self, cycle_id: str) -> dict[int, SessionRun]:
        return {n: self.session_run(cycle_id, n) for n in range(1, SESSIONS_PER_CYCLE + 1)}

    # -- live session ---------------------------------------------------------------
    def set_live(self, cycle_id: str, number: int) -> None:
        self.vault.write(LIVE_DOC, {"cycle_id": cycle_id, "number": number, "since": self.clock.now(),
                                    "pid": os.getpid()})

    def clear_live(self) -> None:
        self.vault.write(LIVE_DOC, {})

    def live_session(self) -> LiveSession | None:
        """The session a console is running now, or None (a crashed console holds nothing)."""
        if not LiveLock.is_held(self.vault.data_dir):
            return None
        doc = self.vault.read(LIVE_DOC) or {}
        if "cycle_id" not in doc:
            return None
        return LiveSession(doc["cycle_id"], int(doc["number"]), float(doc.get("since", 0)))

    # -- verbatims ------------------------------------------------------------------
    def add_verbatim(self, verbatim: Verbatim) -> None:
        """Save a verbatim, upserted by its id: a retried save never makes a second copy.

        One read and one write of the session's file, in TinyDB's layout (`{"verbatims": {"<doc id>": …}}`):
        TinyDB's own upsert would read it three times and write it twice.
        """
        record = verbatim.model_dump(mode="json")

        def upsert(doc: dict) -> None:
            rows = doc.setdefault("verbatims", {})
            for key, row in rows.items():
                if row.get("id") == verbatim.id:
                    rows[key] = record
                    return
            rows[str(max((int(key) for key in rows), default=0) + 1)] = record

        self.vault.update(verbatims_path(verbatim.cycle_id, verbatim.session), upsert)

    def verbatims(self, cycle_id: str, number: int, *, include_deleted: bool = False) -> list[Verbatim]:
        docs = self.vault.read_table(verbatims_path(cycle_id, number), "verbatims")
        items = [Verbatim.model_validate(doc) for doc in docs]
        items.sort(key=lambda v: v.at)
        return items if include_deleted else [v for v in items if not v.deleted]

    def edit_verbatim(self, cycle_id: str, number: int, verbatim_id: str, *, text: str, themes: list[str],
                      speaker: str, reason: str, by: str, revision_id: str | None = None) -> Verbatim:
        """Replace a verbatim's text/tags, keeping the previous version in its history.

        Give the same `revision_id` when retrying one edit: it is then recorded once.
        """
        return self._revise(cycle_id, number, verbatim_id, by=by, reason=reason, action="edit",
                            text=text, themes=themes, speaker=speaker, revision_id=revision_id)

    def delete_verbatim(self, cycle_id: str, number: int, verbatim_id: str, *, reason: str,
                        by: str, revision_id: str | None = None) -> Verbatim:
        if not reason.strip():
            raise UserError(t("errors.deletion_reason"))
        return self._revise(cycle_id, number, verbatim_id, by=by, reason=reason, action="delete",
                            revision_id=revision_id)

    def pseudonymise(self, cycle_id: str, text: str) -> str:
        """`text` with the cycle's roster names, phone numbers, addresses and the like replaced."""
        from facilitator.core.pseudonymise import Pseudonymiser

        return Pseudonymiser(self.load_roster(cycle_id)).pseudonymise(text)

    def _revise(self, cycle_id: str, number: int, verbatim_id: str, *, by: str, reason: str,
                action: Literal["edit", "delete"], text: str | None = None, themes: list[str] | None = None,
                speaker: str | None = None, revision_id: str | None = None) -> Verbatim:
        from tinydb import Query

        reason = self.pseudonymise(cycle_id, reason)  # a reason is typed text like any other
        revision_id = revision_id or new_id("r")
        with self.vault.table(verbatims_path(cycle_id, number), "verbatims") as table:
            found = table.search(Query().id == verbatim_id)
            if not found:
                raise UserError(t("errors.no_verbatim", verbatim_id=verbatim_id, number=number))
            current = Verbatim.model_validate(found[0])
            if any(revision.id == revision_id for revision in current.history):
                return current  # this edit was saved already (a retry after a failure that came too late)
            current.history.append(Revision(id=revision_id, text=current.text, at=self.clock.now(), by=by,
                                            reason=reason, action=action, themes=current.themes,
                                            speaker=current.speaker))
            if action == "delete":
                current.deleted = True
                current.deleted_reason = reason
            else:
                current.text = text if text is not None else current.text
                current.themes = themes if themes is not None else current.themes
                current.speaker = speaker or current.speaker
            table.update(current.model_dump(mode="json"), Query().id == verbatim_id)
        self._audit(action, actor=by, target=f"verbatim {verbatim_id} session {number}",
                    detail="reason given" if reason else "")
        return current

    def _audit(self, action: str, *, actor: str, target: str, detail: str = "") -> None:
        """Record in the audit log after a data write: a failure there is a warning, never a reason to run
        the (already saved) write again."""
        try:
            self.vault.audit(action, actor=actor, target=target, detail=detail)
        except UserError as exc:
            self.vault.warnings.append(exc.message)

    def verbatims_mtime(self, cycle_id: str, number: int) -> int | None:
        return self.vault.mtime_ns(verbatims_path(cycle_id, number))

    # -- exercises ------------------------------------------------------------------
    def exercise_answers(self, cycle_id: str, number: int) -> Sequence[dict]:
        """Answers of session `number`: `{exercise_id, subject, item_id, values, updated_at}` each.

        `subject` is "group" or a participant code; `values` maps field ids to values (already
        pseudonymised where they are text).
        """
        return self.vault.read_table(exercises_path(cycle_id, number), "answers")

    def save_exercise_answer(self, cycle_id: str, number: int, *, exercise_id: str, subject: str,
                             item_id: str | None, values: dict) -> None:
        """Create or replace the answer of `subject` to `exercise_id` in session `number`."""
        from tinydb import Query

        doc = {"exercise_id": exercise_id, "subject": subject, "item_id": item_id, "values": values,
               "updated_at": self.clock.now()}
        answer = Query()
        with self.vault.table(exercises_path(cycle_id, number), "answers") as table:
            table.upsert(doc, (answer.exercise_id == exercise_id) & (answer.subject == subject))

    # -- questionnaires -------------------------------------------------------------
    def questionnaire_forms(self, cycle_id: str) -> Sequence[dict]:
        """Every form of the cycle: `{participant, timepoint, instrument, answers, updated_at}`."""
        return self.vault.read_table(questionnaires_path(cycle_id), "forms")

    def questionnaire_answers(self, cycle_id: str, participant: str, timepoint: str,
                              instrument: str) -> dict | None:
        for form in self.questionnaire_forms(cycle_id):
            if (form["participant"], form["timepoint"], form["instrument"]) == (participant, timepoint,
                                                                                  instrument):
                return form["answers"]
        return None

    def save_questionnaire(self, cycle_id: str, *, participant: str, timepoint: str, instrument: str,
                           answers: dict) -> None:
        """Create or replace one form's answers (saved answer by answer while it is filled)."""
        from tinydb import Query

        from facilitator.core.instruments import recorded_changes

        form = Query()
        doc = {"participant": participant, "timepoint": timepoint, "instrument": instrument,
               "answers": answers, "updated_at": self.clock.now()}
        this_form = (form.participant == participant) & (form.timepoint == timepoint) & (form.instrument == instrument)
        with self.vault.table(questionnaires_path(cycle_id), "forms") as table:
            previous = table.get(this_form)
            table.upsert(doc, this_form)
        # a CEQ product changed from T0's, a TLFB assessment date moved: said in the audit log
        before = previous.get("answers") if isinstance(previous, dict) else None
        for detail in recorded_changes(instrument, before, answers):
            self._audit("edit", actor="console", target=f"questionnaire {participant} {timepoint} {instrument}",
                        detail=detail)

    # -- exercises: timers and homework (exercise sheets area) -------------------------
    def exercise_started_at(self, cycle_id: str, number: int, exercise_id: str, now: float) -> float:
        """When `exercise_id` was first opened in session `number`; records `now` the first time."""
        from tinydb import Query

        timer = Query()
        with self.vault.table(exercises_path(cycle_id, number), "timers") as table:
            found = table.search(timer.exercise_id == exercise_id)
            if found:
                return float(found[0]["started_at"])
            table.insert({"exercise_id": exercise_id, "started_at": now})
        return now


def _safe_id(cycle_id: str) -> bool:
    return bool(cycle_id) and all(ch.isalnum() or ch in "-_" for ch in cycle_id)
