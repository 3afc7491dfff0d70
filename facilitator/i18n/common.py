"""Strings shared by every screen and command."""

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Facilitator — programme TCC chemsex", "Facilitator — chemsex CBT programme"),
    "quit": ("Quitter", "Quit"),
    "back": ("Retour", "Back"),
    "cancel": ("Annuler", "Cancel"),
    "save": ("Enregistrer", "Save"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "loading": ("Chargement…", "Loading…"),
}
