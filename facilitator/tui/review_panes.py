"""The six areas of the review screen, one widget each: overview, sessions, verbatims, exercises,
questionnaires, audit log. Each is filled by `show(...)` with figures computed off the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from facilitator.core.audit_text import action_text, actor_text, detail_text, target_text
from facilitator.core.capture import GROUP, UNKNOWN, speaker_label
from facilitator.core.formatting import DASH, date_time, hhmm, iso_local, number, p_value, percent, signed, tn
from facilitator.core.instruments import INSTRUMENT_IDS
from facilitator.core.models import Verbatim
from facilitator.core.review import (
    MEASURES,
    Comparison,
    CycleReview,
    ExerciseAnswer,
    Questionnaires,
    SessionReview,
    VerbatimFilter,
    exercises_by_participant,
    exercises_by_session,
    filter_verbatims,
    measure_label,
    theme_label,
    verbatim_counts,
)
from facilitator.core.safety import flag_category
from facilitator.i18n import t
from facilitator.tui.review_render import (
    duration,
    exercise_renderable,
    hbar,
    spark,
    timing_bar,
    timing_numbers,
)

SEARCH_DEBOUNCE_S = 0.25
# verbatim list columns and their widths (None: the rest; the full text is shown under the list)
VERBATIM_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("time", 5), ("session", 2), ("speaker", 7), ("item", 18), ("themes", 20), ("text", None))
BAR_WIDTH = 40
# the upper end of each measure's scale (charts are drawn on 0..high)
SCALE_HIGH = {"dudit": 44.0, "ceq-s": 10.0, "ceq-f": 10.0}
TLFB_HIGH = {"pct_days_abstinent": 100.0}


def tr(name: str, /, **fields: object) -> str:
    """The review screens' string `name` (facilitator/i18n/review_tui.py)."""
    return t(f"review_tui.{name}", **fields)


def mark(status: str | None) -> str:
    """The one-letter attendance mark (P, R/L, A, E) or · when nothing was recorded."""
    return tr(f"mark_{status}") if status else "·"


def clip(text: str, width: int | None) -> str:
    """`text` cut to `width` cells with an ellipsis."""
    if width is None or len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


def heading(text: str) -> Text:
    return Text(text, style="bold")


class Loading(Static):
    """Shown in a pane until its figures arrive."""

    def __init__(self, text: str | None = None, **kwargs: object) -> None:
        super().__init__(text or tr("loading"), markup=False, classes="loading", **kwargs)  # type: ignore[arg-type]


# ============================================================ overview


class OverviewPane(VerticalScroll):
    """Attendance matrix sessions x participants, participation rates, dropouts, homework."""

    HELP = t("review_tui.help_overview")

    def compose(self) -> ComposeResult:
        yield Loading(id="ov-loading")
        yield Static("", id="ov-summary", markup=False)
        yield DataTable(id="attendance", cursor_type="row", zebra_stripes=True)
        yield Static(tr("ov_legend"), id="ov-legend", markup=False, classes="hint")
        yield Static("", id="ov-characteristics", markup=False)

    def show(self, review: CycleReview) -> None:
        self.query_one("#ov-loading").display = False
        att, hw = review.attendance, review.homework
        done = len(att.sessions_done)
        lines = [
            tr("ov_line_people", participants=len(review.cycle.participants), done=done,
               median=number(att.median_attended), mean=percent(att.mean_rate)),
        ]
        if att.dropouts:
            leaving = ", ".join(
                tr("ov_dropout", code=p.code, last=p.last_attended or DASH)
                for p in att.participants if p.dropout)
            lines.append(tr("ov_line_dropouts", dropouts=leaving))
        else:
            lines.append(tr("ov_line_no_dropouts"))
        o = hw.overall
        lines.append(tr("ov_line_homework", done=o.done, reviewed=o.reviewed, rate=percent(o.done_rate),
                        partly=o.partly, not_done=o.not_done,
                        either=percent(o.done_or_partly_rate)))
        self.query_one("#ov-summary", Static).update(Text("\n".join(lines)))

        table = self.query_one("#attendance", DataTable)
        table.clear(columns=True)
        table.add_column(Text(tr("col_participant")), key="code")
        for s in att.sessions:
            label = f"S{s.number}" if s.done else f"S{s.number}" + tr("not_held_suffix")
            table.add_column(Text(label, justify="center"), key=f"s{s.number}")
        table.add_column(Text(tr("col_attended")), key="attended")
        table.add_column(Text(tr("col_rate")), key="rate")
        table.add_column(Text(tr("col_homework_done")), key="homework")
        table.add_column(Text(tr("col_remark")), key="remark")
        done_set = set(att.sessions_done)
        for p in att.participants:
            cells: list[Text] = [Text(p.code, style="bold")]
            for s in att.sessions:
                status = p.statuses.get(s.number)
                cells.append(Text(mark(status) if s.number in done_set or status else "–", justify="center"))
            tally = hw.by_participant.get(p.code)
            cells.append(Text(f"{p.attended}/{done}", justify="right"))
            cells.append(Text(percent(p.rate), justify="right"))
            cells.append(Text(f"{tally.done}/{tally.reviewed}" if tally and tally.reviewed else DASH,
                              justify="right"))
            cells.append(Text(tr("dropout_after", last=p.last_attended or DASH) if p.dropout else ""))
            table.add_row(*cells, key=p.code)
        enrolled = len(review.cycle.participants)
        attended_row = [Text(tr("row_attended"), style="italic")]
        rate_row = [Text(tr("row_rate"), style="italic")]
        hw_row = [Text(tr("row_homework"), style="italic")]
        for s in att.sessions:
            attended_row.append(Text(f"{s.attended}/{enrolled}" if s.done else "–", justify="center"))
            rate_row.append(Text(percent(s.rate) if s.done else "–", justify="center"))
            tally = hw.by_session.get(s.number)
            hw_row.append(Text(f"{tally.done}/{tally.reviewed}" if tally and tally.reviewed else "–",
                               justify="center"))
        for row, key in ((attended_row, "_attended"), (rate_row, "_rate"), (hw_row, "_homework")):
            table.add_row(*row, *(Text("") for _ in range(4)), key=key)
        if review.characteristics is not None:
            from facilitator.tui.screens.participant import characteristics_text

            self.query_one("#ov-characteristics", Static).update(
                Text("\n" + characteristics_text(review.characteristics)))


# ============================================================ sessions


def author_label(author: str) -> str:
    """Who wrote a note or raised a flag: a facilitator's code, or the observer in the interface's language."""
    return t("room.observer") if author == "observer" else author


def session_renderable(s: SessionReview, review: CycleReview, width: int = 100) -> RenderableType:
    """Everything about one session: timings planned vs actual, attendance, notes, flags, homework.

    `width` is the room available: the item titles and the bars shrink to keep the numbers in view.
    """
    parts: list[RenderableType] = [heading(tr("sess_title", number=s.number, title=s.title)),
                                   Text(tr(f"status_{s.status}"), style="italic")]
    if not s.items:
        parts.append(Text(tr("sess_not_started")))
        return Group(*parts)
    parts.append(Text(tr("sess_times", start=date_time(s.started_at), end=hhmm(s.ended_at),
                         actual=duration(s.actual_s), planned=duration(s.planned_s),
                         delta=duration(s.actual_s - s.planned_s, sign=True),
                         pauses=tn("review_tui.n_pauses", s.pauses), paused=duration(s.paused_s))))
    parts.append(Text(""))
    parts.append(heading(tr("sess_agenda")))
    parts.append(Text(tr("bar_legend"), style="dim"))
    scale = max([max(i.planned_s, i.actual_s) for i in s.items] + [1])
    bars = Table.grid(padding=(0, 1))
    title_width = 34 if width >= 100 else 24
    bar_width = max(10, min(BAR_WIDTH, width - title_width - 26))
    bars.add_column(no_wrap=True, max_width=title_width, overflow="ellipsis")
    bars.add_column(no_wrap=True)
    bars.add_column(no_wrap=True)
    for item in s.items:
        bar = timing_bar(item.actual_s, item.planned_s, scale, bar_width)
        numbers = timing_numbers(item.actual_s, item.planned_s) if item.visited else (
            f"{duration(0)} / {duration(item.planned_s)} " + tr("not_visited"))
        if item.protocol_s and item.protocol_s != item.planned_s:  # adjusted live: the protocol's plan beside
            numbers += " · " + t("room.protocol_short", time=duration(item.protocol_s))
        bars.add_row(Text(item.title), Text(bar), Text(numbers))
    parts.append(bars)
    parts.append(Text(""))
    counts = s.attendance.counts
    parts.append(heading(tr("sess_attendance", attended=s.attendance.attended,
                            enrolled=len(review.cycle.participants), rate=percent(s.attendance.rate))))
    parts.append(Text(" · ".join(f"{t('review.status_' + k)} {counts[k]}"
                                 for k in ("present", "late", "absent", "excused", "not_admitted", "unknown")
                                 if counts.get(k))))
    titles = {i.item_id: i.title for i in s.items}
    parts.append(Text(""))
    parts.append(heading(tr("sess_notes", n=len(s.notes))))
    for note in s.notes:
        line = Text(f"{hhmm(note.at)}  {author_label(note.author)}  ", style="dim")
        line.append(Text(f"[{titles.get(note.item_id, note.item_id)}] ", style="italic"))
        line.append(Text(note.text))
        if note.history:
            line.append(Text("  " + tr("edited_times", n=len(note.history)), style="dim"))
        parts.append(line)
    if not s.notes:
        parts.append(Text(tr("none"), style="dim"))
    parts.append(Text(""))
    parts.append(heading(tr("sess_flags", n=len(s.flags))))
    for flag in s.flags:
        line = Text("⚑ ", style="bold")
        line.append(Text(f"{flag.participant}{flag_category(flag)}  "))
        if flag.item_id:
            line.append(Text(f"[{titles.get(flag.item_id, flag.item_id)}] ", style="italic"))
        line.append(Text(flag.reason))
        if flag.author:
            line.append(Text(f"  ({author_label(flag.author)}, {hhmm(flag.at)})", style="dim"))
        parts.append(line)
    if not s.flags:
        parts.append(Text(tr("none"), style="dim"))
    parts.append(Text(""))
    parts.append(heading(tr("sess_hw_given")))
    parts.append(Text(", ".join(s.homework_titles) if s.homework_titles else tr("none")))
    if s.number > 1:
        parts.append(heading(tr("sess_hw_review", previous=s.number - 1)))
    if s.number > 1 and s.homework_review:
        review_table = Table.grid(padding=(0, 2))
        review_table.add_column(no_wrap=True)
        review_table.add_column(no_wrap=True)
        review_table.add_column()
        for code, hw in sorted(s.homework_review.items()):
            review_table.add_row(Text(code), Text(t(f"review.hw_{hw.status}")), Text(hw.note))
        parts.append(review_table)
    elif s.number > 1:
        parts.append(Text(tr("none"), style="dim"))
    return Group(*parts)


class SessionsPane(Horizontal):
    """The list of the 8 sessions and the log of the one highlighted."""

    HELP = t("review_tui.help_sessions")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.review: CycleReview | None = None
        self.shown = 0

    def compose(self) -> ComposeResult:
        yield OptionList(id="session-list")
        with VerticalScroll(id="session-scroll"):
            yield Loading(id="sess-loading")
            yield Static("", id="session-detail")

    def show(self, review: CycleReview) -> None:
        self.review = review
        self.query_one("#sess-loading").display = False
        options = self.query_one("#session-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for s in review.sessions:
            symbol = {"done": "✓", "in_progress": "▶", "interrupted": "⚠"}.get(s.status, "·")
            options.add_option(Option(Text(f"{symbol} S{s.number} {s.title}"), id=f"s{s.number}"))
        if highlighted is None:
            done = [s.number for s in review.sessions if s.status == "done"]
            highlighted = (done[0] - 1) if done else 0
        options.highlighted = highlighted
        self.show_session(highlighted + 1)

    def show_session(self, number: int) -> None:
        if self.review is None:
            return
        self.shown = number
        scroll = self.query_one("#session-scroll")
        width = scroll.size.width - 2 if scroll.size.width else 100
        self.query_one("#session-detail", Static).update(
            session_renderable(self.review.session(number), self.review, width))
        scroll.scroll_home(animate=False)

    def on_resize(self, event: object) -> None:
        if self.review is not None and self.shown:
            self.show_session(self.shown)

    @on(OptionList.OptionHighlighted, "#session-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id:
            self.show_session(int(event.option_id[1:]))


# ============================================================ verbatims


class VerbatimHistoryScreen(ModalScreen[None]):
    """Every version of one verbatim, oldest first, with who changed it, when and why."""

    BINDINGS = [Binding("escape", "dismiss_history", tr("key_close"), id="close")]

    def __init__(self, verbatim: Verbatim, review: CycleReview) -> None:
        super().__init__()
        self.verbatim = verbatim
        self.review = review

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="history-box"):
            yield Static(tr("hist_title"), classes="dialog-title", markup=False)
            yield Static(self._history(), id="history", markup=False)
        yield Footer()

    def _themes(self, themes: Sequence[str]) -> str:
        return ", ".join(theme_label(self.review.programme, th) for th in themes) or t("review.untagged")

    def _history(self) -> RenderableType:
        v = self.verbatim
        parts: list[RenderableType] = []
        for index, rev in enumerate(v.history, start=1):
            parts.append(heading(tr("hist_version", n=index)))
            parts.append(Text(tr("hist_meta", speaker=speaker_label(rev.speaker or v.speaker),
                                 themes=self._themes(rev.themes)), style="dim"))
            parts.append(Text(rev.text))
            parts.append(Text(tr(f"hist_{rev.action}", by=rev.by, when=date_time(rev.at),
                                 reason=rev.reason or DASH), style="italic"))
            parts.append(Text(""))
        parts.append(heading(tr("hist_deleted") if v.deleted else tr("hist_current")))
        parts.append(Text(tr("hist_meta", speaker=speaker_label(v.speaker), themes=self._themes(v.themes)),
                          style="dim"))
        parts.append(Text(v.text))
        if not v.history:
            parts.append(Text(tr("hist_none"), style="italic"))
        return Group(*parts)

    def action_dismiss_history(self) -> None:
        self.dismiss(None)


class VerbatimsPane(Vertical):
    """Filters (session, item, theme, speaker, words), the matching verbatims, counts per theme."""

    HELP = t("review_tui.help_verbatims")
    BINDINGS = [
        Binding("slash", "focus_search", tr("key_search"), id="search", key_display="/"),
        Binding("h", "history", tr("key_history"), id="history"),
        Binding("d", "toggle_deleted", tr("key_deleted"), id="deleted"),
        Binding("x", "clear_filters", tr("key_clear"), id="clear"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.review: CycleReview | None = None
        self.show_deleted = False
        self.rows: list[Verbatim] = []
        self.deleted_ids: set[str] = set()
        self._debounce: Timer | None = None
        self._filling = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="vb-filters"):
            yield Select([], prompt=tr("f_session"), id="vf-session")
            yield Select([], prompt=tr("f_item"), id="vf-item")
            yield Select([], prompt=tr("f_theme"), id="vf-theme")
            yield Select([], prompt=tr("f_speaker"), id="vf-speaker")
            yield Input(placeholder=tr("f_search"), id="vf-search")
        yield Static(tr("loading"), id="vb-status", markup=False)
        with Horizontal(id="vb-main"):
            yield DataTable(id="verbatim-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="vb-themes-box"):
                yield Static("", id="vb-themes", markup=False)
        with VerticalScroll(id="vb-detail-box"):
            yield Static("", id="vb-detail", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#verbatim-table", DataTable)
        for key, width in VERBATIM_COLUMNS:
            table.add_column(Text(tr(f"vcol_{key}")), key=key, width=width)

    # -- data ------------------------------------------------------------------------
    def show(self, review: CycleReview, deleted: Sequence[Verbatim]) -> None:
        self.review = review
        self.all_deleted = list(deleted)
        self._filling = True
        programme = review.programme
        counts = review.verbatim_counts
        sessions = [(Text(tr("f_session_n", number=n, count=c)), n) for n, c in counts.by_session.items()]
        self._set_options("#vf-session", sessions)
        self._fill_items()
        themes = []
        for theme in programme.codebook:
            n = counts.by_theme.get(theme.id, 0)
            indent = "  " if theme.parent else ""
            themes.append((Text(f"{indent}{theme.label} ({n})"), theme.id))
        self._set_options("#vf-theme", themes)
        speakers = sorted(counts.by_speaker, key=lambda s: (s in (GROUP, UNKNOWN), s.startswith("F"), s))
        self._set_options("#vf-speaker", [(Text(f"{speaker_label(s)} ({counts.by_speaker[s]})"), s)
                                          for s in speakers])
        self._filling = False
        self.apply_filters()

    def _set_options(self, selector: str, options: Sequence[tuple[Text, object]]) -> None:
        select = self.query_one(selector, Select)
        current = select.value
        select.set_options(options)
        if current != Select.NULL and any(value == current for _, value in options):
            select.value = current

    def _fill_items(self) -> None:
        if self.review is None:
            return
        session = self._value("#vf-session")
        items = []
        by_item = self.review.verbatim_counts.by_item
        for s in self.review.sessions:
            if session is not None and s.number != session:
                continue
            try:
                agenda = self.review.programme.session(s.number).agenda
            except KeyError:
                continue
            for item in agenda:
                n = by_item.get(item.id, 0)
                prefix = "" if session is not None else f"S{s.number} · "
                items.append((Text(f"{prefix}{item.title} ({n})"), item.id))
        self._set_options("#vf-item", items)

    def _value(self, selector: str) -> object | None:
        value = self.query_one(selector, Select).value
        return None if value == Select.NULL else value

    def _text_value(self, selector: str) -> str | None:
        """The chosen value of a filter whose options are ids or speaker codes (strings)."""
        value = self._value(selector)
        return None if value is None else str(value)

    def current_filter(self) -> VerbatimFilter:
        text = self.query_one("#vf-search", Input).value.strip()
        session = self._value("#vf-session")   # the options' values are session numbers
        return VerbatimFilter(session=session if isinstance(session, int) else None,
                              item_id=self._text_value("#vf-item"),
                              theme=self._text_value("#vf-theme"),
                              speaker=self._text_value("#vf-speaker"),
                              text=text or None)

    def apply_filters(self) -> None:
        """Recompute the list from the filters (filtering a cycle's few hundred lines is instant)."""
        if self.review is None:
            return
        flt = self.current_filter()
        programme = self.review.programme
        rows = filter_verbatims(self.review.verbatims, flt, programme)
        self.deleted_ids = set()
        if self.show_deleted:
            undeleted = [v.model_copy(update={"deleted": False}) for v in self.all_deleted]
            extra = filter_verbatims(undeleted, flt, programme)
            self.deleted_ids = {v.id for v in extra}
            by_id = {v.id: v for v in self.all_deleted}
            rows = sorted(rows + [by_id[v.id] for v in extra], key=lambda v: (v.session, v.at))
        self.rows = rows
        self._fill_table()
        kept = [v for v in rows if v.id not in self.deleted_ids]
        counts = verbatim_counts(kept)
        status = tn("review_tui.vb_status", len(kept), total=self.review.verbatim_counts.total)
        if self.show_deleted:
            status += " " + tn("review_tui.vb_status_deleted", len(self.deleted_ids))
        elif self.review.verbatim_counts.deleted:
            status += " " + tr("vb_status_hidden", n=self.review.verbatim_counts.deleted)
        self.query_one("#vb-status", Static).update(status)
        lines = Text(tr("vb_themes_title") + "\n", style="bold")
        for theme_id, n in counts.by_theme.items():
            lines.append(Text(f"{n:>4}  {clip(theme_label(programme, theme_id), 22)}\n", style=""))
        if not counts.by_theme:
            lines.append(Text(tr("none")))
        self.query_one("#vb-themes", Static).update(lines)
        self._show_detail()

    def _fill_table(self) -> None:
        assert self.review is not None
        programme = self.review.programme
        titles = {i.item_id: i.title for s in self.review.sessions for i in s.items}
        widths = dict(VERBATIM_COLUMNS)
        table = self.query_one("#verbatim-table", DataTable)
        table.clear()
        for v in self.rows:
            themes = ", ".join(theme_label(programme, th) for th in v.themes)
            marks = ""
            if v.id in self.deleted_ids:
                marks = "✗ "
            elif v.history:
                marks = "✎ "
            text = Text(marks + v.text.replace("\n", " "), no_wrap=True)
            table.add_row(Text(hhmm(v.at)), Text(f"S{v.session}"), Text(speaker_label(v.speaker)),
                          Text(clip(titles.get(v.item_id, v.item_id), widths["item"])),
                          Text(clip(themes, widths["themes"])), text, key=v.id)

    def highlighted(self) -> Verbatim | None:
        table = self.query_one("#verbatim-table", DataTable)
        if not self.rows or table.cursor_row is None or not (0 <= table.cursor_row < len(self.rows)):
            return None
        return self.rows[table.cursor_row]

    def _show_detail(self) -> None:
        v = self.highlighted()
        detail = self.query_one("#vb-detail", Static)
        if v is None or self.review is None:
            detail.update(Text(tr("vb_none") if self.review is not None else ""))
            return
        themes = ", ".join(theme_label(self.review.programme, th) for th in v.themes) or t("review.untagged")
        line = Text(tr("vb_detail_meta", session=v.session, time=date_time(v.at), elapsed=duration(v.elapsed_s),
                       speaker=speaker_label(v.speaker), themes=themes), style="dim")
        parts: list[Text] = [line, Text(v.text)]
        if v.deleted:
            parts.append(Text(tr("vb_deleted_reason", reason=v.deleted_reason or DASH), style="italic"))
        if v.history:
            parts.append(Text(tr("vb_has_history", n=len(v.history)), style="italic"))
        detail.update(Group(*parts))

    # -- events ----------------------------------------------------------------------
    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if self._filling:
            return
        if event.select.id == "vf-session":
            self._filling = True
            self._fill_items()
            self._filling = False
        self.apply_filters()

    @on(Input.Changed, "#vf-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(SEARCH_DEBOUNCE_S, self.apply_filters)

    @on(Input.Submitted, "#vf-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self.apply_filters()
        self.query_one("#verbatim-table", DataTable).focus()

    @on(DataTable.RowHighlighted, "#verbatim-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#verbatim-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_history()

    # -- actions ---------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#vf-search", Input).focus()

    def action_history(self) -> None:
        v = self.highlighted()
        if v is not None and self.review is not None:
            self.app.push_screen(VerbatimHistoryScreen(v, self.review))

    def action_toggle_deleted(self) -> None:
        self.show_deleted = not self.show_deleted
        self.apply_filters()

    def action_clear_filters(self) -> None:
        self._filling = True
        for selector in ("#vf-session", "#vf-item", "#vf-theme", "#vf-speaker"):
            self.query_one(selector, Select).clear()
        self.query_one("#vf-search", Input).value = ""
        self._fill_items()
        self._filling = False
        if self._debounce is not None:
            self._debounce.stop()
        self.apply_filters()


# ============================================================ exercises


class ExercisesPane(Horizontal):
    """Exercise answers grouped by session or by participant, tables and week grids drawn as grids."""

    HELP = t("review_tui.help_exercises")
    BINDINGS = [Binding("m", "switch_grouping", tr("key_grouping"), id="grouping")]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.review: CycleReview | None = None
        self.by_participant = False
        self.groups: dict[str, list[ExerciseAnswer]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="ex-side"):
            yield Static(tr("ex_by_session"), id="ex-mode", markup=False, classes="pane-title")
            yield OptionList(id="ex-groups")
        with VerticalScroll(id="ex-scroll"):
            yield Loading(id="ex-loading")
            yield Static("", id="ex-detail")

    def show(self, review: CycleReview) -> None:
        self.review = review
        self.query_one("#ex-loading").display = False
        self._fill_groups()

    def _fill_groups(self) -> None:
        assert self.review is not None
        answers = self.review.exercises
        if self.by_participant:
            grouped = exercises_by_participant(answers)
            self.groups = {code: grouped.get(code, []) for code in self.review.cycle.participants}
            if "group" in grouped:
                self.groups["group"] = grouped["group"]
            labels = {code: (tr("ex_group") if code == "group" else code) for code in self.groups}
        else:
            grouped_s = exercises_by_session(answers)
            self.groups = {f"s{n}": grouped_s.get(n, []) for n in range(1, len(self.review.sessions) + 1)}
            labels = {f"s{s.number}": f"S{s.number} {s.title}" for s in self.review.sessions}
        self.query_one("#ex-mode", Static).update(
            tr("ex_by_participant") if self.by_participant else tr("ex_by_session"))
        options = self.query_one("#ex-groups", OptionList)
        options.clear_options()
        for key, items in self.groups.items():
            options.add_option(Option(Text(f"{labels[key]} ({len(items)})"), id=key))
        first = next((i for i, items in enumerate(self.groups.values()) if items), 0)
        options.highlighted = first
        self.show_group(list(self.groups)[first] if self.groups else "")

    def show_group(self, key: str) -> None:
        assert self.review is not None
        answers = self.groups.get(key, [])
        parts: list[RenderableType] = []
        for answer in answers:
            who = tr("ex_group") if answer.subject == "group" else answer.subject
            title = tr("ex_answer_title", session=answer.session, title=answer.title, who=who,
                       filled=answer.fields_filled, total=answer.fields_total)
            parts.append(Text(title, style="bold reverse"))
            parts.append(exercise_renderable(answer, self.review.programme))
            parts.append(Text(""))
        if not parts:
            parts.append(Text(tr("ex_none"), style="italic"))
        self.query_one("#ex-detail", Static).update(Group(*parts))
        self.query_one("#ex-scroll").scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#ex-groups")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and self.review is not None:
            self.show_group(event.option_id)

    def action_switch_grouping(self) -> None:
        if self.review is None:
            return
        self.by_participant = not self.by_participant
        self._fill_groups()


# ============================================================ questionnaires


def measure_high(instrument: str, measure: str, values: Sequence[float]) -> float:
    """The top of the chart scale: the instrument's maximum where there is one, else the data's."""
    if instrument in SCALE_HIGH:
        return SCALE_HIGH[instrument]
    if instrument == "tlfb" and measure in TLFB_HIGH:
        return TLFB_HIGH[measure]
    return max([*values, 1.0])


def trajectories_renderable(q: Questionnaires, participants: Sequence[str], instrument: str,
                            measure: str) -> RenderableType:
    """Per participant T0 -> T1 -> T2 (-> any follow-up) with a small chart, then the group median as bars."""
    timepoints = q.timepoints
    values = {code: [q.value(code, tp, instrument, measure) for tp in timepoints] for code in participants}
    flat = [v for row in values.values() for v in row if v is not None]
    high = measure_high(instrument, measure, flat)
    # the small charts use the range of the values seen, so a change of a few points stays visible
    low, top = (min(flat), max(flat)) if flat else (0.0, high)
    title = heading(tr("q_traj_title", path=" → ".join(timepoints), measure=measure_label(instrument, measure),
                       low=number(low), top=number(top)))
    table = Table(pad_edge=False)
    table.add_column(Text(tr("col_participant")), no_wrap=True)
    for tp in timepoints:
        table.add_column(Text(tp), justify="right")
    table.add_column(Text(tr("q_chart")), no_wrap=True, justify="center")
    for before, after in q.pairs:
        table.add_column(Text(f"Δ {before}→{after}"), justify="right")
    for code, row in values.items():
        first = row[0]
        deltas = [later - first if first is not None and later is not None else None for later in row[1:]]
        table.add_row(Text(code), *(Text(number(v)) for v in row), Text(spark(row, low, top)),
                      *(Text(signed(d)) for d in deltas))
    medians = [q.median(instrument, measure, tp) for tp in timepoints]
    chart = Table.grid(padding=(0, 1))
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)
    for tp, m in zip(timepoints, medians, strict=True):
        chart.add_row(Text(tp), Text(hbar(m.median, high, BAR_WIDTH).ljust(BAR_WIDTH)),
                      Text(tr("q_median_line", median=number(m.median), q1=number(m.q1), q3=number(m.q3), n=m.n)))
    return Group(title, table, Text(""), heading(tr("q_group_median", high=number(high))), chart)


def comparison_cells(c: Comparison) -> list[Text]:
    if not c.tested:
        return [Text(str(c.n)), Text(f"{number(c.median_before)} → {number(c.median_after)}"),
                Text(signed(c.median_difference)), Text(DASH), Text(DASH), Text(number(c.effect_size, 2)),
                Text(c.reason_text, style="italic")]
    return [Text(str(c.n)), Text(f"{number(c.median_before)} → {number(c.median_after)}"),
            Text(signed(c.median_difference)), Text(number(c.statistic)), Text(p_value(c.p_value)),
            Text(number(c.effect_size, 2)), Text(tr(f"method_{c.method.replace(' ', '_')}"), style="dim")]


def comparisons_renderable(q: Questionnaires) -> RenderableType:
    """One table per instrument: each measure against the first time point, DUDIT notes under DUDIT."""
    parts: list[RenderableType] = [heading(tr("q_compare_title")),
                                   Text(tr("q_effect_name"), style="dim")]
    for instrument in INSTRUMENT_IDS:
        table = Table(pad_edge=False, show_lines=False)
        for key, justify in (("measure", "left"), ("comparison", "left"), ("n", "right"),
                             ("medians", "right"), ("median_diff", "right"), ("w", "right"),
                             ("p", "right"), ("r", "right"), ("remark", "left")):
            table.add_column(Text(tr(f"qcol_{key}")), justify=justify,  # type: ignore[arg-type]
                             no_wrap=key != "remark")
        for measure in MEASURES[instrument]:
            for before, after in q.pairs:
                c = q.comparison(instrument, measure, before, after)
                table.add_row(Text(measure_label(instrument, measure)), Text(f"{before} → {after}"),
                              *comparison_cells(c))
        parts.append(table)
        if instrument == "dudit":
            parts.append(Text("⚠ " + q.dudit_note, style="italic"))
            if q.dudit_translation_note:
                parts.append(Text("⚠ " + q.dudit_translation_note, style="italic"))
        parts.append(Text(""))
    parts += [Text("⚠ " + note, style="italic") for note in q.product_change_notes()]
    return Group(*parts)


def medians_renderable(q: Questionnaires) -> RenderableType:
    table = Table(title=Text(tr("q_medians_title")), title_justify="left", pad_edge=False)
    table.add_column(Text(tr("qcol_measure")), no_wrap=True)
    for tp in q.timepoints:
        table.add_column(Text(tr("q_median_col", tp=tp)), justify="right", no_wrap=True)
    for instrument in INSTRUMENT_IDS:
        for measure in MEASURES[instrument]:
            cells = []
            for tp in q.timepoints:
                m = q.median(instrument, measure, tp)
                cells.append(Text(tr("q_median_cell", median=number(m.median), q1=number(m.q1),
                                     q3=number(m.q3), n=m.n) if m.n else DASH))
            table.add_row(Text(measure_label(instrument, measure)), *cells)
    return table


def completion_renderable(q: Questionnaires, participants: Sequence[str]) -> RenderableType:
    """Participants x time points x instruments: ✓ done, ◐ partial, · missing."""
    state = {(f.participant, f.timepoint, f.instrument): f.completion for f in q.forms}
    table = Table(title=Text(tr("q_completion_title")), title_justify="left", pad_edge=False)
    table.add_column(Text(tr("col_participant")), no_wrap=True)
    for tp in q.timepoints:
        for instrument in INSTRUMENT_IDS:
            table.add_column(Text(f"{tp}\n{t('review.instrument_' + instrument.replace('-', '_'))}"),
                             justify="center", no_wrap=True)
    glyph = {"done": "✓", "partial": "◐", "missing": "·"}
    totals = {(tp, inst): 0 for tp in q.timepoints for inst in INSTRUMENT_IDS}
    for code in participants:
        cells = []
        for tp in q.timepoints:
            for instrument in INSTRUMENT_IDS:
                status = state.get((code, tp, instrument), "missing")
                totals[(tp, instrument)] += status == "done"
                cells.append(Text(glyph.get(status, "·")))
        table.add_row(Text(code), *cells)
    table.add_row(Text(tr("row_done"), style="italic"),
                  *(Text(f"{totals[(tp, inst)]}/{len(participants)}") for tp in q.timepoints
                    for inst in INSTRUMENT_IDS))
    return Group(table, Text(tr("q_completion_legend"), style="dim"))


class QuestionnairesPane(VerticalScroll):
    """Trajectories of one chosen measure, paired comparisons, group medians, completion matrix."""

    HELP = t("review_tui.help_questionnaires")
    BINDINGS = [
        Binding("left_square_bracket", "measure(-1)", tr("key_prev_measure"), id="prev-measure", key_display="["),
        Binding("right_square_bracket", "measure(1)", tr("key_next_measure"), id="next-measure", key_display="]"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.review: CycleReview | None = None
        self.questionnaires: Questionnaires | None = None
        self.measures = [(inst, m) for inst in INSTRUMENT_IDS for m in MEASURES[inst]]

    def compose(self) -> ComposeResult:
        yield Select([(Text(measure_label(inst, m)), f"{inst}:{m}") for inst, m in self.measures],
                     value=f"{self.measures[0][0]}:{self.measures[0][1]}", allow_blank=False, id="q-measure")
        yield Loading(id="q-loading")
        yield Static("", id="q-traj")
        yield Static("", id="q-compare")
        yield Static("", id="q-medians")
        yield Static("", id="q-completion")

    def show(self, review: CycleReview) -> None:
        self.review = review
        self.questionnaires = q = review.questionnaires
        self.query_one("#q-loading").display = False
        participants = review.cycle.participants
        self._show_trajectories()
        self.query_one("#q-compare", Static).update(comparisons_renderable(q))
        self.query_one("#q-medians", Static).update(medians_renderable(q))
        self.query_one("#q-completion", Static).update(completion_renderable(q, participants))

    def _show_trajectories(self) -> None:
        if self.review is None or self.questionnaires is None:
            return
        value = str(self.query_one("#q-measure", Select).value)
        instrument, _, measure = value.partition(":")
        self.query_one("#q-traj", Static).update(
            trajectories_renderable(self.questionnaires, self.review.cycle.participants, instrument, measure))

    @on(Select.Changed, "#q-measure")
    def _measure_changed(self, event: Select.Changed) -> None:
        self._show_trajectories()

    def action_measure(self, step: int) -> None:
        select = self.query_one("#q-measure", Select)
        keys = [f"{inst}:{m}" for inst, m in self.measures]
        index = keys.index(str(select.value)) if select.value in keys else 0
        select.value = keys[(index + step) % len(keys)]


# ============================================================ audit log


class AuditPane(Vertical):
    """The data folder's audit log, newest first: time, actor, action, target (never any note text)."""

    HELP = t("review_tui.help_audit")

    def compose(self) -> ComposeResult:
        yield Static(tr("loading"), id="audit-status", markup=False)
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        for key in ("time", "actor", "action", "target", "detail"):
            table.add_column(Text(tr(f"acol_{key}")), key=key)

    def show(self, records: Sequence[dict], cycle_id: str) -> None:
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        mine = 0
        for record in reversed(records):
            target = str(record.get("target", ""))
            ours = cycle_id in target
            mine += ours
            table.add_row(Text(iso_local(str(record.get("time", "")))),
                          Text(actor_text(str(record.get("actor", "")))),
                          Text(action_text(str(record.get("action", "")))),
                          Text(target_text(target), style="bold" if ours else ""),
                          Text(detail_text(str(record.get("detail", "")))))
        self.query_one("#audit-status", Static).update(tn("review_tui.audit_status", len(records), mine=mine))

    def failed(self, error: str) -> None:
        self.query_one("#audit-status", Static).update(tr("audit_failed", error=error))

