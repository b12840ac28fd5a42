"""Find the thresholds for messages in English, then show them on the sets they were chosen on.

    python bench/tune_english.py [--max-wrong 0.03] [--top 8]

Each message of the English tuning sets (bench/data/english-dev.yaml, written and labelled for
tuning, and tests/eval/english.yaml, already looked at) is matched once; every combination of
the grid is applied to the stored rankings. Printed are the combinations with the most right
entries answered or offered among those that keep confident wrong answers within the limit on
the tuning sets together. tests/eval/english2.yaml is not looked at here: it is measured with
bench/eval.py once the values are in bot/engine.py (ENGLISH_POLICY).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import eval as bench  # noqa: E402

from bot.cli import run_script  # noqa: E402
from bot.dialogue import Decision, Policy  # noqa: E402
from bot.engine import Engine, Evidence  # noqa: E402
from bot.english import looks_english  # noqa: E402

GRID = {
    "answer_at": range(40, 72, 4),
    "margin": (6, 10, 14, 18),
    "lead_answer_at": (40, 50, 60, 100),
    "lead_margin": (12, 20),
    "clarify_at": (26, 30, 34, 38, 42),
    "max_unknown_answer": (0.3, 0.4, 0.5),
    "max_unknown_clarify": (0.5, 0.6, 0.7),
}
# Tried apart, with the rest fixed at the chosen values (the whole grid would take long):
# off_topic_at (20 to 40) and off_topic_margin (0 to 15); 30 and 10 forward more subjects
# outside the KEK at the cost of one choice.
TUNING = (ROOT / "bench" / "data" / "english-dev.yaml", ROOT / "tests" / "eval" / "english.yaml")


def rankings(engine: Engine, path: Path) -> list[tuple[bench.Item, Evidence | Decision]]:
    """Per message what the English policy weighs; a message the bot does not take for
    English (mixed ones often) is decided by the German policy, as the bot does, once."""
    return [(item, engine.english_evidence(item.q) if looks_english(item.q)
             else engine.decide(item.q)) for item in bench.load_items(path)]


def report(rows: list[tuple[bench.Item, Evidence | Decision]], policy: Policy) -> bench.Report:
    return bench.Report([bench.Outcome(item, seen.decide(policy) if isinstance(seen, Evidence)
                                       else seen) for item, seen in rows])


def figures(r: bench.Report) -> str:
    return (f"offered {r.offered:6.1%}  right {r.right_entry:6.1%}  choices {r.choices:6.1%}  "
            f"wrong {r.confident_wrong:5.1%}  forwarded {r.forwarded:6.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-wrong", type=float, default=0.03)
    parser.add_argument("--max-choices", type=float, default=0.35)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--by", choices=("offered", "right"), default="offered",
                        help="what to rank the combinations by first")
    args = parser.parse_args()
    engine = Engine.from_path(ROOT / "knowledge")
    sets = {path.name: rankings(engine, path) for path in TUNING}
    rows = [row for ranked in sets.values() for row in ranked]
    results = []
    for values in itertools.product(*GRID.values()):
        policy = Policy(**dict(zip(GRID, values, strict=True)))  # type: ignore[arg-type]
        together = report(rows, policy)
        if together.confident_wrong <= args.max_wrong and together.choices <= args.max_choices:
            results.append((together.offered, together.right_entry, policy, together))
    results.sort(key=lambda r: (r[0], r[1]) if args.by == "offered" else (r[1], r[0]),
                 reverse=True)
    print(f"{len(results)} combinations within wrong <= {args.max_wrong:.1%}, "
          f"choices <= {args.max_choices:.0%}")
    for _, _, policy, together in results[:args.top]:
        chosen = {name: getattr(policy, name) for name in GRID}
        print(chosen)
        print(f"  together        {figures(together)}")
        for name, ranked in sets.items():
            print(f"  {name:15} {figures(report(ranked, policy))}")
    return 0


if __name__ == "__main__":
    run_script(main)
