"""WARC files where a whole cluster can reach them: an fsspec URL (`s3://bucket/prefix`...).

Object stores cannot append, so captures are written as today into a local
spool file (the cache folder's `warc/`), and at each group commit the spool file
is closed and published as one object *before* the index rows that point into
it are committed: the index never points at an object that is not there. A
worker killed before a commit leaves only an unpublished spool file, whose URLs
its retried shard checks again. The index keeps the file name; readers look in
the local spool first and then in the store. Credentials and endpoints come
from the store's own configuration (for S3: the `AWS_*` variables or
`~/.aws`, and `AWS_ENDPOINT_URL` for an S3-compatible server).

The only module that imports fsspec; its errors leave as `ArchiveError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from citecheck.errors import ArchiveError, ConfigError

MISSING_FSSPEC = (
    "--archive-dir with a URL needs fsspec (and s3fs for s3://): "
    "pip install 'citecheck-sources[scale]'"
)


def _modified(entry: dict[str, Any]) -> datetime | None:
    moment = entry.get("LastModified") or entry.get("mtime")
    if isinstance(moment, datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(moment, int | float):
        return datetime.fromtimestamp(moment, UTC)
    return None


_STORE_LIBRARIES = frozenset({"fsspec", "s3fs", "botocore", "aiobotocore", "gcsfs", "adlfs"})


def is_remote(location: str | None) -> bool:
    """Whether an `--archive-dir` value is a URL for fsspec rather than a local path."""
    return bool(location) and "://" in str(location) and not str(location).startswith("file://")


class RemoteWarcs:
    """A folder of WARC objects under an fsspec URL."""

    def __init__(self, url: str) -> None:
        """Resolve the URL's filesystem (nothing is contacted yet).

        Raises:
            ConfigError: fsspec, or the filesystem the URL's scheme needs, is missing.
        """
        try:
            import fsspec

            self._fs, root = fsspec.core.url_to_fs(url)
        except ImportError as exc:
            raise ConfigError(MISSING_FSSPEC) from exc
        except ValueError as exc:  # an unknown protocol
            raise ConfigError(f"--archive-dir {url}: {exc}") from exc
        self.url = url.rstrip("/")
        self._root = str(root).rstrip("/")

    def location(self, name: str) -> str:
        """The URL of one WARC object, as reports show it."""
        return f"{self.url}/{name}"

    def publish(self, spool: Path) -> None:
        """Upload a finished spool file as the object of the same name, then delete it.

        Raises:
            ArchiveError: The object cannot be written.
        """
        with self._errors("publish a WARC file", spool.name):
            self._fs.put_file(str(spool), f"{self._root}/{spool.name}")
        spool.unlink(missing_ok=True)

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """Open one WARC object for reading (seekable)."""
        with self._errors("read an archived record", name):
            handle: IO[bytes] = self._fs.open(f"{self._root}/{name}", "rb")
        with handle:
            yield handle

    def sizes(self) -> dict[str, int]:
        """The size of every WARC object in the folder, by name."""
        return {name: size for name, (size, _) in self.listing().items()}

    def listing(self) -> dict[str, tuple[int, datetime | None]]:
        """Every WARC object in the folder: its size and when it was written, by name."""
        with self._errors("list the archive", ""):
            entries: list[dict[str, Any]] = self._fs.ls(self._root, detail=True)
        return {
            entry["name"].rsplit("/", 1)[-1]: (int(entry.get("size") or 0), _modified(entry))
            for entry in entries
            if entry.get("type") == "file" and entry["name"].endswith(".warc.gz")
        }

    def delete(self, name: str) -> None:
        """Delete one WARC object."""
        with self._errors("delete a WARC file", name):
            self._fs.rm_file(f"{self._root}/{name}")

    @contextlib.contextmanager
    def _errors(self, action: str, name: str) -> Iterator[None]:
        try:
            yield
        except (OSError, ValueError) as exc:  # fsspec and s3fs raise OSError subclasses
            raise self._error(action, name, exc) from exc
        except Exception as exc:  # botocore's own (no credentials, a bad endpoint...)
            if type(exc).__module__.split(".")[0] not in _STORE_LIBRARIES:
                raise
            raise self._error(action, name, exc) from exc

    def _error(self, action: str, name: str, exc: Exception) -> ArchiveError:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return ArchiveError(f"cannot {action}: {detail}", path=self.location(name))
