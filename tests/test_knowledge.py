"""Loading the knowledge base and `kek-bot check`: every hard error and warning, with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import KnowledgeBase, Problem, load_knowledge
from bot.lint import lint
from tests.conftest import DATA

BROKEN = DATA / "broken"


def problems_of(name: str) -> list[Problem]:
    kb, problems = load_knowledge(BROKEN / name)
    if not [p for p in problems if p.level == "error"]:
        problems += lint(kb, today=dt.date(2026, 11, 25))
    return problems


def test_mini_knowledge_base_loads_into_dataclasses(mini_kb: KnowledgeBase) -> None:
    entry = mini_kb.entries["kreisumlage"]
    assert entry.theme == "finanzen"
    assert entry.title == "Was ist die Kreisumlage?"
    assert entry.related == ("schulden",)
    assert entry.reviewed == dt.date(2026, 11, 1)
    assert mini_kb.entries["breitband"].goal == "netz-teilziel"
    assert mini_kb.goals["netz-teilziel"].parent == "netz-ziel"
    assert mini_kb.synonyms == {"breitband": ("schnelles internet", "dsl")}
    assert mini_kb.off_topics["abfall"].label == "Müllabfuhr und Abfall"
    assert mini_kb.off_topics["ausweis"].questions[1] == "Reisepass verlängern"


def test_contact_hours_are_machine_readable_and_unfilled_fields_hidden(
    mini_kb: KnowledgeBase,
) -> None:
    contact = mini_kb.contacts["hagenow"]
    assert contact.phone is None
    assert contact.to_fill == ("phone",)
    assert contact.hours is not None
    assert contact.hours[0].days == ("mo", "di", "do")
    assert contact.hours[0].opens == dt.time(8, 0)
    assert contact.hours[1].closes == dt.time(12, 0)


@pytest.mark.parametrize(
    ("name", "line", "fragment"),
    [
        ("syntax_error.yaml", 10, "YAML-Schreibfehler"),
        ("missing_field.yaml", 7, "Feld 'answer' fehlt"),
        ("unknown_field.yaml", 14, "unbekanntes Feld 'antwort'"),
        ("duplicate_id.yaml", 16, "Feld 'id': die Kennung gibt es schon"),
        ("bad_references.yaml", 8, "Feld 'goal': 'finanz-ziel-9' gibt es nicht"),
        ("bad_references.yaml", 17, "Feld 'related': 'schulden-abbau' gibt es nicht"),
        ("empty_answer.yaml", 13, "Feld 'answer' ist leer"),
        ("too_long.yaml", 13, "Feld 'answer' ist 3959 Zeichen lang"),
        ("off_topic_label.yaml", 7, "Feld 'label' fehlt"),
    ],
)
def test_hard_errors_name_file_line_and_field(name: str, line: int, fragment: str) -> None:
    errors = [p for p in problems_of(name) if p.level == "error"]
    found = [p for p in errors if fragment in p.message]
    assert found, f"no error with {fragment!r} in {[str(p) for p in errors]}"
    assert found[0].line == line
    assert found[0].file.endswith(f"tests/data/broken/{name}")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (13, "ein Satz hat 32 Wörter"),
        (13, "lange Wörter mit Bindestrich gliedern: Berücksichtigung"),
        (13, "schwer lesbar (Flesch-Amstad"),
        (13, "Abkürzungen ausschreiben: z. B."),
        (16, "Feld 'reviewed': der Stand ist älter als ein Jahr"),
        (18, "passt genauso gut zu Eintrag 'umlage-zwei'"),
        (36, "die erste Frage ist die Überschrift des Eintrags"),
        (49, "Feld 'phone' ist noch nicht ausgefüllt"),
        (50, "Feld 'hours' ist noch nicht ausgefüllt"),
    ],
)
def test_warnings_name_file_line_and_field(line: int, fragment: str) -> None:
    problems = problems_of("warnings.yaml")
    assert all(p.level == "warning" for p in problems)
    found = [p for p in problems if fragment in p.message]
    assert found, f"no warning with {fragment!r} in {[str(p) for p in problems]}"
    assert found[0].line == line


def test_problem_reads_like_a_sentence_for_staff() -> None:
    problem = problems_of("missing_field.yaml")[0]
    assert str(problem) == (
        "tests/data/broken/missing_field.yaml, Zeile 7, Eintrag 'kreisumlage': "
        "Fehler: Feld 'answer' fehlt"
    )


def test_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN / "missing_field.yaml")]) == 1
    assert main(["check", str(BROKEN / "warnings.yaml")]) == 0
    assert main(["check", "--strict", str(BROKEN / "warnings.yaml")]) == 1
    assert main(["check", str(DATA / "mini")]) == 0
    out = capsys.readouterr().out
    assert "Feld 'answer' fehlt" in out
    assert "0 Fehler" in out


def test_check_prints_every_problem_at_once(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("missing_field.yaml", "unknown_field.yaml", "empty_answer.yaml"):
        text = (BROKEN / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("id: finanzen", f"id: {name[:5]}")
                                     .replace("id: kreisumlage", f"id: e-{name[:5]}"),
                                     encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "3 Fehler" in out
    assert out.count("Fehler:") == 3


def test_missing_directory_is_reported(tmp_path: Path) -> None:
    _, problems = load_knowledge(tmp_path / "nicht-da")
    assert problems[0].level == "error"
    assert "gibt es nicht" in problems[0].message


def test_kek_questions_listed_outside_or_with_a_trigger_are_flagged(tmp_path: Path) -> None:
    for file in (DATA / "mini").glob("*.yaml"):
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    off_topics = tmp_path / "nicht-im-kek.yaml"
    text = off_topics.read_text(encoding="utf-8")
    off_topics.write_text(text.replace("      - Reisepass verlängern\n",
                                       "      - Reisepass verlängern\n"
                                       "      - was ist die kreisumlage\n"), encoding="utf-8")
    finance = tmp_path / "finanzen.yaml"
    finance.write_text(finance.read_text(encoding="utf-8").replace(
        "      - Was ist die Kreisumlage?\n",
        "      - Was ist die Kreisumlage?\n      - Kreisumlage, da blutet die Gemeinde?\n"),
        encoding="utf-8")
    kb, problems = load_knowledge(tmp_path)
    assert problems == []
    warnings = lint(kb, today=dt.date(2026, 11, 25))
    flagged = [p for p in warnings if "gehört nicht" in p.message]
    assert len(flagged) == 1
    assert flagged[0].file.endswith("nicht-im-kek.yaml") and flagged[0].line == 8
    assert "Eintrag 'kreisumlage'" in flagged[0].message
    triggered = [p for p in warnings if "'triggers' von 'notfall'" in p.message]
    assert len(triggered) == 1 and "da blutet die Gemeinde" in triggered[0].message
