"""Strings of the room: the lock screen over a running session, steering the timer, who is at the
keyboard, the message line with the observer, and the participants' display."""


STRINGS: dict[str, tuple[str, str]] = {
    # lock screen over a running session
    "locked_session": (
        "Écran verrouillé : la séance continue. Phrase de passe pour reprendre la main.",
        "Screen locked: the session goes on. Passphrase to take over again.",
    ),
    "progress": ("Point {n}/{count} · séance {elapsed} / {nominal}", "Item {n}/{count} · session {elapsed} / {nominal}"),
    "phase_running": ("Temps restant", "Time left"),
    "phase_wrap_up": ("⚠ Conclure", "⚠ Wrap up"),
    "phase_overtime": ("⚠ Dépassement", "⚠ Overtime"),
    "phase_paused": ("⏸ En pause", "⏸ Paused"),
    "phase_break": ("☕ Pause prévue", "☕ Break"),
    "phase_ended": ("Séance terminée", "Session ended"),
    "phase_waiting": ("En attente du début de la séance", "Waiting for the session to start"),
    "unlock_failed_audit": ("phrase de passe refusée", "passphrase refused"),
    # quitting during a session
    "confirm_quit": (
        "Une séance est en cours. Quitter l'application ? La séance restera interrompue et pourra être reprise.",
        "A session is running. Quit the application? The session stays interrupted and can be resumed.",
    ),
    "before_start_date": ("Attention : le cycle ne commence que le {date}. Commencer quand même ?",
                          "Warning: the cycle only starts on {date}. Start anyway?"),
    "verbatims_count": ("Verbatims saisis par l'observateur : {n}", "Verbatims captured by the observer: {n}"),
    "c_protocol": ("Protocole", "Protocol"),
    "c_adjusted": ("Prévu ajusté", "Adjusted plan"),
    "protocol_short": ("protocole {time}", "protocol {time}"),
    "cycle_id": ("identifiant {id}", "id {id}"),
    "col_cycle_id": ("Identifiant", "Id"),
    "summary_title": ("Bilan de la séance {n}", "Summary of session {n}"),
    # Textual's own strings
    "palette_placeholder": ("Chercher une commande…", "Search for commands…"),
    "help_quit": ("Ctrl+Q pour quitter l'application.", "Ctrl+Q quits the application."),
    "help_quit_title": ("Quitter ?", "Quit?"),
    "cmd_theme_title": ("Thème", "Theme"),
    "cmd_theme_help": ("Changer le thème de couleurs", "Change the colour theme"),
    "cmd_quit_title": ("Quitter", "Quit"),
    "cmd_quit_help": ("Quitter l'application", "Quit the application"),
    "cmd_keys_hide_title": ("Touches", "Keys"),
    "cmd_keys_hide_help": ("Masquer le panneau des touches", "Hide the keys panel"),
    "cmd_keys_show_title": ("Touches", "Keys"),
    "cmd_keys_show_help": ("Afficher les touches de cet écran", "Show the keys of this screen"),
    "cmd_minimize_title": ("Réduire", "Minimize"),
    "cmd_minimize_help": ("Rendre au widget sa taille normale", "Restore the widget to its normal size"),
    "cmd_maximize_title": ("Agrandir", "Maximize"),
    "cmd_maximize_help": ("Agrandir la zone active", "Maximize the focused widget"),
    "cmd_screenshot_title": ("Capture d'écran", "Screenshot"),
    "cmd_screenshot_help": ("Enregistrer une image SVG de l'écran", "Save an SVG image of the screen"),
    "key_focus_next": ("Champ suivant", "Next field"),
    "key_focus_previous": ("Champ précédent", "Previous field"),
    "key_copy": ("Copier la sélection", "Copy the selection"),
    "demo_real_data_one": (
        "{path} contient {n} cycle réel : un cycle fictif n'y est ajouté qu'avec --into-real-data "
        "(ou choisissez un autre dossier avec --data).",
        "{path} holds {n} real cycle: a fictitious cycle is added there only with --into-real-data "
        "(or choose another folder with --data).",
    ),
    "demo_real_data_other": (
        "{path} contient {n} cycles réels : un cycle fictif n'y est ajouté qu'avec --into-real-data "
        "(ou choisissez un autre dossier avec --data).",
        "{path} holds {n} real cycles: a fictitious cycle is added there only with --into-real-data "
        "(or choose another folder with --data).",
    ),
    "out_file_name_for_folder": (
        "{path} : le format {fmt} écrit un dossier de plusieurs fichiers ; donnez un nom de dossier, "
        "sans extension (par ex. rapport-{fmt}).",
        "{path}: the {fmt} format writes a folder of several files; give a folder name without an "
        "extension (e.g. report-{fmt}).",
    ),
    "exercise_clock": ("⏱ {n}/{count} · {title} · {countdown} ({phase}) · séance {elapsed} / {nominal}",
                       "⏱ {n}/{count} · {title} · {countdown} ({phase}) · session {elapsed} / {nominal}"),
    "summary_item": ("{title} : {minutes} min → {actual}{over}", "{title}: {minutes} min → {actual}{over}"),
    "summary_note": ("  • {who} : {text}", "  • {who}: {text}"),
    "key_export": ("Exporter", "Export"),
    "export_title": ("Exporter ce cycle", "Export this cycle"),
    "export_help": (
        "Choisissez le format (Entrée), puis la destination (Entrée pour écrire). Les textes sont "
        "pseudonymisés ; la table des prénoms n'est jamais exportée.",
        "Choose the format (Enter), then the destination (Enter to write). Texts are pseudonymised; "
        "the roster is never exported.",
    ),
    "export_html": ("Rapport HTML (un fichier)", "HTML report (one file)"),
    "export_md": ("Rapport Markdown (un fichier)", "Markdown report (one file)"),
    "export_csv": ("Tables CSV (un dossier)", "CSV tables (a folder)"),
    "export_redcap": ("REDCap (un dossier)", "REDCap (a folder)"),
    "export_taguette": ("Taguette (un dossier)", "Taguette (a folder)"),
    "export_refi_qda": ("REFI-QDA (un dossier)", "REFI-QDA (a folder)"),
    "export_running": ("Export en cours…", "Exporting…"),
    "export_done": ("Export écrit : {path}", "Export written: {path}"),
    "export_failed": ("Export impossible : {error}", "Export failed: {error}"),
    # steering the timer
    "key_jump": ("Aller à", "Go to"),
    "key_break": ("Pause prévue", "Break"),
    "key_keyboard": ("Au clavier", "At keyboard"),
    "key_message": ("Message", "Message"),
    "key_display": ("Affichage salle", "Room display"),
    "key_bell": ("Signal sonore", "Bell"),
    "key_summary": ("Bilan", "Summary"),
    "key_resume_pause": ("Reprendre", "Resume"),
    "jump_title": ("Aller au point…", "Go to item…"),
    "jump_help": ("Entrée : aller au point choisi · Échap : annuler", "Enter: go to the chosen item · Esc: cancel"),
    "break_title": ("Insérer une pause", "Insert a break"),
    "break_help": (
        "Durée de la pause en minutes. La séance est suspendue et la pause est décomptée ; Espace la termine.",
        "Length of the break in minutes. The session is suspended and the break counts down; Space ends it.",
    ),
    "break_minutes": ("Minutes", "Minutes"),
    "break_bad": ("Durée de 1 à 60 minutes.", "A length from 1 to 60 minutes."),
    "break_inserted": ("Pause de {n} min : retour à {time}", "Break of {n} min: back at {time}"),
    "break_label": ("☕ PAUSE PRÉVUE : reste {time}", "☕ BREAK: {time} left"),
    "break_over": ("☕ PAUSE DÉPASSÉE de {time}", "☕ BREAK OVER by {time}"),
    "clock_line": ("{now} · fin prévue {planned} · estimée {projected}",
                   "{now} · planned end {planned} · projected {projected}"),
    "last_item": ("C'est le dernier point. F10 pour terminer la séance.",
                  "This is the last item. F10 to end the session."),
    "first_item": ("C'est le premier point.", "This is the first item."),
    "cue_wrap_up": ("Il est temps de conclure ce point.", "Time to wrap up this item."),
    "cue_overtime": ("Le temps prévu pour ce point est dépassé.", "This item's planned time is over."),
    "bell_on": ("Signal sonore activé.", "Bell switched on."),
    "bell_off": ("Signal sonore désactivé.", "Bell switched off."),
    # who is at the keyboard
    "keyboard_title": ("Qui est au clavier ?", "Who is at the keyboard?"),
    "keyboard_help": (
        "Les notes, signalements et événements de la séance lui seront attribués. Changez avec i.",
        "Notes, flags and session events will be attributed to them. Change with i.",
    ),
    "keyboard_now": ("Au clavier : {who}", "At the keyboard: {who}"),
    "facilitator_label": ("{initials} ({role})", "{initials} ({role})"),
    "charter_title": ("La charte du groupe, à relire ensemble :", "The group charter, to read together:"),
    "charter_rule": ("{n}. {title} : {text}", "{n}. {title}: {text}"),
    # note dialog
    "note_preview": ("Aperçu enregistré (pseudonymisé) :", "Preview as saved (pseudonymised):"),
    "note_by": ("Auteur : {who} (i pour changer, depuis l'écran de séance)",
                "Author: {who} (i to change, from the session screen)"),
    # message line
    "message_title": ("Message à l'observateur", "Message to the observer"),
    "message_to_facilitators": ("Message aux intervenants", "Message to the facilitators"),
    "message_reply_title": ("Répondre à l'observateur", "Answer the observer"),
    "message_help": ("Court message, pseudonymisé avant l'envoi. Entrée : envoyer · Échap : annuler",
                     "A short message, pseudonymised before it is sent. Enter: send · Esc: cancel"),
    "message_from_observer": ("✉ Observateur : {text}", "✉ Observer: {text}"),
    "message_from": ("✉ {who} : {text}", "✉ {who}: {text}"),
    "observer": ("Observateur", "Observer"),
    "what_message": ("message", "message"),
    "what_display": ("message d'affichage", "display message"),
    # display message
    "display_title": ("Message affiché dans la salle", "Message shown in the room"),
    "display_help": (
        "Visible de tous sur l'affichage des participants (80 caractères, rien de confidentiel). "
        "Vide pour l'effacer.",
        "Seen by everyone on the participants' display (80 characters, nothing confidential). "
        "Empty to clear it.",
    ),
    "display_set": ("Message de la salle : {text}", "Room message: {text}"),
    "display_cleared": ("Message de la salle effacé.", "Room message cleared."),
    # participants' display
    "display_app_title": ("Séance en cours", "Session in progress"),
    "display_no_session": ("Aucune séance en cours. L'affichage suivra la prochaine séance lancée.",
                           "No session running. The display will follow the next session started."),
    "display_next": ("Ensuite : {title}", "Next: {title}"),
    "display_last": ("Dernier point de la séance", "Last item of the session"),
    "display_progress": ("Séance : {elapsed} sur {nominal}", "Session: {elapsed} of {nominal}"),
    "display_item": ("Point {n} sur {count}", "Item {n} of {count}"),
    "display_web_local": ("Affichage des participants : ouvrez {url} dans un navigateur de cet ordinateur.",
                          "Participants' display: open {url} in a browser on this computer."),
    "display_web_warning": (
        "ATTENTION : l'affichage est accessible à tout appareil du réseau local sur {url}. "
        "Il ne montre rien de confidentiel, mais n'utilisez cette option que sur un réseau de confiance.",
        "WARNING: the display is reachable by any device on the local network at {url}. "
        "It shows nothing confidential, but use this option only on a trusted network.",
    ),
}
