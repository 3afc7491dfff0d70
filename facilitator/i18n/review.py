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
    "measure_pct_days_abstinent": ("% jours d'abstinence", "% days abstinent"),
    "measure_days_used": ("jours de consommation", "days used"),
    "measure_longest_abstinent_streak": ("plus longue période d'abstinence (jours)",
                                         "longest abstinent run (days)"),
    "measure_injection_days": ("jours d'injection", "injection days"),
    "untagged": ("(sans thème)", "(untagged)"),
    "status_present": ("présent", "present"),
    "status_late": ("en retard", "late"),
    "status_absent": ("absent", "absent"),
    "status_excused": ("excusé", "excused"),
    "status_unknown": ("non renseigné", "not recorded"),
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
