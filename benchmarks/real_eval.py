"""Support scoring on public real data nobody on this project wrote: figures, not training.

    python benchmarks/real_eval.py --data DIR                  # every shape DIR has data for
    python benchmarks/real_eval.py --data DIR --max-pairs 400  # more pairs per shape
    python benchmarks/real_eval.py --data DIR --shapes ar_en_sentence,ans_dev --json out.json
    python benchmarks/real_eval.py --data DIR --e2e            # article shapes also via scan

THIS DATA MUST NEVER BE USED TO FIT WEIGHTS, PICK FEATURES OR TUNE CUTS. It is the only
honest figure the project has: every other support figure is on pairs we wrote, or on
ANS dev, which the classifier's cuts were tuned on. Run it, read the figures and the
failure categories, and fix the causes — never the numbers.

Each pair is scored the way `citecheck scan` scores a citation: a `Citation` holding the
claim goes through `SupportScorer.assess` of the scorer `build_scorer` makes (in-memory
feature cache), against the `PageText` the scan would read. Shapes:

- `article_headline` / `article_sentence`: real Arabic news articles as whole pages.
  Each article is written out as a plain news page (`<title>`, `<h1>` headline, one `<p>`
  per paragraph) and read by citecheck's own page reader (`pagetext.page_text`, the
  trafilatura path every fetched HTML page takes). Supported: the article's headline, or
  one of its real body sentences, against its own page. Not supported: the headline or a
  body sentence of another article on a similar topic (the nearest by shared rare words),
  never one that shares a six-word run with the page (the same story in another paper).
- `ar_en_sentence`: an Arabic sentence (claim) against an English sentence (page).
  Supported: its professional translation; not supported: the translation of another
  sentence of the same document (same topic, other statement).
- `ar_en_page`: the same Arabic claims against a window of up to seven consecutive
  English sentences of the document; not supported: an Arabic sentence of the same
  document from outside the window.
- `article_*_e2e` (with `--e2e`): the same article pairs through the library's whole
  `scan`: the pages served on 127.0.0.1, one Markdown article citing them (the claim, a
  full stop, then the URL on the same line). Adds `claim_association`, the share of
  citations whose claim is the whole sentence written before the link.
- `ans_dev`: the Arabic News Stance dev split (s1 a real headline as the page, s2 a
  paraphrase = supported, a corruption = contradicted, another headline = unrelated).
  The reference shape of the hidden headline check. NOTE: the scorer's cuts were tuned
  on ANS dev, so its figure here is not held out; the other shapes are.

Per shape it prints: n, the truth label counts, the predicted label counts, ROC-AUC of
the support score (P(supported)) for supported vs not, the same AUC of plain token
overlap (share of the claim's folded words found in the page), precision and recall of
`supported` and `contradicted`, CPU seconds per pair (process time of `assess`, and of
reading the page for the article shapes), and failure categories with counts.
Sampling is deterministic (`--seed`); `--max-pairs` bounds every shape.

Expected layout of DIR (any subset; an absent part is reported as skipped):

    DIR/saudinewsnet/*.zip or *.json   SaudiNewsNet: JSON arrays of articles
                                       {source, url, title, content, ...}
                                       (github.com/ParallelMazen/SaudiNewsNet, folder
                                       dataset/, CC BY-NC-SA 4.0; 31,030 articles)
    DIR/tico19/all.en-ar.tmx[.zip]     TICO-19 English-Arabic translation memory
                                       (github.com/tico-19/tico-19.github.io,
                                       data/TM/all.en-ar.tmx.zip, CC0; 3,071 pairs)
    DIR/ans/stance-dev.csv             Arabic News Stance dev split, columns s1,s2,stance
                                       (github.com/latynt/ans, data/stance/dev.csv,
                                       Apache-2.0). Never its test split: that one is
                                       held out for the project's acceptance check.

Obtain them with git (`git clone --depth 1` of each repository) and copy the files into
that layout; docs/support-real-data.md says the same. Nothing here downloads anything.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import math
import random
import re
import sys
import time
import xml.etree.ElementTree as ElementTree
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from support_eval import roc_auc, token_overlap  # noqa: E402

from citecheck.compare.normalize import fold, tokens  # noqa: E402
from citecheck.config import Settings  # noqa: E402
from citecheck.models import (  # noqa: E402
    Citation,
    CitationStyle,
    Claim,
    FetchResult,
    Location,
    PageText,
    Span,
    Support,
    SupportLabel,
)

SHAPES = ("article_headline", "article_sentence", "ar_en_sentence", "ar_en_page", "ans_dev")
SEED = 13
MAX_PAIRS = 200
MIN_CLAIM_WORDS = 6
MAX_CLAIM_WORDS = 45
MIN_ARTICLE_CHARS = 600
MAX_ARTICLE_CHARS = 20_000
POOL_ARTICLES = 4000
"""Articles read for the similar-topic neighbours (more costs memory, not scoring time)."""
SIGNATURE_TERMS = 25
"""The rarest-weighted words of an article that find its similar-topic neighbours."""
SHARED_RUN = 6
"""Two articles sharing a run of this many words tell the same story: never a negative."""
PAGE_WINDOW = 3
"""Sentences either side of the translated one in an `ar_en_page` page."""
ANS_TRUTH = {"agree": "supported", "disagree": "contradicted", "other": "unrelated"}


class DataError(Exception):
    """The data folder is missing or unreadable: one line for the user."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One claim against one page, with what a careful reader would answer."""

    shape: str
    claim: str
    truth: str
    """supported, contradicted or unrelated."""
    page_html: str = ""
    """For the article shapes: the page as served (read by citecheck's page reader)."""
    page_text: str = ""
    """For the other shapes: the page text itself."""
    language: str = "ar"
    source_chars: int = 0
    """Characters of the article body the page was built from (0: not an article)."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A pair with the scorer's answer."""

    pair: Pair
    support: Support
    page_text: str
    cpu_s: float
    read_cpu_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Article:
    """One news article of the corpus."""

    title: str
    body: str
    url: str = ""
    words: frozenset[str] = field(default=frozenset(), compare=False)


# ---------------------------------------------------------------- loading


def load_articles(folder: Path) -> list[Article]:
    """Every usable article of a SaudiNewsNet folder (*.json arrays, or *.zip of them).

    Usable: a headline of at least four words and a body of 600–20,000 characters with
    at least five sentences; a headline seen before is dropped (papers reprint stories).
    """
    seen: set[str] = set()
    articles = []
    for record in _records(folder):
        title = " ".join(str(record.get("title") or "").split())
        body = str(record.get("content") or "").strip()
        if len(title.split()) < 4 or not MIN_ARTICLE_CHARS <= len(body) <= MAX_ARTICLE_CHARS:
            continue
        if fold(title) in seen or len(sentences(body)) < 5:
            continue
        seen.add(fold(title))
        articles.append(Article(title, body, str(record.get("url") or "")))
    return articles


def _records(folder: Path) -> Iterator[dict[str, object]]:
    for path in sorted(folder.iterdir()):
        if path.suffix == ".json":
            yield from _json_array(path.read_bytes(), path)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    if name.endswith(".json"):
                        yield from _json_array(archive.read(name), path)


def _json_array(data: bytes, path: Path) -> list[dict[str, object]]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: not a JSON array of articles ({exc})") from exc
    if not isinstance(value, list):
        raise DataError(f"{path}: not a JSON array of articles")
    return [item for item in value if isinstance(item, dict)]


def load_translations(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """The (Arabic, English) sentence pairs of a TMX translation memory, per document.

    A unit's `tuid` is `DOCUMENT:N`; units keep their order within a document.
    """
    candidates = sorted(folder.glob("*.tmx")) or sorted(folder.glob("*.tmx.zip"))
    if not candidates:
        raise DataError(f"{folder}: no *.tmx or *.tmx.zip file")
    path = candidates[0]
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            name = next((n for n in archive.namelist() if n.endswith(".tmx")), None)
            if name is None:
                raise DataError(f"{path}: holds no .tmx file")
            data = archive.read(name)
    else:
        data = path.read_bytes()
    try:
        root = ElementTree.parse(io.BytesIO(data)).getroot()
    except ElementTree.ParseError as exc:
        raise DataError(f"{path}: not a TMX file ({exc})") from exc
    documents: dict[str, list[tuple[str, str]]] = defaultdict(list)
    lang_key = "{http://www.w3.org/XML/1998/namespace}lang"
    for unit in root.iter("tu"):
        texts = {
            (variant.get(lang_key) or variant.get("lang") or "")[:2]: "".join(
                variant.findtext("seg") or ""
            ).strip()
            for variant in unit.iter("tuv")
        }
        if texts.get("ar") and texts.get("en"):
            document = (unit.get("tuid") or "").rsplit(":", 1)[0]
            documents[document].append((texts["ar"], texts["en"]))
    return dict(documents)


def load_stance(path: Path) -> list[dict[str, str]]:
    """The rows of an ANS stance CSV (s1, s2, stance)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or not {"s1", "s2", "stance"} <= set(rows[0]):
        raise DataError(f"{path}: expected the columns s1,s2,stance")
    return [row for row in rows if row["stance"] in ANS_TRUTH]


# ---------------------------------------------------------------- pair builders


_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+|\n\s*")


def sentences(text: str) -> list[tuple[str, int]]:
    """The sentences of a text (and where each starts), by the benchmark's own fixed rule.

    Not the scorer's splitter (compare.windows.sentences): the pairs sampled here must not
    change when the code under test does, or no two looks are on the same pairs. This is
    the rule that splitter had until 2 December (every full stop ends a sentence).
    """
    found, start = [], 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            found.append((piece.strip(), start + len(piece) - len(piece.lstrip())))
        start = match.end() if match else len(text)
    return found


def article_pairs(
    articles: Sequence[Article], count: int, rng: random.Random
) -> dict[str, list[Pair]]:
    """Headline and sentence pairs: each sampled article against its own claims and a
    similar-topic neighbour's (half supported, half not, per shape)."""
    pool = list(articles)
    rng.shuffle(pool)
    neighbours = Neighbours(pool[:POOL_ARTICLES])
    shapes: dict[str, list[Pair]] = {"article_headline": [], "article_sentence": []}
    for index, article in enumerate(neighbours.pool):
        if len(shapes["article_headline"]) >= count:
            break
        other = neighbours.of(index)
        own = _body_sentence(article, rng)
        theirs = _body_sentence(other, rng) if other else None
        if other is None or own is None or theirs is None:
            continue
        size = len(article.body)
        for shape, mine, foreign, page in (
            ("article_headline", article.title, other.title, news_page(article, headline=False)),
            ("article_sentence", own, theirs, news_page(article)),
        ):
            shapes[shape].append(Pair(shape, mine, "supported", page, source_chars=size))
            shapes[shape].append(Pair(shape, foreign, "unrelated", page, source_chars=size))
    return shapes


class Neighbours:
    """Similar-topic articles: the most shared weight of rare words, never the same story."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.pool = [
            Article(a.title, a.body, a.url, frozenset(tokens(fold(f"{a.title} {a.body}"))))
            for a in articles
        ]
        self.frequency = Counter(word for article in self.pool for word in article.words)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for index, article in enumerate(self.pool):
            for word in self._signature(article):
                self.postings[word].append(index)

    def _signature(self, article: Article) -> list[str]:
        shared = [word for word in article.words if self.frequency[word] > 1 and len(word) > 2]
        return sorted(shared, key=lambda word: (self.frequency[word], word))[:SIGNATURE_TERMS]

    def of(self, index: int) -> Article | None:
        """The nearest article to pool[index] that shares no six-word run with it."""
        votes: Counter[int] = Counter()
        for word in self._signature(self.pool[index]):
            weight = math.log(len(self.pool) / self.frequency[word])
            for other in self.postings[word]:
                if other != index:
                    votes[other] += weight
        runs = _word_runs(self.pool[index])
        for other, _ in votes.most_common(10):
            if not runs & _word_runs(self.pool[other]):
                return self.pool[other]
        return None


def _word_runs(article: Article) -> set[tuple[str, ...]]:
    words = tokens(fold(f"{article.title} {article.body}"))
    return {tuple(words[i : i + SHARED_RUN]) for i in range(len(words) - SHARED_RUN + 1)}


def _body_sentence(article: Article, rng: random.Random) -> str | None:
    """A real sentence of the body of claim length, not the lead (which restates the headline)."""
    found = [
        text
        for text, _ in sentences(article.body)[1:]
        if MIN_CLAIM_WORDS <= len(text.split()) <= MAX_CLAIM_WORDS
    ]
    return rng.choice(found) if found else None


def news_page(article: Article, *, headline: bool = True) -> str:
    """The article as a plain news page: title, headline, one paragraph per line.

    Without `headline` the page has no `<h1>` and a neutral `<title>`: the body alone must
    back the headline, as a source backs a citing article's paraphrase of its point.
    """
    paragraphs = "\n".join(
        f"<p>{html.escape(line.strip())}</p>" for line in article.body.splitlines() if line.strip()
    )
    title = html.escape(article.title)
    heading = f"<h1>{title}</h1>" if headline else ""
    head_title = title if headline else "خبر"
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{head_title}</title></head><body><article>{heading}\n{paragraphs}\n"
        f"</article></body></html>"
    )


def translation_pairs(
    documents: dict[str, list[tuple[str, str]]], count: int, rng: random.Random
) -> dict[str, list[Pair]]:
    """Arabic claims against English sentences and English page windows."""
    anchors = [
        (name, position)
        for name, units in sorted(documents.items())
        if len(units) > 2 * PAGE_WINDOW + 2
        for position, (arabic, english) in enumerate(units)
        if len(english.split()) >= MIN_CLAIM_WORDS and len(arabic.split()) >= MIN_CLAIM_WORDS - 1
    ]
    rng.shuffle(anchors)
    shapes: dict[str, list[Pair]] = {"ar_en_sentence": [], "ar_en_page": []}
    for name, position in anchors[: count // 2]:
        units = documents[name]
        arabic, english = units[position]
        low, high = max(0, position - PAGE_WINDOW), position + PAGE_WINDOW + 1
        window = " ".join(text for _, text in units[low:high])
        near = [i for i in range(len(units)) if i != position and _long_enough(units[i])]
        far = [i for i in near if not low <= i < high]
        if not near or not far:
            continue
        other = units[rng.choice(near)][0]
        outside = units[rng.choice(far)][0]
        shapes["ar_en_sentence"] += [
            Pair("ar_en_sentence", arabic, "supported", page_text=english, language="en"),
            Pair("ar_en_sentence", other, "unrelated", page_text=english, language="en"),
        ]
        shapes["ar_en_page"] += [
            Pair("ar_en_page", arabic, "supported", page_text=window, language="en"),
            Pair("ar_en_page", outside, "unrelated", page_text=window, language="en"),
        ]
    return shapes


def _long_enough(unit: tuple[str, str]) -> bool:
    return len(unit[0].split()) >= MIN_CLAIM_WORDS - 1


def stance_pairs(rows: Sequence[dict[str, str]], count: int, rng: random.Random) -> list[Pair]:
    """ANS rows as pairs: s1 (a real headline) is the page, s2 the claim."""
    chosen = list(rows)
    rng.shuffle(chosen)
    return [
        Pair("ans_dev", row["s2"], ANS_TRUTH[row["stance"]], page_text=row["s1"])
        for row in chosen[:count]
    ]


def build_pairs(
    data: Path, shapes: Sequence[str], max_pairs: int, seed: int
) -> tuple[dict[str, list[Pair]], list[str]]:
    """Every requested shape's pairs from the data folder, and a line per skipped shape.

    Raises:
        DataError: the folder is missing, or holds data for none of the shapes.
    """
    if not data.is_dir():
        raise DataError(f"--data {data}: no such folder (see the docstring for its layout)")
    built: dict[str, list[Pair]] = {}
    skipped: list[str] = []
    sources: tuple[tuple[str, Path, Callable[[Path], dict[str, list[Pair]]]], ...] = (
        (
            "saudinewsnet",
            data / "saudinewsnet",
            lambda p: article_pairs(load_articles(p), max_pairs, random.Random(seed)),
        ),
        (
            "tico19",
            data / "tico19",
            lambda p: translation_pairs(load_translations(p), max_pairs, random.Random(seed)),
        ),
        (
            "ans",
            data / "ans",
            lambda p: {
                "ans_dev": stance_pairs(
                    load_stance(p / "stance-dev.csv"), max_pairs, random.Random(seed)
                )
            },
        ),
    )
    for name, folder, build in sources:
        wanted = [shape for shape in shapes if shape in _SHAPES_OF[name]]
        if not wanted:
            continue
        if not folder.is_dir() or (name == "ans" and not (folder / "stance-dev.csv").is_file()):
            skipped.append(f"{', '.join(wanted)}: skipped, {folder} absent")
            continue
        made = build(folder)
        built.update({shape: made[shape] for shape in wanted if shape in made})
    if not built:
        raise DataError(f"--data {data}: holds data for none of {', '.join(shapes)}")
    return built, skipped


_SHAPES_OF = {
    "saudinewsnet": ("article_headline", "article_sentence"),
    "tico19": ("ar_en_sentence", "ar_en_page"),
    "ans": ("ans_dev",),
}


# ---------------------------------------------------------------- scoring


def read_page(pair: Pair, settings: Settings) -> PageText | None:
    """The page text the scan would read for this pair."""
    if not pair.page_html:
        return PageText(url="https://real-eval.test/", text=pair.page_text, language=pair.language)
    from citecheck.pagetext import page_text

    result = FetchResult(
        url="https://real-eval.test/article",
        final_url="https://real-eval.test/article",
        http_status=200,
        content_type="text/html; charset=utf-8",
        body=pair.page_html.encode("utf-8"),
    )
    return page_text(result, settings)


def citation_of(claim: str) -> Citation:
    """A citation backing one claim, as extraction would hand it to the scorer."""
    location = Location("real-eval.md", 1, 1)
    return Citation(
        url="https://real-eval.test/article",
        display_url="https://real-eval.test/article",
        raw="https://real-eval.test/article",
        location=location,
        span=Span(len(claim) + 1, len(claim) + 30),
        style=CitationStyle.INLINE,
        claims=(Claim(claim, Span(0, len(claim)), location),),
    )


def score_pairs(pairs: Iterable[Pair], scorer: object, settings: Settings) -> list[Scored]:
    """Score each pair through `assess`, timing the page read and the scoring in CPU time."""
    scored = []
    pages: dict[str, tuple[PageText | None, float]] = {}
    for pair in pairs:
        key = pair.page_html or pair.page_text
        if key not in pages:
            start = time.process_time()
            page = read_page(pair, settings)
            pages[key] = (page, time.process_time() - start)
        page, read_s = pages[key]
        start = time.process_time()
        support, _ = scorer.assess(citation_of(pair.claim), page)  # type: ignore[attr-defined]
        cpu = time.process_time() - start
        scored.append(Scored(pair, support, page.text if page else "", cpu, read_s))
    return scored


def score_end_to_end(pairs: Sequence[Pair], settings: Settings) -> tuple[list[Scored], float]:
    """Score article pairs through the library's whole `scan`: the pages served on
    127.0.0.1, one Markdown article citing them (each claim, its full stop, then the URL on
    the same line), fetched, read and scored by the scan's worker processes.

    Returns:
        The scored pairs (the scan's support; `unknown` when it gave none) and the share
        of citations whose claim was the sentence written before the link.
    """
    import resource
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from support_e2e import run_scan

    from localserver import LocalServer, Reply, Request

    paths = {
        page: f"/news/{number}"
        for number, page in enumerate(dict.fromkeys(p.page_html for p in pairs))
    }
    bodies = {path: page for page, path in paths.items()}
    server = LocalServer()

    def route(request: Request) -> Reply:
        return Reply(200, bodies[request.path]) if request.path in bodies else Reply(404, "")

    server.route_prefix("/", route)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as temp:
            article = Path(temp) / "article.md"
            lines = [
                f"{pair.claim.rstrip('.。؟?!:')}. {server.url(paths[pair.page_html])}\n"
                for pair in pairs
            ]
            article.write_text("\n".join(lines), encoding="utf-8")
            before = _cpu_seconds(resource)
            results = run_scan([article], Path(temp) / "cache")
            cpu = _cpu_seconds(resource) - before
    finally:
        server.stop()
    by_line = {result.citation.location.line: result for result in results}
    scored, associated = [], 0
    for number, pair in enumerate(pairs):
        result = by_line.get(2 * number + 1)
        claims = result.citation.claims if result else ()
        associated += bool(claims) and _same_words(claims[0].text, pair.claim)
        support = result.support if result and result.support else None
        page = read_page(pair, settings)
        scored.append(
            Scored(
                pair,
                support or Support(0.0, SupportLabel.UNKNOWN, reason="the scan gave no support"),
                page.text if page else "",
                cpu / max(1, len(pairs)),
            )
        )
    return scored, associated / max(1, len(pairs))


def _cpu_seconds(resource: object) -> float:
    """CPU time of this process and of its finished children (the scan's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)  # type: ignore[attr-defined]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # type: ignore[attr-defined]
    return float(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime)


def _same_words(found: str, expected: str) -> bool:
    wanted = set(tokens(fold(expected)))
    return bool(wanted) and len(wanted & set(tokens(fold(found)))) / len(wanted) >= 0.9


# ---------------------------------------------------------------- figures


def figures(scored: Sequence[Scored]) -> dict[str, object]:
    """Every figure of one shape."""
    truth = Counter(item.pair.truth for item in scored)
    predicted = Counter(item.support.label.value for item in scored)
    positives = [item for item in scored if item.pair.truth == "supported"]
    negatives = [item for item in scored if item.pair.truth != "supported"]
    overlap = {id(item): token_overlap(item.pair.claim, item.page_text) for item in scored}
    result: dict[str, object] = {
        "n": len(scored),
        "truth": dict(sorted(truth.items())),
        "predicted": dict(sorted(predicted.items())),
        "auc": _round(
            roc_auc([i.support.score for i in positives], [i.support.score for i in negatives])
        ),
        "token_overlap_auc": _round(
            roc_auc([overlap[id(i)] for i in positives], [overlap[id(i)] for i in negatives])
        ),
    }
    for label in ("supported", "contradicted"):
        said = [i for i in scored if i.support.label.value == label]
        right = sum(i.pair.truth == label for i in said)
        result[f"{label}_precision"] = _round(right / len(said)) if said else None
        result[f"{label}_recall"] = _round(right / truth[label]) if truth[label] else None
        result[f"{label}_said"] = len(said)
    verbatim = [fold(i.pair.claim) in fold(i.page_text) for i in positives]
    result["supported_claim_verbatim_in_page"] = _round(sum(verbatim) / max(1, len(verbatim)))
    result["cpu_s_per_pair"] = _round(sum(i.cpu_s for i in scored) / max(1, len(scored)))
    reads = {id(i.page_text): i.read_cpu_s for i in scored if i.pair.page_html and i.read_cpu_s}
    if reads:
        result["read_cpu_s_per_page"] = _round(sum(reads.values()) / len(reads))
    result["failures"] = failure_categories(scored)
    return result


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def failure_categories(scored: Sequence[Scored]) -> dict[str, int]:
    """Why pairs went wrong, as counts of categories (never the items themselves)."""
    categories: Counter[str] = Counter()
    for item in scored:
        cause = _failure(item)
        if cause:
            categories[cause] += 1
    return dict(categories.most_common())


def _failure(item: Scored) -> str | None:
    truth, label = item.pair.truth, item.support.label
    flags = sorted(item.support.flags)
    note = f" [{','.join(flags)}]" if flags else ""
    if label is SupportLabel.UNKNOWN:
        return f"{truth} -> unknown: {item.support.reason or 'no reason'}"
    if truth == "supported" and label is not SupportLabel.SUPPORTED:
        return f"supported -> {label.value}: {_why_missed(item)}{note}"
    if truth == "contradicted" and label is not SupportLabel.CONTRADICTED:
        return f"contradicted -> {label.value}: {_corruption(item)}{note}"
    if truth != "supported" and label is not SupportLabel.UNSUPPORTED:
        if label is SupportLabel.CONTRADICTED and truth == "contradicted":
            return None
        return f"{truth} -> {label.value}: {_why_taken(item)}{note}"
    return None


def _bucket(share: float) -> str:
    return ">=80%" if share >= 0.8 else "50-80%" if share >= 0.5 else "<50%"


def _best_sentence_share(claim: str, page: str) -> float:
    """The most of the claim's words that one sentence of the page holds."""
    wanted = set(tokens(fold(claim)))
    if not wanted:
        return 0.0
    return max(
        (len(wanted & set(tokens(fold(text)))) / len(wanted) for text, _ in sentences(page)),
        default=0.0,
    )


def _why_missed(item: Scored) -> str:
    claim, page = fold(item.pair.claim), fold(item.page_text)
    if item.pair.source_chars and len(item.page_text) < 0.5 * item.pair.source_chars:
        return "page reader kept under half of the article body"
    if item.pair.language != "ar":
        return "cross-lingual (translation)"
    if claim and claim in page:
        return "claim verbatim in the page"
    share = token_overlap(item.pair.claim, item.page_text)
    best = _best_sentence_share(item.pair.claim, item.page_text)
    return f"paraphrase: page has {_bucket(share)} of claim words, best sentence {_bucket(best)}"


def _why_taken(item: Scored) -> str:
    if item.pair.language != "ar":
        return "cross-lingual, same document"
    share = token_overlap(item.pair.claim, item.page_text)
    best = _best_sentence_share(item.pair.claim, item.page_text)
    return f"page has {_bucket(share)} of claim words, best sentence {_bucket(best)}"


_NEGATION = frozenset(
    fold(word) for word in ("لا", "لم", "لن", "ليس", "ليست", "غير", "عدم", "نفى", "ينفي", "تنفي")
)
_DIGITS = re.compile(r"\d+")


def _corruption(item: Scored) -> str:
    """What kind of change turned the page's statement into the claim (a rough reading)."""
    claim, page = item.pair.claim, item.page_text
    claim_words, page_words = tokens(fold(claim)), tokens(fold(page))
    if set(_DIGITS.findall(claim)) - set(_DIGITS.findall(page)):
        return "changed number"
    if (set(claim_words) ^ set(page_words)) & _NEGATION:
        return "negation added or removed"
    shared = set(claim_words) & set(page_words)
    if claim_words and len(shared) >= 0.9 * len(set(claim_words)):
        return "same words, other order (roles swapped)"
    share = _bucket(token_overlap(claim, page))
    return f"words replaced (antonym, entity, rewrite), {share} of claim words on page"


def print_table(results: dict[str, dict[str, object]], skipped: Sequence[str]) -> None:
    """The figures per shape, readable."""
    for line in skipped:
        print(line)
    for shape, values in results.items():
        print(f"\n== {shape}")
        for key, value in values.items():
            if key == "failures":
                print("  failure categories (count):")
                for cause, count in value.items():  # type: ignore[attr-defined]
                    print(f"    {count:5d}  {cause}")
            else:
                print(f"  {key:22} {value}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the pairs, score them, print the figures (and write JSON when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder laid out as above")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes")
    parser.add_argument("--max-pairs", type=int, default=MAX_PAIRS, help="pairs per shape")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="also write the figures here (new file only)")
    parser.add_argument(
        "--e2e", action="store_true", help="also run the article shapes through scan on 127.0.0.1"
    )
    args = parser.parse_args(argv)
    shapes = [shape.strip() for shape in args.shapes.split(",") if shape.strip()]
    unknown_shapes = sorted(set(shapes) - set(SHAPES))
    if unknown_shapes or args.max_pairs < 2:
        print(
            f"error: unknown shape {', '.join(unknown_shapes)} (known: {', '.join(SHAPES)})"
            if unknown_shapes
            else "error: --max-pairs must be at least 2",
            file=sys.stderr,
        )
        return 2
    if args.json and args.json.exists():
        print(f"error: {args.json} exists; name a new file", file=sys.stderr)
        return 2
    try:
        pairs, skipped = build_pairs(args.data, shapes, args.max_pairs, args.seed)
    except (DataError, OSError, zipfile.BadZipFile) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from citecheck.compare import MemoryCache, build_scorer

    results = {}
    for shape in shapes:
        if shape not in pairs:
            continue
        settings = Settings(min_page_chars=0) if not shape.startswith("article") else Settings()
        scorer = build_scorer(settings, cache=MemoryCache())
        results[shape] = figures(score_pairs(pairs[shape], scorer, settings))
        if args.e2e and shape.startswith("article"):
            scored, associated = score_end_to_end(pairs[shape], settings)
            results[f"{shape}_e2e"] = {"claim_association": round(associated, 4)}
            results[f"{shape}_e2e"].update(figures(scored))
    print_table(results, skipped)
    if args.json:
        args.json.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
