"""The programme loader: the bundled sessions.yaml, and FILE:LINE errors for every problem class."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.core.programme import FieldKind, ItemKind, Programme
from facilitator.core.programme_loader import (
    Problem,
    ProgrammeError,
    ProgrammeWarning,
    check_programme,
    check_programme_text,
    load_programme,
)
from facilitator.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "sessions.yaml"
FIXTURES = ROOT / "tests" / "data" / "programmes"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english():
    """Messages in English for readable asserts; the language is restored afterwards."""
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} time(s)"
    return hits[occurrence - 1]


def mutate(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def problems_of(text: str) -> list[Problem]:
    programme, problems, _warnings = check_programme_text(text, "p.yaml")
    assert programme is None
    assert problems, "expected at least one problem"
    return problems


def only(problems: list[Problem], field: str) -> Problem:
    matching = [problem for problem in problems if problem.field == field]
    assert len(matching) == 1, (field, [str(p) for p in problems])
    return matching[0]


def problem_at(text: str, field: str, needle: str, occurrence: int = 1) -> Problem:
    """The one problem of `text` on `field`, checked to name the line of the `occurrence`-th `needle`."""
    problem = only(problems_of(text), field)
    assert problem.line == line_of(text, needle, occurrence)
    return problem


# --------------------------------------------------------------------------- the bundled file


@pytest.fixture(scope="module")
def bundled() -> Programme:
    return load_programme(BUNDLED)


def test_bundled_programme_is_valid_without_warnings():
    programme, problems, warnings = check_programme(BUNDLED)
    assert problems == []
    assert warnings == []
    assert isinstance(programme, Programme)


def test_bundled_has_eight_sessions_of_ninety_minutes(bundled):
    assert [session.number for session in bundled.sessions] == list(range(1, 9))
    assert bundled.programme.session_minutes == 90
    for session in bundled.sessions:
        assert session.minutes == 90, session.number
        assert session.goals and session.key_messages


def test_bundled_agenda_items_have_unique_ids_and_three_to_six_prompts(bundled):
    ids = [item.id for session in bundled.sessions for item in session.agenda]
    assert len(ids) == len(set(ids))
    for session in bundled.sessions:
        for item in session.agenda:
            assert item.id.startswith(f"s{session.number}-"), item.id
            if item.kind is not ItemKind.BREAK:
                assert 3 <= len(item.prompts) <= 6, item.id


def test_bundled_session_structure(bundled):
    for session in bundled.sessions:
        kinds = [item.kind for item in session.agenda]
        assert kinds[0] is ItemKind.WELCOME
        assert kinds[-1] is ItemKind.CLOSING
        assert (ItemKind.HOMEWORK_REVIEW in kinds) == (session.number != 1)
        assert session.homework, f"session {session.number} gives no homework"
    assert "charter" in " ".join(item.id for item in bundled.session(1).agenda)


def test_bundled_questionnaires_are_t0_inclusion_t1_session4_t2_session8(bundled):
    due = {(d.timepoint, d.session, d.moment) for d in bundled.questionnaires_due}
    assert due == {("T0", 0, "before"), ("T1", 4, "end"), ("T2", 8, "end")}
    for number in (4, 8):
        kinds = [item.kind for item in bundled.session(number).agenda]
        assert ItemKind.QUESTIONNAIRES in kinds
    for number in (1, 2, 3, 5, 6, 7):
        assert ItemKind.QUESTIONNAIRES not in [item.kind for item in bundled.session(number).agenda]
    for due_item in bundled.questionnaires_due:
        assert set(due_item.instruments) == {"dudit", "ceq-s", "ceq-f", "tlfb"}


def test_bundled_exercises_are_all_defined_and_all_used(bundled):
    defined = {exercise.id for exercise in bundled.exercises}
    used = {item.exercise for session in bundled.sessions for item in session.agenda if item.exercise}
    used |= {hw.exercise for session in bundled.sessions for hw in session.homework if hw.exercise}
    assert used <= defined
    assert defined <= used
    required = {"trigger_map", "craving_log", "decisional_balance_use", "decisional_balance_sex",
                "beck_columns", "lapse_chain", "response_curve", "weekend_planner",
                "relapse_prevention_plan"}
    assert required <= defined


def test_bundled_exercise_shapes(bundled):
    beck = bundled.exercise("beck_columns").fields[0]
    assert beck.kind is FieldKind.TABLE and len(beck.columns) == 7
    assert beck.columns[-1].kind is FieldKind.PERCENT
    trigger_rows = bundled.exercise("trigger_map").fields[0].rows
    assert trigger_rows[-1] == "Autre" and len(trigger_rows) >= 6
    curve = bundled.exercise("response_curve").fields[0]
    assert curve.rows == ["Désir", "Excitation", "Plateau", "Orgasme", "Résolution"]
    grid = bundled.exercise("weekend_planner").fields[0]
    assert grid.kind is FieldKind.WEEK_GRID and len(grid.days) == 7 and len(grid.slots) == 4
    assert len(bundled.exercise("lapse_chain").fields) == 10
    for name in ("decisional_balance_use", "decisional_balance_sex"):
        long_texts = [f for f in bundled.exercise(name).fields if f.kind is FieldKind.LONG_TEXT]
        assert len(long_texts) == 4, name
    plan_homework = [hw for hw in bundled.session(8).homework if hw.exercise == "relapse_prevention_plan"]
    assert plan_homework


def test_bundled_codebook_keys_unique_lowercase_letters_without_q(bundled):
    keys = [theme.key for theme in bundled.codebook]
    assert len(keys) == len(set(keys))
    assert all(key.isascii() and key.isalpha() and key.islower() for key in keys)
    assert "q" not in keys
    ids = {theme.id for theme in bundled.codebook}
    for needed in ("craving", "triggers", "sexuality", "relationships", "loneliness", "minority_stress",
                   "injection", "trauma", "coping", "lapse", "progress", "products", "motivation",
                   "community"):
        assert needed in ids
    assert all(theme.description for theme in bundled.codebook)


def test_bundled_charter_covers_the_rules(bundled):
    ids = {rule.id for rule in bundled.charter}
    assert {"confidentiality", "first_names", "vouvoiement", "no_dealing", "respect", "phones",
            "punctuality", "under_influence", "first_person"} <= ids


def test_bundled_content_covers_seed_themes(bundled):
    text = BUNDLED.read_text(encoding="utf-8").lower()
    for word in ("prochaska", "marlatt", "masters", "kaplan", "3-mmc", "ghb", "gbl", "méthamphétamine",
                 "kétamine", "alcool", "applications", "veines", "surf", "beck", "stress minoritaire",
                 "consentement", "solitude", "week-end", "prep"):
        assert word in text, word
    assert " tu " not in text   # vouvoiement


# --------------------------------------------------------------------------- a valid made-up programme


def test_minimal_programme_loads():
    programme = load_programme(FIXTURES / "minimal.yaml")
    assert programme.programme.session_minutes == 60
    assert [s.minutes for s in programme.sessions] == [60, 60]
    assert programme.theme("urge_surfing").parent == "craving"
    assert programme.due_at(2)[0].timepoint == "T1"


# --------------------------------------------------------------------------- file-level problems


def test_missing_file(tmp_path):
    with pytest.raises(ProgrammeError) as caught:
        load_programme(tmp_path / "absent.yaml")
    problem = caught.value.problems[0]
    assert problem.file.endswith("absent.yaml") and problem.line == 1
    assert "not found" in problem.message
    assert isinstance(caught.value, UserError)


def test_directory_is_not_a_file(tmp_path):
    _, problems, _ = check_programme(tmp_path)
    assert problems and "not a file" in problems[0].message


def test_not_utf8_names_the_line():
    _, problems, _ = check_programme(FIXTURES / "latin1.yaml")
    assert len(problems) == 1
    assert problems[0].line == 6
    assert "UTF-8" in problems[0].message


def test_truncated_yaml_names_the_line_of_the_yaml_error():
    path = FIXTURES / "truncated.yaml"
    _, problems, _ = check_programme(path)
    assert len(problems) == 1
    assert problems[0].line >= 5
    assert problems[0].message.startswith("invalid YAML")
    assert str(problems[0]).startswith(f"{path}:{problems[0].line}: ")


def test_truncated_bundled_file_is_an_error_not_a_crash():
    text = BUNDLED.read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    programme, problems, _ = check_programme_text(cut, "cut.yaml")
    assert programme is None and problems


def test_invalid_yaml_indentation():
    text = mutate("  title: Programme de test\n", "  title: Programme de test\n bad: [\n")
    problem = problems_of(text)[0]
    assert problem.message.startswith("invalid YAML")
    assert problem.line >= line_of(text, "bad: [")


def test_empty_file_and_non_mapping():
    assert "empty" in problems_of("")[0].message
    assert "empty" in problems_of("# only a comment\n")[0].message
    assert "mapping" in problems_of("- a\n- b\n")[0].message


def test_byte_order_mark_is_accepted():
    programme, problems, _ = check_programme_text(("\ufeff" + MINIMAL).encode("utf-8"))
    assert problems == [] and programme is not None


# --------------------------------------------------------------------------- schema problems


def test_wrong_type_names_line_and_field():
    text = mutate("        minutes: 40\n", "        minutes: quarante\n")
    problem = problem_at(text, "sessions[0].agenda[1].minutes", "minutes: quarante")
    assert "whole number" in problem.message


@pytest.mark.parametrize("minutes", ["0", "-5"])
def test_zero_or_negative_minutes(minutes):
    text = mutate("        minutes: 50\n", f"        minutes: {minutes}\n")
    problem = problem_at(text, "sessions[1].agenda[0].minutes", f"minutes: {minutes}")
    assert "greater than 0" in problem.message


def test_unknown_key():
    text = mutate("    goals: [Conclure]\n", "    goals: [Conclure]\n    duration: 60\n")
    problem = problem_at(text, "sessions[1].duration", "duration: 60")
    assert problem.message == "unknown key"


def test_missing_key_points_at_its_mapping():
    text = mutate("        title: Journal\n        minutes: 40\n", "        minutes: 40\n")
    problem = problem_at(text, "sessions[0].agenda[1].title", "- id: s1-log")
    assert "required" in problem.message


def test_bad_enum_value():
    text = mutate("        kind: exercise\n", "        kind: atelier\n")
    problem = problem_at(text, "sessions[0].agenda[1].kind", "kind: atelier")
    assert "'psychoeducation'" in problem.message


def test_empty_agenda_is_too_short():
    text = MINIMAL.split("  - number: 2")[0] + (
        "  - number: 2\n    title: Vide\n    goals: [x]\n    agenda: []\n")
    problem_at(text, "sessions[1].agenda", "agenda: []")


def test_duplicate_yaml_mapping_key():
    text = mutate("    title: Deuxième séance\n", "    title: Deuxième séance\n    title: Encore\n")
    problem = problem_at(text, "sessions[1].title", "title: Encore")
    assert f"line {line_of(text, 'title: Deuxième séance')}" in problem.message


# --------------------------------------------------------------------------- cross-checks


def test_duplicate_agenda_item_ids_across_sessions():
    text = mutate("      - id: s2-welcome\n", "      - id: s1-welcome\n")
    problem = problem_at(text, "sessions[1].agenda[0].id", "- id: s1-welcome", occurrence=2)
    assert f"first at line {line_of(text, '- id: s1-welcome')}" in problem.message


def test_duplicate_session_numbers():
    text = mutate("  - number: 2\n", "  - number: 1\n")
    problem_at(text, "sessions[1].number", "- number: 1", occurrence=2)


def test_duplicate_exercise_and_field_ids():
    extra = MINIMAL.split("exercises:\n")[1].split("sessions:\n")[0]
    text = mutate("sessions:\n", extra + "sessions:\n")   # the exercise defined twice
    problem_at(text, "exercises[1].id", "- id: log", occurrence=2)

    text = mutate("      - id: mood\n", "      - id: entries\n")
    problem_at(text, "exercises[0].fields[1].id", "- id: entries", occurrence=2)


def test_duplicate_codebook_ids_and_keys_and_charter_ids():
    text = mutate("    key: u\n", "    key: c\n")
    problem = problem_at(text, "codebook[1].key", "key: c", occurrence=2)
    assert "craving" in problem.message

    text = mutate("  - id: urge_surfing\n", "  - id: craving\n")
    text = text.replace("    parent: craving\n", "")
    problem_at(text, "codebook[1].id", "- id: craving", occurrence=2)

    rule = "  - id: confidentiality\n    title: Confidentialité\n    text: Ce qui est dit ici reste ici.\n"
    text = mutate(rule, rule + rule)
    problem_at(text, "charter[1].id", "- id: confidentiality", 2)


def test_theme_key_reserved_or_not_a_letter():
    text = mutate("    key: u\n", "    key: q\n")
    assert "reserved" in only(problems_of(text), "codebook[1].key").message
    text = mutate("    key: u\n", "    key: É\n")
    assert "a-z" in only(problems_of(text), "codebook[1].key").message


def test_unknown_exercise_reference_in_item_and_homework():
    text = mutate("        exercise: log\n", "        exercise: journal\n")
    problem = problem_at(text, "sessions[0].agenda[1].exercise", "exercise: journal")
    assert "journal" in problem.message

    text = MINIMAL.replace("        exercise: log\n    homework:", "    homework:")
    text = mutate("        exercise: log\n", "        exercise: nope\n", text)
    problem_at(text, "sessions[0].homework[0].exercise", "nope")


def test_unknown_codebook_parent():
    text = mutate("    parent: craving\n", "    parent: envie\n")
    problem_at(text, "codebook[1].parent", "parent: envie")


def test_choice_without_options_table_without_columns_grid_without_days():
    text = mutate("        options: [bonne, moyenne, mauvaise]\n", "")
    problem = problem_at(text, "exercises[0].fields[1].options", "kind: choice")

    table = ("        columns:\n          - {id: situation, label: Situation}\n"
             "          - {id: intensity, label: Intensité, kind: rating_10}\n")
    text = mutate(table, "        columns: []\n")
    problem = problem_at(text, "exercises[0].fields[0].columns", "columns: []")

    grid = ("      - id: week\n        label: Semaine\n        kind: week_grid\n"
            "        slots: [matin, soir]\n")
    text = mutate("      - id: mood\n", grid + "      - id: mood\n")
    problem = problem_at(text, "exercises[0].fields[1].days", "kind: week_grid")
    assert "days" in problem.message


def test_questionnaire_session_beyond_programme():
    text = mutate("    session: 2\n", "    session: 9\n")
    problem = problem_at(text, "questionnaires_due[1].session", "session: 9")
    assert "beyond" in problem.message


def test_all_errors_are_reported_sorted_by_line():
    path = FIXTURES / "many_errors.yaml"
    with pytest.raises(ProgrammeError) as caught:
        load_programme(path)
    problems = caught.value.problems
    text = path.read_text(encoding="utf-8")
    expected = {
        ("programme.colour", line_of(text, "colour: blue")),
        ("charter[1].id", line_of(text, "- id: a", 2)),
        ("codebook[1].key", line_of(text, "key: c", 2)),
        ("codebook[1].parent", line_of(text, "parent: nothing")),
        ("codebook[2].key", line_of(text, "key: q")),
        ("questionnaires_due[0].session", line_of(text, "session: 9")),
        ("exercises[0].fields[0].options", line_of(text, "kind: choice")),
        ("exercises[0].fields[1].id", line_of(text, "- id: f1", 2)),
        ("exercises[0].fields[1].columns", line_of(text, "kind: table")),
        ("exercises[0].fields[2].slots", line_of(text, "kind: week_grid")),
        ("sessions[0].agenda[0].minutes", line_of(text, "minutes: 0")),
        ("sessions[0].agenda[0].exercise", line_of(text, "exercise: missing")),
        ("sessions[0].agenda[1].id", line_of(text, "- id: i1", 2)),
        ("sessions[0].agenda[1].minutes", line_of(text, "minutes: abc")),
        ("sessions[0].agenda[1].kind", line_of(text, "kind: party")),
        ("sessions[0].homework[0].exercise", line_of(text, "exercise: nope")),
        ("sessions[1].number", line_of(text, "- number: 1", 2)),
        ("sessions[1].title", line_of(text, "title: S2")),
        ("sessions[1].agenda", line_of(text, "agenda: []")),
    }
    assert {(p.field, p.line) for p in problems} == expected
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(problems)
    assert all(line.startswith(f"{path}:") for line in lines)
    assert lines[0] == f"{path}:{line_of(text, 'colour: blue')}: programme.colour: unknown key"


def test_messages_follow_the_interface_language():
    text = mutate("        minutes: 40\n", "        minutes: 0\n")
    i18n.set_language("fr")
    assert "supérieur à 0" in problems_of(text)[0].message


# --------------------------------------------------------------------------- warnings


def test_minutes_not_adding_up_is_a_warning():
    text = mutate("        minutes: 50\n", "        minutes: 45\n")
    programme, problems, warnings = check_programme_text(text, "p.yaml")
    assert problems == [] and programme is not None
    assert len(warnings) == 1 and isinstance(warnings[0], ProgrammeWarning)
    assert warnings[0].field == "sessions[1]"
    assert warnings[0].line == line_of(text, "- number: 2")
    assert "55 min" in warnings[0].message and "60 min" in warnings[0].message


def test_session_number_gap_is_a_warning():
    text = mutate("  - number: 2\n", "  - number: 3\n")
    text = text.replace("    session: 2\n", "    session: 3\n")
    programme, problems, warnings = check_programme_text(text, "p.yaml")
    assert problems == [] and programme is not None
    assert [w.field for w in warnings] == ["sessions"]
    assert "2" in warnings[0].message


def test_unused_exercise_is_a_warning():
    text = MINIMAL.replace("        exercise: log\n", "")
    programme, problems, warnings = check_programme_text(text, "p.yaml")
    assert problems == [] and programme is not None
    assert [w.field for w in warnings] == ["exercises[0]"]


# --------------------------------------------------------------------------- strictness and robustness


@pytest.mark.parametrize("value", ['"40"', "yes", "40.0", "true"])
def test_minutes_must_be_a_plain_whole_number(value):
    text = mutate("        minutes: 40\n", f"        minutes: {value}\n")
    problem_at(text, "sessions[0].agenda[1].minutes", f"minutes: {value}")


def test_unquoted_yes_as_text_asks_for_quotes():
    text = mutate("        label: Entrées\n", "        label: yes\n")
    problem = only(problems_of(text), "exercises[0].fields[0].label")
    assert "quotes" in problem.message


ABSURD_NESTING = {
    "dashes-on-one-line": "- " * 100_000 + "x",
    "question-marks": "? " * 50_000 + "x",
    "brackets": "a: " + "[" * 400 + "]" * 400,
    "indented-blocks": "\n".join(" " * i + "- x:" for i in range(0, 3000, 2)),
}


@pytest.mark.parametrize("text", ABSURD_NESTING.values(), ids=ABSURD_NESTING.keys())
def test_absurd_nesting_is_an_error_not_a_crash(text):
    # Which PyYAML 6.x stops the nesting (it, or our recursion guard) decides the line; what matters
    # is one problem, at a line of the file, saying the file is nested too deeply.
    problems = problems_of(text)
    assert len(problems) == 1
    assert 1 <= problems[0].line <= text.count("\n") + 1
    assert "nested too deeply" in problems[0].message


def test_recursive_alias_and_merge_keys_are_errors():
    text = mutate("    goals: [Conclure]\n", "    goals: &g [Conclure, *g]\n")
    assert any("recursive" in p.message for p in problems_of(text) if p.field == "sessions[1].goals[1]")
    text = mutate("programme:\n", "base: &b {version: '2'}\nprogramme:\n  <<: *b\n")
    fields = {p.field for p in problems_of(text)}
    assert {"programme", "base"} <= fields


def test_an_alias_bomb_is_refused_at_the_first_alias():
    """Nine lines of nested aliases would expand to a billion strings; the first alias ends the parse."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    problems = problems_of("\n".join(lines) + "\nsessions: *a9\n")
    assert len(problems) == 1
    assert problems[0].line == 2 and problems[0].field == "a1[0]"
    assert "alias" in problems[0].message
