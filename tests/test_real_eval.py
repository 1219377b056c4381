"""The loaders and pair builders of benchmarks/real_eval.py, on a tiny fixture written here.

No scoring (that is the benchmark's slow part): these check that each shape's pairs are
built as its docstring says, deterministically, and that a missing folder is one line.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import real_eval  # noqa: E402  (benchmarks/ is not a package)

TOPICS = (
    ("الأمطار", "الرياض", "السيول"),
    ("الأمطار", "جدة", "السيول"),
    ("النفط", "أوبك", "الأسعار"),
    ("النفط", "أرامكو", "الإنتاج"),
)


def _article(number: int, topic: tuple[str, ...]) -> dict[str, str]:
    first, second, third = topic
    lines = [
        f"أعلنت الجهات المختصة في {second} عن تطورات جديدة بشأن {first} في الخبر رقم {number}.",
        f"وقال المتحدث إن {third} ستستمر خلال الأيام المقبلة حسب التقديرات الرسمية رقم {number}.",
        f"وأضاف أن فرق العمل الميدانية انتشرت في أحياء {second} منذ الصباح الباكر {number}.",
        f"وأشار التقرير إلى أن {first} أثرت على حركة السير في الطرق الرئيسية {number}.",
        f"ودعت السلطات المواطنين إلى متابعة التعليمات الصادرة عن الدفاع المدني {number}.",
        f"وختم البيان بأن الوضع تحت السيطرة وأن {third} تراقب عن كثب في كل المناطق {number}.",
    ]
    body = "\n".join(_unique_runs(f"{line} وفي التفاصيل {line}", number) for line in lines)
    return {"title": f"{first} في {second}: {third} الخبر {number}", "content": body, "url": ""}


def _unique_runs(line: str, number: int) -> str:
    """The line with a token of this article after every fourth word: articles on one
    topic share words but no six-word run (which would make them the same story)."""
    words = line.split()
    marked = [f"{word} ع{number}ن{i}" if i % 4 == 3 else word for i, word in enumerate(words)]
    return " ".join(marked)


def _write_fixture(folder: Path) -> None:
    news = folder / "saudinewsnet"
    news.mkdir(parents=True)
    articles = [_article(number, topic) for number, topic in enumerate(TOPICS * 2)]
    with zipfile.ZipFile(news / "2015-07-21.zip", "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps(articles, ensure_ascii=False))
    units = "".join(
        f'<tu tuid="doc_{d}:{i}"><tuv xml:lang="en"><seg>English sentence {i} of document '
        f'{d} says something</seg></tuv><tuv xml:lang="ar"><seg>جملة عربية رقم {i} من '
        f"الوثيقة {d} تقول شيئا</seg></tuv></tu>"
        for d in range(2)
        for i in range(12)
    )
    (folder / "tico19").mkdir()
    (folder / "tico19" / "all.en-ar.tmx").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><body>{units}</body></tmx>',
        encoding="utf-8",
    )
    (folder / "ans").mkdir()
    (folder / "ans" / "stance-dev.csv").write_text(
        "s1,s2,stance\nعنوان أول,صياغة أولى,agree\nعنوان ثان,نفي ثان,disagree\n"
        "عنوان ثالث,خبر آخر,other\n",
        encoding="utf-8",
    )


def test_every_shape_is_built_balanced_and_deterministic(tmp_path: Path) -> None:
    _write_fixture(tmp_path)
    pairs, skipped = real_eval.build_pairs(tmp_path, real_eval.SHAPES, 8, seed=3)
    again, _ = real_eval.build_pairs(tmp_path, real_eval.SHAPES, 8, seed=3)
    assert skipped == []
    assert pairs == again
    assert set(pairs) == set(real_eval.SHAPES)
    for shape in ("article_headline", "article_sentence", "ar_en_sentence", "ar_en_page"):
        truths = [pair.truth for pair in pairs[shape]]
        assert truths.count("supported") == truths.count("unrelated") > 0, shape
    assert sorted(pair.truth for pair in pairs["ans_dev"]) == [
        "contradicted",
        "supported",
        "unrelated",
    ]


def test_article_pages_are_read_by_the_page_reader_and_negatives_are_other_stories(
    tmp_path: Path,
) -> None:
    _write_fixture(tmp_path)
    pairs, _ = real_eval.build_pairs(tmp_path, ("article_headline",), 4, seed=1)
    for supported, foreign in zip(
        pairs["article_headline"][::2], pairs["article_headline"][1::2], strict=True
    ):
        assert supported.page_html == foreign.page_html
        page = real_eval.read_page(supported, real_eval.Settings())
        assert page is not None
        assert "أعلنت الجهات المختصة" in page.text
        assert supported.truth == "supported"
        assert foreign.truth == "unrelated"
        # the neighbour is another article on a shared topic, never the page's own story
        assert foreign.claim != supported.claim
        assert foreign.claim.split()[0] == supported.claim.split()[0]


def test_translation_pairs_pair_arabic_claims_with_english_pages(tmp_path: Path) -> None:
    _write_fixture(tmp_path)
    pairs, _ = real_eval.build_pairs(tmp_path, ("ar_en_sentence", "ar_en_page"), 6, seed=2)
    for shape in ("ar_en_sentence", "ar_en_page"):
        for pair in pairs[shape]:
            assert pair.language == "en"
            assert "English sentence" in pair.page_text
            assert "جملة عربية" in pair.claim
    supported, other = pairs["ar_en_sentence"][:2]
    number, document = supported.claim.split()[3], supported.claim.split()[6]
    assert supported.page_text == f"English sentence {number} of document {document} says something"
    assert other.truth == "unrelated"
    assert other.claim.split()[6] == document
    assert other.claim.split()[3] != number
    outside = pairs["ar_en_page"][1]
    assert outside.truth == "unrelated"
    assert f"sentence {outside.claim.split()[3]} of document {document}" not in outside.page_text


def test_a_missing_folder_or_shape_data_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert real_eval.main(["--data", str(tmp_path / "absent")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: --data")
    assert error.count("\n") == 1
    (tmp_path / "ans").mkdir()
    with pytest.raises(real_eval.DataError):
        real_eval.build_pairs(tmp_path, ("ans_dev",), 4, seed=0)
    _write_fixture(tmp_path / "some")
    (tmp_path / "some" / "tico19" / "all.en-ar.tmx").unlink()
    (tmp_path / "some" / "tico19").rmdir()
    pairs, skipped = real_eval.build_pairs(tmp_path / "some", real_eval.SHAPES, 4, seed=0)
    assert "ar_en_sentence" not in pairs
    assert "ans_dev" in pairs
    assert skipped == [
        f"ar_en_sentence, ar_en_page: skipped, {tmp_path / 'some' / 'tico19'} absent"
    ]
