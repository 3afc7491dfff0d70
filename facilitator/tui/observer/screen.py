"""The observer's screen: status of the running session, the capture line, its preview and the list.

The raw line typed by the observer stays in the input widget and in memory; only the preview's
pseudonymised text is handed to the save queue.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from facilitator.core.capture import (
    UNKNOWN,
    CaptureEngine,
    Choices,
    Preview,
    make_verbatim,
    speaker_cycle,
    speaker_label,
    word_occurrences,
)
from facilitator.core.clock import format_mmss, local_hhmm
from facilitator.core.live import LiveSession as LiveRun
from facilitator.core.live import append_flag, message_appender
from facilitator.core.models import Cycle, Flag, RoomMessage, SessionRun, SessionStatus, Verbatim, new_id
from facilitator.core.programme import CrisisCard
from facilitator.core.pseudonymise import NerFn, Pseudonymiser, Roster, warm_up
from facilitator.core.themes import ThemeSuggester
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.storage.watch import Joined, Left, LiveWatcher, RosterRead, RunRead, VerbatimsRead
from facilitator.tui.observer.dialogs import (
    DeleteVerbatimScreen,
    EditVerbatimScreen,
    MarkWordScreen,
    ObserverHelpScreen,
)
from facilitator.tui.observer.messages import FolderChecked, FolderCheckFailed, PreviewComputed
from facilitator.tui.observer.widgets import CaptureInput, Row, VerbatimList, render_preview

if TYPE_CHECKING:
    from facilitator.tui.observer.app import ObserverApp

DEBOUNCE_S = 0.15


class ObserverScreen(Screen):
    """Status of the running session, the capture line, its pseudonymised preview and the list."""

    CSS_PATH = "observer.tcss"

    BINDINGS = [
        Binding("f1", "help", t("observer.key_help"), id="obs_help"),
        Binding("f7", "crisis_cards", t("safety.key_cards"), id="obs_crisis_cards"),
        Binding("f2", "edit", t("observer.key_edit"), id="obs_edit"),
        Binding("f3", "next_speaker", t("observer.key_speaker"), id="obs_speaker"),
        Binding("f4", "next_span", t("observer.key_span_next"), id="obs_span_next"),
        Binding("f5", "toggle_span", t("observer.key_span_toggle"), id="obs_span_toggle"),
        Binding("f6", "mark_word", t("observer.key_mark"), id="obs_mark"),
        Binding("f8", "delete", t("observer.key_delete"), id="obs_delete"),
        Binding("f9", "roster", t("observer.key_roster"), id="obs_roster"),
        Binding("f10", "room_message", t("room.key_message"), id="obs_message"),
        Binding("ctrl+y", "accept_proposal", t("assist.key_accept"), id="obs_accept", priority=True),
        Binding("ctrl+t", "accept_themes", t("assist.key_themes"), id="obs_themes", priority=True),
        Binding("up", "select(1)", t("observer.key_up"), id="obs_up", show=False),
        Binding("down", "select(-1)", t("observer.key_down"), id="obs_down", show=False),
        Binding("escape", "deselect", t("observer.key_deselect"), id="obs_deselect", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cycle: Cycle | None = None
        self.number: int | None = None
        self.run_view: LiveRun | None = None
        self.engine: CaptureEngine | None = None
        self.roster: Roster | None = None
        self.rows: list[Row] = []                  # newest first
        self.selected: int | None = None           # index in rows
        self.speaker = UNKNOWN
        self.no_quotation: frozenset[str] = frozenset()
        self.themes: list[str] = []                # theme ids, in codebook order
        self.choices = Choices()
        self.preview: Preview | None = None
        self.selected_span: int | None = None
        self.ended = False
        self.left = False
        self._debounce: Timer | None = None
        self._stop = threading.Event()
        self._watch_error = ""

    @property
    def observer_app(self) -> ObserverApp:
        """The app, typed (this screen only runs inside `ObserverApp`)."""
        return cast("ObserverApp", self.app)

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="observer"):
            yield Static(t("observer.waiting"), id="session-status", markup=False)
            yield Static("", id="room-line", markup=False)
            yield Static("", id="model-status", markup=False)
            yield Static("", id="roster-warning", markup=False)
            yield Static("", id="speaker-line", markup=False)
            yield Static("", id="themes-bar", markup=False)
            yield CaptureInput(placeholder=t("observer.placeholder"), id="capture")
            yield Static(t("observer.preview_label"), id="preview-label", classes="hint", markup=False)
            yield Static(Text(t("observer.preview_empty")), id="preview")
            yield Static("", id="detections")
            yield Static(t("observer.list_title"), classes="hint", markup=False)
            yield VerbatimList(id="verbatims")
        yield Static("", classes="save-status", markup=False)
        yield Footer(show_command_palette=False)   # Ctrl+P still opens it; the F-keys need the room

    def on_mount(self) -> None:
        app = self.observer_app
        for theme in app.programme.codebook:
            self._bindings.bind(f"alt+{theme.key}", f"toggle_theme('{theme.id}')",
                                t("observer.key_theme", label=theme.label), show=False, priority=True)
        self.query_one("#roster-warning", Static).display = False
        self.query_one("#capture", Input).focus()
        self.refresh_model_status()
        self.refresh_capture_bar()
        self.refresh_list()
        self.watch_folder()
        self.set_interval(0.5, self.refresh_session_status)

    def on_unmount(self) -> None:
        self._stop.set()

    # -- the poll -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="observer-watch")
    def watch_folder(self) -> None:
        """Check the folder every `poll_s` seconds for the running session and its changes."""
        app = self.observer_app
        worker = get_current_worker()
        assert app.store is not None
        warm_up()   # the word lists, read here so that joining a session never waits for them
        watcher = LiveWatcher(app.store)
        while not worker.is_cancelled and not self._stop.is_set():
            try:
                changes = watcher.check()
            except UserError as exc:
                self.post_message(FolderCheckFailed(exc.message))
            except OSError as exc:
                self.post_message(FolderCheckFailed(type(exc).__name__))
            else:
                for change in changes:
                    self.post_message(FolderChecked(change))
                if self._watch_error:
                    self.post_message(FolderCheckFailed(""))
            self._stop.wait(app.poll_s)

    @on(FolderCheckFailed)
    def folder_check_failed(self, message: FolderCheckFailed) -> None:
        self._watch_error = message.error
        self.refresh_session_status()

    @on(FolderChecked)
    def folder_checked(self, message: FolderChecked) -> None:
        change = message.change
        if isinstance(change, Joined):
            self._join(change)
        elif isinstance(change, Left):
            self.left = True
            self.refresh_session_status()
        elif isinstance(change, RunRead):
            self._set_run(change.run)
        elif isinstance(change, RosterRead):
            if self.cycle is not None and change.cycle_id == self.cycle.id:
                self.roster_changed(change.roster)
        elif isinstance(change, VerbatimsRead):
            if self.cycle is not None and (change.cycle_id, change.number) == (self.cycle.id, self.number):
                self._set_saved(change.verbatims)

    def _join(self, joined: Joined) -> None:
        app = self.observer_app
        self.cycle = joined.cycle
        self.number = joined.live.number
        self.ended = self.left = False
        self.rows = []
        self.selected = None
        self.speaker = UNKNOWN
        self.no_quotation = joined.no_quotation
        self._set_roster(joined.roster)
        self._set_run(joined.run)
        self._set_saved(joined.verbatims)
        session = app.programme.session(self.number)
        self.sub_title = t("observer.session_title", cycle=joined.cycle.label, n=self.number,
                           title=session.title)
        self.notify(t("observer.joined", n=self.number), markup=False)
        self.refresh_capture_bar()
        self.schedule_preview()

    def _speaker_shown(self, code: str) -> str:
        """The speaker's label, marked when he refused quotation (his words are kept out of every export's quotes)."""
        label = speaker_label(code)
        return f"{label} {t('participant.no_quotation_mark')}" if code in self.no_quotation else label

    def _set_roster(self, roster: Roster) -> None:
        app = self.observer_app
        assert self.cycle is not None
        self.roster = roster
        pseudonymiser = Pseudonymiser(roster, ner=app.ner)
        self.engine = CaptureEngine(pseudonymiser, self.cycle.participants,
                                    [f.code for f in self.cycle.facilitators],
                                    ThemeSuggester(app.programme.codebook))
        self.engine.ner_ready = app.ner is not None
        warning = self.query_one("#roster-warning", Static)
        warning.update(t("observer.roster_missing") if not roster.entries else "")
        warning.display = not roster.entries
        self.refresh_model_status()
        self.preview = None

    def _set_run(self, run: SessionRun) -> None:
        app = self.observer_app
        if self.number is None or run.number != self.number:
            return
        session = app.programme.session(self.number)
        known = {m.id for m in self.run_view.run.messages} if self.run_view is not None else None
        self.run_view = LiveRun(run, session, app.programme.programme.session_minutes)
        self.ended = run.status == SessionStatus.DONE
        self.refresh_session_status()
        self._show_messages(run, known)

    def _show_messages(self, run: SessionRun, known: set[str] | None) -> None:
        """The message line with the facilitators: the last two lines, and a notice for a new answer."""
        assert self.cycle is not None
        initials = {f.code: f.initials for f in self.cycle.facilitators}
        lines = []
        for message in run.messages[-2:]:
            who = t("room.observer") if message.author == "observer" else initials.get(message.author,
                                                                                        message.author)
            lines.append(f"{local_hhmm(message.at)} " + t("room.message_from", who=who, text=message.text))
        self.query_one("#room-line", Static).update("\n".join(lines))
        if known is not None:
            for message in run.messages:
                if message.id not in known and message.author != "observer":
                    self.notify(t("room.message_from", who=initials.get(message.author, message.author),
                                  text=message.text), timeout=12, markup=False)

    def action_room_message(self) -> None:
        """A short message to the facilitators ("5 min"), pseudonymised, saved with the session."""
        app = self.observer_app
        store = app.store
        if self.run_view is None or self.cycle is None or self.engine is None or store is None:
            self.notify(t("observer.waiting"), markup=False)
            return
        from facilitator.tui.screens.live import LineScreen

        pseudonymise = self.engine.pseudonymiser.pseudonymise
        cycle_id, number = self.cycle.id, self.run_view.run.number
        last = next((m for m in reversed(self.run_view.run.messages) if m.author != "observer"), None)

        def written(text: str | None) -> None:
            self.query_one("#capture", Input).focus()
            if not text:
                return
            message = RoomMessage(id=new_id("m"), text=pseudonymise(text), author="observer", at=self.now(),
                                  reply_to=last.id if last else None)
            app.save(t("room.what_message"), lambda: store.update_run(cycle_id, number, message_appender(message)))
            if self.run_view is not None:
                self.run_view.run.messages.append(message)
                self._show_messages(self.run_view.run, None)

        self.app.push_screen(LineScreen(t("room.message_to_facilitators"), t("room.message_help"), "",
                                        max_length=140), written)

    def _set_saved(self, verbatims: list[Verbatim]) -> None:
        saved_ids = {v.id for v in verbatims}
        pending = [row for row in self.rows if not row.saved and row.verbatim.id not in saved_ids]
        selected_id = self.rows[self.selected].verbatim.id if self.selected is not None else None
        rows = pending + [Row(v, True) for v in sorted(verbatims, key=lambda v: v.at, reverse=True)]
        self.rows = rows
        self.selected = next((i for i, row in enumerate(rows) if row.verbatim.id == selected_id), None)
        self.refresh_list()

    # -- status lines ---------------------------------------------------------------
    def now(self) -> float:
        return self.observer_app.clock.now()

    def refresh_session_status(self) -> None:
        status = self.query_one("#session-status", Static)
        error = f"\n{t('observer.poll_failed', error=self._watch_error)}" if self._watch_error else ""
        if self.run_view is None or self.number is None:
            status.update(t("observer.waiting") + error)
            return
        state = self.run_view.state(self.now())
        agenda = self.run_view.session.agenda
        item = agenda[state.current]
        if not state.started:
            line = t("observer.not_started")
        elif state.ended or self.ended:
            line = t("observer.item_ended", index=state.current + 1, count=len(agenda), title=item.title,
                     elapsed=format_mmss(state.elapsed_s))
        elif state.item_remaining_s < 0:
            line = t("observer.item_overtime", index=state.current + 1, count=len(agenda), title=item.title,
                     over=format_mmss(-state.item_remaining_s), elapsed=format_mmss(state.elapsed_s))
        else:
            line = t("observer.item_status", index=state.current + 1, count=len(agenda), title=item.title,
                     remaining=format_mmss(state.item_remaining_s), elapsed=format_mmss(state.elapsed_s))
        if state.paused:
            line += " · " + t("observer.paused")
        if self.ended or state.ended:
            line += "\n" + t("observer.ended", n=self.number)
        elif self.left:
            line += "\n" + t("observer.left", n=self.number)
        status.update(line + error)

    def refresh_model_status(self) -> None:
        app = self.observer_app
        parts = [app.model_status]
        if self.roster is not None and self.roster.entries:
            parts.append(t("observer.roster_count", n=len(self.roster.entries)))
        self.query_one("#model-status", Static).update(" · ".join(parts))

    def refresh_capture_bar(self) -> None:
        app = self.observer_app
        preview = self.preview
        line_speaker = preview.speaker if preview is not None and preview.speaker else None
        speaker = self._speaker_shown(line_speaker or self.speaker)
        text = t("observer.speaker", speaker=speaker)
        if line_speaker:
            text += " " + t("observer.speaker_from_line")
        active = [app.programme.theme(theme_id).label for theme_id in self.themes]
        text += "   " + t("observer.themes") + " " + (", ".join(active) or t("observer.themes_none"))
        self.query_one("#speaker-line", Static).update(text)
        widget = self.query_one("#themes-bar", Static)
        width = max(40, (widget.content_size.width or self.app.size.width - 4))
        bar = Text()
        line_length = 0
        for theme in app.programme.codebook:
            on_ = theme.id in self.themes
            entry = f"{'☑' if on_ else '☐'} Alt+{theme.key} {theme.label}"
            # wrap between entries, never inside one
            if line_length and line_length + 2 + len(entry) > width:
                bar.append("\n")
                line_length = 0
            elif line_length:
                bar.append("  ")
                line_length += 2
            start = len(bar)
            bar.append(entry)
            if on_:
                bar.stylize("reverse", start, len(bar))
            line_length += len(entry)
        widget.update(bar)

    def on_resize(self) -> None:
        self.refresh_capture_bar()

    # -- the preview ----------------------------------------------------------------
    @on(Input.Changed, "#capture")
    def capture_changed(self) -> None:
        """Only schedule the preview: the speaker line is redrawn when the preview is shown."""
        self.schedule_preview()

    def schedule_preview(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, self._launch_preview)

    def _launch_preview(self) -> None:
        self._debounce = None
        if self.engine is None:
            return
        line = self.query_one("#capture", Input).value
        if not line.strip():
            self._show_preview(None)
            return
        self.compute_preview(self.engine, line, self.choices)

    @work(thread=True, exclusive=True, group="observer-preview")
    def compute_preview(self, engine: CaptureEngine, line: str, choices: Choices) -> None:
        self.post_message(PreviewComputed(engine.preview(line, choices)))

    @on(PreviewComputed)
    def preview_computed(self, message: PreviewComputed) -> None:
        preview = message.preview
        if self.engine is None or preview.line != self.query_one("#capture", Input).value:
            return  # stale: the line changed meanwhile; a newer computation is on its way
        if preview.choices != self.choices:
            return
        self._show_preview(preview)

    def current_preview(self) -> Preview | None:
        """The preview of the line as it is now, computed on the spot if the worker's one is stale."""
        if self.engine is None:
            return None
        line = self.query_one("#capture", Input).value
        if not line.strip():
            return None
        if self.preview is None or not self.preview.matches(line, self.choices, self.engine.ner_ready):
            self._show_preview(self.engine.preview(line, self.choices))
        return self.preview

    def _show_preview(self, preview: Preview | None) -> None:
        self.preview = preview
        if preview is None or not preview.spans:
            self.selected_span = None
        elif self.selected_span is not None and self.selected_span >= len(preview.spans):
            self.selected_span = len(preview.spans) - 1
        widget = self.query_one("#preview", Static)
        details = self.query_one("#detections", Static)
        if preview is None:
            widget.update(Text(t("observer.preview_empty")))
            details.update("")
        elif preview.error:
            widget.update(Text("⚠ " + t("observer.unknown_speaker", code=preview.error)))
            details.update("")
        else:
            widget.update(render_preview(preview, self.selected_span))
            details.update(self._details(preview))
        self.refresh_capture_bar()

    def _details(self, preview: Preview) -> Text:
        out = self._detections(preview)
        suggested = self.suggested_themes(preview)
        if suggested:
            app = self.observer_app
            labels = ", ".join(app.programme.theme(theme_id).label for theme_id in suggested)
            out.append("\n" + t("assist.themes_suggested", labels=labels))
        return out

    def _detections(self, preview: Preview) -> Text:
        if not preview.spans:
            return Text(t("observer.detections_none"))
        out = Text(t("observer.detections", n=len(preview.spans)) + " ")
        for index, item in enumerate(preview.spans):
            span = item.span
            source = t(f"observer.source_{span.source}") if span.source in (
                "roster", "pattern", "phone", "lexicon", "ner", "manual") else t(f"assist.source_{span.source}") \
                if span.source in ("near", "quasi", "world") else span.source
            marker = "▸" if index == self.selected_span else "·"
            if item.check and not item.active:
                target = t("assist.to_check")
            else:
                target = span.replacement if item.active else t("observer.detection_kept")
            if item.proposal and item.active:
                target += " — " + t("assist.proposal", code=item.proposal)
            start = len(out)
            out.append(f"{marker} «{span.text}» → {target} ({source}) ")
            if index == self.selected_span:
                out.stylize("bold reverse", start, len(out) - 1)
            elif item.check and not item.active:
                out.stylize("bold yellow", start, len(out) - 1)
            elif not item.active:
                out.stylize("underline", start, len(out) - 1)
        return out

    def suggested_themes(self, preview: Preview | None) -> list[str]:
        """Themes the keywords suggest for the line and that are not on yet."""
        if preview is None or preview.error:
            return []
        return [theme_id for theme_id in preview.themes if theme_id not in self.themes]

    def action_accept_proposal(self) -> None:
        """Give a misspelt roster name the code it was proposed with (one key, Ctrl+Y)."""
        preview = self.current_preview()
        pending = preview.pending_proposals if preview is not None else []
        if preview is None or not pending:
            self.notify(t("assist.no_proposal"), markup=False)
            return
        index = self.selected_span if self.selected_span in pending else pending[0]
        item = preview.spans[index]
        self.choices = replace(self.choices, accepted=self.choices.accepted | {item.key},
                               kept=self.choices.kept - {item.key})
        self.notify(t("assist.accepted", word=item.span.text, code=item.proposal), markup=False)
        self._recompute_now()

    def action_accept_themes(self) -> None:
        """Turn on the themes the keywords suggest for this line (one key, Ctrl+T); never automatic."""
        suggested = self.suggested_themes(self.current_preview())
        if not suggested:
            self.notify(t("assist.no_themes"), markup=False)
            return
        app = self.observer_app
        order = [theme.id for theme in app.programme.codebook]
        self.themes = sorted({*self.themes, *suggested}, key=order.index)
        labels = ", ".join(app.programme.theme(theme_id).label for theme_id in suggested)
        self.notify(t("assist.themes_added", labels=labels), markup=False)
        if self.preview is not None:
            self._show_preview(self.preview)

    def action_next_span(self) -> None:
        preview = self.current_preview()
        if preview is None or not preview.spans:
            self.selected_span = None
            return
        if self.selected_span is None:
            self.selected_span = 0
        else:
            self.selected_span = (self.selected_span + 1) % len(preview.spans)
        self._show_preview(preview)

    def action_toggle_span(self) -> None:
        preview = self.current_preview()
        if preview is None or not preview.spans:
            return
        if self.selected_span is None:
            self.selected_span = 0
        item = preview.spans[self.selected_span]
        if item.check:   # a venue or employer: F5 masks it, or shows it again
            self.choices = replace(self.choices, flagged=self.choices.flagged ^ {item.key})
        else:
            self.choices = replace(self.choices, kept=self.choices.kept ^ {item.key})
        self._recompute_now()

    def mark_word(self, word: str) -> bool:
        """Mask every occurrence of `word` in the current line; False when it is not there."""
        word = word.strip()
        preview = self.current_preview()
        if not word or preview is None or not word_occurrences(preview.body, word):
            return False
        kept = frozenset(k for k in self.choices.kept if k != word.casefold())
        self.choices = replace(self.choices, kept=kept, marked=(*self.choices.marked, word))
        self._recompute_now()
        return True

    def action_mark_word(self) -> None:
        def done(word: str | None) -> None:
            if word and not self.mark_word(word):
                self.notify(t("observer.mark_not_found", word=word), markup=False)
            self.query_one("#capture", Input).focus()

        self.app.push_screen(MarkWordScreen(), done)

    def _recompute_now(self) -> None:
        if self.engine is None:
            return
        line = self.query_one("#capture", Input).value
        self._show_preview(self.engine.preview(line, self.choices) if line.strip() else None)

    # -- speaker and themes ---------------------------------------------------------
    def action_next_speaker(self) -> None:
        if self.cycle is None:
            return
        order = speaker_cycle(self.cycle.participants, [f.code for f in self.cycle.facilitators])
        index = order.index(self.speaker) if self.speaker in order else -1
        self.speaker = order[(index + 1) % len(order)]
        self.refresh_capture_bar()

    def action_toggle_theme(self, theme_id: str) -> None:
        app = self.observer_app
        if theme_id in self.themes:
            self.themes.remove(theme_id)
        else:
            order = [theme.id for theme in app.programme.codebook]
            self.themes = sorted([*self.themes, theme_id], key=order.index)
        self.refresh_capture_bar()

    # -- committing -----------------------------------------------------------------
    @on(Input.Submitted, "#capture")
    def commit(self) -> None:
        """Save exactly what the preview shows; the raw line is dropped once queued."""
        capture = self.query_one("#capture", Input)
        if not capture.value.strip():
            return
        if self.run_view is None or self.cycle is None or self.engine is None:
            self.notify(t("observer.no_session_commit"), severity="warning", markup=False)
            return
        preview = self.current_preview()
        if preview is None:
            return
        if preview.error:
            self.notify(t("observer.unknown_speaker", code=preview.error), severity="warning", markup=False)
            return
        if not preview.clean.strip():
            return
        speaker = preview.speaker or self.speaker
        verbatim = make_verbatim(cycle_id=self.cycle.id, run=self.run_view, now=self.now(), speaker=speaker,
                                 themes=self.themes, clean_text=preview.clean.strip())
        self.queue_verbatim(verbatim)
        self.speaker = speaker
        self.themes = []
        self.choices = Choices()
        self.selected_span = None
        capture.value = ""
        self._show_preview(None)

    def queue_verbatim(self, verbatim: Verbatim) -> None:
        app = self.observer_app
        store = app.store
        assert store is not None
        self.rows.insert(0, Row(verbatim, False))
        if self.selected is not None:
            self.selected += 1
        self.refresh_list()

        def save() -> None:
            store.add_verbatim(verbatim)

        def saved(_: object) -> None:
            for row in self.rows:
                if row.verbatim.id == verbatim.id:
                    row.saved = True
            self.refresh_list()

        app.save(t("observer.what_verbatim"), save, saved, replay=("verbatim", verbatim.model_dump(mode="json")))

    def typed_text(self) -> list[str]:
        """What quitting now would lose besides the save queue: a line typed but not committed."""
        if self.is_mounted and self.query_one("#capture", Input).value.strip():
            return [t("saving.typed_line")]
        return []

    # -- the list -------------------------------------------------------------------
    def refresh_list(self) -> None:
        app = self.observer_app
        widget = self.query_one("#verbatims", VerbatimList)
        widget.clear_options()
        if not self.rows:
            widget.add_option(Option(Text(t("observer.list_empty")), disabled=True))
            return
        item_numbers = {}
        if self.run_view is not None:
            item_numbers = {item_id: i + 1 for i, item_id in enumerate(self.run_view.run.item_ids)}
        labels = {theme.id: theme.label for theme in app.programme.codebook}
        options = []
        for index, row in enumerate(self.rows):
            v = row.verbatim
            state = t("observer.state_saved") if row.saved else t("observer.state_pending")
            if v.history:
                state += " " + t("observer.state_edited")
            marker = "▶ " if index == self.selected else "  "
            item = t("observer.item_short", n=item_numbers[v.item_id]) if v.item_id in item_numbers else v.item_id
            head = f"{marker}{local_hhmm(v.at)} · {format_mmss(v.elapsed_s)} · {item} · {self._speaker_shown(v.speaker)}"
            if v.themes:
                head += " · " + ", ".join(labels.get(theme, theme) for theme in v.themes)
            line = Text(head + " · ")
            line.append(v.text)      # literal: verbatims contain [ and ]
            line.append(f"  {state}")
            options.append(Option(line, id=v.id))
        widget.add_options(options)
        if self.selected is not None:
            widget.highlighted = self.selected

    def action_select(self, step: int) -> None:
        """Move the selection: +1 goes to older verbatims (up the screen is newer: step -1)."""
        if not self.rows:
            return
        # the list shows the newest first; "up" (step 1) moves towards the top = newer
        if self.selected is None:
            self.selected = 0
        else:
            self.selected = min(len(self.rows) - 1, max(0, self.selected - step))
        self.refresh_list()

    def action_deselect(self) -> None:
        if self.selected_span is not None:
            self.selected_span = None
            if self.preview is not None:
                self._show_preview(self.preview)
            return
        self.selected = None
        self.refresh_list()

    def _selected_row(self) -> Row | None:
        if not self.rows:
            self.notify(t("observer.nothing_selected"), markup=False)
            return None
        row = self.rows[self.selected if self.selected is not None else 0]
        if not row.saved:
            self.notify(t("observer.pending_wait"), markup=False)
            return None
        return row

    def action_edit(self) -> None:
        row = self._selected_row()
        if row is None or self.cycle is None or self.engine is None:
            return
        app = self.observer_app
        verbatim = row.verbatim
        number = verbatim.session
        cycle_id = verbatim.cycle_id

        def done(result: tuple[str, str, list[str], str] | None) -> None:
            self.query_one("#capture", Input).focus()
            if result is None:
                return
            text, speaker, themes, reason = result
            store = app.store
            assert store is not None

            revision_id = new_id("r")  # made once: a retried save records the edit once

            def save() -> Verbatim:
                return store.edit_verbatim(cycle_id, number, verbatim.id, text=text, themes=themes,
                                           speaker=speaker, reason=reason, by=app.actor, revision_id=revision_id)

            app.save(t("observer.what_edit"), save, self._revised)

        self.app.push_screen(EditVerbatimScreen(verbatim, self.engine, self.cycle, app.programme), done)

    def action_delete(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        app = self.observer_app
        verbatim = row.verbatim

        def done(reason: str | None) -> None:
            self.query_one("#capture", Input).focus()
            if not reason:
                return
            store = app.store
            assert store is not None

            revision_id = new_id("r")  # made once: a retried save records the deletion once

            def save() -> Verbatim:
                return store.delete_verbatim(verbatim.cycle_id, verbatim.session, verbatim.id, reason=reason,
                                             by=app.actor, revision_id=revision_id)

            app.save(t("observer.what_delete"), save, self._revised)

        self.app.push_screen(DeleteVerbatimScreen(verbatim), done)

    def _revised(self, verbatim: object) -> None:
        if not isinstance(verbatim, Verbatim):
            return
        if verbatim.deleted:
            self.rows = [row for row in self.rows if row.verbatim.id != verbatim.id]
            if self.selected is not None and self.selected >= len(self.rows):
                self.selected = len(self.rows) - 1 if self.rows else None
        else:
            for row in self.rows:
                if row.verbatim.id == verbatim.id:
                    row.verbatim = verbatim
        self.refresh_list()

    # -- roster, help ---------------------------------------------------------------
    def action_roster(self) -> None:
        if self.cycle is None:
            return
        from facilitator.tui.screens.cycle import RosterScreen

        def done(_: object) -> None:
            self.query_one("#capture", Input).focus()

        self.app.push_screen(RosterScreen(self.cycle), done)

    def roster_changed(self, roster: Roster) -> None:
        """The roster editor saved a new roster: detect with it from now on (the model is kept).

        An edit made here arrives twice (from the editor, then from the poll): the second is a no-op.
        """
        if self.cycle is not None and roster != self.roster:
            self._set_roster(roster)
            self.schedule_preview()

    def action_help(self) -> None:
        self.app.push_screen(ObserverHelpScreen())

    # -- safety: crisis cards and resources -----------------------------------------
    def action_crisis_cards(self) -> None:
        """The crisis cards (F7); a card's flag goes to the running session's file, pseudonymised."""
        from facilitator.tui.screens.safety import CrisisCardsScreen

        def back(_: object) -> None:
            self.query_one("#capture", Input).focus()

        codes = list(self.cycle.participants) if self.cycle is not None else []
        on_flag = self._save_card_flag if self.run_view is not None else None
        self.app.push_screen(CrisisCardsScreen(self.observer_app.programme, codes, on_flag), back)

    def action_resources(self) -> None:
        from facilitator.tui.screens.safety import ResourcesScreen

        self.app.push_screen(ResourcesScreen(self.observer_app.programme))

    def _save_card_flag(self, code: str, reason: str, card: CrisisCard) -> None:
        app = self.observer_app
        store = app.store
        if self.run_view is None or self.cycle is None or self.engine is None or store is None:
            return
        state = self.run_view.state(self.now())
        run = self.run_view.run
        flag = Flag(id=new_id("f"), participant=code, reason=self.engine.pseudonymiser.pseudonymise(reason),
                    item_id=run.item_ids[state.current] if run.item_ids else None, author=app.actor,
                    at=self.now(), category=card.category)
        cycle_id, number = self.cycle.id, run.number
        app.save(t("safety.what_card_flag"), lambda: store.update_run(cycle_id, number, append_flag(flag)))

    def model_loaded(self, ner: NerFn | None) -> None:
        if ner is not None and self.engine is not None:
            self.engine.set_ner(ner)
            self.preview = None
            self.schedule_preview()
        self.refresh_model_status()


