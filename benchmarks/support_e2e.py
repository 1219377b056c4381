"""End-to-end support benchmark: articles in every citation layout, news-site pages on loopback.

    python benchmarks/support_e2e.py                 # full run: figures per layout and overall
    python benchmarks/support_e2e.py --small         # the quick version the test suite runs
    python benchmarks/support_e2e.py --cpu           # CPU seconds per citation on 100 KB pages

The generator (fixed seed) writes, for Arabic and English, one article per
citation layout (sentence then URL on the same line; URL on the next line; (URL)
inside a sentence; Markdown [text](url), ([source](url)) and <autolink>; HTML
<a>; footnote markers with a notes list; a source block after a section). Each
article cites the stories of e2e_stories.py, Arabic ones also English pages for
Arabic→English citations. Each link leads to a page shaped like a real news
site — cookie banner, navigation, the article under a headline (on half the pages in a
banner above the article, where only the page's title carries it), related-article
lists that name other stories, readers' comments, a footer and the scripts and
styles that make real pages 30–150 KB — that states the claim in other words,
or contradicts it (another figure, the reverse, a fact-check that repeats the
claim in its headline and rejects it), or is about something else.
The pages are served on 127.0.0.1 and the articles run through the library's
`scan`; the figures are claim-association accuracy per layout (the claim found
for each citation is the sentence the link backs), ROC-AUC of the support score
(supported vs not) and the precision of `supported` and `contradicted`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from e2e_stories import CHANGED_HEADLINES, STORIES, Story  # noqa: E402

from citecheck.compare.normalize import fold, tokens  # noqa: E402
from citecheck.config import Settings  # noqa: E402
from citecheck.models import CheckResult  # noqa: E402
from localserver import LocalServer, Reply, Request  # noqa: E402

SEED = 7
LAYOUTS = (
    "sentence_url", "url_next_line", "paren_url", "md_link", "md_source", "md_autolink",
    "html_a", "footnote", "source_block",
)  # fmt: skip
SUFFIX = {"md_link": ".md", "md_source": ".md", "md_autolink": ".md", "html_a": ".html"}
VARIANTS = ("supported", "number", "opposite", "denial", "unrelated")
SOURCES = {"ar": ("رويترز", "صحيفة الوادي", "الجزيرة نت"), "en": ("Reuters", "AP", "The Times")}
MIN_JACCARD = 0.8
"""A found claim matches the expected sentence when their word sets overlap this much."""


@dataclass(frozen=True, slots=True)
class Cited:
    """One citation the generator wrote: where it points and what it should find."""

    url_path: str
    layout: str
    language: str
    claim: str
    variant: str
    """supported, number, opposite, denial or unrelated (the page it leads to)."""
    sentence: str = ""
    """The whole sentence as written (the claim after its linking words): what should be found."""

    @property
    def truth(self) -> str:
        """The expected label family: supported, contradicted or unrelated."""
        if self.variant in ("number", "opposite", "denial"):
            return "contradicted"
        return self.variant


# ------------------------------------------------------------------ pages


_NAV = {
    "ar": "الرئيسية سياسة اقتصاد رياضة ثقافة تكنولوجيا منوعات رأي فيديو",
    "en": "Home World Business Sport Culture Technology Opinion Video Podcasts",
}
_COOKIE = {
    "ar": "نستخدم ملفات تعريف الارتباط لتحسين تجربتك. بمتابعة التصفح فإنك توافق على سياسة "
    "الخصوصية. قبول الكل | الإعدادات",
    "en": "We use cookies to improve your experience and to show you relevant ads. By continuing "
    "you agree to our privacy policy. Accept all | Manage settings",
}
_COMMENTS = {
    "ar": (
        "هل هذا الخبر مؤكد؟ لم أسمع به من قبل.",
        "شكرا على التغطية المستمرة.",
        "الحكومة دائما تقول شيئا وتفعل شيئا آخر.",
        "أتمنى أن تنشروا تفاصيل أكثر.",
        "خبر مهم، يجب متابعته.",
    ),
    "en": (
        "Is this confirmed anywhere else?",
        "Thanks for the update, very useful.",
        "I will believe it when I see it.",
        "Great reporting as always.",
        "Can you share the original statement?",
    ),
}
_FOOTER = {
    "ar": "جميع الحقوق محفوظة. من نحن | اتصل بنا | شروط الاستخدام | سياسة الخصوصية | أعلن معنا",
    "en": "All rights reserved. About us | Contact | Terms of use | Privacy policy | Advertise",
}
_RELATED = {"ar": "اقرأ أيضا", "en": "Read more"}
_DISCUSS = {"ar": "التعليقات", "en": "Comments"}


def page_sentences(story: Story, variant: str) -> tuple[str, list[str]]:
    """The headline and article sentences of one page variant of a story: a page with
    another figure or the reverse in its key sentence has a headline that says so."""
    body = list(story.body)
    if variant == "number":
        body[story.key] = story.number
        return CHANGED_HEADLINES[story.name][0], body
    if variant == "opposite":
        body[story.key] = story.opposite
        return CHANGED_HEADLINES[story.name][1], body
    elif variant == "denial":
        return story.denial[0], [
            *story.denial[1:],
            *(s for i, s in enumerate(body) if i != story.key),
        ][:4]
    return story.headline, body


def page_html(story: Story, variant: str, rng: random.Random, size: int) -> str:
    """A news-site page for one story variant, padded with scripts and styles to `size` bytes."""
    language = story.language
    headline, body = page_sentences(story, variant)
    others = [other for other in STORIES if other.name != story.name]
    related = rng.sample(others, 4)
    comments = rng.sample(_COMMENTS[language], 3)
    site = "الوادي نيوز" if language == "ar" else "Valley News"
    paragraphs = "\n".join(f"<p>{sentence}</p>" for sentence in body)
    nav = "".join(
        f'<li><a href="/section/{i}">{item}</a></li>'
        for i, item in enumerate(_NAV[language].split())
    )
    related_items = "".join(
        f'<li><a href="/news/related/{other.name}">{other.headline}</a></li>' for other in related
    )
    comment_items = "".join(
        f'<div class="comment"><span class="user">user{rng.randint(10, 999)}</span>'
        f"<p>{text}</p></div>"
        for text in comments
    )
    direction = "rtl" if language == "ar" else "ltr"
    # half the pages head the article from a banner above it, as many news sites do: the
    # page reader keeps no <h1> outside the article, so the headline reaches the scorer
    # only as the <title>
    outside = zlib.crc32(f"{story.name}/{variant}".encode()) % 2 == 1
    heading = "" if outside else f"<h1>{headline}</h1>"
    hero = f'<div class="article-hero"><h1>{headline}</h1></div>' if outside else ""
    html = (
        f'<!doctype html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{headline} | {site}</title>"
        f'<meta name="description" content="{body[0][:150]}">'
        f"<style>{_padding_css(rng)}</style></head><body>"
        f'<div id="cookie-banner" class="consent">{_COOKIE[language]}</div>'
        f'<header><a class="logo" href="/">{site}</a><nav><ul>{nav}</ul></nav></header>'
        f"{hero}<main><article>{heading}"
        f'<p class="byline">{site} — {rng.randint(1, 28)}/'
        f"{rng.randint(1, 12)}/2025</p>{paragraphs}</article>"
        f'<aside class="related"><h2>{_RELATED[language]}</h2><ul>{related_items}</ul></aside>'
        f'<section class="comments"><h2>{_DISCUSS[language]}</h2>{comment_items}</section></main>'
        f"<footer><p>{_FOOTER[language]}</p></footer>"
    )
    scripts = []
    while len(html.encode()) + sum(len(part) for part in scripts) < size:
        scripts.append(f"<script>{_padding_script(rng)}</script>")
    return html + "".join(scripts) + "</body></html>"


def _padding_css(rng: random.Random) -> str:
    rules = [
        f".c{rng.randint(0, 99999)} {{ margin: {rng.randint(0, 40)}px; "
        f"color: #{rng.randint(0, 0xFFFFFF):06x}; }}"
        for _ in range(60)
    ]
    return " ".join(rules)


def _padding_script(rng: random.Random) -> str:
    config = {
        "ads": [
            {"slot": f"div-gpt-{rng.randint(0, 10**6)}", "sizes": [[300, 250], [728, 90]]}
            for _ in range(20)
        ],
        "analytics": {
            "id": f"UA-{rng.randint(10**5, 10**6)}",
            "events": ["scroll", "click", "view"] * 10,
        },
    }
    return "window.__CONFIG__ = " + json.dumps(config) + ";"


# ------------------------------------------------------------------ articles


def cite(layout: str, claim: str, url: str, source: str, number: int) -> tuple[str, str]:
    """The text of a claim cited in one layout, and a note line (footnotes, source blocks)."""
    sentence = claim.rstrip(".")
    words = sentence.split()
    head, tail = " ".join(words[:-3]), " ".join(words[-3:])
    match layout:
        case "sentence_url":
            return f"{sentence}. {url}", ""
        case "url_next_line":
            return f"{sentence}.\n{url}", ""
        case "paren_url":
            return f"{sentence} ({url}).", ""
        case "md_link":
            return f"{head} [{tail}]({url}).", ""
        case "md_source":
            return f"{sentence} ([{source}]({url})).", ""
        case "md_autolink":
            return f"{sentence} <{url}>.", ""
        case "html_a":
            return f'<p>{head} <a href="{url}">{tail}</a>.</p>', ""
        case "footnote":
            return f"{sentence}.[{number}]", f"[{number}] {url}"
        case "source_block":
            return f"{sentence}.", f"- {url}"
    raise ValueError(layout)


_LINKING = {
    "ar": ("وفي سياق متصل،", "من جهة أخرى،", "وعلى صعيد آخر،", "وفي خبر آخر،"),
    "en": ("Meanwhile,", "Elsewhere,", "In other news,", "Separately,"),
}
_INTRO = {
    "ar": "نستعرض في هذا التقرير أبرز الأخبار التي تابعها فريق التحرير خلال الأسبوع.",
    "en": "This roundup gathers the stories our desk followed this week.",
}


def write_corpus(
    folder: Path, base_url: str, rng: random.Random, *, per_article: int | None = None
) -> tuple[list[Path], dict[str, Cited], dict[str, tuple[Story, str]]]:
    """Write every article; return their paths, the truth by URL path, and the pages to serve."""
    cited: dict[str, Cited] = {}
    pages: dict[str, tuple[Story, str]] = {}
    paths: list[Path] = []
    for language in ("ar", "en"):
        for layout in LAYOUTS:
            items = _article_items(language, rng)[:per_article]
            lines, notes = [_INTRO[language]], []
            for number, (story, claim, variant) in enumerate(items, 1):
                target = (
                    story
                    if variant != "unrelated"
                    else rng.choice([s for s in STORIES if s.name != story.name])
                )
                page_variant = "supported" if variant == "unrelated" else variant
                path = f"/news/{language}/{layout}/{number}/{target.name}-{page_variant}"
                pages[path] = (target, page_variant)
                text, note = cite(
                    layout, claim, base_url + path, rng.choice(SOURCES[language]), number
                )
                lead = rng.choice(_LINKING[language])
                sentence = claim
                if layout == "html_a":
                    text = text.replace("<p>", f"<p>{lead} ", 1)
                    sentence = f"{lead} {claim}"
                elif layout != "source_block":
                    text = f"{lead} {text}"
                    sentence = f"{lead} {claim}"
                cited[path] = Cited(path, layout, language, claim, variant, sentence)
                lines.append(text)
                if note:
                    notes.append(note)
            document = _assemble(layout, language, lines, notes)
            path = folder / f"{language}_{layout}{SUFFIX.get(layout, '.txt')}"
            path.write_text(document, encoding="utf-8")
            paths.append(path)
    return paths, cited, pages


def _article_items(language: str, rng: random.Random) -> list[tuple[Story, str, str]]:
    """The (story, claim, variant) citations of one article, shuffled."""
    items = []
    for story in STORIES:
        if story.language == language:
            items.append((story, story.claim, _variant(story, rng)))
        elif language == "ar" and story.claim_ar:
            items.append((story, story.claim_ar, _variant(story, rng)))
    rng.shuffle(items)
    return items


def _variant(story: Story, rng: random.Random) -> str:
    choices = [v for v in VARIANTS if v != "number" or story.number]
    weights = [4 if v == "supported" else 2 for v in choices]
    return rng.choices(choices, weights)[0]


def _assemble(layout: str, language: str, lines: list[str], notes: list[str]) -> str:
    if layout == "html_a":
        body = "\n".join(line if line.startswith("<p>") else f"<p>{line}</p>" for line in lines)
        head = f'<!doctype html><html lang="{language}"><body><article>'
        return f"{head}\n{body}\n</article></body></html>\n"
    if layout == "footnote":
        title = "الهوامش" if language == "ar" else "Notes"
        return "\n\n".join(lines) + f"\n\n{title}\n" + "\n".join(notes) + "\n"
    if layout == "source_block":
        title = "المصادر:" if language == "ar" else "Sources:"
        sections = []
        for start in range(1, len(lines), 1):
            sections.append(lines[start] + "\n" + title + "\n" + notes[start - 1])
        return lines[0] + "\n\n" + "\n\n".join(sections) + "\n"
    joiner = "\n\n" if layout == "url_next_line" else " "
    paragraphs = [joiner.join(lines[i : i + 2]) for i in range(0, len(lines), 2)]
    return "\n\n".join(paragraphs) + "\n"


# ------------------------------------------------------------------ run and measure


@contextmanager
def serve(
    pages: dict[str, tuple[Story, str]], rng: random.Random, sizes: tuple[int, int]
) -> Iterator[LocalServer]:
    """Serve every page on 127.0.0.1 (HTML built once, sizes drawn between the bounds)."""
    bodies = {
        path: page_html(story, variant, rng, rng.randint(*sizes))
        for path, (story, variant) in sorted(pages.items())
    }
    server = LocalServer()

    def route(request: Request) -> Reply:
        body = bodies.get(request.path)
        return (
            Reply(200, body)
            if body is not None
            else Reply(404, "<html><body>not found</body></html>")
        )

    server.route_prefix("/", route)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def run_scan(paths: Sequence[Path], cache: Path, *, support: bool = True) -> list[CheckResult]:
    """Run the library's scan over the articles; return every check result."""
    from citecheck.pipeline import scan

    settings = Settings(
        cache_dir=str(cache), check_network=False, suggest=False, host_delay_s=0.0,
        per_host_concurrency=8, soft404_probe=False, support=support,
    )  # fmt: skip
    report = scan([str(path) for path in paths], settings)
    return list(report.results)


def words(text: str) -> set[str]:
    """Folded words of a text without URLs, markup or note markers."""
    text = re.sub(r"https?://\S+|<[^>]+>|\[\d+\]|[\[\]()]", " ", text)
    return set(tokens(fold(text)))


def associated(result: CheckResult, expected: str) -> bool:
    """Whether the citation's claims include the expected sentence (word-set Jaccard)."""
    wanted = words(expected)
    for claim in result.citation.claims:
        found = words(claim.text)
        if wanted and len(wanted & found) / len(wanted | found) >= MIN_JACCARD:
            return True
    return False


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def measure(results: Sequence[CheckResult], cited: dict[str, Cited]) -> dict[str, object]:
    """Claim association per layout and language, AUC and label precision overall."""
    from urllib.parse import urlsplit

    per_layout: dict[str, list[bool]] = {}
    scored: list[tuple[Cited, CheckResult]] = []
    for result in results:
        truth = cited.get(urlsplit(result.citation.url).path)
        if truth is None:
            continue
        per_layout.setdefault(f"{truth.language}/{truth.layout}", []).append(
            associated(result, truth.sentence or truth.claim)
        )
        if result.support is not None:
            scored.append((truth, result))
    labels = Counter(
        (truth.truth, result.support.label.value) for truth, result in scored if result.support
    )
    positives = [r.support.score for t, r in scored if t.truth == "supported" and r.support]
    negatives = [r.support.score for t, r in scored if t.truth != "supported" and r.support]
    figures: dict[str, object] = {
        "citations": len(scored),
        "expected": len(cited),
        "association": {key: round(sum(v) / len(v), 3) for key, v in sorted(per_layout.items())},
        "association_all": round(
            sum(sum(v) for v in per_layout.values())
            / max(1, sum(len(v) for v in per_layout.values())),
            3,
        ),
        "auc": round(roc_auc(positives, negatives), 4),
        "supported_precision": _precision(labels, "supported", "supported"),
        "contradicted_precision": _precision(labels, "contradicted", "contradicted"),
        "supported_recall": _recall(labels, "supported", "supported"),
        "contradicted_recall": _recall(labels, "contradicted", "contradicted"),
        "confusion": {f"{t}->{p}": n for (t, p), n in sorted(labels.items())},
        "by_variant": {
            f"{language}/{variant}->{label}": n
            for (language, variant, label), n in sorted(
                Counter(
                    (t.language, t.variant, r.support.label.value) for t, r in scored if r.support
                ).items()
            )
        },
    }
    return figures


def _precision(labels: Counter[tuple[str, str]], truth: str, predicted: str) -> float:
    total = sum(n for (_, p), n in labels.items() if p == predicted)
    return round(labels[(truth, predicted)] / total, 3) if total else float("nan")


def _recall(labels: Counter[tuple[str, str]], truth: str, predicted: str) -> float:
    total = sum(n for (t, _), n in labels.items() if t == truth)
    return round(labels[(truth, predicted)] / total, 3) if total else float("nan")


def evaluate(*, small: bool = False, support: bool = True) -> dict[str, object]:
    """Generate, serve, scan and measure; `small`: two citations per article, 30–40 KB pages.

    Without `support` only claim association is measured (the suite's quick check).
    """
    sizes = (30_000, 40_000) if small else (30_000, 150_000)
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "articles").mkdir()
        server_rng = random.Random(SEED + 1)
        # URLs need the server's address first: write with a placeholder, then substitute
        paths, cited, pages = write_corpus(
            folder / "articles", "http://HOST", rng, per_article=2 if small else None
        )
        with serve(pages, server_rng, sizes) as server:
            for path in paths:
                path.write_text(
                    path.read_text("utf-8").replace("http://HOST", server.base_url), "utf-8"
                )
            start = time.process_time()
            results = run_scan(paths, folder / "cache", support=support)
            cpu = time.process_time() - start
    figures = measure(results, cited)
    figures["cpu_s_per_citation"] = round(cpu / max(1, len(results)), 3)
    return figures


def cpu_per_citation(count: int = 20, size: int = 100_000) -> dict[str, float]:
    """CPU seconds to read and judge one citation of a fresh 100 KB page (one process)."""
    from citecheck.compare import SupportScorer
    from citecheck.models import PageText
    from citecheck.pagetext import page_text

    rng = random.Random(SEED)
    scorer = SupportScorer(Settings())
    stories = [STORIES[i % len(STORIES)] for i in range(count)]
    times, reading = [], []
    for number, story in enumerate(stories):
        html = page_html(story, "supported", rng, size) + f"<!-- {number} -->"
        start = time.process_time()
        text = _read(html, page_text, number)
        middle = time.process_time()
        page = PageText(url=f"https://e2e.test/{number}", text=text, language=story.language)
        scorer.score(story.claim, page)
        end = time.process_time()
        times.append(end - middle)
        reading.append(middle - start)
    times.sort()
    reading.sort()
    return {
        "scoring_median_s": round(times[len(times) // 2], 3),
        "reading_median_s": round(reading[len(reading) // 2], 3),
        "total_median_s": round(times[len(times) // 2] + reading[len(reading) // 2], 3),
    }


def _read(html: str, page_text: object, number: int) -> str:
    """The page text the pipeline would read from an HTML body."""
    from datetime import UTC, datetime

    from citecheck.models import FetchResult

    url = f"https://e2e.test/{number}"
    result = FetchResult(
        url, url, 200, content_type="text/html; charset=utf-8", checked_at=datetime.now(UTC),
        body=html.encode(),
    )  # fmt: skip
    page = page_text(result, Settings())  # type: ignore[operator]
    return page.text if page is not None else ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="two citations per article")
    parser.add_argument("--cpu", action="store_true", help="CPU per citation on 100 KB pages")
    args = parser.parse_args(argv)
    figures = cpu_per_citation() if args.cpu else evaluate(small=args.small)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
