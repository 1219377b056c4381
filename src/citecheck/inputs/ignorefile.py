"""`.citecheckignore`: URL patterns a project never wants checked, like lychee's `.lycheeignore`.

One regular expression per line, searched anywhere in the URL; blank lines and
lines starting with `#` are skipped. `config.load_configuration` reads the file in
the working folder and beside the documents, and adds the patterns to the URL
excludes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from citecheck.config_values import Raw, parse_patterns
from citecheck.errors import ConfigError

IGNORE_FILE_NAME = ".citecheckignore"


def ignore_file_patterns(folders: Sequence[Path]) -> tuple[str, ...]:
    """URL regexes from the `.citecheckignore` files in these folders (files are skipped).

    Raises:
        ConfigError: an unreadable file or a line that is not a regular expression,
            named by file and line.
    """
    patterns: list[str] = []
    seen: set[Path] = set()
    for folder in folders:
        path = folder / IGNORE_FILE_NAME
        if folder.is_dir() and path.is_file() and path.resolve() not in seen:
            seen.add(path.resolve())
            patterns.extend(_ignore_lines(path))
    return tuple(dict.fromkeys(patterns))


def _ignore_lines(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the ignore file: {exc}", path=str(path)) from exc
    patterns: list[str] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text and not text.startswith("#"):
            patterns.extend(parse_patterns(Raw(text, f"{path}:{number}")))
    return patterns
