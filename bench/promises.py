"""Promises the answers may not keep: stored questions whose words the answer never mentions.

    python bench/promises.py [--knowledge knowledge] [--entry ID] [--quiet]

A stored question tells citizens "ask this and you get an answer". When none of the question's
words appear in the entry's `answer` or `more`, the answer often does not answer it: the
question asks for a figure, a place or a reason that the text never gives. This report lists,
for each entry, such stored questions, so that staff can find these gaps themselves. For each
one, either the answer should answer it, or say honestly that the fact is not known and where
to ask, or the question belongs to another entry. A question on the list is not always wrong:
the answer may use other words for the same thing ("einstimmig" for "keine Gegenstimmen"). Read
the list, do not chase the number. A report, not a check: exit code 0.

How words are compared: the content words of the question (bot.normalize.content_words, without
stop words) and of `answer` and `more` are reduced to their stems (bot.normalize.stem). A word
counts as mentioned if its stem is in the texts, if the texts have a word of the same synonym
group (knowledge/synonyme.yaml), if it is one part of a hyphenated word in the texts ("Glasfaser"
in "Glasfaser-Leitungen"), or if it is a compound of two stems of the texts ("Glasfaserausbau"
when the texts say "Glasfaser" and "Ausbau"). Question words (wann, wer, wo ...) are left out,
and so are words found in the questions of at least a sixth of all entries (kreis, landkreis, kek,
mein, neu ...): they appear in almost every answer and say nothing about what is asked.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import run_script  # noqa: E402
from bot.engine import load_checked  # noqa: E402
from bot.knowledge import Entry, KnowledgeBase  # noqa: E402
from bot.normalize import KEEP_QUESTION_WORDS, content_words, stem, words  # noqa: E402

GENERIC_SHARE = 1 / 6  # a stem in the questions of this share of entries says nothing specific
MIN_PART = 4  # shortest part of a compound split into two known stems
_PARTS = re.compile(r"[-‐‑–·/\s]+")


def synonym_groups(kb: KnowledgeBase) -> list[set[str]]:
    """Each synonym group as the set of its members' stems (several words joined by spaces)."""
    return [{" ".join(stem(w) for w in words(term)) for term in (head, *alts)}
            for head, alts in kb.synonyms.items()]


def generic_stems(kb: KnowledgeBase) -> set[str]:
    """Stems found in the questions of at least GENERIC_SHARE of all entries."""
    counts: Counter[str] = Counter()
    for entry in kb.entries.values():
        counts.update({stem(w) for q in entry.questions for w in content_words(q)})
    limit = GENERIC_SHARE * len(kb.entries)
    return {s for s, n in counts.items() if n >= limit}


def vocabulary(text: str, groups: list[set[str]]) -> set[str]:
    """The stems a text mentions: whole words, parts of hyphenated words, synonyms of both."""
    found = {stem(w) for w in content_words(text)}
    for part in _PARTS.split(text):
        found.update(stem(w) for w in content_words(part))
    for group in groups:
        if found & group:
            found |= group
    return found


def mentioned(word: str, vocab: set[str]) -> bool:
    """A folded word is mentioned if its stem is known, or it splits into two known stems."""
    if stem(word) in vocab:
        return True
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        heads = {stem(head), stem(head[:-1]) if head.endswith("s") else stem(head)}
        if heads & vocab and stem(tail) in vocab:
            return True
    return False


def unkept(entry: Entry, generic: set[str], groups: list[set[str]]) -> list[str]:
    """The stored questions of an entry none of whose specific words its texts mention."""
    vocab = vocabulary(f"{entry.answer}\n{entry.more or ''}", groups)
    result = []
    for question in entry.questions:
        specific = [w for w in content_words(question)
                    if w not in KEEP_QUESTION_WORDS and stem(w) not in generic]
        if specific and not any(mentioned(w, vocab) for w in specific):
            result.append(question)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--entry", action="append", default=[],
                        help="list only the questions of this entry")
    parser.add_argument("--quiet", action="store_true", help="print only the counts")
    args = parser.parse_args()
    kb = load_checked(args.knowledge)
    generic, groups = generic_stems(kb), synonym_groups(kb)
    found = {e.id: unkept(e, generic, groups) for e in kb.entries.values()}
    found = {i: qs for i, qs in found.items() if qs}
    questions = sum(len(e.questions) for e in kb.entries.values())
    total = sum(len(qs) for qs in found.values())
    if not args.quiet:
        print("Stored questions whose words neither 'answer' nor 'more' mention "
              "(does the answer answer them?):")
        for entry_id, qs in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if args.entry and entry_id not in args.entry:
                continue
            entry = kb.entries[entry_id]
            print(f"\n{entry_id} ({entry.file}): {len(qs)} of {len(entry.questions)}")
            for q in qs:
                print(f"  {q}")
        print()
    print(f"{total} of {questions} stored questions in {len(found)} of {len(kb.entries)} "
          f"entries (words left out as too common: {len(generic)})")
    return 0


if __name__ == "__main__":
    run_script(main)
