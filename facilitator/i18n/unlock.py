"""Strings of the unlock, recovery-key and auto-lock screens."""

STRINGS: dict[str, tuple[str, str]] = {
    "folder": ("Dossier de données : {folder}", "Data folder: {folder}"),
    "create_intro": (
        "Nouveau dossier de données. Choisissez une phrase de passe (au moins 8 caractères) : "
        "elle chiffre toutes les données et sera demandée à chaque ouverture.",
        "New data folder. Choose a passphrase (at least 8 characters): it encrypts all data and is "
        "asked at every start.",
    ),
    "new_passphrase": ("Nouvelle phrase de passe", "New passphrase"),
    "repeat_passphrase": ("Répétez la phrase de passe", "Repeat the passphrase"),
    "passphrase": ("Phrase de passe", "Passphrase"),
    "mismatch": ("Les deux phrases de passe diffèrent.", "The two passphrases differ."),
    "empty": ("Saisissez la phrase de passe.", "Type the passphrase."),
    "working": ("Déverrouillage…", "Unlocking…"),
    "wrong": ("Phrase de passe incorrecte.", "Wrong passphrase."),
    "locked": (
        "Écran verrouillé après inactivité. Saisissez la phrase de passe pour continuer.",
        "Screen locked after inactivity. Type the passphrase to continue.",
    ),
    "recovery_title": ("Clé de récupération", "Recovery key"),
    "recovery_text": (
        "Notez cette clé sur papier et rangez-la sous clé, à part de l'ordinateur. Elle permet de "
        "rouvrir les données si la phrase de passe est perdue. Elle ne sera plus affichée.",
        "Write this key on paper and lock it away, apart from the laptop. It reopens the data if the "
        "passphrase is lost. It will not be shown again.",
    ),
    "recovery_done": ("C'est noté", "I have written it down"),
}
