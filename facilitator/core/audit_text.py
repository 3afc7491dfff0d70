"""Audit records as a reader sees them: the log keeps short language-neutral codes (`ended`,
`format=html files=3`), shown here in the interface language through the catalogue (`audit` area).

A code this version does not know is shown as recorded, never dropped.
"""

from __future__ import annotations

import re

from facilitator.core.formatting import tn
from facilitator.i18n import t

_COUNTED = (  # (pattern of a detail, catalogue key chosen by the count's plural form)
    (re.compile(r"(\d+) entries"), "audit.d_entries"),
    (re.compile(r"(\d+) files"), "audit.d_files"),
    (re.compile(r"(\d+) refused before this unlock"), "audit.d_refused"),
)
_CODED = (
    (re.compile(r"participant (\S+) added"), "audit.d_participant_added", "code"),
    (re.compile(r"passphrase changed \(opened with (.+)\)"), "audit.d_opened_with", "how"),
)
_KEY_VALUE = re.compile(r"(\w+)=(\S+)")


def _known(key: str, fallback: str) -> str:
    try:
        return t(key)
    except KeyError:
        return fallback


def action_text(action: str) -> str:
    """`session_start` -> "début de séance" / "session start"; an unknown action as recorded."""
    return _known(f"audit.action_{action}", action)


def actor_text(actor: str) -> str:
    """A program's name in the interface language; a facilitator's code or initials as recorded."""
    return _known(f"audit.actor_{actor}", actor)


def target_text(target: str) -> str:
    """`session 3 of 2026-a1` -> "séance 3 du cycle 2026-a1"; ids and codes are kept as they are."""
    return " ".join(_known(f"audit.t_{word}", word) for word in target.split(" "))


def detail_text(detail: str) -> str:
    """A recorded detail in the interface language, with its plural done properly ("1 fichier", "3 fichiers")."""
    if not detail:
        return ""
    plain = _known(f"audit.d_{detail}", "")
    if plain:
        return plain
    for pattern, key in _COUNTED:
        if match := pattern.fullmatch(detail):
            n = int(match.group(1))
            return tn(key, n)
    for pattern, key, field in _CODED:
        if match := pattern.fullmatch(detail):
            return t(key, **{field: match.group(1)})
    parts = detail.split(" ")
    if any(_KEY_VALUE.fullmatch(part) for part in parts):   # `format=html files=3 hashed-ids`
        return ", ".join(_part(part) for part in parts)
    return detail


def _part(part: str) -> str:
    match = _KEY_VALUE.fullmatch(part)
    if match is None:
        return _known(f"audit.d_{part}", part)
    name, value = match.groups()
    if name == "files" and value.isdigit():
        return tn("audit.d_files", int(value))
    return _known(f"audit.d_{name}", f"{name}={{value}}").format(value=value if value != "-" else "—")
