"""Loading the knowledge base and `kek-bot check`: every hard error and warning, with its line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from bot import replies, texts
from bot.actions import ShowEntry
from bot.cli import main
from bot.engine import Engine
from bot.knowledge import KnowledgeBase, Problem, Source, load_knowledge
from bot.lint import lint, sentence_count
from tests.conftest import DATA, ROOT

BROKEN = DATA / "broken"


def problems_of(name: str) -> list[Problem]:
    kb, problems = load_knowledge(BROKEN / name)
    if not [p for p in problems if p.level == "error"]:
        problems += lint(kb, today=dt.date(2026, 11, 25))
    return problems


def alone(tmp_path: Path, name: str) -> Path:
    """A broken file copied into a folder of its own: `kek-bot check FILE` reads the whole
    folder, and the broken files here do not belong together."""
    folder = tmp_path / name.removesuffix(".yaml")
    folder.mkdir()
    return Path(shutil.copy(BROKEN / name, folder / name))


def mini_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(DATA / "mini", folder)
    return folder


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


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
        ("syntax_error.yaml", 10, "Hier beginnt ein Text mit dem Anführungszeichen \", aber "
         "es fehlt das schließende \" am Ende der Zeile."),
        ("missing_field.yaml", 7, "Feld 'answer' fehlt"),
        ("unknown_field.yaml", 14, "unbekanntes Feld 'antwort'. Meinten Sie 'answer'?"),
        ("typo_field.yaml", 17, "unbekanntes Feld 'reviwed'. Meinten Sie 'reviewed'?"),
        ("bad_draft.yaml", 8, "Feld 'draft': 'vielleicht' geht nicht"),
        ("bad_source_date.yaml", 17, "Feld 'date': 'Sommer 2016' ist kein Jahr und kein Datum"),
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


# Broken YAML as staff break it: the exact line, the cause in plain German and the fix.
@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("syntax_tab.yaml", 15,
         "In dieser Zeile steht ein Tabulator-Zeichen (Tab-Taste) zum Einrücken. Erlaubt sind "
         "nur Leerzeichen. So beheben: den Tabulator löschen und mit Leerzeichen einrücken, "
         "genau wie die Zeilen darüber."),
        ("syntax_missing_colon.yaml", 15,
         "Nach dem Feldnamen 'reviewed' fehlt der Doppelpunkt. So beheben: Feldname, "
         "Doppelpunkt, Leerzeichen, dann der Inhalt: reviewed: 2026-11-01"),
        ("syntax_error.yaml", 10,
         "Hier beginnt ein Text mit dem Anführungszeichen \", aber es fehlt das schließende \" "
         "am Ende der Zeile. So beheben: am Ende des Textes in derselben Zeile \" setzen. "
         "Anführungszeichen im Text selbst als „ “ schreiben."),
        ("syntax_colon_in_text.yaml", 13,
         "Im Text steht ein Doppelpunkt mit Leerzeichen danach. YAML hält das für ein neues "
         "Feld. So beheben: den ganzen Text in gerade Anführungszeichen setzen: "
         "answer: \"Wichtig: Die Gemeinden zahlen Geld an den Landkreis.\""),
        ("syntax_indentation.yaml", 17,
         "Diese Zeile ist falsch eingerückt: sie beginnt mit 5 Leerzeichen, Zeile 16 darüber "
         "mit 6. Felder desselben Abschnitts stehen genau untereinander, die Striche „- “ einer "
         "Liste auch; jede tiefere Ebene beginnt 2 Leerzeichen weiter rechts. Im Abschnitt ab "
         "Zeile 7 stehen die Felder nach 4 Leerzeichen."),
        ("syntax_quotes_inside.yaml", 13,
         "Der Text in Anführungszeichen endet zu früh: nach dem zweiten Anführungszeichen geht "
         "die Zeile weiter. So beheben: Anführungszeichen im Text als „ “ schreiben: "
         "answer: \"Die Gemeinden zahlen die „Kreisumlage“ an den Landkreis.\""),
        ("question_indentation.yaml", 10,
         "Diese Zeile ist falsch eingerückt: sie beginnt mit 5 Leerzeichen, Zeile 9 darüber "
         "mit 6."),
    ],
)
def test_broken_yaml_is_explained_in_plain_german_at_its_exact_line(
    name: str, line: int, message: str,
) -> None:
    [problem] = problems_of(name)
    assert problem.file == f"tests/data/broken/{name}"
    assert problem.line == line
    assert problem.level == "error" and problem.where == ""
    assert problem.message.startswith(message)
    assert "found" not in problem.message and "YAML-Schreibfehler" not in problem.message


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("question_colon.yaml", 10,
         "Feld 'questions': der Punkt „Kreisumlage: was ist das?“ ist kein einfacher Text: "
         "wegen des Doppelpunkts mit Leerzeichen liest YAML ihn als Feld. So beheben: den Punkt "
         "in gerade Anführungszeichen setzen: - \"Kreisumlage: was ist das?\""),
        ("question_german_quotes.yaml", 10,
         "Feld 'questions': der Punkt „Was bedeutet „Umlage“: wer zahlt?“ ist kein einfacher "
         "Text: wegen des Doppelpunkts mit Leerzeichen liest YAML ihn als Feld. Deutsche "
         "Anführungszeichen „ “ schützen den Doppelpunkt nicht. So beheben: den Punkt in gerade "
         "Anführungszeichen setzen: - \"Was bedeutet „Umlage“: wer zahlt?\""),
        ("question_swallowed.yaml", 9,
         "Feld 'questions': dieser Punkt ist anders eingerückt als die Punkte darunter. Darum "
         "liest YAML die Zeilen darunter als Teil dieses Punktes. So beheben: alle Striche „- “ "
         "der Liste genau untereinander setzen."),
    ],
)
def test_a_question_that_is_not_a_plain_text_is_named_at_its_own_line_with_the_cause(
    name: str, line: int, message: str,
) -> None:
    [problem] = problems_of(name)
    assert str(problem) == (f"tests/data/broken/{name}, Zeile {line}, Eintrag 'kreisumlage': "
                            f"Fehler: {message}")


def test_a_mistyped_required_field_is_not_also_reported_missing() -> None:
    assert [p.message for p in problems_of("typo_field.yaml")] == [
        "unbekanntes Feld 'reviwed'. Meinten Sie 'reviewed'?"]


@pytest.mark.parametrize(
    ("field", "meant"),
    [("antwort", "answer"), ("Fragen", "questions"), ("quelle", "source"), ("anwser", "answer"),
     ("questons", "questions"), ("relatd", "related"), ("entwurf", "draft")],
)
def test_a_mistyped_or_german_field_name_gets_the_nearest_allowed_one(
    tmp_path: Path, field: str, meant: str,
) -> None:
    file = alone(tmp_path, "missing_field.yaml")
    edit(file, "    reviewed: 2026-11-01", f"    reviewed: 2026-11-01\n    {field}: x")
    _, problems = load_knowledge(file)
    assert f"unbekanntes Feld '{field}'. Meinten Sie '{meant}'?" in [p.message for p in problems]


def test_a_file_that_cannot_be_read_comes_first_without_follow_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = mini_copy(tmp_path)
    edit(folder / "finanzen.yaml", "    related: [schulden]", "    related: [schulden, breitband]")
    edit(folder / "finanzen.yaml", "    related: [kreisumlage]",
         "    related: [kreisumlage, gibt-es-nicht]")
    edit(folder / "digitalisierung.yaml", "    reviewed: 2026-11-01\n\n  - id: buergerbuero",
         "\treviewed: 2026-11-01\n\n  - id: buergerbuero")
    _, problems = load_knowledge(folder)
    assert problems[0].kind == "unreadable" and "Tabulator" in problems[0].message
    assert problems[0].file.endswith("digitalisierung.yaml") and problems[0].line == 32
    references = [p.message for p in problems if "gibt es nicht" in p.message]
    assert references == ["Feld 'related': 'gibt-es-nicht' gibt es nicht (kein Eintrag mit "
                          "dieser id)"]
    assert main(["check", str(folder)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert "digitalisierung.yaml, Zeile 32: Fehler: In dieser Zeile steht ein Tabulator" in (
        printed[0])
    assert "finanzen.yaml" in printed[1] and "'gibt-es-nicht'" in printed[1]


def test_one_file_is_checked_against_its_whole_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = mini_copy(tmp_path)
    edit(folder / "finanzen.yaml", "    related: [schulden]", "    related: [schulden, breitband]")
    _, alone_problems = load_knowledge(folder / "finanzen.yaml")
    assert any("'breitband' gibt es nicht" in p.message for p in alone_problems)
    assert main(["check", str(folder / "finanzen.yaml")]) == 0
    out = capsys.readouterr().out
    assert "gibt es nicht" not in out
    assert "2 Einträge, 1 Themen, 0 Kontakte, 0 Themen außerhalb des KEK geprüft: 0 Fehler" in out


def test_one_file_checked_alone_names_an_id_another_file_already_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = mini_copy(tmp_path)
    edit(folder / "digitalisierung.yaml", "  - id: buergerbuero", "  - id: kreisumlage")
    assert main(["check", str(folder / "digitalisierung.yaml")]) == 1
    out = capsys.readouterr().out
    assert "digitalisierung.yaml, Zeile 34, Eintrag 'kreisumlage': Fehler: Feld 'id': die " \
           "Kennung gibt es schon (Eintrag in " in out
    assert "finanzen.yaml, Zeile" not in out.split("gibt es schon")[0]


def test_one_file_checked_while_another_is_broken_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = mini_copy(tmp_path)
    edit(folder / "digitalisierung.yaml", "theme:\n  id:", "theme:\n\tid:")
    assert main(["check", str(folder / "finanzen.yaml")]) == 1
    out = capsys.readouterr().out
    assert "Tabulator" not in out
    assert "Hinweis: Andere Dateien im Ordner" in out and "1 Fehler" in out


def test_problem_reads_like_a_sentence_for_staff() -> None:
    problem = problems_of("missing_field.yaml")[0]
    assert str(problem) == (
        "tests/data/broken/missing_field.yaml, Zeile 7, Eintrag 'kreisumlage': "
        "Fehler: Feld 'answer' fehlt"
    )


def test_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(alone(tmp_path, "missing_field.yaml"))]) == 1
    assert main(["check", str(alone(tmp_path, "warnings.yaml"))]) == 0
    assert main(["check", "--strict", str(tmp_path / "warnings" / "warnings.yaml")]) == 1
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


# --- length warnings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "entry", "message"),
    [
        (14, "fuenf-saetze", "Feld 'answer': die kurze Antwort hat 5 Sätze (höchstens 4); "
         "Einzelheiten gehören unter 'more'"),
        (28, "viele-zeichen", "Feld 'answer': die kurze Antwort hat 583 Zeichen (höchstens "
         "500); bitte kürzen oder Einzelheiten unter 'more' schreiben"),
        (39, "langes-mehr", "Feld 'more': der Text hat 1.244 Zeichen (höchstens 1.200); "
         "bitte kürzen"),
    ],
)
def test_long_answers_and_long_more_texts_are_warned_about(line: int, entry: str,
                                                           message: str) -> None:
    problems = problems_of("long_texts.yaml")
    assert all(p.level == "warning" for p in problems)
    found = [p for p in problems if p.message == message]
    assert len(found) == 1
    assert (found[0].file, found[0].line, found[0].where) == (
        "tests/data/broken/long_texts.yaml", line, f"Eintrag '{entry}'")


def test_answers_within_the_limits_get_no_length_warning() -> None:
    problems = problems_of("long_texts.yaml")
    assert not [p for p in problems if "kurze Antwort hat" in p.message and "Sätze" in p.message
                and "viele-zeichen" in p.where]
    assert not [p for p in problems if "Zeichen" in p.message and "fuenf-saetze" in p.where]
    assert not [p for p in problems if "langes-mehr" in p.where and "'answer'" in p.message]


# --- source.date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "loaded", "shown"),
    [("2016", 2016, "Quelle: Zeitung, 2016."), ('"2016"', 2016, "Quelle: Zeitung, 2016."),
     ("2017-10-12", dt.date(2017, 10, 12), "Quelle: Zeitung, 12. Oktober 2017."),
     (None, None, "Quelle: Zeitung.")],
)
def test_source_date_is_loaded_and_shown_apart_from_the_date_of_the_check(
    tmp_path: Path, written: str | None, loaded: int | dt.date | None, shown: str,
) -> None:
    folder = mini_copy(tmp_path)
    date = f"\n      date: {written}" if written else ""
    edit(folder / "finanzen.yaml", "      title: Querschnittsthemen des KEK 2030\n"
         "      url: https://www.kreis-lup.de/kek",
         f"      title: Zeitung\n      url: https://www.kreis-lup.de/kek{date}")
    kb, problems = load_knowledge(folder)
    assert problems == []
    entry = kb.entries["kreisumlage"]
    assert entry.source == Source("Zeitung", "https://www.kreis-lup.de/kek", loaded)
    _, reply = Engine(kb).ask("Was ist die Kreisumlage?")
    assert reply.plain().endswith(f"{shown} https://www.kreis-lup.de/kek\n"
                                  "Geprüft am 1. November 2026.")
    assert "Stand" not in reply.plain()


# --- drafts -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_kb() -> KnowledgeBase:
    kb, problems = load_knowledge(BROKEN / "drafts.yaml")
    assert problems == []
    return kb


def test_drafts_are_kept_apart_from_the_published_entries(draft_kb: KnowledgeBase) -> None:
    assert list(draft_kb.entries) == ["kreisumlage"]
    assert list(draft_kb.drafts) == ["umlage-2027"]
    assert draft_kb.drafts["umlage-2027"].draft is True
    assert draft_kb.entries["kreisumlage"].draft is False


def test_check_warns_about_drafts_and_links_to_them(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    problems = problems_of("drafts.yaml")
    assert [(p.line, p.where, p.message) for p in problems if "Entwurf" in p.message] == [
        (19, "Eintrag 'umlage-2027'", "Entwurf (draft: true): der Bot zeigt diesen Eintrag "
         "nicht und antwortet nie damit. Zum Veröffentlichen die Zeile 'draft: true' löschen"),
        (17, "Eintrag 'kreisumlage'", "Feld 'related': 'umlage-2027' ist ein Entwurf; der Bot "
         "zeigt den Verweis erst, wenn der Eintrag veröffentlicht ist"),
    ]
    file = alone(tmp_path, "drafts.yaml")
    assert main(["check", str(file)]) == 0
    assert main(["check", "--strict", str(file)]) == 1
    assert "1 Einträge, 1 Entwürfe, 1 Themen" in capsys.readouterr().out


def test_the_engine_never_answers_with_a_draft(draft_kb: KnowledgeBase) -> None:
    engine = Engine(draft_kb)
    for question in draft_kb.drafts["umlage-2027"].questions:
        decision, reply = engine.ask(question)
        assert decision.entry is None or decision.entry.id != "umlage-2027", question
        assert all(m.entry.id != "umlage-2027" for m in decision.candidates), question
        assert "ZU ERGÄNZEN" not in reply.plain()
    gone = engine.act(ShowEntry("show", "umlage-2027"))
    assert gone.text.startswith(texts.ENTRY_GONE)
    similar = engine.act(ShowEntry("similar", "kreisumlage"))
    assert all("2027" not in option.label for option in similar.options)


def test_themes_do_not_list_drafts(draft_kb: KnowledgeBase) -> None:
    menu = replies.theme_menu(draft_kb, "finanzen")
    shown = [o.action for o in menu.options if isinstance(o.action, ShowEntry)]
    assert shown == [ShowEntry("show", "kreisumlage")]


# --- JSON Schema for editors ---------------------------------------------------------------------


def entry_file(**extra: object) -> dict[str, object]:
    entry = {"id": "x", "questions": ["Was?"], "answer": "A",
             "source": {"title": "t", "url": "https://example.org"}, "reviewed": "2026-11-01"}
    source = extra.pop("source_date", None)
    if source is not None:
        entry["source"] = {"title": "t", "url": "https://example.org", "date": source}
    return {"theme": {"id": "finanzen", "title": "Finanzen", "kind": "querschnittsthema",
                      "summary": "Geld."}, "entries": [{**entry, **extra}]}


@pytest.mark.parametrize(
    ("data", "valid"),
    [(entry_file(draft=True), True), (entry_file(draft="ja"), False),
     (entry_file(source_date=2017), True), (entry_file(source_date="2017"), True),
     (entry_file(source_date="2017-10-12"), True), (entry_file(source_date="Sommer"), False),
     (entry_file(source_date=17), False)],
)
def test_the_schema_knows_draft_and_source_date(data: dict[str, object], valid: bool) -> None:
    schema = json.loads((ROOT / "schema" / "knowledge.schema.json").read_text("utf-8"))
    checker = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert checker.is_valid(data) is valid


@pytest.mark.parametrize(
    ("text", "count"),
    [("Das KEK nennt 4 Ziele: Der Kreis will sparen.", 1),
     ("Beschlossen am 12. Oktober 2017. Das ist gut.", 2),
     ("Zum Beispiel Straßen, z. B. in Hagenow. Und Radwege!\nGibt es mehr?", 3),
     ("Eins.\nZwei.\n\nDrei. Vier. Fünf.", 5)],
)
def test_sentences_for_the_length_rule_end_at_full_stops_and_line_breaks(text: str,
                                                                         count: int) -> None:
    assert sentence_count(text) == count
