"""What the exports read: a cycle's records loaded from the store, optionally with hashed participant codes.

The roster (codes -> first names) is never read here, so no export can contain it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping
from typing import cast

from facilitator.core.models import SESSIONS_PER_CYCLE, SessionRun, Verbatim
from facilitator.core.programme import Programme
from facilitator.core.review import ReviewInputs
from facilitator.storage.repository import Store
from facilitator.storage.vault import Vault

Step = Callable[[str], None]


def load_review_inputs(store: Store, cycle_id: str, programme: Programme,
                       step: Step | None = None) -> ReviewInputs:
    """Every record of the cycle the review needs (read-only; deleted verbatims included, flagged)."""
    step = step or (lambda _label: None)
    cycle = store.get_cycle(cycle_id)
    runs: dict[int, SessionRun] = {}
    verbatims: list[Verbatim] = []
    exercises: dict[int, list[dict]] = {}
    for n in range(1, SESSIONS_PER_CYCLE + 1):
        runs[n] = store.session_run(cycle_id, n)
        verbatims.extend(store.verbatims(cycle_id, n, include_deleted=True))
        exercises[n] = [dict(a) for a in store.exercise_answers(cycle_id, n)]
        step(f"session {n}")
    forms = [dict(f) for f in store.questionnaire_forms(cycle_id)]
    step("questionnaires")
    from facilitator.storage.participants import Participants

    participants = Participants(store).records(cycle_id)
    return ReviewInputs(cycle=cycle, runs=runs, verbatims=verbatims, exercises=exercises,
                        questionnaires=forms, programme=programme, participants=participants)


# ---------------------------------------------------------------- hashed participant codes


def export_secret(vault: Vault, cycle_id: str) -> bytes:
    """The cycle's salt for hashed codes: HMAC-SHA256 of the vault's data key and the cycle id.

    Derived rather than stored, so it is the same at every export of the cycle, needs no write in a
    read-only export, and cannot be recomputed (nor the codes reversed by trying P01..P99) without
    the passphrase. It changes if the data key does (never, in this version: a passphrase change
    re-wraps the same key).
    """
    return vault.derive_secret(f"export-ids/{cycle_id}")


def hashed_codes(codes: list[str], secret: bytes, length: int = 8) -> dict[str, str]:
    """code -> `H` + hex digest prefix of HMAC(secret, code); lengthened until no two codes collide."""
    while True:
        mapping = {code: "H" + hmac.new(secret, code.encode("utf-8"), hashlib.sha256).hexdigest()[:length]
                   for code in codes}
        if len(set(mapping.values())) == len(mapping):
            return mapping
        length += 2


def _replace_codes(value: object, pattern: re.Pattern, mapping: Mapping[str, str]) -> object:
    if isinstance(value, str):
        return pattern.sub(lambda m: mapping[m.group(0)], value)
    if isinstance(value, list):
        return [_replace_codes(v, pattern, mapping) for v in value]
    if isinstance(value, dict):
        return {_replace_codes(k, pattern, mapping): _replace_codes(v, pattern, mapping)
                for k, v in value.items()}
    return value


def hash_participant_codes(inputs: ReviewInputs, secret: bytes) -> tuple[ReviewInputs, dict[str, str]]:
    """A copy of `inputs` where every participant code, in every field and inside every text, is hashed.

    Returns the copy and the mapping used (which the caller must never write out).
    """
    mapping = hashed_codes(list(inputs.cycle.participants), secret)
    pattern = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(mapping, reverse=True)) + r")\b")

    def swap(value: object) -> object:
        return _replace_codes(value, pattern, mapping)

    def swap_record(record: Mapping) -> dict:
        return cast(dict, swap(dict(record)))   # _replace_codes maps a dict to a dict

    # model_copy does not validate: Cycle's validator only accepts P-codes (they were valid before).
    cycle = inputs.cycle.model_copy(update={
        "participants": [mapping[c] for c in inputs.cycle.participants],
        "dropouts": [mapping.get(c, c) for c in inputs.cycle.dropouts],
        "label": swap(inputs.cycle.label), "site": swap(inputs.cycle.site)})
    runs = {n: SessionRun.model_validate(swap(json.loads(run.model_dump_json()))) for n, run in inputs.runs.items()}
    verbatims = [Verbatim.model_validate(swap(v.model_dump(mode="json"))) for v in inputs.verbatims]
    exercises = {n: [swap_record(a) for a in answers] for n, answers in inputs.exercises.items()}
    forms = [swap_record(f) for f in inputs.questionnaires]
    # model_copy does not validate (hashed codes are not P-codes); the exports read no text of these records
    participants = {mapping[code]: record.model_copy(update={"code": mapping[code]})
                    for code, record in inputs.participants.items() if code in mapping}
    return ReviewInputs(cycle=cycle, runs=runs, verbatims=verbatims, exercises=exercises,
                        questionnaires=forms, programme=inputs.programme, participants=participants), mapping
