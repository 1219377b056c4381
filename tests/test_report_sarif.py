"""SARIF 2.1.0: valid against the OASIS schema, one result per issue, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citecheck.report import Format, render
from citecheck.report.sarif import relative_uri
from report_fixture import AR_DOC, EN_DOC, make_report

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
"""Vendored from oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json (e058381)."""


@pytest.fixture
def log() -> dict[str, Any]:
    return json.loads(render(make_report(), Format.SARIF))


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return list(log["runs"][0]["results"])


def test_valid_against_sarif_schema(log: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    assert [error.message for error in validator.iter_errors(log)] == []


def test_schema_catches_a_bad_level(log: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    _results(log)[0]["level"] = "fatal"
    assert not jsonschema.Draft4Validator(schema).is_valid(log)


def test_driver_and_rules(log: dict[str, Any]) -> None:
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "citecheck"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["CC001", "CC002", "CC003", "CC004", "CC005", "CC006"]
    names = {rule["id"]: rule["name"] for rule in driver["rules"]}
    assert names["CC001"] == "unreachable-link"
    assert names["CC005"] == "truncated-url"


def test_one_result_per_issue_with_levels(log: dict[str, Any]) -> None:
    pairs = [(result["ruleId"], result["level"]) for result in _results(log)]
    assert pairs.count(("CC001", "error")) == 2  # two dead: the findings under dead,truncated
    assert ("CC005", "error") in pairs
    assert pairs.count(("CC001", "warning")) >= 1  # the soft 404, not in fail_on
    assert ("CC004", "note") in pairs
    assert ("CC003", "note") in pairs
    assert ("CC002", "warning") in pairs
    assert ("CC001", "note") in pairs  # blocked: may exist, never an error
    assert len(pairs) == 11  # ok, supported and skipped citations say nothing


def test_locations_are_relative_with_line_and_column(log: dict[str, Any]) -> None:
    for result in _results(log):
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] == 3
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in _results(log)}
    assert uris == {AR_DOC, EN_DOC.replace(" ", "%20").replace("|", "%7C")}


def test_fingerprints_come_from_citation_id(log: dict[str, Any]) -> None:
    report = make_report()
    ids = {result.citation.id for result in report.results}
    prints = {result["partialFingerprints"]["citecheck/v1"] for result in _results(log)}
    assert prints <= ids
    assert len(prints) == 10


def test_network_unreachable_is_an_unsuccessful_invocation() -> None:
    down = make_report(network_unreachable=True, network_reason="no route to canary hosts")
    invocation = json.loads(render(down, Format.SARIF))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no route" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_absolute_paths_become_relative_to_the_root(tmp_path: Path) -> None:
    inside = str(tmp_path / "articles" / "a b.md")
    assert relative_uri(inside, tmp_path) == "articles/a%20b.md"
    assert relative_uri("./articles/x.md", tmp_path) == "articles/x.md"
    assert relative_uri("/elsewhere/x.md", tmp_path) == "/elsewhere/x.md"
