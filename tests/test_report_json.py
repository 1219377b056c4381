"""The JSON report: DESIGN.md §7, its published schema, and a lossless round trip."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citecheck.errors import ReportError
from citecheck.models import DocKind, DocumentResult
from citecheck.redact import redact_text
from citecheck.report import Format, render, render_chunks, write_pieces
from citecheck.report import _cut_at_whitespace as cut_at_whitespace
from citecheck.report.json import indented, report_dict
from citecheck.report.json import render_chunks as json_chunks
from citecheck.report.load import load_report, read_report
from report_fixture import AR_CLAIM, AR_DOC, SCRIPT, make_report

SECTION_7_CITATION_KEYS = [
    "url", "display_url", "raw", "line", "column", "defects", "status", "http_status",
    "final_url", "redirects", "checked_at", "claims", "support", "archive", "suggestion",
]  # fmt: skip


def _schema() -> dict[str, Any]:
    text = resources.files("citecheck.report").joinpath("schema/citecheck-1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def _validator() -> jsonschema.Draft202012Validator:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def data() -> dict[str, Any]:
    return json.loads(render(make_report(), Format.JSON))


def test_validates_against_published_schema(data: dict[str, Any]) -> None:
    errors = list(_validator().iter_errors(data))
    assert errors == []


def test_schema_rejects_a_wrong_status(data: dict[str, Any]) -> None:
    data["documents"][0]["citations"][0]["status"] = "fine"
    assert not _validator().is_valid(data)


def test_schema_rejects_a_missing_section_7_field(data: dict[str, Any]) -> None:
    del data["documents"][1]["citations"][0]["final_url"]
    assert not _validator().is_valid(data)


def test_top_level_follows_section_7(data: dict[str, Any]) -> None:
    assert list(data)[:3] == ["schema", "tool", "generated_at"]
    assert data["schema"] == "citecheck/1"
    assert data["generated_at"] == "2026-11-29T02:03:25.500000+00:00"
    assert data["summary"]["citations"] == 13
    assert data["summary"]["by_status"]["dead"] == 2
    assert data["summary"]["by_support"] == {
        "partial": 1, "supported": 1, "unknown": 1, "unsupported": 1,
    }  # fmt: skip
    assert data["summary"]["changes"] == {
        "newly_failing": 1, "confirmed_dead": 1, "recovered": 1, "drifted": 1,
    }  # fmt: skip


def test_citation_fields_in_section_7_order(data: dict[str, Any]) -> None:
    citation = data["documents"][0]["citations"][0]
    positions = [list(citation).index(key) for key in SECTION_7_CITATION_KEYS]
    assert all(key in citation for key in SECTION_7_CITATION_KEYS)
    assert positions[:6] == sorted(positions[:6])
    assert citation["claims"][0] == {
        "text": AR_CLAIM,
        "line": 11,
        "column": 1,
        "span": [1100, 1100 + len(AR_CLAIM)],
    }
    assert citation["support"]["label"] == "supported"
    assert citation["archive"]["warc"] == "cache/warc/aj.warc.gz"


def test_network_fields(data: dict[str, Any]) -> None:
    moved, dead = data["documents"][0]["citations"][1:3]
    assert moved["redirects"] == [moved["url"], "https://arabic.rt.com/news/1017"]
    assert moved["final_url"] == "https://arabic.rt.com/news/1017-libya"
    assert dead["suggestion"]["source"] == "web archive"
    assert dead["suggestion"]["timestamp"] == "2019-04-08T00:00:00+00:00"
    assert dead["finding"] is True
    assert moved["finding"] is False
    assert dead["history"]["state"] == "confirmed_dead"


def test_unfetched_citation_has_null_network_fields(data: dict[str, Any]) -> None:
    truncated = data["documents"][0]["citations"][3]
    assert truncated["fetched"] is False
    assert truncated["http_status"] is None
    assert truncated["redirects"] == []
    assert truncated["defects"] == ["truncated"]


def test_arabic_is_written_as_text_not_escapes() -> None:
    text = render(make_report(), Format.JSON)
    assert AR_CLAIM in text
    assert SCRIPT in text  # JSON carries hostile text verbatim; renderers escape it


def test_round_trip_is_lossless() -> None:
    original = report_dict(make_report())
    again = report_dict(load_report(json.loads(json.dumps(original))))
    assert again == original


def test_round_trip_keeps_fail_on_for_re_rendering() -> None:
    strict = report_dict(make_report(), fail_on=("dead", "unsupported"))
    strict["settings"].pop("fail_on")
    loaded = load_report(strict)
    assert "**3 findings** (fail on: dead, unsupported)" in render(loaded, Format.MARKDOWN)


def test_read_report_from_file(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(render(make_report(), Format.JSON), encoding="utf-8")
    report = read_report(path)
    assert report.documents[0].path == AR_DOC
    assert len(report.results) == 13


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read JSON report"),
        ('{"schema": "other/2"}', "not a citecheck/1 JSON report"),
        ('{"schema": "citecheck/1", "documents": []}', "malformed JSON report"),
        ("[]", "not a citecheck/1 JSON report"),
    ],
)
def test_bad_files_raise_report_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=message) as caught:
        read_report(path)
    assert caught.value.path == str(path)


def test_missing_file_raises_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="cannot read"):
        read_report(tmp_path / "absent.json")


@pytest.mark.parametrize("documents", ["fixture", "an empty document", "none"])
def test_streamed_text_is_exactly_the_whole_dump(documents: str) -> None:
    report = make_report()
    if documents == "an empty document":
        empty = DocumentResult("empty.md", DocKind.MARKDOWN, ())
        report = dataclasses.replace(report, documents=(*report.documents, empty))
    elif documents == "none":
        report = dataclasses.replace(report, documents=(), claims=())
    whole = json.dumps(report_dict(report), ensure_ascii=False, indent=2, default=str) + "\n"

    chunks = list(json_chunks(report))

    assert "".join(chunks) == whole == render(report, Format.JSON)
    assert "".join(render_chunks(report, Format.JSON)) == whole
    assert len(chunks) > len(report.results)  # a piece per citation, never the whole
    assert max(map(len, chunks)) < len(whole) // 2 or not report.results


def test_pieces_end_at_whitespace_and_are_redacted_as_the_whole_would_be() -> None:
    secret = "see https://ann:hunter2@news.test/a and https://bob:pw@x.test/?q=1 "
    chunks = [secret[n : n + 7] for n in range(0, len(secret), 7)] * 40
    whole = "".join(chunks)

    pieces = list(cut_at_whitespace(chunks, size=50))

    assert "".join(pieces) == whole
    assert all(piece[-1].isspace() for piece in pieces[:-1])
    assert len(pieces) > 10
    assert "".join(redact_text(piece) for piece in pieces) == redact_text(whole)
    assert "hunter2" not in redact_text(whole)


def test_a_password_in_a_streamed_url_is_redacted() -> None:
    report = make_report()
    [first, *rest] = report.documents[0].results
    secret = dataclasses.replace(first.citation, url="https://ann:hunter2@news.test/a")
    document = dataclasses.replace(
        report.documents[0], results=(dataclasses.replace(first, citation=secret), *rest)
    )
    report = dataclasses.replace(report, documents=(document, *report.documents[1:]))

    text = "".join(render_chunks(report, Format.JSON))

    assert "hunter2" not in text
    assert "https://ann:redacted@news.test/a" in text


def test_a_render_that_fails_midway_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "{"
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        write_pieces(path, pieces())
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_the_repr_of_a_report_leaves_its_results_out() -> None:
    # asyncio.run on Python 3.11 formats the repr of its main task's result (the Report)
    report = make_report()
    assert report.results
    assert "aljazeera" not in repr(report)
    assert len(repr(report)) < 1000


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities included
    | st.text()
    | st.dates(),  # not JSON: written as str() is
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON_VALUES, st.integers(min_value=0, max_value=4))
def test_the_indenting_writer_writes_what_json_dumps_writes(value: Any, level: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    assert indented(value, level) == expected.replace("\n", "\n" + "  " * level)
