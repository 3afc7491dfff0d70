"""Strings of the pooled evaluation of several cycles and sites (`facilitator report --cycles`, `facilitator pool`)."""

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("Évaluation groupée des cycles", "Pooled evaluation of the cycles"),
    "demo_banner": ("DONNÉES DE DÉMONSTRATION : les cycles de ce document sont fictifs.",
                    "DEMONSTRATION DATA: the cycles in this document are fictitious."),
    "meta": ("Source : {source} · document généré le {generated}", "Source: {source} · generated on {generated}"),
    "source_folder_one": ("{n}\u00a0cycle du dossier de données {path}", "{n} cycle of the data folder {path}"),
    "source_folder_other": ("{n}\u00a0cycles du dossier de données {path}", "{n} cycles of the data folder {path}"),
    "source_packages_one": ("{n}\u00a0paquet d'export\u00a0: {paths}", "{n} export package: {paths}"),
    "source_packages_other": ("{n}\u00a0paquets d'export\u00a0: {paths}", "{n} export packages: {paths}"),
    "h_cycles": ("Sites et cycles", "Sites and cycles"),
    "cycles_intro": ("{participants} inclus dans {cycles} de {sites}.", "{participants} enrolled in {cycles} at {sites}."),
    "n_participants_one": ("{n}\u00a0participant", "{n} participant"),
    "n_participants_other": ("{n}\u00a0participants", "{n} participants"),
    "n_cycles_one": ("{n}\u00a0cycle", "{n} cycle"),
    "n_cycles_other": ("{n}\u00a0cycles", "{n} cycles"),
    "n_sites_one": ("{n}\u00a0site", "{n} site"),
    "n_sites_other": ("{n}\u00a0sites", "{n} sites"),
    "cap_cycles": ("Cycles regroupés, par site et date de début", "Pooled cycles, by site and start date"),
    "c_site": ("Site", "Site"),
    "c_cycle": ("Cycle", "Cycle"),
    "c_start": ("Début", "Start"),
    "c_participants": ("Participants", "Participants"),
    "c_sessions_done": ("Séances réalisées", "Sessions done"),
    "c_dropouts": ("Abandons", "Drop-outs"),
    "c_median_attended": ("Séances suivies (médiane)", "Sessions attended (median)"),
    "c_mean_rate": ("Taux de participation moyen", "Mean participation rate"),
    "h_characteristics": ("Caractéristiques à l'inclusion (T0)", "Characteristics at inclusion (T0)"),
    "cap_characteristics": ("Participants à l'inclusion : produit principal, DUDIT, injection, scores T0",
                            "Participants at inclusion: main product, DUDIT, injection, T0 scores"),
    "k_participants": ("Participants inclus", "Participants enrolled"),
    "k_product": ("Produit principal : {product}", "Main product: {product}"),
    "k_goal": ("Objectif à l'entrée : {value}", "Goal at intake: {value}"),
    "k_age_band": ("Tranche d'âge : {value}", "Age band: {value}"),
    "k_referral": ("Adressé par : {value}", "Referred by: {value}"),
    "k_route": ("Voie de consommation : {value}", "Route of use: {value}"),
    "k_late": ("Inclusions tardives", "Late inclusions"),
    "k_excluded": ("Exclus de l'évaluation (refus de l'utilisation de leurs données)",
                   "Left out of the evaluation (refused the use of their data)"),
    "unknown": ("non renseigné", "not recorded"),
    "k_dudit_problem": ("DUDIT au-dessus du seuil de problèmes liés aux drogues",
                        "DUDIT above the drug-related problems cut-off"),
    "k_dudit_dependence": ("DUDIT ≥ 25 (dépendance probable)", "DUDIT >= 25 (probable dependence)"),
    "k_injected": ("Au moins un jour d'injection dans le mois (TLFB)", "At least one injection day in the month (TLFB)"),
    "k_baseline": ("{measure} à T0", "{measure} at T0"),
    "summary_value": ("médiane {median} ; moyenne (ET) {mean} ; n = {n}", "median {median}; mean (SD) {mean}; n = {n}"),
    "h_participation": ("Participation et présence", "Participation and attendance"),
    "cap_participation": ("Participation de l'ensemble des participants inclus",
                          "Participation of every participant enrolled"),
    "k_attended": ("Séances suivies par participant", "Sessions attended per participant"),
    "k_rate": ("Taux de participation par participant", "Participation rate per participant"),
    "k_six_or_more": ("Au moins 6 séances sur 8 (cycles terminés)", "At least 6 of 8 sessions (finished cycles)"),
    "k_dropouts": ("Abandons", "Drop-outs"),
    "k_dropout_after": ("Dernière séance suivie avant l'abandon", "Last session attended before dropping out"),
    "k_dropout_reason": ("Motif de sortie : {reason}", "Reason for leaving: {reason}"),
    "dropout_after": ("S{session} : {n}", "S{session}: {n}"),
    "chart_attendance": ("Présence à chaque séance, tous cycles confondus (% des inclus)",
                         "Attendance at each session, all cycles (% of those enrolled)"),
    "cap_by_session": ("Présence par numéro de séance, sur les cycles qui ont tenu cette séance",
                       "Attendance by session number, over the cycles that held that session"),
    "c_attended": ("Présents ou en retard", "Present or late"),
    "c_enrolled": ("Inclus", "Enrolled"),
    "h_timepoints": ("Questionnaires à chaque temps", "Questionnaires at each time point"),
    "timepoints_explained": ("Chaque temps porte sur tous les participants qui ont rempli le questionnaire à ce "
                             "temps ; les comparaisons plus bas ne portent que sur les participants appariés. "
                             "« Pas encore dû » : le cycle n'a pas atteint ce temps (T1 après la séance 4, T2 à la "
                             "séance 8) ; « manquant » : dû mais non rempli ou incomplet.",
                             "Each time point covers every participant who completed the questionnaire then; the "
                             "comparisons below cover paired participants only. \"Not yet due\": the cycle has not "
                             "reached that time point (T1 after session 4, T2 at session 8); \"missing\": due but "
                             "not completed."),
    "chart_medians": ("{measure} : médiane et écart interquartile à chaque temps",
                      "{measure}: median and interquartile range at each time point"),
    "chart_median_iqr": ("médiane (point) et Q1–Q3 (barre)", "median (dot) and Q1–Q3 (bar)"),
    "cap_timepoints": ("{instrument} : distribution à chaque temps (tous les participants évalués)",
                       "{instrument}: distribution at each time point (every participant assessed)"),
    "c_timepoint": ("Temps", "Time point"),
    "c_median_iqr": ("Médiane [Q1–Q3]", "Median [Q1–Q3]"),
    "c_mean_sd": ("Moyenne (ET)", "Mean (SD)"),
    "c_range": ("Min–max", "Min–max"),
    "c_done": ("Remplis", "Completed"),
    "c_due": ("Dus", "Due"),
    "c_missing": ("Manquants", "Missing"),
    "c_not_yet_due": ("Pas encore dus", "Not yet due"),
    "cap_forms": ("{instrument} : formulaires remplis, dus, manquants et pas encore dus à chaque temps",
                  "{instrument}: forms completed, due, missing and not yet due at each time point"),
    "h_comparisons": ("Comparaisons appariées (T0→T1, T0→T2)", "Paired comparisons (T0→T1, T0→T2)"),
    "comparisons_explained": ("Participants appariés seulement. Test des rangs signés de Wilcoxon bilatéral "
                              "(loi exacte jusqu'à 25 différences non nulles, approximation normale au-delà, "
                              "scipy.stats) ; taille d'effet : corrélation bisériale des rangs appariés r (Kerby "
                              "2014), négative quand le score baisse, avec son intervalle de confiance à {level} % "
                              "(bootstrap percentile, {resamples} rééchantillonnages, graine fixe). Pas de test "
                              "sous {minimum} différences non nulles. * : comparaison principale.",
                              "Paired participants only. Two-sided Wilcoxon signed-rank test (exact up to 25 "
                              "non-zero differences, normal approximation beyond, scipy.stats); effect size: "
                              "matched-pairs rank-biserial correlation r (Kerby 2014), negative when the score "
                              "goes down, with its {level}% confidence interval (percentile bootstrap, "
                              "{resamples} resamples, fixed seed). No test below {minimum} non-zero differences. "
                              "*: primary comparison."),
    "product_changes_one": ("{n}\u00a0paire écartée\u00a0: produit différent", "{n} pair left out: product changed"),
    "product_changes_other": ("{n}\u00a0paires écartées\u00a0: produit différent", "{n} pairs left out: product changed"),
    "h_sites": ("Site par site", "Site by site"),
    "sites_explained": ("Le critère principal de chaque questionnaire, site par site, pour voir si les sites "
                        "racontent la même histoire. Pas de test : trop peu de participants par site.",
                        "Each questionnaire's main measure, site by site, to see whether the sites tell the same "
                        "story. No test: too few participants per site."),
    "c_median_at": ("Médiane {tp}", "Median {tp}"),
    "c_paired_change": ("Changement apparié (médiane)", "Paired change (median)"),
    "cap_sites": ("Critères principaux par site, {before} et {after}", "Main measures by site, {before} and {after}"),
    "c_p_holm": ("p (Holm)", "p (Holm)"),
    "c_ci": ("IC {level} % de r", "{level}% CI of r"),
    "cap_comparisons": ("Comparaisons appariées de chaque mesure entre T0 et T1, T0 et T2",
                        "Paired comparisons of each measure between T0 and T1, T0 and T2"),
    "multiple_comparisons": ("Comparaisons multiples : {family} comparaisons principales (le score principal de "
                             "chaque questionnaire, T0→T1 et T0→T2) sont corrigées par la méthode de Holm ; les "
                             "autres (sous-scores, autres mesures du TLFB) sont exploratoires et leurs p ne sont "
                             "pas corrigés : à lire comme des pistes, pas comme des preuves.",
                             "Multiple comparisons: {family} primary comparisons (each questionnaire's main score, "
                             "T0→T1 and T0→T2) are corrected with Holm's method; the others (sub-scores, other "
                             "TLFB measures) are exploratory and their p are not corrected: read them as leads, "
                             "not as evidence."),
    "method_pooling": ("Regroupement : chaque participant est identifié par son cycle et son code ; les codes "
                       "des paquets d'export sont hachés avec un secret propre au dossier de données de chaque "
                       "site, si bien que deux P01 de deux sites ne se confondent jamais et qu'aucun site ne peut "
                       "retrouver les codes d'un autre. Les chiffres sont calculés à partir des tableaux CSV "
                       "seuls, qu'un chercheur peut relire et recalculer.",
                       "Pooling: each participant is identified by their cycle and code; in export packages the "
                       "codes are hashed with a secret of each site's data folder, so two sites' P01 never "
                       "collide and no site can recover another's codes. The figures are computed from the CSV "
                       "tables alone, which a researcher can read and recompute."),
    "method_statistics": ("Statistiques : médiane et quartiles (méthode inclusive), moyenne et écart-type (n - 1) "
                          "sur les formulaires complets ; comparaisons appariées par le test de Wilcoxon (zéros "
                          "écartés), pas de test sous {minimum} différences non nulles ; intervalle de confiance "
                          "de r par bootstrap percentile ({resamples} tirages, graine fixe : le même jeu de "
                          "données donne le même intervalle). Un intervalle [-1 ; -1] veut dire que toutes les "
                          "paires ont changé dans le même sens.",
                          "Statistics: median and quartiles (inclusive method), mean and standard deviation "
                          "(n - 1) over complete forms; paired comparisons by the Wilcoxon test (zeros dropped), "
                          "no test below {minimum} non-zero differences; confidence interval of r by percentile "
                          "bootstrap ({resamples} resamples, fixed seed: the same data give the same interval). An "
                          "interval of [-1, -1] means every pair changed the same way."),
    # -- errors and command output
    "not_a_package": ("{path} n'est pas un dossier d'export (facilitator report --format csv)",
                      "{path} is not an export folder (facilitator report --format csv)"),
    "no_descriptor": ("{path} : pas de datapackage.json (exportez avec facilitator report --format csv)",
                      "{path}: no datapackage.json (export with facilitator report --format csv)"),
    "bad_descriptor": ("{path} : datapackage.json illisible", "{path}: unreadable datapackage.json"),
    "missing_file": ("{path} manque dans le paquet", "{path} is missing from the package"),
    "bad_encoding": ("{path} : encodage illisible", "{path}: unreadable encoding"),
    "not_hashed": ("{path} : les codes ne sont pas hachés ; exportez avec --hash-ids avant de regrouper des sites",
                   "{path}: codes are not hashed; export with --hash-ids before pooling sites"),
    "cycle_twice": ("le cycle {cycle} est dans {first} et dans {second}", "cycle {cycle} is in both {first} and {second}"),
    "spreadsheet_csv_only": ("--french-spreadsheet ne vaut que pour --format csv (pas {fmt})",
                             "--french-spreadsheet applies to --format csv only (not {fmt})"),
    "cannot_pool": ("regroupement impossible : {reason}", "cannot pool: {reason}"),
    "no_cycles": ("aucun cycle dans {path}", "no cycle in {path}"),
    "unknown_cycle": ("cycle inconnu : {cycle} (voir la liste de la console)", "unknown cycle: {cycle} (see the console's list)"),
    "one_cycle_only": ("le format {fmt} exporte un cycle à la fois : donnez --cycle ID",
                       "the {fmt} format exports one cycle at a time: give --cycle ID"),
    "demo_site_cycles": ("{site} : {ids}", "{site}: {ids}"),
    "demo_hint": ("Évaluation groupée : facilitator report --data {data} --cycles all --format html --out "
                  "evaluation.html",
                  "Pooled evaluation: facilitator report --data {data} --cycles all --format html --out evaluation.html"),
}
