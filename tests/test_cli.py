"""`kek-bot ask` and `kek-bot chat` as a newcomer uses them, run as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine
from tests.conftest import DATA, ROOT

KEK_BOT = str(Path(sys.executable).parent / "kek-bot")
FIELDS = {"action", "theme", "entry", "score", "candidates", "text"}


def run(*args: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KEK_BOT, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=60, env={"PATH": "/usr/bin:/bin"})


def test_ask_json_prints_exactly_one_object_with_the_fixed_fields() -> None:
    result = run("ask", "--json", "Was ist die Kreisumlage?")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    reply = json.loads(lines[0])
    assert set(reply) == FIELDS
    assert reply["action"] == "answer"
    assert reply["theme"] == "finanzen"
    assert reply["entry"] == "finanzen-kreisumlage"
    assert "Kreisumlage" in reply["text"] and "Quelle:" in reply["text"]
    assert all(set(c) == {"entry", "theme", "score"} for c in reply["candidates"])


def test_ask_batch_from_stdin_keeps_order() -> None:
    questions = ["Moin", "Wie wird das Wetter morgen?", "kreisumlage"]
    result = run("ask", "--json", "--batch", "-", stdin="\n".join(questions) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["action"] for r in replies] == ["smalltalk", "handoff", "answer"]
    assert replies[1]["entry"] is None and replies[1]["theme"] is None


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    questions = "was ist die kreisumlage\n" * 2000
    with subprocess.Popen([KEK_BOT, "ask", "--json", "--batch", "-"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin"}) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(questions)
        process.stdin.close()
        assert json.loads(process.stdout.readline())["action"] == "answer"
        process.stdout.close()
        assert process.stderr is not None
        stderr = process.stderr.read()
    assert "Traceback" not in stderr


def test_ask_reads_knowledge_relative_to_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "knowledge").symlink_to(DATA / "mini", target_is_directory=True)
    result = run("ask", "--json", "Was ist ein Bürgerbüro?", cwd=tmp_path)
    assert json.loads(result.stdout)["entry"] == "buergerbuero"


def test_chat_in_the_terminal_with_numbered_options_and_more() -> None:
    session = "Was ist die Kreisumlage?\n1\nende\n"
    result = run("chat", stdin=session)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Willkommen beim KEK-Bot" in out
    assert "[1] Mehr dazu" in out
    assert "[5] Frage an das Bürgerbüro" in out
    assert out.count("KEK-Bot:") == 2
    assert "Auf Wiedersehen" in out


def test_chat_choosing_a_clarify_option_by_number(shipped_engine: Engine) -> None:
    question = next(q for q in ("Bürgerbüro", "Ziele", "Breitband", "Forum", "Kreis")
                    if shipped_engine.decide(q).action == "clarify")
    first = shipped_engine.decide(question).candidates[0].entry
    result = run("chat", stdin=f"{question}\n1\nende\n")
    assert "Meinen Sie eine dieser Fragen?" in result.stdout
    assert first.answer.splitlines()[0] in result.stdout


def test_chat_lets_newcomers_type_words_and_wrong_numbers(shipped_engine: Engine) -> None:
    more = shipped_engine.kb.entries["finanzen-kreisumlage"].more
    assert more is not None
    session = "themen\n42\nWas ist die Kreisumlage?\n9\nmehr\n7\nende\n"
    out = run("chat", stdin=session).stdout
    replies = out.split("KEK-Bot: ")[1:]
    assert "Wählen Sie ein Thema:" in replies[0]
    assert replies[1].startswith("Bitte tippen Sie eine Zahl von 1 bis 10.")
    assert "[1] Mehr dazu" in replies[2]
    assert replies[3].startswith("Bitte tippen Sie eine Zahl von 1 bis 5.")
    assert more.splitlines()[0] in replies[4]  # "mehr" chose "Mehr dazu", kept open after 9
    assert replies[5].startswith("Bitte tippen Sie eine Zahl von 1 bis 4.")



def test_chat_typed_more_after_the_more_text_shows_it_again(shipped_engine: Engine) -> None:
    more = shipped_engine.kb.entries["finanzen-kreisumlage"].more
    assert more is not None
    out = run("chat", stdin="Was ist die Kreisumlage?\n1\nmehr\nende\n").stdout
    replies = out.split("KEK-Bot: ")[1:]
    assert more.splitlines()[0] in replies[1] and more.splitlines()[0] in replies[2]


def test_start_without_token_opens_the_terminal_chat() -> None:
    result = run("start", stdin="Hallo\nende\n")
    assert result.returncode == 0
    assert "Kein Bot-Token gesetzt" in result.stderr
    assert "Ich beantworte Fragen" in result.stdout


def test_run_without_token_stops_with_one_clear_sentence(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEK_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "telegram.token" in err and "KEK_BOT_TOKEN" in err
    assert "Traceback" not in err


def test_wrong_setting_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("matching:\n  answer_at: hoch\n", encoding="utf-8")
    assert main(["--config", str(config), "ask", "Hallo"]) == 2
    assert "matching.answer_at" in capsys.readouterr().err


def test_chat_shows_consent_and_the_office_it_would_forward_to(tmp_path: Path) -> None:
    (tmp_path / "knowledge").symlink_to(ROOT / "knowledge", target_is_directory=True)
    session = "Wie backe ich Pfannkuchen?\n1\nHagenow\n/kontakt Hagenow\n²\nende\n"
    result = run("chat", stdin=session, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    replies = result.stdout.split("KEK-Bot: ")[1:]
    assert "Soll ich Ihre Frage an ein Bürgerbüro" in replies[0]
    assert "[1] Ja, bitte weiterleiten" in replies[0]
    assert "In welchem Ort wohnen Sie?" in replies[1]
    assert "nichts weiter und speichere nichts" in replies[2] and "Hagenow" in replies[2]
    assert "Bürgerbüro Hagenow" in replies[3]
    assert len(replies) == 5 and "Traceback" not in result.stderr  # "²" is no choice number
    assert sorted(p.name for p in tmp_path.iterdir()) == ["knowledge"], "nothing is stored"


def test_stopp_ends_the_terminal_chat() -> None:
    result = run("chat", stdin="Was ist die Kreisumlage?\nstopp\nWas ist das KEK?\n")
    assert result.returncode == 0
    replies = result.stdout.split("KEK-Bot: ")[1:]
    assert len(replies) == 2 and replies[1].startswith("Auf Wiedersehen")
