"""Find answer-policy thresholds on the tuning sets, then show how they carry over.

    python bench/tune.py [--max-wrong 0.018] [--min-forwarded 0.92] [--top 5]

Each question of the tuning sets (tests/eval/questions.yaml, dev.yaml and dev2.yaml) is matched
once; then every combination of the grid below is applied to the stored rankings. Printed are
the combinations with the most right answers on all of them together among those that keep
confident wrong answers and forwarding on questions.yaml, the set the targets are measured on,
within the given limits (stricter than the targets, as a safety margin), each with its figures
on the held-out set (tests/eval/holdout.yaml), which must never be used to choose.
tests/eval/final.yaml is not looked at here at all. Copy the chosen values into bot/config.py
and config.example.yaml.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import eval as bench  # noqa: E402

from bot.dialogue import Policy  # noqa: E402
from bot.engine import Engine, Evidence  # noqa: E402

GRID = {
    "answer_at": range(44, 58, 2),
    "margin": (8, 10, 12),
    "lead_answer_at": (36, 38, 40, 42, 44),
    "lead_margin": (12, 15, 20),
    "clarify_at": (30, 33, 36),
    "off_topic_at": (30, 35, 40),
    "off_topic_margin": (10, 15),
}
TUNING = ("questions.yaml", "dev.yaml", "dev2.yaml")


def rankings(engine: Engine, path: Path) -> list[tuple[bench.Item, Evidence]]:
    """Everything the policy weighs per question, computed once."""
    return [(item, engine.evidence(item.q)) for item in bench.load_items(path)]


def report(rows: list[tuple[bench.Item, Evidence]], policy: Policy) -> bench.Report:
    return bench.Report([bench.Outcome(item, evidence.decide(policy)) for item, evidence in rows])


def figures(r: bench.Report) -> str:
    return (f"right {r.right_entry:6.1%}  offered {r.share(r.in_scope, 'right_offered'):6.1%}  "
            f"forwarded {r.forwarded:6.1%}  wrong {r.confident_wrong:5.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-wrong", type=float, default=0.018)
    parser.add_argument("--min-forwarded", type=float, default=0.92)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    engine = Engine.from_path(ROOT / "knowledge")
    tuning = {name: rankings(engine, ROOT / "tests" / "eval" / name) for name in TUNING}
    held_out = rankings(engine, ROOT / "tests" / "eval" / "holdout.yaml")
    for name, rows in tuning.items():
        print(f"shipped defaults, {name:<15}{figures(report(rows, Policy()))}")
    found = []
    for values in itertools.product(*GRID.values()):
        policy = dataclasses.replace(Policy(), **dict(zip(GRID, values, strict=True)))
        if policy.clarify_at > policy.answer_at:
            continue
        reports = {name: report(rows, policy) for name, rows in tuning.items()}
        target = reports[TUNING[0]]
        if target.confident_wrong <= args.max_wrong and target.forwarded >= args.min_forwarded:
            right = sum(r.right_entry for r in reports.values())
            wrong = sum(r.confident_wrong for r in reports.values())
            found.append((right, -wrong, policy, reports))
    found.sort(key=lambda f: f[:2], reverse=True)
    for _, _, policy, reports in found[: args.top]:
        print(f"\n{ {name: getattr(policy, name) for name in GRID} }")
        for name, r in reports.items():
            print(f"  {name:<15}{figures(r)}")
        print(f"  {'held-out':<15}{figures(report(held_out, policy))}")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
