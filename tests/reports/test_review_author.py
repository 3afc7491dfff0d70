"""The review names a flag raised from the observer's console in the interface's language, not 'observer'."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from facilitator.core.review import ReviewInputs, build_review
from facilitator.reports.source import load_review_inputs
from facilitator.tui.review_panes import session_renderable


def test_observer_flag_is_attributed_in_french(demo, programme):
    _folder, _secret, cycle_id, store = demo
    inputs = load_review_inputs(store, cycle_id, programme)
    run = next(r for r in inputs.runs.values() if r.flags)
    flag = run.flags[0].model_copy(update={"author": "observer"})
    runs = {**inputs.runs, run.number: run.model_copy(update={"flags": [flag]})}
    review = build_review(ReviewInputs(**{**inputs.__dict__, "runs": runs}))
    console = Console(file=StringIO(), width=160)
    console.print(session_renderable(review.session(run.number), review, 160))
    text = console.file.getvalue()
    assert "(Observateur, " in text and "(observer," not in text
