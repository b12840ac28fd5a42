"""A multinomial naive Bayes classifier over analysed words: which entry is a question about?

The fuzzy matcher compares a question with one stored phrasing at a time. This classifier
learns from all phrasings of an entry together which words and word parts speak for it: a
feature seen often in one entry's phrasings and rarely elsewhere counts much. Its probability is
a second opinion that the matcher blends into its score.

Subjects outside the KEK (knowledge/nicht-im-kek.yaml) are classes too: a question about
waste collection then gives its probability to that subject, not to the nearest KEK entry.

Training is counting, so it runs whenever an index is built; nothing is stored. Only the
classes asked about are scored, so a question costs the same for 100 or 5,000 entries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

ALPHA = 0.03  # additive smoothing; small, as the phrasings are short and close to questions


class Classifier:
    """Class probabilities for a bag of features (feature name -> weight)."""

    def __init__(self, counts: Mapping[str, Mapping[str, float]], docs: Mapping[str, int],
                 always: Iterable[str] = ()) -> None:
        """Train from summed feature weights per class and the number of texts per class.

        Args:
            counts: for each class, the summed feature weights of all its texts.
            docs: for each class, how many texts it was trained on (its prior).
            always: classes scored for every text, besides those asked for; they get an
                inverted index, which makes scoring many of them cheap.
        """
        self._vocabulary: set[str] = set().union(*counts.values())
        total_docs = sum(docs.values()) or 1
        smoothing = ALPHA * len(self._vocabulary)
        self._base: dict[str, tuple[float, float]] = {
            c: (math.log(docs[c] / total_docs), math.log(ALPHA / (sum(bag.values()) + smoothing)))
            for c, bag in counts.items()
        }
        # Log-odds of a feature the class saw over one it never saw.
        self._gains = {c: {f: math.log1p(n / ALPHA) for f, n in bag.items()}
                       for c, bag in counts.items()}
        self._always = [c for c in dict.fromkeys(always) if c in counts]
        self._always_postings: dict[str, list[tuple[str, float]]] = {}
        for c in self._always:
            for f, odds in self._gains[c].items():
                self._always_postings.setdefault(f, []).append((c, odds))

    def probabilities(self, features: Mapping[str, float],
                      classes: Iterable[str]) -> dict[str, float]:
        """The probability of each of `classes` and of the classes scored always, given that
        the text belongs to one of them.

        Features never seen in training are ignored; unknown classes are left out.
        """
        known = {f: w for f, w in features.items() if f in self._vocabulary}
        size = sum(known.values())
        scores = {c: self._prior(c, size) for c in self._always}
        for f, w in known.items():
            for c, odds in self._always_postings.get(f, ()):
                scores[c] += w * odds
        for c in classes:
            if c in self._base and c not in scores:
                gain = self._gains[c]
                seen = sum(known[f] * gain[f] for f in known.keys() & gain.keys())
                scores[c] = self._prior(c, size) + seen
        top = max(scores.values(), default=0.0)
        exps = {c: math.exp(s - top) for c, s in scores.items()}
        total = sum(exps.values()) or 1.0
        return {c: e / total for c, e in exps.items()}

    def _prior(self, label: str, size: float) -> float:
        """The class's log score before any feature it saw: prior and `size` unseen features."""
        prior, unseen = self._base[label]
        return prior + size * unseen


def count(samples: Iterable[tuple[str, Mapping[str, float]]],
          counts: dict[str, dict[str, float]], docs: dict[str, int]) -> None:
    """Add (class, features) samples, one per stored text, to the training counts."""
    for label, features in samples:
        bag = counts.setdefault(label, {})
        for f, w in features.items():
            bag[f] = bag.get(f, 0.0) + w
        docs[label] = docs.get(label, 0) + 1
