"""Strings of the questionnaires: entry screens, scores, notes and `facilitator score` errors.

Item wording is not here: it lives in facilitator/core/instruments/*.yaml.
"""

STRINGS: dict[str, tuple[str, str]] = {
    # -- notes shown with scores
    "dudit_timeframe_note": (
        "La plupart des questions du DUDIT portent sur l'année écoulée : un changement à T1 ou T2 "
        "(4 et 8 semaines) est donc attendu faible.",
        "Most DUDIT items ask about the past year, so change at T1 or T2 (4 and 8 weeks) is "
        "expected to be small.",
    ),
    # -- errors (field name first, then one of these); `facilitator score` and the scoring API
    "err_expected_list": ("une liste de {expected} réponses est attendue", "expected a list of {expected} answers"),
    "err_count": ("{expected} réponses attendues, {got} reçues", "expected {expected} answers, got {got}"),
    "err_not_option": ("numéro d'option 0-{last} attendu, reçu {value}",
                       "expected an option number 0-{last}, got {value}"),
    "err_option_range": ("option {value} hors de l'intervalle 0-{last}", "option {value} out of range 0-{last}"),
    "err_not_rating": ("nombre entier {low}-{high} attendu, reçu {value}",
                       "expected an integer {low}-{high}, got {value}"),
    "err_rating_range": ("note {value} hors de l'intervalle {low}-{high}",
                         "rating {value} out of range {low}-{high}"),
    "err_sex": ("m ou f attendu, reçu {value}", "expected m or f, got {value}"),
    "err_window_days": ("nombre entier positif attendu, reçu {value}", "expected a positive integer, got {value}"),
    "err_outside_window": ("date hors de la période du {first} au {last}",
                           "date outside the window {first} to {last}"),
    "err_unknown_substance": ("produit inconnu {value} (parmi {known})", "unknown substance {value} (one of {known})"),
    "err_date": ("date AAAA-MM-JJ attendue, reçu {value}", "expected a date YYYY-MM-DD, got {value}"),
    "err_days_object": ("un objet indexé par date est attendu", "expected an object keyed by date"),
    "err_unknown_and_used": ("jour à la fois inconnu et renseigné dans use",
                             "day is both unknown and listed in use"),
    "err_invalid_json": ("entrée standard : JSON invalide ({detail})", "standard input: invalid JSON ({detail})"),
    "err_not_object": ("entrée standard : un seul objet JSON est attendu",
                       "standard input: expected one JSON object"),
    "err_missing": ("champ manquant", "missing field"),
    "err_extra": ("champ inconnu", "unknown field"),
    "err_integer": ("nombre entier attendu, reçu {value}", "expected an integer, got {value}"),
    "err_list": ("liste attendue, reçu {value}", "expected a list, got {value}"),
    "err_object": ("objet attendu, reçu {value}", "expected an object, got {value}"),
    "err_string": ("texte attendu, reçu {value}", "expected a text, got {value}"),
    "err_other": ("{detail}", "{detail}"),
    "err_unknown_instrument": ("questionnaire inconnu {value} (parmi {known})",
                               "unknown instrument {value} (one of {known})"),
    "score_help_instrument": ("questionnaire à coter : {known}", "instrument to score: {known}"),
    # -- French public holidays (TLFB marker days)
    "holiday_new_year": ("Jour de l'an", "New Year's Day"),
    "holiday_easter_monday": ("Lundi de Pâques", "Easter Monday"),
    "holiday_labour_day": ("Fête du Travail", "Labour Day"),
    "holiday_victory_1945": ("Victoire 1945", "Victory in Europe Day"),
    "holiday_ascension": ("Ascension", "Ascension Day"),
    "holiday_whit_monday": ("Lundi de Pentecôte", "Whit Monday"),
    "holiday_bastille_day": ("Fête nationale", "Bastille Day"),
    "holiday_assumption": ("Assomption", "Assumption Day"),
    "holiday_all_saints": ("Toussaint", "All Saints' Day"),
    "holiday_armistice": ("Armistice 1918", "Armistice Day"),
    "holiday_christmas": ("Noël", "Christmas Day"),
    "holiday_good_friday": ("Vendredi saint", "Good Friday"),
    "holiday_st_stephen": ("Saint-Étienne", "St Stephen's Day"),
}
