"""`citecheck extract`: JSON and text on stdout, one line on stderr and exit 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck import __version__
from citecheck.cli import app

ROOT = Path(__file__).parent.parent
DOCS = Path(__file__).parent / "data" / "docs"
EXAMPLE = ROOT / "examples" / "article.txt"
runner = CliRunner()


def test_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["schema", "generated_at", "summary", "documents"]
    assert report["schema"] == "citecheck/1"
    citations = report["documents"][0]["citations"]
    assert list(citations[0]) == [
        "url",
        "display_url",
        "raw",
        "line",
        "column",
        "defects",
        "style",
        "repaired_url",
        "claims",
        "source_name",
    ]
    truncated = [c for c in citations if "truncated" in c["defects"]]
    assert len(truncated) == 3
    assert all(c["repaired_url"] and c["url"].startswith(c["repaired_url"]) for c in truncated)
    assert {c["style"] for c in citations} == {"source_block", "inline", "footnote"}
    assert any("joined_line_break" in c["defects"] for c in citations)
    assert all(c["claims"] for c in citations)
    assert report["summary"]["citations"] == len(citations)
    assert "citations" in result.stderr


def test_text_format_lists_citations_on_stdout() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "https://arabic.rt.com/middle_east/975147-ليبيا" in result.stdout
    assert "[truncated]" in result.stdout
    assert "3 truncated" in result.stderr
    assert "unique URLs" not in result.stdout


def test_files_and_folders_of_every_kind(tmp_path: Path) -> None:
    (tmp_path / "z.md").write_text("[نص](https://example.com/md)\n", encoding="utf-8")
    (tmp_path / "skip.csv").write_text("https://example.com/csv\n")
    args = ["extract", str(DOCS / "article.docx"), str(DOCS / "article.pdf"), str(tmp_path)]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    documents = json.loads(result.stdout)["documents"]
    assert [d["kind"] for d in documents] == ["docx", "pdf", "markdown"]
    assert [c["url"] for c in documents[2]["citations"]] == ["https://example.com/md"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file or folder"),
        (lambda tmp: tmp, "folder has no supported file"),
        (lambda tmp: DOCS / "binary.txt", "binary file"),
        (lambda tmp: DOCS / "latin1.txt", "not valid UTF-8"),
        (lambda tmp: DOCS / "corrupt.pdf", "corrupt or unreadable PDF"),
        (lambda tmp: DOCS / "corrupt.docx", "corrupt or unreadable docx"),
        (lambda tmp: _write(tmp / "empty.md", b""), "file is empty"),
        (lambda tmp: _write(tmp / "bad.txt", b"\xff\xfe\x00\xd8"), "byte-order mark"),
        (lambda tmp: _write(tmp / "tool.exe", b"MZ"), "unsupported file type"),
        (lambda tmp: _sparse(tmp / "huge.txt", 100 * 2**20), "100 MiB, over the 64 MiB limit"),
    ],
)
@pytest.mark.parametrize("output", ["text", "json"])
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, make, message: str, output: str
) -> None:
    result = runner.invoke(app, ["extract", str(make(tmp_path)), "--format", output])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("citecheck: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:  # no disk or memory used: refused before it is read
        handle.truncate(size)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_help_and_version() -> None:
    help_result = runner.invoke(app, ["extract", "--help"])
    assert help_result.exit_code == 0
    assert "--format" in help_result.stdout
    assert "Exit codes" in help_result.stdout
    version = runner.invoke(app, ["--version"])
    assert version.stdout.strip() == f"citecheck {__version__}"


def test_streamed_json_equals_the_dict_form() -> None:
    from datetime import UTC, datetime

    from citecheck.extract import extract_citations
    from citecheck.inputs.load import load_document
    from citecheck.report.serialize import extract_dict, iter_extract_json

    document = load_document(EXAMPLE)
    found = [(document, extract_citations(document)), (document, [])]
    when = datetime(2026, 1, 2, tzinfo=UTC)
    assert json.loads("".join(iter_extract_json(found, when))) == extract_dict(found, when)


def test_a_bad_file_among_good_ones_is_skipped_and_named(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"  # read piece by piece, its JSON written before the error
    long.write_text("نص https://example.com/a فيه.\n\n" * 20_000, encoding="utf-8")
    bad = str(DOCS / "latin1.txt")
    args = ["extract", str(EXAMPLE), bad, str(long), str(DOCS / "binary.txt"), "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    output = json.loads(result.stdout)
    assert [d["path"] for d in output["documents"]] == [str(EXAMPLE), str(long)]
    assert len(output["documents"][1]["citations"]) == 20_000
    skipped = output["summary"]["skipped_inputs"]
    assert [s["path"] for s in skipped] == [bad, str(DOCS / "binary.txt")]
    assert "not valid UTF-8" in skipped[0]["reason"]
    assert f"citecheck: warning: {bad}: not valid UTF-8" in result.stderr


def _article(paragraphs: int) -> str:
    parts = []
    for number in range(paragraphs):
        parts.append(  # claims to fold and escape: quotes, a backslash, tabs, double spaces
            f'قالت الوكالة في تقرير رقم {number} إن "الهجوم" فشل https://example.com/{number}. '
            f"وأضاف المتحدث أن الخبراء  عملوا قرب الخطوط. وقال آخر إن C:\\dir مسار. "
            f"وقال\tثالث إن القتال\nاستمر. وبقي الوضع على حاله.\n\n"
        )
        if number % 3 == 0:
            parts.append(f"## القسم {number}\n\n")
        if number % 4 == 0:
            parts.append(f"- https://example.com/block/{number}\nwww.example.org/{number}\n\n")
    return "".join(parts)


def test_json_of_long_and_short_files_equals_the_dict_form(tmp_path: Path) -> None:
    """Long text is extracted piece by piece (`extract.iter_citations` with `since`) and
    written as hand-made JSON text: the output must still be byte for byte what the
    whole documents' citations (`scan`'s `extract_citations`) give through the dicts."""
    from datetime import UTC, datetime

    from citecheck.extract import extract_citations
    from citecheck.inputs.load import load_document
    from citecheck.report.serialize import iter_extract_json

    long = tmp_path / "long.md"
    long.write_text(_article(3000), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text('<p>قال &quot;التقرير&quot; <a href="https://example.com/h">هنا</a>.</p>')
    paths = [EXAMPLE, long, page, DOCS / "cp1256.txt", DOCS / "article.docx"]
    result = runner.invoke(app, ["extract", *map(str, paths), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = [(doc, extract_citations(doc)) for doc in map(load_document, paths)]
    when = json.loads(result.stdout)["generated_at"]
    expected = "".join(iter_extract_json(found, datetime.fromisoformat(when).astimezone(UTC)))
    assert result.stdout == expected
    claims = {claim.text for citation in found[1][1] for claim in citation.claims}
    assert any('"' in claim for claim in claims)
    assert any("\\" in claim for claim in claims)
    assert any("الخبراء عملوا" in claim for claim in claims)  # a double space folded


def test_summary_line_is_plural_aware(tmp_path: Path) -> None:
    doc = tmp_path / "one.md"
    doc.write_text("Prices rose ([source](https://example.org/a)).\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "1 citation (1 unique URL) in 1 document" in result.stderr


_IMPORTS_AFTER_EXTRACT = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n"))
from citecheck.cli import app
sys.argv[0] = "citecheck"
app()
"""


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_extract_loads_no_report_renderer_nor_their_libraries(output_format: str) -> None:
    # start-up is most of a small file's run: jinja2 and rich (the HTML and text
    # reports') and http.cookiejar (a scan's cookies) are not needed to extract
    command = [sys.executable, "-c", _IMPORTS_AFTER_EXTRACT, "extract", str(EXAMPLE)]
    done = subprocess.run(
        [*command, "--format", output_format], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    modules = set(done.stderr.rsplit("MODULES ", 1)[1].split())
    assert "citecheck.extract" in modules  # the probe sees the run's modules
    loaded = {name.split(".")[0] for name in modules} & {"jinja2", "rich", "httpx"}
    assert not loaded
    assert not {"http.cookiejar", "citecheck.report.html", "citecheck.report.text"} & modules
    # nor, for one small text file, the process pool (multiprocessing) or docx's zipfile
    assert not {"concurrent.futures.process", "multiprocessing", "zipfile"} & modules


def test_the_renderer_registry_still_covers_every_format() -> None:
    from citecheck.report import RENDERERS, STREAMERS, Format

    assert set(RENDERERS) == set(Format)
    assert all(callable(RENDERERS[fmt]) for fmt in Format)
    assert set(STREAMERS) == {Format.JSON, Format.HTML, Format.SARIF, Format.JUNIT, Format.GITHUB}
    assert STREAMERS.get(Format.TEXT) is None
