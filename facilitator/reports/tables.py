"""Tidy long-format CSV tables of a cycle, one file per kind of observation, UTF-8 with a header row.

Column names are English identifiers so scripts in R or pandas read every cycle the same way;
values are codes (statuses, ids), never translated labels, except titles given for convenience.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from facilitator.core.instruments import INSTRUMENT_IDS, load_instruments
from facilitator.core.review import ATTENDED, CycleReview
from facilitator.storage.atomic import replace_file

Step = Callable[[str], None]

FILES = ("attendance.csv", "item_timings.csv", "verbatims.csv", "exercises.csv", "homework.csv",
         "questionnaire_items.csv", "questionnaire_scores.csv")


def write_csv(path: Path, header: list[str], rows: Iterable[Sequence[object]]) -> int:
    """Write one CSV file (RFC 4180 quoting, `\\n` line ends); returns the number of data rows."""
    count = 0
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        count += 1
    # temp file in the same folder, then rename: a failure never leaves a partial plaintext file
    replace_file(path, handle.getvalue().encode("utf-8"))
    return count


def attendance_rows(review: CycleReview) -> list[list[object]]:
    cid = review.cycle.id
    done = set(review.attendance.sessions_done)
    rows = []
    for p in review.attendance.participants:
        for n in range(1, 9):
            if n not in done:
                continue
            status = p.statuses[n]
            rows.append([cid, p.code, n, status or "not_recorded", int(status in ATTENDED), int(p.dropout)])
    return rows


def timing_rows(review: CycleReview) -> list[list[object]]:
    rows = []
    for s in review.sessions:
        for index, item in enumerate(s.items):
            rows.append([review.cycle.id, s.number, index + 1, item.item_id, item.title, item.planned_s,
                         item.actual_s, item.delta_s, int(item.visited)])
    return rows


def verbatim_rows(review: CycleReview) -> list[list[object]]:
    return [[review.cycle.id, v.id, v.session, v.item_id, v.speaker, ";".join(v.themes), round(v.elapsed_s),
             v.text] for v in review.verbatims]


def exercise_rows(review: CycleReview) -> list[list[object]]:
    return [[review.cycle.id, a.session, a.exercise_id, a.subject, a.item_id or "", v.field_id, v.row, v.column,
             v.value] for a in review.exercises for v in a.values]


def homework_rows(review: CycleReview) -> list[list[object]]:
    return [[review.cycle.id, r.participant, r.given_session, r.reviewed_session, ";".join(r.homework_ids),
             r.status, r.note] for r in review.homework.records]


def questionnaire_item_rows(review: CycleReview) -> list[list[object]]:
    """One row per answered item: DUDIT option index and its score, CEQ rating, TLFB day."""
    instruments = load_instruments()
    rows: list[list[object]] = []
    cid = review.cycle.id
    for form in review.questionnaires.forms:
        answers = form.answers or {}
        base = [cid, form.participant, form.timepoint, form.instrument]
        if form.instrument == "dudit":
            items = answers.get("items") or []
            for definition, answer in zip(instruments.dudit.items, items, strict=False):
                score = definition.options[answer].score if isinstance(answer, int) else None
                rows.append(base + [definition.id, answer, score])
            rows.append(base + ["sex", answers.get("sex", ""), None])
        elif form.instrument in ("ceq-s", "ceq-f"):
            ceq = instruments.ceq_s if form.instrument == "ceq-s" else instruments.ceq_f
            for item, answer in zip(ceq.items, answers.get("items") or [], strict=False):
                rows.append(base + [item.id, answer, answer])
            rows.append(base + ["product", form.product, None])
        elif form.instrument == "tlfb":
            rows.append(base + ["end", answers.get("end", ""), None])
            for day, value in sorted((answers.get("days") or {}).items()):
                if value.get("unknown"):
                    shown, used = "unknown", None
                else:
                    shown = ";".join(value.get("substances") or []) or "none"
                    used = int(bool(value.get("substances")) or bool(value.get("injection")))
                    if value.get("injection"):
                        shown += ";injection"
                rows.append(base + [f"day_{day}", shown, used])
    return rows


def questionnaire_score_rows(review: CycleReview) -> list[list[object]]:
    order = {i: n for n, i in enumerate(INSTRUMENT_IDS)}
    keyed: list[tuple[tuple[int, str, str], list[object]]] = []   # (instrument order, participant, time point)
    for form in review.questionnaires.forms:
        for measure, value in form.measures.items():
            keyed.append(((order[form.instrument], form.participant, form.timepoint),
                          [review.cycle.id, form.participant, form.timepoint, form.instrument, form.completion,
                           measure, value]))
        if form.instrument == "dudit" and form.completion == "done":
            for flag in ("problem", "probable_dependence"):
                keyed.append(((order[form.instrument], form.participant, form.timepoint),
                              [review.cycle.id, form.participant, form.timepoint, form.instrument,
                               form.completion, flag, int(flag in form.flags)]))
    return [row for _key, row in sorted(keyed, key=lambda pair: pair[0])]


def write_tables(review: CycleReview, folder: Path, step: Step | None = None) -> list[Path]:
    """Write the seven CSV files into `folder` (created); returns their paths."""
    step = step or (lambda _label: None)
    folder.mkdir(parents=True, exist_ok=True)
    specs = [
        ("attendance.csv", ["cycle_id", "participant", "session", "status", "attended", "dropout"],
         attendance_rows),
        ("item_timings.csv", ["cycle_id", "session", "position", "item_id", "title", "planned_s", "actual_s",
                              "delta_s", "visited"], timing_rows),
        ("verbatims.csv", ["cycle_id", "verbatim_id", "session", "item_id", "speaker", "themes", "elapsed_s",
                           "text"], verbatim_rows),
        ("exercises.csv", ["cycle_id", "session", "exercise_id", "subject", "item_id", "field_id", "row",
                           "column", "value"], exercise_rows),
        ("homework.csv", ["cycle_id", "participant", "given_session", "reviewed_session", "homework_ids",
                          "status", "note"], homework_rows),
        ("questionnaire_items.csv", ["cycle_id", "participant", "timepoint", "instrument", "item", "answer",
                                     "score"], questionnaire_item_rows),
        ("questionnaire_scores.csv", ["cycle_id", "participant", "timepoint", "instrument", "completion",
                                      "measure", "value"], questionnaire_score_rows),
    ]
    paths = []
    for name, header, rows in specs:
        path = folder / name
        write_csv(path, header, rows(review))
        paths.append(path)
        step(name)
    return paths
