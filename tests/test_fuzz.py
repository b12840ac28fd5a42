"""Property-based tests: whatever a citizen types or a button carries, nothing raises, and every
message the Telegram adapter renders is HTML that Telegram accepts.

"Accepts" is checked with the Bot API emulator's parser (tests/botapi_emulator.py), which
parses Telegram's HTML subset as Telegram does and raises on invalid markup. Each test has a
fixed budget and a derandomised seed, so a run in CI tries the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot import actions, cli, normalize, texts
from bot.actions import (
    Action,
    AskOffice,
    Consent,
    EntryVerb,
    Goal,
    NoneOfThese,
    ShowEntry,
    Theme,
    Themes,
    TicketAction,
)
from bot.engine import Engine
from bot.knowledge import Source
from bot.replies import Option, Reply
from bot.tg import render
from tests.botapi_emulator import parse_html
from tests.conftest import KNOWLEDGE, ROOT

KEK_BOT = str(Path(sys.executable).parent / "kek-bot")


def budget(examples: int) -> settings:
    """A fixed, repeatable budget: the same examples on every run, no time limit per example
    (the first call of a test builds caches), no example database left in the work tree."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@functools.cache
def engine() -> Engine:
    """The shipped knowledge base, loaded once for this module (strategies need its ids)."""
    return Engine.from_path(KNOWLEDGE)


# --- text ---------------------------------------------------------------------------------------

# Everything Telegram can deliver in a message (UTF-8): any code point but lone surrogates.
CHARS = st.characters(codec="utf-8")
ODD = (
    "\u0301", "e\u0301", "a\u0308", "😀", "👍🏽", "👨‍👩‍👧", "🇩🇪", "㎉", "ﬁ", "Ⅻ", "²", "½",
    "ＫＥＫ", "𝔎𝔈𝔎", "ﷺ", "İ", "ẞ", "ß", "Ä", "ö", "Ü", "ǅ", "ŉ", "\u202e", "\u202d", "\u200f",
    "שלום", "مرحبا", "кто", "中文", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x00",
    "\x07", "\x1b", "\x7f", "\r", "\t", "\x85", "\u2028", "\u2029", "\xa0", "\u3000", "&", "<",
    ">", "&amp;", "&lt;", "&#0;", "&#x110000;", "&nbsp;", "<b>", "</b>", "<a href=\"x\">", '"',
    "'", "{town}", "{}", "{0}", "%s", "\\", "-", "–", "’", "*", "/kontakt", "\n\n", "\n", " ",
)
SEPARATORS = (" ", "  ", "\n", "\n\n", ", ", "? ", ". ", " - ", "\t", "! ")
GERMAN = st.characters(codec="utf-8", categories=("Ll", "Lu"), max_codepoint=0xFF) | \
    st.sampled_from("äöüÄÖÜß-' ")


@functools.cache
def vocabulary() -> tuple[str, ...]:
    """Words of the knowledge base and of the ways citizens write, as pieces of questions."""
    kb = engine().kb
    texts = [q for e in kb.entries.values() for q in (*e.questions, e.title, *e.keywords)]
    texts += [n for c in kb.contacts.values() for n in (c.town, *c.serves)]
    texts += [t for o in kb.off_topics.values() for t in (*o.questions, *o.triggers)]
    texts += [*normalize.COLLOQUIAL, "moin", "danke", "hallo", "bist du ein mensch", "mehr",
              "themen", "bürgerbüro", "kreisumlage", "ja", "nein", "2030"]
    return tuple(sorted({w for t in texts for w in t.split()}))


# One piece of a question: a known word, an odd sign, or a few arbitrary characters.
piece = st.one_of(
    st.deferred(lambda: st.sampled_from(vocabulary())),
    st.sampled_from(ODD),
    st.text(CHARS, max_size=6),
)
# Pieces glued into one "word" (at most three, so no word grows beyond about a hundred letters:
# a single very long word is slow in the matcher, a separate issue).
chunk = st.lists(piece, min_size=1, max_size=3).map("".join)


@st.composite
def question(draw: st.DrawFn) -> str:
    """What a citizen might type: words, odd Unicode and markup, sometimes repeated up to
    Telegram's limit of 4096 characters."""
    chunks = draw(st.lists(chunk, min_size=0, max_size=25))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4))
    text = "".join(c + separators[i % len(separators)] for i, c in enumerate(chunks))
    size = draw(st.sampled_from((0, 0, 0, 0, 0, 1000, 4095, 4096)))
    if text and size:
        text = (text * (size // len(text) + 1))[:size]
    return text


@st.composite
def long_text(draw: st.DrawFn) -> str:
    """A reply text around, at and beyond one message: pieces repeated to a chosen length,
    with or without places to cut."""
    pieces = draw(st.lists(st.sampled_from(ODD) | st.text(CHARS, max_size=8), min_size=1,
                           max_size=12))
    unit = "".join(pieces) or "x"
    size = draw(st.sampled_from((4095, 4096, 4097, 4100, 8192, 8193, 12300))
                | st.integers(0, 9000))
    return (unit * (size // len(unit) + 1))[:size]


reply_text = st.one_of(
    st.text(CHARS, max_size=300),
    long_text(),
    st.builds(lambda text, tail: text + tail, long_text(),
              st.sampled_from(("\n", " ", "\n\n", "\n\n ", " \n", "\t", "\u3000"))),
    st.builds(lambda sign, n: sign * n, st.sampled_from(("&", "<", ">", "&<", "<&>", "😀&")),
              st.integers(0, 9000)),
)


# --- actions ------------------------------------------------------------------------------------

IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,39}", fullmatch=True)
NUMBERS = st.integers(0, 999_999_999)


def known_ids(kind: str) -> st.SearchStrategy[str]:
    return st.deferred(lambda: st.sampled_from(sorted(getattr(engine().kb, kind)) or ["x"]))


def any_action(entries: st.SearchStrategy[str], themes: st.SearchStrategy[str],
               goals: st.SearchStrategy[str]) -> st.SearchStrategy[Action]:
    return st.one_of(
        st.builds(ShowEntry, st.sampled_from(("entry", "show", "more", "similar", "up", "down")),
                  entries),
        st.just(Themes()),
        st.builds(Theme, themes, NUMBERS | st.integers(0, 5)),
        st.builds(Goal, goals),
        st.just(AskOffice()),
        st.just(NoneOfThese()),
        st.builds(Consent, st.sampled_from(("yes", "no", "skip")), NUMBERS),
        st.builds(TicketAction, st.sampled_from(("claim", "undo")), NUMBERS),
    )


well_formed_action = any_action(IDS, IDS, IDS)
# Actions as the shipped bot makes them (real ids), and as forged or outdated data makes them.
engine_action = any_action(known_ids("entries") | IDS, known_ids("themes") | IDS,
                           known_ids("goals") | IDS)
PREFIXES = ("entry:", "show:", "more:", "similar:", "up:", "down:", "theme:", "goal:", "fw:yes:",
            "fw:no:", "fw:skip:", "tk:claim:", "tk:undo:", "themes", "office", "none", "")
callback_data = st.one_of(
    st.text(CHARS, max_size=70),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(PREFIXES),
              st.text(st.sampled_from("az09-:²٣ \n\t_A.") | CHARS, max_size=50)),
    well_formed_action.map(actions.encode),
    # Numbers as the bot never writes them: leading zeros, too many digits, signs.
    st.builds(lambda prefix, digits: prefix + digits,
              st.sampled_from(("theme:kek:", "theme:x-1:", "fw:yes:", "fw:skip:", "tk:claim:",
                               "tk:undo:")),
              st.from_regex(r"[+-]?[0-9]{1,11}", fullmatch=True)),
)


# --- what Telegram accepts ----------------------------------------------------------------------


def check_messages(parts: Sequence[render.Message], expected: str | None) -> list[str]:
    """Assert that Telegram accepts every message and return their texts as Telegram shows them.

    Every message parses as Telegram's HTML, is at most 4096 UTF-16 units long and not blank;
    only the last carries buttons, each with a label and callback data of at most 64 bytes that
    decodes. `expected` (the plain text) must come back whole: the parts joined, where only
    whitespace may be lost at the cuts (Telegram also strips each message).
    """
    assert parts
    plain = []
    for i, part in enumerate(parts):
        text, _ = parse_html(part.text)  # raises ApiError on markup Telegram rejects
        assert render.length(text) <= render.MAX_MESSAGE, (i, render.length(text))
        assert text.strip(), f"part {i} of {len(parts)} is blank: Telegram refuses it"
        assert part.markup is None or i == len(parts) - 1
        plain.append(text)
    markup = parts[-1].markup
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            assert button.text.strip() and len(button.text) <= render.MAX_LABEL
            data = str(button.callback_data)
            assert len(data.encode()) <= render.MAX_CALLBACK_BYTES
            assert actions.decode(data) is not None, data
    if expected is not None:
        pattern = r"\s*" + r"\s*".join(re.escape(p.strip()) for p in plain) + r"\s*"
        assert re.fullmatch(pattern, expected), "text lost or changed"
    return plain


def check_reply(reply: Reply) -> list[str]:
    """A reply of the core: its options round-trip as callback data, and its messages are
    accepted by Telegram with the whole text (and source line) in them."""
    assert reply.text.strip()
    for option in reply.options:
        assert option.label.strip()
        assert actions.decode(actions.encode(option.action)) == option.action
    plain, linked = render.source_line(reply)
    parts = render.messages(reply)
    shown = check_messages(parts, reply.text + plain)
    if linked:
        _, entities = parse_html(parts[-1].text)
        assert reply.source is not None
        assert [e["url"] for e in entities if e["type"] == "text_link"] == [reply.source.url]
    return shown


# --- normalisation ------------------------------------------------------------------------------

FOLDED = re.compile(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?")


@budget(150)
@given(st.text(CHARS, max_size=200) | question())
@example("㎉ ＫＥＫ 𝔎𝔈𝔎 ﬁ Ⅻ")
@example("İstanbul ẞ ǅ ŉ")
@example("\u202eabc\u200b\u200d\ufeff\x00\x1b")
def test_normalisation_gives_ascii_words_and_never_raises(text: str) -> None:
    folded = normalize.fold(text)
    assert FOLDED.fullmatch(folded), folded
    assert normalize.fold(unicodedata.normalize("NFKC", text)) == folded
    words = normalize.words(text)
    assert words == normalize.standard_words(folded)
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in words)
    content = normalize.content_words(text)
    assert content == normalize.content_words(folded, folded=True)
    assert all(not normalize.is_stop_word(w) for w in content)
    tokens = normalize.tokens(text)
    assert len(tokens) == len(content)
    assert all(t and " " not in t for t in tokens), tokens
    assert normalize.normalize(text) == " ".join(tokens)


@budget(200)
@given(st.text(GERMAN, max_size=60))
@example("STRASSE Straße strasse")
@example("Ärger ÄRGER ärger")
def test_folding_ignores_case(text: str) -> None:
    assert normalize.fold(text.upper()) == normalize.fold(text.lower()) == normalize.fold(text)


@budget(100)
@given(st.lists(st.text(st.characters(codec="ascii", categories=("Ll", "Nd")), min_size=1,
                        max_size=10), min_size=2, max_size=5),
       st.sampled_from("-‐‑–·'’"))
@example(["kita", "erweiterung"], "-")  # joined after folding: "kitaerweiterung", while
@example(["u", "e"], "-")  # "Kitaerweiterung" folds to "kitarweiterung" (ae read as ä)
def test_joiners_join_the_folded_word_parts(parts: list[str], joiner: str) -> None:
    assert normalize.fold(joiner.join(parts)) == "".join(normalize.fold(p) for p in parts)


# --- button actions -----------------------------------------------------------------------------


@budget(300)
@given(callback_data | st.none())
@example("theme:kek:0")
@example("fw:yes:007")
@example("tk:claim:²")
@example("entry:kek\n")
def test_any_callback_data_decodes_to_none_or_an_action_that_encodes_back(
        data: str | None) -> None:
    action = actions.decode(data)
    assert action is None or isinstance(action, Action)
    if action is not None:
        assert actions.encode(action) == data


@budget(200)
@given(well_formed_action)
def test_every_action_fits_callback_data_and_decodes_to_itself(action: Action) -> None:
    data = actions.encode(action)
    assert len(data.encode()) <= render.MAX_CALLBACK_BYTES
    assert actions.decode(data) == action


def test_every_id_of_the_shipped_knowledge_fits_callback_data() -> None:
    kb = engine().kb
    made: list[Action] = [ShowEntry("similar", e) for e in kb.entries]
    made += [Theme(t, 999_999_999) for t in kb.themes] + [Goal(g) for g in kb.goals]
    for action in made:
        data = actions.encode(action)
        assert len(data.encode()) <= render.MAX_CALLBACK_BYTES
        assert actions.decode(data) == action, data


# --- the engine ---------------------------------------------------------------------------------


@budget(150)
@given(question(), st.none() | known_ids("entries") | IDS)
@example("&<" * 2048, None)
@example("㎉ " * 2048, None)  # "㎉" * 4096 is one word of 16384 letters under NFKC: slow
@example("mehr", "kek-was-ist")
@example("\u200b" * 4096, None)
def test_any_question_gets_a_reply_telegram_accepts(text: str, last_entry: str | None) -> None:
    decision, reply = engine().ask(text, last_entry)
    assert decision.action in ("answer", "clarify", "smalltalk", "handoff")
    assert engine().decide(text).action == decision.action
    check_reply(reply)


@budget(200)
@given(engine_action | callback_data.map(actions.decode))
def test_any_button_gets_a_reply_telegram_accepts(action: Action | None) -> None:
    check_reply(engine().act(action))


def test_every_button_reachable_from_the_menu_gets_a_reply_telegram_accepts() -> None:
    kb = engine().kb
    todo: list[Action] = [Themes(), AskOffice(), NoneOfThese()]
    verbs: tuple[EntryVerb, ...] = ("entry", "show", "more", "similar", "up", "down")
    todo += [ShowEntry(verb, e) for e in kb.entries for verb in verbs]
    seen: set[Action] = set()
    while todo:
        action = todo.pop()
        if action in seen:
            continue
        seen.add(action)
        reply = engine().act(action)
        assert texts.ENTRY_GONE not in reply.text, action
        check_reply(reply)
        todo += [o.action for o in reply.options]
    assert len(seen) > len(kb.entries) * 6


TOWN = st.one_of(
    st.text(CHARS, max_size=100),
    st.builds(lambda signs, n: (signs * n)[:n], st.sampled_from(("&", "<", ">", "&<", "<&>",
                                                                 "& <", "&\n\n<")),
              st.integers(1, 4088)),
    st.deferred(lambda: st.sampled_from([c.town for c in engine().kb.contacts.values()])),
    question(),
)


@budget(120)
@given(TOWN)
@example("&" * 4087)  # "/kontakt " and the town fill one message of 4096
@example("<" * 4087)
@example("&<" * 2043 + "&")
@example("&amp;<b>" * 511)
@example("{town}")
def test_kontakt_with_any_town_gets_a_reply_telegram_accepts(town: str) -> None:
    reply = engine().contacts_reply(town)
    check_reply(reply)
    if town.strip() and not engine().contacts_for(town):
        assert town in reply.text


# --- HTML rendering -----------------------------------------------------------------------------

OPTIONS = st.lists(st.tuples(st.text(CHARS, min_size=1, max_size=80).filter(str.strip),
                             well_formed_action.map(actions.encode)), max_size=8)


@budget(150)
@given(reply_text.filter(str.strip), OPTIONS)
@example("&" * 4096 + "<" * 10, [])
@example("😀" * 2100, [])
@example("x" * 9000, [])
@example("&" * 4097, [("Mehr dazu", "more:x")])
@example("a" * 4094 + "\n\n ", [])  # BUG: the second part is " ", Telegram: "text is empty"
def test_any_text_renders_as_messages_telegram_accepts(
        text: str, options: list[tuple[str, str]]) -> None:
    parts = render.compose(text, options)
    check_messages(parts, text)
    assert (parts[-1].markup is None) == (not options)


URLS = st.builds(lambda rest: "https://example.org/" + rest,
                 st.text(st.sampled_from("az09/?&=#%\"'<>;") | CHARS.filter(str.isprintable),
                         max_size=60).filter(lambda s: not any(c.isspace() for c in s)))


@budget(80)
@given(reply_text.filter(str.strip), st.text(CHARS, min_size=1, max_size=120).filter(str.strip),
       URLS, st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
@example("&" * 4096, "A & B <c>", "https://x.org/?a=1&b=\"2\"", dt.date(2026, 11, 1))
def test_any_reply_with_a_source_renders_with_its_link(
        text: str, title: str, url: str, reviewed: dt.date) -> None:
    reply = Reply(text, (Option("Mehr dazu", ShowEntry("more", "x")),), Source(title, url),
                  reviewed)
    check_reply(reply)


# --- kek-bot ask --batch ------------------------------------------------------------------------


def ask_batch(*args: str, stdin: bytes = b"") -> list[dict[str, object]]:
    # PYTHONIOENCODING makes sys.stdin strict UTF-8 as in a locale like de_DE.UTF-8, where one
    # invalid byte used to end the batch (in the C locale it came in as a lone surrogate).
    result = subprocess.run([KEK_BOT, "ask", "--json", "--batch", *args], input=stdin,
                            capture_output=True, cwd=ROOT, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8:strict"})
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


BATCH = b"Moin\nWas ist die \xff Kreisumlage?\xc3\nkreisumlage\n"


def test_ask_batch_from_stdin_answers_every_line_despite_an_invalid_byte() -> None:
    replies = ask_batch("-", stdin=BATCH)
    assert [r["action"] for r in replies] == ["smalltalk", "answer", "answer"]
    assert replies[1]["entry"] == replies[2]["entry"] == "finanzen-kreisumlage"


def test_ask_batch_from_a_file_answers_every_line_despite_an_invalid_byte(
        tmp_path: Path) -> None:
    questions = tmp_path / "fragen.txt"
    questions.write_bytes(BATCH)
    assert list(cli._lines(str(questions))) == [
        "Moin", "Was ist die \ufffd Kreisumlage?\ufffd", "kreisumlage"]
    out = io.StringIO()
    args = cli.build_parser().parse_args(["ask", "--json", "--batch", str(questions)])
    assert cli.ask(engine(), args, out) == 0
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["action"] for r in replies] == ["smalltalk", "answer", "answer"]
