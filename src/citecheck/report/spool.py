"""Where a scan's results wait for the report writers: a file, not memory.

A scan writes each citation's result to a `ResultSpool` the moment it is judged,
in whatever order the URLs finish, as one line of JSON (the report's own
`result_dict`, read back by `load.result_from_dict`), and keeps in memory only
where each line is (12 bytes a citation) and the counts of the results
(`models.Tally`), from which the summary and the exit code come. The report's
documents (`SpooledDocuments`) read the lines back, in document order, each time
they are iterated, so a writer holds one document's results at a time and the
memory of a run does not grow with its number of URLs.

The spool is an anonymous temporary file (`tempfile.TemporaryFile`) in the
run's cache folder, a folder the run was told to write to: it has no name, so a
crash, a kill or Ctrl-C leaves nothing behind, and it writes nothing the cache
itself holds. It is closed when the last report reading it is let go. It is
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
from typing import IO, overload

from citecheck.errors import ReportError
from citecheck.models import CheckResult, DocKind, DocumentResult, Tally
from citecheck.report.json import result_dict
from citecheck.report.load import result_from_dict

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


class ResultSpool:
    """The results of one run, on disk by citation number, with their counts in memory."""

    def __init__(self, folder: str | Path, citations: int) -> None:
        """Open an anonymous spool file in `folder` for `citations` results.

        Raises:
            ReportError: the file cannot be made there.
        """
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            # closed by the finalizer below: it lives as long as the reports reading it
            self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
                dir=folder, prefix="citecheck-", buffering=0
            )
        except OSError as exc:
            raise ReportError(f"cannot make the results spool: {exc}", path=str(folder)) from exc
        weakref.finalize(self, self._file.close)
        self._offsets = array("q", [_NOT_WRITTEN]) * citations
        self._lengths = array("i", [0]) * citations
        self._end = 0
        self.tally = Tally()
        """The counts of the results written so far."""

    def write(self, number: int, result: CheckResult) -> None:
        """Keep citation `number`'s result, and count it.

        Raises:
            ReportError: the spool cannot be written (a full disk).
        """
        line = (_ENCODER.encode(result_dict(result, False)) + "\n").encode("utf-8")
        try:
            self._file.seek(self._end)
            written = 0
            while written < len(line):
                written += self._file.write(line[written:])
        except OSError as exc:
            raise ReportError(f"cannot write the results spool: {exc}") from exc
        self._offsets[number] = self._end
        self._lengths[number] = len(line)
        self._end += len(line)
        self.tally.add(result)

    def read(self, document: SpooledDocument) -> DocumentResult:
        """One document's results, read back.

        Raises:
            ReportError: the spool cannot be read, or misses one of them.
        """
        try:
            results = tuple(
                self._result(number, document.path)
                for number in range(document.first, document.first + document.count)
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ReportError(f"cannot read the results spool back: {exc!r}") from exc
        return DocumentResult(document.path, document.kind, results)

    def _result(self, number: int, path: str) -> CheckResult:
        offset = self._offsets[number]
        if offset == _NOT_WRITTEN:
            raise ValueError(f"citation {number} was never judged")
        self._file.seek(offset)
        line = self._file.read(self._lengths[number])
        return result_from_dict(json.loads(line), path)


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
