"""The dialogue policy: turn ranked matches into one of four outcomes. Pure and synchronous.

A confident wrong answer is the worst outcome, so `answer` needs a high score AND a clear lead
over the next entry (or a lower score and a very large lead); close candidates become a
`clarify` choice; everything else is a `handoff` to the Bürgerbüro.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.config import default
from bot.knowledge import Entry, OffTopic
from bot.matcher import Match
from bot.normalize import fold

ACTIONS = ("answer", "clarify", "handoff", "smalltalk")
IDENTICAL = 100.0  # the matcher's score for a question identical to a stored one

_INJECTION = re.compile(
    r"ignorier|vergiss (alle|alles|deine|die|den|das)\b|anweisung|\bprompt|systemnachricht|"
    r"\bdu bist (jetzt|ab jetzt|nun|ab sofort)\b|tu so als|rollenspiel|jailbreak|developer mode|"
    r"\bsag (mir )?(einen witz|was schlimmes|etwas falsches|dass)|\bsprich wie\b|"
    r"\bantworte (nur|als)"
)

# Questions for a concrete date, a price per square metre, a free place or one building project
# in one place: the KEK is a plan for the whole county until 2030 and never says such things,
# even where it covers the subject in general ("Wann kommt der Rufbus morgen?", "Welche Kita hat
# noch freie Plätze?").
_SPECIFIC = re.compile(
    r"(?<!guten )\bmorgen\b|\b(ubermorgen|gestern|heute (abend|nachmittag|fruh|mittag))\b|"
    r"\b(nachste|kommende|diese) woche\b|"
    r"\bfreien? (platze|platz|stellen?|wohnungen|termine?)\b|\bplatze? frei\b|"
    r"\b(preis|preise|kosten) (pro|je) (qm|quadratmeter|m2)\b|\bquadratmeterpreis|"
    r"\bwann (fahrt|kommt) (der|die|das|mein|meine) (nachste |nachsten )?"
    r"(bus|rufbus|zug|bahn|zuge|busse)\b|"
    r"\bwird (in|bei) ([a-z]+ ){1,4}[a-z ]*\bgebaut\b"
)


@dataclass(frozen=True)
class Policy:
    """Thresholds on the matcher's 0-100 score; defaults (from config) are tuned on tests/eval."""

    answer_at: float = default("matching.answer_at")
    clarify_at: float = default("matching.clarify_at")
    margin: float = default("matching.margin")
    lead_answer_at: float = default("matching.lead_answer_at")
    lead_margin: float = default("matching.lead_margin")
    max_unknown_answer: float = default("matching.max_unknown_answer")
    max_unknown_clarify: float = default("matching.max_unknown_clarify")
    off_topic_at: float = default("matching.off_topic_at")
    off_topic_margin: float = default("matching.off_topic_margin")
    max_choices: int = 3


@dataclass(frozen=True)
class Decision:
    """What to do with a message. `entry` is set for answer, `candidates` for clarify."""

    action: str
    score: float = 0.0
    entry: Entry | None = None
    candidates: tuple[Match, ...] = ()
    reason: str = ""  # smalltalk kind, or why a handoff happened
    topic: OffTopic | None = None  # for an off_topic handoff: the subject recognised
    english: bool = False  # decided on the entries' English texts: the reply is in English

    @property
    def theme(self) -> str | None:
        if self.entry is not None:
            return self.entry.theme
        if self.action == "clarify" and self.candidates:
            return self.candidates[0].entry.theme
        return None


def decide(text: str, matches: list[Match], smalltalk: str | None, policy: Policy,
           unknown_share: float = 0.0, off_topic: tuple[OffTopic, float] | None = None,
           urgent: OffTopic | None = None, whole: str = "") -> Decision:
    """Choose answer, clarify, handoff or smalltalk for one message.

    Args:
        text: the message as typed (only used for the injection guard).
        matches: the matcher's ranking, best first.
        smalltalk: the smalltalk kind of the message, if it is smalltalk.
        policy: the thresholds.
        unknown_share: the share of the message the knowledge base has no words for; a
            question mostly about something unknown is not answered, however well the rest
            matches.
        off_topic: the closest subject outside the KEK and its score.
        urgent: the subject outside the KEK that a trigger word decided ("blutet": emergency);
            it comes before everything else.
        whole: the whole message when `text` is only its question part; instructions to the
            bot ("ignoriere ...") are looked for in all of it.
    """
    if urgent is not None:
        return Decision("handoff", reason="urgent", topic=urgent)
    if smalltalk == "person":
        return Decision("handoff", reason="person")
    if smalltalk is not None:
        return Decision("smalltalk", reason=smalltalk)
    if _INJECTION.search(fold(whole or text)):
        return Decision("handoff", reason="off_topic", candidates=tuple(matches[:1]))
    top_score = matches[0].score if matches else 0.0
    if off_topic is not None and _is_off_topic(off_topic[1], top_score, policy):
        return Decision("handoff", score=top_score, reason="off_topic", topic=off_topic[0],
                        candidates=tuple(matches[:1]))
    if _SPECIFIC.search(fold(text)):
        return Decision("handoff", score=top_score, reason="specific",
                        candidates=tuple(matches[:1]))
    if not matches:
        # Words the knowledge base does not know mean "not in the KEK"; no words at all (only
        # signs, single letters) mean the message was not understood.
        understood = any(len(word) > 1 for word in fold(text).split())
        return Decision("handoff", reason="unknown" if understood else "not_understood")
    top = matches[0]
    close = [m for m in matches if top.score - m.score < policy.margin]
    if top.score >= IDENTICAL:
        # Worded exactly like a stored question or keyword: curators filed it under this
        # entry, so only another entry with the same wording makes it ambiguous.
        close = [m for m in close if m.score >= IDENTICAL]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    clear = top.score >= policy.answer_at and len(close) == 1
    # Far ahead of every other entry, a lower score is enough: nothing else is in question.
    far_ahead = top.score >= policy.lead_answer_at and top.score - runner_up >= policy.lead_margin
    if (clear or far_ahead) and unknown_share < policy.max_unknown_answer:
        return Decision("answer", score=top.score, entry=top.entry,
                        candidates=tuple(matches[: policy.max_choices]))
    if top.score >= policy.clarify_at and unknown_share < policy.max_unknown_clarify:
        # Even a single candidate below answer_at is offered as a choice, not answered.
        choices = [m for m in matches if m.score >= policy.clarify_at][: policy.max_choices]
        return Decision("clarify", score=top.score, candidates=tuple(choices))
    return Decision("handoff", score=top.score, reason="unknown",
                    candidates=tuple(matches[: policy.max_choices]))


def _is_off_topic(off_score: float, top_score: float, policy: Policy) -> bool:
    """A subject outside the KEK matches well, and at least about as well as any entry."""
    return off_score >= policy.off_topic_at and off_score > top_score - policy.off_topic_margin
