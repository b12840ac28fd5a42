"""A small local emulator of the Telegram Bot API for end-to-end tests.

The emulator is an aiohttp server on ``127.0.0.1`` that speaks the real Bot API wire protocol
(``/bot<TOKEN>/<method>``, form-encoded or multipart parameters whose non-string values are
JSON-encoded, ``{"ok": ..., "result"|"description": ...}`` responses).  A real
``telegram.Bot`` / ``telegram.ext.Application`` talks to it through PTB's normal HTTP path by
setting ``base_url=emu.base_url`` (and ``base_file_url=emu.base_file_url`` for downloads).

The test drives the "other side": it creates users and groups, injects updates
(``send_text``, ``press_button``, ...) and observes what the bot did (``chat_messages``,
``wait_for_bot_message``, ``calls``, ...).  All state lives on the instance; there is no global
state.  The emulator must run in the same event loop as the bot under test.

Example::

    async with BotApiEmulator(token) as emu:
        emu.add_user(1001, "Anna")
        app = ApplicationBuilder().token(token).base_url(emu.base_url).build()
        ...  # add handlers, `async with app`, app.start(), app.updater.start_polling(...)
        mark = emu.mark()
        emu.send_text(1001, "/start")
        reply = await emu.wait_for_bot_message(1001, after=mark)
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

JSONDict = dict[str, Any]
MessagePredicate = Callable[[JSONDict], bool]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_TEXT_LIMIT = 200
INLINE_KEYBOARD_BUTTON_LIMIT = 100

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
    "delete the webhook first"
)

# fmt: off
# Parameters that are plain strings on the wire and must never be JSON-decoded.
_STRING_PARAMS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "inline_message_id", "url", "action",
    "language_code", "title", "performer", "description", "short_description", "name",
    "secret_token", "ip_address", "emoji", "file_id", "voice", "audio", "document", "photo",
    "sticker", "video", "animation", "thumbnail", "message_effect_id", "business_connection_id",
})
# Update types Telegram delivers when allowed_updates is empty / was never set.
_NOT_DEFAULT_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)
_CONTENT_KEYS = (
    "text", "entities", "caption", "caption_entities", "voice", "audio", "document", "photo",
    "sticker", "location",
)
# Telegram's HTML whitelist: tag -> entity type.
_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "tg-spoiler": "spoiler", "span": "spoiler", "tg-emoji": "custom_emoji",
}
# fmt: on
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]+));")
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9_-]*")
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w])")
_BOT_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")
_URL_RE = re.compile(r"(?:https?|tg)://\S+", re.IGNORECASE)


class ApiError(Exception):
    """An error response of the emulated Bot API (HTTP status + Telegram description)."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSONDict:
        """Return the JSON body Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class UploadedFile:
    """A file part received via ``multipart/form-data``."""

    filename: str | None
    content_type: str | None
    data: bytes

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {self.content_type!r}, {len(self.data)} bytes)"


@dataclass
class StoredFile:
    """A file known to the emulator (uploaded by the bot or attached to an injected message)."""

    file_id: str
    file_unique_id: str
    kind: str
    file_name: str | None
    mime_type: str | None
    data: bytes
    file_path: str


@dataclass
class _Chat:
    chat: JSONDict
    members: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    bot_member: bool = True
    bot_admin: bool = False
    unreachable: bool = False
    messages: dict[int, JSONDict] = field(default_factory=dict)
    next_message_id: int = 1

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    @property
    def type(self) -> str:
        return str(self.chat["type"])


@dataclass
class _Event:
    seq: int
    kind: str  # "sent" | "edited" | "deleted"
    chat_id: int
    message: JSONDict


@dataclass
class _Fault:
    status: int
    description: str
    retry_after: int | None
    remaining: int


# ---------------------------------------------------------------------------------------------
# small helpers


def _u16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Telegram's unit for entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def _now() -> int:
    return int(time.time())


def _decode_params(raw: Mapping[str, Any]) -> JSONDict:
    """Decode wire parameters: non-string parameters arrive JSON-encoded (see PTB's
    ``RequestParameter.json_value``); string parameters are sent verbatim."""
    out: JSONDict = {}
    for name, value in raw.items():
        if isinstance(value, str) and name not in _STRING_PARAMS:
            try:
                out[name] = json.loads(value)
            except ValueError:
                out[name] = value
        else:
            out[name] = value
    return out


def _opt_int(params: JSONDict, name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _bad(f'field "{name}" must be of type Integer')
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
    raise _bad(f'field "{name}" must be of type Integer')


def _opt_float(params: JSONDict, name: str) -> float | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        raise _bad(f'field "{name}" must be of type Float') from None


def _opt_str(params: JSONDict, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _bad(f'field "{name}" must be of type String')


def _flag(params: JSONDict, name: str) -> bool:
    value = params.get(name)
    return value is True or value == 1 or (isinstance(value, str) and value.lower() == "true")


def _opt_json(params: JSONDict, name: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        raise _bad(f"can't parse {name} JSON object")
    return value


# ---------------------------------------------------------------------------------------------
# Telegram HTML parsing


def _trim(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip leading/trailing whitespace like Telegram does and shift/clip the entities."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = _u16(text[: len(text) - len(text.lstrip())])
    limit = _u16(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(int(entity["offset"]) - shift, 0)
        end = min(int(entity["offset"]) + int(entity["length"]) - shift, limit)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-flavoured HTML into plain text and message entities.

    Mirrors Telegram's parser: only whitelisted tags, end tags must match, only ``&lt;``,
    ``&gt;``, ``&amp;``, ``&quot;`` and numeric character references are allowed.  Unlike
    Telegram, a bare ``&`` that does not start an entity is rejected as well (strict mode, to
    catch missing escaping).  Raises :class:`ApiError` (400, "can't parse entities: ...").
    """

    def fail(message: str) -> ApiError:
        return _bad(f"can't parse entities: {message}")

    def byte_offset(index: int) -> int:
        return len(source[:index].encode("utf-8"))

    def decode_entity(match: re.Match[str]) -> str:
        dec, hexa, named = match.groups()
        if named is not None:
            if named not in _NAMED_ENTITIES:
                raise fail(
                    f'Unsupported HTML entity "&{named};" at byte offset '
                    f"{byte_offset(match.start())}"
                )
            return _NAMED_ENTITIES[named]
        code = int(dec) if dec is not None else int(hexa, 16)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise fail(f"Invalid character entity at byte offset {byte_offset(match.start())}")
        return chr(code)

    parts: list[str] = []
    length = 0  # UTF-16 units emitted so far
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[JSONDict] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "&":
            match = _ENTITY_RE.match(source, i)
            if match is None:
                raise fail(f'Unescaped "&" at byte offset {byte_offset(i)}; use "&amp;" instead')
            decoded = decode_entity(match)
            parts.append(decoded)
            length += _u16(decoded)
            i = match.end()
            continue
        if char != "<":
            parts.append(char)
            length += _u16(char)
            i += 1
            continue
        tag_start = i
        if source.startswith("</", i):
            end = source.find(">", i)
            if end < 0:
                raise fail(f"Unclosed end tag at byte offset {byte_offset(tag_start)}")
            name = source[i + 2 : end].strip().lower()
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {byte_offset(tag_start)}")
            open_name, start, open_attrs = stack[-1]
            if name != open_name:
                raise fail(
                    f"Unmatched end tag at byte offset {byte_offset(tag_start)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            stack.pop()
            _close_tag(open_name, start, length, open_attrs, stack, entities)
            i = end + 1
            continue
        match = _TAG_NAME_RE.match(source, i + 1)
        name = match.group(0).lower() if match else ""
        if name not in _HTML_TAGS:
            raw = re.match(r"[^\s>]*", source[i + 1 :])
            shown = raw.group(0) if raw else ""
            raise fail(f'Unsupported start tag "{shown}" at byte offset {byte_offset(tag_start)}')
        assert match is not None
        i = match.end()
        attrs: dict[str, str] = {}
        while True:
            while i < n and source[i].isspace():
                i += 1
            if i >= n:
                raise fail(f"Unclosed start tag at byte offset {byte_offset(tag_start)}")
            if source[i] == ">":
                i += 1
                break
            attr = _ATTR_NAME_RE.match(source, i)
            if attr is None:
                raise fail(
                    "Expected equal sign in declaration of an attribute of the tag at byte "
                    f"offset {byte_offset(tag_start)}"
                )
            attr_name = attr.group(0).lower()
            i = attr.end()
            while i < n and source[i].isspace():
                i += 1
            value = ""
            if i < n and source[i] == "=":
                i += 1
                while i < n and source[i].isspace():
                    i += 1
                if i < n and source[i] in "\"'":
                    close = source.find(source[i], i + 1)
                    if close < 0:
                        raise fail(f"Unclosed start tag at byte offset {byte_offset(tag_start)}")
                    value = source[i + 1 : close]
                    i = close + 1
                else:
                    raw_value = re.match(r"[^\s>]*", source[i:])
                    value = raw_value.group(0) if raw_value else ""
                    i += len(value)
                value = _ENTITY_RE.sub(decode_entity, value)
            attrs[attr_name] = value
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise fail('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise fail("Custom emoji identifier must be non-empty")
        stack.append((name, length, attrs))
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(parts), entities


def _close_tag(
    name: str,
    start: int,
    end: int,
    attrs: dict[str, str],
    stack: list[tuple[str, int, dict[str, str]]],
    entities: list[JSONDict],
) -> None:
    language = attrs.get("class", "")
    if name == "code" and stack and stack[-1][0] == "pre" and language.startswith("language-"):
        stack[-1][2]["language"] = language.removeprefix("language-")
        return
    if end <= start:
        return  # Telegram drops empty entities
    entity: JSONDict = {"type": _HTML_TAGS[name], "offset": start, "length": end - start}
    if name == "a":
        entity["url"] = attrs.get("href", "")
    elif name == "pre" and attrs.get("language"):
        entity["language"] = attrs["language"]
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    entities.append(entity)


# ---------------------------------------------------------------------------------------------


class BotApiEmulator:
    """Local Telegram Bot API server plus a test-side API to play users and inspect the bot.

    Use as ``async with BotApiEmulator(token) as emu:`` or call :meth:`start` / :meth:`stop`.
    Test-side misuse (unknown user, button that does not exist, ...) raises ``AssertionError``.
    """

    def __init__(
        self,
        token: str,
        *,
        username: str = "kek_test_bot",
        first_name: str = "KEK-Bot",
        privacy_mode: bool = True,
    ) -> None:
        """Create the emulator (not started yet).

        ``privacy_mode`` (default on, like ``can_read_all_group_messages: false``): in groups
        the bot only receives commands, messages mentioning it and replies to its messages,
        unless it is a group admin.
        """
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 7_000_000_001
        self.bot_user: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        self.privacy_mode = privacy_mode
        self.port = 0
        self.base_url = ""
        self.base_file_url = ""
        self.calls: list[tuple[str, JSONDict]] = []
        self.errors: list[tuple[str, int, str]] = []
        self.callback_answers: dict[str, JSONDict] = {}
        self.files: dict[str, StoredFile] = {}
        self.bot_settings: JSONDict = {}
        self.webhook_url = ""
        self._users: dict[int, JSONDict] = {}
        self._blocked: set[int] = set()
        self._chats: dict[int, _Chat] = {}
        self._updates: list[JSONDict] = []
        self._allowed_updates: frozenset[str] | None = None
        self._update_ids = itertools.count(100_000_001)
        self._callback_ids = itertools.count(4_200_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._seq = itertools.count(1)
        self._events: list[_Event] = []
        self._last_seq = 0
        self._pending_callbacks: dict[str, int] = {}
        self._commands: dict[tuple[tuple[str, int | str | None, int | None], str], list[Any]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._sources: dict[tuple[int, int], str] = {}
        self._poll_generation = 0
        self._closing = False
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        handlers: list[tuple[str, Callable[[JSONDict], Awaitable[Any]]]] = [
            ("getMe", self._get_me),
            ("getUpdates", self._get_updates),
            ("setWebhook", self._set_webhook),
            ("deleteWebhook", self._delete_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("logOut", self._ok),
            ("close", self._ok),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("setMyDescription", self._set_setting("description")),
            ("setMyShortDescription", self._set_setting("short_description")),
            ("setMyName", self._set_setting("name")),
            ("getMyDescription", self._get_setting("description")),
            ("getMyShortDescription", self._get_setting("short_description")),
            ("getMyName", self._get_setting("name")),
            ("setChatMenuButton", self._ok),
            ("getChatMenuButton", self._get_chat_menu_button),
            ("sendMessage", self._send_message),
            ("editMessageText", self._edit_message_text),
            ("editMessageCaption", self._edit_message_caption),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("deleteMessage", self._delete_message),
            ("answerCallbackQuery", self._answer_callback_query),
            ("sendChatAction", self._send_chat_action),
            ("getChat", self._get_chat),
            ("getChatMember", self._get_chat_member),
            ("getChatAdministrators", self._get_chat_administrators),
            ("getChatMemberCount", self._get_chat_member_count),
            ("forwardMessage", self._forward_message),
            ("copyMessage", self._copy_message),
            ("sendVoice", self._media_sender("voice")),
            ("sendAudio", self._media_sender("audio")),
            ("sendDocument", self._media_sender("document")),
            ("sendPhoto", self._media_sender("photo")),
            ("sendSticker", self._media_sender("sticker")),
            ("getFile", self._get_file),
        ]
        self._methods = {name.lower(): (name, handler) for name, handler in handlers}

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the HTTP server on 127.0.0.1 with a free port and set ``port``/``base_url``."""
        if self._runner is not None:
            return
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self.base_file_url = f"http://127.0.0.1:{self.port}/file/bot"

    async def stop(self) -> None:
        """Release pending long polls and shut the server down (idempotent)."""
        if self._runner is None:
            return
        self._closing = True
        self._notify()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- test side: world setup ----------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        *,
        last_name: str | None = None,
        language_code: str | None = "de",
    ) -> JSONDict:
        """Register a citizen (who has started the bot) and their private chat (id = user id)."""
        assert user_id > 0, "user ids must be positive"
        assert user_id not in self._users and user_id not in self._chats, (
            f"user/chat {user_id} already exists"
        )
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            user["last_name"] = chat["last_name"] = last_name
        if username:
            user["username"] = chat["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        self._chats[user_id] = _Chat(chat=chat)
        return copy.deepcopy(user)

    def add_group(
        self,
        chat_id: int,
        title: str,
        member_ids: Iterable[int],
        bot_member: bool = True,
        *,
        admin_ids: Iterable[int] = (),
        bot_admin: bool = False,
        username: str | None = None,
    ) -> JSONDict:
        """Create a group chat (``chat_id`` < 0; <= -10**12 makes it a supergroup).

        The first of ``admin_ids`` is the creator.  A bot admin sees all group messages even in
        privacy mode.
        """
        assert chat_id < 0, "group chat ids must be negative"
        assert chat_id not in self._chats, f"chat {chat_id} already exists"
        members = list(member_ids)
        admins = list(admin_ids)
        for uid in (*members, *admins):
            assert uid in self._users, f"unknown user {uid}; call add_user() first"
        members += [uid for uid in admins if uid not in members]
        kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
        chat: JSONDict = {"id": chat_id, "type": kind, "title": title}
        if username:
            chat["username"] = username
        self._chats[chat_id] = _Chat(
            chat=chat,
            members=members,
            admins=admins,
            bot_member=bot_member or bot_admin,
            bot_admin=bot_admin,
        )
        return copy.deepcopy(chat)

    def block(self, user_id: int, notify: bool = True) -> None:
        """The user blocks the bot (sends then fail with 403); injects ``my_chat_member``."""
        self._require_user(user_id)
        if user_id not in self._blocked:
            self._blocked.add(user_id)
            if notify:
                self._push_member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int, notify: bool = True) -> None:
        """The user unblocks the bot again; injects ``my_chat_member``."""
        self._require_user(user_id)
        if user_id in self._blocked:
            self._blocked.discard(user_id)
            if notify:
                self._push_member_update(user_id, "kicked", "member")

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``status``/``description``.

        ``retry_after`` adds ``parameters.retry_after`` (PTB raises ``RetryAfter``).
        """
        assert times >= 1, "times must be >= 1"
        self._faults.setdefault(method.lower(), []).append(
            _Fault(status, description, retry_after, times)
        )

    def set_unreachable(self, chat_id: int, unreachable: bool = True) -> None:
        """While set, bot writes to the chat fail with 403 (kicked from the group / user
        deactivated for private chats)."""
        self._require_chat(chat_id).unreachable = unreachable

    # -- test side: injecting updates ----------------------------------------------------------

    def send_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        reply_to: Mapping[str, Any] | int | None = None,
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        """The user sends a text message; returns the message dict.

        ``bot_command`` (leading ``/cmd``) and ``mention`` entities are added automatically
        unless ``entities`` is given.  In groups the update is only delivered if the bot may see
        it (membership, privacy mode); the message is stored in the history either way.
        """
        if entities is None:
            entities = self._detect_entities(text)
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = copy.deepcopy(entities)
        return self._user_message(user_id, chat_id, content, reply_to)

    def send_voice(self, user_id: int, chat_id: int | None = None, duration: int = 3) -> JSONDict:
        """The user sends a voice message (OGG/Opus)."""
        stored = self._store_file("voice", b"OggS\x00fake-voice", "voice.ogg", "audio/ogg")
        voice = {**self._file_obj(stored), "duration": duration, "mime_type": "audio/ogg"}
        return self._user_message(user_id, chat_id, {"voice": voice}, None)

    def send_photo(
        self, user_id: int, chat_id: int | None = None, caption: str | None = None
    ) -> JSONDict:
        """The user sends a photo (optionally with caption)."""
        stored = self._store_file("photo", b"\xff\xd8\xff fake-jpeg", "photo.jpg", "image/jpeg")
        content: JSONDict = {"photo": [{**self._file_obj(stored), "width": 800, "height": 600}]}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, chat_id, content, None)

    def send_sticker(
        self, user_id: int, chat_id: int | None = None, emoji: str = "👍"
    ) -> JSONDict:
        """The user sends a (static) sticker."""
        stored = self._store_file("sticker", b"RIFF fake-webp", "sticker.webp", "image/webp")
        sticker = {
            **self._file_obj(stored),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user_id, chat_id, {"sticker": sticker}, None)

    def send_document(
        self,
        user_id: int,
        chat_id: int | None = None,
        file_name: str = "dokument.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        data: bytes = b"%PDF-1.4 fake",
    ) -> JSONDict:
        """The user sends a document (with `data` as its content)."""
        stored = self._store_file("document", data, file_name, mime_type)
        document = {**self._file_obj(stored), "file_name": file_name, "mime_type": mime_type}
        content: JSONDict = {"document": document}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, chat_id, content, None)

    def send_location(
        self,
        user_id: int,
        chat_id: int | None = None,
        latitude: float = 53.4287,
        longitude: float = 11.8495,
    ) -> JSONDict:
        """The user shares a location (default: Parchim)."""
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._user_message(user_id, chat_id, content, None)

    def edit_text(self, message: Mapping[str, Any], new_text: str) -> JSONDict:
        """The author edits their text message; injects an ``edited_message`` update."""
        chat, stored = self._lookup(message)
        assert stored.get("from", {}).get("id") in self._users, "can only edit a user's message"
        assert "text" in stored, "can only edit text messages"
        stored["text"] = new_text
        stored["edit_date"] = _now()
        entities = self._detect_entities(new_text)
        if entities:
            stored["entities"] = entities
        else:
            stored.pop("entities", None)
        snapshot = copy.deepcopy(stored)
        if self._deliverable(chat, snapshot):
            self._push_update("edited_message", snapshot)
        return snapshot

    def press_button(self, user_id: int, message: Mapping[str, Any], callback_data: str) -> str:
        """The user presses the inline button with ``callback_data`` on ``message`` (current
        state of the message is used); returns the callback query id."""
        user = self._require_user(user_id)
        chat, stored = self._lookup(message)
        self._require_can_post(chat, user_id)
        markup = stored.get("reply_markup") or {}
        datas = [
            button.get("callback_data")
            for row in markup.get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]
        assert callback_data in datas, (
            f"message {stored['message_id']} in chat {chat.id} has no button with callback_data "
            f"{callback_data!r}; buttons: {self.buttons(stored)}"
        )
        query_id = str(next(self._callback_ids))
        query = {
            "id": query_id,
            "from": copy.deepcopy(user),
            "message": copy.deepcopy(stored),
            "chat_instance": str((abs(chat.id) * 2_654_435_761 + self.bot_id) % 10**19),
            "data": callback_data,
        }
        self._pending_callbacks[query_id] = user_id
        self._push_update("callback_query", query)
        return query_id

    def forge_callback(self, user_id: int, message: Mapping[str, Any], callback_data: str) -> str:
        """A callback query with any data for ``message``, as a forged or outdated client could
        send it (no check that the message has such a button); returns the query id."""
        user = self._require_user(user_id)
        chat, stored = self._lookup(message)
        query_id = str(next(self._callback_ids))
        self._pending_callbacks[query_id] = user_id
        self._push_update("callback_query", {
            "id": query_id, "from": copy.deepcopy(user), "message": copy.deepcopy(stored),
            "chat_instance": str(abs(chat.id)), "data": callback_data,
        })
        return query_id

    # -- test side: observing ------------------------------------------------------------------

    def mark(self) -> int:
        """A marker for ``after=`` parameters: only bot actions after this point count."""
        return self._last_seq

    def chat_messages(self, chat_id: int) -> list[JSONDict]:
        """All current messages of the chat (users and bot, edits applied, deletions removed)."""
        return [copy.deepcopy(m) for m in self._require_chat(chat_id).messages.values()]

    def bot_messages(self, chat_id: int) -> list[JSONDict]:
        """Current messages the bot sent into the chat (edits applied)."""
        return [m for m in self.chat_messages(chat_id) if m["from"]["id"] == self.bot_id]

    def bot_events(self, chat_id: int | None = None, after: int | None = None) -> list[JSONDict]:
        """Log of bot actions ``{"seq", "kind": sent|edited|deleted, "chat_id", "message"}``."""
        return [
            {
                "seq": e.seq,
                "kind": e.kind,
                "chat_id": e.chat_id,
                "message": copy.deepcopy(e.message),
            }
            for e in self._events
            if e.seq > (after or 0) and (chat_id is None or e.chat_id == chat_id)
        ]

    async def wait_for_bot_message(
        self,
        chat_id: int,
        predicate: MessagePredicate | None = None,
        timeout: float = 10.0,
        after: int | None = None,
    ) -> JSONDict:
        """Wait for the first bot message or edit in ``chat_id`` after marker ``after``
        (``None`` = since the start) that matches ``predicate``; returns its snapshot.

        Raises ``TimeoutError`` describing what the bot did send instead.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        start = after or 0
        while True:
            changed = self._changed
            for event in self._events:
                if event.seq <= start or event.chat_id != chat_id or event.kind == "deleted":
                    continue
                snapshot = copy.deepcopy(event.message)
                if predicate is None or predicate(snapshot):
                    return snapshot
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._describe_timeout(chat_id, start, timeout))
            await self._wait_changed(changed, remaining)

    async def wait_for_event(self, predicate: Callable[[JSONDict], bool],
                             timeout: float = 10.0) -> JSONDict:
        """Wait for the first bot action (sent, edited or deleted, as in ``bot_events``) that
        matches ``predicate``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            for event in self.bot_events():
                if predicate(event):
                    return event
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"no matching bot action within {timeout}s")
            await self._wait_changed(changed, remaining)

    async def wait_for_callback_answer(self, callback_id: str, timeout: float = 10.0) -> JSONDict:
        """Wait until the bot answered the callback query; returns
        ``{"text", "show_alert", "url", "cache_time"}``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            if callback_id in self.callback_answers:
                return dict(self.callback_answers[callback_id])
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"bot did not answer callback query {callback_id} within {timeout}s; "
                    f"answered: {sorted(self.callback_answers)}; recent API errors: "
                    f"{self.errors[-5:]}"
                )
            await self._wait_changed(changed, remaining)

    def commands(self, scope: Any = None, language_code: str = "") -> list[JSONDict]:
        """Commands stored via setMyCommands for ``scope`` (dict, PTB ``BotCommandScope`` or
        ``None`` = default) and ``language_code``."""
        if scope is not None and hasattr(scope, "to_dict"):
            scope = scope.to_dict()
        key = (self._scope_key(scope), language_code)
        return copy.deepcopy(self._commands.get(key, []))

    def calls_of(self, method: str) -> list[JSONDict]:
        """Parameters of every call of ``method`` (case-insensitive), in order."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    def pending_updates(self) -> list[JSONDict]:
        """Updates not yet confirmed by the bot (for debugging)."""
        return copy.deepcopy(self._updates)

    def source_text(self, message: Mapping[str, Any]) -> str | None:
        """The raw ``text``/``caption`` (e.g. HTML source) the bot last sent for a message."""
        return self._sources.get((int(message["chat"]["id"]), int(message["message_id"])))

    def file_of(self, message: Mapping[str, Any]) -> StoredFile | None:
        """The stored file behind a voice/audio/document/photo/sticker message."""
        for key in ("voice", "audio", "document", "sticker", "photo"):
            obj = message.get(key)
            if isinstance(obj, list) and obj:
                obj = obj[-1]
            if isinstance(obj, dict):
                return self.files.get(str(obj.get("file_id")))
        return None

    @staticmethod
    def buttons(message: Mapping[str, Any]) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard as rows of ``(text, callback_data or url or None)``."""
        markup = message.get("reply_markup") or {}
        return [
            [(b.get("text", ""), b.get("callback_data", b.get("url"))) for b in row]
            for row in markup.get("inline_keyboard", [])
        ]

    @classmethod
    def button_texts(cls, message: Mapping[str, Any]) -> list[str]:
        """Texts of all inline buttons, row by row."""
        return [text for row in cls.buttons(message) for text, _ in row]

    # -- HTTP layer ----------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        method = request.match_info["method"]
        entry = self._methods.get(method.lower())
        name = entry[0] if entry else method
        try:
            params = await self._read_params(request)
        except ApiError as exc:
            self.errors.append((name, exc.status, exc.description))
            return web.json_response(exc.payload(), status=exc.status)
        self.calls.append((name, params))
        if entry is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        try:
            self._check_fault(name)
            result = await entry[1](params)
        except ApiError as exc:
            transport = request.transport
            if transport is not None and not transport.is_closing():
                # only errors the client actually receives (not e.g. abandoned long polls)
                self.errors.append((name, exc.status, exc.description))
            return web.json_response(exc.payload(), status=exc.status)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _read_params(self, request: web.Request) -> JSONDict:
        raw: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad("can't parse JSON encoded request parameters") from None
            if isinstance(body, dict):
                raw.update(body)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    raw[key] = UploadedFile(value.filename, value.content_type, value.file.read())
                else:
                    raw[key] = value
        return _decode_params(raw)

    def _check_fault(self, method: str) -> None:
        faults = self._faults.get(method.lower())
        if not faults:
            return
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.pop(0)
        raise ApiError(fault.status, fault.description, fault.retry_after)

    # -- internals -----------------------------------------------------------------------------

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    @staticmethod
    async def _wait_changed(changed: asyncio.Event, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), timeout)

    def _require_user(self, user_id: int) -> JSONDict:
        assert user_id in self._users, f"unknown user {user_id}; call add_user() first"
        return self._users[user_id]

    def _require_chat(self, chat_id: int) -> _Chat:
        assert chat_id in self._chats, f"unknown chat {chat_id}"
        return self._chats[chat_id]

    def _require_can_post(self, chat: _Chat, user_id: int) -> None:
        if chat.type == "private":
            assert chat.id == user_id, f"user {user_id} cannot write in private chat {chat.id}"
            assert user_id not in self._blocked, (
                f"user {user_id} blocked the bot; call unblock() first"
            )
        else:
            assert user_id in chat.members, f"user {user_id} is not a member of chat {chat.id}"

    def _lookup(self, message: Mapping[str, Any]) -> tuple[_Chat, JSONDict]:
        chat = self._require_chat(int(message["chat"]["id"]))
        stored = chat.messages.get(int(message["message_id"]))
        assert stored is not None, f"message {message['message_id']} not found in chat {chat.id}"
        return chat, stored

    def _detect_entities(self, text: str) -> list[JSONDict]:
        entities: list[JSONDict] = []
        command = _COMMAND_RE.match(text)
        if command and (command.end() == len(text) or not text[command.end()].isalnum()):
            entities.append({"type": "bot_command", "offset": 0, "length": _u16(command.group())})
        for mention in _MENTION_RE.finditer(text):
            if command and mention.start() < command.end():
                continue
            entities.append(
                {
                    "type": "mention",
                    "offset": _u16(text[: mention.start()]),
                    "length": _u16(mention.group()),
                }
            )
        return entities

    def _user_message(
        self,
        user_id: int,
        chat_id: int | None,
        content: JSONDict,
        reply_to: Mapping[str, Any] | int | None,
    ) -> JSONDict:
        user = self._require_user(user_id)
        chat = self._require_chat(user_id if chat_id is None else chat_id)
        self._require_can_post(chat, user_id)
        reply: JSONDict | None = None
        if reply_to is not None:
            reply_id = reply_to if isinstance(reply_to, int) else int(reply_to["message_id"])
            target = chat.messages.get(reply_id)
            assert target is not None, f"reply target {reply_id} not found in chat {chat.id}"
            reply = target
        message = self._store_message(chat, user, content, reply)
        snapshot = copy.deepcopy(message)
        if self._deliverable(chat, snapshot):
            self._push_update("message", snapshot)
        return snapshot

    def _deliverable(self, chat: _Chat, message: JSONDict) -> bool:
        """Would Telegram deliver this user message to the bot?"""
        if chat.type == "private":
            return True
        if not chat.bot_member or chat.unreachable:
            return False
        if not self.privacy_mode or chat.bot_admin:
            return True
        text = str(message.get("text") or message.get("caption") or "")
        username = str(self.bot_user["username"]).lower()
        command = _COMMAND_RE.match(text)
        if command:
            _, _, target = command.group().partition("@")
            if not target or target.lower() == username:
                return True
        if any(m.group()[1:].lower() == username for m in _MENTION_RE.finditer(text)):
            return True
        replied = message.get("reply_to_message") or {}
        return bool(replied.get("from", {}).get("id") == self.bot_id)

    def _push_update(self, kind: str, payload: JSONDict) -> None:
        self._updates.append({"update_id": next(self._update_ids), kind: payload})
        self._notify()

    def _push_member_update(self, user_id: int, old: str, new: str) -> None:
        chat = self._chats[user_id]
        new_member: JSONDict = {"status": new, "user": dict(self.bot_user)}
        if new == "kicked":
            new_member["until_date"] = 0
        old_member: JSONDict = {"status": old, "user": dict(self.bot_user)}
        if old == "kicked":
            old_member["until_date"] = 0
        payload = {
            "chat": copy.deepcopy(chat.chat),
            "from": copy.deepcopy(self._users[user_id]),
            "date": _now(),
            "old_chat_member": old_member,
            "new_chat_member": new_member,
        }
        self._push_update("my_chat_member", payload)

    def _store_message(
        self, chat: _Chat, sender: JSONDict, content: JSONDict, reply: JSONDict | None
    ) -> JSONDict:
        message: JSONDict = {
            "message_id": chat.next_message_id,
            "from": copy.deepcopy(sender),
            "chat": copy.deepcopy(chat.chat),
            "date": _now(),
        }
        chat.next_message_id += 1
        if reply is not None:
            nested = copy.deepcopy(reply)
            nested.pop("reply_to_message", None)
            message["reply_to_message"] = nested
        message.update(copy.deepcopy(content))
        chat.messages[message["message_id"]] = message
        return message

    def _record_event(self, kind: str, chat: _Chat, message: JSONDict) -> None:
        self._last_seq = next(self._seq)
        self._events.append(_Event(self._last_seq, kind, chat.id, copy.deepcopy(message)))
        self._notify()

    def _store_file(
        self, kind: str, data: bytes, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"EMU-{kind}-{number:06d}",
            file_unique_id=f"EMUU{number:06d}",
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
            data=data,
            file_path=f"{kind}s/file_{number}{self._extension(file_name)}",
        )
        self.files[stored.file_id] = stored
        return stored

    @staticmethod
    def _extension(file_name: str | None) -> str:
        if file_name and "." in file_name:
            return "." + file_name.rsplit(".", 1)[1]
        return ""

    @staticmethod
    def _file_obj(stored: StoredFile) -> JSONDict:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }

    # -- API helpers ---------------------------------------------------------------------------

    def _resolve_chat(self, params: JSONDict, name: str = "chat_id") -> _Chat:
        value = params.get(name)
        if value is None or value == "":
            raise _bad(f"{name} is empty")
        if isinstance(value, str) and value.startswith("@"):
            for chat in self._chats.values():
                if str(chat.chat.get("username", "")).lower() == value[1:].lower():
                    return chat
            raise _bad("chat not found")
        chat_id = _opt_int(params, name)
        if chat_id is None or chat_id not in self._chats:
            raise _bad("chat not found")
        return self._chats[chat_id]

    def _check_access(self, chat: _Chat, write: bool = True) -> None:
        if chat.type == "private":
            if write and chat.id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if write and chat.unreachable:
                raise ApiError(403, "Forbidden: user is deactivated")
            return
        if chat.unreachable:
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if not chat.bot_member:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")

    def _message_arg(self, chat: _Chat, params: JSONDict, missing: str) -> JSONDict:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        message_id = _opt_int(params, "message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None:
            raise _bad(missing)
        return message

    def _formatted(
        self, params: JSONDict, text_key: str, entities_key: str, limit: int, kind: str
    ) -> tuple[str, list[JSONDict]]:
        """Validate text/caption with parse_mode and return (plain text, entities)."""
        raw = _opt_str(params, text_key) or ""
        parse_mode = (_opt_str(params, "parse_mode") or "").lower()
        explicit = _opt_json(params, entities_key)
        if explicit is not None:
            if not isinstance(explicit, list):
                raise _bad(f"can't parse {entities_key} JSON object")
            plain, entities = raw, [dict(e) for e in explicit]
        elif parse_mode == "html":
            plain, entities = parse_html(raw)
        elif parse_mode in ("", "markdown", "markdownv2"):
            plain, entities = raw, []  # Markdown is accepted but not parsed by the emulator
        else:
            raise _bad("unsupported parse_mode")
        plain, entities = _trim(plain, entities)
        if len(plain) > limit:
            raise _bad("message is too long" if kind == "text" else "message caption is too long")
        return plain, entities

    def _markup(self, params: JSONDict) -> JSONDict | None:
        """Validate ``reply_markup``; return it if it is an inline keyboard (kept on the
        message), else ``None`` (reply keyboards are accepted but not part of the message)."""
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
                raise _bad("can't parse reply keyboard markup JSON object")
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad(
                "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
            )
        total = 0
        for row in rows:
            for button in row:
                total += 1
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad("can't parse inline keyboard button: Text must be a String")
                if not any(k in button for k in _BUTTON_ACTIONS):
                    raise _bad("text buttons are unallowed in the inline keyboard")
                if "callback_data" in button:
                    data = button["callback_data"]
                    size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                    if not 1 <= size <= CALLBACK_DATA_LIMIT:
                        raise _bad("BUTTON_DATA_INVALID")
                if "url" in button and not (
                    isinstance(button["url"], str) and _URL_RE.fullmatch(button["url"])
                ):
                    raise _bad("BUTTON_URL_INVALID")
        if total > INLINE_KEYBOARD_BUTTON_LIMIT:
            raise _bad("reply markup is too long")
        return {"inline_keyboard": copy.deepcopy(rows)} if any(rows) else None

    def _reply_target(self, chat: _Chat, params: JSONDict) -> JSONDict | None:
        reply_parameters = _opt_json(params, "reply_parameters")
        if reply_parameters is not None and not isinstance(reply_parameters, dict):
            raise _bad("can't parse reply parameters JSON object")
        rp: JSONDict = reply_parameters or {}
        message_id = rp.get("message_id", _opt_int(params, "reply_to_message_id"))
        if message_id is None:
            return None
        allow = bool(rp.get("allow_sending_without_reply")) or _flag(
            params, "allow_sending_without_reply"
        )
        target_chat = chat
        if rp.get("chat_id") not in (None, chat.id):
            target_chat = self._resolve_chat(rp, "chat_id")
        target = target_chat.messages.get(int(message_id))
        if target is None and not allow:
            raise _bad("message to be replied not found")
        return target

    def _bot_message(
        self,
        chat: _Chat,
        content: JSONDict,
        reply: JSONDict | None,
        markup: JSONDict | None,
        source: str | None,
    ) -> JSONDict:
        if markup is not None:
            content["reply_markup"] = markup
        message = self._store_message(chat, self.bot_user, content, reply)
        if source is not None:
            self._sources[(chat.id, message["message_id"])] = source
        self._record_event("sent", chat, message)
        return copy.deepcopy(message)

    @staticmethod
    def _set_formatted(
        message: JSONDict, key: str, entities_key: str, text: str, entities: list[JSONDict]
    ) -> None:
        message[key] = text
        if entities:
            message[entities_key] = entities
        else:
            message.pop(entities_key, None)

    # -- API methods ---------------------------------------------------------------------------

    async def _ok(self, params: JSONDict) -> bool:
        return True

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        offset = _opt_int(params, "offset")
        limit = min(max(_opt_int(params, "limit") or 100, 1), 100)
        timeout = max(_opt_float(params, "timeout") or 0.0, 0.0)
        allowed = _opt_json(params, "allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list):
                raise _bad("can't parse allowed_updates JSON object")
            self._allowed_updates = frozenset(map(str, allowed)) or None
        if self.webhook_url:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        if offset is not None and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset is not None and offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # terminates an older long poll with 409, like Telegram
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            if generation != self._poll_generation:
                raise ApiError(409, _CONFLICT_POLL)
            self._updates = [u for u in self._updates if self._is_allowed(u)]
            if self._updates:
                return copy.deepcopy(self._updates[:limit])
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                return []
            await self._wait_changed(changed, remaining)

    def _is_allowed(self, update: JSONDict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self._allowed_updates is None:
            return kind not in _NOT_DEFAULT_UPDATES
        return kind in self._allowed_updates

    async def _set_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = _opt_str(params, "url") or ""
        if _flag(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = ""
        if _flag(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _scope_key(self, scope: Any) -> tuple[str, int | str | None, int | None]:
        if scope is None:
            return ("default", None, None)
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise _bad("can't parse BotCommandScope JSON object")
        chat_id = scope.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        user_id = scope.get("user_id")
        return (scope["type"], chat_id, int(user_id) if user_id is not None else None)

    def _commands_key(
        self, params: JSONDict
    ) -> tuple[tuple[str, int | str | None, int | None], str]:
        scope_key = self._scope_key(_opt_json(params, "scope"))
        return scope_key, _opt_str(params, "language_code") or ""

    async def _set_my_commands(self, params: JSONDict) -> bool:
        commands = _opt_json(params, "commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand JSON object")
            if not _BOT_COMMAND_NAME_RE.fullmatch(str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        key = self._commands_key(params)
        return copy.deepcopy(self._commands.get(key, []))

    async def _delete_my_commands(self, params: JSONDict) -> bool:
        key = self._commands_key(params)
        self._commands.pop(key, None)
        return True

    def _set_setting(self, name: str) -> Callable[[JSONDict], Awaitable[bool]]:
        async def handler(params: JSONDict) -> bool:
            language = _opt_str(params, "language_code") or ""
            self.bot_settings[f"{name}:{language}"] = _opt_str(params, name) or ""
            return True

        return handler

    def _get_setting(self, name: str) -> Callable[[JSONDict], Awaitable[JSONDict]]:
        async def handler(params: JSONDict) -> JSONDict:
            language = _opt_str(params, "language_code") or ""
            default = str(self.bot_user["first_name"]) if name == "name" else ""
            return {name: self.bot_settings.get(f"{name}:{language}", default)}

        return handler

    async def _get_chat_menu_button(self, params: JSONDict) -> JSONDict:
        return {"type": "default"}

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        text, entities = self._formatted(params, "text", "entities", TEXT_LIMIT, "text")
        if not text:
            raise _bad("message text is empty")
        markup = self._markup(params)
        reply = self._reply_target(chat, params)
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._bot_message(chat, content, reply, markup, _opt_str(params, "text"))

    async def _edit_message_text(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        message = self._message_arg(chat, params, "message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise _bad("message can't be edited")
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        text, entities = self._formatted(params, "text", "entities", TEXT_LIMIT, "text")
        if not text:
            raise _bad("message text is empty")
        markup = self._markup(params)
        if (
            text == message["text"]
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise ApiError(400, _NOT_MODIFIED)
        self._set_formatted(message, "text", "entities", text, entities)
        return self._apply_edit(chat, message, markup, _opt_str(params, "text"))

    async def _edit_message_caption(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        message = self._message_arg(chat, params, "message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise _bad("message can't be edited")
        if "text" in message:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._formatted(
            params, "caption", "caption_entities", CAPTION_LIMIT, "caption"
        )
        markup = self._markup(params)
        if (
            caption == message.get("caption", "")
            and entities == message.get("caption_entities", [])
            and markup == message.get("reply_markup")
        ):
            raise ApiError(400, _NOT_MODIFIED)
        self._set_formatted(message, "caption", "caption_entities", caption, entities)
        if not caption:
            message.pop("caption", None)
        return self._apply_edit(chat, message, markup, _opt_str(params, "caption"))

    async def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        message = self._message_arg(chat, params, "message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise _bad("message can't be edited")
        markup = self._markup(params)
        if markup == message.get("reply_markup"):
            raise ApiError(400, _NOT_MODIFIED)
        return self._apply_edit(chat, message, markup, None)

    def _apply_edit(
        self, chat: _Chat, message: JSONDict, markup: JSONDict | None, source: str | None
    ) -> JSONDict:
        # Like Telegram: an edit without reply_markup removes the inline keyboard.
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = _now()
        if source is not None:
            self._sources[(chat.id, message["message_id"])] = source
        self._record_event("edited", chat, message)
        return copy.deepcopy(message)

    async def _delete_message(self, params: JSONDict) -> bool:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        message = self._message_arg(chat, params, "message to delete not found")
        own = message["from"]["id"] == self.bot_id
        if chat.type != "private" and not own and not chat.bot_admin:
            raise _bad("message can't be deleted")
        del chat.messages[message["message_id"]]
        self._record_event("deleted", chat, message)
        return True

    async def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = _opt_str(params, "callback_query_id")
        if not query_id:
            raise _bad("callback_query_id is empty")
        if query_id not in self._pending_callbacks or query_id in self.callback_answers:
            raise ApiError(400, _QUERY_INVALID)
        text = _opt_str(params, "text")
        if text is not None and len(text) > CALLBACK_ANSWER_TEXT_LIMIT:
            raise _bad("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = {
            "text": text,
            "show_alert": _flag(params, "show_alert"),
            "url": _opt_str(params, "url"),
            "cache_time": _opt_int(params, "cache_time"),
        }
        self._notify()
        return True

    async def _send_chat_action(self, params: JSONDict) -> bool:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        if _opt_str(params, "action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    async def _get_chat(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        return {
            **copy.deepcopy(chat.chat),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member(self, chat: _Chat, user_id: int) -> JSONDict:
        if user_id == self.bot_id:
            if chat.type == "private":
                status = "kicked" if chat.id in self._blocked else "member"
            elif chat.unreachable:
                status = "kicked"
            else:
                status = "administrator" if chat.bot_admin else "member"
            return self._member_obj(dict(self.bot_user), status)
        if user_id not in self._users:
            raise _bad("user not found")
        user = copy.deepcopy(self._users[user_id])
        if chat.type == "private":
            return self._member_obj(user, "member" if user_id == chat.id else "left")
        if chat.admins and chat.admins[0] == user_id:
            return self._member_obj(user, "creator")
        if user_id in chat.admins:
            return self._member_obj(user, "administrator")
        return self._member_obj(user, "member" if user_id in chat.members else "left")

    @staticmethod
    def _member_obj(user: JSONDict, status: str) -> JSONDict:
        member: JSONDict = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    async def _get_chat_member(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat, write=False)
        user_id = _opt_int(params, "user_id")
        if user_id is None:
            raise _bad("user_id is empty")
        return self._member(chat, user_id)

    async def _get_chat_administrators(self, params: JSONDict) -> list[JSONDict]:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            raise _bad("there are no administrators in the private chat")
        self._check_access(chat, write=False)
        result = [self._member(chat, uid) for uid in chat.admins]
        if chat.bot_admin:
            result.append(self._member(chat, self.bot_id))
        return result

    async def _get_chat_member_count(self, params: JSONDict) -> int:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            return 2
        self._check_access(chat, write=False)
        return len(chat.members) + (1 if chat.bot_member else 0)

    def _source_message(self, params: JSONDict, missing: str) -> JSONDict:
        source_chat = self._resolve_chat(params, "from_chat_id")
        message_id = _opt_int(params, "message_id")
        message = source_chat.messages.get(message_id) if message_id is not None else None
        if message is None:
            raise _bad(missing)
        return message

    async def _forward_message(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        source = self._source_message(params, "message to forward not found")
        content = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        content["forward_origin"] = copy.deepcopy(
            source.get("forward_origin")
            or {"type": "user", "sender_user": source["from"], "date": source["date"]}
        )
        return self._bot_message(chat, content, None, None, None)

    async def _copy_message(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        source = self._source_message(params, "message to copy not found")
        content = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        if "caption" in params and "text" not in content:
            caption, entities = self._formatted(
                params, "caption", "caption_entities", CAPTION_LIMIT, "caption"
            )
            content.pop("caption", None)
            content.pop("caption_entities", None)
            if caption:
                self._set_formatted(content, "caption", "caption_entities", caption, entities)
        markup = self._markup(params)
        reply = self._reply_target(chat, params)
        message = self._bot_message(chat, content, reply, markup, None)
        return {"message_id": message["message_id"]}

    def _media_sender(self, kind: str) -> Callable[[JSONDict], Awaitable[JSONDict]]:
        async def handler(params: JSONDict) -> JSONDict:
            return await self._send_media(kind, params)

        return handler

    async def _send_media(self, kind: str, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params)
        self._check_access(chat)
        stored = self._input_file(kind, params)
        caption, entities = self._formatted(
            params, "caption", "caption_entities", CAPTION_LIMIT, "caption"
        )
        markup = self._markup(params)
        reply = self._reply_target(chat, params)
        media: JSONDict = self._file_obj(stored)
        if kind in ("voice", "audio"):
            media["duration"] = _opt_int(params, "duration") or 1
            media["mime_type"] = stored.mime_type or "audio/ogg"
            for extra in ("title", "performer"):
                if kind == "audio" and _opt_str(params, extra):
                    media[extra] = _opt_str(params, extra)
        if kind in ("audio", "document") and stored.file_name:
            media["file_name"] = stored.file_name
        if kind == "document":
            media["mime_type"] = stored.mime_type or "application/octet-stream"
        content: JSONDict = {kind: media}
        if kind == "photo":
            content = {"photo": [{**media, "width": 1280, "height": 960}]}
        elif kind == "sticker":
            media.update(type="regular", width=512, height=512, is_animated=False, is_video=False)
        if caption and kind != "sticker":
            self._set_formatted(content, "caption", "caption_entities", caption, entities)
        return self._bot_message(chat, content, reply, markup, _opt_str(params, "caption"))

    def _input_file(self, kind: str, params: JSONDict) -> StoredFile:
        value = params.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, UploadedFile):
            if not value.data:
                raise _bad("file must be non-empty")
            return self._store_file(kind, value.data, value.filename, value.content_type)
        if isinstance(value, str) and value:
            if value in self.files:
                return self.files[value]
            if value.lower().startswith(("http://", "https://")):
                name = value.rstrip("/").rsplit("/", 1)[-1] or None
                return self._store_file(kind, value.encode("utf-8"), name, None)
            raise _bad("wrong file identifier/HTTP URL specified")
        raise _bad(f"there is no {kind} in the request")

    async def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self.files.get(_opt_str(params, "file_id") or "")
        if stored is None:
            raise _bad("invalid file_id")
        return {**self._file_obj(stored), "file_path": stored.file_path}

    # -- diagnostics ---------------------------------------------------------------------------

    def _describe_timeout(self, chat_id: int, after: int, timeout: float) -> str:
        lines = [
            f"no matching bot message in chat {chat_id} within {timeout}s (after mark {after})."
        ]
        here = [e for e in self._events if e.seq > after and e.chat_id == chat_id]
        if here:
            lines.append("The bot did this in that chat:")
            lines += [f"  {self._describe_event(e)}" for e in here]
        else:
            lines.append("The bot sent/edited nothing in that chat.")
        elsewhere = [e for e in self._events if e.seq > after and e.chat_id != chat_id]
        if elsewhere:
            lines.append("In other chats:")
            lines += [f"  chat {e.chat_id}: {self._describe_event(e)}" for e in elsewhere[-10:]]
        if self.errors:
            lines.append(f"Recent API errors: {self.errors[-5:]}")
        if self._updates:
            lines.append(f"Unconfirmed updates still pending: {len(self._updates)}")
        return "\n".join(lines)

    def _describe_event(self, event: _Event) -> str:
        message = event.message
        body = message.get("text", message.get("caption"))
        if body is None:
            body = "<" + next((k for k in _CONTENT_KEYS if k in message), "other") + ">"
        if len(body) > 300:
            body = body[:300] + "..."
        buttons = self.button_texts(message)
        suffix = f" buttons={buttons}" if buttons else ""
        return f"#{event.seq} {event.kind} message_id={message['message_id']}: {body!r}{suffix}"
