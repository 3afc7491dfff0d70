"""REFI-QDA export (the exchange standard of QualCoder, ATLAS.ti, NVivo, MAXQDA): a `.qdpx` project and a `.qdc` codebook.

- `<cycle>.qdpx`: a zip of `project.qde` (namespace `urn:QDA-XML:project:1.0`) and `Sources/`, one plain
  text source per session in session order. Each verbatim is one line `[mm:ss] SPEAKER : text` under
  a heading line for its agenda item; it is a `PlainTextSelection` named by the verbatim id of the
  tidy CSV, described by its agenda item, coded with each of its themes. Speakers are cases (with a
  `role` variable) pointing to their selections. The codebook keeps the programme's hierarchy.
- `codebook.qdc`: the codebook alone (namespace `urn:QDA-XML:codebook:1.0`).

GUIDs are derived from the cycle and object ids (UUID version 5), so a re-export gives the same
GUIDs. Positions are character offsets in the source text, start included, end excluded. Only
pseudonymised text is written: verbatims, titles and codes; never the roster.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from facilitator.core.clock import format_mmss
from facilitator.core.models import Verbatim
from facilitator.core.programme import Programme
from facilitator.core.review import CycleReview
from facilitator.reports.output import write_output
from facilitator.reports.tables import research_verbatims

Step = Callable[[str], None]
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
GUID_NAMESPACE = uuid.UUID("6f1f5a3e-0c7e-4c55-9b7e-2d0f3c1a9e01")   # this application's namespace for uuid5
# codebook colours: a muted palette, one per top-level theme, children inherit
PALETTE = ("#2F5D8A", "#B44D12", "#3C7A3B", "#7A3C7A", "#8A6D1F", "#2F7A7A", "#8A2F4B", "#52606D")


def guid(*parts: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(parts)))


def _sub(parent: ET.Element, tag: str, ns: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _codes(parent: ET.Element, programme: Programme, ns: str, scope: str) -> dict[str, str]:
    """Write the codebook's codes under `parent`, nested by parent theme; returns theme id -> GUID."""
    children: dict[str | None, list] = {}
    ids = {theme.id for theme in programme.codebook}
    for theme in programme.codebook:
        children.setdefault(theme.parent if theme.parent in ids else None, []).append(theme)
    guids: dict[str, str] = {}

    def write(holder: ET.Element, parent_id: str | None, colour: str | None, depth: int) -> None:
        for index, theme in enumerate(children.get(parent_id, [])):
            shade = colour or PALETTE[index % len(PALETTE)]
            guids[theme.id] = guid(scope, "code", theme.id)
            code = _sub(holder, "Code", ns, guid=guids[theme.id], name=theme.label, isCodable="true", color=shade)
            if theme.description:
                _sub(code, "Description", ns, theme.description)
            if depth < 20:
                write(code, theme.id, shade, depth + 1)

    write(parent, None, None, 0)
    return guids


def codebook_xml(programme: Programme, scope: str = "codebook") -> bytes:
    """The codebook alone as a REFI-QDA `.qdc` document."""
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": "facilitator"})
    codes = _sub(root, "Codes", CODEBOOK_NS)
    _codes(codes, programme, CODEBOOK_NS, scope)
    return _serialise(root)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


def session_text(review: CycleReview, number: int) -> tuple[str, list[tuple[Verbatim, int, int]]]:
    """(text of session `number`, [(verbatim, start, end)]): item headings, then one line per verbatim."""
    session = review.session(number)
    titles = {i.item_id: i.title for i in session.items}
    parts: list[str] = []
    length = 0
    spans: list[tuple[Verbatim, int, int]] = []

    def add(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    add(f"S{number} — {session.title}\n")
    current = None
    for v in (v for v in research_verbatims(review) if v.session == number):
        if v.item_id != current:
            current = v.item_id
            add(f"\n## {titles.get(v.item_id, v.item_id)}\n")
        add(f"[{format_mmss(v.elapsed_s)}] ")
        start = length
        add(f"{v.speaker} : {v.text}")
        spans.append((v, start, length))
        add("\n")
    return "".join(parts), spans


def project_xml(reviews: CycleReview | Sequence[CycleReview], *, created: str) -> tuple[bytes, dict[str, str]]:
    """(`project.qde`, {internal file name: text}) of one cycle, or of several in one project.

    With several cycles (a pooled qualitative analysis), sources are named by cycle and session, and
    a case is one speaker of one cycle (P01 of two cycles are two people), with the variables role,
    site and cycle. The codebook is the first cycle's programme's.
    """
    reviews = [reviews] if isinstance(reviews, CycleReview) else list(reviews)
    pooled = len(reviews) > 1
    ET.register_namespace("", PROJECT_NS)
    ns = PROJECT_NS
    first = reviews[0].cycle
    project_scope = "pooled/" + "+".join(r.cycle.id for r in reviews) if pooled else f"cycle/{first.id}"
    user = guid(project_scope, "user")
    name = (f"{first.label} ({first.id})" if not pooled
            else f"{len(reviews)} cycles: " + ", ".join(r.cycle.id for r in reviews))
    root = ET.Element(f"{{{ns}}}Project", {"name": name, "origin": "facilitator", "creatingUserGUID": user,
                                           "creationDateTime": created})
    users = _sub(root, "Users", ns)
    _sub(users, "User", ns, guid=user, name="facilitator export")
    codebook = _sub(root, "CodeBook", ns)
    codes = _sub(codebook, "Codes", ns)
    code_guids = _codes(codes, reviews[0].programme, ns, project_scope)
    variables = _sub(root, "Variables", ns)
    var_guids = {}
    for var, description in (("role", "participant, facilitator or group"), ("site", "the cycle's site"),
                             ("cycle", "the cycle's id")):
        if var != "role" and not pooled:
            continue
        var_guids[var] = guid(project_scope, "variable", var)
        element = _sub(variables, "Variable", ns, guid=var_guids[var], name=var, typeOfVariable="Text")
        _sub(element, "Description", ns, description)
    files: dict[str, str] = {}
    selections_by_case: dict[tuple[str, str], list[str]] = {}
    sites = {r.cycle.id: r.cycle.site for r in reviews}
    sources = ET.Element(f"{{{ns}}}Sources")
    for review in reviews:
        cycle = review.cycle
        scope = f"cycle/{cycle.id}"
        for s in review.sessions:
            text, spans = session_text(review, s.number)
            if not spans:
                continue
            source_guid = guid(scope, "session", str(s.number))
            file_name = f"{source_guid}.txt"
            files[file_name] = text
            title = f"S{s.number} — {s.title}"
            source = _sub(sources, "TextSource", ns, guid=source_guid,
                          name=f"{cycle.id} {title}" if pooled else title,
                          plainTextPath=f"internal://{file_name}", creatingUser=user, creationDateTime=created)
            _sub(source, "Description", ns, f"{cycle.label}, session {s.number}")
            titles = {i.item_id: i.title for i in s.items}
            for v, start, end in spans:
                selection_guid = guid(scope, "verbatim", v.id)
                selection = _sub(source, "PlainTextSelection", ns, guid=selection_guid, name=v.id,
                                 startPosition=str(start), endPosition=str(end), creatingUser=user,
                                 creationDateTime=created)
                _sub(selection, "Description", ns, titles.get(v.item_id, v.item_id))
                for theme in v.themes:
                    if theme in code_guids:
                        coding = _sub(selection, "Coding", ns, guid=guid(scope, "coding", v.id, theme),
                                      creatingUser=user, creationDateTime=created)
                        _sub(coding, "CodeRef", ns, targetGUID=code_guids[theme])
                selections_by_case.setdefault((cycle.id, v.speaker), []).append(selection_guid)
    if selections_by_case:
        cases = _sub(root, "Cases", ns)
        for (cycle_id, speaker), selections in sorted(selections_by_case.items()):
            case = _sub(cases, "Case", ns, guid=guid(f"cycle/{cycle_id}", "case", speaker),
                        name=f"{cycle_id} {speaker}" if pooled else speaker)
            values = {"role": speaker_role(speaker), "site": sites[cycle_id], "cycle": cycle_id}
            for var, var_guid in var_guids.items():
                value = _sub(case, "VariableValue", ns)
                _sub(value, "VariableRef", ns, targetGUID=var_guid)
                _sub(value, "TextValue", ns, values[var])
            for selection_guid in selections:
                _sub(case, "SelectionRef", ns, targetGUID=selection_guid)
    root.append(sources)
    _sub(root, "Description", ns, "Pseudonymised verbatims of " + ("group cycles" if pooled else "one group cycle")
         + ", exported by facilitator.")
    return _serialise(root), files


def speaker_role(speaker: str) -> str:
    if speaker.startswith("F") and speaker[1:].isdigit():
        return "facilitator"
    if speaker in ("group", "unknown"):
        return speaker
    return "participant"


def write_refiqda(reviews: CycleReview | Sequence[CycleReview], folder: Path, step: Step | None = None, *,
                  created: str) -> list[Path]:
    """Write `<cycle id>.qdpx` (`pooled.qdpx` for several cycles) and `codebook.qdc` into `folder` (created)."""
    step = step or (lambda _label: None)
    reviews = [reviews] if isinstance(reviews, CycleReview) else list(reviews)
    review = reviews[0]
    folder.mkdir(parents=True, exist_ok=True)
    project, files = project_xml(reviews, created=created)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project)
        for name, text in files.items():
            archive.writestr(f"Sources/{name}", text.encode("utf-8"))
    qdpx = folder / (f"{review.cycle.id}.qdpx" if len(reviews) == 1 else "pooled.qdpx")
    write_output(qdpx, buffer.getvalue())
    step(qdpx.name)
    qdc = folder / "codebook.qdc"
    write_output(qdc, codebook_xml(review.programme, scope=f"cycle/{review.cycle.id}"))
    step(qdc.name)
    return [qdpx, qdc]
