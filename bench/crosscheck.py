"""Check the knowledge base against itself: which stored questions would the bot answer wrongly?

    python bench/crosscheck.py [--knowledge knowledge] [--folds 5] [--entry ID]

Each entry's questions are split into folds. For every fold the index is built without those
questions, and each left-out question is asked as if a citizen had written it. A question the bot
then answers with another entry points at entries that overlap, a question worded so generally
that it fits elsewhere too, or a question filed under the wrong entry. The figures need no
evaluation set, so curators can use them freely: they measure how clearly the entries are told
apart, not how well the bot generalises to new questions (bench/eval.py does that).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import run_script  # noqa: E402
from bot.engine import Engine, load_checked  # noqa: E402
from bot.knowledge import KnowledgeBase  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Check:
    entry: str
    question: str
    action: str
    got: str | None
    score: float

    @property
    def outcome(self) -> str:
        if self.action == "answer":
            return "right" if self.got == self.entry else "wrong"
        return self.action

    @property
    def confused(self) -> bool:
        """Answered with another entry, or another entry offered first."""
        return self.got is not None and self.got != self.entry


def without_fold(kb: KnowledgeBase, fold: int, folds: int) -> KnowledgeBase:
    """The knowledge base without every `folds`-th question of each entry, starting at `fold`.
    An entry keeps its keywords, so it stays findable even with few questions."""
    entries = {
        entry_id: dataclasses.replace(
            entry, questions=tuple(q for i, q in enumerate(entry.questions) if i % folds != fold))
        for entry_id, entry in kb.entries.items()
    }
    return dataclasses.replace(kb, entries=entries)


def crosscheck(kb: KnowledgeBase, folds: int) -> list[Check]:
    checks = []
    for fold in range(folds):
        engine = Engine(without_fold(kb, fold, folds))
        for entry in kb.entries.values():
            for question in entry.questions[fold::folds]:
                d = engine.decide(question)
                got = d.entry.id if d.entry else (d.candidates[0].entry.id if d.candidates
                                                  else None)
                checks.append(Check(entry.id, question, d.action, got, d.score))
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--entry", action="append", default=[],
                        help="list only the confused questions of this entry")
    args = parser.parse_args()
    checks = crosscheck(load_checked(args.knowledge), args.folds)
    counts = Counter(c.outcome for c in checks)
    print(f"{len(checks)} stored questions, each asked with its fold left out:")
    for outcome in ("right", "wrong", "clarify", "handoff", "smalltalk"):
        print(f"  {outcome:<10}{counts[outcome] / len(checks):>7.1%}  ({counts[outcome]})")
    confused = [c for c in checks if c.confused and (not args.entry or c.entry in args.entry)]
    if confused:
        print("\nAnswered with another entry, or another entry offered first"
              " (question's entry -> entry given, action and score):")
    for c in sorted(confused, key=lambda c: (c.entry, c.action, c.got or "")):
        print(f"  {c.entry} -> {c.got} [{c.action} {c.score:.0f}] {c.question!r}")
    return 0


if __name__ == "__main__":
    run_script(main)
