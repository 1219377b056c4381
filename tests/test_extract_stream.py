"""extract.stream: a long text read piece by piece gives exactly the whole document's citations."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citecheck.extract import iter_citations
from citecheck.extract.stream import iter_pieces
from citecheck.inputs.load import NotStreamable, load_document
from citecheck.report.serialize import iter_citation_json

WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "قالت الوكالة إن الهجوم على العاصمة فشل خلال أسابيع وذكرت الصحف أن خبراء عملوا قرب "
    "the report said the offensive stalled while officials denied any role"
).split()


def url(rng: random.Random) -> str:
    tail = rng.choice(("%D9%84%D9%8A%D8%A8%D9%8A%D8%A7", "news", "a_(b)", "x-", "%D8%A7%25"))
    return f"https://example.com/{rng.randrange(10**4)}/{tail}"


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


# Each shape is written so that a careless cut (or too little context) changes the
# result: links with a blank line inside, source blocks right after a blank line,
# headings, wrapped and broken lines, a paragraph far longer than the lookback.
SHAPES = (
    lambda rng: f"{words(rng, 14)}. {url(rng)}، {words(rng, 6)}؟ {words(rng, 9)}!\n\n",
    lambda rng: "".join(f"- {url(rng)}\n" for _ in range(rng.randrange(1, 4))) + "\n",
    lambda rng: f"## {words(rng, 3)}\n\n",
    lambda rng: f"{words(rng, 3)}\n\n",
    lambda rng: f"[{words(rng, 2)}](\n\n{url(rng)})\n\n",
    lambda rng: f"{words(rng, 5)} [{words(rng, 2)}]({url(rng)}\n\n) {words(rng, 3)}.\n\n",
    lambda rng: f'{words(rng, 4)} [x]({url(rng)}\n\n"title") {words(rng, 3)}.\n\n',
    lambda rng: f"{words(rng, 6)} {url(rng)[:28]}\n%D8%A7%D9%84 {words(rng, 4)}.\n\n",
    lambda rng: "\n".join(words(rng, 12) for _ in range(rng.randrange(20, 60))) + ".\n\n",
    lambda rng: f"{words(rng, 400)}. {url(rng)}\n\n  \t\n\n",
    lambda rng: f'{words(rng, 5)} "{words(rng, 3)}"  {words(rng, 2)}\t{url(rng)}.\n\n',
)


def article(seed: int, size: int) -> str:
    rng = random.Random(seed)
    parts, length = [], 0
    while length < size:
        parts.append(rng.choice(SHAPES)(rng))
        length += len(parts[-1])
    return "".join(parts)


def whole_json(path: Path) -> list[str]:
    return list(iter_citation_json(iter_citations(load_document(path))))


def pieces_json(path: Path, piece_chars: int) -> list[str]:
    found: list[str] = []
    for piece in iter_pieces(path, piece_chars=piece_chars):
        found += iter_citation_json(iter_citations(piece.document, since=piece.since))
    return found


@pytest.mark.parametrize(("seed", "newline"), [(1, "\n"), (2, "\r\n"), (3, "\n")])
def test_pieces_give_the_whole_documents_citations(tmp_path: Path, seed: int, newline: str) -> None:
    path = tmp_path / "long.md"
    path.write_text(article(seed, 150_000).replace("\n", newline), encoding="utf-8")
    expected = whole_json(path)
    assert len(expected) > 150
    assert pieces_json(path, 5_000) == expected
    assert len(list(iter_pieces(path, piece_chars=5_000))) > 10


def test_a_small_file_is_one_piece(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("نص قصير https://example.com/a\n", encoding="utf-8")
    (piece,) = iter_pieces(path)
    assert (piece.since, piece.line_base) == (0, 0)
    assert piece.document.text == load_document(path).text


def test_each_piece_starts_on_a_line_and_counts_the_lines_before_it(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    text = article(4, 60_000)
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    for piece in iter_pieces(path, piece_chars=5_000):
        first = piece.document.text.split("\n", 1)[0]
        assert lines[piece.line_base] == first


def test_footnote_markers_need_the_whole_document(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    text = article(5, 30_000) + "قال التقرير [1] ذلك.\n\n1. https://example.com/note\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotStreamable):
        list(iter_pieces(path, piece_chars=5_000))


@pytest.mark.parametrize(
    "link",
    [
        lambda rng: f"[{words(rng, 2)}](\n\n{url(rng)})",
        lambda rng: f"[{words(rng, 2)}]({url(rng)}\n\n)",
        lambda rng: f'[{words(rng, 2)}]({url(rng)}\n\n"title")',
    ],
)
def test_no_piece_ends_inside_a_link(tmp_path: Path, link: object) -> None:
    rng = random.Random(6)
    paragraphs = (f"{words(rng, 40)} {link(rng)} {words(rng, 5)}.\n\n" for _ in range(400))  # type: ignore[operator]
    path = tmp_path / "links.md"
    path.write_text("".join(paragraphs), encoding="utf-8")
    assert pieces_json(path, 3_000) == whole_json(path)
