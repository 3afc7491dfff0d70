"""Strings added to the cycle report for its quality: time points not yet due, paired medians."""

STRINGS: dict[str, tuple[str, str]] = {
    "not_yet_due": ("Pas encore dus (le cycle n'a pas atteint ce temps)\u00a0: {timepoints}.",
                    "Not yet due (the cycle has not reached this time point): {timepoints}."),
    "due_after": ("{tp} après la séance {session}", "{tp} after session {session}"),
}
