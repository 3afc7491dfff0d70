"""The safety layer as text: a crisis card's sections and the resources, for the screens and the booklet."""

from __future__ import annotations

from facilitator.core.followup import FollowUpCategory
from facilitator.core.models import Flag
from facilitator.core.programme import CrisisCard, Programme, Resource
from facilitator.i18n import t


def phone_of(resource: Resource) -> str:
    """The number as printed, or a blank to fill in for a local service the team has not completed."""
    return resource.phone.strip() or t("safety.no_phone")


def resource_line(resource: Resource) -> str:
    """`Name: number`, the way a card or a page lists a resource."""
    return t("safety.resource_line", name=resource.name, phone=phone_of(resource))


def card_sections(card: CrisisCard, programme: Programme) -> list[tuple[str, list[str]]]:
    """(heading, lines) of a card in the order it is read in a crisis: signs, steps, calls, record, group."""
    calls = list(card.call)
    for ref in card.resources:
        try:
            calls.append("☎ " + resource_line(programme.resource(ref)))
        except KeyError:   # the loader refuses unknown references; a hand-built programme may not
            continue
    sections = [
        (t("safety.section_signs"), list(card.signs)),
        (t("safety.section_steps"), [f"{index}. {step}" for index, step in enumerate(card.steps, start=1)]),
        (t("safety.section_call"), calls),
        (t("safety.section_record"), list(card.record)),
    ]
    if card.group:
        sections.append((t("safety.section_group"), list(card.group)))
    return sections


def category_label(category: FollowUpCategory) -> str:
    """The category's words, the same as the follow-up items of the participant path use."""
    return t(f"participant.category_{category.value}")


def flag_category(flag: Flag) -> str:
    """` (suicide risk)` after a flag's participant, nothing for the default category."""
    return "" if flag.category == FollowUpCategory.OTHER else f" ({category_label(flag.category)})"


def flag_line(flag: Flag) -> str:
    """`⚑ P03 (suicide risk) : reason`, with the interface language's typography."""
    return t("safety.flag_line", code=flag.participant, category=flag_category(flag), reason=flag.reason)


def flag_reason(card: CrisisCard) -> str:
    """The reason a flag created from `card` carries (the facilitator can edit it before saving)."""
    return t("safety.flag_reason", title=card.title)


def record_template(card: CrisisCard) -> str:
    """A note to complete after a crisis: the card's title, then one line per thing to record."""
    return "\n".join([flag_reason(card), *(f"- {line} " for line in card.record)]) + "\n"
