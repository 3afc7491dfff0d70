"""The tidy CSV package: long tables, ids as keys, every column documented, valid for Frictionless."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from facilitator.core.instruments import load_instruments
from tests.reports.conftest import run_cli


def read(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_every_file_and_column_is_documented(exports):
    folder = exports["csv"]
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in meta["resources"]}
    assert described == {p.name for p in folder.glob("*.csv")}
    for resource in meta["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert header == [f["name"] for f in fields], resource["name"]
        assert header[:3] == ["site", "cycle_id", "is_demo"], resource["name"]
        assert all(f["description"] and f["type"] in ("string", "integer", "number", "date") for f in fields)


def test_frictionless_validates_the_package(exports):
    from frictionless import validate

    report = validate(exports["csv"] / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_long_tables_have_one_value_per_cell(demo, exports):
    _folder, _secret, cycle_id, store = demo
    folder = exports["csv"]
    verbatims = [v for n in range(1, 9) for v in store.verbatims(cycle_id, n)]
    themes = read(folder / "verbatim_themes.csv")
    assert len(themes) == sum(len(v.themes) for v in verbatims)
    assert {(r["verbatim_id"], r["theme_id"]) for r in themes} == {(v.id, th) for v in verbatims for th in v.themes}
    forms = [f for f in store.questionnaire_forms(cycle_id) if f["instrument"] == "tlfb"]
    days = read(folder / "tlfb_days.csv")
    assert len(days) == sum(f["answers"]["window_days"] for f in forms)
    for form in forms:
        mine = [r for r in days if r["participant"] == form["participant"] and r["timepoint"] == form["timepoint"]]
        assert [r["date"] for r in mine] == sorted(form["answers"]["days"])   # one row per day, with its date
        for row in mine:
            day = form["answers"]["days"][row["date"]]
            assert row["unknown"] == str(int(day["unknown"]))
            if not day["unknown"]:
                for substance in load_instruments().tlfb.substance_ids:
                    assert row[f"substance_{substance}"] == str(int(substance in day["substances"]))
                # alcohol alone is not drug use
                drug = bool(set(day["substances"]) - {"alcohol"}) or day["injection"]
                assert row["used"] == str(int(drug))
                assert row["sexual_context"] == str(int(day.get("sexual", False)))
    for name in ("homework.csv", "verbatims.csv", "exercises.csv", "verbatim_themes.csv", "homework_given.csv"):
        for row in read(folder / name):
            for column, value in row.items():
                if column.endswith("_id") or column in ("row", "column", "participant"):
                    assert ";" not in value, (name, column)


def test_exercise_keys_are_the_same_in_french_and_english(demo, tmp_path):
    folder, secret, cycle_id, _store = demo
    keys = {}
    for lang in ("fr", "en"):
        out = tmp_path / lang
        programme = "sessions.yaml" if lang == "fr" else "sessions.en.yaml"
        from facilitator.cli import main
        from tests.conftest import ROOT

        assert main(["report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                     "--format", "csv", "--out", str(out), "--lang", lang,
                     "--programme", str(ROOT / programme)]) == 0
        keys[lang] = {(r["session"], r["exercise_id"], r["subject"], r["field_id"], r["row"], r["column"])
                      for r in read(out / "exercises.csv")}
    # table rows are numbered, not labelled; week grids are stored by day label, so only the programme they
    # were recorded with (here French) maps them to day numbers
    assert len(keys["fr"]) > 100
    assert all(k[4].isdigit() for k in keys["fr"] if k[4])
    grids = {k[3] for k in keys["fr"] if k[5].isdigit()}
    assert grids == {"week"}
    assert {k for k in keys["fr"] if k[3] not in grids} == {k for k in keys["en"] if k[3] not in grids}


def test_french_spreadsheet_option(demo, tmp_path):
    from frictionless import validate

    folder, secret, cycle_id, _store = demo
    out = tmp_path / "fr"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                   "--format", "csv", "--out", str(out), "--french-spreadsheet") == 0
    raw = (out / "questionnaire_scores.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = read(out / "questionnaire_scores.csv", ";", "utf-8-sig")
    assert list(rows[0])[:3] == ["site", "cycle_id", "is_demo"]
    decimals = [r["value"] for r in rows if r["measure"] == "total" and r["instrument"] == "ceq-s" and r["value"]]
    assert any("," in v for v in decimals) and not any("." in v for v in decimals)
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


@pytest.mark.parametrize("name", ["cycles.csv", "participants.csv"])
def test_cycles_and_participants_tables(demo, exports, name):
    _folder, _secret, cycle_id, store = demo
    cycle = store.get_cycle(cycle_id)
    rows = read(exports["csv"] / name)
    if name == "cycles.csv":
        assert [(r["cycle_id"], r["site"], r["is_demo"], r["participants"]) for r in rows] == [
            (cycle.id, cycle.site, "1", "12")]
    else:
        assert [r["participant"] for r in rows] == cycle.participants
        assert {r["participant"] for r in rows if r["dropout"] == "1"} == set(cycle.dropouts)


def test_tlfb_days_agree_with_the_scores(exports):
    """Days used per calendar, summed from tlfb_days.csv, equal the scored days_used (alcohol alone is no use)."""
    days = read(exports["csv"] / "tlfb_days.csv")
    scores = {(r["participant"], r["timepoint"]): r["value"] for r in read(exports["csv"] / "questionnaire_scores.csv")
              if r["instrument"] == "tlfb" and r["measure"] == "days_used" and r["value"]}
    used: dict[tuple[str, str], int] = {}
    alcohol_only = 0
    for row in days:
        key = (row["participant"], row["timepoint"])
        used[key] = used.get(key, 0) + (row["used"] == "1")
        others = [c for c in row if c.startswith("substance_") and c != "substance_alcohol" and row[c] == "1"]
        if row["substance_alcohol"] == "1" and not others and row["injection"] == "0":
            alcohol_only += 1
            assert row["used"] == "0"
    assert scores and all(used[key] == int(float(value)) for key, value in scores.items())
    assert alcohol_only > 0, "the demo has alcohol-only days to tell apart"
