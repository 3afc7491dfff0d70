"""The participant booklet: content of the Markdown and HTML, one participant's answers only, the CLI."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.cli import main
from facilitator.core import exercises as ex
from facilitator.core.models import Facilitator
from facilitator.core.programme_loader import load_programme
from facilitator.core.pseudonymise import Roster
from facilitator.reports.booklet import build_booklet, load_booklet, md_escape, render_html, render_markdown

ROOT = Path(__file__).resolve().parents[2]
NEW_PATH = ROOT / "tests" / "data" / "programmes" / "with_new_exercise.yaml"
NEW = load_programme(NEW_PATH)
CHROMIUM = Path("/usr/bin/chromium")


def make_cycle(store):
    cycle = store.create_cycle(label="Printemps <test>", site="Hôpital fictif & Co", start_date=date(2025, 3, 3),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=["P01", "P02", "P03"])
    store.save_roster(cycle.id, Roster.from_mapping({"P01": ["Zébulon"], "P02": ["Anatole"]}))
    return cycle


def fill(store, programme, cycle_id, number, exercise_id, subject, values):
    exercise = programme.exercise(exercise_id)
    store.save_exercise_answer(cycle_id, number, exercise_id=exercise_id, subject=subject, item_id=None,
                               values=ex.normalise_answers(exercise, values))


def test_blank_booklet_of_the_bundled_programme_has_charter_8_sessions_and_blank_sheets(store, programme):
    cycle = make_cycle(store)
    booklet = load_booklet(store, programme, cycle.id)
    md = render_markdown(booklet)
    page = render_html(booklet)
    for text, esc in ((md, md_escape), (page, html.escape)):
        assert "Livret du participant" in text
        # the participant's own copy: a blank for his first name, no code, no pseudonymisation banner
        assert esc("Livret de (votre prénom)\u00a0:") in text
        assert "Document pseudonymisé" not in text and not re.search(r"\bP\d\d\b", text)
        assert "remplacés par des codes" not in text
        assert esc(i18n.t("exercises.booklet_charter")) in text
        for rule in programme.charter:
            assert esc(rule.title) in text and esc(rule.text) in text
        for session in programme.sessions:
            assert esc(f"Séance {session.number} — {session.title}") in text
            for message in session.key_messages:
                assert esc(message) in text
            for item in session.agenda:
                assert esc(item.title) in text
        for exercise in programme.exercises:
            assert esc(f"Fiche : {exercise.title}") in text
    # every session is on its own page, every exercise sheet appears once, plus its spare copies at the end
    assert len(re.findall(r'<section class="page session"', page)) == 8
    for exercise in programme.exercises:
        assert page.count(html.escape(f"Fiche : {exercise.title}")) == 1 + exercise.spare_copies, exercise.id
    assert programme.exercise("craving_log").spare_copies and programme.exercise("weekend_planner").spare_copies
    # blank sheets: writing lines and empty table rows, no answer blocks
    assert 'class="line"' in page and "<td></td>" in page
    assert 'class="answer"' not in page and "chosen" not in page.split("</style>")[1]
    # the homework of each session
    for session in programme.sessions:
        for hw in session.homework:
            assert html.escape(hw.title) in page
    # printable and self-contained
    assert "@page { size: A4" in page and "break-before: page" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "<link" not in page and "@import" not in page


def test_participant_booklet_shows_own_and_group_answers_only(store):
    cycle = make_cycle(store)
    fill(store, NEW, cycle.id, 1, "evening_ritual", "P01", {
        "ritual_name": "Tisane <b>chaude</b>", "ritual_story": "Je coupe le téléphone | puis je lis.",
        "calm": 7, "sure": 85, "moment": "Au coucher",
        "steps": [{"step": "Douche tiède", "ease": 9, "alone": "Seul"}],
        "senses": [{"what": "La lampe douce", "share": 30}],
        "nights": {"Samedi": {"Nuit": "! dormir chez un ami"}}})
    fill(store, NEW, cycle.id, 2, "evening_ritual", "P01", {"ritual_name": "Tisane, deuxième essai"})
    fill(store, NEW, cycle.id, 1, "evening_ritual", "P02", {
        "ritual_name": "SECRET-DE-P02", "ritual_story": "Réponse privée de P02",
        "steps": [{"step": "Étape-de-P02"}]})
    fill(store, NEW, cycle.id, 1, "group_wall", "group", {"idea": "Idée commune du groupe"})
    booklet = load_booklet(store, NEW, cycle.id, "P01")
    page = render_html(booklet)
    md = render_markdown(booklet)
    for text in (page, md):
        assert "Livret de : P01" in text and "Document pseudonymisé" in text   # the copy with answers keeps the code
        assert "Vos réponses — séance 1" in text and "Vos réponses — séance 2" in text
        assert "Réponses du groupe — séance 1" in text
        assert "Idée commune du groupe" in text
        assert "Douche tiède" in text and "La lampe douce" in text and "dormir chez un ami" in text
        assert "Tisane, deuxième essai" in text
        assert "SECRET-DE-P02" not in text and "Réponse privée de P02" not in text
        assert "Étape-de-P02" not in text
        # the roster never reaches a booklet
        assert "Zébulon" not in text and "Anatole" not in text
    # user text is escaped in HTML and in Markdown
    assert "Tisane &lt;b&gt;chaude&lt;/b&gt;" in page and "<b>chaude" not in page
    assert "Printemps &lt;test&gt;" in page and "Hôpital fictif &amp; Co" in page
    assert "Tisane \\<b\\>chaude\\</b\\>" in md and "téléphone \\| puis" in md
    # the chosen values are marked with a symbol, not only a style
    assert '<span class="chosen">● 7</span>' in page
    assert '<li class="chosen">Au coucher</li>' in page
    assert "**[7]**" in md and "- [x] Au coucher" in md and "- [ ] Avant le dîner" in md
    assert "85 %" in page and "85 %" in md


def test_emergency_page_and_relapse_prevention_plan_list_the_resources(store, programme):
    cycle = make_cycle(store)
    booklet = load_booklet(store, programme, cycle.id)
    page = render_html(booklet)
    md = render_markdown(booklet)
    emergency = page[page.index('<section class="page emergency"'):]
    emergency = emergency[:emergency.index("</section>")]
    plan = page[page.index(html.escape("Fiche : " + programme.exercise("relapse_prevention_plan").title)):]
    plan = plan[:plan.index("</section>")]
    for part in (emergency, plan):
        assert "Urgences et ressources" in part
        for line in programme.emergency:
            assert html.escape(line) in part
        for resource in programme.resources:
            assert html.escape(resource.name) in part
            if resource.phone:
                assert f'<span class="phone">{html.escape(resource.phone)}</span>' in part
    assert 'class="blank"' in emergency   # local services: a line to fill in
    assert page.index('class="page emergency"') < page.index('id="session-1"')
    assert "**0 800 23 13 13** Drogues Info Service" in md
    assert md.count("\n## Urgences et ressources") == 1 and md.count("\n#### Urgences et ressources") == 1


def test_goal_page_psychoeducation_notes_and_spare_sheets(store, programme):
    cycle = make_cycle(store)
    page = render_html(load_booklet(store, programme, cycle.id))
    assert "Mon objectif pour ces 8 séances" in page and "À mi-parcours (séance 4)" in page
    notes = next(item for item in programme.session(3).agenda if item.id == "s3-products").notes
    session3 = page[page.index('id="session-3"'):page.index('id="session-4"')]
    assert "Pour aller plus loin" in session3 and html.escape(notes[1]) in session3
    spare = page[page.index('class="page spare"'):]
    assert spare.count(html.escape("Fiche : " + programme.exercise("craving_log").title)) == 3


def test_booklet_of_another_participant_has_none_of_p01s_answers(store):
    cycle = make_cycle(store)
    fill(store, NEW, cycle.id, 1, "evening_ritual", "P01", {"ritual_name": "Réponse-de-P01"})
    page = render_html(load_booklet(store, NEW, cycle.id, "P03"))
    assert "Réponse-de-P01" not in page
    assert "Vos réponses" not in page  # P03 answered nothing: blank sheets


def test_unknown_participant_is_refused(store):
    cycle = make_cycle(store)
    from facilitator.errors import UserError

    with pytest.raises(UserError, match="P09 is not a participant"):
        load_booklet(store, NEW, cycle.id, "P09")
    with pytest.raises(ValueError):
        build_booklet(NEW, cycle, participant="P09")


# -- the command --------------------------------------------------------------------------------
@pytest.fixture
def cli_setup(store, data_dir, tmp_path):
    cycle = make_cycle(store)
    fill(store, NEW, cycle.id, 1, "evening_ritual", "P02", {"ritual_name": "Rituel-de-P02", "calm": 4})
    passfile = tmp_path / "pass.txt"
    passfile.write_text("test-passphrase\n", encoding="utf-8")
    common = ["--data", str(data_dir), "--programme", str(NEW_PATH), "--passphrase-file", str(passfile)]
    return cycle, common


def test_command_writes_md_and_html(cli_setup, tmp_path, capsys):
    cycle, common = cli_setup
    out_md = tmp_path / "livret.md"
    assert main(["booklet", *common, "--cycle", cycle.id, "--participant", "p02", "--out", str(out_md)]) == 0
    text = out_md.read_text(encoding="utf-8")
    assert text.startswith("# Programme d") and "Rituel-de-P02" in text
    out_html = tmp_path / "livret.html"
    assert main(["booklet", *common, "--cycle", cycle.id, "--format", "html", "--out", str(out_html)]) == 0
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Rituel-de-P02" not in page
    assert "livret.html" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--cycle", "cnope", "--out", "{tmp}/a.md"], "aucun cycle d'identifiant «\u00a0cnope\u00a0»"),
    (["--cycle", "{cycle}", "--participant", "P07", "--out", "{tmp}/a.md"], "P07 is not a participant"),
    (["--cycle", "{cycle}", "--out", "{tmp}/missing/a.md"], "does not exist"),
    (["--cycle", "{cycle}", "--out", "{tmp}"], "is a folder"),
])
def test_command_bad_input_is_one_line_and_non_zero(cli_setup, tmp_path, capsys, args, message):
    cycle, common = cli_setup
    args = [a.format(tmp=tmp_path, cycle=cycle.id) for a in args]
    assert main(["booklet", *common, *args]) != 0
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_command_refuses_an_unwritable_path(cli_setup, tmp_path, capsys):
    cycle, common = cli_setup
    # /proc/sys refuses new files even to root, so this holds whoever runs the tests
    code = main(["booklet", *common, "--cycle", cycle.id, "--out", "/proc/sys/booklet.html"])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert "cannot write" in err and len(err.splitlines()) == 1


def test_command_needs_the_passphrase(cli_setup, tmp_path, capsys, monkeypatch):
    cycle, common = cli_setup
    without = [a for a in common if a != "--passphrase-file" and not a.endswith("pass.txt")]
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115 - not a TTY
    assert main(["booklet", *without, "--cycle", cycle.id, "--out", str(tmp_path / "a.md")]) == 2
    assert "passphrase" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: install it to render the "
                    "booklet (apt-get install chromium)")
def test_html_booklet_renders_in_headless_chromium(store, programme, tmp_path):
    cycle = make_cycle(store)
    fill(store, programme, cycle.id, 3, "beck_columns", "P01", {"records": [
        {"situation": "Message reçu un samedi soir", "emotion": "honte 80 %", "automatic_thought": "Je vais craquer",
         "evidence_for": "La dernière fois", "evidence_against": "J'ai tenu mardi",
         "balanced_thought": "Je peux appeler un ami", "emotion_rerated": 40}]})
    page = tmp_path / "livret.html"
    page.write_text(render_html(load_booklet(store, programme, cycle.id, "P01")), encoding="utf-8")
    png = tmp_path / "livret.png"
    profile = tmp_path / "profile"
    profile.mkdir()
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1240,1754", page.as_uri()],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1240, 1754)
    assert len(data) > 20_000  # a rendered page, not a blank image
    if shutil.which("pdftoppm"):
        pass  # page-by-page checks are done by hand (see the report); the screenshot is the test
