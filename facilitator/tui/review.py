"""The supervisor's review (`facilitator review`): read-only figures of a cycle, area by area.

The vault is opened read-only and the app has no save queue: nothing here writes or locks; the only
line it adds is to the audit log (who opened which cycle's review, and when), which is append-only.
Records are read and figures computed (`core.review.build_review`, the same figures as the
exports) in thread workers that post past-tense messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import cast

from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from facilitator.core.clock import Clock
from facilitator.core.formatting import day, tn
from facilitator.core.models import SESSIONS_PER_CYCLE, Cycle, SessionStatus, Verbatim
from facilitator.core.programme import Programme
from facilitator.core.review import CycleReview, build_review
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.reports.source import load_review_inputs
from facilitator.storage.repository import Store
from facilitator.storage.vault import KdfParams, Vault
from facilitator.tui.base import BaseApp
from facilitator.tui.loading import Loaded
from facilitator.tui.review_panes import (
    AuditPane,
    ExercisesPane,
    OverviewPane,
    QuestionnairesPane,
    SessionsPane,
    VerbatimsPane,
    tr,
)

TABS = ("overview", "sessions", "verbatims", "exercises", "questionnaires", "audit")


# ============================================================ messages (posted by workers)


class CyclesRead(Message):
    def __init__(self, cycles: list[tuple[Cycle, int]]) -> None:
        super().__init__()
        self.cycles = cycles


class ReadFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ReviewComputed(Message):
    """The figures of the cycle, and its deleted verbatims (whose history can be shown)."""

    def __init__(self, review: CycleReview, deleted: list[Verbatim]) -> None:
        super().__init__()
        self.review = review
        self.deleted = deleted


class AuditRead(Message):
    def __init__(self, records: list[dict]) -> None:
        super().__init__()
        self.records = records


# ============================================================ screens


class CycleListScreen(Screen):
    """The cycles of the data folder; Enter opens one."""

    HELP = t("review_tui.help_cycles")
    BINDINGS = [
        Binding("enter", "open", tr("key_open"), id="open", priority=False),
        Binding("r", "reload", tr("key_reload"), id="reload"),
        Binding("escape", "app.quit", t("common.quit"), id="quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cycles: list[Cycle] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(tr("cycles_title"), classes="screen-title", markup=False)
        yield Static(tr("read_only_banner"), classes="hint", markup=False)
        yield DataTable(id="cycles", cursor_type="row", zebra_stripes=True)
        yield Static(tr("loading"), id="cycles-status", markup=False, classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cycles", DataTable)
        for key in ("label", "kind", "site", "start", "participants", "sessions"):
            table.add_column(Text(tr(f"ccol_{key}")), key=key)
        self.read_cycles()

    @work(thread=True, exclusive=True, group="cycles")
    def read_cycles(self) -> None:
        store = cast("ReviewApp", self.app).store
        try:
            found = []
            for cycle in store.list_cycles():
                runs = store.runs(cycle.id)
                found.append((cycle, sum(1 for r in runs.values() if r.status == SessionStatus.DONE)))
        except UserError as exc:
            self.post_message(ReadFailed(exc.message))
            return
        self.post_message(CyclesRead(found))

    def on_cycles_read(self, message: CyclesRead) -> None:
        table = self.query_one("#cycles", DataTable)
        table.clear()
        self.cycles = [cycle for cycle, _ in message.cycles]
        for cycle, done in message.cycles:
            kind = tr("kind_demo") if cycle.demo else tr("kind_real")
            table.add_row(Text(cycle.label), Text(kind, style="bold" if cycle.demo else ""), Text(cycle.site),
                          Text(day(cycle.start_date)), Text(str(len(cycle.participants))),
                          Text(f"{done}/{SESSIONS_PER_CYCLE}"), key=cycle.id)
        status = tn("review_tui.cycles_count", len(self.cycles)) if self.cycles else tr("cycles_none")
        self.query_one("#cycles-status", Static).update(status)
        table.focus()

    def on_read_failed(self, message: ReadFailed) -> None:
        self.query_one("#cycles-status", Static).update(tr("read_failed", error=message.error))

    @on(DataTable.RowSelected, "#cycles")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#cycles", DataTable)
        if not self.cycles or table.cursor_row is None or table.cursor_row >= len(self.cycles):
            return
        self.app.push_screen(CycleReviewScreen(self.cycles[table.cursor_row]))

    def action_reload(self) -> None:
        self.query_one("#cycles-status", Static).update(tr("loading"))
        self.read_cycles()


class CycleReviewScreen(Screen):
    """One cycle, area by area in tabs (keys 1-6)."""

    BINDINGS = [
        Binding("1", "tab('overview')", tr("key_tabs"), id="tabs", key_display="1…6"),
        *(Binding(str(i + 1), f"tab('{name}')", tr(f"tab_{name}"), show=False, id=f"tab-{name}")
          for i, name in enumerate(TABS[1:], start=1)),
        Binding("r", "reload", tr("key_reload"), id="reload"),
        Binding("x", "export", t("room.key_export"), id="export"),
        Binding("escape", "back", tr("key_back"), id="back"),
    ]

    def action_export(self) -> None:
        """Export this cycle (format and destination chosen in a dialog); the export is audited."""
        from facilitator.tui.review_export import ExportScreen

        def chosen(choice: tuple[str, Path] | None) -> None:
            if choice is not None:
                self.notify(t("room.export_running"), markup=False)
                self.export(*choice)

        self.app.push_screen(ExportScreen(self.cycle.id), chosen)

    @work(thread=True, group="review-export")
    def export(self, fmt: str, out: Path) -> None:
        from facilitator.reports.export import check_output, export_cycle, record_export

        app: ReviewApp = self.app  # type: ignore[assignment]
        try:
            target = check_output(fmt, out)
            files = export_cycle(app.store, self.cycle.id, app.programme, fmt, target)
        except (UserError, OSError) as exc:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            app.post_message(Loaded(self._exported, "", message))
            return
        record_export(app.store.vault, self.cycle.id, fmt, False, len(files))
        app.post_message(Loaded(self._exported, str(target), ""))

    def _exported(self, target: str, error: str) -> None:
        if error:
            self.notify(t("room.export_failed", error=error), severity="error", timeout=15, markup=False)
        else:
            self.notify(t("room.export_done", path=target), timeout=15, markup=False)

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        self.cycle = cycle
        self.review: CycleReview | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        title = tr("review_title", label=self.cycle.label, site=self.cycle.site,
                   start=day(self.cycle.start_date))
        if self.cycle.demo:
            title = tr("demo_banner") + "  " + title
        facilitators = ", ".join(f"{f.code} {f.initials} ({f.role})" for f in self.cycle.facilitators)
        yield Static(Text(title, style="bold"), id="review-title")
        yield Static(Text(tr("review_subtitle", facilitators=facilitators)), id="review-subtitle",
                     classes="hint")
        with TabbedContent(id="tabs", initial="tab-overview"):
            with TabPane(f"1 {tr('tab_overview')}", id="tab-overview"):
                yield OverviewPane(id="overview-pane")
            with TabPane(f"2 {tr('tab_sessions')}", id="tab-sessions"):
                yield SessionsPane(id="sessions-pane")
            with TabPane(f"3 {tr('tab_verbatims')}", id="tab-verbatims"):
                yield VerbatimsPane(id="verbatims-pane")
            with TabPane(f"4 {tr('tab_exercises')}", id="tab-exercises"):
                yield ExercisesPane(id="exercises-pane")
            with TabPane(f"5 {tr('tab_questionnaires')}", id="tab-questionnaires"):
                yield QuestionnairesPane(id="questionnaires-pane")
            with TabPane(f"6 {tr('tab_audit')}", id="tab-audit"):
                yield AuditPane(id="audit-pane")
        yield Static("", id="review-status", markup=False, classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.load(opened=True)

    def on_resize(self, event: object) -> None:
        self.set_class(self.size.width < 110, "narrow")

    # -- workers ---------------------------------------------------------------------
    def load(self, *, opened: bool = False) -> None:
        self.query_one("#review-status", Static).update(tr("loading"))
        self.compute(self.cycle.id)
        self.read_audit(self.cycle.id if opened else None)

    @work(thread=True, exclusive=True, group="review")
    def compute(self, cycle_id: str) -> None:
        app: ReviewApp = self.app  # type: ignore[assignment]
        worker = get_current_worker()
        try:
            inputs = load_review_inputs(app.store, cycle_id, app.programme)
            review = build_review(inputs)
        except UserError as exc:
            self.post_message(ReadFailed(exc.message))
            return
        if not worker.is_cancelled:
            self.post_message(ReviewComputed(review, [v for v in inputs.verbatims if v.deleted]))

    @work(thread=True, exclusive=True, group="audit")
    def read_audit(self, opened: str | None = None) -> None:
        """The audit log, after recording (when the screen has just `opened` a cycle) who reviews it."""
        app: ReviewApp = self.app  # type: ignore[assignment]
        assert app.vault is not None
        if opened is not None:
            try:   # who, when, which cycle; a folder on read-only media is still reviewed
                app.vault.audit("review_open", actor="review", target=f"cycle {opened}", even_if_read_only=True)
            except (UserError, OSError):
                pass
        try:
            records = app.vault.read_audit()
        except UserError as exc:
            self.post_message(ReadFailed(exc.message))
            return
        self.post_message(AuditRead(records))

    # -- results ---------------------------------------------------------------------
    def on_review_computed(self, message: ReviewComputed) -> None:
        self.review = review = message.review
        self.query_one(OverviewPane).show(review)
        self.query_one(SessionsPane).show(review)
        self.query_one(VerbatimsPane).show(review, message.deleted)
        self.query_one(ExercisesPane).show(review)
        self.query_one(QuestionnairesPane).show(review)
        self.query_one("#review-status", Static).update(tr("status_ready"))

    def on_audit_read(self, message: AuditRead) -> None:
        self.query_one(AuditPane).show(message.records, self.cycle.id)

    def on_read_failed(self, message: ReadFailed) -> None:
        self.query_one("#review-status", Static).update(tr("read_failed", error=message.error))
        self.query_one(AuditPane).failed(message.error)

    # -- actions ---------------------------------------------------------------------
    def action_tab(self, name: str) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # digits typed in the search field stay there
        self.query_one(TabbedContent).active = f"tab-{name}"

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self.focus_tab(event.pane.id.removeprefix("tab-"))

    def focus_tab(self, name: str) -> None:
        """Focus the main widget of tab `name` once shown, if that tab is still the active one."""
        target = {"overview": "#attendance", "sessions": "#session-list", "verbatims": "#verbatim-table",
                  "exercises": "#ex-groups", "questionnaires": "#questionnaires-pane",
                  "audit": "#audit-table"}[name]

        def focus() -> None:
            if self.query_one(TabbedContent).active == f"tab-{name}":
                self.set_focus(self.query_one(target))
                if name == "overview":  # keep the summary in view on short terminals
                    self.call_after_refresh(self.query_one(OverviewPane).scroll_home, animate=False)

        self.call_after_refresh(focus)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()


# ============================================================ the app


class ReviewApp(BaseApp):
    """Read-only review of the cycles of a data folder, for supervisors and the team."""

    CSS_PATH = ["app.tcss", "review.tcss"]
    read_only = True
    AUDIT_ACTOR = "review"
    BINDINGS = [
        Binding("f1", "toggle_help", tr("key_help"), id="help"),
        Binding("ctrl+l", "lock", tr("key_lock"), id="lock", show=False),
        Binding("ctrl+q", "quit", t("common.quit"), id="quit", priority=True),
    ]

    def __init__(self, *, data_dir: Path, programme: Programme, clock: Clock | None = None,
                 passphrase: str | None = None, kdf: KdfParams | None = None,
                 idle_lock_s: float = 600.0) -> None:
        super().__init__(data_dir=data_dir, clock=clock, passphrase=passphrase, kdf=kdf,
                         idle_lock_s=idle_lock_s)
        self.programme = programme
        self.store: Store = None  # type: ignore[assignment]  # set once unlocked

    @on(events.Mount)   # runs before BaseApp.on_mount, which it can stop (not named on_mount: not an override)
    def refuse_uninitialised_folder(self, event: events.Mount) -> None:
        if not Vault.is_initialised(self.data_dir):
            # BaseApp would offer to create a data folder: a review never creates anything.
            self.exit(1, message=f"facilitator: {tr('not_initialised', folder=str(self.data_dir))}")
            event.prevent_default()

    def after_unlock(self, vault: Vault) -> None:
        assert vault.read_only, "the review opens the data folder read-only"
        self.store = Store(vault, self.clock)
        self.sub_title = tr("subtitle")
        self.push_screen(CycleListScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then every key of the current screen and of its tabs, named "revue : …"."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(tr("cmd_lock"), tr("cmd_lock_help"), self.action_lock)
        # (widget the action runs on, tab to show first or "", binding)
        entries: list[tuple[Widget, str, Binding]] = [(screen, "", b) for b in screen.BINDINGS
                                                      if isinstance(b, Binding)]
        if isinstance(screen, CycleReviewScreen):
            for i, name in enumerate(TABS, start=1):
                def go(name: str = name) -> None:
                    self.call_later(screen.run_action, f"tab('{name}')")

                yield SystemCommand(tr("cmd_entry", what=tr("tab_" + name)), tr("cmd_tab_help", number=i), go)
            for pane, tab in ((VerbatimsPane, "verbatims"), (ExercisesPane, "exercises"),
                              (QuestionnairesPane, "questionnaires")):
                widget = screen.query_one(pane)
                entries.extend((widget, tab, b) for b in pane.BINDINGS if isinstance(b, Binding))
        for owner, tab, binding in entries:
            if not binding.description or binding.action.startswith("tab("):
                continue

            def run(action: str = binding.action, owner: Widget = owner, tab: str = tab) -> None:
                if tab:
                    screen.query_one(TabbedContent).active = f"tab-{tab}"
                self.call_later(owner.run_action, action)

            yield SystemCommand(tr("cmd_entry", what=binding.description), binding.tooltip or binding.description,
                                run)

    def compose(self) -> ComposeResult:
        yield Static(tr("opening", folder=str(self.data_dir)), id="opening", markup=False)


__all__ = ["CycleListScreen", "CycleReviewScreen", "ReviewApp"]
