"""REFI-QDA export: the `.qdpx` project and the `.qdc` codebook validate against the official schemas."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import ROOT
from tests.reports.conftest import run_cli

SCHEMAS = ROOT / "tests" / "data" / "refi-qda"
NS = {"p": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


@pytest.fixture(scope="module")
def refi(demo, tmp_path_factory):
    folder, secret, cycle_id, _store = demo
    out = tmp_path_factory.mktemp("refi")
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                   "--format", "refi-qda", "--out", str(out)) == 0
    return out / f"{cycle_id}.qdpx", out / "codebook.qdc"


def test_schemas_parse_and_reject_a_broken_document():
    import xmlschema

    project = xmlschema.XMLSchema(SCHEMAS / "Project.xsd")
    codebook = xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd")
    assert project.target_namespace == NS["p"] and codebook.target_namespace == NS["c"]
    # a code without its required isCodable attribute, and a GUID that is not one
    bad = ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="not-a-guid" name="x"/></Codes>'
           '</CodeBook>')
    assert not codebook.is_valid(bad)


def test_project_validates_and_codes_every_theme_of_every_verbatim(refi, demo, programme):
    import xmlschema

    qdpx, _qdc = refi
    _folder, _secret, cycle_id, store = demo
    with zipfile.ZipFile(qdpx) as archive:
        project = archive.read("project.qde")
        sources = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                   if name.startswith("Sources/")}
    xmlschema.XMLSchema(SCHEMAS / "Project.xsd").validate(project.decode("utf-8"))
    root = ET.fromstring(project)
    verbatims = sorted((v for n in range(1, 9) for v in store.verbatims(cycle_id, n)), key=lambda v: (v.session, v.at))
    selections = root.findall(".//p:PlainTextSelection", NS)
    assert [s.get("name") for s in selections] == [v.id for v in verbatims]   # the tidy CSV's verbatim ids
    codings = root.findall(".//p:PlainTextSelection/p:Coding", NS)
    assert len(codings) == sum(len(v.themes) for v in verbatims)
    text_sources = root.findall(".//p:TextSource", NS)
    assert [s.get("name", "").split(" — ")[0] for s in text_sources] == [f"S{n}" for n in range(1, 9)]
    by_id = {v.id: v for v in verbatims}
    for source in text_sources:
        text = sources["Sources/" + source.get("plainTextPath", "").removeprefix("internal://")]
        for selection in source.findall("p:PlainTextSelection", NS):
            v = by_id[selection.get("name")]
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == f"{v.speaker} : {v.text}"
    codes = {c.get("guid"): c.get("name") for c in root.findall(".//p:CodeBook//p:Code", NS)}
    assert set(codes.values()) == {theme.label for theme in programme.codebook}
    weekend = programme.theme("trigger_weekend")
    nested = root.findall(f".//p:Code[@name='{programme.theme(weekend.parent).label}']/p:Code", NS)
    assert weekend.label in {c.get("name") for c in nested}
    cases = {c.get("name") for c in root.findall(".//p:Case", NS)}
    assert cases == {v.speaker for v in verbatims}


def test_codebook_validates(refi, programme):
    import xmlschema

    _qdpx, qdc = refi
    xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd").validate(qdc.read_text(encoding="utf-8"))
    names = [c.get("name") for c in ET.parse(qdc).getroot().iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert sorted(names) == sorted(theme.label for theme in programme.codebook)


def test_the_same_cycle_gives_the_same_guids(demo, tmp_path):
    folder, secret, cycle_id, _store = demo
    guids = []
    for name in ("a", "b"):
        assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                       "--format", "refi-qda", "--out", str(tmp_path / name)) == 0
        with zipfile.ZipFile(tmp_path / name / f"{cycle_id}.qdpx") as archive:
            root = ET.fromstring(archive.read("project.qde"))
        guids.append([e.get("guid") for e in root.iter() if e.get("guid")])
    assert guids[0] == guids[1] and len(set(guids[0])) == len(guids[0])


def test_no_roster_name_in_the_project(refi, demo):
    import unicodedata

    qdpx, qdc = refi
    _folder, _secret, cycle_id, store = demo
    names = [name for entry in store.load_roster(cycle_id).entries for name in entry.names]

    def fold(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()

    with zipfile.ZipFile(qdpx) as archive:
        texts = [fold(archive.read(n).decode("utf-8")) for n in archive.namelist()]
    texts.append(fold(qdc.read_text(encoding="utf-8")))
    assert names
    for name in names:
        assert not any(re.search(rf"\b{re.escape(fold(name))}\b", text) for text in texts), name


def test_several_cycles_are_refused_for_one_cycle_formats(demo, tmp_path, capsys):
    folder, secret, cycle_id, _store = demo
    for fmt in ("taguette",):
        code = run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                       "--format", fmt, "--out", str(tmp_path / fmt))
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1 and "--cycle" in err
        assert not (tmp_path / fmt).exists()


def test_several_cycles_in_one_project(pooled_demo, tmp_path):
    """`--cycles all --format refi-qda`: one project for a pooled qualitative analysis, valid, every cycle's
    sessions as sources, one case per speaker of each cycle with its site and cycle as variables."""
    import xmlschema

    folder, secret, by_site = pooled_demo
    out = tmp_path / "qda"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                   "--format", "refi-qda", "--out", str(out)) == 0
    with zipfile.ZipFile(out / "pooled.qdpx") as archive:
        project = archive.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(SCHEMAS / "Project.xsd").validate(project)
    root = ET.fromstring(project)
    cycles = [cid for ids in by_site.values() for cid in ids]
    sources = [s.get("name", "") for s in root.findall(".//p:TextSource", NS)]
    assert len(sources) == 8 * len(cycles) and {name.split(" ")[0] for name in sources} == set(cycles)
    cases = root.findall(".//p:Case", NS)
    assert {c.get("name", "").split(" ")[0] for c in cases} == set(cycles)
    variables = {v.get("guid"): v.get("name") for v in root.findall(".//p:Variables/p:Variable", NS)}
    assert set(variables.values()) == {"role", "site", "cycle"}
    for case in cases:
        values = {variables[v.find("p:VariableRef", NS).get("targetGUID")]: v.find("p:TextValue", NS).text
                  for v in case.findall("p:VariableValue", NS)}
        assert values["cycle"] == case.get("name", "").split(" ")[0]
        assert values["cycle"] in by_site[values["site"]]
