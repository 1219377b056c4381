from datetime import date
from pathlib import Path

import pytest

from citecheck.config import (
    HostSettings,
    RetryPolicy,
    Settings,
    find_config_file,
    load_config_table,
    parse_header,
    settings_from_environment,
    settings_from_table,
)
from citecheck.errors import ConfigError


def test_table_keys_accept_dashes_and_sub_tables() -> None:
    settings = settings_from_table(
        {
            "timeout-s": 5,
            "fail_on": ["dead", "unsupported"],
            "retry": {"attempts": 5, "base-wait-s": 0},
            "hosts": {"Example.COM": {"delay_s": 3, "headers": {"X-Key": "1"}}},
            "headers": ["Accept-Language: ar, en"],
            "cited_at": "2019-06-01",
            "accept_status": [200, 403],
        }
    )
    assert settings.timeout_s == 5.0
    assert isinstance(settings.timeout_s, float)
    assert settings.fail_on == ("dead", "unsupported")
    assert settings.retry == RetryPolicy(attempts=5, base_wait_s=0.0)
    assert settings.host("example.com") == HostSettings(delay_s=3.0, headers=(("X-Key", "1"),))
    assert settings.host("other.org") == HostSettings()
    assert settings.headers == (("Accept-Language", "ar, en"),)
    assert settings.cited_at == date(2019, 6, 1)
    assert settings.accept_status == (200, 403)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"nope": 1}, "unknown setting 'nope'"),
        ({"timeout_s": "soon"}, "wrong type"),
        ({"block_private": 1}, "wrong type"),
        ({"max_concurrency": True}, "wrong type"),
        ({"retry": {"tries": 2}}, "unknown setting retry.tries"),
        ({"hosts": {"a.org": {"speed": 1}}}, "unknown setting hosts.a.org.speed"),
        ({"cited_at": "last week"}, "not a date"),
        ({"fail_on": 3.5}, "must be a list"),
        ({"headers": ["no colon"]}, "Name: value"),
    ],
)
def test_bad_tables_raise_config_error(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_table(table)


def test_config_file_is_found_upwards_and_pyproject_needs_its_table(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    assert find_config_file(nested) is None
    (tmp_path / "pyproject.toml").write_text("[tool.citecheck]\ntimeout_s = 3\n")
    found = find_config_file(nested)
    assert found == tmp_path / "pyproject.toml"
    assert settings_from_table(load_config_table(found)).timeout_s == 3.0
    (tmp_path / "a" / "citecheck.toml").write_text("confirm_after = 5\n")
    assert find_config_file(nested) == tmp_path / "a" / "citecheck.toml"


def test_unreadable_toml_is_a_config_error(tmp_path: Path) -> None:
    broken = tmp_path / "citecheck.toml"
    broken.write_text("timeout_s = = 3")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config_table(broken)


def test_endpoint_environment_variables_override_defaults() -> None:
    env = {
        "CITECHECK_WAYBACK_AVAILABLE_URL": "http://127.0.0.1:9/available",
        "CITECHECK_MEMENTO_URL": "http://127.0.0.1:9/timegate",
    }
    settings = settings_from_environment(Settings(), env)
    assert settings.wayback_available_url == "http://127.0.0.1:9/available"
    assert settings.memento_url == "http://127.0.0.1:9/timegate"
    assert settings.wayback_cdx_url == Settings().wayback_cdx_url


def test_parse_header_keeps_colons_in_the_value() -> None:
    assert parse_header("Referer: https://example.org/a") == ("Referer", "https://example.org/a")
