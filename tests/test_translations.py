"""Every fixed text a citizen can read exists in Leichte Sprache and in English, keeps its
placeholders, and is swapped in wherever it appears in a reply."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import texts, texts_easy, texts_en, translate
from bot.actions import AskOffice
from bot.lint import easy_problems
from bot.replies import Option, Reply, in_language

# Texts only staff read (German is their working language), and texts that are not sentences.
STAFF_PREFIXES = ("STAFF_", "REPORT_", "INSTALL_", "UNDO_", "GAP", "ADOPT_", "RELOAD_",
                  "BUTTON_GAP_")
NOT_CITIZEN_TEXT = {
    "BOT_NAME", "KEK", "COMMANDS", "BUTTON_CLAIM", "BUTTON_UNDO", "BUTTON_ADOPT",
    "INTERNAL_MARK", "DELIVERY_WHAT", "FAILURE_REASONS", "TOWN_NOT_GIVEN",
    "DEFAULT_OFFICE_NAME",  # an office's name, like those in the knowledge base
    "MONTHS", "WEEKDAY_NAMES", "CONTACT_WORDS",  # words, chosen per language by functions
    "SOURCE", "SOURCE_DATED", "SOURCE_CHECKED",  # the source line of a German answer
    "LANGUAGE_CHOOSE", "LANGUAGE_BUTTONS",  # asked in both languages at once
}


def citizen_texts() -> dict[str, str]:
    """name -> German text, for every text in bot/texts.py a citizen can read."""
    found: dict[str, str] = {}
    for name, value in vars(texts).items():
        if not name.isupper() or name in NOT_CITIZEN_TEXT or name.startswith(STAFF_PREFIXES):
            continue
        if isinstance(value, str):
            found[name] = value
        elif isinstance(value, dict):
            found.update({f"{name}[{key}]": text for key, text in value.items()
                          if isinstance(text, str)})
    return found


def is_button(name: str) -> bool:
    return name.startswith("BUTTON_")


TEXTS = citizen_texts()
SENTENCES = {n: t for n, t in TEXTS.items() if not is_button(n)}
BUTTONS = {n: t for n, t in TEXTS.items() if is_button(n)}


def test_the_citizen_texts_are_found() -> None:
    assert len(SENTENCES) > 80 and len(BUTTONS) > 15
    assert "CONSENT" in SENTENCES and "SMALLTALK[greeting]" in SENTENCES
    assert "TICKET_STATUS[open]" in SENTENCES and "BUTTON_REASON[hard]" in BUTTONS


@pytest.mark.parametrize("catalog", ["easy", "en"])
def test_every_citizen_text_has_a_version(catalog: str) -> None:
    fixed = {"easy": texts_easy.FIXED, "en": texts_en.FIXED}[catalog]
    buttons = {"easy": texts_easy.BUTTONS, "en": texts_en.BUTTONS}[catalog]
    missing = [n for n, t in SENTENCES.items() if t not in fixed]
    missing += [n for n, t in BUTTONS.items() if t not in buttons]
    assert missing == []


@pytest.mark.parametrize("catalog", [texts_easy.FIXED, texts_en.FIXED], ids=["easy", "en"])
def test_a_version_keeps_the_placeholders(catalog: dict[str, str]) -> None:
    """A version may leave out a detail (an e-mail note), never add one it cannot fill; the
    ticket number and the citizen's own words always stay."""
    for german, version in catalog.items():
        assert set(translate.fields(version)) <= set(translate.fields(german)), version
        for kept in ("number", "question", "answer", "topic"):
            assert (kept in translate.fields(version)) == (kept in translate.fields(german)), (
                version)


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_leichte_sprache_keeps_the_stricter_rules(name: str) -> None:
    version = texts_easy.FIXED.get(SENTENCES[name])
    if version is None:
        pytest.fail(f"{name} has no version in Leichte Sprache")
    assert list(easy_problems(version.format_map(_Example()))) == []


def test_button_labels_are_short_and_unique_in_each_language() -> None:
    for table in (texts_easy.BUTTONS, texts_en.BUTTONS):
        assert all(len(label) <= 30 for label in table.values())
        answer_buttons = [texts.BUTTON_MORE, texts.BUTTON_SIMILAR, texts.BUTTON_HELPFUL,
                          texts.BUTTON_UNHELPFUL, texts.BUTTON_ASK_OFFICE]
        labels = [table.get(b, b) for b in answer_buttons]
        assert len(set(labels)) == len(labels)


class _Example(dict[str, str]):
    """Placeholder values as a reader would see them."""

    def __missing__(self, key: str) -> str:
        return {"days": "30", "number": "LUP-0042", "date": "6. Dezember 2026"}.get(key, "Hagenow")


def test_fixed_texts_are_swapped_wherever_they_stand() -> None:
    en = translate.CATALOGS["en"]
    question = "Wann kommt der Bus?\nUnd warum so selten?"
    german = "\n\n".join([
        texts.MISSES_OFFER,
        texts.CONSENT.format(question=question, days=30, email=""),
        texts.PHONE_115,
    ])
    swapped = en.text(german)
    assert swapped == "\n\n".join([
        texts_en.FIXED[texts.MISSES_OFFER],
        texts_en.FIXED[texts.CONSENT].format(question=question, days=30, email=""),
        texts_en.FIXED[texts.PHONE_115],
    ])


def test_values_carried_over_are_never_swapped_themselves() -> None:
    """A citizen's question that reads like a fixed text stays as the citizen wrote it."""
    en = translate.CATALOGS["en"]
    quoted = texts.SMALLTALK["thanks"]
    consent = texts.CONSENT.format(question=quoted, days=30, email="")
    assert f"“{quoted}”" in en.text(consent)


def test_text_that_is_no_fixed_text_stays_as_it_is() -> None:
    easy = translate.CATALOGS["easy"]
    answer = ("Die Kreisumlage ist Geld, das die Gemeinden an den Landkreis zahlen.\n\n"
              f"Ich habe eine Frage: {texts.MISSES_OFFER}")  # not a whole line: no fixed text
    assert easy.text(answer) == answer
    assert easy.text("") == ""


def test_buttons_are_relabelled_and_keep_their_action() -> None:
    reply = Reply(texts.NO_MORE, (Option(texts.BUTTON_ASK_OFFICE, AskOffice()),))
    swapped = in_language(reply, "en")
    assert swapped.text == texts_en.FIXED[texts.NO_MORE]
    assert swapped.options == (Option(texts_en.BUTTONS[texts.BUTTON_ASK_OFFICE], AskOffice()),)
    assert in_language(reply, "de") == reply


VALUE = st.text(st.characters(codec="utf-8", blacklist_characters="\n"),
                max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(german=st.sampled_from(sorted(filter(translate.swappable, texts_en.FIXED))),
       value=VALUE, before=st.text(max_size=60), after=st.text(max_size=60))
def test_a_fixed_text_between_any_lines_is_swapped_with_its_values(
        german: str, value: str, before: str, after: str) -> None:
    """Whatever stands around it and whatever a placeholder holds, a fixed text on lines of its
    own becomes its English version, and the text around stays as it was (unless it holds fixed
    texts itself)."""
    names = set(translate.fields(german))
    filled = german.format_map(dict.fromkeys(names, value))
    english = texts_en.FIXED[german].format_map(dict.fromkeys(names, value))
    en = translate.CATALOGS["en"]
    whole = f"{before}\n{filled}\n{after}"
    swapped = en.text(whole)
    assert isinstance(swapped, str)
    if en.text(before + "\n") == before + "\n" and en.text(after) == after and all(
            other == german or other not in filled for other in filter(translate.swappable,
                                                                       en.fixed)):
        assert swapped == f"{before}\n{english}\n{after}"
