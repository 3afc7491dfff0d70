"""`facilitator check-programme [FILE] [--json]`: validate a programme file and summarise it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from facilitator.core.formatting import tn
from facilitator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, default=None, metavar=t("cli.mv_file"),
                        help=t("programme.arg_file"))
    parser.add_argument("--json", action="store_true", help=t("programme.arg_json"))


def run(args: argparse.Namespace) -> int:
    from facilitator.core.programme_loader import check_programme, local_checks

    path = Path(args.file if getattr(args, "file", None) is not None else args.programme)
    programme, problems, warnings = check_programme(path)
    if problems or programme is None:
        for problem in problems:
            print(str(problem), file=sys.stderr)
        print(tn("programme.summary_invalid", len(problems), file=path), file=sys.stderr)
        return 1
    checks = local_checks(path)
    if getattr(args, "json", False):
        print(json.dumps(summary(programme, [str(w) for w in warnings], checks), ensure_ascii=False, indent=2))
    else:
        print(text_summary(programme, path, [str(w) for w in warnings], checks))
    return 0


def summary(programme: Any, warnings: list[str], checks: list[Any] | None = None) -> dict[str, Any]:
    """The JSON-ready outline of a valid programme."""
    return {
        "sessions": [
            {
                "number": session.number,
                "title": session.title,
                "minutes": session.minutes,
                "items": [
                    {"id": item.id, "title": item.title, "minutes": item.minutes,
                     "kind": item.kind.value, "exercise": item.exercise}
                    for item in session.agenda
                ],
            }
            for session in programme.sessions
        ],
        "exercises": [
            {"id": exercise.id, "title": exercise.title, "scope": exercise.scope,
             "minutes": exercise.minutes, "fields": [field.id for field in exercise.fields]}
            for exercise in programme.exercises
        ],
        "questionnaires_due": [
            {"timepoint": due.timepoint, "session": due.session, "moment": due.moment,
             "weeks_after": due.weeks_after, "instruments": list(due.instruments)}
            for due in programme.questionnaires_due
        ],
        "crisis_cards": [
            {"id": card.id, "title": card.title, "category": card.category.value,
             "resources": list(card.resources)}
            for card in programme.crisis_cards
        ],
        "resources": [
            {"id": resource.id, "name": resource.name, "scope": resource.scope, "phone": resource.phone,
             "check_locally": resource.check_locally}
            for resource in programme.resources
        ],
        "check_locally": [
            {"file": check.file, "line": check.line, "field": check.field, "label": check.label,
             "note": check.note}
            for check in checks or []
        ],
        "warnings": warnings,
    }


def text_summary(programme: Any, path: Path, warnings: list[str], checks: list[Any] | None = None) -> str:
    """A plain-text outline of a valid programme, one line per agenda item."""
    info = programme.programme
    lines = [t("programme.summary_title", title=info.title, version=info.version,
               minutes=info.session_minutes), ""]
    for session in programme.sessions:
        lines.append(t("programme.summary_session", number=session.number, title=session.title,
                       minutes=session.minutes))
        for item in session.agenda:
            exercise = t("programme.summary_item_exercise", exercise=item.exercise) if item.exercise else ""
            lines.append(t("programme.summary_item", id=item.id, minutes=item.minutes,
                           kind=item.kind.value, title=item.title, exercise=exercise))
        for homework in session.homework:
            exercise = (t("programme.summary_item_exercise", exercise=homework.exercise)
                        if homework.exercise else "")
            lines.append(t("programme.summary_homework", title=homework.title, exercise=exercise))
        lines.append("")
    lines.append(t("programme.summary_exercises"))
    for exercise in programme.exercises:
        lines.append(t("programme.summary_exercise", id=exercise.id, scope=exercise.scope,
                       minutes=exercise.minutes, title=exercise.title,
                       fields=", ".join(field.id for field in exercise.fields)))
    lines.append("")
    lines.append(t("programme.summary_questionnaires"))
    for due in programme.questionnaires_due:
        moment = (t("instruments.moment_after", weeks=due.weeks_after) if due.moment == "after"
                  else t(f"programme.moment_{due.moment}"))
        lines.append(t("programme.summary_due", timepoint=due.timepoint, session=due.session,
                       moment=moment, instruments=", ".join(due.instruments)))
    lines.append("")
    lines.append(t("programme.summary_codebook", count=len(programme.codebook)))
    lines.append("")
    lines.append(t("safety.summary_cards", count=len(programme.crisis_cards)))
    for card in programme.crisis_cards:
        lines.append(t("safety.summary_card", id=card.id, category=card.category.value, title=card.title))
    lines.append(t("safety.summary_resources", count=len(programme.resources)))
    for resource in programme.resources:
        lines.append(t("safety.summary_resource", id=resource.id, scope=resource.scope,
                       phone=resource.phone or t("safety.no_phone"), name=resource.name))
    if checks:
        lines.append("")
        lines.append(t("safety.summary_checks", count=len(checks)))
        lines.extend(f"  {check}" for check in checks)
    if warnings:
        lines.append("")
        lines.append(t("programme.summary_warnings"))
        lines.extend(f"  {warning}" for warning in warnings)
    lines.append("")
    lines.append(t("programme.summary_ok", file=path, sessions=tn("programme.n_sessions", len(programme.sessions)),
                   exercises=tn("programme.n_exercises", len(programme.exercises)),
                   warnings=tn("programme.n_warnings", len(warnings))))
    return "\n".join(lines)
