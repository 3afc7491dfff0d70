"""facilitator: a terminal console for a closed CBT group programme (chemsex)."""

__version__ = "0.1.0"
