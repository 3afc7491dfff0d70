"""Every export of the demo cycle, parsed back and checked against figures recomputed from the raw records."""

from __future__ import annotations

import csv
import re
import statistics
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from facilitator.core.demo_content import ROSTER_NAMES
from facilitator.core.instruments import load_instruments
from tests.reports.conftest import exported_files, run_cli


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def raw(demo):
    _folder, _secret, cycle_id, store = demo
    cycle = store.get_cycle(cycle_id)
    runs = store.runs(cycle_id)
    verbatims = [v for n in range(1, 9) for v in store.verbatims(cycle_id, n)]
    return cycle, runs, verbatims, store.questionnaire_forms(cycle_id)


def item_seconds(run) -> list[float]:
    """Seconds each item was current, pauses excluded: recomputed from the events, independently of the timer."""
    seconds = [0.0] * len(run.item_ids)
    current, paused, last = 0, False, None
    for event in run.events:
        if last is not None and not paused:
            seconds[current] += event["at"] - last
        kind = event["kind"]
        if kind == "pause":
            paused = True
        elif kind == "resume":
            paused = False
        elif kind == "goto":
            current = event["item"]
        elif kind == "end":
            break
        last = event["at"]
    return seconds


# ---------------------------------------------------------------- privacy, for every file


def test_no_export_contains_the_roster(demo, exports):
    _folder, _secret, cycle_id, store = demo
    roster = store.load_roster(cycle_id)
    names = [name for entry in roster.entries for name in entry.names]
    assert sorted(names) == sorted(ROSTER_NAMES)          # the demo has a roster to leak
    files = exported_files(exports)
    assert len(files) == 2 + 15 + 6 + 8 + 4
    for path in files:
        text = fold(path.read_text(encoding="utf-8"))
        for name in names:
            assert not re.search(rf"\b{re.escape(fold(name))}\b", text), f"{name} found in {path.name}"


def test_html_is_self_contained_and_escaped(exports, demo):
    text = exports["html"].read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", text, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*[\"'](?!#)", text), "only in-page anchors"
    _cycle, _runs, verbatims, _forms = raw(demo)
    tricky = [v.text for v in verbatims if "<" in v.text or "&" in v.text]
    assert tricky, "the demo has a verbatim with < and & to check escaping"
    assert "<3 &" not in text and "&lt;3 &amp;" in text


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings.append((tag, self._text.strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._text += data


def test_html_structure(exports, demo):
    parser = Outline()
    parser.feed(exports["html"].read_text(encoding="utf-8"))
    h1 = [text for tag, text in parser.headings if tag == "h1"]
    h2 = [text for tag, text in parser.headings if tag == "h2"]
    assert h1 == ["Bilan du cycle — Cycle de démonstration (fictif)"]
    assert h2 == ["Synthèse", "Présence", "Caractéristiques des participants", "Tâches à domicile", "Questionnaires (T0, T1, T2)",
                  "Déroulé des séances", "Verbatims", "Exercices", "Méthodes et définitions"]
    sessions = [text for tag, text in parser.headings if tag == "h3" and text.startswith("Séance ")]
    assert len(sessions) == 16                     # once in "Sessions", once in "Verbatims"
    # charts: attendance, 4 trajectories, 8 timings, themes
    assert parser.tags["svg"] == 1 + 4 + 8 + 1
    assert parser.tags["style"] == 1 and "@media print" in exports["html"].read_text(encoding="utf-8")


def test_markdown_has_the_same_sections_and_escapes_text(exports):
    text = exports["md"].read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == ["Synthèse", "Présence", "Caractéristiques des participants", "Tâches à domicile", "Questionnaires (T0, T1, T2)",
                        "Déroulé des séances", "Verbatims", "Exercices", "Méthodes et définitions"]
    assert "\\[rires\\]" in text and "[rires]" not in text.replace("\\[rires\\]", "")
    assert "\\<3" in text and not re.search(r"(?<!\\)<3", text)
    table_rows = [line for line in text.splitlines() if line.startswith("| P")]
    assert table_rows and all(line.endswith("|") for line in table_rows)
    # the DUDIT's French wording is a working translation until dudit.yaml says it is official
    assert "traduction de travail" in text
    # a flag's follow-up category is named beside the participant (the default "other" is not)
    assert "⚑ P04 (agression ou trauma révélé) · " in text and "⚑ P05 · " in text


# ---------------------------------------------------------------- CSV


def test_attendance_csv_matches_the_runs(demo, exports):
    cycle, runs, _verbatims, _forms = raw(demo)
    header, rows = read_csv(exports["csv"] / "attendance.csv")
    assert header == ["site", "cycle_id", "is_demo", "participant", "session", "status", "arrived", "attended",
                      "dropout"]
    assert {(r["site"], r["cycle_id"], r["is_demo"]) for r in rows} == {(cycle.site, cycle.id, "1")}
    assert len(rows) == 8 * len(cycle.participants)
    for row in rows:
        mark = runs[int(row["session"])].attendance.get(row["participant"])
        assert row["status"] == (mark.status if mark else "not_recorded")
        assert row["attended"] == str(int(row["status"] in ("present", "late")))
        assert row["arrived"] == ((mark.arrived or "") if mark else "")
    attended = {code: sum(1 for r in rows if r["participant"] == code and r["attended"] == "1")
                for code in cycle.participants}
    md = exports["md"].read_text(encoding="utf-8")
    median = statistics.median(attended.values())
    assert f"| Nombre médian de séances suivies | {str(median).rstrip('0').rstrip('.').replace('.', ',')} |" in md
    assert {r["participant"] for r in rows if r["dropout"] == "1"} == set(cycle.dropouts) == {"P07"}


def test_item_timings_csv_matches_the_events(demo, exports):
    _cycle, runs, _verbatims, _forms = raw(demo)
    _header, rows = read_csv(exports["csv"] / "item_timings.csv")
    assert len(rows) == sum(len(run.item_ids) for run in runs.values())
    for row in rows:
        run = runs[int(row["session"])]
        index = int(row["position"]) - 1
        assert row["item_id"] == run.item_ids[index]
        assert int(row["actual_s"]) == round(item_seconds(run)[index])
        planned = run.planned_minutes[index] * 60
        adjust = sum(1 for e in run.events if e["kind"] == "adjust")
        if not adjust:
            assert int(row["planned_s"]) == planned
        assert int(row["delta_s"]) == int(row["actual_s"]) - int(row["planned_s"])
    kinds = {e["kind"] for run in runs.values() for e in run.events}
    assert {"start", "goto", "pause", "resume", "adjust", "end"} <= kinds
    assert any(int(r["delta_s"]) > 120 for r in rows), "the demo has overruns"


def test_verbatims_homework_and_exercises_csv(demo, exports, programme):
    _folder, _secret, cycle_id, store = demo
    _cycle, runs, verbatims, _forms = raw(demo)
    _header, rows = read_csv(exports["csv"] / "verbatims.csv")
    assert [r["text"] for r in rows] == [v.text for v in sorted(verbatims, key=lambda v: (v.session, v.at))]
    assert 280 <= len(rows) <= 320
    _header, hw = read_csv(exports["csv"] / "homework.csv")
    assert len(hw) == sum(len(run.homework_review) for run in runs.values())
    assert {r["status"] for r in hw} <= {"done", "partly", "not_done"}
    _header, ex = read_csv(exports["csv"] / "exercises.csv")
    answers = {(n, a["exercise_id"], a["subject"]) for n in range(1, 9) for a in store.exercise_answers(cycle_id, n)}
    assert {(int(r["session"]), r["exercise_id"], r["subject"]) for r in ex} == answers
    planned = {item.exercise for s in programme.sessions for item in s.agenda
               if item.kind == "exercise" and item.exercise}
    assert {r["exercise_id"] for r in ex} == planned


def dudit_total(answers: dict) -> int | None:
    """DUDIT total recomputed from option indices: items 1-9 score their index, items 10-11 twice it."""
    items = answers["items"]
    if any(i is None for i in items):
        return None
    return sum(items[:9]) + 2 * sum(items[9:])


def test_questionnaire_scores_csv_recomputed(demo, exports):
    _cycle, _runs, _verbatims, forms = raw(demo)
    _header, rows = read_csv(exports["csv"] / "questionnaire_scores.csv")
    scores = {(r["participant"], r["timepoint"], r["instrument"], r["measure"]): r["value"] for r in rows}
    for form in forms:
        key = (form["participant"], form["timepoint"], form["instrument"])
        items = form["answers"].get("items")
        if form["instrument"] == "dudit":
            assert scores[(*key, "total")] == str(dudit_total(form["answers"]))
        elif form["instrument"] in ("ceq-s", "ceq-f"):
            if None in items:
                assert scores[(*key, "total")] == ""
            else:
                assert float(scores[(*key, "total")]) == round(sum(items) / 10, 2)
        else:
            days = form["answers"]["days"]
            known = [d for d in days.values() if not d["unknown"]]
            # alcohol is not drug use: an alcohol-only day is counted apart
            used = sum(1 for d in known if set(d["substances"]) - {"alcohol"} or d["injection"])
            alcohol = sum(1 for d in known if "alcohol" in d["substances"])
            assert scores[(*key, "days_used")] == str(used)
            assert scores[(*key, "alcohol_days")] == str(alcohol)
    assert {k[2] for k in scores} == {"dudit", "ceq-s", "ceq-f", "tlfb"}
    assert {k[1] for k in scores} == {"T0", "T1", "T2"}
    _header, items = read_csv(exports["csv"] / "questionnaire_items.csv")
    assert len([r for r in items if r["instrument"] == "dudit" and r["item"].startswith("dudit_")]) == 11 * len(
        [f for f in forms if f["instrument"] == "dudit"])


# ---------------------------------------------------------------- REDCap

REDCAP_HEADER = ('Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"Choices, Calculations, '
                 'OR Slider Labels",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,'
                 'Text Validation Max,Identifier?,Branching Logic (Show field only if...),Required Field?,'
                 'Custom Alignment,Question Number (surveys only),Matrix Group Name,Matrix Ranking?,Field Annotation')


def test_redcap_dictionary(exports):
    path = exports["redcap"] / "data_dictionary.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == REDCAP_HEADER
    _header, rows = read_csv(path)
    names = [r["Variable / Field Name"] for r in rows]
    assert names[0] == "record_id" and rows[0]["Form Name"] == "participant"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names) and len(set(names)) == len(names)
    forms = list(dict.fromkeys(r["Form Name"] for r in rows))
    assert forms == ["participant", "intake", "dudit", "ceq_s", "ceq_f", "tlfb_summary", "attendance", "checkin",
                     "final_consultation"]
    dudit1 = next(r for r in rows if r["Variable / Field Name"] == "dudit_1")
    assert dudit1["Field Type"] == "radio"
    assert dudit1["Choices, Calculations, OR Slider Labels"].startswith("0, Jamais | 1, ")
    dudit10 = next(r for r in rows if r["Variable / Field Name"] == "dudit_10")
    assert re.fullmatch(r"0, [^|]+ \| 2, [^|]+ \| 4, [^|]+", dudit10["Choices, Calculations, OR Slider Labels"])
    assert all(not n.endswith("_complete") for n in names)   # REDCap makes these itself


def test_redcap_import_matches_the_scores(demo, exports):
    """The import holds the items; REDCap computes the totals (see test_redcap_rules for the calcs)."""
    cycle, runs, _verbatims, forms = raw(demo)
    header, rows = read_csv(exports["redcap"] / "import.csv")
    assert header[:5] == ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
                          "redcap_data_access_group"]
    for form in ("participant", "intake", "dudit", "ceq_s", "ceq_f", "tlfb_summary", "attendance", "checkin",
                 "final_consultation"):
        assert f"{form}_complete" in header
    events = {r["redcap_event_name"] for r in rows}
    assert events - {"final_arm_1"} == {"t0_inclusion_arm_1", "t1_post_s4_arm_1", "t2_s8_arm_1"} | {
        f"session_{n}_arm_1" for n in range(1, 9)}
    assert {r["record_id"] for r in rows} == {f"{cycle.id}_{code}" for code in cycle.participants}
    event_of = {"T0": "t0_inclusion_arm_1", "T1": "t1_post_s4_arm_1", "T2": "t2_s8_arm_1"}
    by_key = {(r["record_id"], r["redcap_event_name"]): r for r in rows}
    dudit_items = [f"dudit_{n}" for n in range(1, 12)]
    for form in forms:
        if form["instrument"] != "dudit":
            continue
        row = by_key[(f"{cycle.id}_{form['participant']}", event_of[form["timepoint"]])]
        assert sum(int(row[item]) for item in dudit_items) == dudit_total(form["answers"])
        assert row["dudit_complete"] == "2"
    assert "dudit_total" not in header                           # a calc field: REDCap computes it
    session_rows = [r for r in rows if r["redcap_event_name"].startswith("session_")]
    assert len(session_rows) == 8 * len(cycle.participants)


# ---------------------------------------------------------------- Taguette


def test_taguette_highlights_and_codebook(demo, exports, programme):
    _cycle, _runs, verbatims, _forms = raw(demo)
    verbatims = sorted(verbatims, key=lambda v: (v.session, v.at))
    header, rows = read_csv(exports["taguette"] / "highlights.csv")
    assert header == ["id", "document", "tag", "content"]
    assert len(rows) == sum(len(v.themes) or 1 for v in verbatims)
    # one id per verbatim, repeated on each of its tag rows, equal to the tidy CSV's verbatim id
    assert list(dict.fromkeys(r["id"] for r in rows)) == [v.id for v in verbatims]
    _h, tidy = read_csv(exports["csv"] / "verbatims.csv")
    assert [r["verbatim_id"] for r in tidy] == list(dict.fromkeys(r["id"] for r in rows))
    header, documents = read_csv(exports["taguette"] / "documents.csv")
    names = {r["name"] for r in documents}
    assert all(len(name) <= 50 for name in names) and {r["document"] for r in rows} <= names
    assert [r["file"] for r in documents] == [f"documents/S{n}.html" for n in range(1, 9)]
    for document in documents:
        html = (exports["taguette"] / document["file"]).read_text(encoding="utf-8")
        session = int(document["file"].removeprefix("documents/S").removesuffix(".html"))
        mine = [v for v in verbatims if v.session == session]
        assert html.count("<p>[") == len(mine)
        assert programme.session(session).title in document["description"]
    header, codebook = read_csv(exports["taguette"] / "codebook.csv")
    assert header[:2] == ["tag", "description"]
    counts = {r["tag"]: int(r["number of highlights"]) for r in codebook}
    assert "" not in counts and "untagged" not in counts and len(counts) == len(programme.codebook)
    assert sum(counts.values()) == sum(1 for r in rows if r["tag"])
    weekend = programme.theme("trigger_weekend")
    parent = programme.theme(weekend.parent)
    assert f"{parent.label}/{weekend.label}" in counts
    assert counts[f"{parent.label}/{weekend.label}"] == sum(1 for v in verbatims if "trigger_weekend" in v.themes)
    assert "documents/S1.html" in (exports["taguette"] / "README.txt").read_text(encoding="utf-8")


def test_taguette_untagged_verbatim_has_an_empty_tag(demo, programme):
    from facilitator.core.review import build_review
    from facilitator.reports.source import load_review_inputs
    from facilitator.reports.taguette import codebook_rows, highlight_rows

    _folder, _secret, cycle_id, store = demo
    inputs = load_review_inputs(store, cycle_id, programme)
    first = inputs.verbatims[0].model_copy(update={"themes": []})
    review = build_review(inputs.__class__(**{**inputs.__dict__, "verbatims": [first, *inputs.verbatims[1:]]}))
    rows = [r for r in highlight_rows(review) if r[0] == first.id]
    assert [r[2] for r in rows] == [""]
    assert all(r[0] for r in codebook_rows(review))


# ---------------------------------------------------------------- hashed codes


def test_hash_ids_replaces_every_code_and_is_stable(demo, tmp_path):
    folder, secret, cycle_id, _store = demo
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                       "--format", "csv", "--out", str(out), "--hash-ids") == 0
        outs.append(out)
    md = tmp_path / "hashed.md"
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                   "--format", "md", "--out", str(md), "--hash-ids") == 0
    for path in [*outs[0].iterdir(), md]:
        assert not re.search(r"\bP\d{2}\b", path.read_text(encoding="utf-8")), path.name
    for name in ("attendance.csv", "verbatims.csv", "questionnaire_scores.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()
    _header, rows = read_csv(outs[0] / "attendance.csv")
    codes = {r["participant"] for r in rows}
    assert len(codes) == 12 and all(re.fullmatch(r"H[0-9a-f]{8}", c) for c in codes)
    _header, verbatims = read_csv(outs[0] / "verbatims.csv")
    assert any(re.search(r"\bH[0-9a-f]{8}\b", r["text"]) for r in verbatims), "codes inside texts are hashed too"


# ---------------------------------------------------------------- read-only and errors


def test_report_writes_nothing_in_the_data_folder_but_the_audit(demo, tmp_path):
    """The audit log and the manifest (which holds the hash of the audit log's last line) only."""
    folder, secret, cycle_id, store = demo

    def snapshot():
        return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file() and "audit" not in p.parts
                and not p.name.endswith(".lock") and not p.name.startswith("manifest.db")}

    before = snapshot()
    locks_before = sorted(p.name for p in (folder / ".locks").rglob("*.lock"))
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), "--cycle", cycle_id,
                   "--format", "md", "--out", str(tmp_path / "r.md")) == 0
    assert snapshot() == before
    new_locks = sorted(set(p.name for p in (folder / ".locks").rglob("*.lock")) - set(locks_before))
    assert all("audit" in name or name.endswith(".log.lock") or name == "manifest.db.lock"
               for name in new_locks), new_locks
    exports = [r for r in store.vault.read_audit() if r.get("action") == "export"]
    assert exports and exports[-1]["target"] == f"cycle {cycle_id}"


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--cycle", "cnope", "--format", "md", "--out", "{tmp}/r.md"], 1, "cnope"),
    (["--cycle", "{cycle}", "--format", "pdf", "--out", "{tmp}/r.pdf"], 2, "pdf"),
    (["--cycle", "{cycle}", "--format", "md", "--out", "{tmp}/missing/r.md"], 1, "missing"),
    (["--cycle", "{cycle}", "--format", "csv", "--out", "{tmp}/afile"], 1, "afile"),
    (["--cycle", "{cycle}", "--format", "html", "--out", "{tmp}"], 1, "{tmp}"),
])
def test_bad_input_gives_one_line(demo, tmp_path, capsys, args, code, words):
    folder, secret, cycle_id, _store = demo
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, cycle=cycle_id) for a in args]
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(secret), *argv) == code
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("facilitator: ")
    assert words.format(tmp=tmp_path) in err
    assert "Traceback" not in err


def test_wrong_passphrase_is_one_line(demo, tmp_path, capsys):
    folder, _secret, cycle_id, _store = demo
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-passphrase\n", encoding="utf-8")
    assert run_cli("report", "--data", str(folder), "--passphrase-file", str(wrong), "--cycle", cycle_id,
                   "--format", "md", "--out", str(tmp_path / "r.md")) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "r.md").exists()


def test_passphrase_typed_on_a_terminal_or_asked_for_as_a_file(demo, tmp_path, capsys, monkeypatch):
    from facilitator.commands import _common
    from tests.conftest import TEST_PASSPHRASE

    folder, _secret, cycle_id, _store = demo
    out = tmp_path / "r.md"
    argv = ["report", "--data", str(folder), "--cycle", cycle_id, "--format", "md", "--out", str(out)]
    monkeypatch.setattr(_common, "interactive", lambda: False)
    assert run_cli(*argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--passphrase-file" in err
    assert not out.exists()
    prompts: list[str] = []
    monkeypatch.setattr(_common, "interactive", lambda: True)
    monkeypatch.setattr(_common, "ask_secret", lambda prompt: prompts.append(prompt) or TEST_PASSPHRASE)
    assert run_cli(*argv) == 0
    assert prompts == ["Phrase de passe : "] and out.is_file()


def test_instrument_labels_come_from_the_definitions():
    assert load_instruments("fr").dudit.items[0].options[0].label == "Jamais"
