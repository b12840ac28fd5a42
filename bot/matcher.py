"""Rank knowledge-base entries for a question. Ranking only: the dialogue policy decides.

The index is built once per knowledge base. A question is scored in four steps:

1. analyse: normalised stems, with the curated synonyms applied, compounds split or joined the
   way the knowledge base spells them ("Bürger Büro" / "Bürgerbüro", "Ausbau des Breitbands" /
   "Breitbandausbau"), and unknown words corrected to the nearest known word (typos);
2. prefilter: only phrasings that share at least one stem with the question are scored (an
   inverted index), which keeps a 5,000-entry knowledge base fast;
3. score: an IDF-weighted overlap that rewards covering both the question and the phrasing,
   plus a character-level rapidfuzz similarity for what the word steps missed. A single keyword
   covers a keyword phrasing completely; a long message is also scored sentence by sentence, so
   greetings and stories around the real question do not drown it;
4. rerank: the best candidates are blended with the letter-trigram similarity between the
   question and all phrasings of each entry together, which catches paraphrases that share word
   parts but few whole words, and with the probability a naive Bayes classifier trained on all
   phrasings gives each entry (bot/classifier.py). The subjects outside the KEK are classes of
   that classifier too, so a question about them gives its probability to them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from rapidfuzz import fuzz, process

from bot.classifier import Classifier, count
from bot.knowledge import Contact, Entry, KnowledgeBase, OffTopic, Source
from bot.normalize import ENGLISH, GERMAN, TextRules, fold

_SENTENCE_END = re.compile(r"[.!?\n;]+|\.\.\.|…")
MIN_SPLIT_PART = 4
MIN_TAIL = 5
TYPO_MIN_LEN = 4
# The longest word the matcher tries to take apart ("Kreisentwicklungskonzeptfortschreibung"
# has 38 letters); anything longer is a wall of letters, not a word.
MAX_WORD_LENGTH = 40
PREFILTER_TOP = 40
CANDIDATE_FLOOR = 0.3  # phrasings sharing less than this of the best overlap are not scored
RESOLVED_CACHE = 200_000
RECENT_QUERIES = 64
UNKNOWN_FACTOR = 1.0
PART_BASE = 0.6
# Weights of the score's parts, tuned on tests/eval: the best phrasing's overlap, how much of
# the question all phrasings of the entry cover together, and character similarity.
W_OVERLAP, W_ENTRY, W_CHARS = 0.6, 0.3, 0.1
# Share of the final score that comes from letter-trigram similarity (see Matcher._rerank), and
# how many more candidates than asked for are reranked.
W_TRIGRAM = 0.5
# Share of the final score that comes from the classifier's probability for the entry, and the
# weight of one letter trigram against one whole word in the classifier's features.
W_CLASSIFIER = 0.1
TRIGRAM_FEATURE = 0.3
OFF_TOPIC_CLASS = "nicht-im-kek:"
EXACT_SCORE = 90.0
RERANK_EXTRA = 5


@dataclass(frozen=True)
class Match:
    """One ranked entry with a score from 0 to 100 and the phrasing that matched best."""

    entry: Entry
    score: float
    phrasing: str


@dataclass(frozen=True)
class Query:
    """A question after analysis: its words, their stems, and the words nobody knows."""

    stems: tuple[str, ...]
    unknown: tuple[str, ...]
    text: str
    words: tuple[str, ...] = ()


@dataclass
class _Doc:
    entry_id: str
    text: str
    stems: frozenset[str]
    weight: float
    normalized: str


class Matcher:
    """An in-memory index over one knowledge base's phrasings, keywords and titles.

    With `classify`, a classifier over the entries and the subjects outside the KEK is trained
    too and blended into the ranking.
    """

    def __init__(self, kb: KnowledgeBase, classify: bool = True,
                 rules: TextRules = GERMAN) -> None:
        self.kb = kb
        self._rules = rules  # German; English for the entries' English questions
        synonyms = _synonym_table(kb)
        self._synonyms_by_first_word: dict[str, list[tuple[list[str], list[str]]]] = {}
        for variant, canonical in synonyms:
            self._synonyms_by_first_word.setdefault(variant[0], []).append((variant, canonical))
        # Typos are corrected towards known words and towards one-word synonym variants, whose
        # canonical form then counts ("kreisentwicklungskonzep" -> variant -> "kek").
        self._variants = {v[0]: c for v, c in synonyms if len(v) == 1}
        self._vocab_words: set[str] = set()
        self._resolved: dict[str, list[str]] = {}
        self._unresolved: set[str] = set()
        self._recent: dict[str, Query] = {}
        self._stems_of_entry: dict[str, set[str]] = defaultdict(set)
        self._docs: list[_Doc] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        doc_words = [(entry_id, text, self._words(text)) for entry_id, text in _raw_docs(kb)]
        self._build_vocabulary(doc_words)
        docs = [(entry_id, text, frozenset(self._analyse_words(words)[0]))
                for entry_id, text, words in doc_words]
        self._build_weights(docs)
        self._build_index(docs)
        trigram_counts = _entry_trigram_counts(doc_words)
        self._trigrams = {e: _unit_vector(c) for e, c in trigram_counts.items()}
        self._off_topic_classes = [OFF_TOPIC_CLASS + t for t in kb.off_topics]
        self._classifier = self._train(docs, trigram_counts) if classify else None

    def _build_vocabulary(self, doc_words: list[tuple[str, str, list[str]]]) -> None:
        for _, _, words in doc_words:
            self._vocab_words.update(words)
        self._vocab_stems = {self._rules.stem(w) for w in self._vocab_words}
        self._learn_compound_parts()
        self._vocab_by_length: dict[int, list[str]] = defaultdict(list)
        self._typo_lists: dict[tuple[int, float], list[str]] = {}
        for word in sorted(self._vocab_words | set(self._variants)):
            self._vocab_by_length[len(word)].append(word)

    def _build_weights(self, docs: list[tuple[str, str, frozenset[str]]]) -> None:
        """IDF over entries: a stem found in few entries tells more about the question."""
        for entry_id, _, stems in docs:
            self._stems_of_entry[entry_id].update(stems)
        entries_with: dict[str, int] = defaultdict(int)
        for entry_stems in self._stems_of_entry.values():
            for s in entry_stems:
                entries_with[s] += 1
        total = max(1, len(self._stems_of_entry))
        self._idf = {s: math.log(1 + total / n) for s, n in entries_with.items()}
        self._unknown_weight = math.log(1 + total)

    def _build_index(self, docs: list[tuple[str, str, frozenset[str]]]) -> None:
        for entry_id, text, stems in docs:
            if not stems:
                continue
            self._postings_add(len(self._docs), stems)
            self._docs.append(_Doc(entry_id, text, stems, self._weight(stems),
                                   " ".join(sorted(stems))))

    def _train(self, docs: list[tuple[str, str, frozenset[str]]],
               trigram_counts: dict[str, Counter[str]]) -> Classifier:
        """Train on every phrasing of the entries and of the subjects outside the KEK.

        An entry's features are the sum of its phrasings' features (see `_features`); the
        trigram counts summed per entry for the rerank are reused for that.
        """
        counts = {e: {g: TRIGRAM_FEATURE * n for g, n in grams.items()}
                  for e, grams in trigram_counts.items()}
        texts: dict[str, int] = {}
        count(((e, dict.fromkeys((f"={s}" for s in stems), 1.0)) for e, _, stems in docs),
              counts, texts)
        count(((OFF_TOPIC_CLASS + t.id, self._text_features(q))
               for t in self.kb.off_topics.values() for q in t.questions), counts, texts)
        return Classifier(counts, texts, always=self._off_topic_classes)

    def _text_features(self, text: str) -> dict[str, float]:
        words = self._words(text)
        stems, unknown = self._analyse_words(words)
        return _features(stems, _trigram_counts(words), map(self._rules.stem, unknown))

    def _postings_add(self, index: int, stems: frozenset[str]) -> None:
        for s in stems:
            self._postings[s].append(index)

    def _learn_compound_parts(self) -> None:
        """Make the tail of a known compound a word of its own: "Breitbandausbau" has the known
        head "Breitband", so "Ausbau" becomes known too, and "Ausbau des Breitbands" matches."""
        parts: set[str] = set()
        for word in self._vocab_words:
            for i in range(len(word) - MIN_TAIL, MIN_SPLIT_PART - 1, -1):
                head, tail = word[:i], word[i:]
                if self._rules.stem(head) in self._vocab_stems:
                    parts.add(tail)
                    break
                if (head.endswith("s") and len(head) > 5
                        and self._rules.stem(head[:-1]) in self._vocab_stems):
                    parts.add(tail)
                    break
        self._vocab_words |= parts
        self._vocab_stems |= {self._rules.stem(p) for p in parts}

    # --- analysis ------------------------------------------------------------------------------

    def _words(self, text: str) -> list[str]:
        replaced = " ".join(self._replace_synonyms(fold(text).split()))
        return self._rules.content_words(replaced, folded=True)

    def _replace_synonyms(self, words: list[str]) -> list[str]:
        """Replace every synonym variant by its canonical words, the longest variant first."""
        result: list[str] = []
        i = 0
        while i < len(words):
            for variant, canonical in self._synonyms_by_first_word.get(words[i], ()):
                if words[i : i + len(variant)] == variant:
                    result.extend(canonical)
                    i += len(variant)
                    break
            else:
                result.append(words[i])
                i += 1
        return result

    def _analyse_words(self, words: list[str]) -> tuple[list[str], list[str]]:
        """Stems of known words (compounds and typos resolved) and the words left unknown."""
        stems: list[str] = []
        unknown: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            joined = word + words[i + 1] if i + 1 < len(words) else ""
            if joined and joined in self._vocab_words and word not in self._vocab_words:
                stems.append(self._rules.stem(joined))
                i += 2
                continue
            stems.extend(self._resolve(word, unknown))
            i += 1
        return stems, unknown

    def _resolve(self, word: str, unknown: list[str]) -> list[str]:
        known = self._resolved.get(word)
        if known is not None:
            return known
        stems = None if word in self._unresolved else self._resolve_new(word)
        if stems is None:
            if len(self._unresolved) < RESOLVED_CACHE:
                self._unresolved.add(word)
            unknown.append(word)
            return []
        if len(self._resolved) < RESOLVED_CACHE:
            self._resolved[word] = stems
        return stems

    def _resolve_new(self, word: str) -> list[str] | None:
        """Stems for a word not seen before, or None if it stays unknown. Words longer than
        MAX_WORD_LENGTH are no German words: they are neither split nor searched for typos,
        which would cost the square of their length."""
        if len(word) > MAX_WORD_LENGTH:
            return None
        parts = self._split_compound(word)
        if word in self._vocab_words or self._rules.stem(word) in self._vocab_stems:
            return [self._rules.stem(word), *parts]
        if parts:
            return parts
        if word.isdigit():
            return []  # a number the knowledge base does not mention says nothing about the topic
        if len(word) >= TYPO_MIN_LEN:
            cutoff = 84 if len(word) >= 7 else 88
            best = process.extractOne(word, self._typo_candidates(len(word), cutoff),
                                      scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
            if best is not None:
                return [self._rules.stem(w) for w in self._variants.get(best[0], [best[0]])]
        return None

    def _typo_candidates(self, length: int, cutoff: float) -> list[str]:
        """Known words long enough and short enough to reach `cutoff` with fuzz.ratio.

        ratio = 2 * matches / (len_a + len_b), and matches <= the shorter length, so a word of
        length n can only reach c with words between n * c / (2 - c) and n * (2 - c) / c long.
        """
        found = self._typo_lists.get((length, cutoff))
        if found is None:
            c = cutoff / 100
            low, high = math.ceil(length * c / (2 - c)), math.floor(length * (2 - c) / c)
            found = [w for n in range(low, high + 1) for w in self._vocab_by_length.get(n, ())]
            self._typo_lists[(length, cutoff)] = found
        return found

    def _split_compound(self, word: str) -> list[str]:
        """Split a compound into two known parts ("breitbandausbau" -> breitband, ausbau)."""
        if len(word) < 2 * MIN_SPLIT_PART:
            return []
        for i in range(len(word) - MIN_SPLIT_PART, MIN_SPLIT_PART - 1, -1):
            left, right = word[:i], word[i:]
            right_stem = self._rules.stem(right)
            if right_stem not in self._vocab_stems:
                continue
            for head in (left, left[:-1] if left.endswith("s") else "",
                         left[:-2] if left.endswith("es") else ""):
                if len(head) >= MIN_SPLIT_PART and self._rules.stem(head) in self._vocab_stems:
                    return [self._rules.stem(head), right_stem]
        return []

    def analyse(self, text: str) -> Query:
        """The analysed question; the last few are remembered, as one decision needs several."""
        query = self._recent.get(text)
        if query is None:
            words = self._words(text)
            stems, unknown = self._analyse_words(words)
            query = Query(tuple(dict.fromkeys(stems)), tuple(unknown), text, tuple(words))
            if len(self._recent) >= RECENT_QUERIES:
                self._recent.clear()
            self._recent[text] = query
        return query

    # --- scoring -------------------------------------------------------------------------------

    def _weight(self, stems: frozenset[str] | set[str]) -> float:
        return sum(self._idf.get(s, self._unknown_weight) for s in stems)

    def _query_weight(self, query: Query) -> float:
        # Unknown words count at a reduced weight: they may be the real topic (then the question
        # is out of scope) or just a story around it.
        unknown = UNKNOWN_FACTOR * self._unknown_weight * len(query.unknown)
        return self._weight(set(query.stems)) + unknown

    def unknown_share(self, text: str) -> float:
        """How much of a message (by weight) consists of words the knowledge base does not know.

        High for questions whose topic the bot has never heard of ("Wann hat die Schwimmhalle
        offen?"), low for questions in the knowledge base's own words.
        """
        query = self.analyse(text)
        unknown = self._unknown_weight * len(query.unknown)
        total = self._weight(set(query.stems)) + unknown
        return unknown / total if total else 1.0

    def search(self, text: str, limit: int = 5) -> list[Match]:
        """Rank entries for a question.

        Args:
            text: the citizen's message, as typed.
            limit: how many entries to return at most.

        Returns:
            Matches ordered by score (0-100), best first, one per entry.
        """
        best: dict[str, Match] = {}
        whole = self.analyse(text)
        for part in _parts(text):
            query = whole if part is text else self.analyse(part)
            # A sentence of a longer message counts less the less of the message it is, so a
            # side remark ("is ja schon alt") cannot outrank the message as a whole.
            share = self._query_weight(query) / (self._query_weight(whole) or 1)
            factor = 1.0 if part is text else PART_BASE + (1 - PART_BASE) * min(1.0, share)
            for match in self._search_part(query):
                score = round(match.score * factor, 1)
                known = best.get(match.entry.id)
                if known is None or score > known.score:
                    best[match.entry.id] = Match(match.entry, score, match.phrasing)
        ranked = sorted(best.values(), key=lambda m: -m.score)[: limit + RERANK_EXTRA]
        return self._rerank(text, ranked)[:limit]

    def _rerank(self, text: str, matches: list[Match]) -> list[Match]:
        """Blend in letter-trigram similarity to all of an entry's phrasings.

        Word stems miss what trigrams catch: word parts shared across compounds ("Glasfaser-
        netz" / "Netzausbau"), inflections the stemmer leaves apart, and words spread over
        several phrasings of the same entry.
        """
        analysed = self.analyse(text)
        trigrams = _trigram_counts(analysed.words)
        query = _unit_vector(trigrams)
        probability = self._probabilities(analysed, trigrams, [m.entry.id for m in matches])
        blended = []
        for m in matches:
            similarity = 100 * _cosine(query, self._trigrams.get(m.entry.id, {}))
            blend = (1 - W_TRIGRAM) * m.score + W_TRIGRAM * similarity
            if probability:
                blend = (1 - W_CLASSIFIER) * blend + W_CLASSIFIER * 100 * probability[m.entry.id]
            # A question worded (almost) like a stored phrasing keeps its score and its lead.
            score = m.score if m.score >= EXACT_SCORE else blend
            blended.append(Match(m.entry, round(score, 1), m.phrasing))
        return sorted(blended, key=lambda m: -m.score)

    def probabilities(self, query: Query, entry_ids: list[str]) -> dict[str, float]:
        """The classifier's probability for each of the entries and each subject outside the
        KEK (keys with the prefix OFF_TOPIC_CLASS), given that the question is about one of
        them; empty without a classifier."""
        return self._probabilities(query, _trigram_counts(query.words), entry_ids)

    def _probabilities(self, query: Query, trigrams: Counter[str],
                       entry_ids: list[str]) -> dict[str, float]:
        if self._classifier is None:
            return {}
        features = _features(query.stems, trigrams, map(self._rules.stem, query.unknown))
        return self._classifier.probabilities(features, entry_ids)

    def _search_part(self, query: Query) -> list[Match]:
        if not query.stems:
            return []
        q_stems = set(query.stems)
        q_weight = self._query_weight(query)
        matched: dict[int, float] = defaultdict(float)
        for s in q_stems:
            weight = self._idf.get(s, self._unknown_weight)
            for index in self._postings.get(s, ()):
                matched[index] += weight
        floor = CANDIDATE_FLOOR * max(matched.values(), default=0.0)
        scored = heapq.nlargest(PREFILTER_TOP, (
            (_f_score(m / q_weight, m / self._docs[i].weight), self._docs[i])
            for i, m in matched.items() if m >= floor
        ), key=lambda item: item[0])
        q_norm = " ".join(sorted(q_stems))
        results: dict[str, Match] = {}
        for overlap, doc in scored:
            if doc.entry_id in results:
                continue
            entry_cover = self._weight(q_stems & self._stems_of_entry[doc.entry_id]) / q_weight
            chars = fuzz.token_sort_ratio(q_norm, doc.normalized, processor=None) / 100
            score = 100 * (W_OVERLAP * overlap + W_ENTRY * entry_cover + W_CHARS * chars)
            results[doc.entry_id] = Match(self.kb.entries[doc.entry_id], round(score, 1),
                                          doc.text)
        return list(results.values())


@lru_cache(maxsize=65536)
def _word_trigrams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + 3] for i in range(len(padded) - 2))


def _features(stems: Iterable[str], trigrams: Counter[str],
              unknown_stems: Iterable[str]) -> dict[str, float]:
    """The classifier's view of a text: its stems, including those of words the KEK entries do
    not use (the subjects outside the KEK do), and its letter trigrams at a lower weight."""
    features = {g: TRIGRAM_FEATURE * n for g, n in trigrams.items()}
    features.update((f"={s}", 1.0) for s in chain(stems, unknown_stems))
    return features


def _trigram_counts(words: Iterable[str]) -> Counter[str]:
    """How often each letter trigram (with word boundaries) occurs in the words."""
    return Counter(chain.from_iterable(map(_word_trigrams, words)))


def _unit_vector(counts: Counter[str]) -> dict[str, float]:
    """Unit-length vector of sublinear counts."""
    vector = {g: 1 + math.log(n) for g, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {g: v / norm for g, v in vector.items()}


def _entry_trigram_counts(doc_words: list[tuple[str, str, list[str]]]) -> dict[str, Counter[str]]:
    """Trigram counts per entry, over the words of all its phrasings and keywords."""
    words_of: dict[str, list[str]] = defaultdict(list)
    for entry_id, _, words in doc_words:
        words_of[entry_id].extend(words)
    return {entry_id: _trigram_counts(words) for entry_id, words in words_of.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    return sum(v * large.get(g, 0.0) for g, v in small.items())


def _f_score(cover_query: float, cover_doc: float) -> float:
    """High only when the question and the phrasing are both largely covered."""
    return 2 * cover_query * cover_doc / (cover_query + cover_doc)


def _raw_docs(kb: KnowledgeBase) -> list[tuple[str, str]]:
    docs: list[tuple[str, str]] = []
    for entry in kb.entries.values():
        docs.extend((entry.id, q) for q in entry.questions)
        docs.extend((entry.id, k) for k in entry.keywords)
    return docs


def _synonym_table(kb: KnowledgeBase) -> list[tuple[list[str], list[str]]]:
    """(variant words, canonical words) in folded form, longest variant first."""
    table = [
        (fold(variant).split(), fold(canonical).split())
        for canonical, variants in kb.synonyms.items()
        for variant in variants
        if fold(variant)
    ]
    return sorted(table, key=lambda pair: -len(" ".join(pair[0])))


def _parts(text: str) -> list[str]:
    """The whole message, plus each sentence of it when it has several."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    return [text, *sentences] if len(sentences) > 1 else [text]


def contacts_serving(kb: KnowledgeBase, town: str) -> list[Contact]:
    """The contacts whose town or served places match `town` (typos and umlauts allowed)."""
    names = {c.id: [c.town, *c.serves] for c in kb.contacts.values()}
    return [kb.contacts[i] for i in find_towns(town, names)]


def find_towns(town: str, candidates: dict[str, list[str]], cutoff: float = 85) -> list[str]:
    """Keys of `candidates` whose town names match `town` despite typos and missing umlauts."""
    wanted = fold(town)
    if not wanted:
        return []
    found: list[str] = []
    for key, names in candidates.items():
        best = process.extractOne(wanted, [fold(n) for n in names], scorer=fuzz.ratio,
                                  processor=None, score_cutoff=cutoff)
        if best is not None:
            found.append(key)
    return found


class Triggers:
    """Trigger words of the subjects outside the KEK ("blutet", "suizid*"): one of them in a
    message decides the subject at once. A trigger ending in * also matches longer words."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._table = [
            (t, f" {fold(trigger.rstrip('*'))}" + ("" if trigger.endswith("*") else " "))
            for t in kb.off_topics.values() for trigger in t.triggers if fold(trigger)
        ]

    def find(self, text: str) -> OffTopic | None:
        """The subject one of whose trigger words occurs in the message, if any."""
        padded = f" {fold(text)} "
        return next((topic for topic, trigger in self._table if trigger in padded), None)


class OffTopicIndex:
    """Recognises questions about subjects the KEK does not cover (knowledge/nicht-im-kek.yaml).

    The subjects' questions are indexed like entries, in an index of their own, so they do not
    change how KEK entries are weighted and ranked.
    """

    def __init__(self, kb: KnowledgeBase, english: bool = False) -> None:
        self._topics = kb.off_topics
        entries = {
            t.id: Entry(id=t.id, theme="", questions=questions, answer=t.label,
                        source=Source("", ""), reviewed=dt.date.min)
            for t in kb.off_topics.values()
            if (questions := t.questions_en if english else t.questions)
        }
        base = KnowledgeBase(themes={}, goals={}, entries=entries, contacts={},
                             synonyms=kb.synonyms_en if english else kb.synonyms)
        rules = ENGLISH if english else GERMAN
        self._matcher = Matcher(base, classify=False, rules=rules) if entries else None
        self._triggers = Triggers(kb)

    def triggered(self, text: str) -> OffTopic | None:
        """The subject a trigger word in the message decides at once ("blutet": emergency)."""
        return self._triggers.find(text)

    def best(self, text: str) -> tuple[OffTopic, float] | None:
        """The closest subject and its score (0-100), or None if nothing shares a word."""
        if self._matcher is None:
            return None
        found = self._matcher.search(text, limit=1)
        if not found:
            return None
        return self._topics[found[0].entry.id], found[0].score
