"""Reading fetched pages: main text, metadata, charsets and PDFs."""

# ruff: noqa: E501  (Arabic HTML fixture lines)

from __future__ import annotations

import io
import json
import logging
from datetime import date

import pytest

from citecheck.compare import MemoryCache
from citecheck.config import Settings
from citecheck.decoding import decode_body
from citecheck.models import FetchError, FetchResult
from citecheck.pagetext import UnreadablePage, page_text

ARTICLE = """<html lang="ar"><head><meta charset="{charset}"><title>حفتر يعلن الهجوم</title>
<meta property="article:published_time" content="2019-04-05T10:00:00Z"></head>
<body><nav>الرئيسية | سياسة | اقتصاد | اتصل بنا</nav>
<article><h1>حفتر يعلن الهجوم</h1>
<p>أعلن المشير خليفة حفتر اليوم بدء عملية عسكرية نحو العاصمة طرابلس، في خطوة أثارت قلق الأمم المتحدة.</p>
<p>وقال المتحدث باسم قواته إن القوات وصلت إلى مشارف المدينة من الجنوب بعد معارك قصيرة مع قوات حكومة الوفاق.</p>
<p>ودعا الأمين العام للأمم المتحدة إلى وقف فوري للقتال والعودة إلى طاولة الحوار السياسي بين الأطراف.</p>
</article><footer>جميع الحقوق محفوظة لموقع الأخبار</footer></body></html>"""


def _fetched(body: bytes, content_type: str | None = "text/html", status: int = 200) -> FetchResult:
    return FetchResult(
        url="https://news.test/a",
        final_url="https://news.test/a",
        http_status=status,
        content_type=content_type,
        body=body,
    )


@pytest.mark.parametrize(
    ("charset", "content_type"),
    [
        ("windows-1256", "text/html"),  # declared in <meta> only
        ("utf-8", "text/html; charset=windows-1256"),  # header wins over a wrong meta
        ("utf-8", "text/html"),
    ],
)
def test_main_text_and_metadata_in_any_declared_charset(charset: str, content_type: str) -> None:
    encoding = "cp1256" if "1256" in charset + content_type else "utf-8"
    page = page_text(
        _fetched(ARTICLE.format(charset=charset).encode(encoding), content_type), Settings()
    )
    assert page is not None
    assert "بدء عملية عسكرية نحو العاصمة طرابلس" in page.text
    assert "جميع الحقوق" not in page.text  # boilerplate out
    assert "اتصل بنا" not in page.text
    assert page.title == "حفتر يعلن الهجوم"
    assert page.published == date(2019, 4, 5)
    assert page.language == "ar"
    assert page.digest is not None
    assert len(page.digest) == 64


def test_undeclared_windows_1256_is_detected() -> None:
    html = ARTICLE.replace('<meta charset="{charset}">', "").replace(' lang="ar"', "")
    page = page_text(_fetched(html.encode("cp1256"), "text/html"), Settings())
    assert page is not None
    assert "خليفة حفتر" in page.text
    assert page.language == "ar"


def test_decode_body_prefers_declared_then_utf8() -> None:
    text = "مرحبا بالعالم"
    assert decode_body(text.encode("cp1256"), "text/html; charset=windows-1256") == text
    assert decode_body(text.encode("utf-8")) == text


def test_plain_text_body() -> None:
    body = b"Lavrov said Moscow supports dialogue.\nHe spoke on Monday."
    page = page_text(_fetched(body, "text/plain; charset=utf-8"), Settings())
    assert page is not None
    assert page.text.startswith("Lavrov said")
    assert page.language == "en"


def _pdf_with_text(text: str) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata({"/Title": "Oil report"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_body_is_read_through_pypdf() -> None:
    page = page_text(
        _fetched(_pdf_with_text("Libya oil output rose in June"), "application/pdf"), Settings()
    )
    assert page is not None
    assert "Libya oil output rose in June" in page.text
    assert page.title == "Oil report"


def test_broken_pdf_raises_unreadable_page_with_a_logged_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        caplog.at_level(logging.INFO, logger="citecheck.pagetext"),
        pytest.raises(UnreadablePage, match="unreadable PDF"),
    ):
        page_text(_fetched(b"%PDF-1.4 garbage", "application/pdf"), Settings())
    assert "PDF" in caplog.text


@pytest.mark.parametrize(
    "result",
    [
        _fetched(b"", "text/html"),
        _fetched(b"<html><body>gone</body></html>", "text/html", status=404),
        FetchResult(
            url="https://x.test/",
            final_url="https://x.test/",
            http_status=None,
            error=FetchError.TIMEOUT,
        ),
    ],
)
def test_nothing_to_read_is_none_with_a_logged_reason(
    result: FetchResult, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="citecheck.pagetext"):
        assert page_text(result, Settings()) is None
    assert "no page text" in caplog.text


def test_page_without_main_text_is_none() -> None:
    assert (
        page_text(_fetched(b"<html><body><script>var a = 1;</script></body></html>"), Settings())
        is None
    )


def test_a_body_is_read_once_and_served_from_the_cache() -> None:
    cache = MemoryCache()
    body = ARTICLE.format(charset="utf-8").encode()
    first = page_text(_fetched(body), Settings(), cache=cache)
    assert page_text(_fetched(body), Settings(), cache=cache) == first
    assert len(cache.values) == 1  # one stored extraction, keyed by the body digest
    (key,) = cache.values
    cache.put(key, json.dumps(["cached text", None, None, "en", "d"]).encode())
    served = page_text(_fetched(body), Settings(), cache=cache)
    assert served is not None
    assert served.text == "cached text"  # the read came from the cache, not from trafilatura
