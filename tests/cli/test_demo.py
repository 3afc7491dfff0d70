"""`facilitator demo`: a complete, labelled, seeded fictitious cycle, and its vault handling."""

from __future__ import annotations

import re

import pytest

from facilitator.commands.demo import generate_passphrase, make_demo
from facilitator.core.demo import DEMO_LABEL, generate_demo
from facilitator.core.exercises import normalise_answers
from facilitator.core.instruments import completion
from facilitator.storage.vault import FAST_TEST_KDF, Vault
from tests.conftest import ROOT, TEST_PASSPHRASE


def run_cli(*argv: str) -> int:
    from facilitator.cli import main

    return main([*argv, "--programme", str(ROOT / "sessions.yaml")])


def test_generated_cycle_is_complete_and_valid(programme):
    demo = generate_demo(programme, "cx", seed=3)
    assert demo.label == DEMO_LABEL and demo.participants == [f"P{i:02d}" for i in range(1, 13)]
    assert demo.dropouts == ["P07"]
    assert sorted(demo.runs) == list(range(1, 9)) and all(r.status == "done" for r in demo.runs.values())
    for n, run in demo.runs.items():
        kinds = [e["kind"] for e in run.events]
        assert kinds[0] == "start" and kinds[-1] == "end" and "goto" in kinds
        assert run.item_ids == [item.id for item in programme.session(n).agenda]
        assert run.homework_given == [hw.id for hw in programme.session(n).homework]
        if n > 3:
            assert run.attendance["P07"].status == "absent"
    assert any(e["kind"] == "pause" for r in demo.runs.values() for e in r.events)
    assert sum(len(r.flags) for r in demo.runs.values()) >= 3
    assert sum(len(r.notes) for r in demo.runs.values()) >= 8
    assert sum(len(r.homework_review) for r in demo.runs.values()) > 40
    assert len(demo.verbatims) == 300
    item_ids = {item.id for s in programme.sessions for item in s.agenda}
    theme_ids = {th.id for th in programme.codebook}
    for v in demo.verbatims:
        assert v.item_id in item_ids and set(v.themes) <= theme_ids
        assert v.speaker in demo.participants or v.speaker in ("F1", "F2", "F3", "group")
        run = demo.runs[v.session]
        assert run.started_at <= v.at <= run.ended_at
        # already pseudonymised: no roster name in any text
        assert not any(name in v.text for names in demo.roster.values() for name in names)
    assert len({v.speaker for v in demo.verbatims}) >= 12
    for answer in demo.exercises:
        exercise = programme.exercise(answer.exercise_id)
        assert normalise_answers(exercise, answer.values) == answer.values   # valid for every field kind
    states = {(f.participant, f.timepoint, f.instrument): completion(f.instrument, f.answers)
              for f in demo.questionnaires}
    assert {k[2] for k in states} == {"dudit", "ceq-s", "ceq-f", "tlfb"}
    assert all(states[(code, "T0", inst)] == "done" for code in demo.participants
               for inst in ("dudit", "ceq-s", "ceq-f", "tlfb"))
    assert "partial" in states.values()
    assert ("P07", "T1", "dudit") not in states and ("P11", "T1", "dudit") not in states


def test_same_seed_same_content(programme):
    one, two = generate_demo(programme, "c1", seed=5), generate_demo(programme, "c2", seed=5)
    assert [v.text for v in one.verbatims] == [v.text for v in two.verbatims]
    assert [f.answers for f in one.questionnaires] == [f.answers for f in two.questionnaires]
    assert [r.events for r in one.runs.values()] == [r.events for r in two.runs.values()]
    other = generate_demo(programme, "c3", seed=6)
    assert [v.text for v in other.verbatims] != [v.text for v in one.verbatims]


def test_generated_passphrase_is_words_and_random():
    first, second = generate_passphrase(), generate_passphrase()
    assert re.fullmatch(r"[a-z]+(-[a-z]+){5}", first) and first != second


def test_demo_on_a_new_folder_prints_the_passphrase_and_ends_with_the_id(tmp_path, capsys, programme):
    folder = tmp_path / "new" / "data"
    assert run_cli("demo", "--data", str(folder), "--fast-test-kdf", "--seed", "2") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    cycle_id = lines[-1]
    assert re.fullmatch(r"c[0-9a-f]{8}", cycle_id)
    passphrase = next(line.split(" : ", 1)[1] for line in lines if line.startswith("Phrase de passe"))
    assert any(line.startswith("Clé de secours") for line in lines)
    from facilitator.core.clock import SystemClock
    from facilitator.storage.repository import Store

    store = Store(Vault.unlock(folder, passphrase, read_only=True), SystemClock())
    cycle = store.get_cycle(cycle_id)
    assert cycle.demo and cycle.label == DEMO_LABEL and cycle.dropouts == ["P07"]
    assert len([v for n in range(1, 9) for v in store.verbatims(cycle_id, n)]) == 300


def test_demo_on_an_encrypted_folder_needs_the_passphrase(tmp_path, capsys, programme):
    folder = tmp_path / "data"
    folder.mkdir()
    Vault.create(folder, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    assert run_cli("demo", "--data", str(folder)) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--passphrase-file" in err
    secret = tmp_path / "pass.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    assert run_cli("demo", "--data", str(folder), "--passphrase-file", str(secret)) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "Phrase de passe" not in "\n".join(out)      # never printed when the user gave it
    second = make_demo(folder, programme, passphrase=TEST_PASSPHRASE, seed=1, out=lambda _l: None)
    assert second != out[-1]                            # a second demo cycle beside the first


def test_wrong_passphrase_file_is_one_line(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    Vault.create(folder, TEST_PASSPHRASE, kdf=FAST_TEST_KDF)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("something-else\n", encoding="utf-8")
    assert run_cli("demo", "--data", str(folder), "--passphrase-file", str(wrong)) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_help_hides_the_test_kdf(lang, capsys):
    with pytest.raises(SystemExit):
        run_cli("demo", "--help", "--lang", lang)
    assert "fast-test-kdf" not in capsys.readouterr().out
