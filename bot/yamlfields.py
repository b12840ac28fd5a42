"""YAML files as staff write them: parsed with line numbers, checked field by field.

Every check reports a Problem with file, line and field instead of raising, so one run of the
checker can list all problems at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TO_BE_FILLED = "ZU ERGÄNZEN"
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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def line_of(data: Any, key: str | None = None) -> int:
    if isinstance(data, LineMap):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line
    return 0


def load_yaml(text: str) -> Any:
    """Parse one document; mappings come back as LineMap."""
    return yaml.load(text, Loader=_LineLoader)


class Collector:
    """Gathers problems while one file is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, "error", where, message))

    def warning(self, line: int, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, "warning", where, message))


def syntax_error(exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """Line and plain message for a YAML syntax error; the line is where the broken part starts."""
    start = exc.context_mark or exc.problem_mark
    line = start.line + 1 if start else 0
    noticed = exc.problem_mark.line + 1 if exc.problem_mark else line
    hint = f" (bemerkt in Zeile {noticed})" if noticed != line else ""
    return line, "", (f"YAML-Schreibfehler{hint}: {exc.problem or exc}. Prüfen Sie Einrückung, "
                      "Doppelpunkte und Anführungszeichen.")


# --- field helpers ------------------------------------------------------------------------------


def report_duplicate_keys(data: LineMap, where: str, out: Collector) -> None:
    for key, line in data.duplicate_keys:
        out.error(line, where, f"Feld '{key}' steht zweimal im selben Abschnitt")


def is_section(raw: Any, kind: str, out: Collector) -> bool:
    if isinstance(raw, LineMap):
        return True
    out.error(0, kind, f"ein {kind} muss ein Abschnitt mit Feldern sein (beginnt mit '- id: ...')")
    return False


def check_fields(
    raw: LineMap, allowed: set[str], required: set[str], where: str, out: Collector
) -> None:
    report_duplicate_keys(raw, where, out)
    for key in raw:
        if key not in allowed:
            out.error(line_of(raw, key), where, f"unbekanntes Feld '{key}' "
                      f"(erlaubt: {', '.join(sorted(allowed))})")
    for key in sorted(required - set(raw)):
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
    items = as_list(raw, key, out, where)
    texts = [str(item).strip() for item in items if isinstance(item, str | int)]
    if len(texts) != len(items):
        out.error(line_of(raw, key), where,
                  f"Feld '{key}': jeder Punkt muss ein kurzer Text sein")
    return [t for t in texts if t]


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


