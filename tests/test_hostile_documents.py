"""Hostile and odd input files (issue #15's documents, #11 items 7-8): real damaged files
made in tmp_path; each is refused in one line, skipped in a folder, never hangs or bloats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bombs import write_docx_bomb, write_pdf_tripping_an_assertion
from citecheck.cli import app
from citecheck.config import Settings
from citecheck.errors import InputError
from citecheck.inputs.collect import collect
from citecheck.inputs.load import MAX_INFLATED_BYTES, load_document
from citecheck.models import SkippedInput

runner = CliRunner()
GOOD = "قال التقرير إن الأرقام ارتفعت https://example.org/report.\n"
PEAK = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as status:
        peak = [line.split()[1] for line in status if line.startswith("VmHWM")]
    sys.stderr.write(f"\\nPEAK_KB {peak[0]}\\n")
atexit.register(_peak)
from citecheck.cli import app
sys.argv[0] = "citecheck"
app()
"""


def run_citecheck(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process (bounded in time), its peak RSS on stderr."""
    command = [sys.executable, "-c", PEAK, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def peak_mb(result: subprocess.CompletedProcess[str]) -> float:
    return int(result.stderr.rsplit("PEAK_KB ", 1)[1].split()[0]) / 1024


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("citecheck:")]


# -- a docx zip bomb -------------------------------------------------------------------


def test_a_docx_that_inflates_to_a_gibibyte_is_refused_in_bounded_memory(
    tmp_path: Path,
) -> None:
    bomb = tmp_path / "bomb.docx"
    write_docx_bomb(bomb, inflated=1 << 30)
    assert bomb.stat().st_size < 8 * 2**20  # a few MB on disk
    result = run_citecheck("extract", str(bomb))
    assert result.returncode == 2
    (line,) = error_lines(result)
    assert line.startswith(f"citecheck: error: {bomb}: docx too large")
    assert "Traceback" not in result.stderr
    assert peak_mb(result) < 250  # the XML is never inflated (the fix's whole point)


def test_a_docx_just_under_the_cap_is_still_read(tmp_path: Path) -> None:
    roomy = tmp_path / "roomy.docx"
    write_docx_bomb(roomy, inflated=2**20)  # 1 MiB of XML: an ordinary big document
    document = load_document(roomy)
    assert "https://example.org/" in document.text
    assert MAX_INFLATED_BYTES > 2**20


# -- files that are not regular files ----------------------------------------------------


def test_a_txt_linked_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        load_document(zero)
    result = run_citecheck("extract", str(zero), "-f", "json", timeout=60)
    assert result.returncode == 2
    assert error_lines(result) == [
        f"citecheck: error: {zero}: not a regular file (a device, pipe or socket)"
    ]
    assert peak_mb(result) < 250


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_fifo_with_no_writer_does_not_hang(tmp_path: Path, output: str) -> None:
    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)
    result = run_citecheck("extract", str(fifo), "-f", output, timeout=60)
    assert result.returncode == 2
    assert error_lines(result) == [
        f"citecheck: error: {fifo}: not a regular file (a device, pipe or socket)"
    ]


# -- a PDF that trips pypdf --------------------------------------------------------------


def test_a_pdf_tripping_an_internal_assertion_is_an_unreadable_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "tripped.pdf"
    write_pdf_tripping_an_assertion(pdf)
    with pytest.raises(InputError, match="corrupt or unreadable PDF"):
        load_document(pdf)
    result = runner.invoke(app, ["extract", str(pdf)])
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    assert result.stderr.startswith(f"citecheck: error: {pdf}: corrupt or unreadable PDF")


# -- terminal escape sequences -----------------------------------------------------------


def test_escape_sequences_in_a_document_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    doc = tmp_path / "evil\x1b[2J.md"
    doc.write_text(
        "Title set \x1b]0;pwned\x07 and a clear screen \x1b[2J\x1b[H here"
        " https://example.org/a\x1b[31m and C1 \x9b31m control.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(doc)])
    assert result.exit_code == 0
    shown = result.stdout + result.stderr
    assert not any(char in shown for char in "\x1b\x07\x9b")
    assert "\\x1b]0;pwned\\x07" in result.stdout
    assert "\\x9b31m" in result.stdout
    assert "https://example.org/a" in result.stdout


# -- one odd file in a folder (#11 item 7) --------------------------------------------------


def _folder_with_one_bad_file(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"a NUL \x00 byte https://example.org/nul\n")
    (folder / "c.txt").write_text("See https://example.org/english for the figures.\n")
    return folder


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_bad_file_in_a_folder_is_reported_and_skipped(tmp_path: Path, output: str) -> None:
    folder = _folder_with_one_bad_file(tmp_path)
    result = runner.invoke(app, ["extract", str(folder), "-f", output])
    assert result.exit_code == 0
    bad = folder / "b.txt"
    assert f"citecheck: warning: {bad}: binary file, not text (skipped)" in result.stderr
    assert "https://example.org/report" in result.stdout
    assert "https://example.org/english" in result.stdout
    assert "example.org/nul" not in result.stdout
    if output == "json":
        summary = json.loads(result.stdout)["summary"]
        assert summary["documents"] == 2
        assert summary["skipped_inputs"] == [{"path": str(bad), "reason": "binary file, not text"}]


def test_a_folder_where_nothing_can_be_read_exits_two(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01")
    (folder / "b.md").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(folder), "-f", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "none of the 2 input files could be read" in result.stderr


def test_collect_keeps_going_and_lists_what_it_skipped(tmp_path: Path) -> None:
    folder = _folder_with_one_bad_file(tmp_path)
    skipped: list[SkippedInput] = []
    paths = [document.path for document in collect([folder], Settings(), skipped=skipped)]
    assert paths == [str(folder / "a.md"), str(folder / "c.txt")]
    assert skipped == [SkippedInput(str(folder / "b.txt"), "binary file, not text")]
    with pytest.raises(InputError, match="binary file"):  # without a list: as before
        list(collect([folder], Settings()))


def test_scan_of_a_folder_with_a_bad_file_reports_it_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("No links here, only prose.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00 binary")
    report = tmp_path / "report.json"
    args = ["scan", str(folder), "-f", "json", "-o", str(report), "--no-html-report"]
    args += ["--cache", str(tmp_path / "cache"), "--no-network-check", "--no-progress"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert f"citecheck: warning: {folder / 'b.txt'}: binary file, not text (skipped)" in (
        result.stderr
    )
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["skipped_inputs"] == [
        {"path": str(folder / "b.txt"), "reason": "binary file, not text"}
    ]
    assert [d["path"] for d in written["documents"]] == [str(folder / "a.md")]


# -- a stray byte --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("سطر أول\nقال المتحدث \x00STRAY إن https://example.org/ar صحيح.\n", 2),
        ("first line\nsecond\nthe \x00STRAY report https://example.org/en\n", 3),
        ("第一行\n第二行 \x00STRAY https://example.cn/zh\n", 2),
        ("خط اول\nمی\u200cخواهم \x00STRAY https://fa.wikipedia.org/wiki/x\n", 2),
    ],
)
def test_a_stray_invalid_byte_is_read_as_a_replacement_with_a_warning(
    tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "stray.txt"
    path.write_bytes(text.encode("utf-8").replace(b"\x00STRAY", b"\xff"))
    result = runner.invoke(app, ["extract", str(path), "-f", "json"])
    assert result.exit_code == 0
    assert f"citecheck: warning: {path}:{line}: invalid UTF-8 byte 0xFF read as U+FFFD" in (
        result.stderr
    )
    (document,) = json.loads(result.stdout)["documents"]
    assert len(document["citations"]) == 1
    assert document["citations"][0]["line"] == line


def test_a_url_cut_by_a_stray_byte_is_truncated_not_fetched_as_is(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes("النص https://example.org/caf".encode() + b"\xe9 \xd9\x86\n")
    (citation,) = json.loads(runner.invoke(app, ["extract", str(path), "-f", "json"]).stdout)[
        "documents"
    ][0]["citations"]
    assert citation["raw"] == "https://example.org/caf"
    assert "truncated" in citation["defects"]


# -- a closed pipe (#11 item 8) -------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_closed_pipe_is_a_quiet_exit(tmp_path: Path, output: str) -> None:
    long = tmp_path / "long.md"
    long.write_text("".join(f"line {n} https://example.org/{n}\n\n" for n in range(30_000)))
    command = [sys.executable, "-m", "citecheck", "extract", str(long), "-f", output]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(100)  # `| head -c 100`
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=90)
    assert code == 0
    assert "internal error" not in stderr
    assert "Traceback" not in stderr
    assert "BrokenPipe" not in stderr
