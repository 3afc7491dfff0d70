"""Follow-up categories shared by crisis cards (programme file) and follow-up items (participant path)."""

from __future__ import annotations

from enum import StrEnum


class FollowUpCategory(StrEnum):
    """What a follow-up item is about; a crisis card in the programme names one of these."""

    SUICIDE_RISK = "suicide_risk"
    INTOXICATION = "intoxication"
    ASSAULT_DISCLOSURE = "assault_disclosure"
    ABSENCE_CALLBACK = "absence_callback"
    MEDICAL = "medical"
    OTHER = "other"
