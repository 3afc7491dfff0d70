"""Strings of the supervisor's review screens (`facilitator review`)."""

STRINGS: dict[str, tuple[str, str]] = {
    # -- app, keys, palette
    "subtitle": ("Revue (lecture seule)", "Review (read-only)"),
    "not_initialised": ("{folder} n'est pas un dossier de données initialisé ; la revue ne crée rien",
                        "{folder} is not an initialised data folder; the review creates nothing"),
    "key_help": ("Aide", "Help"),
    "key_lock": ("Verrouiller", "Lock"),
    "key_open": ("Ouvrir", "Open"),
    "key_reload": ("Relire", "Reload"),
    "key_back": ("Cycles", "Cycles"),
    "key_tabs": ("Onglets", "Tabs"),
    "key_close": ("Fermer", "Close"),
    "key_search": ("Rechercher", "Search"),
    "key_history": ("Historique", "History"),
    "key_deleted": ("Supprimés", "Deleted"),
    "key_clear": ("Effacer filtres", "Clear filters"),
    "key_grouping": ("Séance/participant", "Session/participant"),
    "key_prev_measure": ("Mesure préc.", "Prev. measure"),
    "key_next_measure": ("Mesure suiv.", "Next measure"),
    "cmd_entry": ("revue : {what}", "review: {what}"),
    "opening": ("Ouverture du dossier de données {folder}…", "Opening the data folder {folder}…"),
    "cmd_lock": ("revue : verrouiller l'écran", "review: lock the screen"),
    "cmd_lock_help": ("Masque tout jusqu'à la saisie de la phrase de passe",
                      "Hides everything until the passphrase is typed"),
    "cmd_tab_help": ("Aller à l'onglet (touche {number})", "Go to the tab (key {number})"),
    "loading": ("Lecture des données…", "Reading the data…"),
    "read_failed": ("⚠ Lecture impossible : {error}", "⚠ Cannot read: {error}"),
    "none": ("aucun", "none"),
    # -- cycle list
    "cycles_title": ("Revue des cycles", "Cycle review"),
    "read_only_banner": ("Lecture seule : cette vue ne modifie aucune donnée. Entrée : ouvrir le cycle.",
                         "Read-only: this view changes no data. Enter: open the cycle."),
    "ccol_label": ("Cycle", "Cycle"),
    "ccol_kind": ("Nature", "Kind"),
    "ccol_site": ("Site", "Site"),
    "ccol_start": ("Début", "Start"),
    "ccol_participants": ("Participants", "Participants"),
    "ccol_sessions": ("Séances faites", "Sessions done"),
    "kind_demo": ("FICTIF (démo)", "FICTITIOUS (demo)"),
    "kind_real": ("réel", "real"),
    "cycles_count_one": ("{n}\u00a0cycle", "{n} cycle"),
    "cycles_count_other": ("{n}\u00a0cycles", "{n} cycles"),
    "cycles_none": ("Aucun cycle dans ce dossier de données.", "No cycle in this data folder."),
    "help_cycles": ("Choisissez un cycle avec les flèches puis Entrée. `r` relit le dossier.",
                    "Pick a cycle with the arrows, then Enter. `r` reads the folder again."),
    # -- review screen
    "review_title": ("{label} — {site} — début le {start}", "{label} — {site} — started {start}"),
    "review_subtitle": ("Animateurs : {facilitators}", "Facilitators: {facilitators}"),
    "demo_banner": ("◆ CYCLE FICTIF (démonstration) ◆", "◆ FICTITIOUS CYCLE (demo) ◆"),
    "tab_overview": ("Vue d'ensemble", "Overview"),
    "tab_sessions": ("Séances", "Sessions"),
    "tab_verbatims": ("Verbatims", "Verbatims"),
    "tab_exercises": ("Exercices", "Exercises"),
    "tab_questionnaires": ("Questionnaires", "Questionnaires"),
    "tab_audit": ("Journal d'audit", "Audit log"),
    "status_ready": ("Toutes les figures sont calculées. Lecture seule.", "All figures computed. Read-only."),
    # -- overview
    "ov_line_people": ("{participants} participants · {done}/8 séances faites · participation moyenne : {mean} · "
                       "médiane des séances suivies : {median}",
                       "{participants} participants · {done}/8 sessions done · mean participation: {mean} · "
                       "median sessions attended: {median}"),
    "ov_line_dropouts": ("Abandons : {dropouts}", "Dropouts: {dropouts}"),
    "ov_line_no_dropouts": ("Abandons : aucun", "Dropouts: none"),
    "ov_dropout": ("{code} (dernière séance suivie : {last})", "{code} (last session attended: {last})"),
    "ov_line_homework": ("Tâches à domicile : {done} faites / {reviewed} revues ({rate}) · {partly} en partie · "
                         "{not_done} non faites · faites ou en partie : {either}",
                         "Homework: {done} done / {reviewed} reviewed ({rate}) · {partly} partly · "
                         "{not_done} not done · done or partly: {either}"),
    "ov_legend": ("P présent · R en retard · A absent · E excusé · N venu, non admis · · non renseigné · – séance non tenue. "
                  "Suivie = présent ou en retard ; taux = suivies / séances terminées.",
                  "P present · L late · A absent · E excused · N came, not admitted · · not recorded · – session not held. "
                  "Attended = present or late; rate = attended / sessions done."),
    "mark_present": ("P", "P"),
    "mark_late": ("R", "L"),
    "mark_absent": ("A", "A"),
    "mark_excused": ("E", "E"),
    "mark_not_admitted": ("N", "N"),
    "not_held_suffix": (" –", " –"),
    "col_participant": ("Participant", "Participant"),
    "col_attended": ("Suivies", "Attended"),
    "col_rate": ("Taux", "Rate"),
    "col_homework_done": ("Tâches à domicile faites", "Homework done"),
    "col_remark": ("Remarque", "Remark"),
    "dropout_after": ("abandon après S{last}", "dropped out after S{last}"),
    "row_attended": ("Présents", "Attending"),
    "row_rate": ("Taux séance", "Session rate"),
    "row_homework": ("Tâches à domicile faites (données)", "Homework done (given)"),
    "help_overview": (
        "Une ligne par participant, une colonne par séance. Un participant a *suivi* une séance s'il était "
        "présent ou en retard. Taux d'un participant = séances suivies / séances terminées ; taux d'une "
        "séance = participants présents / inscrits. Les tâches à domicile données à la séance n sont revues à la "
        "séance n+1 ; « faites » = revues comme faites (les « en partie » sont comptées à part).",
        "One row per participant, one column per session. A participant *attended* a session when present "
        "or late. Participant rate = sessions attended / sessions done; session rate = participants "
        "attending / enrolled. Homework given at session n is reviewed at session n+1; \"done\" = reviewed "
        "as done (\"partly\" is counted apart)."),
    # -- sessions
    "sess_title": ("Séance {number} — {title}", "Session {number} — {title}"),
    "status_planned": ("prévue (pas encore tenue)", "planned (not held yet)"),
    "status_in_progress": ("en cours ou interrompue", "in progress or interrupted"),
    "status_interrupted": ("interrompue", "interrupted"),
    "status_done": ("terminée", "done"),
    "sess_not_started": ("Rien n'a encore été enregistré pour cette séance.", "Nothing recorded for this session yet."),
    "sess_times": ("Début {start}, fin {end} · durée {actual} / prévu {planned} ({delta}) · {pauses}, "
                   "{paused} en pause (non comptées)",
                   "Started {start}, ended {end} · length {actual} / planned {planned} ({delta}) · {pauses}, "
                   "{paused} paused (not counted)"),
    "n_pauses_one": ("{n}\u00a0pause", "{n} pause"),
    "n_pauses_other": ("{n}\u00a0pauses", "{n} pauses"),
    "sess_agenda": ("Déroulé : réel / prévu (écart)", "Agenda: actual / planned (difference)"),
    "bar_legend": ("█ temps réel dans le prévu · ▓ dépassement · · prévu non utilisé · │ fin prévue",
                   "█ actual time within plan · ▓ over plan · · planned time unused · │ planned end"),
    "not_visited": ("(non abordé)", "(not reached)"),
    "sess_attendance": ("Présence : {attended}/{enrolled} ({rate})", "Attendance: {attended}/{enrolled} ({rate})"),
    "sess_notes": ("Notes ({n})", "Notes ({n})"),
    "edited_times": ("(modifiée {n} fois)", "(edited {n} times)"),
    "sess_flags": ("Signalements ({n})", "Flags ({n})"),
    "sess_hw_given": ("Tâches à domicile données", "Homework given"),
    "sess_hw_review": ("Retour sur les tâches à domicile de la séance {previous}", "Review of session {previous}'s homework"),
    "help_sessions": (
        "Choisissez une séance à gauche. Chaque point du déroulé : barre du temps réel (pauses exclues) avec "
        "la fin prévue marquée │ (ajustements faits en séance compris), puis réel / prévu (écart).",
        "Pick a session on the left. Each agenda item: a bar of the actual time (pauses excluded) with the "
        "planned end marked │ (adjustments made live included), then actual / planned (difference)."),
    # -- verbatims
    "f_session": ("Séance", "Session"),
    "f_session_n": ("Séance {number} ({count})", "Session {number} ({count})"),
    "f_item": ("Point", "Item"),
    "f_theme": ("Thème", "Theme"),
    "f_speaker": ("Locuteur", "Speaker"),
    "f_search": ("/ Mots à chercher (majuscules et accents ignorés)", "/ Words to find (case and accents ignored)"),
    "vcol_time": ("Heure", "Time"),
    "vcol_session": ("S", "S"),
    "vcol_item": ("Point", "Item"),
    "vcol_speaker": ("Qui", "Who"),
    "vcol_themes": ("Thèmes", "Themes"),
    "vcol_text": ("Texte (pseudonymisé)", "Text (pseudonymised)"),
    "vb_status_one": ("{n}\u00a0verbatim affiché sur {total}", "{n} verbatim shown of {total}"),
    "vb_status_other": ("{n}\u00a0verbatims affichés sur {total}", "{n} verbatims shown of {total}"),
    "vb_status_deleted_one": ("+ {n}\u00a0supprimé affiché ✗ (d\u00a0: masquer)", "+ {n} deleted shown ✗ (d: hide)"),
    "vb_status_deleted_other": ("+ {n}\u00a0supprimés affichés ✗ (d\u00a0: masquer)", "+ {n} deleted shown ✗ (d: hide)"),
    "vb_status_hidden": ("· {n} supprimé(s) masqué(s) (d : afficher)", "· {n} deleted hidden (d: show)"),
    "vb_themes_title": ("Par thème (sélection)", "By theme (selection)"),
    "vb_none": ("Aucun verbatim ne correspond aux filtres.", "No verbatim matches the filters."),
    "vb_detail_meta": ("Séance {session} · {time} · écoulé {elapsed} · {speaker} · {themes}",
                       "Session {session} · {time} · elapsed {elapsed} · {speaker} · {themes}"),
    "vb_deleted_reason": ("✗ Supprimé ; motif : {reason}", "✗ Deleted; reason: {reason}"),
    "vb_has_history": ("✎ Modifié {n} fois : h ou Entrée pour l'historique",
                       "✎ Edited {n} times: h or Enter for the history"),
    "hist_title": ("Historique du verbatim (Échap : fermer)", "Verbatim history (Esc: close)"),
    "hist_version": ("Version {n}", "Version {n}"),
    "hist_meta": ("{speaker} · {themes}", "{speaker} · {themes}"),
    "hist_edit": ("→ modifiée par {by} le {when} ; motif : {reason}", "→ edited by {by} on {when}; reason: {reason}"),
    "hist_delete": ("→ supprimée par {by} le {when} ; motif : {reason}",
                    "→ deleted by {by} on {when}; reason: {reason}"),
    "hist_current": ("Version actuelle", "Current version"),
    "hist_deleted": ("Dernière version (supprimée)", "Last version (deleted)"),
    "hist_none": ("Jamais modifié.", "Never edited."),
    "help_verbatims": (
        "Filtres : séance, point du déroulé, thème (ses sous-thèmes compris), locuteur, et mots (tous doivent "
        "apparaître ; majuscules et accents ignorés). Les textes sont pseudonymisés. ✎ = modifié, ✗ = supprimé "
        "(affichés avec d). h ou Entrée : historique du verbatim sélectionné.",
        "Filters: session, agenda item, theme (its sub-themes included), speaker, and words (all must "
        "occur; case and accents ignored). Texts are pseudonymised. ✎ = edited, ✗ = deleted (shown with d). "
        "h or Enter: history of the selected verbatim."),
    # -- exercises
    "ex_by_session": ("Par séance (m : par participant)", "By session (m: by participant)"),
    "ex_by_participant": ("Par participant (m : par séance)", "By participant (m: by session)"),
    "ex_group": ("Groupe", "Group"),
    "ex_answer_title": (" S{session} · {title} — {who} ({filled}/{total} champs remplis) ",
                        " S{session} · {title} — {who} ({filled}/{total} fields filled) "),
    "ex_empty": ("(rien de rempli)", "(nothing filled in)"),
    "ex_none": ("Aucune réponse enregistrée ici.", "No answer recorded here."),
    "help_exercises": ("Réponses aux exercices, par séance ou par participant (touche m). Les tableaux et "
                       "les semaines types sont affichés en grille.",
                       "Exercise answers by session or by participant (key m). Tables and week grids "
                       "are drawn as grids."),
    # -- questionnaires
    "q_traj_title": ("Trajectoires {path} : {measure} (courbes de {low} à {top}, valeurs observées)",
                     "Trajectories {path}: {measure} (charts from {low} to {top}, values seen)"),
    "q_chart": ("Courbe", "Chart"),
    "q_group_median": ("Médiane du groupe (barres sur 0–{high})", "Group median (bars on 0–{high})"),
    "q_median_line": ("médiane {median} (Q1–Q3 {q1}–{q3}), n = {n}", "median {median} (Q1–Q3 {q1}–{q3}), n = {n}"),
    "q_compare_title": ("Comparaisons appariées (test de Wilcoxon des rangs signés)",
                        "Paired comparisons (Wilcoxon signed-rank test)"),
    "q_effect_name": ("n = participants ayant les deux temps ; W = plus petite somme de rangs ; effet r = "
                      "corrélation rang-bisériale appariée (Kerby 2014), r < 0 : les scores baissent. "
                      "Formulaires incomplets non notés.",
                      "n = participants with both time points; W = smaller rank sum; effect r = matched-pairs "
                      "rank-biserial correlation (Kerby 2014), r < 0: scores went down. Incomplete forms are "
                      "not scored."),
    "qcol_measure": ("Mesure", "Measure"),
    "qcol_comparison": ("Temps", "Times"),
    "qcol_n": ("n", "n"),
    "qcol_medians": ("Médianes", "Medians"),
    "qcol_median_diff": ("Diff. méd.", "Median diff."),
    "qcol_w": ("W", "W"),
    "qcol_p": ("p", "p"),
    "qcol_r": ("r", "r"),
    "qcol_remark": ("Méthode ou raison", "Method or reason"),
    "method_exact": ("exact", "exact"),
    "method_permutation": ("permutation exacte", "exact permutation"),
    "method_normal_approximation": ("approximation normale", "normal approximation"),
    "q_medians_title": ("Médianes du groupe (Q1–Q3), n", "Group medians (Q1–Q3), n"),
    "q_median_col": ("{tp}", "{tp}"),
    "q_median_cell": ("{median} ({q1}–{q3}) n={n}", "{median} ({q1}–{q3}) n={n}"),
    "q_completion_title": ("Remplissage des questionnaires", "Questionnaire completion"),
    "q_completion_legend": ("✓ complet · ◐ partiel (non noté) · · manquant", "✓ complete · ◐ partial (not scored) · · missing"),
    "row_done": ("Complets", "Complete"),
    "help_questionnaires": (
        "La liste en haut (ou [ et ]) choisit la mesure dont on trace les trajectoires. Comparaisons T0→T1 "
        "et T0→T2 : test de Wilcoxon (zéros écartés), effet r rang-bisériale ; pas de test sous 6 différences "
        "non nulles. Le DUDIT porte surtout sur l'année écoulée : son évolution à 4 et 8 semaines reste faible.",
        "The list at the top (or [ and ]) picks the measure whose trajectories are drawn. Comparisons T0→T1 "
        "and T0→T2: Wilcoxon test (zeros dropped), rank-biserial effect r; no test below 6 non-zero "
        "differences. DUDIT mostly asks about the past year: its change at 4 and 8 weeks stays small."),
    # -- audit
    "acol_time": ("Heure", "Time"),
    "acol_actor": ("Acteur", "Actor"),
    "acol_action": ("Action", "Action"),
    "acol_target": ("Cible", "Target"),
    "acol_detail": ("Détail", "Detail"),
    "audit_status_one": ("{n}\u00a0entrée du dossier\u00a0; {mine} concerne ce cycle (en gras). "
                         "Le journal ne contient jamais le texte des notes.",
                         "{n} entry of the folder; {mine} concerns this cycle (bold). The log never holds note text."),
    "audit_status_other": ("{n}\u00a0entrées du dossier, les plus récentes d'abord\u00a0; {mine} concernent ce cycle "
                           "(en gras). Le journal ne contient jamais le texte des notes.",
                           "{n} entries of the folder, newest first; {mine} concern this cycle (bold). "
                           "The log never holds note text."),
    "audit_failed": ("⚠ Journal illisible : {error}", "⚠ Cannot read the log: {error}"),
    "help_audit": ("Qui a fait quoi et quand dans ce dossier de données (heure locale). Les cibles sont des "
                   "identifiants, jamais du texte de séance.",
                   "Who did what and when in this data folder (local time). Targets are identifiers, never "
                   "session text."),
}
