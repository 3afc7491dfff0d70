"""Strings of the instrument changes of issue 12: TLFB assessment date and marks, CEQ product carried
over, DUDIT drug list and translation status, time points from the programme."""

STRINGS: dict[str, tuple[str, str]] = {
    # -- TLFB: assessment date, sexual context, free "other"
    "tlfb_assessment": ("Date de l'évaluation : {date} · d pour la modifier",
                        "Assessment date: {date} · d to change it"),
    "tlfb_date_prompt": ("Date de l'évaluation (JJ/MM/AAAA), Entrée pour valider, Échap pour annuler",
                         "Assessment date (DD/MM/YYYY), Enter to confirm, Esc to cancel"),
    "tlfb_date_invalid": ("Date de l'évaluation non comprise : {value} (JJ/MM/AAAA attendu)",
                          "Assessment date not understood: {value} (expected DD/MM/YYYY)"),
    "tlfb_date_future": ("La date de l'évaluation ne peut pas être après aujourd'hui ({today}).",
                         "The assessment date cannot be after today ({today})."),
    "tlfb_date_drop_one": ("{n}\u00a0jour déjà renseigné sort de la nouvelle période et sera retiré. "
                           "Changer la date quand même\u00a0?",
                           "{n} day already filled in falls outside the new window and will be removed. "
                           "Change the date anyway?"),
    "tlfb_date_drop_other": ("{n}\u00a0jours déjà renseignés sortent de la nouvelle période et seront retirés. "
                             "Changer la date quand même\u00a0?",
                             "{n} days already filled in fall outside the new window and will be removed. "
                             "Change the date anyway?"),
    "tlfb_date_changed": ("Date de l'évaluation : {date} ; période du {first} au {last}.",
                          "Assessment date: {date}; window from {first} to {last}."),
    "key_assessment_date": ("Date", "Date"),
    "key_sexual": ("Contexte sexuel", "Sexual context"),
    "key_other_name": ("Nommer « autre »", "Name \"other\""),
    "session_marker": ("séance {n} du groupe", "group session {n}"),
    "tlfb_sexual": ("en contexte sexuel", "in a sexual context"),
    "tlfb_other_prompt": ("Nom du produit « autre » pour ce jour, Entrée pour valider",
                          "Name of the \"other\" product for this day, Enter to confirm"),
    "tlfb_legend_marks": ("s contexte sexuel (+s) · n nommer « autre » · d date de l'évaluation · "
                          "PgDn/PgUp faire défiler",
                          "s sexual context (+s) · n name \"other\" · d assessment date · PgDn/PgUp scroll"),
    "tlfb_alcohol_apart": ("Alcool (compté à part, pas une consommation de drogue)\u00a0: {days} · "
                           "consommation en contexte sexuel\u00a0: {sexual}",
                           "Alcohol (counted apart, not drug use): {days} · use in a sexual context: {sexual}"),
    "n_days_one": ("{n}\u00a0jour", "{n} day"),
    "n_days_other": ("{n}\u00a0jours", "{n} days"),
    # -- DUDIT
    "key_drug_list": ("Liste des drogues", "List of drugs"),
    "dudit_list_hint": ("l : liste des drogues (et retour).", "l: the list of drugs (and back)."),
    # -- CEQ: the product rated at T0 proposed again
    "ceq_baseline_intro": ("Produit évalué à {timepoint} : {product}. Entrée pour le garder, afin de comparer "
                           "le même craving ; le changer demande une confirmation.",
                           "Product rated at {timepoint}: {product}. Press Enter to keep it, so the same "
                           "craving is compared; changing it asks for a confirmation."),
    "ceq_change_confirm": ("À {timepoint}, le produit évalué était « {baseline} ». Le remplacer par « {product} » ? "
                           "La comparaison avec {timepoint} ne porterait plus sur le même craving ; "
                           "le changement sera noté.",
                           "At {timepoint} the product rated was \"{baseline}\". Replace it with \"{product}\"? "
                           "The comparison with {timepoint} would no longer be about the same craving; "
                           "the change will be recorded."),
    "ceq_changed_mark": ("(changé : {product} à {timepoint})", "(changed: {product} at {timepoint})"),
    "ceq_pair_left_out": ("{instrument} {before} → {after} : {code} laissé hors de la comparaison, le produit "
                          "évalué a changé ({first} → {then}).",
                          "{instrument} {before} → {after}: {code} left out of the comparison, the product rated "
                          "changed ({first} → {then})."),
    # -- time points declared in the programme
    "moment_after": ("suivi, {weeks} semaines après la séance", "follow-up, {weeks} weeks after the session"),
    "follow_up_due": ("Suivi {timepoint} ({label}) : à prévoir vers le {date}.",
                      "Follow-up {timepoint} ({label}): to plan around {date}."),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
}
