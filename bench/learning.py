"""What the curation loop is worth: log, report, curate, measure.

    python bench/learning.py

1. The sets tuned on (questions, dev, dev2) stand in for real traffic. Each message goes through
   the engine and into a question log (a temporary SQLite file), masked as in production. A
   citizen offered "Meinen Sie ...?" picks the right entry when it is offered, else "none"; in
   the second variant a citizen who got a wrong answer presses "Hilft mir nicht".
2. The curation report groups the missed questions (bot/report.py).
3. A curator applies the groups: each missed in-scope question becomes a phrasing of the entry
   its label names (the labels stand in for the curator's judgement; no other edits), inserted
   into a copy of knowledge/ with the same code the report's snippets are meant for.
4. The untouched sets final, final2 and final3 are measured with the knowledge base before and
   after: top-1 (the right entry is the first candidate), right answers, confident wrong answers.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import eval as evaluation  # noqa: E402

from bot.curation import insert_questions  # noqa: E402
from bot.engine import Engine, load_checked  # noqa: E402
from bot.masking import mask  # noqa: E402
from bot.report import collect  # noqa: E402
from bot.storage import Storage  # noqa: E402

TRAFFIC = ("questions", "dev", "dev2")
MEASURED = ("final", "final2", "final3")


def items(name: str) -> list[evaluation.Item]:
    return evaluation.load_items(ROOT / "tests" / "eval" / f"{name}.yaml")


async def log_traffic(engine: Engine, storage: Storage, feedback: bool) -> dict[str, str]:
    """Run the traffic through the engine into the log; the label of each masked question."""
    labels: dict[str, str] = {}
    for name in TRAFFIC:
        for item in items(name):
            decision = engine.decide(item.q)
            if decision.action == "smalltalk" or decision.reason in ("person", "urgent"):
                continue
            candidates = [(m.entry.id, m.score) for m in decision.candidates[:3]]
            entry = decision.entry.id if decision.entry else None
            text = mask(item.q)
            row = await storage.log_question(text, decision.action, decision.reason,
                                             candidates, entry)
            if decision.action == "clarify":
                chosen = next((m.entry.id for m in decision.candidates
                               if m.entry.id in item.entries), "none")
                await storage.log_choice(row, chosen)
            wrong = decision.action == "answer" and entry not in item.entries
            if feedback and wrong and entry is not None:
                await storage.log_feedback(row, entry, "down")
            if item.expect == "answer" and item.entries:
                labels[text] = item.entries[0]
    return labels


def curate(engine: Engine, groups_questions: list[str], labels: dict[str, str],
           target: Path) -> int:
    """Add each missed, labelled question as a phrasing of its entry; the number added."""
    by_entry: dict[str, list[str]] = defaultdict(list)
    for question in groups_questions:
        entry = labels.get(question)
        if entry and question not in by_entry[entry]:
            by_entry[entry].append(question)
    for entry_id, questions in by_entry.items():
        path = target / Path(engine.kb.entries[entry_id].file).name
        path.write_text(insert_questions(path.read_text("utf-8"), entry_id, questions),
                        encoding="utf-8")
    return sum(len(q) for q in by_entry.values())


def figures(engine: Engine) -> dict[str, tuple[float, float, float]]:
    found = {}
    for name in MEASURED:
        report = evaluation.evaluate(engine, items(name))
        found[name] = (report.top1, report.right_entry, report.confident_wrong)
    return found


async def variant(engine: Engine, feedback: bool) -> tuple[int, int, Engine]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        async with await Storage.open(folder / "log.sqlite3") as storage:
            labels = await log_traffic(engine, storage, feedback)
            report = await collect(storage, engine.kb, 3650)
        missed = [q for g in report.groups for q in g.questions]
        copy = folder / "knowledge"
        shutil.copytree(ROOT / "knowledge", copy)
        added = curate(engine, missed, labels, copy)
        return len(report.groups), added, Engine(load_checked(copy))


def main() -> int:
    before = Engine.from_path(ROOT / "knowledge")
    baseline = figures(before)
    print("set       top-1 / right / confident wrong")
    print("before    " + "   ".join(f"{n}: {t:.1%} / {r:.1%} / {w:.1%}"
                                    for n, (t, r, w) in baseline.items()))
    for feedback in (False, True):
        groups, added, after = asyncio.run(variant(before, feedback))
        label = "with 'Hilft mir nicht' on wrong answers" if feedback else "misses only"
        print(f"\nafter curation ({label}): {groups} groups, {added} questions added")
        for name, (t, r, w) in figures(after).items():
            bt, br, bw = baseline[name]
            print(f"  {name:<8} top-1 {t:.1%} ({t - bt:+.1%})  right {r:.1%} ({r - br:+.1%})"
                  f"  wrong {w:.1%} ({w - bw:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
