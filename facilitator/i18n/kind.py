"""Names of the agenda item kinds."""

STRINGS: dict[str, tuple[str, str]] = {
    "welcome": ("accueil et météo", "welcome and check-in"),
    "homework_review": ("retour sur les tâches", "homework review"),
    "psychoeducation": ("psychoéducation", "psychoeducation"),
    "exercise": ("exercice", "exercise"),
    "discussion": ("discussion", "discussion"),
    "break": ("pause", "break"),
    "homework": ("tâches à domicile", "homework"),
    "questionnaires": ("questionnaires", "questionnaires"),
    "closing": ("tour de clôture", "closing round"),
}
