"""Settings: defaults, then the YAML config file, then the environment (the environment wins).

Every setting has a path like `telegram.base_url`; the environment variable for it is `KEK_BOT_`
plus the path in upper case with `__` between levels (`KEK_BOT_TELEGRAM__BASE_URL`). Two short
aliases stay for convenience: `KEK_BOT_TOKEN` and `KEK_BOT_API_URL`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.errors import ConfigError

ENV_PREFIX = "KEK_BOT_"


class Secret:
    """A string that does not show itself in logs, reprs or tracebacks."""

    def __init__(self, value: str) -> None:
        self._value = value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)


Kind = Literal["str", "secret", "path", "int", "float", "bool", "ids", "map", "chatmap"]


@dataclass(frozen=True)
class Setting:
    """One setting, declared once. The README table and config.example.yaml are checked
    against these declarations by tests/test_config.py; `Policy` takes its defaults from them."""

    path: str  # section.name, as in config.yaml
    kind: Kind  # "ids": list of int; "map": name -> text; "chatmap": name -> chat id
    default: Any  # as written in config.example.yaml
    field: str  # the Config field
    help: str  # the "meaning" column of the README table
    choices: tuple[str, ...] = ()  # the allowed values, if only a few are
    alias: str = ""  # a short extra environment variable


SETTINGS: Mapping[str, Setting] = {s.path: s for s in (
    Setting("telegram.token", "secret", "", "token",
            "bot token from BotFather; never logged", alias="KEK_BOT_TOKEN"),
    Setting("telegram.base_url", "str", "", "base_url",
            "Bot API address, e.g. `http://127.0.0.1:8081/bot`; empty means Telegram itself",
            alias="KEK_BOT_API_URL"),
    Setting("telegram.mode", "str", "polling", "mode",
            "`polling` or `webhook`", choices=("polling", "webhook")),
    Setting("telegram.webhook_url", "str", "", "webhook_url",
            "public HTTPS URL ending in `/telegram` (webhook mode)"),
    Setting("telegram.webhook_listen", "str", "127.0.0.1", "webhook_listen",
            "listen address (webhook mode)"),
    Setting("telegram.webhook_port", "int", 8443, "webhook_port",
            "listen port (webhook mode)"),
    Setting("telegram.webhook_secret", "secret", "", "webhook_secret",
            "secret token Telegram sends with each webhook call"),
    Setting("knowledge.path", "path", "knowledge", "knowledge_path",
            "knowledge-base folder"),
    Setting("storage.path", "path", "kek-bot.sqlite3", "storage_path",
            "SQLite database file"),
    # The matching.* defaults are tuned on tests/eval (bench/tune.py); each is a Policy field.
    Setting("matching.answer_at", "float", 44.0, "answer_at",
            "score (0–100) from which the bot answers"),
    Setting("matching.clarify_at", "float", 36.0, "clarify_at",
            "score from which it offers choices instead of forwarding"),
    Setting("matching.margin", "float", 10.0, "margin",
            "lead the best entry needs over the next one to be answered"),
    Setting("matching.lead_margin", "float", 12.0, "lead_margin",
            "lead over every other entry that makes the best entry clearly the one meant"),
    Setting("matching.lead_answer_at", "float", 38.0, "lead_answer_at",
            "score from which such a clear leader is answered"),
    Setting("matching.max_unknown_answer", "float", 0.5, "max_unknown_answer",
            "largest share of unknown words in a question that is answered"),
    Setting("matching.max_unknown_clarify", "float", 0.6, "max_unknown_clarify",
            "the same for offering choices"),
    Setting("matching.off_topic_at", "float", 40.0, "off_topic_at",
            "score from which a question counts as a subject outside the KEK "
            "(`knowledge/nicht-im-kek.yaml`) and is forwarded"),
    Setting("matching.off_topic_margin", "float", 10.0, "off_topic_margin",
            "such a subject wins unless the best entry scores more than this much higher"),
    Setting("staff.chat_ids", "ids", [], "staff_chat_ids",
            "staff group chats, e.g. `-1001234,-1005678`"),
    Setting("staff.user_ids", "ids", [], "staff_user_ids",
            "staff members who may also use staff commands in their private chat with the bot"),
    Setting("handoff.default_office", "str", "parchim", "default_office",
            "contact id that gets questions from towns no office serves"),
    Setting("handoff.default_chat_id", "int", 0, "default_chat_id",
            "staff chat for every office without its own; 0 means none"),
    Setting("handoff.office_chats", "chatmap", {}, "office_chats",
            "staff chat per office, e.g. `hagenow=-1001234,luebz=-1005678`"),
    Setting("handoff.office_emails", "map", {}, "office_emails",
            "e-mail copy per office, e.g. `hagenow=buero@example.org`"),
    Setting("handoff.answer_days", "int", 2, "answer_days",
            "working days within which an answer usually comes"),
    Setting("handoff.reminder_hours", "float", 24.0, "reminder_hours",
            "open questions are announced again after this"),
    Setting("handoff.town_minutes", "float", 10.0, "town_minutes",
            "minutes the bot waits for the town after the citizen agreed to forwarding; "
            "then the question is filed without a town"),
    Setting("handoff.undo_minutes", "float", 10.0, "undo_minutes",
            "minutes during which staff can take back an answer sent to a citizen "
            "(button *Zurücknehmen*)"),
    Setting("handoff.retry_seconds", "float", 10.0, "retry_seconds",
            "first wait before a failed delivery is retried (doubles)"),
    Setting("handoff.retry_max_seconds", "float", 600.0, "retry_max_seconds",
            "longest wait between delivery attempts"),
    Setting("handoff.max_attempts", "int", 30, "max_attempts",
            "delivery attempts after which a message counts as failed and staff are told"),
    Setting("handoff.outbox_seconds", "float", 5.0, "outbox_seconds",
            "how often due deliveries are looked for"),
    Setting("handoff.retention_days", "int", 180, "retention_days",
            "days after which every forwarded question and all its data are deleted, "
            "answered or not"),
    Setting("question_log.enabled", "bool", True, "log_enabled",
            "keep the questions that reach the matcher, masked and without any identifier, "
            "for the curation report (`kek-bot run` only)"),
    Setting("question_log.retention_days", "int", 90, "log_retention_days",
            "days after which logged questions are deleted"),
    Setting("status.outbox_minutes", "float", 15.0, "status_outbox_minutes",
            "`kek-bot status` fails when a delivery has waited longer than this"),
    Setting("flood.burst", "int", 10, "flood_burst",
            "messages one citizen may send in a quick row before the bot asks them to slow "
            "down and ignores the rest of the burst"),
    Setting("flood.per_minute", "float", 30.0, "flood_per_minute",
            "messages per minute one citizen may send in the long run"),
    Setting("privacy.controller", "str", "", "privacy_controller",
            "the controller under data-protection law, with postal address, for the privacy "
            "notice (`/datenschutz`); required when forwarding is on"),
    Setting("privacy.officer", "str", "", "privacy_officer",
            "how to reach the data-protection officer, for the privacy notice; required when "
            "forwarding is on"),
    Setting("smtp.host", "str", "", "smtp_host", "mail server for e-mail copies"),
    Setting("smtp.port", "int", 587, "smtp_port", "mail server port"),
    Setting("smtp.starttls", "bool", True, "smtp_starttls", "use STARTTLS"),
    Setting("smtp.username", "str", "", "smtp_username", "mail login"),
    Setting("smtp.password", "secret", "", "smtp_password",
            "mail password (set it in the environment)"),
    Setting("smtp.sender", "str", "", "smtp_sender", "sender address"),
    Setting("logging.level", "str", "INFO", "log_level",
            "`DEBUG`, `INFO`, `WARNING`, `ERROR`",
            choices=("DEBUG", "INFO", "WARNING", "ERROR")),
)}
CHOICES = {s.path: s.choices for s in SETTINGS.values() if s.choices}
ALIASES = {s.alias: s.path for s in SETTINGS.values() if s.alias}


def default(path: str) -> Any:
    """The built-in default of a setting."""
    return SETTINGS[path].default


@dataclass(frozen=True)
class Config:
    """All settings, typed. Built only by load_config, which fills every field."""

    token: Secret
    base_url: str
    mode: str
    webhook_url: str
    webhook_listen: str
    webhook_port: int
    webhook_secret: Secret
    knowledge_path: Path
    storage_path: Path
    answer_at: float
    clarify_at: float
    margin: float
    lead_answer_at: float
    lead_margin: float
    max_unknown_answer: float
    max_unknown_clarify: float
    off_topic_at: float
    off_topic_margin: float
    staff_chat_ids: tuple[int, ...]
    staff_user_ids: tuple[int, ...]
    default_office: str
    default_chat_id: int
    office_chats: Mapping[str, int]
    office_emails: Mapping[str, str]
    answer_days: int
    reminder_hours: float
    town_minutes: float
    undo_minutes: float
    retry_seconds: float
    retry_max_seconds: float
    max_attempts: int
    outbox_seconds: float
    retention_days: int
    log_enabled: bool
    log_retention_days: int
    status_outbox_minutes: float
    flood_burst: int
    flood_per_minute: float
    privacy_controller: str
    privacy_officer: str
    smtp_host: str
    smtp_port: int
    smtp_starttls: bool
    smtp_username: str
    smtp_password: Secret
    smtp_sender: str
    log_level: str

    @property
    def handoff_chats(self) -> frozenset[int]:
        """Every staff chat that receives forwarded questions."""
        chats = set(self.office_chats.values())
        if self.default_chat_id:
            chats.add(self.default_chat_id)
        return frozenset(chats)

    @property
    def staff_chats(self) -> frozenset[int]:
        """Chats where staff commands work: configured staff chats and handoff chats."""
        return frozenset(self.staff_chat_ids) | self.handoff_chats


def env_name(path: str) -> str:
    return ENV_PREFIX + path.upper().replace(".", "__")


def load_config(path: Path | str | None = None,
                environ: Mapping[str, str] | None = None) -> Config:
    """Read the settings; raise ConfigError with one sentence naming the wrong setting."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {key: setting.default for key, setting in SETTINGS.items()}
    if path is not None:
        values.update(_read_file(Path(path)))
    for alias, key in ALIASES.items():
        if environ.get(alias):
            values[key] = environ[alias]
    for key in SETTINGS:
        if env_name(key) in environ:
            values[key] = environ[env_name(key)]
    typed = {SETTINGS[key].field: _convert(key, value) for key, value in values.items()}
    typed["staff_chat_ids"] = tuple(typed["staff_chat_ids"])
    typed["staff_user_ids"] = tuple(typed["staff_user_ids"])
    return Config(**typed)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Die Konfigurationsdatei {path} gibt es nicht.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" in Zeile {mark.line + 1}" if mark else ""
        raise ConfigError(f"Die Konfigurationsdatei {path} ist kein gültiges YAML{where}."
                          ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"Die Konfigurationsdatei {path} muss Abschnitte wie 'telegram:' haben.")
    flat: dict[str, Any] = {}
    for section, content in data.items():
        if not isinstance(content, dict):
            raise ConfigError(f"Einstellung '{section}' muss ein Abschnitt mit Unterpunkten sein.")
        for name, value in content.items():
            key = f"{section}.{name}"
            if key not in SETTINGS:
                raise ConfigError(f"Einstellung '{key}' in {path} ist unbekannt.")
            flat[key] = value
    return flat


def _convert(key: str, value: Any) -> Any:
    setting = SETTINGS[key]
    kind = setting.kind
    try:
        converted = _CONVERTERS[kind](value)
    except (TypeError, ValueError):
        raise ConfigError(f"Einstellung '{key}' hat einen ungültigen Wert "
                          f"(erwartet: {_KIND_NAMES[kind]}).") from None
    if setting.choices and converted not in setting.choices:
        raise ConfigError(f"Einstellung '{key}' muss einer dieser Werte sein: "
                          f"{', '.join(setting.choices)}.")
    return converted


def _ids(value: Any) -> list[int]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, list):
        raise TypeError
    return [int(v) for v in value]


def _mapping(value: Any) -> dict[str, str]:
    """A mapping from YAML, or "a=1, b=2" from the environment."""
    if isinstance(value, str):
        pairs = [p.split("=", 1) for p in value.replace(";", ",").split(",") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise ValueError
        value = {k.strip(): v.strip() for k, v in pairs}
    if not isinstance(value, dict):
        raise TypeError
    return {str(k): str(v) for k, v in value.items()}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "ja", "on"):
        return True
    if text in ("0", "false", "no", "nein", "off"):
        return False
    raise ValueError


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise TypeError
    return str(value).strip()


_CONVERTERS: dict[str, Any] = {
    "str": _text,
    "secret": lambda v: Secret(_text(v)),
    "path": lambda v: Path(_text(v)),
    "int": int,
    "float": float,
    "ids": _ids,
    "map": _mapping,
    "chatmap": lambda v: {k: int(x) for k, x in _mapping(v).items()},
    "bool": _bool,
}
_KIND_NAMES = {
    "str": "ein Text", "secret": "ein Text", "path": "ein Dateipfad", "int": "eine ganze Zahl",
    "float": "eine Zahl", "ids": "eine Liste von Zahlen",
    "map": "Paare wie hagenow=buero@example.org",
    "chatmap": "Paare wie hagenow=-1001234", "bool": "true oder false",
}
