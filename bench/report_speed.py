"""How long `kek-bot report` takes on a big question log.

    python bench/report_speed.py [--rows 100000]

Fills a temporary question log with `--rows` rows made from the evaluation sets' questions
(varied by a number, so they do not collapse into one group; a third of them missed), then
times `report.collect` and `report.write` and prints the figures. Target: 100,000 rows in under
10 s on this project's 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.engine import Engine  # noqa: E402
from bot.report import collect, write  # noqa: E402
from bot.storage import Storage  # noqa: E402

TARGET_SECONDS = 10.0


def fill(path: Path, rows: int, engine: Engine) -> None:
    questions = [str(item["q"]) for name in ("questions", "dev", "dev2")
                 for item in yaml.safe_load((ROOT / "tests" / "eval" / f"{name}.yaml")
                                            .read_text("utf-8"))]
    entries = sorted(engine.kb.entries)
    rng = random.Random(5)
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    data = []
    for n in range(rows):
        outcome = rng.choice(("answer", "answer", "clarify", "handoff"))
        hour = start - dt.timedelta(hours=rng.randrange(24 * 30))
        candidates = json.dumps([[rng.choice(entries), rng.uniform(20, 90)] for _ in range(3)])
        data.append((hour.isoformat(), f"{rng.choice(questions)} {n % 97}", outcome, "unknown",
                     candidates, None))
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO question_log (hour, text, outcome, reason, candidates, entry)"
                       " VALUES (?, ?, ?, ?, ?, ?)", data)


async def measure(rows: int) -> float:
    engine = Engine.from_path(ROOT / "knowledge")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.sqlite3"
        async with await Storage.open(path):
            pass
        fill(path, rows, engine)
        started = time.perf_counter()
        async with await Storage.open(path) as storage:
            data = await collect(storage, engine.kb, 30)
        write(data, engine.kb, Path(tmp) / "bericht")
        elapsed = time.perf_counter() - started
        print(f"{rows} rows: {len(data.groups)} groups, report written in {elapsed:.1f} s "
              f"(target under {TARGET_SECONDS:.0f} s)")
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    return 0 if asyncio.run(measure(args.rows)) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
