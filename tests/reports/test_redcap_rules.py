"""Every REDCap export of the demo checked against REDCap's rules, offline: the files a project is set up from.

Rules checked (REDCap's data dictionary and import checks): the exact header; field and form names;
field types; choices; validation types and ranges; calc syntax (fields referenced exist, functions
known, parentheses balanced) and what the calcs compute; events derived from their names; each form
designated on the events where it has data; every value within its field's choices or range; data
access groups that exist.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from tests.reports.conftest import run_cli
from tests.reports.test_report_exports import REDCAP_HEADER, dudit_total

TYPES = {"text", "notes", "radio", "dropdown", "calc", "checkbox", "yesno", "truefalse", "descriptive", "slider",
         "file", "sql"}
VALIDATIONS = {"", "integer", "number", "date_ymd", "date_dmy", "datetime_ymd", "email", "phone", "time",
               "alpha_only"}
FUNCTIONS = {"if", "round", "sum", "mean", "min", "max", "abs", "datediff", "isblankormissingcode"}
LEAD = ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
        "redcap_data_access_group"]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def redcap_slug(name: str, limit: int = 18) -> str:
    """REDCap's unique name of a display name, recomputed here independently of the export."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:limit].rstrip("_")


def parse_choices(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split("|"):
        code, sep, label = part.partition(",")
        assert sep and code.strip() and label.strip(), f"choice {part!r} is not 'code, label'"
        pairs.append((code.strip(), label.strip()))
    return pairs


class Blank:
    """REDCap's empty value: arithmetic with it is empty, it equals ''."""

    def _blank(self, _other: object) -> Blank:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _blank

    def __eq__(self, other: object) -> bool:
        return other == "" or isinstance(other, Blank)

    def __ge__(self, _other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def evaluate(equation: str, values: dict[str, str]) -> object:
    """Evaluate a REDCap calc equation (the subset this export uses) on one row's values."""
    def field(name: str) -> object:
        raw = values.get(name, "")
        return Blank() if raw == "" else float(raw)

    def if_(condition: object, yes: object, no: object) -> object:
        return yes if condition else no

    def isblank(value: object) -> bool:
        return isinstance(value, Blank)

    def round_(value: object, digits: int = 0) -> object:
        return value if isinstance(value, Blank) else round(value, int(digits))  # type: ignore[arg-type]

    python = re.sub(r"\[([a-z][a-z0-9_]*)\]", r'field("\1")', equation)
    python = re.sub(r"(?<![<>!=])=(?!=)", "==", python).replace("<>", "!=")
    python = re.sub(r"\bif\(", "if_(", python).replace("round(", "round_(")
    python = python.replace("isblankormissingcode(", "isblank(")
    python = python.replace("''", "Blank()")
    result = eval(python, {"__builtins__": {}}, {"field": field, "if_": if_, "round_": round_,  # noqa: S307
                                                 "Blank": Blank, "isblank": isblank})
    return "" if isinstance(result, Blank) or result == "" else result


def check_project(folder: Path) -> dict:
    """Check every file of one REDCap export; returns what the tests look at further."""
    assert (folder / "data_dictionary.csv").read_text(encoding="utf-8").splitlines()[0] == REDCAP_HEADER
    dictionary = read(folder / "data_dictionary.csv")
    fields = {r["Variable / Field Name"]: r for r in dictionary}
    names = [r["Variable / Field Name"] for r in dictionary]
    assert names[0] == "record_id" and len(set(names)) == len(names)
    forms = list(dict.fromkeys(r["Form Name"] for r in dictionary))
    for row in dictionary:
        name, kind = row["Variable / Field Name"], row["Field Type"]
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name) and len(name) <= 100 and "___" not in name, name
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row["Form Name"]), row["Form Name"]
        assert not name.endswith("_complete"), name        # REDCap makes these itself
        assert kind in TYPES, (name, kind)
        assert row["Field Label"].strip(), name
        validation = row["Text Validation Type OR Show Slider Number"]
        assert validation in VALIDATIONS, (name, validation)
        if validation:
            assert kind == "text", name
        low, high = row["Text Validation Min"], row["Text Validation Max"]
        if low or high:
            assert validation in ("integer", "number"), name
            if low and high:
                assert float(low) <= float(high), name
        equation = row["Choices, Calculations, OR Slider Labels"]
        if kind in ("radio", "dropdown", "checkbox"):
            codes = [code for code, _label in parse_choices(equation)]
            assert len(set(codes)) == len(codes), name
            assert all(re.fullmatch(r"-?[0-9]+|[a-z0-9_]+", c) for c in codes), (name, codes)
        elif kind == "calc":
            assert equation.count("(") == equation.count(")"), name
            for ref in re.findall(r"\[([^\]]+)\]", equation):
                assert ref in fields and ref != name, (name, ref)
            for function in re.findall(r"([a-z_]+)\(", equation):
                assert function in FUNCTIONS, (name, function)
            assert not re.search(r"\b(and|or)\b", equation) or "if(" in equation
            assert "''" not in equation or "if(" in equation       # a blank result only from a condition
        elif kind not in ("text", "notes"):
            assert not equation, name
    # events: names REDCap turns into the unique names the mapping and the import use
    events = read(folder / "events.csv")
    assert events and all(e["arm_num"] == "1" for e in events)
    assert {a["arm_num"] for a in read(folder / "arms.csv")} == {"1"}
    unique = [f"{redcap_slug(e['event_name'])}_arm_1" for e in events]
    assert len(set(unique)) == len(unique)
    offsets = [int(e["day_offset"]) for e in events]
    assert offsets == sorted(offsets)
    mapping = read(folder / "instrument_event_mapping.csv")
    designated = {(m["unique_event_name"], m["form"]) for m in mapping}
    assert {m["unique_event_name"] for m in mapping} <= set(unique)
    assert {m["form"] for m in mapping} == set(forms)
    assert ("t0_inclusion_arm_1", "participant") in designated
    groups = {redcap_slug(g["data_access_group_name"]) for g in read(folder / "data_access_groups.csv")}
    # the import
    with (folder / "import.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    rows = read(folder / "import.csv")
    assert header[:5] == LEAD
    form_of: dict[str, str] = {}
    for name, row in fields.items():
        if row["Field Type"] == "checkbox":
            for code, _label in parse_choices(row["Choices, Calculations, OR Slider Labels"]):
                form_of[f"{name}___{code}"] = row["Form Name"]
        elif row["Field Type"] != "calc" and name != "record_id":
            form_of[name] = row["Form Name"]
    form_of.update({f"{form}_complete": form for form in forms})
    assert set(header[5:]) == set(form_of), set(header[5:]) ^ set(form_of)
    assert not [n for n, r in fields.items() if r["Field Type"] == "calc" and n in header]
    keys = set()
    for row in rows:
        event = row["redcap_event_name"]
        assert event in unique, event
        key = (row["record_id"], event, row["redcap_repeat_instrument"], row["redcap_repeat_instance"])
        assert key not in keys, key
        keys.add(key)
        assert row["redcap_data_access_group"] in groups
        for column, value in row.items():
            if column in LEAD or value == "":
                continue
            form = form_of[column]
            assert (event, form) in designated, (column, event)
            if column.endswith("_complete"):
                assert value in ("0", "1", "2"), (column, value)
                continue
            if "___" in column:
                assert value in ("0", "1"), (column, value)
                continue
            spec = fields[column]
            kind = spec["Field Type"]
            if kind in ("radio", "dropdown"):
                codes = {c for c, _l in parse_choices(spec["Choices, Calculations, OR Slider Labels"])}
                assert value in codes, (column, value)
            elif kind == "yesno":
                assert value in ("0", "1"), (column, value)
            validation = spec["Text Validation Type OR Show Slider Number"]
            if validation == "integer":
                assert re.fullmatch(r"-?[0-9]+", value), (column, value)
            if validation in ("integer", "number"):
                number = float(value)
                if spec["Text Validation Min"]:
                    assert number >= float(spec["Text Validation Min"]), (column, value)
                if spec["Text Validation Max"]:
                    assert number <= float(spec["Text Validation Max"]), (column, value)
            if validation == "date_ymd":
                date.fromisoformat(value)
    return {"fields": fields, "rows": rows, "designated": designated, "groups": groups}


@pytest.fixture(scope="module")
def pooled_redcap(pooled_demo, tmp_path_factory):
    folder, secret, _by_site = pooled_demo
    out = tmp_path_factory.mktemp("redcap-pooled")
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                   "--format", "redcap", "--out", str(out)) == 0
    return out


def test_the_cycle_export_follows_redcaps_rules(exports):
    project = check_project(exports["redcap"])
    assert len(project["groups"]) == 1


def test_the_pooled_export_follows_redcaps_rules(pooled_redcap, pooled_demo):
    project = check_project(pooled_redcap)
    _folder, _secret, by_site = pooled_demo
    assert len(project["groups"]) == 2                       # one data access group per site
    by_group: dict[str, set[str]] = {}
    for row in project["rows"]:
        by_group.setdefault(row["redcap_data_access_group"], set()).add(row["record_id"].split("_")[0])
    assert sorted(map(sorted, by_group.values())) == sorted(map(sorted, by_site.values()))


def test_calcs_compute_the_consoles_scores(exports, demo):
    """The DUDIT total, its cut-offs and the CEQ means, evaluated as REDCap would, equal the console's."""
    project = check_project(exports["redcap"])
    fields, rows = project["fields"], project["rows"]
    _folder, _secret, cycle_id, store = demo
    forms = store.questionnaire_forms(cycle_id)
    events = {"T0": "t0_inclusion_arm_1", "T1": "t1_post_s4_arm_1", "T2": "t2_s8_arm_1"}
    by_key = {(r["record_id"], r["redcap_event_name"]): r for r in rows}
    tidy = {(r["participant"], r["timepoint"], r["instrument"], r["measure"]): r["value"]
            for r in read(exports["csv"] / "questionnaire_scores.csv")}
    checked = 0
    for form in forms:
        row = by_key.get((f"{cycle_id}_{form['participant']}", events[form["timepoint"]]))
        if row is None:
            continue
        if form["instrument"] == "dudit":
            total = evaluate(fields["dudit_total"]["Choices, Calculations, OR Slider Labels"], row)
            expected = dudit_total(form["answers"])
            assert total == ("" if expected is None else float(expected))
            values = dict(row, dudit_total=str(int(total)) if total != "" else "")
            for measure, name in (("problem", "dudit_problem"), ("probable_dependence", "dudit_dependence")):
                got = evaluate(fields[name]["Choices, Calculations, OR Slider Labels"], values)
                want = tidy.get((form["participant"], form["timepoint"], "dudit", measure), "")
                assert (got == "" and want == "") or float(got) == float(want), (name, got, want)
            checked += 1
        elif form["instrument"] in ("ceq-s", "ceq-f"):
            prefix = form["instrument"].replace("-", "_")
            for measure in ("total", "intensity", "imagery", "intrusiveness"):
                got = evaluate(fields[f"{prefix}_{measure}"]["Choices, Calculations, OR Slider Labels"], row)
                want = tidy[(form["participant"], form["timepoint"], form["instrument"], measure)]
                assert (got == "" and want == "") or got == pytest.approx(float(want)), (prefix, measure)
            checked += 1
    assert checked > 50


def test_path_instruments_are_on_their_events(pooled_redcap):
    rows = read(pooled_redcap / "import.csv")
    intake = [r for r in rows if r["intake_complete"] == "2"]
    assert intake and {r["redcap_event_name"] for r in intake} == {"t0_inclusion_arm_1"}
    final = [r for r in rows if r["final_consultation_complete"] == "2"]
    assert final and {r["redcap_event_name"] for r in final} == {"final_arm_1"}
    mapping = read(pooled_redcap / "instrument_event_mapping.csv")
    assert {m["unique_event_name"] for m in mapping if m["form"] == "checkin"} == {
        f"session_{n}_arm_1" for n in range(1, 9)}


def test_check_ins_reach_the_tidy_table_and_the_redcap_import(demo, programme):
    """Check-ins (none in the demo) added to a copy of the demo's records go to checkins.csv and REDCap."""
    from facilitator.core.participant import CheckIn, ParticipantRecord
    from facilitator.core.review import ReviewInputs, build_review
    from facilitator.reports.redcap import dictionary_fields, import_columns, import_rows
    from facilitator.reports.source import load_review_inputs
    from facilitator.reports.tables import checkin_rows

    _folder, _secret, cycle_id, store = demo
    inputs = load_review_inputs(store, cycle_id, programme)
    record = inputs.participants.get("P01") or ParticipantRecord(code="P01")
    record = record.model_copy(update={"checkins": [CheckIn(session=2, days_used=1, lapse=True, craving=7),
                                                    CheckIn(session=3, craving=4, safety_concern=True)]})
    review = build_review(ReviewInputs(**{**inputs.__dict__, "participants": {**inputs.participants, "P01": record}}))
    assert checkin_rows(review) == [["P01", 2, 1, 1, 7, 0], ["P01", 3, None, None, 4, 1]]
    columns = import_columns(dictionary_fields())
    rows = [dict(zip(columns, row, strict=True)) for row in import_rows(review, columns)]
    checkins = {r["redcap_event_name"]: r for r in rows if r["checkin_complete"] == 2}
    assert set(checkins) == {"session_2_arm_1", "session_3_arm_1"}
    assert (checkins["session_2_arm_1"]["checkin_craving"], checkins["session_3_arm_1"]["checkin_safety"]) == (7, 1)
    assert all(r["record_id"] == f"{cycle_id}_P01" for r in checkins.values())
