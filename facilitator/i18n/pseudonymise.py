"""Strings of the pseudonymiser: roster errors, category labels, the `anonymise` command."""

STRINGS: dict[str, tuple[str, str]] = {
    # Roster file errors: always prefixed by "SOURCE:LINE: ".
    "roster_bad_line": (
        "{where}: attendu 'CODE: prénom[, alias...]'",
        "{where}: expected 'CODE: name[, alias...]'",
    ),
    "roster_bad_code": (
        "{where}: code '{code}' invalide (attendu une lettre et 1 à 3 chiffres, p. ex. P03, F1, O1)",
        "{where}: invalid code '{code}' (expected a letter and 1 to 3 digits, e.g. P03, F1, O1)",
    ),
    "roster_bad_name": (
        "{where}: prénom '{name}' invalide (lettres, espaces, tirets et apostrophes seulement)",
        "{where}: invalid name '{name}' (letters, spaces, hyphens and apostrophes only)",
    ),
    "roster_duplicate_code": (
        "{where}: le code {code} est déjà utilisé ({first})",
        "{where}: code {code} is already used ({first})",
    ),
    "roster_duplicate_name": (
        "{where}: le prénom '{name}' appartient déjà à {code}",
        "{where}: name '{name}' already belongs to {code}",
    ),
    # Category labels shown next to a detected span in the review.
    "category_CODE": ("participant du groupe", "group member"),
    "category_PRÉNOM": ("prénom", "first name"),
    "category_TÉLÉPHONE": ("téléphone", "phone number"),
    "category_EMAIL": ("e-mail", "e-mail"),
    "category_URL": ("lien", "link"),
    "category_PSEUDO": ("pseudo de réseau social", "social media handle"),
    "category_ADRESSE": ("adresse", "street address"),
    "category_DATE_NAISSANCE": ("date de naissance", "date of birth"),
    "category_NIR": ("numéro de sécurité sociale", "social security number"),
    "category_IBAN": ("IBAN", "IBAN"),
    "category_PLAQUE": ("plaque d'immatriculation", "licence plate"),
    "category_MANUEL": ("masqué à la main", "masked by hand"),
    # facilitator anonymise
    "help_roster": (
        "fichier des prénoms du groupe, une ligne 'CODE: prénom[, alias...]'",
        "the group's roster file, one line 'CODE: name[, alias...]'",
    ),
    "help_input": (
        "fichier texte à pseudonymiser (par défaut : l'entrée standard)",
        "text file to pseudonymise (default: standard input)",
    ),
    "help_no_model": (
        "ne pas charger le modèle statistique (plus rapide, trouve moins de prénoms inconnus)",
        "do not load the statistical model (faster, finds fewer unknown first names)",
    ),
    "file_missing": ("{what} introuvable : {path}", "{what} not found: {path}"),
    "file_unreadable": ("impossible de lire {path} : {reason}", "cannot read {path}: {reason}"),
    "file_not_text": (
        "{path} n'est pas un texte UTF-8 (octet {offset})",
        "{path} is not UTF-8 text (byte {offset})",
    ),
    "what_roster": ("fichier des prénoms", "roster file"),
    "what_input": ("fichier à pseudonymiser", "input file"),
    "model_missing": (
        "modèle français de spaCy introuvable (fr_core_news_sm) : réinstallez les dépendances, "
        "ou utilisez --no-model",
        "spaCy's French model is not installed (fr_core_news_sm): reinstall the dependencies, "
        "or use --no-model",
    ),
}
