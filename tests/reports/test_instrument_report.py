"""What the report says about the instruments: CEQ product changes, the DUDIT translation, time points."""

from __future__ import annotations

from datetime import date

from facilitator.core.models import Cycle, Facilitator
from facilitator.core.review import ReviewInputs, build_review
from facilitator.reports.document import Paragraph, Section, Table, _questionnaires


def flat(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from flat(block.blocks)


def review_of(programme, forms):
    cycle = Cycle(id="c1", label="Cycle", site="Site", start_date=date(2025, 1, 6),
                  facilitators=[Facilitator(code="F1", initials="AB", role="psy")], participants=["P01", "P02"])
    return build_review(ReviewInputs(cycle, {}, [], {}, forms, programme))


def ceq(code, tp, product):
    return {"participant": code, "timepoint": tp, "instrument": "ceq-s",
            "answers": {"items": [5] * 10, "product": product}}


def test_report_names_the_product_change_and_the_working_translation(programme):
    forms = [ceq("P01", "T0", "3-MMC"), ceq("P01", "T1", "3-mmc"), ceq("P01", "T2", "GHB"),
             ceq("P02", "T0", "GHB"), ceq("P02", "T2", "GHB")]
    blocks = list(flat(_questionnaires(review_of(programme, forms))))
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert any("traduction de travail" in text for text in paragraphs)
    assert any("P01 laissé hors de la comparaison" in text and "(3-MMC → GHB)" in text for text in paragraphs)
    rows = [row for b in blocks if isinstance(b, Table) for row in b.rows if row and row[0] == "P01"]
    assert any("3-MMC → GHB" in str(row[-1]) for row in rows)      # the remark column shows the change
