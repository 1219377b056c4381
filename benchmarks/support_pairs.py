"""Labelled claim × page pairs for the support classifier: ANS rows, our own, and page shapes.

The Arabic News Stance corpus (Khouja, FEVER 2020) pairs a real headline (s1, the
page) with a paraphrase or a corrupted version (s2, the claim): agree → supported,
disagree → contradicted, other → unrelated. Its pages are one headline long, so
the rows teach nothing about whole pages; from them (fixed seed) we also build:

- whole pages: the headline as one paragraph among 8–30 other headlines of the
  same split, a third of them the ones sharing most words with the claim (a
  same-topic page), keeping the row's label; and the same page without the
  headline → unrelated (a page on the topic that does not state the claim);
- verbatim: the headline itself as the claim, on its own and inside a page →
  supported (a sentence copied from the page is support);
- changed figures: an agreeing claim whose number the page also gives, with
  that number changed → contradicted;
- debunks: the headline repeated inside a denial or fact-check frame →
  contradicted; and decoys, an agreeing page with a denial of something else
  appended → supported (a denial word alone is no debunk);
- spread (`spread_pages`, drawn apart so the pairs above stay as they were): two
  agreeing paraphrases of one topic joined as one headline ("A.. B", as Arabic
  headlines join two facts) against a page holding A's headline in its first half
  and B's further down → supported, no single sentence stating it all; and against
  the same page without the two → unrelated.

The split of origin is kept: pages built from ANS train only use train headlines,
those built from dev only dev headlines.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from own_articles import PENDING, Article, claims_of, read_articles

from citecheck.compare.normalize import fold, is_arabic, tokens

ROOT = Path(__file__).resolve().parents[1]
OWN_PAIRS = ROOT / "benchmarks" / "data" / "own_pairs.jsonl"
CLAIMS = ROOT / "tests" / "data" / "claims.jsonl"
PAGES = ROOT / "tests" / "data" / "support" / "pages"
STANCE_LABEL = {"agree": "supported", "disagree": "contradicted", "other": "unrelated"}
KIND_LABEL = {
    "support": "supported",
    "negated": "contradicted",
    "entity_swap": "contradicted",
    "same_topic": "unrelated",
    "swap": "unrelated",
    "unrelated": "unrelated",
}
SYNTHETIC_UNRELATED = 0.15
"""Unrelated pairs added per ANS row (a claim against another row's headline)."""
WHOLE_PAGES = 0.2
"""Share of ANS rows also scored inside a whole page (and the page without them)."""
VERBATIM = 0.05
CHANGED_FIGURES = 0.5
"""Share of agreeing rows whose shared number is changed (only rows that have one)."""
DEBUNKS = 0.06
MAX_SHARED = 0.5
"""A headline sharing this share of a claim's (or the page's) words is no distractor."""
DECOYS = 0.04
SPREAD = 0.1
"""Share of rows whose paraphrase heads a two-fact headline spread over a page."""
_DIGITS = re.compile(r"[0-9٠-٩]+")
_DEBUNK_FRAMES = (
    "حقيقة الخبر المتداول: {s}\nنفت مصادر رسمية صحة ما تداولته مواقع التواصل الاجتماعي "
    "من أن {s}، ووصفته بأنه شائعة لا أساس لها من الصحة.",
    "هل صحيح أن {s}؟\nتبين أن الخبر الذي انتشر بعنوان «{s}» مفبرك، وأكدت الجهات المعنية أنه كاذب.",
    "{s}.. شائعة جديدة تنفيها الحكومة\nنفى المتحدث الرسمي ما تردد عن أن {s}، وقال إن "
    "هذه الأنباء عارية عن الصحة.",
    "تكذيب رسمي لخبر: {s}\nكذبت الجهات الرسمية اليوم الأنباء التي زعمت أن {s}.",
)
_NAV = {
    "ar": ("الرئيسية | أخبار محلية | عربي ودولي | اقتصاد | رياضة | ثقافة وفنون | فيديو",
           "الرئيسية › أخبار › عربي ودولي"),
    "en": ("Home | World | Middle East | Business | Sport | Opinion | Video",
           "Home › News › Middle East"),
}  # fmt: skip
_RELATED = {"ar": ("اقرأ أيضا", "أخبار ذات صلة", "الأكثر قراءة"),
            "en": ("Related articles", "Read more", "Most read")}  # fmt: skip
_FOOTER = {
    "ar": ("جميع الحقوق محفوظة © 2026 {site}", "تابعونا على فيسبوك وإكس ويوتيوب"),
    "en": ("© 2026 {site}. All rights reserved.", "Follow us on Facebook, X and YouTube"),
}
RELATED_HEADLINES = (3, 6)
"""How many other articles' headlines a site's related-articles list names."""
_DECOY_LINES = (
    "ونفى المتحدث باسم الوزارة وجود أي خسائر بشرية في الحادث.",
    "وحذرت السلطات من الشائعات المتداولة حول أسعار الوقود.",
    "وكانت الجهات المختصة قد نفت في وقت سابق تقارير عن تأجيل الامتحانات.",
)


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled claim × page pair."""

    claim: str
    page: str
    label: str
    source: str
    """ans, ans-synthetic, ans-page, ans-verbatim, ans-figure, ans-debunk, ans-spread, claims,
    own or own-article."""
    cross: bool
    group: str = ""
    """Pairs sharing a group fall in one cross-validation fold ("": those sharing a page)."""
    kind: str = ""
    """What the pair is within its source (own-article: the claim's kind and the page's shape)."""


def read_ans(path: Path) -> list[dict[str, str]]:
    """The rows of one ANS split."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ans_pairs(path: Path, rng: random.Random) -> list[Pair]:
    """The ANS rows of one split, plus the pairs built from them (module docstring)."""
    rows = read_ans(path)
    pairs = [Pair(row["s2"], row["s1"], STANCE_LABEL[row["stance"]], "ans", False) for row in rows]
    heads = sorted({row["s1"] for row in rows})
    for _ in range(int(len(rows) * SYNTHETIC_UNRELATED)):
        first, second = rng.sample(range(len(rows)), 2)
        if rows[first]["s1"] != rows[second]["s1"]:
            pairs.append(
                Pair(rows[first]["s2"], rows[second]["s1"], "unrelated", "ans-synthetic", False)
            )
    pairs += whole_pages(rows, heads, rng)
    pairs += verbatim(rows, heads, rng)
    pairs += changed_figures(rows, rng)
    pairs += debunks(rows, rng)
    return pairs


@cache
def _words(text: str) -> frozenset[str]:
    return frozenset(word for word in tokens(fold(text)) if len(word) > 2)


def page_of(paragraphs: Sequence[str]) -> str:
    """A page text: one paragraph per line."""
    return "\n".join(paragraphs)


def _is_other_story(head: str, texts: Sequence[str]) -> bool:
    """Whether a headline shares under half its words with each text (ANS reuses one row's
    paraphrase as another row's headline: such a headline would state the claim)."""
    words = _words(head)
    return all(len(words & _words(text)) < MAX_SHARED * max(1, len(_words(text))) for text in texts)


def _distractors(claim: str, exclude: str, heads: Sequence[str], rng: random.Random) -> list[str]:
    """8–30 other headlines, a third of them those sharing most words with the claim (but
    under half of them: a same-topic page, not a restatement)."""
    count = rng.randint(8, 30)
    mine = _words(claim)
    others = [head for head in heads if head != exclude and _is_other_story(head, (claim, exclude))]
    close = sorted(others, key=lambda head: -len(mine & _words(head)))[: count // 3]
    rest = rng.sample(others, count - len(close))
    chosen = list(dict.fromkeys(close + rest))
    rng.shuffle(chosen)
    return chosen


def _page_around(
    claim: str, head: str, heads: Sequence[str], rng: random.Random
) -> tuple[str, list[str]]:
    """A page of other headlines with `head` among them at a random place, and the others."""
    others = _distractors(claim, head, heads, rng)
    at = rng.randint(0, len(others))
    return page_of([*others[:at], head, *others[at:]]), others


def whole_pages(
    rows: Sequence[dict[str, str]], heads: Sequence[str], rng: random.Random
) -> list[Pair]:
    """Rows scored inside a page of other headlines, and the same page without theirs."""
    pairs = []
    for row in rng.sample(list(rows), int(len(rows) * WHOLE_PAGES)):
        page, others = _page_around(row["s2"], row["s1"], heads, rng)
        pairs.append(Pair(row["s2"], page, STANCE_LABEL[row["stance"]], "ans-page", False))
        pairs.append(Pair(row["s2"], page_of(others), "unrelated", "ans-page", False))
    return pairs


def verbatim(
    rows: Sequence[dict[str, str]], heads: Sequence[str], rng: random.Random
) -> list[Pair]:
    """A headline as its own claim, alone and inside a page."""
    pairs = []
    for row in rng.sample(list(rows), int(len(rows) * VERBATIM)):
        head = row["s1"]
        page, _ = _page_around(head, head, heads, rng)
        pairs.append(Pair(head, head, "supported", "ans-verbatim", False))
        pairs.append(Pair(head, page, "supported", "ans-verbatim", False))
    return pairs


def _changed(number: str, rng: random.Random) -> str:
    value = int(fold(number)) if fold(number).isdigit() else 10
    new = value + rng.choice([-1, 1]) * max(1, int(value * rng.uniform(0.2, 0.8)))
    return str(new if new != value and new >= 0 else value + 3)


def changed_figures(rows: Sequence[dict[str, str]], rng: random.Random) -> list[Pair]:
    """Agreeing claims whose number, also on the page, is changed."""
    pairs = []
    for row in rows:
        if row["stance"] != "agree" or rng.random() > CHANGED_FIGURES:
            continue
        page_numbers = {fold(n) for n in _DIGITS.findall(row["s1"])}
        shared = [n for n in _DIGITS.findall(row["s2"]) if fold(n) in page_numbers]
        if shared:
            claim = row["s2"].replace(shared[0], _changed(shared[0], rng), 1)
            pairs.append(Pair(claim, row["s1"], "contradicted", "ans-figure", False))
    return pairs


def debunks(rows: Sequence[dict[str, str]], rng: random.Random) -> list[Pair]:
    """Agreeing rows inside a debunk frame (contradicted) or beside an unrelated denial."""
    agree = [row for row in rows if row["stance"] == "agree"]
    pairs = []
    for row in rng.sample(agree, int(len(rows) * DEBUNKS)):
        frame = rng.choice(_DEBUNK_FRAMES)
        pairs.append(
            Pair(row["s2"], frame.format(s=row["s1"]), "contradicted", "ans-debunk", False)
        )
    for row in rng.sample(agree, int(len(rows) * DECOYS)):
        page = page_of([row["s1"], rng.choice(_DECOY_LINES)])
        pairs.append(Pair(row["s2"], page, "supported", "ans-debunk", False))
    return pairs


def spread_pages(path: Path, rng: random.Random) -> list[Pair]:
    """Two-fact headlines whose facts stand in two sentences of a page (module docstring)."""
    rows = read_ans(path)
    heads = sorted({row["s1"] for row in rows})
    agree = [row for row in rows if row["stance"] == "agree"]
    pairs = []
    for first in rng.sample(agree, int(len(rows) * SPREAD)):
        second = _partner(first, agree)
        if second is None:
            continue
        texts = (first["s1"], first["s2"], second["s1"], second["s2"])
        claim = f"{first['s2']}.. {second['s2']}"
        others = [head for head in heads if _is_other_story(head, texts)]
        close = sorted(others, key=lambda head: -len(_words(claim) & _words(head)))
        count = rng.randint(8, 30)
        chosen = list(dict.fromkeys(close[: count // 3] + rng.sample(others, count - count // 3)))
        rng.shuffle(chosen)
        lead = rng.randint(0, len(chosen) // 2)
        later = rng.randint(lead + 2, len(chosen) + 1)
        page = [*chosen[:lead], first["s1"], *chosen[lead : later - 1], second["s1"]]
        page += chosen[later - 1 :]
        pairs.append(Pair(claim, page_of(page), "supported", "ans-spread", False))
        pairs.append(Pair(claim, page_of(chosen), "unrelated", "ans-spread", False))
    return pairs


def _partner(row: dict[str, str], agree: Sequence[dict[str, str]]) -> dict[str, str] | None:
    """The agreeing row of another story sharing most words with a row's headline (None
    if none shares any): its paraphrase makes the second fact of a headline on one topic."""
    mine = _words(row["s1"])
    others = [other for other in agree if _is_other_story(other["s1"], (row["s1"], row["s2"]))]
    best = max(others, key=lambda other: len(mine & _words(other["s1"])), default=None)
    return best if best is not None and mine & _words(best["s1"]) else None


def own_pairs(split: str) -> list[Pair]:
    """Our own pairs: claims.jsonl (dev → train, test → held out) and own_pairs.jsonl."""
    claims_split = "dev" if split == "train" else "test"
    pairs = []
    for line in CLAIMS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] != claims_split or row["kind"] not in KIND_LABEL:
            continue
        page = (PAGES / row["page"]).read_text(encoding="utf-8").strip()
        pairs.append(
            Pair(row["claim"], page, KIND_LABEL[row["kind"]], "claims", row["pair"] == "ar-en")
        )
    own_split = "train" if split == "train" else "heldout"
    for line in OWN_PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == own_split:
            cross = is_arabic(row["claim"]) != is_arabic(row["page"])
            pairs.append(Pair(row["claim"], row["page"], row["label"], "own", cross))
    return pairs


def own_article_pairs(split: str, path: Path | None = None) -> list[Pair]:
    """The claims of our own articles of one split against their page, as extracted news
    text (headline then body) and with a site's boilerplate around it; each article's
    headline against its body alone (supported: how a real article backs its own headline)
    and, with its paraphrase, against the most similar other article of the split
    (unrelated). A headline
    that asks a question ("ما صحة ...؟", "Fact check: Does ...?") states nothing, and a debunk's
    repeats the rumour it refutes ("حقيقة خفض ..."): neither is taken as a claim."""
    articles = [
        a for a in (read_articles(path) if path else read_articles()) if a["split"] == split
    ]
    pairs = []
    for article in articles:
        rng = random.Random(str(article["id"]))
        pages = {"page": article_page(article), "site": site_page(article, articles, rng)}
        for claim in claims_of(article):
            for shape, page in pages.items():
                kind = f"{claim['kind']}/{shape}"
                pairs.append(_article_pair(article, claim["claim"], page, claim["label"], kind))
        pairs += _headline_pairs(article, _another(article, articles))
    return pairs


def pending_headline_pairs(split: str) -> list[Pair]:
    """The headline pairs (_headline_pairs) of the writers' articles not yet imported
    (own_articles.PENDING): their claims failed the quality gate, but each article's own
    headline against its body is the shape of a real article checked against its headline."""
    articles = [a for a in read_articles(PENDING) if a["split"] == split]
    return [
        pair
        for article in articles
        for pair in _headline_pairs(article, _another(article, articles))
    ]


def _headline_pairs(article: Article, other: Article | None) -> list[Pair]:
    """An article's headline against its body, and with its paraphrases against another; each
    paraphrase also against the headline alone (supported) and against the other article's
    headline alone (unrelated): a one-sentence page, as a claim translated from an English
    headline meets it, which the stance heads otherwise only see as ANS's headline pairs."""
    headline = str(article["headline"])
    paraphrases = [c["claim"] for c in claims_of(article) if c["kind"] == "headline"]
    heads = [("headline", text) for text in paraphrases]
    pairs = []
    if article["shape"] != "debunk" and not headline.rstrip().endswith(("?", "؟")):
        heads.insert(0, ("title", headline))
        pairs.append(
            _article_pair(article, headline, str(article["body"]), "supported", "title/body")
        )
        pairs += [
            _article_pair(article, text, headline, "supported", "headline/headline")
            for text in paraphrases
        ]
    if other is not None:
        page = article_page(other)
        pairs += [
            _article_pair(article, text, page, "unrelated", f"{kind}/other") for kind, text in heads
        ]
        pairs += [
            _article_pair(article, text, str(other["headline"]), "unrelated", "headline/lone")
            for text in paraphrases
        ]
    return pairs


def _article_pair(article: Article, claim: str, page: str, label: str, kind: str) -> Pair:
    cross = is_arabic(claim) != is_arabic(page)
    return Pair(claim, page, label, "own-article", cross, str(article["id"]), kind)


def article_page(article: Article) -> str:
    """An article as a reader extracts it: the headline, then the body's paragraphs."""
    return page_of([str(article["headline"]), str(article["body"])])


def site_page(article: Article, articles: Sequence[Article], rng: random.Random) -> str:
    """The article with a site's boilerplate as extracted text of real sites carries it: a
    navigation line, a related-articles list of other stories' headlines, a footer line."""
    language = str(article["lang"])
    texts = [str(article["headline"]), *(c["claim"] for c in claims_of(article))]
    others = [
        str(other["headline"])
        for other in articles
        if other["lang"] == language
        and other["id"] != article["id"]
        and _is_other_story(str(other["headline"]), texts)
    ]
    related = rng.sample(others, min(len(others), rng.randint(*RELATED_HEADLINES)))
    lines = [rng.choice(_NAV[language]), str(article["headline"]), str(article["body"])]
    if related:
        lines += [rng.choice(_RELATED[language]), *related]
    lines.append(rng.choice(_FOOTER[language]).format(site=article["site"]))
    return page_of(lines)


def _another(article: Article, articles: Sequence[Article]) -> Article | None:
    """The other article of the split sharing most words with this one's headline, on
    another story (None when there is none): the hardest page that does not state it."""
    texts = [str(article["headline"]), *(c["claim"] for c in claims_of(article))]
    others = [
        other
        for other in articles
        if other["id"] != article["id"] and _is_other_story(str(other["headline"]), texts)
    ]
    mine = _words(str(article["headline"]))
    return max(others, key=lambda other: len(mine & _words(article_page(other))), default=None)
