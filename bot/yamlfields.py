"""YAML files as staff write them: parsed with line numbers, checked field by field.

Every check reports a Problem with file, line and field instead of raising, so one run of the
checker can list all problems at once. Broken YAML is explained in plain German with the line to
fix and how to fix it (`syntax_error`), and a mistyped field name gets the nearest allowed one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TO_BE_FILLED = "ZU ERGÄNZEN"
UNREADABLE = "unreadable"
# Raised for broken YAML; named here so that callers need not import yaml themselves.
MarkedYAMLError = yaml.MarkedYAMLError


@dataclass(frozen=True)
class Problem:
    """One finding of the loader or the checker, phrased for staff."""

    file: str
    line: int
    level: str  # "error" | "warning"
    where: str  # e.g. "Eintrag 'kreisumlage'"
    message: str
    kind: str = ""  # UNREADABLE for a file that could not be read at all (broken YAML, not UTF-8)

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        label = "Fehler" if self.level == "error" else "Warnung"
        return f"{self.file}, Zeile {self.line}{where}: {label}: {self.message}"


# --- YAML with line numbers --------------------------------------------------------------------


class LineMap(dict[Any, Any]):
    """A mapping from YAML that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicate_keys: list[tuple[Any, int]]


class LineList(list[Any]):
    """A list from YAML that remembers the line of each item (1-based), and the items that
    swallowed the lines below them: a plain text item running over several lines that contain
    '- ' is the sign of one item indented differently from the others."""

    line: int = 0
    item_lines: list[int]
    swallowed: list[int]
    inline: bool = False  # written in brackets: [a, b]


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's parser where installed) with line numbers on mappings."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    data = LineMap()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    data.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in data:
            data.duplicate_keys.append((key, line))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line
    return data


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    data = LineList(loader.construct_object(item, deep=True) for item in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    data.inline = bool(node.flow_style)
    data.swallowed = [
        item.start_mark.line + 1 for item, value in zip(node.value, data, strict=True)
        if isinstance(item, yaml.ScalarNode) and not item.style and isinstance(value, str)
        and item.end_mark.line > item.start_mark.line and " - " in value
    ]
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def line_of(data: Any, key: str | None = None) -> int:
    if isinstance(data, LineMap):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line
    return 0


def item_line(items: Any, index: int, default: int) -> int:
    """The line of item `index` of a YAML list, or `default` where it is not known."""
    if isinstance(items, LineList) and index < len(items.item_lines):
        return items.item_lines[index]
    return default


def load_yaml(text: str) -> Any:
    """Parse one document; mappings come back as LineMap."""
    return yaml.load(text, Loader=_LineLoader)


class Collector:
    """Gathers problems while one file is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, where: str, message: str, kind: str = "") -> None:
        self.problems.append(Problem(self.file, line, "error", where, message, kind))

    def warning(self, line: int, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, "warning", where, message))


# --- broken YAML in plain German ---------------------------------------------------------------

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#\"'\-][^:#]*?):(?: +|$)")
_WORD_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<word>[A-Za-zÄÖÜäöüß_]+)"
                        r"(?: +(?P<rest>.*))?$")
_LEADING_TAB = re.compile(r"^ *(- *)?\t")
_SPECIAL_START = "@`%*&!|>[]{}"
GERMAN_QUOTES = "„“”"
_INDENT_RULE = ("Felder desselben Abschnitts stehen genau untereinander, die Striche „- “ einer "
                "Liste auch; jede tiefere Ebene beginnt 2 Leerzeichen weiter rechts.")
_FIELD_NAMES: set[str] = set()  # filled by the loader with every field name it knows


def known_field_names(names: Iterable[str]) -> None:
    """Tell the syntax-error translator which words are field names (to spot a missing colon)."""
    _FIELD_NAMES.update(names)


def syntax_error(exc: yaml.MarkedYAMLError, text: str = "") -> tuple[int, str, str]:
    """Line and plain German message for a YAML syntax error: the line to fix, what is wrong
    and how to fix it, for the mistakes staff make most (tab, missing colon, unclosed quotes,
    colon inside a text, wrong indentation)."""
    lines = text.splitlines()
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark else 0
    column = exc.problem_mark.column if exc.problem_mark else 0
    start_line = exc.context_mark.line + 1 if exc.context_mark else problem_line
    start_column = exc.context_mark.column if exc.context_mark else -1
    found = _explain(str(exc.problem or ""), str(exc.context or ""), lines,
                     (problem_line, column), (start_line, start_column))
    if found is not None:
        return found[0], "", found[1]
    line = start_line or problem_line
    noticed = f" (bemerkt in Zeile {problem_line})" if problem_line != line else ""
    return line, "", (f"Die Datei ist hier nicht richtig geschrieben{noticed}. Prüfen Sie "
                      "Einrückung, Doppelpunkte und Anführungszeichen. Technische Meldung für "
                      f"das Technik-Team: {exc.problem or exc}")


def _explain(problem: str, context: str, lines: list[str], noticed: tuple[int, int],
             began: tuple[int, int]) -> tuple[int, str] | None:
    """(line, message) for the parser's `problem` noticed at (line, column) while reading a
    `context` that began at (line, column); None for a problem without a plain translation."""
    (line, column), (start, start_column) = noticed, began

    def at(number: int) -> str:
        return lines[number - 1] if 1 <= number <= len(lines) else ""

    problem, context = problem.lower(), context.lower()
    char = at(line)[column : column + 1]
    tab = next((n for n in range(1, max(line, start) + 1) if _LEADING_TAB.match(at(n))), None)
    if "tab character" in problem or char == "\t":
        return line, _tab_message()
    if tab is not None:
        return tab, _tab_message()
    unclosed = _unclosed_quote_line(lines, max(line, start))
    if "quoted scalar" in context or unclosed is not None:
        number = unclosed if unclosed is not None else start
        return number, _unclosed_message(at(number))
    if "flow sequence" in context or "flow mapping" in context:
        return start, _bracket_message(at(start), "flow sequence" in context)
    if "could not find expected ':'" in problem:
        return _missing_colon_or_indent(start, at(start), _previous(lines, start))
    if "mapping values are not allowed" in problem:
        return _colon_in_text_or_glued(lines, line, column)
    if "expected key" in problem or "expected '-' indicator" in problem:
        if column > _indent(at(line)):
            return line, _mid_line_message(at(line))
        above = _previous(lines, line)
        message = _indent_message(at(line), above)
        if 0 < start < above[0] and start_column >= 0 and _KEY_LINE.match(at(line)) \
                and not at(line).lstrip().startswith("-"):
            what = "die Striche „- “ der Liste" if "collection" in context else "die Felder"
            message += f" Im Abschnitt ab Zeile {start} stehen {what} nach {start_column} " \
                       "Leerzeichen."
        return line, message
    if ("alphabetic or numeric" in problem or "constructor for the tag" in problem
            or "cannot start any token" in problem or "comment or line break" in problem):
        return line, _special_start_message(at(line))
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], number: int) -> tuple[int, str]:
    """The nearest line above `number` with content (not blank, not a comment)."""
    for n in range(number - 1, 0, -1):
        stripped = lines[n - 1].strip()
        if stripped and not stripped.startswith("#"):
            return n, lines[n - 1]
    return 0, ""


def _split_value(line: str) -> tuple[str, str]:
    """A line as (what comes before the text, the text): "    title: " + "Achtung: neu"."""
    key = _KEY_LINE.match(line)
    if key:
        return line[: key.end()], line[key.end() :].rstrip()
    dash = re.match(r"^ *- +", line)
    cut = dash.end() if dash else _indent(line)
    return line[:cut], line[cut:].rstrip()


def german_quotes(text: str) -> str:
    """Straight double quotes inside a text as German ones: "DeveLUP" -> „DeveLUP“ (a straight
    quote after an open „ closes it)."""
    out, open_ = [], False
    for char in text:
        if char == '"':
            char = "“" if open_ else "„"
        if char == "„":
            open_ = True
        elif char in "“”":
            open_ = False
        out.append(char)
    return "".join(out)


def quoted(text: str) -> str:
    """A text in straight quotes as YAML reads it back unchanged."""
    return '"' + german_quotes(text).replace("\\", "\\\\") + '"'


def _tab_message() -> str:
    return ("In dieser Zeile steht ein Tabulator-Zeichen (Tab-Taste) zum Einrücken. Erlaubt sind "
            "nur Leerzeichen. So beheben: den Tabulator löschen und mit Leerzeichen einrücken, "
            "genau wie die Zeilen darüber.")


def _unclosed_quote_line(lines: list[str], last: int) -> int | None:
    """The first line up to `last` whose text opens a quote that the line does not close.
    Staff write longer texts after '|', never as quoted text over several lines."""
    for number in range(1, min(last, len(lines)) + 1):
        before, value = _split_value(lines[number - 1])
        if value[:1] not in ("'", '"') or not before.strip():  # a line of a text after '|'
            continue
        mark, rest = value[0], value[1:]
        if mark == '"':
            rest = rest.replace("\\\\", "").replace('\\"', "")
        else:
            rest = rest.replace("''", "")
        if mark not in rest:
            return number
    return None


def _unclosed_message(line: str) -> str:
    _, value = _split_value(line)
    mark = value[:1] or '"'
    hint = ""
    if any(q in value for q in GERMAN_QUOTES):
        hint = (f" Deutsche Anführungszeichen „ “ beenden einen Text nicht, der mit {mark} "
                "beginnt.")
    return (f"Hier beginnt ein Text mit dem Anführungszeichen {mark}, aber es fehlt das "
            f"schließende {mark} am Ende der Zeile.{hint} So beheben: am Ende des Textes in "
            f"derselben Zeile {mark} setzen. Anführungszeichen im Text selbst als „ “ schreiben.")


def _bracket_message(line: str, square: bool) -> str:
    opening, closing = ("[", "]") if square else ("{", "}")
    if closing not in line:
        return (f"Die Klammer „{opening}“ in dieser Zeile wird nicht geschlossen. So beheben: "
                f"die Liste in derselben Zeile mit „{closing}“ beenden, zum Beispiel: "
                "keywords: [Kreisumlage, Umlage]")
    return (f"Die Liste in Klammern „{opening} {closing}“ ist falsch geschrieben. So beheben: "
            "die Punkte mit Komma trennen. Ein Punkt mit Doppelpunkt oder Anführungszeichen "
            'kommt in gerade Anführungszeichen, zum Beispiel: [Kreisumlage, "Umlage: Satz"]')


def _missing_colon_or_indent(number: int, line: str,
                             previous: tuple[int, str]) -> tuple[int, str]:
    word = _WORD_LINE.match(line)
    if word and (word["word"] in _FIELD_NAMES or word["rest"] is None):
        return number, _missing_colon_message(word)
    if previous[1] and _indent(line) < _indent(previous[1]) and not _KEY_LINE.match(previous[1]):
        return number, (f"Diese Zeile gehört wohl zum Text darüber, ist aber weniger weit "
                        f"eingerückt ({_indent(line)} statt {_indent(previous[1])} Leerzeichen). "
                        "So beheben: alle Zeilen eines Textes nach „|“ mit gleich vielen "
                        "Leerzeichen beginnen.")
    if word:
        return number, _missing_colon_message(word)
    return number, ("In dieser Zeile fehlt der Doppelpunkt nach dem Feldnamen, oder sie ist "
                    f"falsch eingerückt. {_INDENT_RULE}")


def _missing_colon_message(word: re.Match[str]) -> str:
    fixed = f"{word['indent']}{word['dash'] or ''}{word['word']}:"
    if word["rest"]:
        fixed += f" {word['rest']}"
    return (f"Nach dem Feldnamen '{word['word']}' fehlt der Doppelpunkt. So beheben: "
            f"Feldname, Doppelpunkt, Leerzeichen, dann der Inhalt: {fixed.strip()}")


def _colon_in_text_or_glued(lines: list[str], number: int, column: int) -> tuple[int, str]:
    line = lines[number - 1] if number <= len(lines) else ""
    key = _KEY_LINE.match(line)
    if key and column > key.end("key"):
        before, value = _split_value(line)
        return number, ("Im Text steht ein Doppelpunkt mit Leerzeichen danach. YAML hält das "
                        "für ein neues Feld. So beheben: den ganzen Text in gerade "
                        f"Anführungszeichen setzen: {before.strip()} {quoted(value)}")
    previous_number, previous = _previous(lines, number)
    word = _WORD_LINE.match(previous)
    if previous and not _KEY_LINE.match(previous) and word and word["word"] in _FIELD_NAMES:
        return previous_number, _missing_colon_message(word)
    return number, _indent_message(line, (previous_number, previous))


def _indent_message(line: str, previous: tuple[int, str]) -> str:
    number, above = previous
    text = f"Diese Zeile ist falsch eingerückt: sie beginnt mit {_indent(line)} Leerzeichen"
    if above:
        text += f", Zeile {number} darüber mit {_indent(above)}"
    text += f". {_INDENT_RULE}"
    dash = re.match(r"^ *- +", above)
    if dash and _KEY_LINE.match(above) and not line.lstrip().startswith("-"):
        text += (f" Die Felder unter „- “ stehen genau unter dem ersten Feldnamen, hier nach "
                 f"{dash.end()} Leerzeichen.")
    if not _KEY_LINE.match(line) and not line.lstrip().startswith("-"):
        text += (" Gehört die Zeile zu einem Text nach „|“, beginnt sie mit genauso vielen "
                 "Leerzeichen wie die Zeilen darüber.")
    return text


def _mid_line_message(line: str) -> str:
    before, value = _split_value(line)
    if value[:1] in ('"', "'"):
        mark = value[0]
        if len(value) > 1 and value.endswith(mark):  # "Das Projekt "DeveLUP" ist neu."
            fixed = quoted(value[1:-1])
        else:  # "Kreisumlage" – was ist das?
            fixed = german_quotes(value.replace("'", '"') if mark == "'" else value)
            fixed = quoted(fixed) if ": " in fixed else fixed
        return ("Der Text in Anführungszeichen endet zu früh: nach dem zweiten Anführungszeichen "
                "geht die Zeile weiter. So beheben: Anführungszeichen im Text als „ “ "
                f"schreiben: {before.strip()} {fixed}")
    if value[:1] in _SPECIAL_START:
        return _special_start_message(line)
    return ("Nach dem Text geht die Zeile weiter, wo YAML ein neues Feld erwartet. So beheben: "
            f"den ganzen Text in gerade Anführungszeichen setzen: {before.strip()} "
            f"{quoted(value)}")


def _special_start_message(line: str) -> str:
    before, value = _split_value(line)
    first = value[:1]
    if first in "|>" and not before.strip().startswith("-"):
        return (f"Nach „{first}“ darf in derselben Zeile nichts mehr stehen. So beheben: den "
                "Text in die nächste Zeile schreiben, 2 Leerzeichen weiter eingerückt.")
    if not first or first not in _SPECIAL_START:
        return ("Diese Zeile enthält ein Zeichen, das YAML hier nicht erlaubt. So beheben: den "
                f"ganzen Text in gerade Anführungszeichen setzen: {before.strip()} "
                f"{quoted(value)}")
    return (f"Ein Text darf nicht mit dem Zeichen „{first}“ beginnen. So beheben: den ganzen Text "
            f"in gerade Anführungszeichen setzen: {before.strip()} {quoted(value)}")


# --- field helpers ------------------------------------------------------------------------------


def report_duplicate_keys(data: LineMap, where: str, out: Collector) -> None:
    for key, line in data.duplicate_keys:
        out.error(line, where, f"Feld '{key}' steht zweimal im selben Abschnitt")


def is_section(raw: Any, kind: str, out: Collector, line: int = 0) -> bool:
    if isinstance(raw, LineMap):
        return True
    out.error(line, kind, f"ein {kind} muss ein Abschnitt mit Feldern sein (beginnt mit "
              "'- id: ...')")
    return False


# German words staff type for a field, and the field they mean.
GERMAN_FIELD_NAMES = {
    "antwort": "answer", "antworten": "answer", "frage": "questions", "fragen": "questions",
    "stichwort": "keywords", "stichworte": "keywords", "stichwörter": "keywords",
    "schlagwörter": "keywords", "mehr": "more", "quelle": "source", "quellen": "source",
    "geprüft": "reviewed", "geprueft": "reviewed", "stand": "reviewed", "prüfdatum": "reviewed",
    "verwandt": "related", "siehe": "related", "ähnlich": "related", "ziel": "goal",
    "titel": "title", "art": "kind", "zusammenfassung": "summary",
    "kennung": "id", "link": "url", "adresse": "url", "webadresse": "url", "datum": "date",
    "jahr": "date", "entwurf": "draft", "anschrift": "address", "telefon": "phone",
    "mail": "email", "e-mail": "email", "ort": "town", "öffnungszeiten": "hours",
    "zuständig": "serves", "orte": "serves", "hinweis": "note", "notiz": "note",
    "oberziel": "parent", "thema": "theme", "ziele": "goals", "einträge": "entries",
    "kontakte": "contacts", "auslöser": "triggers", "antworttext": "reply",
}


def nearest_field(key: Any, allowed: Iterable[str]) -> str | None:
    """The allowed field a mistyped or German field name most likely means."""
    word = str(key).strip().lower()
    allowed = sorted(allowed)
    if word in allowed:
        return word
    german = GERMAN_FIELD_NAMES.get(word)
    if german == "url" and word == "adresse" and "address" in allowed:
        german = "address"
    if german in allowed:
        return german
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_field(key: Any, allowed: Iterable[str]) -> str:
    """The message for a field name the loader does not know, with the nearest allowed one."""
    allowed = sorted(allowed)
    nearest = nearest_field(key, allowed)
    if nearest is not None:
        return f"unbekanntes Feld '{key}'. Meinten Sie '{nearest}'?"
    return f"unbekanntes Feld '{key}' (erlaubt: {', '.join(allowed)})"


def check_fields(
    raw: LineMap, allowed: set[str], required: set[str], where: str, out: Collector
) -> None:
    report_duplicate_keys(raw, where, out)
    meant = set()  # a mistyped field is not reported as missing too
    for key in raw:
        if key not in allowed:
            out.error(line_of(raw, key), where, unknown_field(key, allowed))
            meant.add(nearest_field(key, allowed))
    for key in sorted(required - set(raw) - meant):
        out.error(raw.line, where, f"Feld '{key}' fehlt")


def as_list(raw: LineMap, key: str, out: Collector, where: str) -> list[Any]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        out.error(line_of(raw, key), where,
                  f"Feld '{key}' muss eine Liste sein (Zeilen mit '- ')")
        return []
    return value


def text_field(raw: LineMap, key: str, where: str, out: Collector, required: bool = True) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        out.error(line_of(raw, key), where, f"Feld '{key}' muss ein Text sein")
        return ""
    text = str(value).strip()
    if required and not text:
        out.error(line_of(raw, key), where, f"Feld '{key}' ist leer")
    return text


def text_list(raw: LineMap, key: str, where: str, out: Collector) -> list[str]:
    """The texts of a list field; each item that is not a short text is reported at its own
    line with its cause (a colon read as a field, an empty '- ', a yes/no word)."""
    items = as_list(raw, key, out, where)
    texts: list[str] = []
    for index, item in enumerate(items):
        line = item_line(items, index, line_of(raw, key))
        if isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool)):
            texts.append(str(item).strip())
        else:
            dash = "" if getattr(items, "inline", False) else "- "
            out.error(line, where, f"Feld '{key}': {_not_a_text(item, dash)}")
    for line in getattr(items, "swallowed", []):
        out.error(line, where, f"Feld '{key}': dieser Punkt ist anders eingerückt als die "
                  "Punkte darunter. Darum liest YAML die Zeilen darunter als Teil dieses "
                  "Punktes. So beheben: alle Striche „- “ der Liste genau untereinander setzen.")
    return [t for t in texts if t]


def _not_a_text(item: Any, dash: str = "- ") -> str:
    """Why a list item is not a short text, and how to fix it."""
    if isinstance(item, dict) and len(item) == 1:
        [(key, value)] = item.items()
        if value is None or isinstance(value, dict | list):
            return (f"der Punkt „{key}“ ist kein einfacher Text: er beginnt mit „?“ oder endet "
                    "mit einem Doppelpunkt. So beheben: den Punkt in gerade Anführungszeichen "
                    f"setzen: {dash}{quoted(str(key))}")
        original = f"{key}: {value}"
        hint = ""
        if any(q in original for q in GERMAN_QUOTES):
            hint = " Deutsche Anführungszeichen „ “ schützen den Doppelpunkt nicht."
        return (f"der Punkt „{original}“ ist kein einfacher Text: wegen des Doppelpunkts mit "
                f"Leerzeichen liest YAML ihn als Feld.{hint} So beheben: den Punkt in gerade "
                f"Anführungszeichen setzen: {dash}{quoted(original)}")
    if item is None:
        return ("ein Punkt ist leer (nur „- “). So beheben: Text dahinter schreiben oder die "
                "Zeile löschen.")
    if isinstance(item, bool):
        return ("ein Punkt wird als Ja-oder-Nein-Wert gelesen (Wörter wie yes, no, on, off). "
                "So beheben: den Punkt in gerade Anführungszeichen setzen.")
    if isinstance(item, float | dt.date):
        return ("ein Punkt wird als Zahl oder Datum gelesen. So beheben: den Punkt in gerade "
                "Anführungszeichen setzen.")
    return ("jeder Punkt muss ein kurzer Text sein; hier steht eine Liste oder ein Abschnitt. "
            "So beheben: jeden Punkt in eine eigene Zeile mit „- “ schreiben.")


def date_field(raw: LineMap, key: str, where: str, out: Collector) -> dt.date | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        out.error(line_of(raw, key), where, f"Feld '{key}': '{value}' ist kein Datum "
                  "(Schreibweise: 2026-11-25)")
        return None


def is_to_fill(value: Any) -> bool:
    return isinstance(value, str) and value.strip().upper() in (TO_BE_FILLED, "ZU ERGAENZEN")


def clock(value: Any) -> dt.time | None:
    if isinstance(value, int):  # YAML 1.1 reads 08:00 without quotes as sexagesimal minutes
        value = f"{value // 60}:{value % 60:02d}"
    match = TIME_PATTERN.match(str(value))
    return dt.time(int(match[1]), int(match[2])) if match else None


