"""The save queue, quitting with unsaved changes, and the journal replayed at the next start."""

STRINGS: dict[str, tuple[str, str]] = {
    "parked": (
        "NON ENREGISTRÉ : {what} — {error}. Le reste continue d'être enregistré ; ce texte reste en mémoire "
        "jusqu'à la fermeture, puis dans le journal chiffré.",
        "NOT SAVED: {what} — {error}. Everything else is still being saved; this text stays in memory until "
        "you quit, then in the encrypted journal.",
    ),
    "parked_count": ("{n} non enregistré(s), voir Ctrl+Q", "{n} not saved, see Ctrl+Q"),
    "closing_after_save": (
        "Fermeture dès la fin de l'enregistrement ({n} en cours)…",
        "Closing as soon as the save is done ({n} in progress)…",
    ),
    "quit_title": ("Des modifications ne sont pas enregistrées", "Some changes are not saved"),
    "quit_help": (
        "Attendre : revenir à l'écran ; une ligne tapée peut encore être validée (Entrée), un "
        "enregistrement en échec continue d'essayer (libérez de l'espace disque ou fermez l'autre "
        "programme). Quitter quand même : ce qui peut l'être est gardé dans un journal chiffré que le "
        "prochain démarrage propose de rejouer ; le reste est perdu.",
        "Wait: back to the screen; a typed line can still be committed (Enter), a failed save keeps "
        "trying (free some disk space or close the other program). Quit anyway: what "
        "can be kept goes into an encrypted journal the next start offers to replay; the rest is lost.",
    ),
    "quit_wait": ("Attendre (Échap)", "Wait (Esc)"),
    "quit_anyway": ("Quitter quand même", "Quit anyway"),
    "quit_unsaved_one": (
        "fermé avec {n} modification non enregistrée ({kept} gardée dans le journal chiffré, proposée au "
        "prochain démarrage)",
        "closed with {n} unsaved change ({kept} kept in the encrypted journal, offered at the next start)",
    ),
    "quit_unsaved_other": (
        "fermé avec {n} modifications non enregistrées ({kept} gardées dans le journal chiffré, proposées au "
        "prochain démarrage)",
        "closed with {n} unsaved changes ({kept} kept in the encrypted journal, offered at the next start)",
    ),
    "journal_failed": (
        "le journal des modifications non enregistrées n'a pas pu être écrit ({error})",
        "the journal of unsaved changes could not be written ({error})",
    ),
    "typed_line": ("la ligne en cours de saisie (non validée)", "the line being typed (not committed)"),
    "replay_title": ("Modifications non enregistrées à la dernière fermeture",
                     "Changes not saved when the app last closed"),
    "replay_help": (
        "{n} modification(s) gardée(s) dans le journal chiffré. Les rejouer les enregistre maintenant "
        "(une modification déjà enregistrée n'est pas dupliquée).",
        "{n} change(s) kept in the encrypted journal. Replaying saves them now (a change that was saved "
        "after all is not duplicated).",
    ),
    "replay": ("Rejouer", "Replay"),
    "replay_later": ("Plus tard (Échap)", "Later (Esc)"),
    "replay_discard": ("Abandonner", "Discard"),
    "what_replay": ("modification du journal ({kind})", "journal change ({kind})"),
    "what_journal": ("vidage du journal", "clearing the journal"),
    "what_questionnaire": ("{instrument} de {participant} ({timepoint})", "{instrument} of {participant} ({timepoint})"),
    "what_cycle": ("nouveau cycle « {label} »", "new cycle “{label}”"),
    "kind_verbatim": ("verbatim", "verbatim"),
    "kind_note": ("note", "note"),
}
