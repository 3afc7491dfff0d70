"""Pilot tests of the questionnaire entry screens in a tiny host app (no storage)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from textual.app import App

from facilitator import i18n
from facilitator.core.instruments import (
    completion,
    score_ceq,
    score_dudit,
    score_tlfb,
    tlfb_record_from_answers,
)
from facilitator.tui.saving import SaveQueue, SavingApp
from facilitator.tui.screens.questionnaires import QuestionnaireScreen
from tests.tui.helpers import settle, until


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(SaveQueue, "RETRY_S", 0.1)


class Host(SavingApp):
    """Pushes one QuestionnaireScreen; records every dict `on_change` receives (through the save queue)."""

    def __init__(self, instrument_id: str, answers: dict | None = None, fail: bool = False, **options) -> None:
        super().__init__()
        self.instrument_id = instrument_id
        self.initial = answers
        self.options = options
        self.saved: list[dict] = []
        self.save_threads: set[str] = set()
        self.fail = fail
        self.closed_with: dict | None = None

    def on_mount(self) -> None:
        self.open_saver()
        self.push_screen(
            QuestionnaireScreen(self.instrument_id, "P[07]", "T1", answers=self.initial,
                                on_change=self.record, **self.options),
            self.closed,
        )

    def record(self, answers: dict) -> None:
        self.save_threads.add(threading.current_thread().name)
        if self.fail:
            raise OSError("disk full")
        self.saved.append(answers)

    def closed(self, answers: dict | None) -> None:
        self.closed_with = answers


def text(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector).content)


# ---------------------------------------------------------------- DUDIT

async def test_dudit_full_entry_gives_the_same_score_as_score_dudit():
    app = Host("dudit", sex="m")
    keys = ["3", "2", "2", "2", "1", "1", "1", "1", "2", "2", "3"]      # option numbers 1-5 / 1-3
    async with app.run_test(size=(110, 45)) as pilot:
        assert "Question 1/11" in text(app, "#progress")
        await pilot.press(*keys)
        await settle(pilot)
        expected = score_dudit([int(k) - 1 for k in keys], "m")
        assert expected.total == 2 + 1 + 1 + 1 + 0 + 0 + 0 + 0 + 1 + 2 + 4
        assert app.saved[-1] == {"items": [int(k) - 1 for k in keys], "sex": "m"}
        assert completion("dudit", app.saved[-1]) == "done"
        score = text(app, "#score")
        assert f"{expected.total}/44" in score
        assert "oui (seuil ≥ 6, homme)" in score and "Dépendance probable : non (seuil ≥ 25)" in score
        assert "année écoulée" in score                     # the past-year note
        assert all(name != "MainThread" for name in app.save_threads)


async def test_dudit_shows_the_drug_list_and_the_working_translation_note():
    app = Host("dudit", sex="m")
    async with app.run_test(size=(100, 30)) as pilot:
        drugs = text(app, "#drug-list")
        assert "Cannabis : marijuana" in drugs and "que ce que le médecin a prescrit" in drugs
        assert "traduction de travail" in text(app, "#q-instructions")
        body = app.screen.query_one("#q-body")
        assert body.max_scroll_y > 0 and body.scroll_y == 0     # 30 lines: the list is below the form
        await pilot.press("l")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y               # l shows the list...
        await pilot.press("l")
        await pilot.pause()
        assert body.scroll_y == 0                               # ...and l again the question
        await pilot.press("l", "1")
        await pilot.pause()
        assert body.scroll_y == 0                               # answering brings the next question back
        await pilot.press(*"11111111")
        assert text(app, "#item-text").startswith("10. Vous-même ou quelqu'un d'autre a-t-il été blessé")


async def test_dudit_women_cutoff_and_out_of_range_key():
    app = Host("dudit", sex="f")
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.press(*"2111111111")                  # items 1-10: total 1
        await pilot.press("5")                              # item 11 has 3 options: ignored
        assert text(app, "#progress").startswith("Question 11/11")
        await pilot.press("2")                              # "yes, but not in the past year" = 2
        await settle(pilot)
        assert app.saved[-1]["items"][10] == 1
        assert "3/44" in text(app, "#score") and "oui (seuil ≥ 2, femme)" in text(app, "#score")


async def test_dudit_interrupted_form_resumes_at_the_first_unanswered_item():
    app = Host("dudit")
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.press("1", "2", "3", "4")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        saved = app.saved[-1]
        assert saved["items"][:5] == [0, 1, 2, 3, None]
        assert app.closed_with == saved
        assert completion("dudit", saved) == "partial"
    resumed = Host("dudit", answers=saved)
    async with resumed.run_test(size=(110, 45)) as pilot:
        assert text(resumed, "#progress").startswith("Question 5/11 · 4")
        assert "Score affiché" in text(resumed, "#score")
        await pilot.press(*"1111111")                      # items 5-11
        await settle(pilot)
        assert resumed.saved[-1]["items"] == [0, 1, 2, 3] + [0] * 7
        assert "6/44" in text(resumed, "#score")


async def test_dudit_navigation_back_and_forward_changes_an_answer():
    app = Host("dudit")
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.press("1", "1", "left", "left")
        assert text(app, "#progress").startswith("Question 1/11")
        assert "● 1. Jamais" in text(app, "#choices")
        await pilot.press("5", "right", "pagedown", "pageup")      # answer 1, then 2 -> 3 -> 4 -> 3
        assert text(app, "#progress").startswith("Question 3/11")
        await settle(pilot)
        assert app.saved[-1]["items"][:3] == [4, 0, None]


async def test_a_failing_save_is_reported_not_raised():
    app = Host("dudit", fail=True)
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.press("1")
        await until(pilot, lambda: "disk full" in text(app, "#q-save"), "the failure is shown")
        assert "NON ENREGISTRÉ" in text(app, "#q-save")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.saver.pending == 1, "kept to be retried"
        app.fail = False
        await until(pilot, lambda: app.saved and "Enregistré" in text(app, "#q-save"), "saved on a retry",
                    tries=500)


# ---------------------------------------------------------------- CEQ

async def test_ceq_records_the_product_first_then_scores():
    app = Host("ceq-s", product="GHB")
    async with app.run_test(size=(110, 45)) as pilot:
        field = app.screen.query_one("#product")
        assert field.has_focus and field.value == "GHB"
        field.value = "3-MMC [cristaux]"                    # brackets stay literal
        await pilot.press("enter")
        assert text(app, "#product-line") == "Produit : 3-MMC [cristaux]"
        assert "3-MMC [cristaux]" in text(app, "#q-instructions")
        await pilot.press(*"987654321", "x")
        await settle(pilot)
        ratings = [9, 8, 7, 6, 5, 4, 3, 2, 1, 10]
        assert app.saved[-1] == {"items": ratings, "product": "3-MMC [cristaux]"}
        expected = score_ceq(ratings)
        assert (expected.intensity, expected.imagery, expected.intrusiveness) == (8.0, 4.5, 4.33)
        score = text(app, "#score")
        assert "Intensité : 8" in score and "Imagerie : 4,5" in score and "Intrusivité : 4,33" in score
        assert "5,5" in score                              # total 55 / 10
        assert "3-MMC [cristaux]" in text(app, "#q-instructions")


async def test_ceq_resume_skips_the_product_and_can_change_it():
    saved = {"items": [5, 5, None, None, None, None, None, None, None, None], "product": "kétamine"}
    app = Host("ceq-f", answers=saved)
    async with app.run_test(size=(110, 45)) as pilot:
        assert not app.screen.query_one("#product").display
        assert text(app, "#progress").startswith("Question 3/10")
        assert "kétamine" in text(app, "#product-line")
        await pilot.press("p")
        field = app.screen.query_one("#product")
        assert field.has_focus
        field.value = "GBL"
        await pilot.press("enter", "7")
        await settle(pilot)
        assert app.saved[-1] == {"items": [5, 5, 7] + [None] * 7, "product": "GBL"}
        assert completion("ceq-f", app.saved[-1]) == "partial"


async def test_ceq_at_t1_proposes_the_t0_product_and_keeps_it_with_enter():
    app = Host("ceq-s", baseline_product="3-MMC", baseline_timepoint="T0")
    async with app.run_test(size=(110, 45)) as pilot:
        field = app.screen.query_one("#product")
        assert field.has_focus and field.value == "3-MMC"
        assert "Produit évalué à T0\u00a0: 3-MMC" in text(app, "#product-intro")
        await pilot.press("enter", "5")
        await settle(pilot)
        assert app.saved[-1] == {"items": [5] + [None] * 9, "product": "3-MMC", "baseline_product": "3-MMC",
                                 "product_changed": False}


async def test_ceq_changing_the_t0_product_asks_and_is_recorded():
    app = Host("ceq-f", baseline_product="3-MMC", baseline_timepoint="T0")
    async with app.run_test(size=(110, 45)) as pilot:
        field = app.screen.query_one("#product")
        field.value = "GHB"
        await pilot.press("enter")
        assert "«\u00a03-MMC\u00a0»" in str(app.screen.query_one("Static").content)    # the confirmation names both
        await pilot.press("escape")                                           # no: back to the T0 product
        field = app.screen.query_one("#product")
        assert field.value == "3-MMC" and app.saved == []
        field.value = "GHB"
        await pilot.press("enter", "y")
        assert "changé\u00a0: 3-MMC à T0" in text(app, "#product-line")
        await pilot.press("7")
        await settle(pilot)
        assert app.saved[-1]["product"] == "GHB" and app.saved[-1]["product_changed"] is True
        assert app.saved[-1]["baseline_product"] == "3-MMC"


async def test_ceq_in_english():
    i18n.set_language("en")
    app = Host("ceq-f", product="crystal")
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.press("enter", *"0000000000")
        await settle(pilot)
        assert "Intensity: 0" in text(app, "#score") and "Item 10/10" in text(app, "#progress")


# ---------------------------------------------------------------- TLFB

ASSESSED = date(2025, 5, 15)      # window: 2025-04-15 .. 2025-05-14


async def test_tlfb_month_entered_with_keys():
    app = Host("tlfb", assessment_date=ASSESSED, marker_days={date(2025, 5, 3): "anniversaire [ami]"})
    async with app.run_test(size=(120, 60)) as pilot:
        screen = app.screen
        assert screen.form.cursor == date(2025, 4, 15)
        grid = text(app, "#grid")
        assert "WE" in grid and "★" in grid and grid.splitlines()[0].split()[0] == "lun"
        markers = text(app, "#markers")
        assert "Lundi de Pâques" in markers and "Victoire 1945" in markers and "anniversaire [ami]" in markers
        # 15 April: cathinones + GHB injected; 16: abstinent; 17: unknown; 18: alcohol
        await pilot.press("c", "g", "i", "right", "0", "u", "a")
        assert "Alcool" in text(app, "#day-detail")
        assert "Renseignés : 4/30" in text(app, "#summary")
        # last day: cocaine; then fill the rest as abstinent
        await pilot.press("end", "o", "equals_sign")
        await settle(pilot)
        answers = app.saved[-1]
        assert completion("tlfb", answers) == "done"
        assert answers["end"] == "2025-05-14" and answers["window_days"] == 30
        assert answers["days"]["2025-04-15"] == {"substances": ["cathinones", "ghb_gbl"], "injection": True,
                                                 "unknown": False, "sexual": False}
        assert answers["days"]["2025-04-17"]["unknown"] is True
        score = score_tlfb(tlfb_record_from_answers(answers))
        # alcohol alone (18 April) is not drug use and does not break the abstinent run
        assert (score.days_assessed, score.days_used, score.injection_days, score.alcohol_days) == (29, 2, 1, 1)
        assert score.days_since_last_use == 0 and score.longest_abstinent_streak == 26
        summary = text(app, "#summary")
        assert "Jours évalués : 29" in summary and "plus longue abstinence : 26 jours" in summary
        assert "Cocaïne 1" in summary and "Alcool (compté à part, pas une consommation de drogue)\u00a0: 1" in summary


async def test_tlfb_arrows_stay_in_the_window_and_clear_works():
    app = Host("tlfb", assessment_date=ASSESSED)
    async with app.run_test(size=(120, 60)) as pilot:
        form = app.screen.form
        await pilot.press("up", "left")
        assert form.cursor == date(2025, 4, 15)
        await pilot.press("down", "down")
        assert form.cursor == date(2025, 4, 29)
        await pilot.press("k", "k")                         # toggled on then off: abstinent, but filled
        assert form.status(date(2025, 4, 29)) == "0"
        await pilot.press("x")                              # "other" asks for its name
        assert app.screen.query_one("#other-input").has_focus
        app.screen.query_one("#other-input").value = "kratom [feuilles]"
        await pilot.press("enter")
        assert form.has_focus and "kratom [feuilles]" in text(app, "#day-detail")
        await pilot.press("backspace")
        assert form.status(date(2025, 4, 29)) == "·"
        await pilot.press("u")                               # unknown, and on to the next day
        assert form.status(date(2025, 4, 29)) == "?" and form.cursor == date(2025, 4, 30)
        await settle(pilot)
        assert app.saved[-1]["days"] == {"2025-04-29": {"substances": [], "injection": False, "unknown": True,
                                                        "sexual": False}}
        await pilot.press("left", "u")                       # unknown again: back to not filled in
        assert form.status(date(2025, 4, 29)) == "·"
        await settle(pilot)
        assert app.saved[-1]["days"] == {}


async def test_tlfb_assessment_date_is_shown_and_moves_the_window():
    app = Host("tlfb", assessment_date=ASSESSED)
    async with app.run_test(size=(120, 60)) as pilot:
        form = app.screen.form
        assert "jeudi 15 mai 2025" in text(app, "#assessment")
        assert form.end == date(2025, 5, 14) and form.start == date(2025, 4, 15)
        await pilot.press("c", "s")                         # 15 April: cathinones in a sexual context
        assert form.status(date(2025, 4, 15)) == "c+s" and "contexte sexuel" in text(app, "#day-detail")
        await pilot.press("d", "escape")                    # Esc leaves the field, not the screen
        assert isinstance(app.screen, QuestionnaireScreen) and form.has_focus
        assert not app.screen.query_one("#date-input").display
        await pilot.press("d")
        field = app.screen.query_one("#date-input")
        assert field.has_focus and field.value == "15/05/2025"
        field.value = "32/05/2025"                          # not a date: said, nothing moves
        await pilot.press("enter")
        assert form.end == date(2025, 5, 14) and field.has_focus
        field.value = "10/05/2025"                          # the interview was on 10 May
        await pilot.press("enter")
        assert form.end == date(2025, 5, 9) and form.start == date(2025, 4, 10) and form.has_focus
        assert "samedi 10 mai 2025" in text(app, "#assessment")
        await settle(pilot)
        saved = app.saved[-1]
        assert saved["assessment_date"] == "2025-05-10" and saved["end"] == "2025-05-09"
        assert saved["days"]["2025-04-15"]["sexual"] is True     # still inside the window: kept
        assert form.cursor == date(2025, 4, 10)             # the first day not filled in


async def test_tlfb_summary_reachable_with_page_keys_on_a_small_terminal():
    app = Host("tlfb", assessment_date=ASSESSED)
    async with app.run_test(size=(100, 30)) as pilot:
        body = app.screen.query_one("#q-body")
        assert body.max_scroll_y > 0 and body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0 and app.screen.form.cursor == date(2025, 4, 15)   # the day did not move
        await pilot.press("pageup")
        await pilot.pause()
        assert body.scroll_y == 0


async def test_tlfb_later_assessment_date_asks_before_dropping_days():
    app = Host("tlfb", assessment_date=ASSESSED)
    async with app.run_test(size=(120, 60)) as pilot:
        form = app.screen.form
        await pilot.press("g")                              # 15 April: GHB
        await pilot.press("d")
        app.screen.query_one("#date-input").value = "01/04/2025"
        await pilot.press("enter")                          # 15 April would fall outside: asked first
        await pilot.press("escape")                         # no
        assert form.end == date(2025, 5, 14)
        await pilot.press("d")
        app.screen.query_one("#date-input").value = "01/04/2025"
        await pilot.press("enter", "y")
        assert form.end == date(2025, 3, 31) and form.days == {}
        await settle(pilot)
        assert app.saved[-1]["days"] == {} and app.saved[-1]["assessment_date"] == "2025-04-01"


async def test_tlfb_resumes_its_window_and_first_unfilled_day():
    end = date(2025, 3, 30)
    days = {(end - timedelta(days=n)).isoformat(): {"substances": [], "injection": False, "unknown": False}
            for n in range(20, 30)}
    saved = {"end": end.isoformat(), "window_days": 30, "days": days}
    app = Host("tlfb", answers=saved, assessment_date=ASSESSED)
    async with app.run_test(size=(120, 60)) as pilot:
        form = app.screen.form
        assert form.end == end and form.cursor == date(2025, 3, 11)
        await pilot.press("m")
        await settle(pilot)
        assert app.saved[-1]["days"]["2025-03-11"]["substances"] == ["methamphetamine"]
        assert len(app.saved[-1]["days"]) == 11


async def test_saved_values_out_of_range_are_asked_again():
    saved = {"items": [0, 9, "2", True] + [0] * 7, "sex": "m"}
    app = Host("dudit", answers=saved)
    async with app.run_test(size=(110, 45)) as pilot:
        assert text(app, "#progress").startswith("Question 2/11 · 8")
        await pilot.press("2", "2", "2")
        await settle(pilot)
        assert app.saved[-1]["items"] == [0, 1, 1, 1] + [0] * 7
        assert "3/44" in text(app, "#score")
