"""Taguette export: verbatims as highlights (`id,document,tag,content`) and the codebook.

A Taguette "document" is one agenda item of one session (`S3 — s3-products — Les produits…`), so
the highlights of a session stay together when imported; a verbatim with several themes gives one
row per theme, as Taguette does. Tags are the codebook's labels, children written `parent/child`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from facilitator.core.programme import Programme
from facilitator.core.review import CycleReview
from facilitator.reports.tables import write_csv

Step = Callable[[str], None]
UNTAGGED = "untagged"


def tag_path(programme: Programme, theme_id: str) -> str:
    """`parent label/child label` for a theme of the codebook (its id when unknown)."""
    names = []
    seen = set()
    current: str | None = theme_id
    while current and current not in seen:
        seen.add(current)
        try:
            theme = programme.theme(current)
        except KeyError:
            names.append(current)
            break
        names.append(theme.label)
        current = theme.parent
    return "/".join(reversed(names)) if names else UNTAGGED


def document_name(review: CycleReview, session: int, item_id: str) -> str:
    titles = {i.item_id: i.title for i in review.session(session).items}
    title = titles.get(item_id, "")
    return f"S{session} — {item_id}" + (f" — {title}" if title else "")


def highlight_rows(review: CycleReview) -> list[list[object]]:
    rows: list[list[object]] = []
    next_id = 1
    for v in review.verbatims:
        document = document_name(review, v.session, v.item_id)
        content = f"{v.speaker} : {v.text}"
        for theme in v.themes or [""]:
            tag = tag_path(review.programme, theme) if theme else UNTAGGED
            rows.append([next_id, document, tag, content])
            next_id += 1
    return rows


def codebook_rows(review: CycleReview) -> list[list[object]]:
    counts: Counter[str] = Counter()
    for v in review.verbatims:
        counts.update(v.themes or [""])
    programme = review.programme
    rows: list[list[object]] = []
    for theme in programme.codebook:
        parent = tag_path(programme, theme.parent) if theme.parent else ""
        rows.append([tag_path(programme, theme.id), parent, theme.description, counts.get(theme.id, 0)])
    if counts.get(""):
        rows.append([UNTAGGED, "", "", counts[""]])
    return rows


def write_taguette(review: CycleReview, folder: Path, step: Step | None = None) -> list[Path]:
    """Write `highlights.csv` and `codebook.csv` into `folder` (created)."""
    step = step or (lambda _label: None)
    folder.mkdir(parents=True, exist_ok=True)
    highlights = folder / "highlights.csv"
    write_csv(highlights, ["id", "document", "tag", "content"], highlight_rows(review))
    step("highlights.csv")
    codebook = folder / "codebook.csv"
    write_csv(codebook, ["tag", "parent", "description", "number of highlights"], codebook_rows(review))
    step("codebook.csv")
    return [highlights, codebook]
