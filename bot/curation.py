"""Edits of knowledge files that keep their comments and layout: text is inserted, never the
whole file re-written. Used for the report's snippets and for curation from the staff chat."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from bot.errors import KnowledgeError

_ENTRY = re.compile(r"^(\s*)- id:\s*['\"]?([a-z0-9-]+)['\"]?\s*$")
_QUESTIONS = re.compile(r"^(\s*)questions:\s*$")
_ENGLISH = re.compile(r"^(\s*)en:\s*$")
_ITEM = re.compile(r"^(\s*)- ")


def quoted(text: str) -> str:
    """A YAML scalar that is always read back as exactly `text` (JSON is valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def insert_questions(source: str, entry_id: str, questions: Sequence[str],
                     english: bool = False) -> str:
    """The text of a knowledge file with `questions` added at the end of an entry's
    `questions:` list (`english`: the list under its `en:`). Raises KnowledgeError if the
    entry or its list is not found."""
    lines = source.splitlines(keepends=True)
    found = [(i, m) for i, line in enumerate(lines)
             if (m := _ENTRY.match(line)) and m.group(2) == entry_id]
    if not found:
        raise KnowledgeError(f"Einen Eintrag '{entry_id}' gibt es in dieser Datei nicht.")
    start, entry = found[0]
    header, inside_en = None, not english
    for i in range(start + 1, len(lines)):
        other = _ENTRY.match(lines[i])
        if other is not None and len(other.group(1)) <= len(entry.group(1)):
            break  # the next entry: this one has no questions list
        if english and _ENGLISH.match(lines[i]):
            inside_en = True
        elif inside_en and _QUESTIONS.match(lines[i]):
            header = i
            break
    if header is None:
        where = "unter 'en:' keine Liste 'questions:'" if english else "keine Liste 'questions:'"
        raise KnowledgeError(f"Der Eintrag '{entry_id}' hat {where}.")
    end, indent = header + 1, None
    while end < len(lines):
        item = _ITEM.match(lines[end])
        blank = not lines[end].strip()
        if item and (indent is None or len(item.group(1)) == indent):
            indent = len(item.group(1))
        elif not blank and (indent is None or _indent(lines[end]) <= indent):
            break
        end += 1
    while end > header + 1 and not lines[end - 1].strip():
        end -= 1  # keep blank lines after the list where they were
    pad = " " * (indent if indent is not None else _indent(lines[header]) + 2)
    added = [f"{pad}- {quoted(q)}\n" for q in questions]
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + added + lines[end:])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
