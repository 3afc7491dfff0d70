"""Strings of the observer's console (verbatim capture)."""

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("Observateur", "Observer"),
    # keys (footer, help)
    "key_help": ("Aide", "Help"),
    "key_edit": ("Modifier", "Edit"),
    "key_speaker": ("Intervenant", "Speaker"),
    "key_span_next": ("Repérage", "Detection"),
    "key_span_toggle": ("Annuler/rétablir", "Undo/redo"),
    "key_mark": ("Masquer un mot", "Mask a word"),
    "key_delete": ("Supprimer", "Delete"),
    "key_roster": ("Prénoms", "Names"),
    "key_up": ("Verbatim précédent", "Previous verbatim"),
    "key_down": ("Verbatim suivant", "Next verbatim"),
    "key_deselect": ("Désélectionner", "Deselect"),
    "key_theme": ("Thème : {label}", "Theme: {label}"),
    "key_lock": ("Verrouiller", "Lock"),
    # session status
    "waiting": (
        "Aucune séance en cours. L'observateur rejoindra automatiquement la séance que la console "
        "des animateurs démarrera sur ce dossier.",
        "No session running. The observer will join automatically the session the facilitators' "
        "console starts on this folder.",
    ),
    "session_title": ("{cycle} · Séance {n} : {title}", "{cycle} · Session {n}: {title}"),
    "item_status": (
        "▶ Point {index}/{count} : {title} · reste {remaining} · séance {elapsed}",
        "▶ Item {index}/{count}: {title} · {remaining} left · session {elapsed}",
    ),
    "item_overtime": (
        "▶ Point {index}/{count} : {title} · ⚠ dépassement {over} · séance {elapsed}",
        "▶ Item {index}/{count}: {title} · ⚠ overtime {over} · session {elapsed}",
    ),
    "item_ended": ("Point {index}/{count} : {title} · séance {elapsed}",
                   "Item {index}/{count}: {title} · session {elapsed}"),
    "not_started": ("La séance n'a pas encore démarré.", "The session has not started yet."),
    "paused": ("⏸ pause", "⏸ paused"),
    "ended": (
        "■ La séance {n} est terminée. Vous pouvez finir vos verbatims ; en attente de la suivante.",
        "■ Session {n} has ended. You may finish your verbatims; waiting for the next one.",
    ),
    "left": (
        "■ La console des animateurs ne fait plus tourner la séance {n}. Vos verbatims vont encore "
        "dans cette séance ; en attente.",
        "■ The facilitators' console no longer runs session {n}. Your verbatims still go to that "
        "session; waiting.",
    ),
    "item_short": ("pt {n}", "item {n}"),
    "joined": ("Séance {n} rejointe.", "Joined session {n}."),
    "poll_failed": ("⚠ Lecture du dossier impossible : {error}", "⚠ Cannot read the folder: {error}"),
    # model and roster
    "model_loading": ("modèle : chargement…", "model: loading…"),
    "model_ready": ("modèle : prêt", "model: ready"),
    "model_off": ("modèle : désactivé", "model: off"),
    "model_failed": ("modèle : indisponible ({error})", "model: unavailable ({error})"),
    "roster_count": ("prénoms : {n} participants/animateurs", "names: {n} participants/facilitators"),
    "roster_missing": (
        "⚠ Aucune liste de prénoms pour ce cycle : les prénoms ne seront repérés que par le modèle "
        "et les motifs. F9 pour saisir la liste.",
        "⚠ No names roster for this cycle: first names will only be caught by the model and the "
        "patterns. F9 to enter the roster.",
    ),
    # capture
    "speaker": ("Intervenant : {speaker}", "Speaker: {speaker}"),
    "speaker_from_line": ("(depuis la ligne)", "(from the line)"),
    "group": ("groupe", "group"),
    "unknown": ("inconnu", "unknown"),
    "themes": ("Thèmes :", "Themes:"),
    "themes_none": ("aucun", "none"),
    "placeholder": (
        "Verbatim… (3: ou p3: = P03, f1: = F1, g: = groupe, ?: = inconnu ; {{mot}} = masquer)",
        "Verbatim… (3: or p3: = P03, f1: = F1, g: = group, ?: = unknown; {{word}} = mask)",
    ),
    "preview_label": ("Sera enregistré (pseudonymisé) :", "Will be saved (pseudonymised):"),
    "preview_empty": ("—", "—"),
    "detections": ("Repérages ({n}) — F4 parcourir, F5 annuler/rétablir, F6 masquer un mot :",
                   "Detections ({n}) — F4 browse, F5 undo/redo, F6 mask a word:"),
    "detections_none": ("Aucun repérage — F6 ou {{mot}} pour masquer un mot oublié.",
                        "Nothing detected — F6 or {{word}} to mask a missed word."),
    "detection_kept": ("gardé", "kept"),
    "source_roster": ("liste", "roster"),
    "source_pattern": ("motif", "pattern"),
    "source_phone": ("téléphone", "phone"),
    "source_lexicon": ("prénom courant", "common name"),
    "source_ner": ("modèle", "model"),
    "source_manual": ("manuel", "manual"),
    "unknown_speaker": ("{code} ne fait pas partie de ce cycle : rien n'est enregistré.",
                        "{code} is not part of this cycle: nothing saved."),
    "no_session_commit": ("Aucune séance rejointe : le texte reste dans la ligne, rien n'est enregistré.",
                          "No session joined: the text stays in the line, nothing is saved."),
    "what_verbatim": ("verbatim", "verbatim"),
    "what_edit": ("modification du verbatim", "verbatim edit"),
    "what_delete": ("suppression du verbatim", "verbatim deletion"),
    "state_pending": ("… en cours", "… saving"),
    "state_saved": ("✓", "✓"),
    "state_edited": ("(modifié)", "(edited)"),
    "list_title": ("Verbatims de la séance (le plus récent en haut ; ↑/↓ sélectionner) :",
                   "Session verbatims (newest first; ↑/↓ select):"),
    "list_empty": ("Aucun verbatim pour l'instant.", "No verbatim yet."),
    "nothing_selected": ("Aucun verbatim enregistré à modifier.", "No saved verbatim to change."),
    "pending_wait": ("Ce verbatim est en cours d'enregistrement ; réessayez dans un instant.",
                     "This verbatim is still being saved; try again in a moment."),
    # dialogs
    "edit_title": ("Modifier le verbatim", "Edit the verbatim"),
    "edit_help": (
        "Le texte est pseudonymisé à nouveau avant l'enregistrement ; l'ancienne version est "
        "conservée dans l'historique.",
        "The text is pseudonymised again before saving; the previous version is kept in the history.",
    ),
    "edit_text": ("Texte", "Text"),
    "edit_speaker": ("Intervenant (P03, F1, groupe/g, inconnu/?)", "Speaker (P03, F1, group/g, unknown/?)"),
    "edit_themes": ("Thèmes (lettres, ex. « c d »)", "Themes (letters, e.g. \"c d\")"),
    "reason": ("Motif (obligatoire)", "Reason (required)"),
    "reason_missing": ("Indiquez un motif.", "Give a reason."),
    "bad_speaker": ("Intervenant inconnu : {value}", "Unknown speaker: {value}"),
    "bad_theme": ("Lettre de thème inconnue : {value}", "Unknown theme letter: {value}"),
    "delete_title": ("Supprimer ce verbatim ?", "Delete this verbatim?"),
    "delete_help": ("Il reste dans l'historique avec le motif ; il n'apparaîtra plus dans les exports.",
                    "It stays in the history with the reason; it will no longer appear in exports."),
    "mark_title": ("Masquer un mot oublié", "Mask a missed word"),
    "mark_help": ("Chaque occurrence du mot dans la ligne en cours sera remplacée par [MASQUÉ].",
                  "Every occurrence of the word in the current line will be replaced by [MASQUÉ]."),
    "mark_word": ("Mot ou expression", "Word or phrase"),
    "mark_not_found": ("« {word} » n'apparaît pas dans la ligne.", "\"{word}\" is not in the line."),
    "help_title": ("Aide de l'observateur", "Observer help"),
    "help_text": (
        "Saisie : la ligne de saisie garde toujours le curseur ; Entrée enregistre.\n"
        "Intervenant : tapez un préfixe en début de ligne, retiré du texte : 3: ou p3: → P03, "
        "f1: → F1, g: → groupe, ?: → inconnu. L'intervenant reste choisi pour les lignes suivantes. "
        "F3 passe à l'intervenant suivant.\n"
        "Thèmes : Alt + la lettre du thème coche/décoche ; ☑ = coché. "
        "Les thèmes sont remis à zéro après chaque verbatim.\n"
        "Pseudonymisation : l'aperçu sous la ligne montre exactement ce qui sera enregistré ; chaque "
        "remplacement est en vidéo inverse. F4 parcourt les repérages, F5 annule ou rétablit le "
        "repérage choisi (souligné = mot gardé tel quel). Un mot oublié : F6 puis le mot, ou "
        "{{mot}} dans la ligne → [MASQUÉ]. Le texte brut reste en mémoire et n'est jamais écrit.\n"
        "Aides : un prénom de la liste mal tapé (« Medhi ») est masqué et son code proposé : Ctrl+Y "
        "le confirme. Un lieu ou un employeur est marqué « à vérifier » : F5 le masque en [LIEU]. "
        "Les thèmes suggérés par les mots-clés du codebook s'ajoutent avec Ctrl+T, jamais seuls.\n"
        "Verbatims : ↑/↓ choisissent un verbatim de la liste, F2 le modifie, F8 le supprime "
        "(avec motif ; l'historique est gardé), Échap désélectionne.\n"
        "F9 : liste des prénoms du cycle. F10 : message court aux intervenants (pseudonymisé avant l'envoi). "
        "Ctrl+L verrouille, Ctrl+Q quitte.\n"
        "Le résultat est pseudonymisé (RGPD art. 4(5)), pas anonyme.",
        "Capture: the input line always keeps the cursor; Enter saves.\n"
        "Speaker: type a prefix at the start of the line, removed from the text: 3: or p3: → P03, "
        "f1: → F1, g: → group, ?: → unknown. The speaker stays chosen for the next lines. F3 moves "
        "to the next speaker.\n"
        "Themes: Alt + the theme's letter ticks/unticks; ☑ = ticked. Themes "
        "are cleared after each verbatim.\n"
        "Pseudonymisation: the preview under the line shows exactly what will be saved; every "
        "replacement is in reverse video. F4 browses the detections, F5 undoes or redoes the chosen "
        "one (underlined = word kept as typed). A missed word: F6 then the word, or {{word}} in the "
        "line → [MASQUÉ]. The raw text stays in memory and is never written.\n"
        "Help: a roster name mistyped (\"Medhi\") is masked and its code proposed: Ctrl+Y confirms it. "
        "A venue or employer is marked \"to check\": F5 masks it as [LIEU]. Themes suggested by the "
        "codebook's keywords are added with Ctrl+T, never on their own.\n"
        "Verbatims: ↑/↓ choose a verbatim in the list, F2 edits it, F8 deletes it (with a reason; "
        "history is kept), Esc deselects.\n"
        "F9: the cycle's names roster. F10: a short message to the facilitators (pseudonymised before it is "
        "sent). Ctrl+L locks, Ctrl+Q quits.\n"
        "The result is pseudonymised (GDPR Art. 4(5)), not anonymous.",
    ),
    "close": ("Fermer", "Close"),
}
