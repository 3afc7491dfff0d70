"""The programme's words, one per notion, used by every screen and report (French, English).

A catalogue entry names these notions with the same word; `tests/test_glossary.py` refuses the
synonyms that once coexisted (see REJECTED).
"""

STRINGS: dict[str, tuple[str, str]] = {
    "homework": ("tâches à domicile", "homework"),
    "agenda_item": ("point", "item"),          # of a session's agenda ("Point 3/8"); questionnaire items stay items
    "flag": ("signalement", "flag"),
    "session": ("séance", "session"),
    "cycle": ("cycle", "cycle"),
    "facilitator": ("animateur", "facilitator"),
    "observer": ("observateur", "observer"),
    "verbatim": ("verbatim", "verbatim"),
    "follow_up": ("suivi", "follow-up"),
}

# French words that must not name these notions anywhere in the catalogue (one vocabulary)
REJECTED: dict[str, str] = {
    r"\bdevoirs?\b": "homework",
    r"travail entre les séances": "homework",
    r"\bitems?\b": "agenda_item",
}
