"""redact.py: passwords in URLs are redacted through every field of a result."""

from __future__ import annotations

from citecheck.models import FetchResult, Hop
from citecheck.redact import redact_fields

SECRET = "https://ann:hunter2@news.test/a"
SAFE = "https://ann:redacted@news.test/a"


def test_every_string_of_a_result_tree_is_redacted_and_the_rest_kept() -> None:
    result = FetchResult(
        url=SECRET,
        final_url=SECRET,
        http_status=200,
        hops=(Hop(SECRET, 301, "https://news.test/b"), Hop("https://news.test/b", 200)),
        headers=(("Location", SECRET),),
        body=b"https://ann:hunter2@body.test/ stays: bodies are never reported",
    )
    redacted = redact_fields(result)
    assert (redacted.url, redacted.final_url) == (SAFE, SAFE)
    assert redacted.hops == (Hop(SAFE, 301, "https://news.test/b"), result.hops[1])
    assert redacted.hops[1] is result.hops[1]  # nothing to change: the same object
    assert redacted.headers == (("Location", SAFE),)
    assert redacted.body is result.body
    clean = FetchResult(url="https://news.test/a", final_url="https://news.test/a", http_status=200)
    assert redact_fields(clean) is clean
