"""Messages of the passphrase and purge commands, of crashes and of damaged files shown in the apps."""

STRINGS: dict[str, tuple[str, str]] = {
    # -- shared by both commands ---------------------------------------------------------
    "not_initialised": (
        "{path} n'est pas un dossier de données initialisé (pas de keyring.json) : rien à faire",
        "{path} is not an initialised data folder (no keyring.json): nothing to do",
    ),
    "no_terminal": (
        "{command} : pas de terminal pour demander {what} : donnez {option} FICHIER",
        "{command}: no terminal to ask for {what}: give {option} FILE",
    ),
    "no_terminal_confirm": (
        "purge : pas de terminal pour taper l'identifiant du cycle : relancez dans un terminal ou ajoutez --yes",
        "purge: no terminal to type the cycle's id: run it in a terminal or add --yes",
    ),
    "what_passphrase": ("la phrase de passe", "the passphrase"),
    "what_new_passphrase": ("la nouvelle phrase de passe", "the new passphrase"),
    "prompt_current": (
        "Phrase de passe actuelle (ou clé de récupération) : ",
        "Current passphrase (or recovery key): ",
    ),
    "prompt_passphrase": ("Phrase de passe : ", "Passphrase: "),
    # -- passphrase ------------------------------------------------------------------------
    "both_secrets": (
        "passphrase : donnez --passphrase-file ou --recovery-key-file, pas les deux",
        "passphrase: give --passphrase-file or --recovery-key-file, not both",
    ),
    "prompt_new": ("Nouvelle phrase de passe : ", "New passphrase: "),
    "prompt_new_or_keep": (
        "Nouvelle phrase de passe (Entrée seule : garder l'actuelle) : ",
        "New passphrase (Enter alone: keep the current one): ",
    ),
    "prompt_repeat": ("Répétez la nouvelle phrase de passe : ", "Repeat the new passphrase: "),
    "new_empty": (
        "passphrase : la nouvelle phrase de passe est vide ; rien n'a été changé",
        "passphrase: the new passphrase is empty; nothing was changed",
    ),
    "mismatch": (
        "passphrase : les deux saisies de la nouvelle phrase de passe diffèrent ; rien n'a été changé",
        "passphrase: the two entries of the new passphrase differ; nothing was changed",
    ),
    "nothing_to_do": (
        "passphrase : rien à faire : donnez une nouvelle phrase de passe (--new-passphrase-file) "
        "ou --new-recovery-key",
        "passphrase: nothing to do: give a new passphrase (--new-passphrase-file) or --new-recovery-key",
    ),
    "changed": (
        "Phrase de passe changée pour {path}. Les données n'ont pas été réécrites ; les consoles ouvertes "
        "demanderont la nouvelle phrase au prochain verrouillage.",
        "Passphrase changed for {path}. No data was rewritten; open consoles will ask for the new one "
        "the next time they lock.",
    ),
    "recovery_title": (
        "Nouvelle clé de récupération (l'ancienne ne fonctionne plus) :",
        "New recovery key (the old one no longer works):",
    ),
    "recovery_advice": (
        "Écrivez-la maintenant sur papier et rangez-la à part de cet ordinateur : "
        "elle ne sera plus jamais affichée.",
        "Write it down on paper now and keep it apart from this laptop: it will never be shown again.",
    ),
    # -- purge -----------------------------------------------------------------------------
    "unknown_cycle": (
        "purge : aucun cycle « {cycle} » dans {path} (cycles présents : {known})",
        "purge: no cycle '{cycle}' in {path} (cycles here: {known})",
    ),
    "no_cycles": ("aucun", "none"),
    "cycle_running": (
        "purge : la séance {n} du cycle {cycle} est en cours dans une console ; "
        "fermez-la avant de supprimer le cycle (rien n'a été supprimé)",
        "purge: session {n} of cycle {cycle} is running in a console; "
        "close it before deleting the cycle (nothing was deleted)",
    ),
    "summary_title": ("Cycle à supprimer définitivement :", "Cycle to delete for good:"),
    "summary_id": ("  identifiant : {cycle}", "  id:        {cycle}"),
    "summary_label": ("  intitulé :    {label}", "  label:     {label}"),
    "summary_site": ("  lieu :        {site}", "  site:      {site}"),
    "summary_start": ("  début :       {date}", "  start:     {date}"),
    "summary_sessions": (
        "  séances :     {done} terminée(s) sur 8{dates}",
        "  sessions:  {done} done out of 8{dates}",
    ),
    "summary_files": (
        "  fichiers :    {files} (et leurs sauvegardes)",
        "  files:     {files} (and their backups)",
    ),
    "summary_damaged": ("  ⚠ fichier endommagé : {error}", "  ⚠ damaged file: {error}"),
    "summary_warning": (
        "Tout sera effacé : séances, notes, verbatims, exercices, questionnaires, liste des prénoms. "
        "Les exports déjà écrits hors du dossier de données ne sont pas concernés.",
        "Everything will be erased: sessions, notes, verbatims, exercises, questionnaires, the names list. "
        "Exports already written outside the data folder are not affected.",
    ),
    "prompt_confirm": (
        "Tapez l'identifiant du cycle ({cycle}) pour confirmer : ",
        "Type the cycle's id ({cycle}) to confirm: ",
    ),
    "cancelled": (
        "purge : identifiant non confirmé ; rien n'a été supprimé",
        "purge: id not confirmed; nothing was deleted",
    ),
    "purged_one": ("Cycle {cycle} supprimé ({n}\u00a0fichier et ses sauvegardes).",
                   "Cycle {cycle} deleted ({n} file and its backups)."),
    "purged_other": ("Cycle {cycle} supprimé ({n}\u00a0fichiers et leurs sauvegardes).",
                     "Cycle {cycle} deleted ({n} files and their backups)."),
    # -- the apps ----------------------------------------------------------------------------
    "crashed": (
        "facilitator : erreur inattendue ({error} dans {where}) ; l'application s'est fermée. "
        "Les enregistrements terminés sont intacts ; aucun texte saisi n'est affiché ici.",
        "facilitator: unexpected error ({error} in {where}); the application closed. "
        "Completed saves are intact; no typed text is shown here.",
    ),
    "load_failed": (
        "⚠ Lecture impossible : {error}. Rien n'a été modifié.",
        "⚠ Cannot read: {error}. Nothing was changed.",
    ),
    "what_audit": ("journal d'audit", "audit log"),
    "audit_failed": (
        "⚠ Journal d'audit non enregistré : {error}",
        "⚠ Audit log not saved: {error}",
    ),
    "restore_outside": ("{file} n'est pas dans le dossier de données {folder}",
                        "{file} is not in the data folder {folder}"),
    "restore_missing": ("aucun fichier {file} dans {folder}, et aucune sauvegarde de lui à remettre",
                        "no file {file} in {folder}, and no backup of it to put back"),
    "restore_bad_path": ("chemin de fichier invalide : {file} (ex. cycles/ID/session-3.db)",
                         "invalid file path: {file} (e.g. cycles/ID/session-3.db)"),
    "restored": ("{file} restauré depuis sa dernière sauvegarde valide ; le fichier endommagé est gardé "
                 "dans {kept}",
                 "{file} restored from its latest good backup; the damaged file is kept as {kept}"),
}
