"""Strings shared by every screen and command."""

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Facilitator — programme TCC chemsex", "Facilitator — chemsex CBT programme"),
    "quit": ("Quitter", "Quit"),
    "help": ("Aide", "Help"),
    "back": ("Retour", "Back"),
    "cancel": ("Annuler", "Cancel"),
    "save": ("Enregistrer", "Save"),
    "saved": ("Enregistré", "Saved"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "loading": ("Chargement…", "Loading…"),
    "pseudonymised": ("pseudonymisé", "pseudonymised"),
}
