"""The safety layer on screen: crisis cards one key away, a card, and the resources with their numbers.

Opened from the live console and from the observer; a card creates a follow-up flag of its category
through the `on_flag` callback the opener gives (each app saves flags its own way).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.core.programme import CrisisCard, Programme
from facilitator.core.safety import card_sections, category_label, flag_reason, phone_of, record_template
from facilitator.i18n import t

# (participant code, reason, card): the opener saves a flag of the card's category (None: no session)
OnFlag = Callable[[str, str, CrisisCard], None]
# a note to complete from the card's "what to record" (the console's note dialog; None in the observer)
OnNote = Callable[[str], None]

SAFETY_CSS = """
.safety-dialog {
    width: 96%;
    max-width: 120;
    height: auto;
    max-height: 96%;
    border: round $error;
    background: $surface;
    padding: 0 1;
}
.safety-dialog.tall { height: 96%; }
#card-scroll { height: 1fr; }
#card-body { height: auto; }
#resources-scroll { height: 1fr; }
#resources { height: auto; }
.safety-title { text-style: bold; padding: 0 1; }
.safety-hint { color: $text-muted; padding: 0 1; }
"""


def _digit_bindings() -> list[Binding]:
    return [Binding(str(n), f"open_number({n})", t("safety.key_open"), show=False) for n in range(1, 10)]


class CrisisCardsScreen(ModalScreen[None]):
    """The list of the programme's crisis cards; a digit or Enter opens one."""

    DEFAULT_CSS = SAFETY_CSS
    BINDINGS = [
        Binding("escape", "close", t("safety.key_back"), id="safety_back"),
        Binding("r", "resources", t("safety.key_resources"), id="safety_resources"),
        *_digit_bindings(),
    ]

    def __init__(self, programme: Programme, codes: list[str], on_flag: OnFlag | None, *,
                 on_note: OnNote | None = None) -> None:
        super().__init__()
        self.programme = programme
        self.codes = codes
        self.on_flag = on_flag
        self.on_note = on_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="safety-dialog"):
            yield Static("⚠ " + t("safety.cards_title"), classes="safety-title", markup=False)
            cards = self.programme.crisis_cards
            if cards:
                yield OptionList(*[Option(Text(f"{n}. {card.title}"), id=card.id)
                                   for n, card in enumerate(cards, start=1)], id="cards")
            else:
                yield Static(t("safety.no_cards"), markup=False)
            yield Static(t("safety.cards_hint"), classes="safety-hint", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for options in self.query("#cards").results(OptionList):
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#cards")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.open_card(self.programme.crisis_card(str(event.option.id)))

    def action_open_number(self, number: int) -> None:
        cards = self.programme.crisis_cards
        if 1 <= number <= len(cards):
            self.open_card(cards[number - 1])

    def open_card(self, card: CrisisCard) -> None:
        self.app.push_screen(CrisisCardScreen(card, self.programme, self.codes, self.on_flag, on_note=self.on_note))

    def action_resources(self) -> None:
        self.app.push_screen(ResourcesScreen(self.programme))

    def action_close(self) -> None:
        self.dismiss(None)


class CrisisCardScreen(ModalScreen[None]):
    """One crisis card: signs, steps in order, whom to call, what to record; `f` flags a participant."""

    DEFAULT_CSS = SAFETY_CSS
    BINDINGS = [
        Binding("escape", "close", t("safety.key_back"), id="safety_card_back"),
        Binding("f", "flag", t("safety.key_card_flag"), id="safety_card_flag"),
        Binding("o", "note", t("safety.key_card_note"), id="safety_card_note"),
        Binding("r", "resources", t("safety.key_resources"), id="safety_card_resources"),
    ]

    def __init__(self, card: CrisisCard, programme: Programme, codes: list[str], on_flag: OnFlag | None, *,
                 on_note: OnNote | None = None) -> None:
        super().__init__()
        self.card = card
        self.programme = programme
        self.codes = codes
        self.on_flag = on_flag
        self.on_note = on_note

    def compose(self) -> ComposeResult:
        category = category_label(self.card.category)
        with Vertical(classes="safety-dialog tall"):
            yield Static("⚠ " + self.card.title, classes="safety-title", id="card-title", markup=False)
            with VerticalScroll(id="card-scroll"):
                yield Static(self.body(), id="card-body")
            yield Static(t("safety.card_hint", category=category), classes="safety-hint", markup=False)
        yield Footer(compact=True)

    def body(self) -> Text:
        """The card's sections, headings in bold; the programme's text stays literal."""
        text = Text()
        for index, (heading, lines) in enumerate(card_sections(self.card, self.programme)):
            if index:
                text.append("\n\n")
            text.append(heading, style="bold reverse" if index == 1 else "bold")
            for line in lines:
                text.append("\n" + (line if line[:1].isdigit() or line.startswith("☎") else f"• {line}"))
        return text

    def on_mount(self) -> None:
        self.query_one("#card-scroll", VerticalScroll).focus()

    def action_flag(self) -> None:
        if self.on_flag is None or not self.codes:
            self.notify(t("safety.no_session"), severity="warning", markup=False)
            return
        from facilitator.tui.screens.live import FlagScreen

        card, on_flag = self.card, self.on_flag
        category = category_label(card.category)

        def written(result: tuple[str, str] | None) -> None:
            if not result:
                return
            code, reason = result
            on_flag(code, reason, card)
            self.notify(t("safety.flag_saved", category=category, code=code), markup=False)

        self.app.push_screen(FlagScreen(self.codes, reason=flag_reason(card),
                                        title=t("safety.flag_title", category=category)), written)

    def action_note(self) -> None:
        """A note prefilled with what the card says to record, to complete and save on the current item."""
        if self.on_note is None:
            self.notify(t("safety.no_note"), severity="warning", markup=False)
            return
        self.on_note(record_template(self.card))

    def action_resources(self) -> None:
        self.app.push_screen(ResourcesScreen(self.programme))

    def action_close(self) -> None:
        self.dismiss(None)


class ResourcesScreen(ModalScreen[None]):
    """National lines and local services with their numbers; ★ marks what the team checks locally."""

    DEFAULT_CSS = SAFETY_CSS
    BINDINGS = [Binding("escape", "close", t("safety.key_back"), id="safety_resources_back")]

    def __init__(self, programme: Programme) -> None:
        super().__init__()
        self.programme = programme

    def compose(self) -> ComposeResult:
        with Vertical(classes="safety-dialog tall"):
            yield Static(t("safety.resources_title"), classes="safety-title", markup=False)
            with VerticalScroll(id="resources-scroll"):
                yield Static(self.body(), id="resources")
            yield Static(t("safety.resources_hint"), classes="safety-hint", markup=False)
        yield Footer(compact=True)

    def body(self) -> Text:
        """One resource per entry: name and number on a line, what it is for below (literal text)."""
        text = Text()
        for line in self.programme.emergency:   # what to do first, as the booklet's emergency page says
            text.append(("\n" if text else "") + "⚠ " + line, style="bold")
        for scope in ("national", "local"):
            if text:
                text.append("\n\n")
            text.append(t(f"safety.scope_{scope}"), style="bold reverse")
            for resource in self.programme.resources:
                if resource.scope != scope:
                    continue
                text.append("\n☎ ")
                text.append(phone_of(resource), style="bold")
                text.append("  " + resource.name + (" ★" if resource.check_locally else ""))
                for detail in (resource.description, resource.contact):
                    if detail:
                        text.append("\n    " + detail, style="dim")
        return text

    def on_mount(self) -> None:
        self.query_one("#resources-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
