from __future__ import annotations

import pytest

from bot.normalize import fold, normalize, tokens, words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bürgerbüro", "buergerbuero"),
        ("Bürgerbüro", "BURGERBURO"),
        ("Straße", "strasse"),
        ("Kreis-Umlage", "kreisumlage"),
        ("Öffnungszeiten?!", "oeffnungszeiten"),
        ("Wie hoch ist die Kreisumlage? 🤔", "wie hoch ist die kreisumlage"),
        ("Häuser", "haeuser"),
    ],
)
def test_spellings_citizens_use_fold_to_the_same_form(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_ue_after_a_vowel_is_no_umlaut() -> None:
    assert [fold(w) for w in ("neues", "Steuer", "Bauer", "Queue")] == [
        "neues", "steuer", "bauer", "queue",
    ]
    assert normalize("ein neues Konzept") == normalize("neue Konzepte")


def test_colloquial_northern_forms_become_standard_words() -> None:
    assert words("wat is dat aufm Land") == ["was", "ist", "das", "auf", "dem", "land"]
    assert words("nich") == ["nicht"]


def test_stop_words_and_fillers_are_dropped_question_words_kept() -> None:
    assert tokens("Hallo, können Sie mir bitte sagen, wann das beschlossen wurde?") == [
        "wann", "beschloss",
    ]


def test_letter_formulas_carry_no_topic() -> None:
    letter = ("Sehr geehrte Damen und Herren, könnten Sie mir freundlicherweise mitteilen, "
              "wann der Plan beschlossen wurde? Mit freundlichen Grüßen")
    assert tokens(letter) == ["wann", "plan", "beschloss"]


def test_inflected_forms_share_a_stem() -> None:
    assert normalize("des Landkreises") == normalize("Landkreis")
    assert normalize("Schulden") == normalize("Schuld")


def test_empty_and_symbol_only_input() -> None:
    assert normalize("???") == ""
    assert normalize("") == ""
