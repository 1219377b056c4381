"""Writing a file the user named without ever clobbering what is not a plain file.

A regular file (or a new path) is replaced atomically: the bytes go to a
temporary file in the same folder, which is fsync'ed and renamed over the
target, so a crash leaves the old file or the new one, never half of each.

Anything else is written *into*, never replaced: `/dev/null`, `/dev/stdout`, a
terminal, a named pipe or a Unix socket stays what it is (an atomic rename
over `/dev/null` run as root would turn the device into a regular file and
break every other program on the machine). A symbolic link is followed: its
target is replaced and the link kept.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

IN_PLACE_ROOTS = ("/proc/", "/dev/")
"""Paths under these are never renamed over: `/dev/stdout` resolves to `/proc/self/fd/1`."""


def write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> Path:
    """Write `data` to the file at `path` without clobbering devices, pipes or links.

    Args:
        path: the file the user named; created with its folder if missing.
        data: the complete new content.
        mode: permission bits for a newly created or replaced file; by default
            those of the file being replaced, else 0o644.

    Returns:
        The path actually written (a symbolic link's target).

    Raises:
        IsADirectoryError: `path` is a folder.
        OSError: the file cannot be written.
    """
    return write_chunks(path, (data,), mode=mode)


def write_chunks(path: Path, data: Iterable[bytes], *, mode: int | None = None) -> Path:
    """`write_bytes` for content made piece by piece: each piece is written as it comes,
    so the whole content is never in memory (an atomic replace still shows all or nothing).

    Raises:
        IsADirectoryError: `path` is a folder.
        OSError: the file cannot be written.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    kind = _kind(target)
    if kind is not None and stat.S_ISDIR(kind):
        raise IsADirectoryError(f"{path} is a folder")
    if kind is None:
        _replace_atomically(target, data, 0o644 if mode is None else mode)
    elif stat.S_ISSOCK(kind):
        _send_to_socket(target, data)
    elif not stat.S_ISREG(kind) or str(target).startswith(IN_PLACE_ROOTS):
        _write_in_place(target, data)
    else:
        _replace_atomically(target, data, kind & 0o777 if mode is None else mode)
    return target


def _kind(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        return None


def _write_in_place(path: Path, data: Iterable[bytes]) -> None:
    # O_TRUNC is ignored by devices and pipes; no O_CREAT: the node already exists.
    descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(descriptor, "wb") as handle:
        handle.writelines(data)


def _send_to_socket(path: Path, data: Iterable[bytes]) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(path))
        for piece in data:
            connection.sendall(piece)


def _replace_atomically(path: Path, data: Iterable[bytes], mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)  # mkstemp makes 0600
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
