"""Strings of the safety layer: crisis procedure cards, resources, marks to check locally."""

STRINGS: dict[str, tuple[str, str]] = {
    # --- programme loader and check-programme
    "national_without_phone": ("une ressource nationale doit avoir un numéro (phone:)",
                               "a national resource needs a number (phone:)"),
    "unknown_resource": ("ressource « {value} » inconnue (absente de resources)",
                         "unknown resource '{value}' (not in resources)"),
    "warn_no_cards": ("aucune fiche de crise (crisis_cards) : la console n'aura pas de procédure à ouvrir",
                      "no crisis cards (crisis_cards): the console will have no procedure to open"),
    "summary_cards": ("Fiches de crise : {count}", "Crisis cards: {count}"),
    "summary_card": ("  {id:<22} {category:<20} {title}", "  {id:<22} {category:<20} {title}"),
    "summary_resources": ("Ressources : {count}", "Resources: {count}"),
    "summary_resource": ("  {id:<22} {scope:<9} {phone:<16} {name}",
                         "  {id:<22} {scope:<9} {phone:<16} {name}"),
    "summary_checks": ("À vérifier localement avant d'animer ou d'imprimer ({count})",
                       "To check locally before running or printing ({count})"),
    "no_phone": ("(à compléter)", "(to fill in)"),
}
