"""The naive Bayes classifier that gives the matcher a second opinion."""

from __future__ import annotations

import math

import pytest

from bot.classifier import Classifier, count
from bot.knowledge import KnowledgeBase
from bot.matcher import OFF_TOPIC_CLASS, Matcher


def small() -> Classifier:
    counts: dict[str, dict[str, float]] = {}
    docs: dict[str, int] = {}
    count([("umlage", {"=kreisumlag": 1, "=gemeind": 1}),
           ("umlage", {"=kreisumlag": 1, "=zahl": 1}),
           ("netz", {"=breitband": 1, "=ausbau": 1})], counts, docs)
    return Classifier(counts, docs)


def test_count_sums_features_and_texts_per_class() -> None:
    counts: dict[str, dict[str, float]] = {}
    docs: dict[str, int] = {}
    count([("a", {"x": 1.0, "y": 0.3}), ("a", {"x": 1.0}), ("b", {"y": 2.0})], counts, docs)
    assert counts == {"a": {"x": 2.0, "y": 0.3}, "b": {"y": 2.0}}
    assert docs == {"a": 2, "b": 1}


def test_the_class_whose_texts_share_the_features_wins() -> None:
    p = small().probabilities({"=breitband": 1.0}, ["umlage", "netz"])
    assert p["netz"] > 0.9
    assert math.isclose(sum(p.values()), 1.0)


def test_unseen_features_leave_the_prior_and_unknown_classes_are_left_out() -> None:
    p = small().probabilities({"=wetter": 1.0}, ["umlage", "netz", "gibt-es-nicht"])
    assert set(p) == {"umlage", "netz"}
    assert p["umlage"] == pytest.approx(2 / 3)


def test_only_the_classes_asked_for_share_the_probability() -> None:
    p = small().probabilities({"=kreisumlag": 1.0}, ["netz"])
    assert p == {"netz": 1.0}


def test_subjects_outside_the_kek_take_the_probability_of_their_questions(
    mini_kb: KnowledgeBase,
) -> None:
    matcher = Matcher(mini_kb)
    waste = matcher.probabilities(matcher.analyse("wann holen die den sperrmuell ab"),
                                  ["kreisumlage", "breitband"])
    assert max(waste, key=waste.__getitem__) == OFF_TOPIC_CLASS + "abfall"
    levy = matcher.probabilities(matcher.analyse("wer zahlt die kreisumlage"),
                                 ["kreisumlage", "breitband"])
    assert max(levy, key=levy.__getitem__) == "kreisumlage"


def test_without_classifier_there_are_no_probabilities(mini_kb: KnowledgeBase) -> None:
    matcher = Matcher(mini_kb, classify=False)
    assert matcher.probabilities(matcher.analyse("kreisumlage"), ["kreisumlage"]) == {}
