"""Pilot tests of the observer's console: joining the running session, capture, pseudonymisation preview,
edits and deletions with history, literal display of brackets, waiting for a session."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from facilitator.core.pseudonymise import Roster
from facilitator.storage.repository import Store
from facilitator.tui.observer import ObserverApp, ObserverScreen, VerbatimList
from tests.tui.folder import DataFolder
from tests.tui.helpers import until

# invented names and a phone number from the range reserved for fiction
ROSTER = {"P01": ["Anatole"], "P02": ["Barnabé", "Barn"], "P03": ["Gaspard"], "F1": ["Ondine"]}
PHONE = "06 39 98 12 34"
SECRETS = ["Anatole", "Barnabé", "Gaspard", "Ondine", PHONE, "0639981234", "Kzyrr", "Vrenx"]


def Folder(tmp_path: Path, *, roster: bool = True) -> DataFolder:  # noqa: N802 - reads as the class it builds
    return DataFolder(tmp_path, roster=ROSTER if roster else None)


def screen_of(app: ObserverApp) -> ObserverScreen:
    screen = app.screen
    assert isinstance(screen, ObserverScreen)
    return screen


async def opened(pilot, app: ObserverApp, *, joined: bool = True) -> ObserverScreen:
    """The observer's screen once the folder is unlocked (and the running session joined)."""
    await until(pilot, lambda: isinstance(app.screen, ObserverScreen) and app.screen.query("#verbatims"),
                "unlocked")
    screen = screen_of(app)
    if joined:
        await until(pilot, lambda: screen.run_view is not None, "joined the running session")
    return screen


def plain(app: ObserverApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def list_text(app: ObserverApp) -> str:
    widget = app.screen.query_one("#verbatims", VerbatimList)
    return "\n".join(str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count))


async def type_line(pilot, app: ObserverApp, value: str) -> None:
    """Put `value` in the capture line and wait for the debounced preview of exactly that line."""
    screen = screen_of(app)
    screen.query_one("#capture", Input).value = value
    await until(pilot, lambda: screen.preview is not None and screen.preview.line == value, "preview")


async def press_and_save(pilot, app: ObserverApp, key: str = "enter") -> None:
    """Press `key` (Enter commits the line, F2 saves a dialog) and wait until the save queue is idle."""
    await pilot.press(key)
    assert app.saver is not None and app.saver.wait_idle(5), "the save queue never went idle"
    await pilot.pause()


def raw_files_contain(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                if needle.encode() in data or needle.encode("utf-16-le") in data:
                    found.append(f"{needle} in {path}")
    return found


def decrypted_contain(store: Store, needles: list[str]) -> list[str]:
    """Every document and the audit log, decrypted, searched for the needles (roster file excepted)."""
    import json

    found = []
    vault = store.vault
    for relpath in vault.list("", "*"):
        if relpath.endswith("roster.db"):
            continue
        text = json.dumps(vault.read(relpath), ensure_ascii=False)
        found += [f"{n} in {relpath}" for n in needles if n.casefold() in text.casefold()]
    audit = json.dumps(vault.read_audit(), ensure_ascii=False)
    found += [f"{n} in audit" for n in needles if n.casefold() in audit.casefold()]
    return found


async def test_capture_pseudonymises_before_saving(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    live = folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        first = live.session.agenda[0]
        assert first.title in plain(app, "#session-status")
        assert f"1/{len(live.session.agenda)}" in plain(app, "#session-status")

        await type_line(pilot, app, f"3: Anatole m'a donné son numéro, le {PHONE}, pour le week-end")
        await pilot.press("alt+c")
        await pilot.press("alt+l")
        preview = plain(app, "#preview")
        assert "P01" in preview and "[TÉLÉPHONE]" in preview
        assert "Anatole" not in preview and PHONE not in preview
        assert "P03" in plain(app, "#speaker-line")
        assert "☑ Alt+c Craving" in plain(app, "#themes-bar")
        assert "☑ Alt+l Alcool" in plain(app, "#themes-bar")
        assert screen.query_one("#capture", Input).value.startswith("3: Anatole")  # alt never types

        await press_and_save(pilot, app)
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert saved.text == "P01 m'a donné son numéro, le [TÉLÉPHONE], pour le week-end"
        assert saved.speaker == "P03"
        assert saved.themes == ["craving", "trigger_alcohol"]
        assert saved.item_id == first.id
        assert screen.query_one("#capture", Input).value == ""
        assert "✓" in list_text(app) and "P01 m'a donné" in list_text(app)
        assert "☑" not in plain(app, "#themes-bar")     # themes are cleared after each verbatim
        assert "P03" in plain(app, "#speaker-line")     # the speaker stays chosen

        # the facilitators move on: the observer follows, and the next verbatim gets the new item
        folder.next_item()
        second = live.session.agenda[1]
        await until(pilot, lambda: second.title in plain(app, "#session-status"), "followed the next item")
        assert f"2/{len(live.session.agenda)}" in plain(app, "#session-status")
        await type_line(pilot, app, "g: on en a parlé avec Barn hier")
        await press_and_save(pilot, app)
        latest = folder.store.verbatims(folder.cycle.id, 1)[-1]
        assert (latest.text, latest.speaker, latest.item_id) == ("on en a parlé avec P02 hier", "group", second.id)
    folder.stop()
    assert raw_files_contain(folder.dir, SECRETS) == []
    assert decrypted_contain(folder.store, SECRETS) == []


async def test_undo_a_replacement_and_mask_missed_words(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        await type_line(pilot, app, "f1: Gaspard a vu Kzyrr et {{Vrenx}} au parc")
        assert screen.preview is not None
        assert [s.span.replacement for s in screen.preview.spans] == ["P03", "[MASQUÉ]"]
        preview = plain(app, "#preview")
        assert "{{" not in preview and "Vrenx" not in preview and "Kzyrr" in preview

        # F4 selects the first detection, F5 undoes it: the word is kept as typed (underlined)
        await pilot.press("f4")
        assert "▸ «Gaspard» → P03" in plain(app, "#detections")
        await pilot.press("f5")
        assert plain(app, "#preview").startswith("Gaspard a vu")
        assert "«Gaspard» → gardé" in plain(app, "#detections")
        await pilot.press("f5")                     # and redoes it
        assert plain(app, "#preview").startswith("P03 a vu")
        await pilot.press("f5")                     # undone again for the save

        # F6 masks a word the detectors missed
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one("#mark-word", Input).value = "kzyrr"
        await pilot.press("enter")
        await pilot.pause()
        assert "[MASQUÉ] et [MASQUÉ]" in plain(app, "#preview")
        assert screen.query_one("#capture", Input).has_focus

        await press_and_save(pilot, app)
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert saved.text == "Gaspard a vu [MASQUÉ] et [MASQUÉ] au parc"   # exactly what the preview showed
        assert saved.speaker == "F1"
    folder.stop()


async def test_enter_commits_the_current_line_even_before_the_preview(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        screen.query_one("#capture", Input).value = f"2: rappelle Barnabé au {PHONE}"
        await press_and_save(pilot, app)    # before the debounced detection has run
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert (saved.text, saved.speaker) == ("rappelle P02 au [TÉLÉPHONE]", "P02")
    folder.stop()
    assert decrypted_contain(folder.store, SECRETS) == []


async def test_unknown_speaker_code_saves_nothing(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        await type_line(pilot, app, "12: je ne suis pas dans le cycle")
        assert "P12" in plain(app, "#preview")
        await press_and_save(pilot, app)
        assert folder.store.verbatims(folder.cycle.id, 1) == []
        assert screen.query_one("#capture", Input).value == "12: je ne suis pas dans le cycle"
    folder.stop()


async def test_edit_and_delete_keep_the_history(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        for line in ("1: premier verbatim", "2: deuxième verbatim"):
            await type_line(pilot, app, line)
            await pilot.press("enter")
            folder.clock.advance(5)
        assert app.saver.wait_idle(5)
        await pilot.pause()
        first, second = folder.store.verbatims(folder.cycle.id, 1)

        # arrows from the input: the newest is at the top; "down" goes to the older one
        await pilot.press("up")
        await pilot.press("down")
        assert screen.rows[screen.selected].verbatim.id == first.id
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#edit-text", Input).value = "premier verbatim, dit à Anatole"
        dialog.query_one("#edit-speaker", Input).value = "p3"
        dialog.query_one("#edit-themes", Input).value = "c s"
        dialog.query_one("#edit-reason", Input).value = "mauvais intervenant"
        await press_and_save(pilot, app, "f2")
        edited = {v.id: v for v in folder.store.verbatims(folder.cycle.id, 1)}[first.id]
        assert edited.text == "premier verbatim, dit à P01"
        assert (edited.speaker, edited.themes) == ("P03", ["craving", "sexuality"])
        [revision] = edited.history
        assert (revision.text, revision.speaker, revision.reason, revision.by) == (
            "premier verbatim", "P01", "mauvais intervenant", "observer")
        assert "(modifié)" in list_text(app)

        # F8 deletes the selected one, but only with a reason
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("enter")                  # no reason yet: refused
        assert app.screen.query_one("#delete-error", Static).render()
        app.screen.query_one("#delete-reason", Input).value = "doublon"
        await press_and_save(pilot, app)
        assert [v.id for v in folder.store.verbatims(folder.cycle.id, 1)] == [second.id]
        everything = {v.id: v for v in folder.store.verbatims(folder.cycle.id, 1, include_deleted=True)}
        deleted = everything[first.id]
        assert deleted.deleted and deleted.deleted_reason == "doublon"
        assert [r.action for r in deleted.history] == ["edit", "delete"]
        assert "premier verbatim" not in list_text(app)
    folder.stop()
    assert decrypted_contain(folder.store, SECRETS) == []


async def test_brackets_are_shown_literally(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    line = "il a dit [bold]jamais[/x] et [ puis [/] fin"
    async with app.run_test(size=(140, 45)) as pilot:
        await opened(pilot, app)
        await type_line(pilot, app, line)
        assert plain(app, "#preview") == line
        await pilot.press("enter")
        assert app.saver.wait_idle(5)
        await until(pilot, lambda: "✓" in list_text(app), "saved")
        assert line in list_text(app)
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert saved.text == line
    folder.stop()


async def test_waits_for_a_session_then_joins_and_sees_it_end(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app, joined=False)
        await until(pilot, lambda: "Aucune séance en cours" in plain(app, "#session-status"), "waiting")
        screen.query_one("#capture", Input).value = "3: gardé en mémoire"
        await pilot.press("enter")                  # nothing to save into: the line stays
        assert screen.query_one("#capture", Input).value == "3: gardé en mémoire"

        live = folder.start(2)
        first = live.session.agenda[0]
        await until(pilot, lambda: first.title in plain(app, "#session-status"), "joined when it started")
        await press_and_save(pilot, app)
        [saved] = folder.store.verbatims(folder.cycle.id, 2)
        assert (saved.text, saved.session, saved.item_id) == ("gardé en mémoire", 2, first.id)

        folder.clock.advance(120)
        folder.store.update_run(folder.cycle.id, 2, live.end(folder.clock.now(), []))
        folder.stop()
        await until(pilot, lambda: "terminée" in plain(app, "#session-status"), "saw the end")
        await pilot.pause(0.1)   # let the header finish its title update before the app closes
    assert folder.store.live_session() is None


async def test_missing_roster_warns_and_offers_the_editor(tmp_path: Path) -> None:
    folder = Folder(tmp_path, roster=False)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        assert "Aucune liste de prénoms" in plain(app, "#roster-warning")
        await type_line(pilot, app, "Kzyrr est arrivé en retard")
        assert "Kzyrr" in plain(app, "#preview")
        await pilot.press("f9")
        await until(pilot, lambda: app.screen.query("#roster-text"), "roster editor")
        from textual.widgets import TextArea

        await pilot.pause()
        app.screen.query_one("#roster-text", TextArea).text = "P01: Kzyrr\n"
        await pilot.press("f2")
        assert app.saver.wait_idle(5)
        await until(pilot, lambda: isinstance(app.screen, ObserverScreen), "back to capture")
        assert not screen.query_one("#roster-warning", Static).display
        await until(pilot, lambda: "P01 est arrivé" in plain(app, "#preview"), "new roster used")
        engine = screen.engine
        screen.roster_changed(folder.store.load_roster(folder.cycle.id))   # the poll reading it again
        assert screen.engine is engine                  # same roster: no new engine, no second detection
    folder.stop()
    assert folder.store.load_roster(folder.cycle.id).code_of("Kzyrr") == "P01"


async def test_model_loads_in_the_background_while_capture_works(tmp_path: Path) -> None:
    import threading

    release = threading.Event()

    def fake_ner(text: str) -> list[tuple[int, int, str]]:
        start = text.find("Quillon")
        return [(start, start + len("Quillon"), "PER")] if start >= 0 else []

    def slow_loader():
        release.wait(10)
        return fake_ner

    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer(ner_loader=slow_loader)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        assert "modèle : chargement…" in plain(app, "#model-status")
        await type_line(pilot, app, "1: Quillon et Anatole sont venus")
        assert plain(app, "#preview") == "Quillon et P01 sont venus"     # roster + patterns only
        await pilot.press("enter")
        assert app.saver.wait_idle(5)

        release.set()
        await until(pilot, lambda: "modèle : prêt" in plain(app, "#model-status"), "model ready")
        await type_line(pilot, app, "1: Quillon et Anatole sont revenus")
        assert plain(app, "#preview") == "[PRÉNOM] et P01 sont revenus"
        await press_and_save(pilot, app)
        texts = [v.text for v in folder.store.verbatims(folder.cycle.id, 1)]
        assert texts == ["Quillon et P01 sont venus", "[PRÉNOM] et P01 sont revenus"]
        assert screen.query_one("#capture", Input).has_focus
    folder.stop()


async def test_f3_cycles_speakers_and_the_choice_stays(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        seen = []
        for _ in range(6):
            await pilot.press("f3")
            seen.append(screen.speaker)
        assert seen == ["P01", "P02", "P03", "F1", "group", "unknown"]
        assert "Intervenant : inconnu" in plain(app, "#speaker-line")
        await pilot.press("f3", "f3")
        assert "Intervenant : P02" in plain(app, "#speaker-line")
        await type_line(pilot, app, "sans préfixe")
        await press_and_save(pilot, app)
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert saved.speaker == "P02"
    folder.stop()


async def test_a_roster_edited_in_the_console_is_used_at_once(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        await opened(pilot, app)
        await type_line(pilot, app, "Kzyrr est arrivé")
        assert plain(app, "#preview") == "Kzyrr est arrivé"
        folder.store.save_roster(folder.cycle.id, Roster.from_mapping({**ROSTER, "P03": ["Gaspard", "Kzyrr"]}))
        await until(pilot, lambda: plain(app, "#preview") == "P03 est arrivé", "new roster used")
    folder.stop()


async def test_near_match_venue_and_theme_are_proposed_and_need_a_key(tmp_path: Path) -> None:
    folder = Folder(tmp_path)
    folder.start()
    app = folder.observer()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await opened(pilot, app)
        line = "2: Gaspart dit que le samedi au sauna Zéphyrine c'était d'Anatole l'idée"
        await type_line(pilot, app, line)
        preview = plain(app, "#preview")
        assert "Gaspart" not in preview and "[PRÉNOM]" in preview     # masked before anything is accepted
        assert "de P01 l'idée" in preview                              # the elision reads as French
        assert "sauna Zéphyrine" in preview                            # a venue is not masked on its own
        details = plain(app, "#detections")
        assert "P03\u202f? Ctrl+Y" in details and "à vérifier" in details
        assert "Week-end et temps libre" in details and "Ctrl+T" in details
        assert "☑" not in plain(app, "#themes-bar")                     # a suggestion is never applied alone

        await pilot.press("ctrl+y")                                    # the misspelt name gets its code
        assert plain(app, "#preview").startswith("P03 dit que")
        assert "Ctrl+Y" not in plain(app, "#detections")
        index = next(i for i, item in enumerate(screen.preview.spans) if item.check)
        screen.selected_span = index
        await pilot.press("f5")                                        # the observer masks the venue
        assert "[LIEU]" in plain(app, "#preview")
        await pilot.press("ctrl+t")                                    # and accepts the suggested theme
        assert "☑ Alt+w Week-end et temps libre" in plain(app, "#themes-bar")

        await press_and_save(pilot, app)
        [saved] = folder.store.verbatims(folder.cycle.id, 1)
        assert saved.text == "P03 dit que le samedi au [LIEU] c'était de P01 l'idée"
        assert saved.themes == ["trigger_weekend"]
    folder.stop()
    secrets = [*SECRETS, "Gaspart", "Zéphyrine"]
    assert raw_files_contain(folder.dir, secrets) == []
    assert decrypted_contain(folder.store, secrets) == []
