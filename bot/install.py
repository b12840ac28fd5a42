"""Install a knowledge file that staff send into the staff chat, with the checks of
`kek-bot check` and a way back.

A file is installed only if it carries the name of an existing theme file (no paths), is at most
MAX_BYTES, and the whole knowledge base with it has no errors. The file it replaces is kept (the
newest VERSIONS_KEPT per file) in a folder beside the database, never inside knowledge/, which
is loaded as a whole. Writing is atomic (a temporary file, then a rename), so the file watcher
never sees half a file. `undo` puts back the version before the last install.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from bot import texts
from bot.curation import insert_questions, quoted
from bot.engine import Engine
from bot.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.lint import plain_language_problems
from bot.masking import mask
from bot.normalize import tokens
from bot.reloading import Reloader
from bot.report import Group, collect
from bot.storage import Storage

MAX_BYTES = 1_000_000
VERSIONS_KEPT = 5
GAPS_SHOWN = 5
SOURCE_URL = "https://www.kreis-lup.de"  # the county's website, until staff name a better one


@dataclass(frozen=True)
class Result:
    """What an install or an undo did, or the problems that stopped it (in plain German)."""

    file: str
    problems: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    warnings: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Installer:
    knowledge: Path
    versions: Path

    def check(self, name: str, content: bytes) -> tuple[KnowledgeBase | None, Result]:
        """The knowledge base with `content` as file `name`, or the problems with it."""
        refused = self._refused(name, content)
        if refused:
            return None, Result(name, (refused,))
        with tempfile.TemporaryDirectory() as tmp:
            trial = Path(tmp) / "knowledge"
            shutil.copytree(self.knowledge, trial)
            (trial / name).write_bytes(content)
            kb, problems = load_knowledge(trial)
        errors = [p for p in problems if p.level == "error"]
        if errors:
            return None, Result(name, tuple(str(p).replace(str(trial), "knowledge")
                                            for p in errors))
        return kb, Result(name, warnings=len(problems))

    def _refused(self, name: str, content: bytes) -> str | None:
        if Path(name).name != name or not name.endswith(".yaml"):
            return (f"Der Dateiname „{name}“ geht nicht. Bitte schicken Sie eine Datei mit dem "
                    "Namen einer vorhandenen Themen-Datei, zum Beispiel finanzen.yaml.")
        if not (self.knowledge / name).is_file():
            known = ", ".join(sorted(p.name for p in self.knowledge.glob("*.yaml")))
            return f"Eine Datei „{name}“ gibt es in der Wissensbasis nicht. Vorhanden: {known}."
        if len(content) > MAX_BYTES:
            return f"Die Datei ist zu groß ({len(content)} Bytes, höchstens {MAX_BYTES})."
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return "Die Datei ist nicht als UTF-8 gespeichert. Bitte als UTF-8 speichern."
        return None

    def install(self, name: str, content: bytes, current: KnowledgeBase) -> Result:
        """Check and install one file; keep the one it replaces."""
        kb, result = self.check(name, content)
        if kb is None:
            return result
        self._keep(name)
        _write_atomically(self.knowledge / name, content)
        return _compare(current, kb, result)

    def undo(self, name: str, current: KnowledgeBase) -> Result | None:
        """Put back the version of `name` before its last install; None if none is kept."""
        kept = sorted(self.versions.glob(f"{name}.*"))
        if not kept:
            return None
        content = kept[-1].read_bytes()
        kb, result = self.check(name, content)
        if kb is None:
            return result
        _write_atomically(self.knowledge / name, content)
        kept[-1].unlink()
        return _compare(current, kb, result)

    def _keep(self, name: str) -> None:
        self.versions.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        shutil.copy2(self.knowledge / name, self.versions / f"{name}.{stamp}")
        for old in sorted(self.versions.glob(f"{name}.*"))[:-VERSIONS_KEPT]:
            old.unlink()


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, path)


def _compare(old: KnowledgeBase, new: KnowledgeBase, result: Result) -> Result:
    def shape(entry: Entry) -> Entry:
        """Everything staff write in an entry, not where it stands in its file."""
        return replace(entry, file="", line=0)

    added = tuple(sorted(set(new.entries) - set(old.entries)))
    removed = tuple(sorted(set(old.entries) - set(new.entries)))
    changed = tuple(sorted(e for e in set(old.entries) & set(new.entries)
                           if shape(old.entries[e]) != shape(new.entries[e])))
    return Result(result.file, added=added, changed=changed, removed=removed,
                  warnings=result.warnings)


class Curation:
    """Installs and undos from the staff chat: checks in a worker thread, a record of each in
    the database, then a reload. Returns what staff read, in plain German."""

    def __init__(self, installer: Installer, storage: Storage, reloader: Reloader,
                 engine: Engine, drafts: Path | None = None) -> None:
        self.installer = installer
        self.storage = storage
        self.reloader = reloader
        self.engine = engine
        self.drafts = drafts or installer.versions.parent / "entwuerfe"
        self._gaps: list[Group] = []  # the groups of the last /luecken, for its buttons

    async def gaps(self, days: int = 30) -> list[tuple[int, Group, str | None]]:
        """The largest groups of missed questions: (number, group, nearest entry)."""
        data = await collect(self.storage, self.engine.kb, days)
        self._gaps = data.groups[:GAPS_SHOWN]
        found = []
        for index, group in enumerate(self._gaps):
            nearest = group.nearest(self.engine.kb)
            found.append((index, group, nearest[0][0] if nearest else None))
        return found

    async def add_gap(self, index: int, staff: str) -> str:
        """Add a group's questions to its nearest entry, through the install path."""
        group = self._gaps[index] if 0 <= index < len(self._gaps) else None
        nearest = group.nearest(self.engine.kb) if group else []
        if group is None or not nearest:
            return texts.GAP_GONE
        entry = self.engine.kb.entries[nearest[0][0]]
        name = Path(entry.file).name
        source = (self.installer.knowledge / name).read_text(encoding="utf-8")
        questions = sorted(set(group.questions))[:10]
        changed = insert_questions(source, entry.id, questions, group.language == "en")
        return await self.install(name, changed.encode("utf-8"), staff)

    def draft_gap(self, index: int) -> tuple[str, str] | None:
        """A draft entry for a group, kept in the drafts folder: (file name, YAML text)."""
        group = self._gaps[index] if 0 <= index < len(self._gaps) else None
        if group is None:
            return None
        text = group.snippet_draft(dt.date.today())
        return self.keep_draft(text)

    async def draft_from_ticket(self, ticket_id: int, office: str) -> tuple[str, str, str]:
        """A draft entry from a staff answer: the citizen's question masked, the answer, the
        theme of the nearest entry, `draft: true`, reviewed today, the answering office as
        source. (file name, YAML text, plain-language warnings for staff)."""
        ticket = await self.storage.ticket(ticket_id)
        answers = [text for author, text in await self.storage.messages_of(ticket_id)
                   if author == "staff"] if ticket else []
        if ticket is None or not answers:
            return "", "", texts.ADOPT_NOTHING
        question = mask(ticket.question)
        decision = self.engine.decide(question)
        near = decision.entry or (decision.candidates[0].entry if decision.candidates else None)
        theme = near.theme if near else "kek"
        today = dt.date.today()
        text = draft_entry(question, answers[-1], office, today, ticket.number)
        warnings = [f"{problem}" for problem in plain_language_problems("answer", answers[-1])]
        name, _ = self.keep_draft(f"# Entwurf für die Datei {theme}.yaml\n{text}")
        return name, f"# Entwurf für die Datei {theme}.yaml\n{text}", "\n".join(warnings)

    def keep_draft(self, text: str) -> tuple[str, str]:
        self.drafts.mkdir(parents=True, exist_ok=True)
        name = f"entwurf-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S%f}.yaml"
        (self.drafts / name).write_text(text, encoding="utf-8")
        return name, text

    async def install(self, name: str, content: bytes, staff: str) -> str:
        result = await asyncio.to_thread(self.installer.install, name, content, self.engine.kb)
        if not result.ok:
            return refused(result)
        await self.storage.record_install(name, staff, "install")
        await self.reloader.reload()
        return describe(texts.INSTALL_DONE, result)

    async def undo(self, staff: str) -> str:
        name = await self.storage.last_install()
        if name is None:
            return texts.UNDO_NOTHING
        result = await asyncio.to_thread(self.installer.undo, name, self.engine.kb)
        if result is None:
            return texts.UNDO_NOTHING
        if not result.ok:
            return refused(result)
        await self.storage.record_install(name, staff, "undo")
        await self.reloader.reload()
        return describe(texts.UNDO_DONE, result)


def describe(template: str, result: Result) -> str:
    """What changed, for staff: entries added, changed, removed."""
    def listed(ids: tuple[str, ...]) -> str:
        return ", ".join(ids) if ids else "keine"

    return template.format(file=result.file, added=listed(result.added),
                           changed=listed(result.changed), removed=listed(result.removed),
                           warnings=result.warnings)


def refused(result: Result) -> str:
    return texts.INSTALL_REFUSED.format(file=result.file,
                                        problems="\n".join(result.problems[:10]))


def draft_entry(question: str, answer: str, office: str, today: dt.date, number: str) -> str:
    """A new entry as YAML, to go under `entries:` of a theme file."""
    slug = "-".join(w for w in tokens(question)[:3]) or "antwort"
    answer_lines = "\n".join(f"      {line}" if line else "" for line in answer.splitlines())
    return (f"  - id: entwurf-{slug}"[:40] + "\n"
            "    draft: true\n"
            "    questions:\n"
            f"      - {quoted(question)}\n"
            "    answer: |\n"
            f"{answer_lines}\n"
            "    source:\n"
            f"      title: {quoted(f'{office}, Antwort auf {number}')}\n"
            f"      url: {SOURCE_URL}\n"
            f"      date: {today.isoformat()}\n"
            f"    reviewed: {today.isoformat()}\n")
