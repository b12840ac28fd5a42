from __future__ import annotations

import ast
import dataclasses
import re
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import SETTINGS, Config, Secret, Setting, default, env_name, load_config
from bot.dialogue import Policy
from bot.engine import policy_of
from bot.errors import ConfigError
from tests.conftest import ROOT

README = ROOT / "README.md"
EXAMPLE = ROOT / "config.example.yaml"
# The Config field type each kind of setting becomes.
KIND_TYPES: dict[str, Any] = {
    "str": str, "secret": Secret, "path": Path, "int": int, "float": float, "bool": bool,
    "ids": tuple[int, ...], "map": Mapping[str, str], "chatmap": Mapping[str, int],
}


def test_defaults_without_file_or_environment() -> None:
    config = load_config(None, {})
    assert not config.token
    assert config.knowledge_path == Path("knowledge")
    assert config.mode == "polling"


def test_environment_wins_over_file_and_file_over_defaults(tmp_path: Path) -> None:
    file = tmp_path / "config.yaml"
    file.write_text("telegram:\n  base_url: http://file/bot\nmatching:\n  margin: 5\n",
                    encoding="utf-8")
    config = load_config(file, {"KEK_BOT_TELEGRAM__BASE_URL": "http://env/bot"})
    assert config.base_url == "http://env/bot"
    assert config.margin == 5.0
    assert config.answer_at == SETTINGS["matching.answer_at"].default == 44.0


def test_short_aliases_and_list_values() -> None:
    config = load_config(None, {"KEK_BOT_TOKEN": "123:abc", "KEK_BOT_API_URL": "http://x/bot",
                                "KEK_BOT_STAFF__CHAT_IDS": "-100, -200"})
    assert config.token.reveal() == "123:abc"
    assert config.base_url == "http://x/bot"
    assert config.staff_chat_ids == (-100, -200)


def test_secret_hides_itself() -> None:
    secret = Secret("123:abc")
    assert "abc" not in repr(secret) and "abc" not in str(secret)
    assert "abc" not in repr(load_config(None, {"KEK_BOT_TOKEN": "123:abc"}))


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("telegram:\n  mode: carrier-pigeon\n", "telegram.mode"),
        ("telegram:\n  webhook_port: achtzig\n", "telegram.webhook_port"),
        ("matching:\n  schwelle: 3\n", "matching.schwelle"),
        ("staff:\n  chat_ids: [abc]\n", "staff.chat_ids"),
        ("telegram: 5\n", "telegram"),
        ("handoff:\n  max_attempts: oft\n", "handoff.max_attempts"),
        ("handoff:\n  town_minutes: bald\n", "handoff.town_minutes"),
    ],
)
def test_wrong_settings_stop_with_one_sentence_naming_them(
    tmp_path: Path, text: str, setting: str
) -> None:
    file = tmp_path / "config.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=setting.replace(".", r"\.")):
        load_config(file, {})


def test_forwarding_settings_have_their_defaults_and_come_from_the_environment() -> None:
    config = load_config(None, {})
    assert (config.town_minutes, config.undo_minutes, config.max_attempts) == (10.0, 10.0, 30)
    config = load_config(None, {"KEK_BOT_HANDOFF__TOWN_MINUTES": "2.5",
                                "KEK_BOT_HANDOFF__UNDO_MINUTES": "3",
                                "KEK_BOT_HANDOFF__MAX_ATTEMPTS": "7"})
    assert (config.town_minutes, config.undo_minutes, config.max_attempts) == (2.5, 3.0, 7)


def test_every_setting_has_a_config_field_of_its_kind() -> None:
    hints = typing.get_type_hints(Config)
    assert sorted(hints) == sorted(s.field for s in SETTINGS.values()), "Config fields"
    config = load_config(None, {})
    for setting in SETTINGS.values():
        assert hints[setting.field] == KIND_TYPES[setting.kind], setting.path
        runtime = typing.get_origin(KIND_TYPES[setting.kind]) or KIND_TYPES[setting.kind]
        assert isinstance(getattr(config, setting.field), runtime), setting.path


def test_declarations_are_consistent() -> None:
    for path, setting in SETTINGS.items():
        assert path == setting.path and re.fullmatch(r"[a-z_]+\.[a-z_]+", path), path
        assert setting.help and setting.help == setting.help.strip(), path
        assert not setting.choices or setting.default in setting.choices, path
        assert default(path) == setting.default
    assert len({s.field for s in SETTINGS.values()}) == len(SETTINGS), "a field is used twice"


# --- README.md: the table in "## Configuration" lists every setting, in declaration order ---

def shown(value: Any) -> str:
    """A default as the README table writes it: `44`, `true`, and – for nothing."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if isinstance(value, str | list | dict) and not value:
        return "–"
    return f"`{value}`"


def readme_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Configuration\n(.*?)^## ", text, re.S | re.M)
    assert match, "README.md has no '## Configuration' section"
    lines = [line for line in match.group(1).splitlines() if line.startswith("|")]
    assert lines[:2] == ["| setting | environment variable | default | meaning |",
                         "|---|---|---|---|"], "table header"
    return [[cell.strip() for cell in line.strip().strip("|").split(" | ")]
            for line in lines[2:]]


def expected_row(setting: Setting) -> list[str]:
    variable = f"`{env_name(setting.path)}`"
    if setting.alias:
        variable += f" (alias `{setting.alias}`)"
    return [f"`{setting.path}`", variable, shown(setting.default), setting.help]


def test_readme_table_lists_exactly_the_declared_settings() -> None:
    rows = readme_rows()
    names = [row[0] for row in rows]
    assert names == [f"`{path}`" for path in SETTINGS], "README rows differ from SETTINGS"


@pytest.mark.parametrize("setting", SETTINGS.values(), ids=lambda s: s.path)
def test_readme_row_shows_the_declared_variable_default_and_help(setting: Setting) -> None:
    row = next((r for r in readme_rows() if r[0] == f"`{setting.path}`"), None)
    assert row is not None, f"{setting.path} missing in the README table"
    assert row == expected_row(setting)


# --- config.example.yaml: every setting, in declaration order, with its default and a comment ---

def test_example_config_has_exactly_the_declared_settings_and_defaults() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    values = {f"{section}.{name}": value
              for section, content in data.items() for name, value in content.items()}
    assert list(values) == list(SETTINGS), "config.example.yaml differs from SETTINGS"
    for path, value in values.items():
        declared = SETTINGS[path].default
        assert value == declared, f"{path}: example {value!r}, declared {declared!r}"
        same_type = type(value) is type(declared) or (
            SETTINGS[path].kind == "float" and type(value) is int)
        assert same_type, f"{path}: example {value!r}, declared {declared!r}"
    load_config(EXAMPLE, {})


def test_example_config_comments_every_setting() -> None:
    section = ""
    previous = ""
    commented = set()
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"[a-z_]+:", line):
            section = line[:-1]
        elif (found := re.match(r"  ([a-z_]+):", line)) and previous.lstrip().startswith("#"):
            commented.add(f"{section}.{found.group(1)}")
        previous = line
    assert [path for path in SETTINGS if path not in commented] == []


# --- Policy: its thresholds are the matching.* settings, with their declared defaults ---

def test_policy_takes_every_matching_default_from_the_declaration() -> None:
    matching = {s.field: s for s in SETTINGS.values() if s.path.startswith("matching.")}
    fields = {f.name: f for f in dataclasses.fields(Policy)}
    assert sorted(set(matching) - set(fields)) == [], "matching.* settings Policy lacks"
    tree = ast.parse((ROOT / "bot" / "dialogue.py").read_text(encoding="utf-8"))
    policy = next(node for node in tree.body
                  if isinstance(node, ast.ClassDef) and node.name == "Policy")
    written = {node.target.id: node.value for node in policy.body
               if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}
    for name, setting in matching.items():
        value = written.get(name)
        assert (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id == "default" and not value.keywords
                and [ast.literal_eval(arg) for arg in value.args] == [setting.path]), (
            f"Policy.{name} must be written as default({setting.path!r})")
        assert fields[name].default == setting.default, name


def test_every_matching_setting_reaches_the_policy() -> None:
    matching = [s for s in SETTINGS.values() if s.path.startswith("matching.")]
    environ = {env_name(s.path): str(index + 0.25) for index, s in enumerate(matching)}
    policy = policy_of(load_config(None, environ))
    assert {s.field: getattr(policy, s.field) for s in matching} == {
        s.field: index + 0.25 for index, s in enumerate(matching)}
