"""Plain-language figures of the knowledge base: do the answers meet their own target?

    python bench/plain.py [--knowledge knowledge] [-v]

Uses exactly the measure of issue 14, which differs from the checker's (bot/readability.py):
Flesch-Amstad = 180 - words per sentence - 58.5 x syllables per word, not clamped. Syllables come
from pyphen's de_DE hyphenation (hyphenation points + 1), each part of a hyphenated compound
("Bürger-Beteiligung") counted on its own. Sentences end at . ! ? followed by a space, and at
every line break; a day number before a month name ("12. Oktober") ends no sentence.

For the short answers (`answer`) it prints the Amstad median, the share that reaches both goals
(Amstad >= 60 and no sentence over 15 words), how many are below 50, how many have more than 4
sentences or more than 500 characters, and how many never address the reader ("Sie", "Ihnen",
"Ihr ..."). For the "Mehr dazu" texts (`more`) it prints the Amstad median and how many are below
55. With -v it lists every text that misses a goal. A report, not a check: exit code 0.
Needs pyphen (a dev dependency).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyphen  # type: ignore[import-untyped]  # noqa: E402

from bot.cli import run_script  # noqa: E402
from bot.engine import load_checked  # noqa: E402

GOAL_AMSTAD = 60.0
MIN_AMSTAD = 50.0
GOAL_MORE_AMSTAD = 55.0
MAX_SENTENCE_WORDS = 15
MAX_SENTENCES = 4
MIN_SENTENCES = 2
MAX_CHARS = 500

_MONTHS = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
           "Dezember")
_ORDINAL = re.compile(rf"\b(\d{{1,2}})\.(?=\s+(?:{_MONTHS})\b)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9][A-Za-zÄÖÜäöüß0-9·-]*")
_ADDRESS = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b")
_dic = pyphen.Pyphen(lang="de_DE")


def sentences(text: str) -> list[list[str]]:
    """The words of each sentence."""
    protected = _ORDINAL.sub(r"\1§", text)
    parts = (_WORD.findall(s) for s in _SENTENCE_END.split(protected))
    return [p for p in parts if p]


def syllables(word: str) -> int:
    """pyphen's de_DE hyphenation points + 1 for each part of a hyphenated word."""
    return sum(len(_dic.positions(part)) + 1 for part in re.split(r"[-·]", word) if part)


def amstad(sents: list[list[str]]) -> float:
    words = [w for s in sents for w in s]
    if not words:
        return 100.0
    syl = sum(syllables(w) for w in words)
    return 180 - len(words) / len(sents) - 58.5 * syl / len(words)


def measure(text: str) -> dict[str, float | int | bool]:
    sents = sentences(text)
    score = amstad(sents)
    longest = max((len(s) for s in sents), default=0)
    return {
        "amstad": score,
        "sentences": len(sents),
        "longest": longest,
        "chars": len(text.strip()),
        "both": score >= GOAL_AMSTAD and longest <= MAX_SENTENCE_WORDS,
        "sie": bool(_ADDRESS.search(text)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every text that misses a goal")
    args = parser.parse_args()
    kb = load_checked(args.knowledge)
    entries = list(kb.entries.values())
    short = {e.id: measure(e.answer) for e in entries}
    more = {e.id: measure(e.more) for e in entries if e.more and e.more.strip()}
    n = len(short)

    amstads = [m["amstad"] for m in short.values()]
    both = [i for i, m in short.items() if m["both"]]
    below = [i for i, m in short.items() if m["amstad"] < MIN_AMSTAD]
    too_many = [i for i, m in short.items() if m["sentences"] > MAX_SENTENCES]
    too_few = [i for i, m in short.items() if m["sentences"] < MIN_SENTENCES]
    too_long = [i for i, m in short.items() if m["chars"] > MAX_CHARS]
    no_sie = [i for i, m in short.items() if not m["sie"]]
    more_below = [i for i, m in more.items() if m["amstad"] < GOAL_MORE_AMSTAD]

    print(f"Short answers ({n}):")
    print(f"  Flesch-Amstad median          {statistics.median(amstads):6.1f}")
    print(f"  reach both goals              {len(both) / n:6.1%}  ({len(both)} of {n}; "
          f"Amstad >= {GOAL_AMSTAD:.0f} and no sentence over {MAX_SENTENCE_WORDS} words)")
    print(f"  Amstad below {MIN_AMSTAD:.0f}               {len(below):6d}")
    print(f"  more than {MAX_SENTENCES} sentences          {len(too_many):6d}")
    print(f"  fewer than {MIN_SENTENCES} sentences          {len(too_few):6d}")
    print(f"  over {MAX_CHARS} characters           {len(too_long):6d}")
    print(f"  without \"Sie\"                 {len(no_sie):6d}")
    print(f"'Mehr dazu' texts ({len(more)}):")
    more_median = statistics.median(m["amstad"] for m in more.values())
    print(f"  Flesch-Amstad median          {more_median:6.1f}")
    print(f"  Amstad below {GOAL_MORE_AMSTAD:.0f}               {len(more_below):6d}")
    if args.verbose:
        print("\nShort answers that miss a goal (Amstad, sentences, longest sentence, "
              "characters, Sie):")
        for i, m in sorted(short.items(), key=lambda kv: kv[1]["amstad"]):
            if (not m["both"] or m["sentences"] > MAX_SENTENCES or m["sentences"] < MIN_SENTENCES
                    or m["chars"] > MAX_CHARS or not m["sie"]):
                print(f"  {i:<32} {m['amstad']:5.1f} {m['sentences']:2d} {m['longest']:3d} "
                      f"{m['chars']:4d} {'Sie' if m['sie'] else '-'}")
        if more_below:
            print(f"\n'Mehr dazu' texts below Amstad {GOAL_MORE_AMSTAD:.0f}:")
            for i in sorted(more_below, key=lambda i: more[i]["amstad"]):
                print(f"  {i:<32} {more[i]['amstad']:5.1f}")
    return 0


if __name__ == "__main__":
    run_script(main)
