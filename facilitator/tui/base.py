"""What every facilitator app shares: unlocking the data folder, auto-lock, the save queue."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import App, ComposeResult, CSSPathType, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key, MouseDown
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Digits, Footer, Input, Static

from facilitator.core.clock import Clock
from facilitator.errors import UserError, crash_origin
from facilitator.i18n import t
from facilitator.tui.loading import Loaded, LoadFailed, Loads
from facilitator.tui.quitting import QuitUnsavedScreen
from facilitator.tui.saving import SavingApp, error_text

if TYPE_CHECKING:  # the storage layer is imported by the unlock workers, after the first paint
    from collections.abc import Callable, Iterable

    from textual.visual import VisualType
    from textual.widgets import DataTable
    from textual.widgets.data_table import ColumnKey

    from facilitator.core.display import PublicView
    from facilitator.core.pseudonymise import Roster
    from facilitator.storage.vault import KdfParams, Vault


EXIT_UNSAVED = 3   # the user quit with changes not on disk (kept in the journal when they could be)


def show_text(widget: Static, content: VisualType) -> None:
    """Update `widget` only when its content changes: each update lays the whole screen out again."""
    if widget.content != content:
        widget.update(content)


def set_cell(table: DataTable, row: str, column: ColumnKey | str, value: object) -> None:
    """Update a cell only when its value changes: each update makes the table render its rows again."""
    if table.get_cell(row, column) != value:
        table.update_cell(row, column, value)


def vault_exists(data_dir: Path) -> bool:
    """Whether the folder is set up, or holds data (then its lost keyring is reported at unlock rather than a
    new one offered); without importing the storage layer (cryptography, TinyDB) before the first paint."""
    folder = Path(data_dir)
    return any((folder / name).exists() for name in ("keyring.json", "keyring-recovery.json", "manifest.db",
                                                      "keys.db", "cycles", "audit", ".backups"))


# Textual's system commands, (English title, English help) -> the catalogue key of their translation
TEXTUAL_COMMANDS = {
    ("Theme", "Change the current theme"): "room.cmd_theme",
    ("Quit", "Quit the application as soon as possible"): "room.cmd_quit",
    ("Keys", "Hide the keys and widget help panel"): "room.cmd_keys_hide",
    ("Keys", "Show help for the focused widget and a summary of available keys"): "room.cmd_keys_show",
    ("Minimize", "Minimize the widget and restore to normal size"): "room.cmd_minimize",
    ("Maximize", "Maximize the focused widget"): "room.cmd_maximize",
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"): "room.cmd_screenshot",
}


def french_textual_bindings() -> None:
    """Name Textual's own keys (focus, copy) in the interface's language for the help panel."""
    from dataclasses import replace as copy_with

    from textual.screen import Screen as TextualScreen

    names = {"app.focus_next": "room.key_focus_next", "app.focus_previous": "room.key_focus_previous",
             "screen.copy_text": "room.key_copy"}
    TextualScreen.BINDINGS = [
        copy_with(b, description=t(names[b.action])) if isinstance(b, Binding) and b.action in names else b
        for b in TextualScreen.BINDINGS]
    from facilitator.tui.textual_keys import translate_textual_keys

    translate_textual_keys()  # the widgets' own keys (cursor, page, select...) too, and merged again


def early_key(screen: Screen, event: Key) -> None:
    """Give the passphrase field a key that reached the screen because the field had no focus yet."""
    field = screen.query_one("#pass1", Input)
    if field.has_focus or screen.focused is not None and isinstance(screen.focused, Input):
        return
    field.focus()
    if event.key == "enter":
        event.stop()
        field.post_message(Input.Submitted(field, field.value))
    elif event.character and event.is_printable:
        event.stop()
        field.insert_text_at_cursor(event.character)


class UnlockScreen(Loads, Screen["Vault"]):
    """Asks the passphrase (or creates one on a new data folder) and unlocks the vault in a worker."""

    BINDINGS = [Binding("escape", "app.quit", t("common.quit"), id="quit")]

    def __init__(self, data_dir: Path, *, create: bool, read_only: bool = False,
                 kdf: KdfParams | None = None) -> None:
        super().__init__(classes="unlock")
        self.data_dir = data_dir
        self.create = create
        self.read_only = read_only
        self.kdf = kdf
        self.refused = 0   # passphrases refused here: recorded in the audit log once the folder opens

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Static(t("common.app_title"), id="unlock-title", markup=False)
            yield Static(t("unlock.folder", folder=str(self.data_dir)), markup=False)
            if self.create:
                yield Static(t("unlock.create_intro"), markup=False, classes="hint")
                yield Input(password=True, placeholder=t("unlock.new_passphrase"), id="pass1")
                yield Input(password=True, placeholder=t("unlock.repeat_passphrase"), id="pass2")
            else:
                yield Input(password=True, placeholder=t("unlock.passphrase"), id="pass1")
            yield Static("", id="unlock-error", markup=False)
        yield Footer()

    AUTO_FOCUS = "#pass1"

    def on_mount(self) -> None:
        self.query_one("#pass1", Input).focus()

    def on_key(self, event: Key) -> None:
        """Keys typed before the field has focus (the first instants of the screen) still reach it."""
        early_key(self, event)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        first = self.query_one("#pass1", Input).value
        if self.create:
            if event.input.id == "pass1":
                self.query_one("#pass2", Input).focus()
                return
            if first != self.query_one("#pass2", Input).value:
                self._error(t("unlock.mismatch"))
                return
        if not first:
            self._error(t("unlock.empty"))
            return
        self._error(t("unlock.working"))
        self.unlock(first)

    def _failed(self, text: str) -> None:
        """A refused passphrase: say why, empty the fields and start again."""
        self._error(text)
        for field in self.query(Input):
            field.value = ""
        self.query_one("#pass1", Input).focus()

    def _error(self, text: str) -> None:
        self.query_one("#unlock-error", Static).update(text)

    @work(thread=True, exclusive=True)
    def unlock(self, passphrase: str) -> None:
        from facilitator.storage.errors import WrongPassphrase
        from facilitator.storage.vault import Vault

        if not cast("BaseApp", self.app).ensure_prepared():  # nothing is created if it failed
            return
        try:
            if self.create:
                kwargs = {"kdf": self.kdf} if self.kdf else {}
                vault, recovery = Vault.create(self.data_dir, passphrase, **kwargs)
                self.post_message(Loaded(self._created, vault, recovery))
            else:
                vault = Vault.unlock(self.data_dir, passphrase, read_only=self.read_only)
                self._record_refused(vault)
                self.post_message(Loaded(self._opened, vault))
        except WrongPassphrase as exc:
            self.refused += 1
            self.post_message(Loaded(self._failed, exc.message))
        except UserError as exc:
            self.post_message(Loaded(self._failed, exc.message))

    def _record_refused(self, vault: Vault) -> None:
        """The passphrases refused before this one (who, when, how many; never what was typed).

        Before the folder opens there is no key to write the encrypted log with, so they are counted
        and recorded now, in the worker, before the app goes on.
        """
        if not self.refused:
            return
        try:
            vault.audit("unlock_failed", actor=getattr(self.app, "AUDIT_ACTOR", "console"), target="start",
                        detail=f"{self.refused} refused before this unlock", even_if_read_only=True)
        except (UserError, OSError):
            pass  # a folder on read-only media still opens
        self.refused = 0

    def _opened(self, vault: Vault) -> None:
        self._forget_typed()
        self.dismiss(vault)

    def _forget_typed(self) -> None:
        """Empty the passphrase fields once the key is derived: the passphrase is not kept in a widget."""
        for field in self.query(Input):
            field.value = ""

    def _created(self, vault: Vault, recovery: str) -> None:
        self._forget_typed()

        def done(_: object) -> None:
            self.dismiss(vault)

        self.app.push_screen(RecoveryKeyScreen(recovery), done)


class RecoveryKeyScreen(ModalScreen[None]):
    """Shows the recovery key once, right after the data folder is created."""

    def __init__(self, recovery_key: str) -> None:
        super().__init__()
        self.recovery_key = recovery_key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("unlock.recovery_title"), classes="dialog-title", markup=False)
            yield Static(t("unlock.recovery_text"), markup=False)
            yield Static(self.recovery_key, id="recovery-key", markup=False)
            yield Button(t("unlock.recovery_done"), id="ok", variant="primary")

    @on(Button.Pressed, "#ok")
    def ok(self) -> None:
        self.dismiss(None)


class JournalRead(Message):
    """The journal of the last forced quit holds changes to offer."""

    def __init__(self, entries: list[tuple[str, dict]]) -> None:
        super().__init__()
        self.entries = entries


class LockScreen(Loads, ModalScreen[None]):
    """Hides everything after an idle delay until the passphrase is typed again.

    Over a running session it keeps what the whole room may see (`core.display.PublicView`: the
    item's title, its countdown, the session's progress), so the timer never disappears mid-item.
    """

    def __init__(self, vault: Vault, public: Callable[[], PublicView | None] | None = None) -> None:
        super().__init__(classes="lock")
        self.vault = vault
        self.public = public

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            if self.public is not None:
                with Vertical(id="lock-session"):
                    yield Static("", id="lock-item", markup=False)
                    yield Digits("--:--", id="lock-countdown")
                    yield Static("", id="lock-phase", markup=False)
                    yield Static("", id="lock-progress", markup=False)
                yield Static(t("room.locked_session"), id="unlock-title", markup=False)
            else:
                yield Static(t("unlock.locked"), id="unlock-title", markup=False)
            yield Input(password=True, placeholder=t("unlock.passphrase"), id="pass1")
            yield Static("", id="unlock-error", markup=False)

    AUTO_FOCUS = "#pass1"

    def on_key(self, event: Key) -> None:
        early_key(self, event)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.public is not None:
            self.refresh_session()
            self.set_interval(0.5, self.refresh_session)

    _unlocked_pending = False
    _dismissed = False

    def _unlock(self) -> None:
        if not self._dismissed:
            self._dismissed = True
            self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self._unlocked_pending:
            self._unlock()

    def refresh_session(self) -> None:
        """Copy the public view of the running session: title, countdown, phase, progress."""
        from facilitator.core.clock import format_mmss

        view = self.public() if self.public is not None else None
        if view is None:
            return
        show_text(self.query_one("#lock-item", Static), view.item_title)
        digits = self.query_one("#lock-countdown", Digits)
        if digits.value != view.countdown:
            digits.update(view.countdown)
        digits.set_class(view.phase == "overtime", "overtime")
        digits.set_class(view.phase == "wrap_up", "wrap-up")
        show_text(self.query_one("#lock-phase", Static), t(f"room.phase_{view.phase}"))
        show_text(self.query_one("#lock-progress", Static), t(
            "room.progress", n=view.item_number, count=view.item_count, elapsed=format_mmss(view.elapsed_s),
            nominal=format_mmss(view.nominal_s)))

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.query_one("#unlock-error", Static).update(t("unlock.working"))
        self.check(event.value)

    @work(thread=True, exclusive=True)
    def check(self, passphrase: str) -> None:
        ok = self.vault.verify_passphrase(passphrase)
        if not self.vault.read_only:
            try:
                actor = getattr(self.app, "actor", "user")
                if ok:
                    self.vault.audit("unlock", actor=actor, target="auto-lock")
                else:  # who and when, never what was typed
                    self.vault.audit("unlock_failed", actor=actor, target="auto-lock",
                                     detail="passphrase refused")  # a code, shown through the catalogue
            except UserError as exc:  # a full disk must not keep the screen locked nor crash the app
                self.post_message(Loaded(partial(self.app.notify, t("protect.audit_failed", error=exc.message),
                                                 severity="error", markup=False)))
        self.post_message(Loaded(self._checked, ok))

    def _checked(self, ok: bool) -> None:
        if ok:
            # a dialog opened over the lock meanwhile (Ctrl+Q's question): dismissing now would close
            # that dialog instead of this screen; unlock once this screen is on top again
            if self.app.screen is self:
                self._unlock()
            else:
                self._unlocked_pending = True
        else:
            self.query_one(Input).value = ""
            self.query_one("#unlock-error", Static).update(t("unlock.wrong"))


def crash_line(error: BaseException) -> str:
    """One line for an unexpected error: its type and where it was raised, never its message or variables."""
    name, where = crash_origin(error)
    return t("protect.crashed", error=name, where=where)


def no_content_logs(app: App) -> None:
    """Turn off Textual's log file (TEXTUAL_LOG), key log (TEXTUAL_DEBUG) and devtools for this app.

    They would copy typed keys, messages and widget contents in clear outside the encrypted folder.
    """
    from textual import constants

    constants.LOG_FILE = None  # type: ignore[misc]
    constants.DEBUG = False  # type: ignore[misc]
    app.features = frozenset(app.features - {"debug", "devtools"})
    app.devtools = None
    app._devtools_redirector = None  # noqa: SLF001


class BaseApp(Loads, SavingApp):
    """Unlocks the data folder first, then shows `first_screen()`; saves through one queue."""

    # absolute: Textual resolves a relative path next to the subclass's module (tui/observer/ for the observer)
    CSS_PATH: ClassVar[CSSPathType | None] = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = True
    read_only = False
    AUDIT_ACTOR = "console"   # who the audit log names for this program's unlocks (a code, see i18n/audit.py)
    show_recovery_key = False  # after creating a folder from a given passphrase (the commands set it; tests don't)

    def __init__(self, *, data_dir: Path, clock: Clock | None = None, passphrase: str | None = None,
                 kdf: KdfParams | None = None, idle_lock_s: float = 600.0) -> None:
        french_textual_bindings()   # before any widget, the app included, copies its class's keys
        super().__init__(clock)
        from facilitator.tui.textual_words import translate_palette_binding

        translate_palette_binding(self)
        self.data_dir = data_dir
        self._passphrase = passphrase
        self.kdf = kdf
        self.idle_lock_s = idle_lock_s
        self.vault: Vault | None = None
        self._last_activity = self.clock.now()
        self.actor = "user"
        self._prepare_lock = threading.Lock()
        self._prepared: bool | None = None  # None until `prepare` has run, then whether it succeeded
        self._exit_lines: list[str] = []  # one-line messages printed on exit, after the terminal is restored
        self._quit_when_saved = False     # Ctrl+Q was pressed while a save was running
        no_content_logs(self)

    # -- crashes: one line, never a traceback with local variables (they may hold typed text) --
    def _handle_exception(self, error: Exception) -> None:
        self._return_code = 1
        if self._exception is None:  # kept so that Pilot tests still see the error
            self._exception = error
            self._exception_event.set()
        self.bell()
        self._exit_lines.append(crash_line(error))
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """Print the exit lines as plain text once the terminal is restored (rich would wrap them)."""
        super()._print_error_renderables()
        lines, self._exit_lines = self._exit_lines, []
        for line in lines:
            print(line, file=sys.stderr)

    # -- start ----------------------------------------------------------------------
    def on_mount(self) -> None:
        self.title = t("common.app_title")
        if not self.read_only:
            self.open_saver()
        if self._passphrase is not None:
            self._unlock_with(self._passphrase)
        else:
            create = not vault_exists(self.data_dir)
            self.push_screen(UnlockScreen(self.data_dir, create=create, read_only=self.read_only,
                                          kdf=self.kdf), self._unlocked)
        if self.idle_lock_s > 0:
            self.set_interval(5.0, self._check_idle)
        self.call_after_refresh(self._prepare_in_background)

    @work(thread=True, exclusive=True, group="unlock")
    def _unlock_with(self, passphrase: str) -> None:
        from facilitator.storage.vault import Vault

        try:
            if Vault.is_initialised(self.data_dir):
                vault = Vault.unlock(self.data_dir, passphrase, read_only=self.read_only)
            elif self.ensure_prepared():  # nothing is created if the preparation failed
                kwargs = {"kdf": self.kdf} if self.kdf else {}
                vault, recovery = Vault.create(self.data_dir, passphrase, **kwargs)
                if self.show_recovery_key:  # a passphrase file makes the recovery key no less needed
                    self.post_message(Loaded(self._show_recovery_key, vault, recovery))
                    return
            else:
                return
        except UserError as exc:
            self._exit_lines.append(f"facilitator: {exc.message}")
            self.post_message(Loaded(self.exit, 1, 1))
            return
        if self.ensure_prepared():
            self.post_message(Loaded(self._unlocked, vault))

    def _show_recovery_key(self, vault: Vault, recovery: str) -> None:
        self.push_screen(RecoveryKeyScreen(recovery), lambda _: self._unlocked(vault))

    def _unlocked(self, vault: Vault | None) -> None:
        if vault is None:
            return
        self.vault = vault
        self._passphrase = None
        self.after_unlock(vault)
        if not self.read_only:
            self._read_journal(vault)

    # -- the journal of changes kept at the last forced quit --------------------------
    @work(thread=True, exclusive=True, group="journal")
    def _read_journal(self, vault: Vault) -> None:
        from facilitator.storage.journal import read_journal

        try:
            entries = read_journal(vault)
        except UserError as exc:
            self.post_message(LoadFailed(exc.message))
            return
        if entries:
            self.post_message(JournalRead(entries))

    @on(JournalRead)
    def _journal_read(self, message: JournalRead) -> None:
        from facilitator.tui.quitting import ReplayJournalScreen

        def answered(choice: str | None) -> None:
            if choice in ("replay", "discard"):
                self.replay_journal(message.entries if choice == "replay" else [])

        self.push_screen(ReplayJournalScreen(message.entries), answered)

    def replay_journal(self, entries: list[tuple[str, dict]]) -> None:
        """Queue each kept change (then clear the journal), in the order they were made."""
        from facilitator.storage.journal import clear_journal, replay_entry
        from facilitator.storage.repository import Store

        vault = self.vault
        assert vault is not None
        store = Store(vault, self.clock)
        for kind, data in entries:
            self.save(t("saving.what_replay", kind=kind), partial(replay_entry, store, kind, data),
                      replay=(kind, data))
        self.save(t("saving.what_journal"), lambda: clear_journal(vault))

    def after_unlock(self, vault: Vault) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- preparing: blocking set-up after the first paint -------------------------------
    def prepare(self) -> None:
        """Blocking set-up run once in a worker after the first paint, before the data folder opens.

        The console loads its programme here, so the passphrase prompt shows sooner. A UserError ends
        the app with its one-line message.
        """

    def ensure_prepared(self) -> bool:
        """Run `prepare` once (from a worker; waits if another worker is running it); False if it failed."""
        with self._prepare_lock:
            if self._prepared is None:
                try:
                    self.prepare()
                    self._prepared = True
                except UserError as exc:
                    self._prepared = False
                    self._exit_lines.append(f"facilitator: {exc.message}")
                    self.post_message(Loaded(self.exit, 1, 1))
            return self._prepared

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare_in_background(self) -> None:
        self.ensure_prepared()

    # -- quitting: never with text that is not on disk, unless the user insists -----------
    def unsaved_items(self) -> list[str]:
        """What would be lost by quitting now: saves not on disk, then text typed but not yet committed."""
        items = [job.label for job in self.saver.unsaved()] if self.saver is not None else []
        for screen in self.screen_stack:
            typed = getattr(screen, "typed_text", None)
            if callable(typed):
                items.extend(typed())
        return items

    async def action_quit(self) -> None:
        self.request_quit()

    def request_quit(self) -> None:
        """Quit now, or once the saves in progress are done, or ask when something would be lost."""
        saver = self.saver
        if saver is not None and saver.pending and not saver.retrying:
            self._quit_when_saved = True
            self.save_status = t("saving.closing_after_save", n=saver.pending)
            self.refresh_save_status()
            return
        self._quit_when_saved = False
        items = self.unsaved_items()
        if not items:
            self.exit(0)
            return
        if isinstance(self.screen, QuitUnsavedScreen):
            return

        def answered(insist: bool | None) -> None:
            if insist:
                self.quit_keeping_unsaved()

        self.push_screen(QuitUnsavedScreen(items), answered)

    def after_save(self) -> None:
        self._quit_if_saved()

    def _quit_if_saved(self) -> None:
        saver = self.saver
        if self._quit_when_saved and saver is not None and (saver.pending == 0 or saver.retrying):
            self.request_quit()

    def quit_keeping_unsaved(self) -> None:
        """The user insists: keep what can be replayed in the encrypted journal, exit non-zero."""
        kept = 0
        if self.saver is not None and self.vault is not None:
            from facilitator.storage.journal import write_journal

            entries = [job.replay for job in self.saver.unsaved() if job.replay is not None]
            try:
                kept = write_journal(self.vault, entries)
            except Exception as exc:  # noqa: BLE001 - the disk may be what failed; say so and still quit
                self._exit_lines.append(f"facilitator: {t('saving.journal_failed', error=error_text(exc))}")
        items = self.unsaved_items()
        from facilitator.core.formatting import integer, tn

        self._exit_lines.append(f"facilitator: {tn('saving.quit_unsaved', len(items), kept=integer(kept))}")
        self.exit(EXIT_UNSAVED, return_code=EXIT_UNSAVED)

    # -- idle lock ------------------------------------------------------------------
    def on_key(self, event: Key) -> None:
        self._last_activity = self.clock.now()

    def on_mouse_down(self, event: MouseDown) -> None:
        self._last_activity = self.clock.now()

    def _check_idle(self) -> None:
        if self.vault is None or isinstance(self.screen, LockScreen | UnlockScreen):
            return
        if self.clock.now() - self._last_activity >= self.idle_lock_s:
            self.lock_now()

    def roster_saved(self, cycle_id: str, roster: Roster) -> None:
        """Hook called by the roster editor once a roster is queued for saving (apps that pseudonymise)."""

    def action_toggle_help(self) -> None:
        """F1: show or hide the panel listing every key of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def public_view_source(self) -> Callable[[], PublicView | None] | None:
        """The running session's public view, from the first screen in the stack that offers one."""
        for screen in reversed(self.screen_stack):
            source = getattr(screen, "public_view", None)
            if callable(source) and source() is not None:
                return source
        return None

    def lock_now(self) -> None:
        if self.vault is not None and not isinstance(self.screen, LockScreen):
            self.push_screen(LockScreen(self.vault, self.public_view_source()))

    def action_command_palette(self) -> None:
        """No palette over the lock screen: every command needs the passphrase first. Its prompt is translated."""
        from textual.command import CommandPalette

        if isinstance(self.screen, LockScreen | UnlockScreen):
            return
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("room.palette_placeholder")))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit: say which key does, in the interface's language (Textual's toast is English)."""
        self.notify(t("room.help_quit"), title=t("room.help_quit_title"), markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands (theme, keys, quit...), named in the interface's language."""
        for command in super().get_system_commands(screen):
            key = TEXTUAL_COMMANDS.get((command.title, command.help))
            yield command._replace(title=t(key + "_title"), help=t(key + "_help")) if key else command

    def action_lock(self) -> None:
        self.lock_now()

    def on_unmount(self) -> None:
        self.close_saver()
