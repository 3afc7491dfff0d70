"""A flag as the live screen lists it: code, category, reason, with each language's typography."""

from __future__ import annotations

import pytest

from facilitator import i18n
from facilitator.core.followup import FollowUpCategory
from facilitator.core.models import Flag
from facilitator.core.safety import flag_line


@pytest.fixture
def lang():
    previous = i18n.language()
    yield i18n.set_language
    i18n.set_language(previous)


def test_french_flag_line_has_a_non_breaking_space_before_the_colon(lang):
    lang("fr")
    flag = Flag(id="f1", participant="P03", reason="[bold]x[/bold]", category=FollowUpCategory.MEDICAL)
    assert flag_line(flag) == "⚑ P03 (médical)\u00a0: [bold]x[/bold]"
    plain = Flag(id="f2", participant="P01", reason="à rappeler")
    assert flag_line(plain) == "⚑ P01\u00a0: à rappeler"


def test_english_flag_line_has_a_plain_colon(lang):
    lang("en")
    flag = Flag(id="f1", participant="P03", reason="call him", category=FollowUpCategory.MEDICAL)
    assert flag_line(flag).startswith("⚑ P03 (") and flag_line(flag).endswith("): call him")
