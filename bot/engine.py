"""The facade both front ends call: a question or a button action in, a Reply out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot import anatomy, replies, smalltalk, texts
from bot.actions import (
    Action,
    AskOffice,
    EntryVerb,
    Feedback,
    Goal,
    NoneOfThese,
    ShowEntry,
    Theme,
    Themes,
)
from bot.config import Config
from bot.dialogue import Decision, Policy, decide
from bot.english import EnglishIndex, looks_english, without_signature
from bot.errors import KnowledgeError
from bot.knowledge import Contact, Entry, KnowledgeBase, OffTopic, load_knowledge
from bot.matcher import (
    EXACT_SCORE,
    Match,
    Matcher,
    OffTopicIndex,
    contacts_serving,
)
from bot.replies import Reply

SIMILAR_COUNT = 3
# The thresholds for messages in English (chosen on bench/data/english-dev.yaml and
# tests/eval/english.yaml; tests/eval/english2.yaml is measured, never tuned on).
ENGLISH_POLICY = Policy(answer_at=48.0, margin=10.0, lead_answer_at=40.0, lead_margin=12.0,
                        clarify_at=26.0, max_unknown_answer=0.4, max_unknown_clarify=0.5,
                        off_topic_at=30.0, off_topic_margin=10.0)


def load_checked(path: Path | str) -> KnowledgeBase:
    """Load a knowledge base and refuse it if it has errors (warnings are fine)."""
    kb, problems = load_knowledge(path)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        listing = "\n".join(str(p) for p in errors[:20])
        raise KnowledgeError(f"Die Wissensbasis hat {len(errors)} Fehler:\n{listing}", errors)
    return kb


def policy_of(config: Config) -> Policy:
    """The policy with every threshold the configuration sets (the `matching.*` settings)."""
    settings = {f.name for f in dataclasses.fields(config)}
    return Policy(**{f.name: getattr(config, f.name) for f in dataclasses.fields(Policy)
                     if f.name in settings})


@dataclasses.dataclass(frozen=True)
class Evidence:
    """Everything the dialogue policy weighs for one message. Computed once, it can be decided
    under many policies (bench/tune.py does that)."""

    text: str
    matches: list[Match]
    smalltalk: str | None = None
    unknown_share: float = 0.0
    off_topic: tuple[OffTopic, float] | None = None
    urgent: OffTopic | None = None
    whole: str = ""  # the whole message, cleaned: instructions to the bot are looked for here

    def decide(self, policy: Policy) -> Decision:
        return decide(self.text, self.matches, self.smalltalk, policy, self.unknown_share,
                      self.off_topic, self.urgent, self.whole)


# A message with no question left after the anatomy: what it was instead.
ASIDE_KINDS = {"greeting": "greeting", "introduction": "greeting", "thanks": "thanks",
               "closing": "bye"}


def _first_aside(parts: anatomy.Anatomy) -> str:
    return parts.set_aside[0].kind if parts.set_aside else ""


def shown_entry(action: Action | None) -> str | None:
    """The entry whose answer an option shows (an answer, or one browsed to), else None."""
    if isinstance(action, ShowEntry) and action.verb in ("entry", "show", "english"):
        return action.entry_id
    return None


@dataclasses.dataclass(frozen=True)
class Index:
    """Everything the engine needs for one knowledge base, built in one go."""

    kb: KnowledgeBase
    matcher: Matcher
    off_topics: OffTopicIndex
    english: EnglishIndex

    @classmethod
    def build(cls, kb: KnowledgeBase) -> Index:
        return cls(kb, Matcher(kb), OffTopicIndex(kb), EnglishIndex(kb))


class Engine:
    """Answers questions from one knowledge base; `swap` replaces it as a whole."""

    def __init__(self, kb: KnowledgeBase, policy: Policy | None = None,
                 english_policy: Policy | None = None) -> None:
        self.policy = policy or Policy()
        self.english_policy = english_policy or ENGLISH_POLICY
        self.kb = kb
        self.matcher = Matcher(kb)
        self.off_topics = OffTopicIndex(kb)
        self.english = EnglishIndex(kb)

    @classmethod
    def from_path(cls, path: Path | str, policy: Policy | None = None) -> Engine:
        return cls(load_checked(path), policy)

    def swap(self, kb: KnowledgeBase) -> None:
        """Serve a new knowledge base; the index is built before the switch."""
        self.install(Index.build(kb))

    def install(self, index: Index) -> None:
        """Switch to an index built elsewhere (in a thread, say) in one step."""
        self.kb, self.matcher, self.off_topics, self.english = (
            index.kb, index.matcher, index.off_topics, index.english)

    def decide(self, text: str) -> Decision:
        if looks_english(text):
            return self.decide_english(text)
        return self.evidence(text).decide(self.policy)

    def evidence(self, text: str) -> Evidence:
        """What the policy weighs for a message. Greetings, signatures, introductions and
        fillers are set aside first (bot/anatomy.py): the question alone is matched. The
        matching is skipped where a trigger word or smalltalk decides."""
        cleaned = anatomy.clean(text)
        parts = anatomy.parse(cleaned)
        question = parts.question
        urgent = self.off_topics.triggered(cleaned)
        kind = smalltalk.classify(cleaned) or (
            smalltalk.classify(question) if question else ASIDE_KINDS.get(_first_aside(parts)))
        if urgent is not None or kind:
            return Evidence(question or cleaned, [], kind, urgent=urgent, whole=cleaned)
        subject = question or cleaned
        matches = self.matcher.search(subject, limit=self.policy.max_choices + 2)
        return Evidence(subject, matches, kind, self.matcher.unknown_share(subject),
                        self.off_topics.best(subject), whole=cleaned)

    def ask(self, text: str, last_entry: str | None = None,
            language: str = "de") -> tuple[Decision, Reply]:
        """Decide on a message and compose the reply; `last_entry` is the entry the citizen saw
        last, for a typed "mehr". A message in English, or any message of a citizen who chose
        English, is answered from the English texts."""
        english = language == "en"
        decision = self.decide_english(text) if english else self.decide(text)
        if decision.english:
            return decision, self._english_reply(decision, chosen=english)
        if decision.action == "smalltalk" and decision.reason == "themes":
            return decision, self.act(Themes(), language)
        if decision.action == "smalltalk" and decision.reason == "more":
            if last_entry is None or self.entry(last_entry) is None:
                return decision, replies.Reply(texts.MORE_WHICH)
            return decision, self.act(ShowEntry("more", last_entry), language)
        return decision, replies.compose(decision, self.kb, language)

    def decide_english(self, text: str) -> Decision:
        """The same policy as for German, over the entries' English questions and the English
        questions of the subjects outside the KEK: answer, offer the closest ones, or hand off.
        The decision is marked `english`, so the reply is in English."""
        decision = self.english_evidence(text).decide(self.english_policy)
        return dataclasses.replace(decision, english=True)

    def english_evidence(self, text: str) -> Evidence:
        """What the policy weighs for a message in English (bench/tune_english.py decides it
        under many policies). Emergency words count in English as in German; as there, at most
        the first 1,500 characters are read."""
        cleaned = anatomy.clean(text)
        urgent = self.off_topics.triggered(cleaned)
        if urgent is not None:
            return Evidence(cleaned, [], None, urgent=urgent, whole=cleaned)
        kind = smalltalk.classify(cleaned)
        if kind is not None:
            return Evidence(cleaned, [], kind, whole=cleaned)
        question = without_signature(cleaned)
        matches = self.english.search(question, limit=self.english_policy.max_choices + 2)
        return Evidence(question, matches, None, self.english.unknown_share(question),
                        self.english.off_topic(question), whole=cleaned)

    @staticmethod
    def _english_reply(decision: Decision, chosen: bool) -> Reply:
        """The reply in English. A citizen who `chosen` English gets the whole dialogue in
        English (answer buttons, forwarding); one who merely wrote in English gets the answer,
        or the closest English questions, and the offices' contact details."""
        if decision.action == "answer" and decision.entry is not None:
            if chosen:
                return replies.answer(decision.entry, decision.score < EXACT_SCORE, "en")
            return replies.english_answer(decision.entry)
        if decision.action == "clarify" and decision.candidates:
            return replies.english_choices([m.entry for m in decision.candidates], chosen)
        if decision.action == "smalltalk":
            return replies.english_smalltalk(decision.reason)
        return replies.english_handoff(decision.reason, decision.topic, chosen)

    def entry(self, entry_id: str) -> Entry | None:
        return self.kb.entries.get(entry_id)

    def similar(self, entry: Entry) -> list[Entry]:
        """Related entries first, then the nearest by matching, never the entry itself."""
        found = [self.kb.entries[r] for r in entry.related if r in self.kb.entries]
        for match in self.matcher.search(entry.title, limit=SIMILAR_COUNT + 2):
            if match.entry.id != entry.id and match.entry not in found:
                found.append(match.entry)
        return found[:SIMILAR_COUNT]

    def contacts_for(self, town: str) -> list[Contact]:
        return contacts_serving(self.kb, town)

    def act(self, action: Action | None, language: str = "de") -> Reply:
        """The reply to an option the citizen chose; unknown or outdated ones get the menu."""
        match action:
            case Themes():
                return replies.themes_menu(self.kb, language)
            case Theme(theme_id, page) if theme_id in self.kb.themes:
                return replies.theme_menu(self.kb, theme_id, page, language)
            case Goal(goal_id) if goal_id in self.kb.goals:
                return replies.goal_menu(self.kb, goal_id, language)
            case ShowEntry(verb, entry_id) if entry_id in self.kb.entries:
                return self._entry_action(verb, self.kb.entries[entry_id], language)
            case AskOffice(english=True):
                return self.contacts_reply(language="en")
            case AskOffice():
                return self.contacts_reply(language=language)
            case NoneOfThese():
                return replies.handoff("rejected")
            case Feedback():
                return Reply(texts.FEEDBACK_REASON_THANKS)
        menu = replies.themes_menu(self.kb, language)
        return Reply(f"{texts.ENTRY_GONE}\n\n{menu.text}", menu.options)

    def _entry_action(self, kind: EntryVerb, entry: Entry, language: str = "de") -> Reply:
        if kind == "show":
            return replies.browsed_answer(entry, language)
        if kind == "english":  # chosen among English choices without English chosen
            return replies.english_answer(entry) if entry.en else replies.english_missing()
        if kind == "more":
            return replies.more(entry)
        if kind == "similar":
            found = self.similar(entry)
            if not found:
                return Reply(texts.SIMILAR_NONE)
            return replies.choices(texts.SIMILAR, found, language)
        if kind == "up":
            return Reply(texts.FEEDBACK_THANKS)
        if kind == "down":
            reasons = tuple(replies.Option(label, Feedback(reason, entry.id))  # type: ignore[arg-type]
                            for reason, label in texts.BUTTON_REASON.items())
            office = replies.Option(texts.BUTTON_ASK_OFFICE, AskOffice())
            return Reply(texts.FEEDBACK_SORRY, (*reasons, office))
        return replies.answer(entry, language=language)

    def contacts_reply(self, town: str | None = None, language: str = "de") -> Reply:
        if not town:
            return replies.contacts(self.kb, language=language)
        return replies.contacts(self.kb, town, self.contacts_for(town), language)
