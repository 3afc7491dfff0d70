"""Theme suggestions from the keywords the programme's codebook declares for each theme.

The observer's preview proposes them while a line is typed; a theme is only applied when the
observer presses the key, never on its own. A keyword matches a whole word, or the start of a word
when it has five letters or more ("envie" matches "envies"); case and accents are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from facilitator.core.programme import Theme
from facilitator.core.pseudonymise import fold

MAX_SUGGESTIONS = 3
_STEM_LENGTH = 5


class ThemeSuggester:
    """Matches a line against every theme's keywords (compiled once per programme)."""

    def __init__(self, codebook: Sequence[Theme]) -> None:
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for theme in codebook:
            words = sorted({fold(k).strip() for k in theme.keywords if k.strip()}, key=len, reverse=True)
            if not words:
                continue
            alternatives = [re.escape(w) + (r"" if len(w) >= _STEM_LENGTH else r"(?![\w])") for w in words]
            self._patterns.append((theme.id, re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + ")")))

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def suggest(self, text: str, exclude: Iterable[str] = ()) -> list[str]:
        """Theme ids whose keywords occur in `text`, most matches first, at most three."""
        if not text.strip():
            return []
        folded = fold(text)
        skip = set(exclude)
        scored: list[tuple[int, int, str]] = []
        for order, (theme_id, pattern) in enumerate(self._patterns):
            if theme_id in skip:
                continue
            hits = len(pattern.findall(folded))
            if hits:
                scored.append((-hits, order, theme_id))
        return [theme_id for _h, _o, theme_id in sorted(scored)[:MAX_SUGGESTIONS]]
