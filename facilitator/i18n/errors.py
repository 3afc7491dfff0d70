"""Messages of the errors `core` and `storage` raise for the user (they reach the forms and the CLI as is)."""

STRINGS: dict[str, tuple[str, str]] = {
    "codes_bad_range": ("codes participants\u00a0: plage incorrecte «\u00a0{raw}\u00a0»", "participant codes: bad range {raw!r}"),
    "codes_not_a_code": (
        "codes participants\u00a0: «\u00a0{raw}\u00a0» n'est pas un code comme P01 (jamais un prénom)",
        "participant codes: {raw!r} is not a code like P01 (never a name)",
    ),
    "codes_twice": ("codes participants\u00a0: {code} apparaît deux fois", "participant codes: {code} appears twice"),
    "codes_none": (
        "codes participants\u00a0: il faut au moins un participant",
        "participant codes: at least one participant is needed",
    ),
    "codes_too_many": (
        "codes participants\u00a0: {n} participants\u00a0; un groupe fermé en compte au plus 20",
        "participant codes: {n} participants; a closed group has at most 20",
    ),
    "cycle_no_label": ("nouveau cycle\u00a0: le nom est vide", "new cycle: the label is empty"),
    "cycle_no_site": ("nouveau cycle\u00a0: le lieu est vide", "new cycle: the site is empty"),
    "cycle_no_facilitator": ("nouveau cycle\u00a0: il faut au moins un animateur",
                             "new cycle: at least one facilitator is needed"),
    "cycle_facilitator_twice": ("nouveau cycle\u00a0: un code d'animateur apparaît deux fois",
                                "new cycle: a facilitator code appears twice"),
    "unknown_cycle": ("aucun cycle d'identifiant «\u00a0{cycle_id}\u00a0» dans {folder}",
                      "no cycle with id {cycle_id!r} in {folder}"),
    "deletion_reason": ("une suppression demande un motif", "a deletion needs a reason"),
    "no_verbatim": ("aucun verbatim {verbatim_id} dans la séance {number}",
                    "no verbatim {verbatim_id} in session {number}"),
    "not_a_participant": ("{what}\u00a0: {code} n'est pas un participant du cycle {cycle_id}",
                          "{what}: {code} is not a participant of cycle {cycle_id}"),
    "what_record": ("dossier participant", "participant record"),
    "what_followup": ("suivi", "follow-up"),
    "participant_refused": ("participant {code}\u00a0: {reason}", "participant {code}: {reason}"),
    "late_inclusion_refused": ("inclusion tardive\u00a0: {reason}", "late inclusion: {reason}"),
}
