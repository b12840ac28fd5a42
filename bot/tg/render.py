"""Turn core Replies into Telegram HTML messages with inline keyboards.

Every piece of text from citizens or the knowledge base is escaped here. Callback data is the
Reply option's action string ("entry:kreisumlage"), which always fits Telegram's 64 bytes
because ids are at most 32 characters.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.replies import Option, Reply

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


def keyboard(options: tuple[Option, ...]) -> InlineKeyboardMarkup | None:
    if not options:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for option in options:
        if len(option.action.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data too long: {option.action!r}")
        button = InlineKeyboardButton(label(option.label), callback_data=option.action)
        paired = option.action.startswith(PAIRED_ACTIONS)
        if paired and rows and len(rows[-1]) == 1 and _is_paired(rows[-1][0]):
            rows[-1].append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)


def _is_paired(button: InlineKeyboardButton) -> bool:
    return str(button.callback_data).startswith(PAIRED_ACTIONS)


def html_text(reply: Reply) -> str:
    """The reply as Telegram HTML: escaped text and the source as a named link."""
    body = escape(reply.text)
    if reply.source is not None and reply.source.url and reply.reviewed is not None:
        link = (f'<a href="{html.escape(reply.source.url, quote=True)}">'
                f"{escape(reply.source.title)}</a>")
        body += (f"\n\n{texts.SOURCE_LINK_PREFIX} {link}. "
                 f"Stand: {texts.german_date(reply.reviewed)}.")
    return body


def messages(reply: Reply) -> list[Message]:
    """One or more messages; long texts are split at paragraphs, buttons go on the last one."""
    parts = split(html_text(reply))
    markup = keyboard(reply.options)
    return [Message(p, markup if i == len(parts) - 1 else None) for i, p in enumerate(parts)]


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split at blank lines (then lines, then spaces) so that each part fits one message."""
    if len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, limit)
        if cut > 0:
            return [text[:cut], *split(text[cut + len(separator):], limit)]
    return [text[:limit], *split(text[limit:], limit)]
