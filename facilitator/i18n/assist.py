"""Strings of the observer's assistance: roster near-matches, quasi-identifiers, theme suggestions."""

STRINGS = {
    "source_near": ("proche de la liste", "close to the roster"),
    "source_world": ("prénom (dictionnaire étendu)", "first name (larger dictionary)"),
    "source_quasi": ("lieu ou employeur", "venue or employer"),
    "proposal": ("{code} ? Ctrl+Y pour confirmer", "{code}? Ctrl+Y to confirm"),
    "to_check": ("à vérifier — F5 pour masquer", "to check — F5 to mask"),
    "key_accept": ("Confirmer le code", "Confirm the code"),
    "key_themes": ("Accepter les thèmes", "Accept the themes"),
    "themes_suggested": ("Thèmes suggérés : {labels} — Ctrl+T pour les ajouter",
                         "Suggested themes: {labels} — Ctrl+T to add them"),
    "no_proposal": ("Aucun code à confirmer dans cette ligne.", "No code to confirm in this line."),
    "no_themes": ("Aucun thème suggéré pour cette ligne.", "No theme suggested for this line."),
    "accepted": ("« {word} » sera enregistré comme {code}.", "“{word}” will be saved as {code}."),
    "themes_added": ("Thèmes ajoutés : {labels}", "Themes added: {labels}"),
}
