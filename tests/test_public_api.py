"""The public surface: everything in __all__ exists, and nothing private leaks in."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import citecheck


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert citecheck.__all__ == sorted(citecheck.__all__)
    for name in citecheck.__all__:
        assert getattr(citecheck, name) is not None, name


def test_scan_is_the_pipeline_function_with_its_real_signature() -> None:
    from citecheck.pipeline import ascan, scan

    assert citecheck.scan is scan
    assert citecheck.ascan is ascan
    assert "settings" in inspect.signature(citecheck.scan).parameters


def test_public_names_have_docstrings() -> None:
    for name in citecheck.__all__:
        member = getattr(citecheck, name)
        if inspect.isclass(member) or inspect.isfunction(member):
            assert inspect.getdoc(member), f"{name} has no docstring"


def test_extract_reads_documents_without_network(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("قال المتحدث إن الاجتماع تأجل https://example.org/news/1 .\n", encoding="utf-8")
    [(document, citations)] = citecheck.extract_documents([doc])
    assert document.path.endswith("a.txt")
    assert [citation.url for citation in citations] == ["https://example.org/news/1"]


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="does_not_exist"):
        citecheck.does_not_exist  # noqa: B018
