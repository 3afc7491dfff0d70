"""The audit log as a reader sees it: actions, actors and details in the interface language.

The log itself keeps short language-neutral codes (an English word or `key=value`), so a record reads
the same whichever language wrote it; `core.audit_text` turns them into these strings when shown.
"""

STRINGS: dict[str, tuple[str, str]] = {
    # actions
    "action_create": ("création", "create"),
    "action_edit": ("modification", "edit"),
    "action_delete": ("suppression", "delete"),
    "action_unlock": ("déverrouillage", "unlock"),
    "action_unlock_failed": ("phrase de passe refusée", "passphrase refused"),
    "action_export": ("export", "export"),
    "action_booklet_export": ("export du livret", "booklet export"),
    "action_review_open": ("ouverture de la relecture", "review opened"),
    "action_session_start": ("début de séance", "session start"),
    "action_purge": ("purge", "purge"),
    "action_passphrase": ("phrase de passe", "passphrase"),
    "action_restore": ("restauration", "restore"),
    "action_rekey": ("nouvelle clé du dossier", "folder key replaced"),
    # actors
    "actor_console": ("console", "console"),
    "actor_observer": ("observateur", "observer"),
    "actor_review": ("relecture", "review"),
    "actor_report": ("export", "report"),
    "actor_booklet": ("livret", "booklet"),
    "actor_system": ("système", "system"),
    "actor_demo": ("démo", "demo"),
    "actor_command": ("commande", "command"),
    "actor_cli": ("ligne de commande", "command line"),
    "actor_user": ("utilisateur", "user"),
    "actor_display": ("affichage", "display"),
    # words of a target ("session 3 of CYCLE", "roster CYCLE", "keyring")
    "t_session": ("séance", "session"),
    "t_of": ("du cycle", "of"),
    "t_roster": ("liste des prénoms", "roster"),
    "t_keyring": ("trousseau", "keyring"),
    "t_auto-lock": ("verrouillage automatique", "auto-lock"),
    "t_start": ("ouverture", "start"),
    # details without a figure
    "d_ended": ("séance terminée", "session ended"),
    "d_reason given": ("motif indiqué", "reason given"),
    "d_demo content": ("contenu de démonstration", "demo content"),
    "d_resumed after an interruption": ("reprise après une interruption", "resumed after an interruption"),
    "d_folder key and recovery key replaced": ("clé du dossier et clé de secours remplacées",
                                               "folder key and recovery key replaced"),
    "d_recovery key replaced": ("clé de secours remplacée", "recovery key replaced"),
    "d_from an identical copy": ("depuis une copie identique", "from an identical copy"),
    "d_forced": ("forcée", "forced"),
    "d_from backup": ("depuis une sauvegarde", "from backup"),
    "d_passphrase refused": ("phrase de passe refusée", "passphrase refused"),
    "d_phrase de passe refusée": ("phrase de passe refusée", "passphrase refused"),   # written in French before
    "d_auto-lock": ("verrouillage automatique", "auto-lock"),
    "d_hashed-ids": ("codes hachés", "hashed ids"),
    # details with a figure or a code
    "d_entries_one": ("{n}\u00a0entrée", "{n} entry"),
    "d_entries_other": ("{n}\u00a0entrées", "{n} entries"),
    "d_files_one": ("{n}\u00a0fichier", "{n} file"),
    "d_files_other": ("{n}\u00a0fichiers", "{n} files"),
    "d_refused_one": ("{n}\u00a0tentative refusée avant l'ouverture", "{n} attempt refused before this unlock"),
    "d_refused_other": ("{n}\u00a0tentatives refusées avant l'ouverture", "{n} attempts refused before this unlock"),
    "d_participant_added": ("participant {code} ajouté", "participant {code} added"),
    "d_opened_with": ("phrase de passe changée (ouvert avec {how})", "passphrase changed (opened with {how})"),
    "d_format": ("format\u00a0: {value}", "format: {value}"),
    "d_participant": ("participant\u00a0: {value}", "participant: {value}"),
    "d_session": ("séance {value}", "session {value}"),
    "d_facilitator": ("animateur\u00a0: {value}", "facilitator: {value}"),
}
