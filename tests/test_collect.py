"""collect: files and folders become Documents; bad inputs become one-line InputErrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import Settings
from citecheck.errors import InputError
from citecheck.inputs.collect import collect, input_files


def tree(root: Path) -> Path:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.md").write_text("# b https://example.com/b\n")
    (root / "a.txt").write_text("a https://example.com/a\n")
    (root / "sub" / "c.HTML").write_text("<p>c</p>\n")
    (root / "sub" / "deeper" / "d.txt").write_text("d\n")
    (root / "sub" / "notes.csv").write_text("x,y\n")
    (root / ".hidden" / "e.txt").write_text("e\n")
    return root


def test_folders_are_walked_sorted_for_supported_types(tmp_path: Path) -> None:
    root = tree(tmp_path)
    paths = [Path(d.path).relative_to(root).as_posix() for d in collect([root], Settings())]
    assert paths == ["a.txt", "b.md", "sub/c.HTML", "sub/deeper/d.txt"]


def test_files_and_folders_mix_without_duplicates(tmp_path: Path) -> None:
    root = tree(tmp_path)
    files = input_files([root / "b.md", root, str(root / "a.txt")], Settings())
    assert [f.name for f in files] == ["b.md", "a.txt", "c.HTML", "d.txt"]


def test_include_and_exclude_patterns(tmp_path: Path) -> None:
    root = tree(tmp_path)
    settings = Settings(input_include=("*.txt", "*.md"), input_exclude=("*/deeper/*",))
    assert [f.name for f in input_files([root], settings)] == ["a.txt", "b.md"]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        list(collect([tmp_path / "nope.txt"], Settings()))


def test_folder_with_nothing_supported(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("1,2\n")
    with pytest.raises(InputError, match="folder has no supported file"):
        list(collect([tmp_path], Settings()))


def test_no_input() -> None:
    with pytest.raises(InputError, match="no input"):
        list(collect([], Settings()))


def test_every_path_is_checked_before_any_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("x\n")
    documents = collect([tmp_path / "ok.txt", tmp_path / "missing.md"], Settings())
    with pytest.raises(InputError, match=r"missing\.md"):
        next(documents)
