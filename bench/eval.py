"""Measure answer quality on the labelled evaluation sets.

    python bench/eval.py [--knowledge knowledge] [--questions tests/eval/questions.yaml] [-v]
    python bench/eval.py --summary [FILE ...]     one line per set (default: every set)

Prints per expected outcome and per theme: accuracy, right theme, forwarded out-of-scope
questions and confident wrong answers, then the targets of the understanding issue:
right entry answered or offered as a choice >= 90 % of in-scope questions, choices offered for
at most 20 %, right entry answered >= 65 %, confident wrong answers <= 3 % of all messages,
out-of-scope questions forwarded >= 90 %; and the top-1 share (the right entry is the engine's
first candidate). Buttons of the "not understood" reply do not count as offered.
Exit code 1 if a target is missed.
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

from bot.cli import run_script  # noqa: E402
from bot.dialogue import Decision  # noqa: E402
from bot.engine import Engine  # noqa: E402

TARGET_OFFERED = 0.90  # right entry answered or among the offered choices
TARGET_CHOICES = 0.20  # at most this share of in-scope questions gets "Meinen Sie ...?"
TARGET_RIGHT_ENTRY = 0.65  # right entry answered
TARGET_FORWARDED = 0.90
TARGET_CONFIDENT_WRONG = 0.03
SETS = ("questions", "holdout", "dev", "dev2", "final", "final2", "final3", "english",
        "english2")


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
    def top1(self) -> bool:
        """The right entry is the engine's first candidate, whatever it did with it."""
        d = self.decision
        first = d.entry or (d.candidates[0].entry if d.candidates else None)
        return first is not None and first.id in self.item.entries

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

    @property
    def offered(self) -> float:
        return self.share(self.in_scope, "right_offered")

    @property
    def choices(self) -> float:
        return sum(o.decision.action == "clarify" for o in self.in_scope) / (
            len(self.in_scope) or 1)

    @property
    def top1(self) -> float:
        return self.share(self.in_scope, "top1")

    def checks(self) -> list[tuple[str, float, str, bool]]:
        """(name, value, target, met) for every figure; an empty target is information."""
        return [
            ("right entry answered or offered", self.offered, f">= {TARGET_OFFERED:.0%}",
             self.offered >= TARGET_OFFERED),
            ("choices offered, in-scope", self.choices, f"<= {TARGET_CHOICES:.0%}",
             self.choices <= TARGET_CHOICES),
            ("right entry answered, in-scope", self.right_entry, f">= {TARGET_RIGHT_ENTRY:.0%}",
             self.right_entry >= TARGET_RIGHT_ENTRY),
            ("confident wrong, all", self.confident_wrong, f"<= {TARGET_CONFIDENT_WRONG:.0%}",
             self.confident_wrong <= TARGET_CONFIDENT_WRONG),
            ("out-of-scope forwarded", self.forwarded, f">= {TARGET_FORWARDED:.0%}",
             self.forwarded >= TARGET_FORWARDED),
            ("right theme, in-scope", self.share(self.in_scope, "right_theme"), "", True),
            ("top-1 right entry, in-scope", self.top1, "", True),
        ]

    def meets_targets(self) -> bool:
        return all(met for _, _, _, met in self.checks())


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
    actions: defaultdict[str, int] = defaultdict(int)
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
    for name, value, target, ok in report.checks():
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


def print_summary(engine: Engine, paths: list[Path]) -> None:
    """One line per set: the figures of `Report.checks`, in their order."""
    short = ["offered", "choices", "answered", "wrong", "forwarded", "theme", "top-1"]
    print(f"{'set':<12}{'n':>5}" + "".join(f"{s:>11}" for s in short))
    for path in paths:
        report = evaluate(engine, load_items(path))
        values = [value for _, value, _, _ in report.checks()]
        print(f"{path.stem:<12}{len(report.outcomes):>5}" + "".join(f"{v:>11.1%}" for v in values))
    targets = [target or "-" for _, _, target, _ in evaluate(engine, []).checks()]
    print(f"{'target':<17}" + "".join(f"{t:>11}" for t in targets))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "eval" /
                        "questions.yaml")
    parser.add_argument("--summary", nargs="*", type=Path, metavar="FILE",
                        help="one line per set instead of the full report")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    engine = Engine.from_path(args.knowledge)
    if args.summary is not None:
        paths = args.summary or [ROOT / "tests" / "eval" / f"{name}.yaml" for name in SETS]
        print_summary(engine, paths)
        return 0
    report = evaluate(engine, load_items(args.questions))
    print_report(report, args.verbose)
    return 0 if report.meets_targets() else 1


if __name__ == "__main__":
    run_script(main)
