"""Crisis cards and resources in the programme file: parsed, cross-checked, marks to check locally."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.core.followup import FollowUpCategory
from facilitator.core.programme import Programme
from facilitator.core.programme_loader import (
    check_programme_text,
    load_programme,
    local_checks,
    local_checks_text,
)

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (ROOT / "tests" / "data" / "programmes" / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english():
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture(scope="module", params=["sessions.yaml", "sessions.en.yaml"])
def bundled(request) -> Programme:
    return load_programme(ROOT / request.param)


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def problems_of(text: str) -> list:
    programme, problems, _ = check_programme_text(text, "p.yaml")
    assert programme is None and problems
    return problems


# --------------------------------------------------------------------------- the bundled cards


def test_bundled_cards_cover_the_crises_of_the_issue_with_the_right_category(bundled):
    categories = {card.id: card.category for card in bundled.crisis_cards}
    assert categories == {
        "under_influence": FollowUpCategory.INTOXICATION,
        "ghb_overdose": FollowUpCategory.MEDICAL,
        "stimulant_overdose": FollowUpCategory.MEDICAL,
        "suicidal_thoughts": FollowUpCategory.SUICIDE_RISK,
        "assault_disclosure": FollowUpCategory.ASSAULT_DISCLOSURE,
        "ghb_withdrawal": FollowUpCategory.MEDICAL,
        "panic_dissociation": FollowUpCategory.OTHER,
    }
    for card in bundled.crisis_cards:
        assert card.signs and card.steps and card.call and card.record
        assert all(bundled.resource(ref) for ref in card.resources)


def test_ghb_card_checks_breathing_before_the_recovery_position():
    card = load_programme(ROOT / "sessions.yaml").crisis_card("ghb_overdose")
    steps = [step.lower() for step in card.steps]

    def first(word: str) -> int:
        return next(index for index, step in enumerate(steps) if word in step)

    assert first("respiration") < first("position latérale de sécurité") <= first("s'il respire")
    recovery = steps[first("position latérale de sécurité")]
    assert recovery.startswith("s'il respire")                    # only if he breathes
    assert "compressions" in steps[first("s'il ne respire pas")]   # if not: compressions
    joined = " ".join(steps)
    for must in ("15", "112", "samu", "rien à boire", "stimulant", "114", "sms"):
        assert must in joined
    assert {"samu", "emergency_112", "sms_114"} <= set(card.resources)


def test_assault_card_gives_the_pep_delays_and_both_orientations():
    card = load_programme(ROOT / "sessions.yaml").crisis_card("assault_disclosure")
    joined = " ".join(card.steps)
    assert "4 heures" in joined and "48 heures" in joined
    assert "CeGIDD" in joined and "médico-judiciaire" in joined and "psychotraumatisme" in joined
    assert card.group, "what the group hears"


def test_bundled_resources_hold_the_national_lines_and_the_local_services_to_fill_in(bundled):
    national = {resource.phone for resource in bundled.resources if resource.scope == "national"}
    assert national == {"15", "112", "114", "3114", "0 800 23 13 13", "0 800 840 800", "01 48 06 42 41",
                        "116 006"}
    local = {resource.id for resource in bundled.resources if resource.scope == "local"}
    assert {"csapa", "caarud", "cegidd", "psychotrauma", "lgbt_centre"} <= local
    assert all(resource.check_locally for resource in bundled.resources)


# --------------------------------------------------------------------------- bad cards


def test_card_without_steps_names_the_line():
    text = MINIMAL.replace("    steps: [Vérifiez d'abord la respiration., Appelez le 15.]\n", "    steps: []\n")
    problems = problems_of(text)
    assert [str(p) for p in problems] == [f"p.yaml:{line_of(text, 'steps: []')}: crisis_cards[0].steps: "
                                          "must contain at least 1 item"]


def test_card_with_an_unknown_category_names_the_line():
    text = MINIMAL.replace("    category: medical\n", "    category: urgent\n")
    (problem,) = problems_of(text)
    assert problem.line == line_of(text, "category: urgent")
    assert problem.field == "crisis_cards[0].category"
    assert "suicide_risk" in problem.message


def test_card_naming_an_unknown_resource_names_the_line():
    text = MINIMAL.replace("    resources: [samu]\n", "    resources: [samu, sos_amitie]\n")
    (problem,) = problems_of(text)
    assert str(problem) == (f"p.yaml:{line_of(text, 'resources: [samu, sos_amitie]')}: "
                            "crisis_cards[0].resources[1]: unknown resource 'sos_amitie' (not in resources)")


def test_duplicate_card_ids_and_a_national_line_without_number():
    card = MINIMAL[MINIMAL.index("  - id: g_hole"):]
    text = MINIMAL + card.replace("crisis_cards:\n", "")
    text = text.replace('    phone: "15"\n', "")
    problems = problems_of(text)
    assert [(p.field, p.line) for p in problems] == [
        ("resources[0].scope", line_of(text, "scope: national")),
        ("crisis_cards[1].id", line_of(text, "id: g_hole") + len(card.splitlines())),
    ]


def test_a_card_without_whom_to_call_is_refused():
    text = MINIMAL.replace("    call: [Le 15.]\n", "")
    (problem,) = problems_of(text)
    assert problem.field == "crisis_cards[0].call" and problem.message == "required field missing"


def test_a_programme_without_cards_loads_with_a_warning():
    text = MINIMAL[:MINIMAL.index("crisis_cards:")]
    programme, problems, warnings = check_programme_text(text, "p.yaml")
    assert programme is not None and problems == []
    assert [w.field for w in warnings] == ["crisis_cards"]


# --------------------------------------------------------------------------- marks to check locally


def test_local_checks_name_line_field_label_and_note():
    marks = local_checks_text(MINIMAL, "p.yaml")
    assert [(m.line, m.field, m.label, m.note) for m in marks] == [
        (line_of(MINIMAL, "check_locally: true"), "resources[0]", "SAMU", ""),
        (line_of(MINIMAL, "check_locally: coordonnées"), "resources[1]", "CSAPA", "coordonnées du CSAPA"),
    ]
    assert str(marks[1]) == f"p.yaml:{marks[1].line}: resources[1]: CSAPA — coordonnées du CSAPA"


def test_a_figure_in_an_agenda_item_can_be_marked():
    text = MINIMAL.replace("        kind: welcome\n", "        kind: welcome\n        check_locally: délai de 48 h\n", 1)
    programme, problems, _ = check_programme_text(text, "p.yaml")
    assert problems == [] and programme is not None
    marks = local_checks_text(text, "p.yaml")
    assert marks[0].field == "sessions[0].agenda[0]" and marks[0].note == "délai de 48 h"
    assert marks[0].line == line_of(text, "délai de 48 h")


def test_false_marks_are_not_listed_and_a_broken_file_has_none(tmp_path):
    assert local_checks_text(MINIMAL.replace("check_locally: true", "check_locally: false"))[0].label == "CSAPA"
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [", encoding="utf-8")
    assert local_checks(broken) == []


def test_bundled_marks_include_every_resource_and_the_clinical_figures():
    marks = local_checks(ROOT / "sessions.yaml")
    fields = {mark.field for mark in marks}
    programme = load_programme(ROOT / "sessions.yaml")
    assert {f"resources[{index}]" for index in range(len(programme.resources))} <= fields
    assert len(local_checks(ROOT / "sessions.en.yaml")) == len(marks)


# --------------------------------------------------------------------------- content corrections (issue 12, sections 2-4)


def all_text(programme: Programme) -> list[str]:
    texts = [message for session in programme.sessions for message in session.key_messages]
    for session in programme.sessions:
        for item in session.agenda:
            texts += [*item.prompts, *item.notes, item.round]
    return texts


def test_recovery_position_is_never_said_without_checking_breathing_first():
    french = load_programme(ROOT / "sessions.yaml")
    for text in [*all_text(french), *french.emergency]:
        if "position latérale" in text:
            assert "respir" in text[:text.index("position latérale")], text


def test_ghb_redosing_is_about_two_hours_not_twenty_minutes(bundled):
    products = next(item for item in bundled.session(3).agenda if item.id == "s3-products")
    notes = " ".join(products.notes)
    assert ("2 heures" in notes or "2 hours" in notes) and products.check_locally
    assert not any("15 à 20 minutes à venir" in text or "premi\u00e8re cause" in text for text in all_text(bundled))
    assert all(len(prompt) < 260 for prompt in products.prompts), "prompts are what a facilitator says"


def test_urge_surfing_does_not_promise_weaker_waves(bundled):
    texts = " ".join(all_text(bundled))
    assert "plus faible" not in texts and "weaker" not in texts
    assert "20 à 30 minutes" in texts or "20 to 30 minutes" in texts


def test_every_check_in_and_closing_has_its_round_and_the_check_in_asks_about_use_and_safety(bundled):
    for session in bundled.sessions:
        welcome, closing = session.agenda[0], session.agenda[-1]
        assert welcome.round and closing.round, session.number
        if session.number > 1:
            assert "0" in welcome.round and "10" in welcome.round
            assert "sécurité" in welcome.round or "safety" in welcome.round


def test_timing_session_one_welcome_session_five_grounding_session_eight_break(bundled):
    assert all(session.minutes == 90 for session in bundled.sessions)
    assert bundled.session(1).agenda[0].minutes >= 25
    five = [item.id for item in bundled.session(5).agenda]
    assert five.index("s5-grounding") == five.index("s5-consent") + 1
    assert bundled.session(5).agenda[-1].minutes >= 10
    assert "s8-break" in [item.id for item in bundled.session(8).agenda]


def test_if_i_use_anyway_in_session_six_and_in_the_relapse_prevention_plan(bundled):
    item = next(item for item in bundled.session(6).agenda if item.id == "s6-if-i-use")
    notes = " ".join(item.notes).lower()
    french = "hépatite" in notes
    for word in ("toléran" if french else "toleran", "ghb", "hépatite c" if french else "hepatitis c", "48", "prep"):
        assert word in notes, word
    assert "if_i_use" in [field.id for field in bundled.exercise("relapse_prevention_plan").fields]


def test_charter_has_the_added_rules(bundled):
    ids = {rule.id for rule in bundled.charter}
    assert {"observer_consent", "no_use_stories", "outside_contacts", "charter_broken", "punctuality",
            "under_influence"} <= ids
    outside = next(rule for rule in bundled.charter if rule.id == "outside_contacts").text
    assert "après" in outside or "after" in outside


def test_a_phone_number_in_a_text_without_a_mark_is_a_warning():
    text = MINIMAL.replace("    description: Envie de consommer.\n",
                           "    description: Envie de consommer ; appelez le 01 23 45 67 89.\n", 1)
    programme, problems, warnings = check_programme_text(text, "p.yaml")
    assert programme is not None and problems == []
    assert [(w.field, w.line) for w in warnings] == [("codebook[0].description", line_of(text, "01 23 45 67 89"))]
    assert "01 23 45 67 89" in warnings[0].message
    rule = MINIMAL.replace("    text: Ce qui est dit ici reste ici.\n",
                           "    text: Ce qui est dit ici reste ici. Secrétariat au 01 23 45 67 89.\n")
    assert [w.field for w in check_programme_text(rule, "p.yaml")[2]] == ["charter[0].text"]
    marked = rule.replace("    title: Confidentialité\n", "    title: Confidentialité\n    check_locally: true\n")
    programme, problems, warnings = check_programme_text(marked, "p.yaml")
    assert programme is not None and problems == [] and warnings == []
    assert [mark.field for mark in local_checks_text(marked)][0] == "charter[0]"


def test_a_number_in_a_card_that_no_resource_has_is_a_warning():
    text = MINIMAL.replace("    steps: [Vérifiez d'abord la respiration., Appelez le 15.]\n",
                           "    steps: [Vérifiez d'abord la respiration pendant 10 secondes., Appelez le 18.]\n")
    programme, problems, warnings = check_programme_text(text, "p.yaml")
    assert programme is not None and problems == []
    assert [(w.field, w.line) for w in warnings] == [("crisis_cards[0].steps[1]", line_of(text, "Appelez le 18."))]
    assert "'18'" in warnings[0].message   # "10 secondes" is a duration, not a number to call
    fixed = text.replace('    phone: "15"\n', '    phone: "18"\n').replace("call: [Le 15.]", "call: [Le 18.]")
    assert check_programme_text(fixed, "p.yaml")[2] == []


def test_the_english_cards_and_texts_keep_breathing_first():
    english = load_programme(ROOT / "sessions.en.yaml")
    steps = [step.lower() for step in english.crisis_card("ghb_overdose").steps]
    breathing = next(i for i, step in enumerate(steps) if "check breathing first" in step)
    recovery = next(i for i, step in enumerate(steps) if "recovery position" in step)
    assert breathing < recovery and steps[recovery].startswith("if he breathes")
    for text in [*all_text(english), *english.emergency]:
        if "recovery position" in text:
            assert "breath" in text[:text.index("recovery position")], text
