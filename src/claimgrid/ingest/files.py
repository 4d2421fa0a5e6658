"""Checks and reads one local file, turning every OS failure into an InputError."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import InputError

MAX_SOURCE_BYTES = 10 * 1024 * 1024   # one article; larger files are refused before reading


def format_size(n_bytes: int) -> str:
    return f"{n_bytes / 1024 / 1024:.1f} MB"


def too_large_reason(n_bytes: int | None, limit: int = MAX_SOURCE_BYTES) -> str:
    size = format_size(n_bytes) if n_bytes is not None else "more than the limit"
    return f"too large: {size} (limit {limit / 1024 / 1024:g} MB)"


def os_error_reason(err: OSError) -> str:
    """A short human reason for an OS error (no errno numbers, no paths)."""
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if err.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot read: {err.strerror or err}".lower()


def check_file(path: str | os.PathLike, limit: int | None = MAX_SOURCE_BYTES) -> int:
    """Raise InputError unless ``path`` is a regular, non-empty file within ``limit``; return its size."""
    source = str(path)
    try:
        st = os.stat(path)
    except OSError as err:
        raise InputError(source, os_error_reason(err)) from None
    if Path(path).is_dir():
        raise InputError(source, "is a directory, not a file")
    if not Path(path).is_file():
        raise InputError(source, "not a regular file")
    if st.st_size == 0:
        raise InputError(source, "empty file")
    if limit is not None and st.st_size > limit:
        raise InputError(source, too_large_reason(st.st_size, limit))
    return st.st_size


def read_file_bytes(path: str | os.PathLike, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The whole file, after ``check_file``; never more than ``limit`` bytes are read."""
    check_file(path, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputError(str(path), os_error_reason(err)) from None
    if len(data) > limit:   # grew since stat
        raise InputError(str(path), too_large_reason(None, limit))
    if not data.strip():
        raise InputError(str(path), "empty file")
    return data
