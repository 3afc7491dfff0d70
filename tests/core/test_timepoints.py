"""Time points come from the programme file: T0-T2 as shipped, plus a follow-up a team declares."""

from __future__ import annotations

import re
from datetime import date

import pytest

from facilitator.core.models import Cycle, Facilitator
from facilitator.core.programme_loader import check_programme_text, load_programme
from facilitator.core.review import comparison_pairs, questionnaires, timepoints_of
from facilitator.reports.redcap import mapping_rows, timepoint_event
from tests.conftest import ROOT

FOLLOW_UP = """\
  - timepoint: T3
    label: Suivi à 3 mois (13 semaines après la séance 8)
    session: 8
    moment: after
    weeks_after: 13
    instruments: [dudit, ceq-s, ceq-f, tlfb]
"""


def with_follow_up(path, text=FOLLOW_UP):
    """The bundled programme with `text` appended to its questionnaires_due list."""
    source = (ROOT / "sessions.yaml").read_text(encoding="utf-8")
    marker = re.search(r"^questionnaires_due:\n(?:  .*\n|    .*\n)*", source, re.M)
    assert marker is not None
    path.write_text(source[: marker.end()] + text + source[marker.end():], encoding="utf-8")
    return path


def test_the_shipped_programme_declares_t0_t1_t2_with_advice_to_give_t1_t2_before_the_session(programme):
    assert programme.timepoints == ("T0", "T1", "T2")
    notes = {due.timepoint: due.note for due in programme.questionnaires_due}
    assert "avant le début de la séance" in notes["T1"] and "90 minutes" in notes["T2"]
    english = load_programme(ROOT / "sessions.en.yaml")
    assert english.timepoints == ("T0", "T1", "T2") and "before the session starts" in english.questionnaires_due[1].note


def test_a_declared_follow_up_is_a_time_point_not_reminded_in_the_room(tmp_path):
    programme = load_programme(with_follow_up(tmp_path / "sessions.yaml"))
    assert programme.timepoints == ("T0", "T1", "T2", "T3")
    assert [due.timepoint for due in programme.due_at(8)] == ["T2"]
    follow_up = programme.follow_ups_after(8)
    assert [due.timepoint for due in follow_up] == ["T3"] and follow_up[0].weeks_after == 13


@pytest.mark.parametrize(("text", "field"), [
    (FOLLOW_UP.replace("    weeks_after: 13\n", ""), "weeks_after"),                 # after needs weeks
    (FOLLOW_UP.replace("moment: after", "moment: end"), "weeks_after"),               # weeks need after
    (FOLLOW_UP.replace("timepoint: T3", "timepoint: suivi"), "timepoint"),
    (FOLLOW_UP.replace("timepoint: T3", "timepoint: T2"), "T2"),                      # declared twice
])
def test_bad_follow_up_is_named(tmp_path, text, field):
    path = with_follow_up(tmp_path / "sessions.yaml", text)
    _programme, problems, _warnings = check_programme_text(path.read_text(encoding="utf-8"), str(path))
    assert problems and any(field in str(problem) for problem in problems), problems


def cycle() -> Cycle:
    return Cycle(id="c1", label="Cycle test", site="Site", start_date=date(2025, 1, 6),
                 facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                 participants=["P01", "P02"])


def dudit(total: int) -> dict:
    items = [min(4, max(0, total - 4 * n)) for n in range(9)]
    return {"items": items + [0, 0], "sex": "m"}


def test_review_follows_the_declared_time_points():
    forms = [{"participant": code, "timepoint": tp, "instrument": "dudit", "answers": dudit(value)}
             for code, values in (("P01", (20, 15, 12, 10)), ("P02", (18, 17, 16, 9)))
             for tp, value in zip(("T0", "T1", "T2", "T3"), values, strict=True)]
    q = questionnaires(cycle(), forms, ("T0", "T1", "T2", "T3"))
    assert q.timepoints == ("T0", "T1", "T2", "T3")
    assert q.pairs == (("T0", "T1"), ("T0", "T2"), ("T0", "T3"))
    t3 = q.comparison("dudit", "total", "T0", "T3")
    assert t3.n == 2 and t3.median_before == 19.0 and t3.median_after == 9.5
    assert q.median("dudit", "total", "T3").median == 9.5
    assert ("P01", "T3", "ceq-s") in q.missing and ("P01", "T3", "dudit") not in q.missing


def test_forms_of_a_time_point_no_longer_declared_still_show():
    # data saved under T3 by an earlier programme; today's programme declares T0-T2 only
    forms = [{"participant": "P01", "timepoint": tp, "instrument": "dudit", "answers": dudit(10)}
             for tp in ("T0", "T3")]
    assert timepoints_of(("T0", "T1", "T2"), forms) == ("T0", "T1", "T2", "T3")
    q = questionnaires(cycle(), forms, ("T0", "T1", "T2"))
    assert q.timepoints[-1] == "T3" and q.value("P01", "T3", "dudit", "total") == 10.0
    assert timepoints_of((), []) == ("T0", "T1", "T2")            # nothing declared: the usual three


def test_comparisons_and_redcap_events_follow_the_time_points():
    assert comparison_pairs(("T0", "T1", "T2")) == (("T0", "T1"), ("T0", "T2"))
    assert timepoint_event("T1") == "t1_post_s4_arm_1" and timepoint_event("T3") == "t3_arm_1"
    events = {row[1] for row in mapping_rows(("T0", "T1", "T2", "T3"))}
    assert {"t0_inclusion_arm_1", "t2_s8_arm_1", "t3_arm_1"} <= events


def test_a_follow_up_may_give_fewer_instruments(tmp_path):
    text = FOLLOW_UP.replace("[dudit, ceq-s, ceq-f, tlfb]", "[tlfb, dudit]")
    programme = load_programme(with_follow_up(tmp_path / "sessions.yaml", text))
    assert programme.instruments_at("T3") == ("dudit", "tlfb")          # in the usual order
    assert programme.instruments_at("T9") == ("dudit", "ceq-s", "ceq-f", "tlfb")
    q = questionnaires(cycle(), [], programme.timepoints,
                       {tp: programme.instruments_at(tp) for tp in programme.timepoints})
    assert {inst for code, tp, inst in q.missing if tp == "T3"} == {"dudit", "tlfb"}
    assert len([m for m in q.missing if m[1] == "T0"]) == 2 * 4


def test_check_programme_lists_a_follow_up(tmp_path):
    from facilitator.commands.check_programme import summary, text_summary

    path = with_follow_up(tmp_path / "sessions.yaml")
    programme = load_programme(path)
    text = text_summary(programme, path, [])
    assert "T3 : séance 8 (suivi, 13 semaines après la séance) — dudit, ceq-s, ceq-f, tlfb" in text
    assert summary(programme, [])["questionnaires_due"][-1]["weeks_after"] == 13


def test_a_follow_up_without_weeks_is_explained_in_the_interface_language(tmp_path):
    from facilitator import i18n

    path = with_follow_up(tmp_path / "sessions.yaml", FOLLOW_UP.replace("    weeks_after: 13\n", ""))
    previous = i18n.language()
    try:
        i18n.set_language("fr")
        _programme, problems, _warnings = check_programme_text(path.read_text(encoding="utf-8"), str(path))
    finally:
        i18n.set_language(previous)
    text = " ".join(str(problem) for problem in problems)
    assert "un suivi quelques semaines après la séance" in text and "Value error" not in text
