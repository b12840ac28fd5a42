"""The evaluation set measures generalisation: it stays out of the knowledge base and the
answer quality on it must meet the targets printed by bench/eval.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rapidfuzz import fuzz, process

from bot.engine import Engine
from bot.normalize import words
from tests.conftest import ROOT

QUESTIONS = ROOT / "tests" / "eval" / "questions.yaml"
# A second set, written later by someone who saw neither the knowledge base nor the first set.
# It is never used for tuning; bench/eval.py --questions tests/eval/holdout.yaml reports on it.
HOLDOUT = ROOT / "tests" / "eval" / "holdout.yaml"
# Two development sets, written in December 2026 without the knowledge base or the other sets
# and labelled from the answer texts without running the bot; used to find what goes wrong.
DEV = ROOT / "tests" / "eval" / "dev.yaml"
DEV2 = ROOT / "tests" / "eval" / "dev2.yaml"
# Written and labelled the same way, measured once untouched and never used to choose anything.
FINAL = ROOT / "tests" / "eval" / "final.yaml"
FINAL2 = ROOT / "tests" / "eval" / "final2.yaml"
FINAL3 = ROOT / "tests" / "eval" / "final3.yaml"
# English messages, written and labelled the same way; scored apart by bench/eval.py.
ENGLISH = ROOT / "tests" / "eval" / "english.yaml"
ENGLISH2 = ROOT / "tests" / "eval" / "english2.yaml"
SETS = pytest.mark.parametrize("path", [QUESTIONS, DEV, DEV2, HOLDOUT, FINAL, FINAL2, FINAL3,
                                        ENGLISH, ENGLISH2],
                               ids=["eval", "dev", "dev2", "holdout", "final", "final2",
                                    "final3", "english", "english2"])


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_eval", ROOT / "bench" / "eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def normalize_spelling(text: str) -> str:
    return " ".join(words(text))


def test_evaluation_set_is_big_and_varied_enough() -> None:
    items = bench.load_items(QUESTIONS)
    expects = [i.expect for i in items]
    assert len(items) >= 200
    assert expects.count("handoff") >= 50
    assert expects.count("smalltalk") >= 15


@SETS
def test_labels_name_existing_themes_and_entries(shipped_engine: Engine, path: Path) -> None:
    kb = shipped_engine.kb
    for item in bench.load_items(path):
        if item.expect == "answer":
            assert item.theme in kb.themes, item.q
            assert item.entries, item.q
            assert all(e in kb.entries for e in item.entries), (item.q, item.entries)
        else:
            assert item.theme is None and not item.entries, item.q


@SETS
def test_no_evaluation_question_is_copied_into_the_knowledge_base(
    shipped_engine: Engine, path: Path
) -> None:
    # "Normalised" here means the spelling is normalised (case, umlauts, punctuation, colloquial
    # forms) but the words stay: a copy is a question with (nearly) the same words.
    kb = shipped_engine.kb
    # The questions listed as outside the KEK count too: copying the out-of-scope questions
    # there would flatter the forwarding figure just as much.
    stored = [*(q for e in kb.entries.values() for q in e.questions),
              *(q for e in kb.entries.values() if e.en for q in e.en.questions),
              *(q for t in kb.off_topics.values() for q in t.questions)]
    phrasings = {normalize_spelling(q): q for q in stored}
    choices = [p for p in phrasings if p]
    copied = []
    for item in bench.load_items(path):
        query = normalize_spelling(item.q)
        if not query:
            continue
        hit = process.extractOne(query, choices, scorer=fuzz.ratio, processor=None,
                                 score_cutoff=90)
        if hit is not None:
            copied.append((item.q, phrasings[hit[0]], hit[1]))
    assert copied == []


# Regression floors on the tuned set only (the targets are measured on the fresh sets by
# bench/eval.py --summary and recorded in README.md). Reached: 88.9 % right, 1.5 % wrong,
# 97.4 % forwarded.
RIGHT_ENTRY_FLOOR = 0.88
CONFIDENT_WRONG_CEILING = 0.02
FORWARDED_FLOOR = 0.95


@pytest.fixture(scope="module")
def report(shipped_engine: Engine) -> Any:
    return bench.evaluate(shipped_engine, bench.load_items(QUESTIONS))


def test_no_more_confident_wrong_answers_than_before(report: Any) -> None:
    assert report.confident_wrong <= CONFIDENT_WRONG_CEILING


def test_out_of_scope_questions_are_forwarded(report: Any) -> None:
    assert report.forwarded >= FORWARDED_FLOOR


def test_right_entry_share_does_not_fall_below_what_was_reached(report: Any) -> None:
    assert report.right_entry >= RIGHT_ENTRY_FLOOR
