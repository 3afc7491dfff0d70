"""The cycle list marks a demo cycle as fictitious once, not twice."""

from __future__ import annotations

from datetime import date

from facilitator.core.models import Cycle, Facilitator
from facilitator.tui.screens.home import cycle_label


def cycle(label: str, demo: bool) -> Cycle:
    return Cycle(id="c1", label=label, site="Site", start_date=date(2026, 1, 5), demo=demo,
                 facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")], participants=["P01"])


def test_demo_marked_once():
    assert cycle_label(cycle("Cycle de démonstration (fictif)", True)) == "Cycle de démonstration (fictif)"
    assert cycle_label(cycle("Cycle essai", True)) == "Cycle essai (fictif)"
    assert cycle_label(cycle("Cycle printemps", False)) == "Cycle printemps"
