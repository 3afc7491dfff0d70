"""Characteristics, participation and drop-outs in the reports; the words of a participant who refused quotation
are quoted in no export."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest

from facilitator.core.live import LiveSession
from facilitator.core.models import Facilitator, SessionRun, Verbatim
from facilitator.core.participant import Consents, Goal, Intake, PathEvent
from facilitator.core.review import build_review
from facilitator.reports.export import export_cycle
from facilitator.reports.source import export_secret, hash_participant_codes, load_review_inputs
from facilitator.storage.participants import Participants
from facilitator.storage.repository import Store, run_path

T0 = 1_800_000_000.0
QUOTABLE = "le dimanche soir c'est le plus dur"
WITHHELD = "je ne veux pas être cité là-dessus"


@pytest.fixture
def cycle_with_path(store: Store, programme):
    cycle = store.create_cycle(label="Cycle rapport", site="Site fictif", start_date=date(2027, 1, 4),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=["P01", "P02", "P03", "P04"])
    live = LiveSession(SessionRun(cycle_id=cycle.id, number=1), programme.session(1))
    live.start(T0)
    for code, status in {"P01": "present", "P02": "late", "P03": "present", "P04": "not_admitted"}.items():
        live.set_attendance(code, status, T0, "19:12" if status == "late" else None)  # type: ignore[arg-type]
    live.end(T0 + 5400, [])
    store.vault.write(run_path(cycle.id, 1), {"run": live.run.model_dump(mode="json")})
    item = programme.session(1).agenda[0].id
    for n, (speaker, text) in enumerate((("P01", QUOTABLE), ("P02", WITHHELD))):
        store.add_verbatim(Verbatim(id=f"v{n}", cycle_id=cycle.id, session=1, item_id=item, speaker=speaker,
                                    text=text, at=T0 + n, elapsed_s=60.0 + n))
    people = Participants(store)
    people.save_intake(cycle.id, "P01", Intake(date=date(2026, 12, 1), goal=Goal.SOBRIETY,
                                               products=["cathinones", "ghb_gbl"], routes=["injected"],
                                               referral="sexual_health", daily_ghb=True,
                                               consents=Consents(quotation=True)), actor="F1")
    people.save_intake(cycle.id, "P02", Intake(date=date(2026, 12, 2), goal=Goal.CONTROLLED_USE,
                                               products=["cathinones"], consents=Consents(quotation=False)),
                       actor="F1")
    people.add_event(cycle.id, "P03", PathEvent(kind="dropout", date=date(2027, 1, 20), reason="hospitalised"),
                     actor="F1")
    return cycle


def test_review_counts_characteristics_and_leaves_out_the_refused_quotes(store, programme, cycle_with_path):
    review = build_review(load_review_inputs(store, cycle_with_path.id, programme))
    c = review.characteristics
    assert c is not None and c.intakes == 2 and c.goals == {"sobriety": 1, "controlled_use": 1}
    assert c.products == {"cathinones": 2, "ghb_gbl": 1} and c.routes == {"injected": 1}
    assert [(d.code, d.reason, d.last_attended) for d in c.dropouts] == [("P03", "hospitalised", 1)]
    assert [v.speaker for v in review.verbatims] == ["P01"] and review.withheld_quotes == 1
    assert review.attendance.dropouts == ("P03",)
    assert review.attendance.status("P04", 1) == "not_admitted"


def test_hashed_codes_keep_the_refusal(store, programme, cycle_with_path):
    inputs = load_review_inputs(store, cycle_with_path.id, programme)
    hashed, mapping = hash_participant_codes(inputs, export_secret(store.vault, cycle_with_path.id))
    review = build_review(hashed)
    assert [v.speaker for v in review.verbatims] == [mapping["P01"]]
    assert review.characteristics is not None and review.characteristics.refused_quotation == (mapping["P02"],)


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "taguette", "redcap", "refi-qda"])
def test_every_export_quotes_the_agreed_words_only(store, programme, cycle_with_path, tmp_path: Path, fmt):
    import zipfile

    out = tmp_path / ("report." + fmt if fmt in ("html", "md") else fmt)
    files = export_cycle(store, cycle_with_path.id, programme, fmt, out, generated_at=T0)
    texts = []
    for path in files:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(name).decode("utf-8") for name in archive.namelist()]
        else:
            texts.append(path.read_text(encoding="utf-8"))
    text = "\n".join(texts)
    assert WITHHELD not in text
    if fmt != "redcap":
        assert QUOTABLE in html.unescape(text)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_reports_show_characteristics_participation_and_dropouts(store, programme, cycle_with_path,
                                                                 tmp_path: Path, fmt):
    out = tmp_path / f"report.{fmt}"
    export_cycle(store, cycle_with_path.id, programme, fmt, out, generated_at=T0)
    text = html.unescape(out.read_text(encoding="utf-8"))
    for expected in ("Caractéristiques des participants", "Consultations d'entrée enregistrées", "2 / 4",
                     "consommation contrôlée", "injectée (slam)", "Sorties du groupe", "hospitalisation",
                     "ayant refusé la citation", "venu, non admis"):
        assert expected in text, expected


def test_tidy_attendance_has_not_admitted_and_arrival_times_and_validates(store, programme, cycle_with_path,
                                                                          tmp_path: Path):
    import csv

    from frictionless import validate

    out = tmp_path / "csv"
    export_cycle(store, cycle_with_path.id, programme, "csv", out, generated_at=T0)
    with (out / "attendance.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(r["participant"], r["session"]): r for r in csv.DictReader(handle)}
    assert rows[("P04", "1")]["status"] == "not_admitted" and rows[("P04", "1")]["attended"] == "0"
    assert rows[("P02", "1")]["arrived"] == "19:12" and rows[("P01", "1")]["arrived"] == ""
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
