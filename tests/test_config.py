from datetime import date
from pathlib import Path
from typing import get_type_hints

import pytest

from citecheck.config import (
    FIELD_KEYS,
    HostSettings,
    RetryPolicy,
    Settings,
    find_config_file,
    load_config_table,
    load_configuration,
    settings_from_environment,
    settings_from_table,
)
from citecheck.config_values import Raw, convert_field
from citecheck.errors import ConfigError


def test_table_keys_accept_dashes_and_sub_tables() -> None:
    settings = settings_from_table(
        {
            "timeout": 5,
            "fail_on": ["dead", "unsupported"],
            "retry": {"attempts": 5, "base-wait-s": 0},
            "hosts": {"Example.COM": {"delay_s": 3, "headers": {"X-Key": "1"}}},
            "header": ["Accept-Language: ar, en"],
            "cited-at": "2019-06-01",
            "accept": [200, 403],
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
        ({"nope": 1}, "citecheck.toml: unknown key 'nope'"),
        ({"timeout_ss": 1}, "unknown key 'timeout_ss'; did you mean 'timeout'"),
        ({"timeout": "soon"}, "citecheck.toml: timeout: expected a number, got 'soon'"),
        ({"block_private": 1}, "block_private: expected true or false"),
        ({"max_concurrency": True}, "max_concurrency: expected a whole number"),
        ({"retry": {"tries": 2}}, "retry.tries: unknown key; choose from attempts"),
        ({"hosts": {"a.org": {"speed": 1}}}, r"hosts\.a\.org\.speed: unknown key"),
        ({"cited_at": "last week"}, "cited_at: expected a date like 2019-06-01"),
        ({"fail_on": 3.5}, "fail_on: expected a string, got 3.5"),
        ({"exclude": {"a": 1}}, "exclude: expected a list"),
        ({"fail_on": ["daed"]}, "fail_on: unknown value.*'daed'.*choose from ok, .*never"),
        ({"header": ["no colon"]}, "header: a header looks like 'Name: value'"),
        ({"accept": ["200..99"]}, "accept: '200..99' is not an HTTP status"),
        ({"include": ["*.md"]}, "include: '\\*.md' is not a regular expression.*include-path"),
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
    (tmp_path / "pyproject.toml").write_text("[tool.citecheck]\ntimeout = 3\n")
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


def test_a_header_keeps_colons_in_its_value() -> None:
    settings = settings_from_table({"header": "Referer: https://example.org/a"})
    assert settings.headers == (("Referer", "https://example.org/a"),)


def write_config(folder: Path, text: str) -> Path:
    path = folder / "citecheck.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("file_text", "environ", "flags", "where"),
    [
        ('fail_on = ["daed"]\n', {}, {}, "citecheck.toml: fail_on"),
        ('fail_on = "dead,daed"\n', {}, {}, "citecheck.toml: fail_on"),
        ("", {"CITECHECK_FAIL_ON": "dead,daed"}, {}, "CITECHECK_FAIL_ON"),
        ("", {}, {"fail_on": "dead,daed"}, "--fail-on"),
    ],
)
def test_fail_on_is_validated_the_same_way_from_every_layer(
    tmp_path: Path, file_text: str, environ: dict, flags: dict, where: str
) -> None:
    write_config(tmp_path, file_text)
    with pytest.raises(ConfigError) as caught:
        load_configuration(flags, environ=environ, cwd=tmp_path)
    message = str(caught.value)
    if where.startswith("citecheck.toml"):
        where = f"{tmp_path / where}"  # the file it read, in full
    assert message.startswith(f"{where}: unknown value(s) 'daed'; choose from ok, redirected, ")
    assert message.endswith("unsupported, unknown, or never")


def test_fail_on_as_a_comma_string_is_read_like_the_flag(tmp_path: Path) -> None:
    write_config(tmp_path, 'fail_on = "dead,soft404"\n')
    assert load_configuration(cwd=tmp_path, environ={}).settings.fail_on == ("dead", "soft404")
    write_config(tmp_path, 'fail_on = "never"\n')
    assert load_configuration(cwd=tmp_path, environ={}).settings.fail_on == ()


def test_layers_defaults_then_file_then_environment_then_flags(tmp_path: Path) -> None:
    write_config(tmp_path, 'timeout = 5\nhost_delay = 2\nretries = 7\nformat = "json"\n')
    environ = {"CITECHECK_HOST_DELAY": "3", "CITECHECK_TIMEOUT": "6", "CITECHECK_SUPPORT": "no"}
    loaded = load_configuration({"timeout": "9", "format": None}, environ=environ, cwd=tmp_path)
    settings = loaded.settings
    assert settings.timeout_s == 9.0, "the flag wins"
    assert settings.host_delay_s == 3.0, "the environment wins over the file"
    assert settings.retry.attempts == 7
    assert settings.support is False
    assert settings.per_host_concurrency == Settings().per_host_concurrency
    assert loaded.output.formats == ("json",)
    assert loaded.config_path == tmp_path / "citecheck.toml"


def test_old_key_names_still_work_with_a_deprecation_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_config(tmp_path, 'timeout_s = 4\nheaders = ["X-A: 1"]\ncanary_hosts = ["h.test"]\n')
    settings = load_configuration(cwd=tmp_path, environ={}).settings
    assert settings.timeout_s == 4.0
    assert settings.headers == (("X-A", "1"),)
    assert settings.canary_hosts == ("h.test",)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("'timeout_s' is deprecated; use 'timeout'" in w for w in warnings)
    assert any("'headers' is deprecated; use 'header'" in w for w in warnings)


def test_url_filters_and_file_filters_are_separate_settings(tmp_path: Path) -> None:
    write_config(tmp_path, 'include = ["example\\\\.org"]\nexclude_path = ["*/drafts/*"]\n')
    settings = load_configuration(
        {"exclude": ["^https://x\\.test/"], "include_path": ["*.md"]}, environ={}, cwd=tmp_path
    ).settings
    assert settings.url_include == ("example\\.org",)
    assert settings.url_exclude == ("^https://x\\.test/",)
    assert settings.input_include == ("*.md",)
    assert settings.input_exclude == ("*/drafts/*",)


def test_accept_takes_codes_and_ranges_from_every_layer(tmp_path: Path) -> None:
    assert settings_from_table({"accept": "200..=204,403"}).accept_status == (
        200,
        201,
        202,
        203,
        204,
        403,
    )
    flag = load_configuration({"accept": "429, 500..501"}, environ={}, cwd=tmp_path)
    assert flag.settings.accept_status == (429, 500, 501)
    with pytest.raises(ConfigError, match=r"^--accept: 'x' is not an HTTP status"):
        load_configuration({"accept": "x"}, environ={}, cwd=tmp_path)


def test_every_settings_field_has_a_converter() -> None:
    """Typed conversion by the field's real type: no field is left without one."""
    hints = get_type_hints(Settings)
    for name in FIELD_KEYS:
        default = getattr(Settings(), name)
        if name in {"retry", "hosts"}:
            continue
        sample = list(default) if isinstance(default, tuple) else default
        if default is None:
            continue
        assert convert_field(Settings, name, Raw(sample, "test")) == default, name
    assert hints["retry"] is RetryPolicy


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found"):
        load_configuration(config_file=tmp_path / "nope.toml", environ={}, cwd=tmp_path)
