"""Turn the inputs a user names (files and folders) into `Document`s.

Folders are walked recursively, in sorted order, for the supported file types
(`load.SUPPORTED_SUFFIXES`); hidden files and folders are skipped. The
`input_include` and `input_exclude` glob patterns from `Settings` filter the files
found in folders. A file named explicitly is always read; `-` reads one document
from standard input. A file that cannot be
read is refused with a one-line `InputError`, or, when the caller keeps a list of
skipped files, reported there and left out while the others are read.
"""

from __future__ import annotations

import fnmatch
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from citecheck.config import Settings
from citecheck.errors import InputError
from citecheck.inputs.load import (
    MAX_INPUT_BYTES,
    SUPPORTED_SUFFIXES,
    document_kind,
    load_data,
    load_document,
)
from citecheck.inputs.relative import resolve_relative_links
from citecheck.models import DocKind, Document, SkippedInput

logger = logging.getLogger(__name__)

STDIN = "-"
"""The input that means "read one document from standard input"."""
STDIN_NAME = "<stdin>"


def collect(
    inputs: Sequence[str | Path],
    settings: Settings,
    *,
    skipped: list[SkippedInput] | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document]:
    """Yield one `Document` per input file, folders walked for supported types.

    Args:
        inputs: files and folders; `-` reads one document from standard input
            (HTML when it starts with `<`, else Markdown).
        settings: `input_include` / `input_exclude` globs filter files found in
            folders; `base_url` / `root_dir` resolve relative links.
        skipped: when given, a file that cannot be read is added to it and left
            out, and the others are read; an error is raised only when none can be.
        stdin: where `-` reads from (default `sys.stdin.buffer`).

    Yields:
        The loaded documents: standard input first, then the files in input
        order (folder contents sorted).

    Raises:
        InputError: a missing path, a folder with no supported file, or a file
            that cannot be read (see `load.load_document`).
    """
    if not inputs:
        raise InputError("no input given")
    files = input_files([item for item in inputs if not is_stdin(item)], settings)
    if any(is_stdin(item) for item in inputs):
        yield resolve_relative_links(_read_stdin(stdin or sys.stdin.buffer), settings)
    read = 0
    for path in files:
        try:
            document = load_document(path)
        except InputError as error:
            if skipped is None:
                raise
            skipped.append(SkippedInput(str(path), error.message))
            continue
        read += 1
        yield resolve_relative_links(document, settings)
    if not read and skipped:
        raise nothing_read(skipped)


def nothing_read(skipped: Sequence[SkippedInput]) -> InputError:
    """The error for a run where no input file could be read (exit code 2)."""
    if len(skipped) == 1:
        return InputError(skipped[0].reason, path=skipped[0].path)
    return InputError(f"none of the {len(skipped)} input files could be read")


def is_stdin(item: str | Path) -> bool:
    """Whether an input names standard input (`-`)."""
    return str(item) == STDIN


def _read_stdin(stream: BinaryIO) -> Document:
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        mib = MAX_INPUT_BYTES // (1024 * 1024)
        raise InputError(f"input is over the {mib} MiB limit; split it", path=STDIN_NAME)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    kind = DocKind.HTML if head.startswith(b"<") else DocKind.MARKDOWN
    return load_data(STDIN_NAME, kind, data)


def input_files(inputs: Sequence[str | Path], settings: Settings) -> list[Path]:
    """Return the files the inputs name, checking every path before any is read.

    Args:
        inputs: files and folders.
        settings: the input_include / input_exclude globs.

    Returns:
        The files, without duplicates, in order.

    Raises:
        InputError: a missing path or a folder with nothing supported.
    """
    files: list[Path] = []
    for item in inputs:
        files.extend(_files_of(Path(item), settings))
    return list(dict.fromkeys(files))


def _files_of(path: Path, settings: Settings) -> list[Path]:
    if path.is_dir():
        found = [file for file in _walk(path) if _is_wanted(file, settings)]
        if not found:
            supported = " ".join(sorted(SUPPORTED_SUFFIXES))
            raise InputError(f"folder has no supported file ({supported})", path=str(path))
        return found
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    return [path]


def _walk(folder: Path) -> list[Path]:
    files = (
        file
        for file in folder.rglob("*")
        # not only regular files: a device or FIFO named like a document is refused
        # when read, and so reported, rather than passed over in silence
        if document_kind(file) is not None and not file.is_dir() and not _is_hidden(file, folder)
    )
    return sorted(files)


def _is_hidden(file: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(root).parts)


def _is_wanted(file: Path, settings: Settings) -> bool:
    name = file.as_posix()
    include = settings.input_include
    if include and not any(fnmatch.fnmatch(name, pattern) for pattern in include):
        return False
    return not any(fnmatch.fnmatch(name, pattern) for pattern in settings.input_exclude)
