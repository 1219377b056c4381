"""Exceptions for problems that stop a run.

A problem with one citation (a 404, a timeout, an unsupported claim) is data,
carried in the models; only problems that stop the whole run are raised::

    CiteCheckError
    ├── ConfigError     a bad setting or config file
    ├── InputError      a document that cannot be read or is not supported
    ├── ArchiveError    the cache or WARC archive cannot be written or read
    └── ReportError     a report cannot be rendered or written

Third-party errors are translated into these at one boundary per module
(`raise ... from exc`), so callers only ever catch `CiteCheckError`.
"""

from __future__ import annotations


class CiteCheckError(Exception):
    """Base class for every error that stops a citecheck run."""

    def __init__(self, message: str, *, path: str | None = None, url: str | None = None) -> None:
        """Keep the message plus the path or URL it concerns, for one-line reporting."""
        super().__init__(message)
        self.message = message
        self.path = path
        self.url = url

    def __str__(self) -> str:
        """Return `path: message` when a path is known, else the message."""
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(CiteCheckError):
    """A setting, flag combination or config file is invalid."""


class InputError(CiteCheckError):
    """An input document is missing, unreadable, corrupt or of an unsupported kind."""


class ArchiveError(CiteCheckError):
    """The cache directory, its SQLite index or a WARC file cannot be used."""


class ReportError(CiteCheckError):
    """A report cannot be rendered or written."""
