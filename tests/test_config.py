from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import SETTINGS, Secret, env_name, load_config
from bot.errors import ConfigError
from tests.conftest import ROOT


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
    assert config.answer_at == SETTINGS["matching.answer_at"][1]


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
    ],
)
def test_wrong_settings_stop_with_one_sentence_naming_them(
    tmp_path: Path, text: str, setting: str
) -> None:
    file = tmp_path / "config.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=setting.replace(".", r"\.")):
        load_config(file, {})


def test_example_config_documents_every_setting_and_loads() -> None:
    example = ROOT / "config.example.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    keys = {f"{section}.{name}" for section, values in data.items() for name in values}
    assert keys == set(SETTINGS)
    lines = example.read_text(encoding="utf-8").splitlines()
    for key in SETTINGS:
        name = key.split(".")[1]
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{name}:"))
        assert lines[index - 1].strip().startswith("#"), f"{key} has no comment above it"
    load_config(example, {})
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in SETTINGS:
        assert env_name(key) in readme, f"{env_name(key)} missing in README.md"
