"""The palette key that Textual adds to every app when it starts, in the interface language (F1 help)."""

STRINGS: dict[str, tuple[str, str]] = {
    "palette": ("palette", "palette"),
    "Open the command palette": ("Ouvrir la palette de commandes", "Open the command palette"),
}
