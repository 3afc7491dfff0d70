"""The pooled evaluation: `report --cycles`, `pool PACKAGE...`, recomputed independently from the tidy CSV."""

from __future__ import annotations

import csv
import re
import statistics
from pathlib import Path

import pytest

from tests.reports.conftest import run_cli


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pooled(pooled_demo, tmp_path_factory):
    """Per-site hashed packages, the pooled report of the folder (md, html), and `pool`'s outputs."""
    folder, secret, by_site = pooled_demo
    out = tmp_path_factory.mktemp("pooled-out")
    common = ("--data", str(folder), "--passphrase-file", str(secret))
    packages = []
    for index, ids in enumerate(by_site.values()):
        package = out / f"site{index}"
        assert run_cli("report", *common, "--cycles", ",".join(ids), "--format", "csv", "--hash-ids",
                       "--out", str(package)) == 0
        packages.append(package)
    for fmt in ("md", "html"):
        assert run_cli("report", *common, "--cycles", "all", "--format", fmt, "--out", str(out / f"folder.{fmt}")) == 0
    assert run_cli("pool", *map(str, packages), "--format", "csv", "--out", str(out / "pool")) == 0
    assert run_cli("pool", *map(str, packages), "--format", "md", "--out", str(out / "pool.md")) == 0
    return out, packages


def test_pool_merges_the_sites_without_collisions(pooled, pooled_demo):
    out, packages = pooled
    _folder, _secret, by_site = pooled_demo
    assert len(by_site) == 2 and all(len(ids) == 2 for ids in by_site.values())
    people = read(out / "pool" / "participants.csv")
    assert len(people) == 48                                   # 4 cycles of 12
    assert len({(p["cycle_id"], p["participant"]) for p in people}) == 48
    assert all(re.fullmatch(r"H[0-9a-f]{8,}", p["participant"]) for p in people)
    codes = {p["participant"] for p in people}
    assert len(codes) == 48, "each cycle's codes are hashed with its own secret: two P01 never collide"
    assert {p["site"] for p in people} == set(by_site)


def test_pooled_statistics_recomputed_from_the_tidy_csv(pooled):
    """DUDIT and CEQ T0 -> T2 recomputed with scipy from questionnaire_scores.csv agree with the report."""
    from scipy import stats

    out, _packages = pooled
    scores = read(out / "pool" / "questionnaire_scores.csv")
    comparisons = {(r["instrument"], r["measure"], r["before"], r["after"]): r
                   for r in read(out / "pool" / "evaluation_comparisons.csv")}
    timepoints = {(r["instrument"], r["measure"], r["timepoint"]): r
                  for r in read(out / "pool" / "evaluation_timepoints.csv")}
    for instrument, measure in (("dudit", "total"), ("ceq-s", "total"), ("tlfb", "days_used")):
        values: dict[str, dict[tuple[str, str], float]] = {}
        for r in scores:
            if r["instrument"] == instrument and r["measure"] == measure and r["completion"] == "done" and r["value"]:
                values.setdefault(r["timepoint"], {})[(r["cycle_id"], r["participant"])] = float(r["value"])
        baseline = list(values["T0"].values())
        row = timepoints[(instrument, measure, "T0")]
        assert int(row["n"]) == len(baseline)
        assert float(row["median"]) == pytest.approx(statistics.median(baseline))
        assert float(row["mean"]) == pytest.approx(statistics.fmean(baseline), abs=1e-6)
        pairs = sorted(set(values["T0"]) & set(values["T2"]))
        before = [values["T0"][k] for k in pairs]
        after = [values["T2"][k] for k in pairs]
        row = comparisons[(instrument, measure, "T0", "T2")]
        assert int(row["n"]) == len(pairs) and len(pairs) > 25
        diffs = [a - b for a, b in zip(after, before, strict=True) if a != b]
        expected = stats.wilcoxon(diffs, zero_method="wilcox", method="asymptotic")
        assert row["method"] == "normal approximation"
        assert float(row["p_value"]) == pytest.approx(expected.pvalue, rel=1e-6)
        assert float(row["statistic"]) == pytest.approx(expected.statistic)
        assert float(row["median_difference"]) == pytest.approx(
            statistics.median([a - b for a, b in zip(after, before, strict=True)]))
        low, high, r = float(row["ci_low"]), float(row["ci_high"]), float(row["effect_size"])
        assert -1 <= low <= r <= high <= 1


def test_small_samples_use_the_exact_test(pooled_demo, tmp_path):
    """One cycle (12 participants) goes through the exact distribution, as scipy's exact method computes it."""
    from scipy import stats

    folder, secret, by_site = pooled_demo
    first = next(iter(by_site.values()))[0]
    out = tmp_path / "one"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", first,
                   "--format", "csv", "--out", str(out)) == 0
    from facilitator.core.pooled import pooled_evaluation
    from facilitator.reports.pooled import read_package

    tables, _meta = read_package(out)
    evaluation = pooled_evaluation(tables)
    c = evaluation.comparison("ceq-s", "total", "T0", "T2")
    assert c.method in ("exact", "permutation") and c.n <= 12
    if c.method == "exact":
        before = {r["participant"]: float(r["value"]) for r in tables["questionnaire_scores"]
                  if r["instrument"] == "ceq-s" and r["measure"] == "total" and r["timepoint"] == "T0" and r["value"]}
        after = {r["participant"]: float(r["value"]) for r in tables["questionnaire_scores"]
                 if r["instrument"] == "ceq-s" and r["measure"] == "total" and r["timepoint"] == "T2" and r["value"]}
        keys = sorted(set(before) & set(after))
        diffs = [after[k] - before[k] for k in keys if after[k] != before[k]]
        assert c.p_value == pytest.approx(stats.wilcoxon(diffs, method="exact").pvalue)


def test_the_report_shows_the_same_figures_as_the_csv(pooled):
    out, _packages = pooled
    md = (out / "pool.md").read_text(encoding="utf-8")
    folder_md = (out / "folder.md").read_text(encoding="utf-8")
    row = next(r for r in read(out / "pool" / "evaluation_comparisons.csv")
               if (r["instrument"], r["measure"], r["before"], r["after"]) == ("dudit", "total", "T0", "T2"))
    line = next(line for line in md.splitlines() if line.startswith("| DUDIT total") and "T0 → T2" in line)
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[2] == row["n"]
    assert cells[5].replace("\\", "").replace(",", ".") == str(float(row["median_difference"])).removesuffix(".0")
    # the folder's own pooled report gives the same comparison (hashing changes codes, not figures)
    assert line.split("|")[2:8] == next(
        x for x in folder_md.splitlines() if x.startswith("| DUDIT total") and "T0 → T2" in x).split("|")[2:8]
    for heading in ("Sites et cycles", "Caractéristiques à l'inclusion (T0)", "Participation et présence",
                    "Questionnaires à chaque temps", "Comparaisons appariées (T0→T1, T0→T2)"):
        assert f"## {heading}" in md
    assert "Holm" in md and "48 participants" in md


def test_pooled_html_tables_have_scope_and_captions(pooled):
    out, _packages = pooled
    html = (out / "folder.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert tables and all("<caption>" in table for table in tables)
    assert "<th>" not in html and 'scope="col"' in html


def test_pool_refuses_unhashed_packages_and_repeated_cycles(pooled, pooled_demo, tmp_path, capsys):
    out, packages = pooled
    folder, secret, _by_site = pooled_demo
    plain = tmp_path / "plain"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                   "--format", "csv", "--out", str(plain)) == 0
    capsys.readouterr()
    assert run_cli("pool", str(plain), "--format", "md", "--out", str(tmp_path / "x.md")) == 1
    assert "--hash-ids" in capsys.readouterr().err
    assert run_cli("pool", str(packages[0]), str(packages[0]), "--format", "md", "--out", str(tmp_path / "x.md")) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cycle" in err
    assert run_cli("pool", str(tmp_path / "missing"), "--format", "md", "--out", str(tmp_path / "x.md")) == 1
    assert not (tmp_path / "x.md").exists()


def test_mid_cycle_time_points_are_not_yet_due():
    from facilitator.core.pooled import pooled_evaluation

    cycles = [{"site": "A", "cycle_id": "c1", "is_demo": "1", "start_date": "2026-01-13", "participants": "2",
               "sessions_done": "3", "label": ""}]
    people = [{"site": "A", "cycle_id": "c1", "participant": p, "dropout": "0", "sessions_done": "3",
               "sessions_attended": "3", "participation_rate": "1", "last_attended_session": "3", "product": "GHB"}
              for p in ("P01", "P02")]
    scores = [{"cycle_id": "c1", "participant": "P01", "timepoint": "T0", "instrument": "dudit",
               "completion": "done", "measure": "total", "value": "20"}]
    ev = pooled_evaluation({"cycles": cycles, "participants": people, "attendance": [],
                            "questionnaire_scores": scores})
    t0 = ev.timepoint("dudit", "total", "T0")
    t1 = ev.timepoint("dudit", "total", "T1")
    assert (t0.due, t0.done, t0.not_yet_due) == (2, 1, 0)     # one missing
    assert (t1.due, t1.done, t1.not_yet_due) == (0, 0, 2)     # not yet due, not missing


def test_a_participant_who_refused_the_evaluation_is_left_out():
    from facilitator.core.pooled import pooled_evaluation

    cycles = [{"site": "A", "cycle_id": "c1", "is_demo": "1", "start_date": "2026-01-13", "participants": "3",
               "sessions_done": "8", "label": ""}]
    people = [{"site": "A", "cycle_id": "c1", "participant": p, "dropout": "0", "sessions_done": "8",
               "sessions_attended": "8", "participation_rate": "1", "last_attended_session": "8", "product": "GHB",
               "intake": "1", "goal": "sobriety", "consent_evaluation": consent}
              for p, consent in (("P01", "1"), ("P02", "0"), ("P03", ""))]
    scores = [{"cycle_id": "c1", "participant": p, "timepoint": "T0", "instrument": "dudit", "completion": "done",
               "measure": "total", "value": v} for p, v in (("P01", "20"), ("P02", "40"), ("P03", "10"))]
    ev = pooled_evaluation({"cycles": cycles, "participants": people, "attendance": [],
                            "questionnaire_scores": scores,
                            "intake_choices": [{"cycle_id": "c1", "participant": "P02", "question": "route",
                                                "choice": "injected"}]})
    assert ev.characteristics.participants == 2 and ev.characteristics.excluded_no_consent == 1
    assert ev.timepoint("dudit", "total", "T0").summary.median == 15      # 10 and 20, never 40
    assert ev.characteristics.goals == {"sobriety": 2} and ev.characteristics.routes == {}


def test_intake_and_path_columns_in_the_tidy_tables(pooled):
    out, _packages = pooled
    people = read(out / "pool" / "participants.csv")
    assert sum(1 for p in people if p["intake"] == "1") == 48
    assert {p["goal"] for p in people} <= {"sobriety", "controlled_use", "undecided"}
    dropouts = [p for p in people if p["dropout"] == "1"]
    assert dropouts and all(p["dropout_reason"] for p in dropouts)
    routes = read(out / "pool" / "intake_choices.csv")
    assert {r["question"] for r in routes} == {"product", "route"}


def test_the_evaluation_tables_are_documented_and_valid(pooled):
    from frictionless import validate

    out, _packages = pooled
    report = validate(out / "pool" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = read(out / "pool" / "evaluation_characteristics.csv")
    people = read(out / "pool" / "participants.csv")
    counts = {(r["characteristic"], r["value"]): int(r["n"]) for r in rows}
    assert counts[("participants", "")] == len(people)
    assert counts[("dropouts", "")] == sum(1 for p in people if p["dropout"] == "1")
    attendance = read(out / "pool" / "attendance.csv")
    by_session = {int(r["session"]): r for r in read(out / "pool" / "evaluation_attendance.csv")}
    assert int(by_session[1]["attended"]) == sum(1 for r in attendance if r["session"] == "1" and r["attended"] == "1")


def test_a_french_spreadsheet_package_pools_like_a_standard_one(pooled, pooled_demo, tmp_path):
    out, packages = pooled
    folder, secret, by_site = pooled_demo
    french = tmp_path / "site0-fr"
    first_site = next(iter(by_site.values()))
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", ",".join(first_site),
                   "--format", "csv", "--hash-ids", "--french-spreadsheet", "--out", str(french)) == 0
    assert (french / "participants.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert run_cli("pool", str(french), str(packages[1]), "--format", "csv", "--out", str(tmp_path / "mixed")) == 0
    standard = read(out / "pool" / "evaluation_comparisons.csv")
    mixed = read(tmp_path / "mixed" / "evaluation_comparisons.csv")
    assert [(r["n"], r["p_value"], r["effect_size"]) for r in mixed] == [
        (r["n"], r["p_value"], r["effect_size"]) for r in standard]


def test_french_spreadsheet_is_for_csv_only(pooled_demo, tmp_path, capsys):
    folder, secret, _by_site = pooled_demo
    code = run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                   "--format", "html", "--french-spreadsheet", "--out", str(tmp_path / "x.html"))
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "csv" in err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("args", [("--cycles", "0"), ("--cycles", "13"), ("--cycles", "2", "--sites", "3")])
def test_demo_cycles_and_sites_bad_input(tmp_path, capsys, args):
    from tests.conftest import TEST_PASSPHRASE

    secret = tmp_path / "pass.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    code = run_cli("demo", "--data", str(tmp_path / "data"), "--passphrase-file", str(secret), "--fast-test-kdf",
                   *args)
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and ("--cycles" in err or "--sites" in err)
    assert not any((tmp_path / "data").iterdir())          # nothing created: checked before the vault


def test_demo_of_several_cycles_ends_with_their_ids(tmp_path, capsys):
    from tests.conftest import TEST_PASSPHRASE

    secret = tmp_path / "pass.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    assert run_cli("demo", "--data", str(tmp_path / "data"), "--passphrase-file", str(secret), "--fast-test-kdf",
                   "--cycles", "2", "--sites", "2") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    ids = lines[-1].split(",")
    assert len(ids) == 2 and all(re.fullmatch(r"c[0-9a-f]+", i) for i in ids)
    assert "--cycles all" in lines[-2]


def test_pool_needs_no_programme_file(pooled, tmp_path, monkeypatch):
    """The packages carry their programme's time points; pool runs where no sessions.yaml is."""
    import json

    from facilitator.cli import main

    out, packages = pooled
    meta = json.loads((packages[0] / "datapackage.json").read_text(encoding="utf-8"))
    assert [(e["timepoint"], e["due_after_session"]) for e in meta["facilitator"]["timepoints"]] == [
        ("T0", 0), ("T1", 4), ("T2", 8)]
    monkeypatch.chdir(tmp_path)
    assert not (tmp_path / "sessions.yaml").exists()
    assert main(["pool", *map(str, packages), "--format", "csv", "--out", str(tmp_path / "pooled")]) == 0
    assert read(tmp_path / "pooled" / "evaluation_comparisons.csv") == read(out / "pool" / "evaluation_comparisons.csv")


def test_pooled_package_for_french_spreadsheets_validates(pooled, tmp_path):
    from frictionless import validate

    _out, packages = pooled
    target = tmp_path / "fr"
    assert run_cli("pool", *map(str, packages), "--format", "csv", "--french-spreadsheet", "--out", str(target)) == 0
    assert (target / "evaluation_comparisons.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    report = validate(target / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_a_refusal_of_the_evaluation_leaves_nothing_but_the_refusal_in_research_exports(demo, programme):
    from facilitator.core.participant import Consents
    from facilitator.core.pooled import pooled_evaluation
    from facilitator.core.review import ReviewInputs, build_review
    from facilitator.reports.pooled import tables_from_reviews
    from facilitator.reports.redcap import dictionary_fields, import_columns, import_rows
    from facilitator.reports.source import load_review_inputs

    _folder, _secret, cycle_id, store = demo
    inputs = load_review_inputs(store, cycle_id, programme)
    record = inputs.participants["P02"]
    assert record.intake is not None
    refusing = record.model_copy(update={"intake": record.intake.model_copy(update={
        "consents": Consents(charter=True, observer=True, quotation=True, evaluation=False)})})
    review = build_review(ReviewInputs(**{**inputs.__dict__, "participants": {**inputs.participants,
                                                                                "P02": refusing}}))
    tables = tables_from_reviews([review])
    people = {p["participant"]: p for p in tables["participants"]}
    assert {k: v for k, v in people["P02"].items() if v} == {
        "site": review.cycle.site, "cycle_id": cycle_id, "is_demo": "1", "participant": "P02", "consent_evaluation": "0"}
    for name, column in (("attendance", "participant"), ("questionnaire_scores", "participant"),
                         ("tlfb_days", "participant"), ("exercises", "subject"), ("verbatims", "speaker")):
        assert tables[name] and all(row[column] != "P02" for row in tables[name]), name
    p02_verbatims = {v.id for v in review.verbatims if v.speaker == "P02"}
    assert p02_verbatims and not p02_verbatims & {r["verbatim_id"] for r in tables["verbatim_themes"]}
    evaluation = pooled_evaluation(tables)
    assert evaluation.characteristics.excluded_no_consent == 1 and evaluation.characteristics.participants == 11
    columns = import_columns(dictionary_fields())
    rows = [dict(zip(columns, row, strict=True)) for row in import_rows(review, columns)
            if row[0] == f"{cycle_id}_P02"]
    assert len(rows) == 1 and rows[0]["intake_consent_evaluation"] == 0 and rows[0]["dudit_1"] == ""
    from facilitator.reports.refiqda import session_text
    from facilitator.reports.taguette import highlight_rows

    assert highlight_rows(review) and not p02_verbatims & {row[0] for row in highlight_rows(review)}
    texts = [session_text(review, n) for n in range(1, 9)]
    assert not any(v.speaker == "P02" for _text, spans in texts for v, _a, _b in spans)
    assert not any("] P02 : " in text for text, _spans in texts)
