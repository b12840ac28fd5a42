"""Turn core Replies into Telegram HTML messages with inline keyboards.

Every piece of text from citizens or the knowledge base is escaped here. Callback data is the
encoded action of each option (bot/actions.py), which always fits Telegram's 64 bytes because
ids are at most 32 characters.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.actions import encode
from bot.replies import Reply

MAX_MESSAGE = 4096
MAX_CALLBACK_BYTES = 64
MAX_LABEL = 60
# Short answer buttons sit two per row; questions as labels are long, so they get a row each.
PAIRED_ACTIONS = ("more:", "similar:", "up:", "down:", "office")


@dataclass(frozen=True)
class Message:
    text: str
    markup: InlineKeyboardMarkup | None = None


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def keyboard(options: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """Buttons from (label, callback data) pairs."""
    if not options:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for text, data in options:
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        button = InlineKeyboardButton(label(text), callback_data=data)
        paired = data.startswith(PAIRED_ACTIONS)
        if paired and rows and len(rows[-1]) == 1 and _is_paired(rows[-1][0]):
            rows[-1].append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)


def buttons(reply: Reply) -> list[tuple[str, str]]:
    return [(option.label, encode(option.action)) for option in reply.options]


def _is_paired(button: InlineKeyboardButton) -> bool:
    return str(button.callback_data).startswith(PAIRED_ACTIONS)


def source_line(reply: Reply) -> tuple[str, str]:
    """The source as (plain text, HTML) for the end of an answer, or empty strings."""
    if reply.source is None or not reply.source.url or reply.reviewed is None:
        return "", ""
    link = (f'<a href="{html.escape(reply.source.url, quote=True)}">'
            f"{escape(reply.source.title)}</a>")
    plain = texts.source_lines(reply.source.title, reply.source.date, reply.reviewed)
    linked = texts.source_lines(link, reply.source.date, reply.reviewed)
    return "\n\n" + "\n".join(plain), "\n\n" + "\n".join(linked)


def messages(reply: Reply) -> list[Message]:
    """One or more messages; long texts are split at paragraphs, buttons go on the last one."""
    plain, linked = source_line(reply)
    return compose(reply.text, buttons(reply), plain, linked)


def compose(text: str, options: Sequence[tuple[str, str]], suffix_plain: str = "",
            suffix_html: str = "") -> list[Message]:
    """Escaped messages of at most Telegram's length each, buttons on the last one."""
    parts = split(text, MAX_MESSAGE - length(suffix_plain))
    markup = keyboard(options)
    last = len(parts) - 1
    return [Message(escape(part) + (suffix_html if i == last else ""),
                    markup if i == last else None) for i, part in enumerate(parts)]


def length(text: str) -> int:
    """Telegram's length of a text: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split plain text at blank lines (then lines, then spaces) so that each part fits one
    message. Escaping for HTML comes after: it changes the markup, not the visible length.
    Parts of only whitespace are dropped: Telegram refuses an empty message."""
    parts = [part for part in _split(text, limit) if part.strip()]
    return parts or [text]


def _split(text: str, limit: int) -> list[str]:
    if length(text) <= limit:
        return [text]
    fits = _longest_prefix(text, limit)
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, fits)
        if cut > 0:
            return [text[:cut], *_split(text[cut + len(separator):], limit)]
    return [text[:fits], *_split(text[fits:], limit)]


def _longest_prefix(text: str, limit: int) -> int:
    """The most characters from the start of `text` whose length is at most `limit`."""
    low, high = 1, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low
