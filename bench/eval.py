"""Measure answer quality on the labelled evaluation set (tests/eval/questions.yaml).

    python bench/eval.py [--knowledge knowledge] [--questions tests/eval/questions.yaml] [-v]

Prints per expected outcome and per theme: accuracy, right theme, forwarded out-of-scope
questions and confident wrong answers, then the three targets. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import reader_stopped  # noqa: E402
from bot.dialogue import Decision  # noqa: E402
from bot.engine import Engine  # noqa: E402

TARGET_RIGHT_ENTRY = 0.90
TARGET_FORWARDED = 0.90
TARGET_CONFIDENT_WRONG = 0.02


@dataclass(frozen=True)
class Item:
    q: str
    expect: str
    theme: str | None
    entries: tuple[str, ...]


@dataclass
class Outcome:
    item: Item
    decision: Decision

    @property
    def in_scope(self) -> bool:
        return self.item.expect == "answer"

    @property
    def right_entry(self) -> bool:
        d = self.decision
        return d.action == "answer" and d.entry is not None and d.entry.id in self.item.entries

    @property
    def right_offered(self) -> bool:
        """Answered with an acceptable entry, or offered one among the clarify choices."""
        d = self.decision
        offered = d.action == "clarify" and any(m.entry.id in self.item.entries
                                                for m in d.candidates)
        return self.right_entry or offered

    @property
    def right_theme(self) -> bool:
        return self.decision.action == "answer" and self.decision.theme == self.item.theme

    @property
    def correct(self) -> bool:
        if self.in_scope:
            return self.right_entry
        return self.decision.action == self.item.expect

    @property
    def confident_wrong(self) -> bool:
        return self.decision.action == "answer" and not self.right_entry


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def share(self, selected: list[Outcome], test: str) -> float:
        return sum(getattr(o, test) for o in selected) / len(selected) if selected else 0.0

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.in_scope]

    @property
    def out_of_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.item.expect == "handoff"]

    @property
    def right_entry(self) -> float:
        return self.share(self.in_scope, "right_entry")

    @property
    def forwarded(self) -> float:
        oos = self.out_of_scope
        return sum(o.decision.action == "handoff" for o in oos) / len(oos) if oos else 0.0

    @property
    def confident_wrong(self) -> float:
        return self.share(self.outcomes, "confident_wrong")

    def meets_targets(self) -> bool:
        return (self.right_entry >= TARGET_RIGHT_ENTRY and self.forwarded >= TARGET_FORWARDED
                and self.confident_wrong <= TARGET_CONFIDENT_WRONG)


def load_items(path: Path) -> list[Item]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Item(str(r["q"]), r["expect"], r.get("theme"), tuple(r.get("entries") or ()))
            for r in raw]


def evaluate(engine: Engine, items: list[Item]) -> Report:
    return Report([Outcome(item, engine.decide(item.q)) for item in items])


def _row(name: str, outcomes: list[Outcome], report: Report) -> str:
    n = len(outcomes)
    accuracy = report.share(outcomes, "correct")
    theme = report.share(outcomes, "right_theme") if outcomes[0].in_scope else float("nan")
    wrong = sum(o.confident_wrong for o in outcomes)
    actions = defaultdict(int)
    for o in outcomes:
        actions[o.decision.action] += 1
    spread = " ".join(f"{a}={c}" for a, c in sorted(actions.items()))
    return f"{name:<24}{n:>5}{accuracy:>10.1%}{theme:>12.1%}{wrong:>8}   {spread}"


def print_report(report: Report, verbose: bool) -> None:
    print(f"{'group':<24}{'n':>5}{'accuracy':>10}{'right theme':>12}{'wrong':>8}   outcomes")
    by_expect: dict[str, list[Outcome]] = defaultdict(list)
    by_theme: dict[str, list[Outcome]] = defaultdict(list)
    for o in report.outcomes:
        by_expect[o.item.expect].append(o)
        if o.item.theme:
            by_theme[o.item.theme].append(o)
    for name, group in sorted(by_expect.items()):
        print(_row(f"expect={name}", group, report))
    print()
    for name, group in sorted(by_theme.items()):
        print(_row(f"theme={name}", group, report))
    n = len(report.outcomes)
    print(f"\n{n} questions: {len(report.in_scope)} in scope, {len(report.out_of_scope)} out of "
          f"scope, {n - len(report.in_scope) - len(report.out_of_scope)} smalltalk")
    checks = [
        ("right entry, in-scope", report.right_entry, f">= {TARGET_RIGHT_ENTRY:.0%}",
         report.right_entry >= TARGET_RIGHT_ENTRY),
        ("right theme, in-scope", report.share(report.in_scope, "right_theme"), "", True),
        ("right entry answered or offered", report.share(report.in_scope, "right_offered"), "",
         True),
        ("out-of-scope forwarded", report.forwarded, f">= {TARGET_FORWARDED:.0%}",
         report.forwarded >= TARGET_FORWARDED),
        ("confident wrong, all", report.confident_wrong, f"<= {TARGET_CONFIDENT_WRONG:.0%}",
         report.confident_wrong <= TARGET_CONFIDENT_WRONG),
    ]
    for name, value, target, ok in checks:
        verdict = ("ok" if ok else "MISSED") if target else ""
        print(f"{name:<32}{value:>8.1%}   target {target or '-':<7} {verdict}")
    if verbose:
        print("\nNot correct:")
        for o in report.outcomes:
            if not o.correct:
                d = o.decision
                got = d.entry.id if d.entry else ",".join(m.entry.id for m in d.candidates)
                mark = "WRONG" if o.confident_wrong else ""
                print(f"  {mark:<6}[{o.item.expect}->{d.action} {d.score:.0f}] {o.item.q!r}"
                      f" want={list(o.item.entries)} got={got}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "eval" /
                        "questions.yaml")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    report = evaluate(Engine.from_path(args.knowledge), load_items(args.questions))
    print_report(report, args.verbose)
    return 0 if report.meets_targets() else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(reader_stopped())
