"""Strings of the review figures, the demo cycle and the exports (`facilitator demo`, `facilitator report`)."""

STRINGS: dict[str, tuple[str, str]] = {
    # -- figures
    "reason_no_pairs": ("aucun participant n'a les deux temps", "no participant has both time points"),
    "reason_all_zero": ("toutes les différences sont nulles : pas de test",
                        "all differences are zero: no test"),
    "reason_too_few": ("moins de {minimum} différences non nulles : test non réalisé (p ne pourrait pas "
                       "descendre sous 0,05)",
                       "fewer than {minimum} non-zero differences: no test (p could not fall below 0.05)"),
    "instrument_dudit": ("DUDIT", "DUDIT"),
    "instrument_ceq_s": ("CEQ-S", "CEQ-S"),
    "instrument_ceq_f": ("CEQ-F", "CEQ-F"),
    "instrument_tlfb": ("TLFB", "TLFB"),
    "measure_total": ("total", "total"),
    "measure_intensity": ("intensité", "intensity"),
    "measure_imagery": ("imagerie", "imagery"),
    "measure_intrusiveness": ("intrusivité", "intrusiveness"),
    "measure_pct_days_abstinent": ("% jours sans drogue", "% days drug-free"),
    "measure_days_used": ("jours de consommation de drogues", "drug-use days"),
    "measure_longest_abstinent_streak": ("plus longue période d'abstinence (jours)",
                                         "longest abstinent run (days)"),
    "measure_injection_days": ("jours d'injection", "injection days"),
    "measure_alcohol_days": ("jours d'alcool (comptés à part)", "alcohol days (counted apart)"),
    "measure_sexual_context_use_days": ("jours de consommation en contexte sexuel",
                                        "days of use in a sexual context"),
    "untagged": ("(sans thème)", "(untagged)"),
    "status_present": ("présent", "present"),
    "status_late": ("en retard", "late"),
    "status_absent": ("absent", "absent"),
    "status_excused": ("excusé", "excused"),
    "status_unknown": ("non renseigné", "not recorded"),
    "status_not_admitted": ("venu, non admis", "came, not admitted"),
    "hw_done": ("fait", "done"),
    "hw_partly": ("en partie", "partly"),
    "hw_not_done": ("non fait", "not done"),
}

STRINGS.update({
    # -- facilitator demo
    "demo_needs_passphrase": ("{path} est déjà chiffré : donnez sa phrase de passe avec --passphrase-file",
                              "{path} is already encrypted: give its passphrase with --passphrase-file"),
    "demo_vault_created": ("Dossier de données chiffré créé : {path}", "Encrypted data folder created: {path}"),
    "demo_passphrase": ("Phrase de passe (notez-la, elle ne sera plus affichée) : {passphrase}",
                        "Passphrase (write it down, it will not be shown again): {passphrase}"),
    "demo_recovery_key": ("Clé de secours (à conserver à part, affichée une seule fois) : {recovery}",
                          "Recovery key (keep it apart, shown only once): {recovery}"),
    "demo_created": ("Cycle créé : « {label} », {participants} participants fictifs, 8 séances",
                     "Cycle created: '{label}', {participants} fictitious participants, 8 sessions"),
})

STRINGS.update({
    # -- facilitator report: document
    "report_title": ("Bilan du cycle — {label}", "Cycle review — {label}"),
    "report_meta": ("Site : {site} · début : {start} · animation : {facilitators} · document généré le "
                    "{generated} · cycle {cycle_id}",
                    "Site: {site} · start: {start} · facilitators: {facilitators} · generated on {generated} · "
                    "cycle {cycle_id}"),
    "demo_banner": ("CYCLE DE DÉMONSTRATION : toutes les données de ce document sont fictives.",
                    "DEMONSTRATION CYCLE: every figure and text in this document is fictitious."),
    "privacy_notice": ("Document pseudonymisé (les participants sont désignés par un code ; la table des "
                       "prénoms n'est jamais exportée). Il contient des données de santé et relatives à la vie "
                       "sexuelle : à conserver chiffré, à ne pas transmettre hors de l'équipe de soin ou de "
                       "recherche.",
                       "Pseudonymised document (participants are codes; the table of first names is never "
                       "exported). It holds health and sex-life data: keep it encrypted and within the care or "
                       "research team."),
    "hashed_notice": ("Les codes des participants sont remplacés par un code haché propre à ce cycle.",
                      "Participant codes are replaced by a hashed code specific to this cycle."),
    "h_summary": ("Synthèse", "Summary"),
    "h_attendance": ("Présence", "Attendance"),
    "h_homework": ("Tâches à domicile", "Homework"),
    "h_questionnaires": ("Questionnaires ({timepoints})", "Questionnaires ({timepoints})"),
    "h_medians": ("Médianes du groupe [Q1–Q3] à chaque temps", "Group medians [Q1–Q3] at each time point"),
    "h_comparisons": ("Comparaisons appariées", "Paired comparisons"),
    "h_missing": ("Formulaires manquants ou incomplets", "Missing or incomplete forms"),
    "h_sessions": ("Déroulé des séances", "Sessions"),
    "h_notes": ("Notes des animateurs", "Facilitators' notes"),
    "h_flags": ("Signalements", "Flags"),
    "h_verbatims": ("Verbatims", "Verbatims"),
    "h_exercises": ("Exercices", "Exercises"),
    "h_methods": ("Méthodes et définitions", "Methods and definitions"),
    "k_participants": ("Participants inclus", "Participants enrolled"),
    "k_sessions_done": ("Séances réalisées", "Sessions done"),
    "k_median_attended": ("Nombre médian de séances suivies", "Median sessions attended"),
    "k_mean_rate": ("Taux de participation moyen", "Mean participation rate"),
    "k_dropouts": ("Sorties d'étude (abandons)", "Dropouts"),
    "k_homework": ("Tâches à domicile", "Homework"),
    "k_homework_value": ("{done} fait ({partly} fait ou en partie), sur {n} retours",
                         "{done} done ({partly} done or partly), over {n} reviews"),
    "k_verbatims": ("Verbatims relevés", "Verbatims captured"),
    "k_flags": ("Signalements", "Flags"),
    "k_forms": ("Formulaires complets", "Complete forms"),
    "k_change": ("{measure} {before} → {after} (médianes des participants appariés)",
                 "{measure} {before} → {after} (medians, paired participants only)"),
    "c_figure": ("Indicateur", "Figure"),
    "c_value": ("Valeur", "Value"),
    "c_participant": ("Participant", "Participant"),
    "c_attended": ("Suivies", "Attended"),
    "c_rate": ("Taux", "Rate"),
    "c_dropout": ("Abandon", "Dropout"),
    "c_rate_session": ("Taux par séance", "Rate per session"),
    "c_session": ("Séance", "Session"),
    "c_all": ("Ensemble", "All"),
    "c_reviewed": ("Retours", "Reviews"),
    "c_done_rate": ("Taux « fait »", "Done rate"),
    "c_done_or_partly": ("Fait ou en partie", "Done or partly"),
    "c_given_at": ("Donné en", "Given at"),
    "c_homework": ("Travail", "Homework"),
    "c_median": ("Médiane du groupe", "Group median"),
    "c_remark": ("Remarque", "Remark"),
    "c_measure": ("Mesure", "Measure"),
    "c_comparison": ("Comparaison", "Comparison"),
    "c_median_before": ("Médiane avant", "Median before"),
    "c_median_after": ("Médiane après", "Median after"),
    "c_median_diff": ("Médiane des différences", "Median difference"),
    "c_method": ("Méthode / remarque", "Method / remark"),
    "c_item": ("Point de l'ordre du jour", "Agenda item"),
    "c_planned": ("Prévu", "Planned"),
    "c_actual": ("Réel", "Actual"),
    "c_delta": ("Écart", "Difference"),
    "c_total": ("Total", "Total"),
    "c_theme": ("Thème", "Theme"),
    "c_themes": ("Thèmes", "Themes"),
    "c_count": ("Nombre", "Count"),
    "c_speaker": ("Locuteur", "Speaker"),
    "c_time": ("Temps", "Time"),
    "c_text": ("Verbatim (pseudonymisé)", "Verbatim (pseudonymised)"),
    "c_field": ("Champ", "Field"),
    "c_row": ("Ligne", "Row"),
    "c_column": ("Colonne", "Column"),
    "c_answer": ("Réponse", "Answer"),
    "attendance_legend": ("{p} présent · {l} en retard · {e} excusé · {a} absent · N venu, non admis · · non renseigné ou séance "
                          "non réalisée. Une séance est « suivie » si le participant était présent ou en retard.",
                          "{p} present · {l} late · {e} excused · {a} absent · N came, not admitted · · not recorded or session not "
                          "held. A session is attended when the participant was present or late."),
    "dropout_after": ("après la séance {session}", "after session {session}"),
    "chart_attendance": ("Participation par séance (% des participants inclus)",
                         "Participation per session (% of participants enrolled)"),
    "chart_timings": ("Séance {n} : durée prévue et réelle de chaque point",
                      "Session {n}: planned and actual time of each item"),
    "chart_trajectories": ("{measure} : trajectoire de chaque participant (gris) et médiane du groupe (bleu)",
                           "{measure}: each participant's trajectory (grey) and the group median (blue)"),
    "chart_themes": ("Verbatims par thème", "Verbatims by theme"),
    "homework_explained": ("Le travail donné à une séance est repris à la suivante ; taux « fait » = retours "
                           "« fait » / retours enregistrés.",
                           "Homework given at a session is reviewed at the next one; done rate = reviews "
                           "'done' / reviews recorded."),
    "partial_at": ("incomplet à {tps}", "incomplete at {tps}"),
    "comparisons_explained": ("Test des rangs signés de Wilcoxon (bilatéral, différences nulles écartées) entre "
                              "les participants ayant les deux temps ; taille d'effet r : {effect}, négative "
                              "quand les scores baissent. Aucun test sous {minimum} différences non nulles. "
                              "Petits effectifs, sans groupe contrôle : résultats descriptifs.",
                              "Wilcoxon signed-rank test (two-sided, zero differences dropped) over the "
                              "participants with both time points; effect size r: {effect}, negative when "
                              "scores go down. No test below {minimum} non-zero differences. Small numbers, no "
                              "control group: descriptive results."),
    "method_exact": ("exacte", "exact"),
    "method_permutation": ("exacte (permutations, ex aequo)", "exact (permutation, ties)"),
    "method_normal_approximation": ("approximation normale", "normal approximation"),
    "missing_explained": ("Formulaire absent, ou incomplet (non scoré), par participant et temps.",
                          "Form absent, or incomplete (not scored), by participant and time point."),
    "none": ("Aucun.", "None."),
    "session_title": ("Séance {n} — {title}", "Session {n} — {title}"),
    "session_not_run": ("Séance non réalisée.", "Session not held."),
    "session_meta": ("{date} · prévu {planned}, réel {actual} (pauses : {pauses}, {paused}) · {present} "
                     "présents, {late} en retard, {excused} excusés, {absent} absents · {verbatims} verbatims",
                     "{date} · planned {planned}, actual {actual} (pauses: {pauses}, {paused}) · {present} "
                     "present, {late} late, {excused} excused, {absent} absent · {verbatims} verbatims"),
    "homework_given": ("Travail donné : {titles}", "Homework given: {titles}"),
    "homework_reviewed": ("Retour sur le travail précédent : {done} fait, {partly} en partie, {not_done} non "
                          "fait.", "Review of the previous homework: {done} done, {partly} partly, {not_done} "
                          "not done."),
    "verbatims_explained": ("{total} verbatims (pseudonymisés à la saisie) ; {deleted} supprimés avec motif, "
                            "non montrés. Un verbatim compte dans chacun de ses thèmes.",
                            "{total} verbatims (pseudonymised at capture); {deleted} deleted with a reason, "
                            "not shown. A verbatim counts once in each of its themes."),
    "exercise_subject": ("{subject} · {filled}/{total} champs remplis", "{subject} · {filled}/{total} fields filled"),
    "method_attendance": ("Présence : une séance est suivie si le participant était présent ou en retard ; taux "
                          "par participant = séances suivies / séances réalisées ; taux par séance = "
                          "participants présents ou en retard / participants inclus.",
                          "Attendance: a session is attended when the participant was present or late; rate "
                          "per participant = sessions attended / sessions held; rate per session = "
                          "participants present or late / participants enrolled."),
    "method_homework": ("Tâches à domicile : relevé à la séance suivante (fait, en partie, non fait).",
                        "Homework: reviewed at the next session (done, partly, not done)."),
    "method_timings": ("Durées : calculées à partir du journal du minuteur (début, changements de point, pauses, "
                       "fin) ; les pauses sont exclues ; le prévu inclut les ajustements faits en séance.",
                       "Timings: computed from the timer's event log (start, item changes, pauses, end); pauses "
                       "are excluded; planned time includes adjustments made live."),
    "method_scores": ("Scores : DUDIT total 0-44 (seuils : 6 chez l'homme, 25 pour une dépendance probable) ; "
                      "CEQ-S et CEQ-F : moyenne des items 0-10 et de chaque facteur (intensité 1-3, imagerie "
                      "4-7, intrusivité 8-10), portant sur le même produit qu'à T0 (une paire dont le produit a "
                      "changé est écartée de la comparaison) ; TLFB sur les 30 jours précédant la date de "
                      "l'évaluation : % de jours sans drogue parmi les jours renseignés, l'alcool étant compté à "
                      "part (jours d'alcool) et jamais comme une consommation de drogue. Un formulaire incomplet "
                      "n'est pas scoré.",
                      "Scores: DUDIT total 0-44 (cut-offs: 6 for men, 25 for probable dependence); CEQ-S and "
                      "CEQ-F: mean of the 0-10 items and of each factor (intensity 1-3, imagery 4-7, "
                      "intrusiveness 8-10), about the same product as at T0 (a pair whose product changed is "
                      "left out of the comparison); TLFB over the 30 days before the assessment date: % drug-free "
                      "days among the days recalled, alcohol being counted apart (alcohol days) and never as "
                      "drug use. An incomplete form is not scored."),
    "method_wilcoxon": ("Comparaisons de chaque temps avec T0 : test des rangs signés de Wilcoxon (loi exacte sans ex "
                        "aequo, permutations exactes avec ex aequo jusqu'à 13 paires, sinon approximation "
                        "normale) ; taille d'effet : {effect} ; pas de test sous {minimum} différences non "
                        "nulles.",
                        "Comparisons of each time point with T0: Wilcoxon signed-rank test (exact distribution without "
                        "ties, exact permutations with ties up to 13 pairs, else normal approximation); effect "
                        "size: {effect}; no test below {minimum} non-zero differences."),
    "method_privacy": ("Confidentialité : les textes ont été pseudonymisés à la saisie (codes des participants, balises "
                       "[PRÉNOM]…) ; la table de correspondance des prénoms reste dans le dossier chiffré.",
                       "Privacy: texts were pseudonymised at capture (participant codes, tags [PRÉNOM]…); the table of "
                       "first names stays in the encrypted folder."),
    "md_chart_omitted": ("Graphique omis en Markdown ({caption}) : voir le tableau ci-dessous ou le rapport HTML.",
                         "Chart omitted in Markdown ({caption}): see the table below or the HTML report."),
})

STRINGS.update({
    # -- facilitator report: command
    "bad_format": ("format inconnu « {fmt} » (formats : {formats})", "unknown format '{fmt}' (formats: {formats})"),
    "out_not_folder": ("{path} existe et n'est pas un dossier : ce format écrit plusieurs fichiers dans un dossier",
                       "{path} exists and is not a folder: this format writes several files into a folder"),
    "out_is_folder": ("{path} est un dossier : donnez un nom de fichier", "{path} is a folder: give a file name"),
    "out_no_parent": ("dossier introuvable : {path}", "folder not found: {path}"),
    "out_not_writable": ("impossible d'écrire {path} : droits insuffisants", "cannot write {path}: permission denied"),
    "write_failed": ("échec de l'écriture de {path} : {reason}", "could not write {path}: {reason}"),
    "no_vault": ("{path} n'est pas un dossier de données initialisé (lancez d'abord la console ou "
                 "« facilitator demo »)",
                 "{path} is not an initialised data folder (run the console or 'facilitator demo' first)"),
    "progress": ("Export…", "Exporting…"),
    "audit_skipped": ("remarque : l'export n'a pas pu être inscrit au journal d'audit (dossier en lecture seule)",
                      "note: the export could not be recorded in the audit log (read-only folder)"),
})
