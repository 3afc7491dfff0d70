"""Writes the generated demo cycle (`facilitator.core.demo`) into a data folder through `Store`."""

from __future__ import annotations

from datetime import date

from facilitator.core.demo import DemoCycle, generate_demo
from facilitator.core.models import Cycle
from facilitator.core.programme import Programme
from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import (
    Store,
    exercises_path,
    questionnaires_path,
    run_path,
    verbatims_path,
)


def create_demo_cycle(store: Store, programme: Programme, *, seed: int = 0, site: str | None = None,
                      start: date | None = None, label: str | None = None) -> Cycle:
    """Create a new demo cycle in the store (labelled fictitious, `demo=True`) and fill it; returns it."""
    from facilitator.core.demo import DEMO_LABEL, DEMO_SITE, DEMO_START, FACILITATORS

    start = start or DEMO_START
    cycle = store.create_cycle(label=label or DEMO_LABEL, site=site or DEMO_SITE, start_date=start,
                               facilitators=list(FACILITATORS), participants=[f"P{i:02d}" for i in range(1, 13)],
                               demo=True, actor="demo")
    demo = generate_demo(programme, cycle.id, seed=seed, start=start)
    write_demo(store, cycle, demo)
    return store.get_cycle(cycle.id)


def write_demo(store: Store, cycle: Cycle, demo: DemoCycle) -> None:
    """Save every record of `demo` into the (new, empty) cycle `cycle`."""
    cycle = cycle.model_copy(update={"participants": list(demo.participants), "dropouts": list(demo.dropouts),
                                     "facilitators": list(demo.facilitators)})
    store.save_cycle(cycle)
    store.save_roster(cycle.id, Roster.from_mapping(demo.roster), actor="demo")
    vault = store.vault
    for number, run in demo.runs.items():
        vault.write(run_path(cycle.id, number), {"run": run.model_dump(mode="json")})
    by_session: dict[int, list] = {}
    for verbatim in demo.verbatims:
        by_session.setdefault(verbatim.session, []).append(verbatim.model_dump(mode="json"))
    for number, docs in by_session.items():
        # one write per session file (Store.add_verbatim would rewrite the file once per verbatim)
        with vault.table(verbatims_path(cycle.id, number), "verbatims") as table:
            table.insert_multiple(docs)
    # Exercise answers and questionnaire forms: the documents of Store.save_exercise_answer and
    # Store.save_questionnaire, inserted in one write per file (one upsert each would take seconds).
    now = store.clock.now()
    answers: dict[int, list[dict]] = {}
    for answer in demo.exercises:
        answers.setdefault(answer.session, []).append(
            {"exercise_id": answer.exercise_id, "subject": answer.subject, "item_id": answer.item_id,
             "values": answer.values, "updated_at": now})
    for number, docs in answers.items():
        with vault.table(exercises_path(cycle.id, number), "answers") as table:
            table.insert_multiple(docs)
    forms = [{"participant": form.participant, "timepoint": form.timepoint, "instrument": form.instrument,
              "answers": form.answers, "updated_at": now} for form in demo.questionnaires]
    with vault.table(questionnaires_path(cycle.id), "forms") as table:
        table.insert_multiple(forms)
    from facilitator.storage.participants import participants_path

    vault.write(participants_path(cycle.id), {
        "participants": {code: record.model_dump(mode="json") for code, record in demo.participant_records.items()},
        "followups": {item.id: item.model_dump(mode="json") for item in demo.followups}})
    vault.audit("create", actor="demo", target=f"cycle {cycle.id}", detail="demo content")
