"""Every fixed sentence the bot says meets the plain-language rules that staff texts meet."""

from __future__ import annotations

import pytest

from bot import lint, texts


def fixed_texts() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name in dir(texts):
        value = getattr(texts, name)
        if not name.isupper():
            continue
        if isinstance(value, str):
            found.append((name, value))
        elif isinstance(value, dict):
            found += [(f"{name}[{key}]", text) for key, text in value.items()
                      if isinstance(text, str)]
    return found


def test_the_fixed_texts_are_found() -> None:
    names = [name for name, _ in fixed_texts()]
    assert "SMALLTALK[complaint]" in names and "UNDERSTOOD_AS" in names
    assert len(names) > 50


@pytest.mark.parametrize(("name", "text"), fixed_texts(), ids=lambda v: v[:40])
def test_fixed_text_is_plain_language(name: str, text: str) -> None:
    assert list(lint.plain_language_problems(name, text)) == []
