"""Taguette export: the sessions as documents to import, the codebook, and the highlights for reference.

Taguette imports documents, codebooks and whole projects, not highlights. So the export holds:
- `documents/S1.html` ... `S8.html`: one document per session, each verbatim a paragraph
  `[mm:ss] SPEAKER : text` under a heading for its agenda item (the names fit Taguette's 50
  characters; the session title goes in the description, see `documents.csv`);
- `codebook.csv`: `tag,description` as Taguette's codebook import reads it, children written
  `parent/child`, plus `parent` and `number of highlights`; an untagged verbatim adds no row;
- `highlights.csv`: `id,document,tag,content`, Taguette's own export layout: `id` is the verbatim
  id of the tidy CSV, repeated on each of its tag rows; an untagged verbatim has one row, tag empty;
- `README.txt`: the steps to create the project in Taguette.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape
from pathlib import Path

from facilitator.core.clock import format_mmss
from facilitator.core.programme import Programme
from facilitator.core.review import CycleReview
from facilitator.i18n import language, t
from facilitator.reports.output import write_output
from facilitator.reports.tables import research_verbatims, write_csv

Step = Callable[[str], None]
NAME_LIMIT = 50                     # Taguette refuses longer document names


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
        names.append(theme.label.replace("/", "-"))
        current = theme.parent
    return "/".join(reversed(names))


def document_name(review: CycleReview, session: int) -> str:
    """`S3 — title`, cut to Taguette's 50 characters (the whole title is in the description)."""
    name = f"S{session} — {review.session(session).title}"
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1].rstrip() + "…"


def document_description(review: CycleReview, session: int) -> str:
    return f"{review.cycle.label} · S{session} — {review.session(session).title} · {review.cycle.id}"


def highlight_rows(review: CycleReview) -> list[list[object]]:
    rows: list[list[object]] = []
    for v in research_verbatims(review):
        document = document_name(review, v.session)
        content = f"{v.speaker} : {v.text}"
        for theme in v.themes or [""]:
            rows.append([v.id, document, tag_path(review.programme, theme) if theme else "", content])
    return rows


def codebook_rows(review: CycleReview) -> list[list[object]]:
    counts: Counter[str] = Counter()
    for v in research_verbatims(review):
        counts.update(v.themes)
    programme = review.programme
    return [[tag_path(programme, theme.id), theme.description,
             tag_path(programme, theme.parent) if theme.parent else "", counts.get(theme.id, 0)]
            for theme in programme.codebook]


def session_html(review: CycleReview, session: int) -> str:
    """One session's verbatims as a small HTML document Taguette imports (headings and paragraphs)."""
    s = review.session(session)
    titles = {i.item_id: i.title for i in s.items}
    parts = [f"<h1>{escape(document_name(review, session))}</h1>",
             f"<p><em>{escape(document_description(review, session))}</em></p>"]
    current = None
    for v in (v for v in research_verbatims(review) if v.session == session):
        if v.item_id != current:
            current = v.item_id
            parts.append(f"<h2>{escape(titles.get(v.item_id, v.item_id))}</h2>")
        parts.append(f"<p>[{format_mmss(v.elapsed_s)}] {escape(v.speaker)} : {escape(v.text)}</p>")
    return (f'<!DOCTYPE html>\n<html lang="{language()}">\n<head><meta charset="utf-8">'
            f"<title>{escape(document_name(review, session))}</title></head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write_taguette(review: CycleReview, folder: Path, step: Step | None = None) -> list[Path]:
    """Write the session documents, `documents.csv`, `codebook.csv`, `highlights.csv` and `README.txt`."""
    step = step or (lambda _label: None)
    folder.mkdir(parents=True, exist_ok=True)
    documents = folder / "documents"
    documents.mkdir(exist_ok=True)
    paths: list[Path] = []
    listing = []
    for s in review.sessions:
        if not any(v.session == s.number for v in research_verbatims(review)):
            continue
        path = documents / f"S{s.number}.html"
        write_output(path, session_html(review, s.number).encode("utf-8"))
        paths.append(path)
        listing.append([f"documents/{path.name}", document_name(review, s.number),
                        document_description(review, s.number)])
    step("documents")
    index = folder / "documents.csv"
    write_csv(index, ["file", "name", "description"], listing)
    codebook = folder / "codebook.csv"
    write_csv(codebook, ["tag", "description", "parent", "number of highlights"], codebook_rows(review))
    step("codebook.csv")
    highlights = folder / "highlights.csv"
    write_csv(highlights, ["id", "document", "tag", "content"], highlight_rows(review))
    step("highlights.csv")
    readme = folder / "README.txt"
    write_output(readme, t("taguette.readme", sessions=len(listing)).encode("utf-8"))
    return [*paths, index, codebook, highlights, readme]
