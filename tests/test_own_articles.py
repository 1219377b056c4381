"""Our own article-shaped data (benchmarks/data/own_articles.jsonl) and the pairs made of it."""

from __future__ import annotations

import copy
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import own_articles  # noqa: E402  (benchmarks/ is not a package)
from support_pairs import own_article_pairs  # noqa: E402

from citecheck.compare.normalize import is_arabic  # noqa: E402

ARTICLE = {
    "id": "t-01",
    "split": "train",
    "lang": "ar",
    "site": "الوادي نيوز",
    "shape": "news",
    "headline": "الأردن يرفع الحد الأدنى للأجور إلى 290 دينارا",
    "body": "عمان - أعلنت الحكومة الأردنية الثلاثاء رفع الحد الأدنى للأجور إلى 290 دينارا.\n"
    "وقال وزير العمل إن نحو 200 ألف عامل سيستفيدون من الزيادة.",
    "claims": [
        {"claim": "قررت عمان زيادة أدنى أجر شهري ليبلغ 290 دينارا", "lang": "ar",
         "label": "supported", "kind": "headline"},
        {"claim": "خفضت الحكومة الأردنية الحد الأدنى للأجور", "lang": "ar",
         "label": "contradicted", "kind": "antonym"},
    ],
}  # fmt: skip


def test_the_shipped_articles_are_valid_and_have_both_splits() -> None:
    articles = own_articles.read_articles()
    assert [a["id"] for a in articles if own_articles.problems(a)] == []
    assert {a["split"] for a in articles} == {"train", "heldout"}
    assert len({a["id"] for a in articles}) == len({str(a["headline"]) for a in articles})
    assert len(articles) == len({a["id"] for a in articles})


def test_no_shipped_supported_claim_is_a_copy_of_its_page() -> None:
    for article in own_articles.read_articles():
        sentences = own_articles.page_sentences(article)
        for claim in own_articles.claims_of(article):
            if claim["label"] == "supported":
                assert not own_articles.copied(claim["claim"], sentences), claim["claim"]


def test_a_line_with_a_wrong_label_or_language_is_refused() -> None:
    wrong = copy.deepcopy(ARTICLE)
    wrong["claims"][1]["label"] = "supported"  # type: ignore[index]
    wrong["claims"][0]["lang"] = "en"  # type: ignore[index]
    reasons = own_articles.problems(wrong)
    assert len(reasons) == 2
    assert "does not carry label" in reasons[1]
    assert "script" in reasons[0]


def test_cleaning_drops_twins_copies_and_applies_fixes() -> None:
    copying = copy.deepcopy(ARTICLE)
    copying["id"] = "t-02"
    copying["headline"] = "عنوان آخر عن الأجور في الأردن"
    claims = copying["claims"]
    assert isinstance(claims, list)
    claims.append({**claims[0]})  # the same claim twice
    claims.append({"claim": "أعلنت الحكومة الأردنية الثلاثاء رفع الحد الأدنى للأجور",
                   "lang": "ar", "label": "supported", "kind": "lead_fact"})  # fmt: skip
    fix = {"id": "t-01", "claim": ARTICLE["claims"][1]["claim"], "action": "drop"}  # type: ignore[index]
    articles, done = own_articles.clean(
        [copy.deepcopy(ARTICLE), copy.deepcopy(ARTICLE), copying], [fix]
    )
    assert [a["id"] for a in articles] == ["t-01", "t-02"]
    assert done["articles refused"] == 1
    assert done["dropped by hand"] == 1
    assert done["duplicate claims dropped"] == 1
    assert done["copied claims dropped"] == 1
    assert done["claims"] == 1 + 2


@pytest.mark.parametrize("split", ["train", "heldout"])
def test_article_pairs_keep_their_split_and_mark_scripts(split: str) -> None:
    articles = {a["id"]: a for a in own_articles.read_articles() if a["split"] == split}
    pairs = own_article_pairs(split)
    assert {pair.group for pair in pairs} <= set(articles)
    headlines = {str(a["headline"]) for a in articles.values()}
    for pair in pairs:
        assert pair.cross == (is_arabic(pair.claim) != is_arabic(pair.page))
        assert pair.source == "own-article"
        first_lines = set(pair.page.splitlines()[:2])
        assert first_lines & headlines or pair.kind == "title/body"
    kinds = Counter(pair.kind.split("/")[1] for pair in pairs)
    assert kinds["page"] == kinds["site"] > 0
    assert kinds["other"] > 0


def test_a_site_page_adds_boilerplate_around_the_whole_article() -> None:
    pairs = [pair for pair in own_article_pairs("train") if pair.kind.endswith("/site")]
    article = next(a for a in own_articles.read_articles() if a["id"] == pairs[0].group)
    lines = pairs[0].page.splitlines()
    assert lines[1] == article["headline"]
    assert str(article["body"]) in pairs[0].page
    assert len(lines) > 2 + len(str(article["body"]).splitlines())


def test_headlines_against_another_article_are_unrelated() -> None:
    others = [pair for pair in own_article_pairs("train") if pair.kind.endswith("/other")]
    for pair in others:
        assert pair.label == "unrelated"
        assert pair.claim not in pair.page
    articles = [a for a in own_articles.read_articles() if a["split"] == "train"]
    headline_claims = sum(
        claim["kind"] == "headline" for a in articles for claim in own_articles.claims_of(a)
    )
    assert headline_claims < len(others) <= headline_claims + len(articles)


def test_every_hand_fix_is_in_the_shipped_articles() -> None:
    fixes = own_articles.read_articles(own_articles.FIXES)
    articles = {str(article["id"]): article for article in own_articles.read_articles()}
    shipped = {
        (article_id, claim["claim"]): claim
        for article_id, article in articles.items()
        for claim in own_articles.claims_of(article)
    }
    for fix in fixes:
        assert fix["why"]
        if fix.get("action") == "rename":
            text = json.dumps(articles[str(fix["id"])], ensure_ascii=False)
            assert str(fix["from"]) not in text
            assert str(fix["to"]) in text
        elif fix.get("action") == "drop":
            assert (fix["id"], fix["claim"]) not in shipped
        else:
            assert shipped[(fix["id"], fix.get("text", fix["claim"]))]["label"] == fix["label"]


def test_a_rename_fix_reaches_the_headline_body_and_claims() -> None:
    article = copy.deepcopy(ARTICLE)
    article["claims"][0]["claim"] = "قال وزير العمل إن 200 ألف عامل سيستفيدون"  # type: ignore[index]
    fix = {"id": "t-01", "action": "rename", "from": "وزير العمل", "to": "الوزير", "why": "test"}
    done = own_articles.apply_fixes([article], [fix])
    assert done["names changed by hand"] == 1
    assert "وزير العمل" not in str(article["body"])
    assert "وزير العمل" not in article["claims"][0]["claim"]  # type: ignore[index]


def test_headline_paraphrases_also_meet_a_headline_alone() -> None:
    articles = {a["id"]: a for a in own_articles.read_articles() if a["split"] == "train"}
    pairs = own_article_pairs("train")
    alone = [pair for pair in pairs if pair.kind == "headline/headline"]
    lone = [pair for pair in pairs if pair.kind == "headline/lone"]
    assert any(pair.cross for pair in alone)
    assert any(not pair.cross for pair in alone)
    for pair in alone:
        assert pair.label == "supported"
        assert pair.page == articles[pair.group]["headline"]
        assert articles[pair.group]["shape"] != "debunk"
    headlines = {str(a["headline"]) for a in articles.values()}
    for pair in lone:
        assert pair.label == "unrelated"
        assert pair.page in headlines
        assert pair.page != articles[pair.group]["headline"]
    assert len(lone) >= len(alone)
