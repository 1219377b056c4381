"""Where a scan's citations and results wait: files, not memory.

A scan writes each citation to a `CitationSpool` as it is extracted and reads it
back when its URL's outcome arrives (`citecheck.cited`); it writes each result
to a `ResultSpool` the moment it is judged, in whatever order the URLs finish.
Both are lines of JSON (the report's own `citation_fields` and `result_dict`,
read back by `load`), and memory keeps only where each line is (12 bytes a
citation) and the counts of the results (`models.Tally`), from which the summary
and the exit code come. The report's documents (`SpooledDocuments`) read their
results back, in document order, each time they are iterated, so a writer holds
one document's results at a time and the memory of a run does not grow with its
number of URLs.

Each spool is an anonymous temporary file (`tempfile.TemporaryFile`) in the
run's cache folder, a folder the run was told to write to: it has no name, so a
crash, a kill or Ctrl-C leaves nothing behind, and it writes nothing the cache
itself holds. It is closed when the last object reading it is let go. It is
unbuffered: a process forked from this one (the page workers) holds no copy of
unwritten lines that it could write into the file when it exits.
"""

from __future__ import annotations

import json
import logging
import tempfile
import weakref
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, overload

from citecheck.errors import ReportError
from citecheck.models import CheckResult, Citation, DocKind, DocumentResult, Tally
from citecheck.report.json import citation_fields, result_dict
from citecheck.report.load import citation_from_dict, result_from_dict

logger = logging.getLogger(__name__)

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_NOT_WRITTEN = -1


@dataclass(frozen=True, slots=True)
class SpooledDocument:
    """Where one document's results are in the spool: citations `first` to `first + count`."""

    path: str
    kind: DocKind
    first: int
    count: int


class _Lines:
    """Numbered lines in an anonymous, unbuffered temporary file; memory holds where
    each is (12 bytes a line)."""

    def __init__(self, folder: str | Path) -> None:
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            # closed by the finalizer below: it lives as long as the reports reading it
            self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
                dir=folder, prefix="citecheck-", buffering=0
            )
        except OSError as exc:
            raise ReportError(f"cannot make a spool file: {exc}", path=str(folder)) from exc
        weakref.finalize(self, self._file.close)
        self._offsets = array("q")
        self._lengths = array("i")
        self._end = 0

    def __len__(self) -> int:
        return len(self._offsets)

    def put(self, number: int, value: dict[str, Any]) -> None:
        line = (_ENCODER.encode(value) + "\n").encode("utf-8")
        try:
            self._file.seek(self._end)
            written = 0
            while written < len(line):
                written += self._file.write(line[written:])
        except OSError as exc:
            raise ReportError(f"cannot write a spool file: {exc}") from exc
        missing = number + 1 - len(self._offsets)
        if missing > 0:
            self._offsets.extend(array("q", [_NOT_WRITTEN]) * missing)
            self._lengths.extend(array("i", [0]) * missing)
        self._offsets[number] = self._end
        self._lengths[number] = len(line)
        self._end += len(line)

    def get(self, number: int) -> Any:
        offset = self._offsets[number] if number < len(self._offsets) else _NOT_WRITTEN
        if offset == _NOT_WRITTEN:
            raise ValueError(f"citation {number} was never judged")
        self._file.seek(offset)
        return json.loads(self._file.read(self._lengths[number]))


class CitationSpool:
    """A run's citations, numbered in document order as they are extracted, each read
    back when its URL's outcome arrives: the run holds their URLs, not their claims."""

    def __init__(self, folder: str | Path) -> None:
        """Open an anonymous spool file in `folder`.

        Raises:
            ReportError: the file cannot be made there.
        """
        self._lines = _Lines(folder)

    def __len__(self) -> int:
        """How many citations were added."""
        return len(self._lines)

    def add(self, citation: Citation) -> int:
        """Keep one more citation; answers its number.

        Raises:
            ReportError: the spool cannot be written (a full disk).
        """
        number = len(self._lines)
        self._lines.put(number, citation_fields(citation))
        return number

    def read(self, number: int, path: str) -> Citation:
        """Citation `number`, read back (`path`: its document's).

        Raises:
            ReportError: the spool cannot be read.
        """
        try:
            return citation_from_dict(self._lines.get(number), path)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ReportError(f"cannot read the citations spool back: {exc!r}") from exc


class ResultSpool:
    """The results of one run, on disk by citation number, with their counts in memory."""

    def __init__(self, folder: str | Path) -> None:
        """Open an anonymous spool file in `folder`.

        Raises:
            ReportError: the file cannot be made there.
        """
        self._lines = _Lines(folder)
        self.tally = Tally()
        """The counts of the results written so far."""

    def write(self, number: int, result: CheckResult) -> None:
        """Keep citation `number`'s result, and count it.

        Raises:
            ReportError: the spool cannot be written (a full disk).
        """
        self._lines.put(number, result_dict(result, False))
        self.tally.add(result)

    def read(self, document: SpooledDocument) -> DocumentResult:
        """One document's results, read back.

        Raises:
            ReportError: the spool cannot be read, or misses one of them.
        """
        try:
            results = tuple(
                result_from_dict(self._lines.get(number), document.path)
                for number in range(document.first, document.first + document.count)
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ReportError(f"cannot read the results spool back: {exc!r}") from exc
        return DocumentResult(document.path, document.kind, results)


class SpooledDocuments(Sequence[DocumentResult]):
    """A run's documents, each read back from the spool when it is asked for."""

    def __init__(self, spool: ResultSpool, documents: Sequence[SpooledDocument]) -> None:
        """The documents of `spool` whose places are `documents`, in order."""
        self._spool = spool
        self._documents = tuple(documents)

    @overload
    def __getitem__(self, index: int) -> DocumentResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[DocumentResult]: ...

    def __getitem__(self, index: int | slice) -> DocumentResult | Sequence[DocumentResult]:
        """One document, read back now (a slice: those documents, read when asked for)."""
        if isinstance(index, slice):
            return SpooledDocuments(self._spool, self._documents[index])
        return self._spool.read(self._documents[index])

    def __iter__(self) -> Iterator[DocumentResult]:
        """The documents in order, each read back as it is reached."""
        for document in self._documents:
            yield self._spool.read(document)

    def __len__(self) -> int:
        """How many documents."""
        return len(self._documents)
