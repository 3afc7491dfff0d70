"""A confirmed CEQ product change and a moved TLFB assessment date leave a line in the audit log."""

from __future__ import annotations

from datetime import date

from facilitator.core.models import Facilitator


def test_product_change_and_assessment_date_are_audited(store):
    cycle = store.create_cycle(label="C", site="S", start_date=date(2026, 1, 5),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psy")],
                               participants=["P01"])
    kept = {"items": [None] * 10, "product": "3-MMC", "baseline_product": "3-MMC", "product_changed": False}
    store.save_questionnaire(cycle.id, participant="P01", timepoint="T1", instrument="ceq-s", answers=kept)
    changed = {**kept, "product": "GHB", "product_changed": True}
    store.save_questionnaire(cycle.id, participant="P01", timepoint="T1", instrument="ceq-s", answers=changed)
    store.save_questionnaire(cycle.id, participant="P01", timepoint="T1", instrument="ceq-s",
                             answers={**changed, "items": [5] + [None] * 9})        # an answer: no new line
    tlfb = {"assessment_date": "2026-02-10", "end": "2026-02-09", "window_days": 30, "days": {}}
    store.save_questionnaire(cycle.id, participant="P01", timepoint="T1", instrument="tlfb", answers=tlfb)
    store.save_questionnaire(cycle.id, participant="P01", timepoint="T1", instrument="tlfb",
                             answers={**tlfb, "assessment_date": "2026-02-03", "end": "2026-02-02"})
    lines = [(r["target"], r["detail"]) for r in store.vault.read_audit() if r["target"].startswith("questionnaire")]
    assert lines == [
        ("questionnaire P01 T1 ceq-s", "product 3-MMC -> GHB (differs from the first time point, confirmed)"),
        ("questionnaire P01 T1 tlfb", "assessment_date 2026-02-10 -> 2026-02-03"),
    ]
