"""Small textual signals: negation polarity, numbers, and digits lost in PDF extraction.

Embeddings do not see negation ("رفض" and "وافق" sit close together), so the
polarity of the claim is compared with that of its best evidence sentence and a
mismatch is flagged as a possible contradiction instead of counted as support.

A clash a reader is shown must be one the page states (`disagrees`): the
evidence's negation must stand in the sentence and clause that speak of the claim
and govern one of the claim's words (a cue with a claim word among the
SCOPE_WORDS words after it), not another clause of a long passage; fixed
expressions holding a negation word negate nothing (NOT_NEGATING: لا سيما، لا
يزال، لا يقل عن, "not only"); and a word that negates by itself ("unknown",
"illegal", غير، عديم) near the claim's words on the other side answers a negation cue, so a
translation that says "لم يعرف" for "unknown" is no clash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from citecheck.compare import bm25
from citecheck.compare.normalize import fold, is_arabic, tokens

NEGATION_CUES = frozenset(
    [
        "لم",
        "لن",
        "لا",
        "ليس",
        "ليست",
        "لست",
        "نفي",
        "نفت",
        "ينفي",
        "تنفي",
        "رفض",
        "رفضت",
        "يرفض",
        "ترفض",
        "عدم",
        "ولم",
        "ولن",
        "ولا",
        "وليس",
        "ونفي",
        "ونفت",
        "ورفض",
        "ورفضت",
        "نافيا",
        "نافيه",
        "رافضا",
        "امتنع",
        "امتنعت",
        "فشل",
        "فشلت",
        "not",
        "no",
        "never",
        "denied",
        "deny",
        "denies",
        "rejected",
        "rejects",
        "refused",
        "refuses",
        "nor",
        "cannot",
        "failed",
    ]
)
"""Cues that flip a statement; "without"/"دون"/"غير" are left out, they rarely do."""
MIN_SHARED_WORDS = 2
"""Fewer shared words than this cannot pick a clause by overlap (a number is not enough)."""
SCOPE_WORDS = 4
"""Words after a negation cue that it governs: one of them must be a claim word for the
evidence to deny the claim (Arabic and English negate the word that follows: لم يحضر،
did not attend)."""
SENTENCE_END = r"(?<![.\d])\.(?![.\d])|[!?؟\n]"
"""A sentence end: a single full stop not inside a number, "!", "?" or a line break (an Arabic
".." joins two clauses of one headline)."""
_CLAUSE_BREAKS = re.compile(rf"\s*(?:[،,;؛:]|{SENTENCE_END})\s*|\s+(?:لكن|ولكن|but|although)\s+")


def clause_polarity(sentence: str, claim: str, closest: str = "") -> bool:
    """Polarity of the clause of `sentence` that shares most words with the claim.

    "قال إن التأجيل جاء بسبب المعارك، وإنه لا يمكن..." backs a claim about the
    postponement; the negation in the other clause does not concern it. With
    hardly a shared word (across scripts only numbers are), the clause `closest`
    to the claim by embedding decides, and without one the whole sentence.
    """
    clause = _claim_clause(sentence, claim, closest)
    return polarity(sentence if clause is None else clause)


def _claim_clause(sentence: str, claim: str, closest: str) -> str | None:
    """The clause of `sentence` (or passage) that speaks of the claim: the one sharing most
    words, `closest` when none shares MIN_SHARED_WORDS, None when none shares a word."""
    wanted = set(tokens(fold(claim)))
    clauses = [part for part in _CLAUSE_BREAKS.split(sentence) if part.strip()] or [sentence]
    overlaps = [len(wanted & set(tokens(fold(part)))) for part in clauses]
    if closest and max(overlaps) < MIN_SHARED_WORDS:
        return closest
    if max(overlaps) == 0:
        return None
    return clauses[overlaps.index(max(overlaps))]


def negates(clause: str, claim: str) -> bool:
    """Whether a negation cue of the clause governs a claim word: one of the SCOPE_WORDS
    words after it is a content word of the claim (by form or stem), idioms aside."""
    wanted = word_terms(word for word in tokens(fold(claim)) if word not in NEGATION_CUES)
    words = tokens(without_idioms(clause).replace("n't", " not"))
    return any(
        word in NEGATION_CUES
        and any(is_one_of(other, wanted) for other in words[i + 1 : i + 1 + SCOPE_WORDS])
        for i, word in enumerate(words)
    )


def word_terms(words: Iterable[str]) -> set[str]:
    """The index terms (forms and stems, no skeletons) of folded content words."""
    return {term for word in words for term in bm25.terms(word) if not term.startswith("#")}


def is_one_of(word: str, terms: AbstractSet[str]) -> bool:
    """Whether a folded word is one of the words whose `word_terms` are given (form or stem)."""
    return not terms.isdisjoint(bm25.terms(word))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


NOT_NEGATING = (
    "لا سيما", "لاسيما", "ولا سيما", "لا يزال", "لا تزال", "لا زال", "لا زالت", "لازال",
    "ما زال", "ما زالت", "مازال", "مازالت", "ما يزال", "ما تزال", "ولا يزال", "ولا تزال",
    "لم يسبق", "لا بد", "لابد", "ليس فقط", "لا شك", "لا يقل", "لا تقل", "لن يقل", "لن تقل",
    "لا يخفى",
    "لا محالة", "لا مثيل", "لا غير", "not only", "no doubt", "no less", "no fewer", "not least",
    "no matter", "nothing but", "not to mention",
)  # fmt: skip
"""Fixed expressions holding a negation word that negate nothing: "especially" (لا سيما),
"still" (لا يزال، ما زال), "unprecedented" (لم يسبق، لا مثيل), "must" (لا بد), "at least"
(لا يقل عن، no less than), "no doubt" (لا شك), "inevitably" (لا محالة), "only" (لا غير),
"not only" (ليس فقط)."""
_LEXICAL_NEGATIVE_WORDS = (
    "غير بغير وغير عديم عديمة تعذر يتعذر حذر حذرت يحذر تحذر تحذير عرقل عرقلة يعرقل تعرقل",
    "lack lacks lacked lacking absent absence none nothing nobody neither nowhere",
    "impossible illegal illegally incorrect inaccurate insufficient inability",
    "warn warns warned warning obstruct obstructs obstructed block blocks blocked",
)
LEXICAL_NEGATIVES = frozenset(
    fold(word) for line in _LEXICAL_NEGATIVE_WORDS for word in line.split()
)
"""Words that negate by themselves, no cue needed: beside a negation cue on the other side
they say the same ("غير قانوني" for "not legal", "unknown" for "لم يعرف"; a warning or an
obstruction is a "no": "تحذر من" for "شددت على عدم"). "Without" (دون،
بدون، بلا) is left out: "entered without resistance" does not deny "entered"."""
_NOT_UN_WORDS = ("uni", "under", "until", "unless", "unto", "uncle", "unanim")
"""English words starting with "un" that are no negation (union, under, until, uncle)."""
_NOT_NEGATING = re.compile(
    "|".join(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)" for phrase in NOT_NEGATING)
)


def without_idioms(text: str) -> str:
    """The folded text with the fixed expressions of NOT_NEGATING blanked out."""
    return _NOT_NEGATING.sub(" ", fold(text))


def negation_words(text: str) -> list[str]:
    """The negation cues of a (raw) text, fixed expressions that negate nothing left out."""
    return [
        word
        for word in tokens(without_idioms(text).replace("n't", " not"))
        if word in NEGATION_CUES
    ]


def polarity(text: str) -> bool:
    """True when the (raw) text carries a negation cue (any, idioms included: the learned
    classifier's `negation` feature reads this; labels are checked with `disagrees`)."""
    words = tokens(fold(text).replace("n't", " not"))
    return any(word in NEGATION_CUES for word in words)


def lexically_negative(text: str, other: str, *, scoped: bool) -> bool:
    """Whether the text holds a word that negates by itself (LEXICAL_NEGATIVES, or English
    "un-" words: unknown, unable, unprecedented; not union, under, until) that `other`
    lacks (a "غير" both sides hold is no answer to a negation). `scoped` (same language):
    a word of `other` must stand within SCOPE_WORDS of it, so that it speaks of what the
    other side negates."""
    shared = set(tokens(fold(other)))
    wanted = word_terms(word for word in shared if word not in NEGATION_CUES)
    words = tokens(fold(text))
    return any(
        word not in shared
        and (
            word in LEXICAL_NEGATIVES
            or (word.startswith("un") and len(word) > 5 and not word.startswith(_NOT_UN_WORDS))
        )
        and (
            not scoped
            or any(
                is_one_of(near, wanted)
                for near in words[max(0, i - SCOPE_WORDS) : i + 1 + SCOPE_WORDS]
            )
        )
        for i, word in enumerate(words)
    )


def disagrees(claim: str, evidence: str, closest: str = "") -> bool:
    """Whether the evidence's clause about the claim has the other polarity, as a reader
    would check it.

    A question asserts nothing, so it disagrees with nothing. In one script the clause is
    the one of the evidence (passage or sentence; sentence ends and commas split it)
    sharing most words with the claim, and it must share MIN_SHARED_WORDS of them (a
    reader could not tell what else it speaks of); it denies the claim when its negation
    governs a claim word (`negates`), and affirms a negated claim only when it holds
    what the claim negates (the words after the claim's cue). Across scripts, where words
    cannot be matched, the `closest` clause by meaning (else the whole evidence) is read
    for any cue (numbers shared across scripts say nothing of the subject). Idioms negate
    nothing; a claim that holds the same negation words as the evidence (it repeats it,
    contrast clause included) cannot be its opposite; and a word that negates by itself
    on the unnegated side answers the other side's cue.
    """
    if is_question(claim):
        return False
    mine, theirs = without_idioms(claim), without_idioms(evidence)
    negated = polarity(mine)
    same_script = is_arabic(mine) == is_arabic(theirs)
    if same_script:
        clause = _claim_clause(theirs, mine, "")
        if clause is None or len(_letter_words(mine) & _letter_words(clause)) < MIN_SHARED_WORDS:
            return False
        denied = negates(clause, mine)
        if negated and not denied and not _holds_negated(clause, mine):
            return False
    else:
        clause = without_idioms(closest) or theirs
        denied = polarity(clause)
    if negated == denied:
        return False
    if set(negation_words(claim)) == set(negation_words(evidence)):
        return False
    if negated:
        return not lexically_negative(clause, mine, scoped=same_script)
    return not lexically_negative(mine, clause, scoped=same_script)


_QUESTION_WORDS = frozenset(fold(word) for word in ("هل", "لماذا", "كيف", "ماذا", "why", "how"))


def is_question(text: str) -> bool:
    """Whether a claim is a question (a headline asking, not asserting)."""
    words = tokens(fold(text))
    return text.rstrip(" \t\n\"'»«)(.!").endswith(("?", "؟")) or bool(
        words and words[0] in _QUESTION_WORDS
    )


def _letter_words(text: str) -> set[str]:
    """The words of a folded text that are no number (numbers do not say what a clause is
    about: two dates shared across scripts are no shared subject)."""
    return {word for word in tokens(text) if not word.isdigit()}


def _holds_negated(clause: str, claim: str) -> bool:
    """Whether the clause holds a word that a negation cue of the claim governs (one of the
    SCOPE_WORDS words after it): "لا يثق" is affirmed only by a clause that speaks of
    trusting."""
    words = tokens(without_idioms(claim).replace("n't", " not"))
    negated = word_terms(
        other
        for i, word in enumerate(words)
        if word in NEGATION_CUES
        for other in words[i + 1 : i + 1 + SCOPE_WORDS]
        if other not in NEGATION_CUES
    )
    return any(is_one_of(word, negated) for word in tokens(fold(clause)))


def affirmed(text: str) -> str:
    """The text with its negation cues left out: what a negated claim denies."""
    kept = [word for word in text.split() if fold(word) not in NEGATION_CUES]
    return " ".join(kept) or text


_SCALE = {
    "الف": 1e3, "الاف": 1e3, "thousand": 1e3, "مليون": 1e6, "ملايين": 1e6, "million": 1e6,
    "مليار": 1e9, "مليارات": 1e9, "billion": 1e9,
}  # fmt: skip
_QUANTITY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([^\W\d_]+)?")


def numbers(text: str) -> set[str]:
    """The numbers of a text as values: "18 ألف", "18,000" and "١٨٠٠٠" all give "18000"."""
    found: set[str] = set()
    for digits, word in _QUANTITY.findall(fold(text)):
        try:
            value = float(digits.replace(",", "")) * _SCALE.get(word or "", 1.0)
        except ValueError:
            continue
        found.add(f"{value:g}" if value < 1e15 else digits)
    return found


PERCENT, YEAR = "%", "year"
"""Quantity kinds of `quantities` beside the unit word."""
_PERCENT_WORDS = frozenset(
    fold(word) for word in ("المئة", "بالمئة", "المائة", "بالمائة", "percent", "pct")
)
_UNIT_GROUPS = {
    "years": "سنة سنه سنوات سنين عام اعوام عاما year years",
    "months": "شهر اشهر شهور شهرا month months",
    "days": "يوم ايام يوما day days",
    "money": "دولار دولارا دولارات جنيه جنيها استرليني يورو ريال ريالا درهم دينار دينارا ليرة ليره "
    "dollar dollars pound pounds sterling euro euros riyal riyals dirham dirhams dinar dinars",
}  # fmt: skip
UNITS = {fold(word): group for group, words in _UNIT_GROUPS.items() for word in words.split()}
"""Unit words by the quantity they count: "1000 سنة" and "4400 عام" are both years of age,
"900 ألف جنيه" and "165 ألف استرليني" both a sum of money."""
_QUANTITY_WORDS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?|[^\W\d_]+")


def quantities(text: str) -> list[tuple[str, str, str]]:
    """The numbers of a text as (value, kind, unit word).

    The kind is PERCENT, YEAR (a bare 1900-2100), or the word the number counts
    ("290 دينارا" → دينارا, "3 million people" → people), unit words of one quantity
    sharing one (UNITS: سنة and عام are "years"); without a word after it, the word
    before it ("الفقرة 5"); "" when the text says nothing about it. Values as `numbers`
    gives them.
    """
    words = _QUANTITY_WORDS.findall(fold(text).replace("per cent", "percent"))
    found: list[tuple[str, str, str]] = []
    for index, word in enumerate(words):
        if not word[0].isdigit():
            continue
        value = numbers(" ".join(words[index : index + 2]))
        following = [w for w in words[index + 1 : index + 4] if w not in _SCALE and w != "في"]
        unit = following[0] if following and not following[0][0].isdigit() else ""
        if word.endswith("%") or unit in _PERCENT_WORDS:
            kind = PERCENT
        elif word.isdigit() and 1900 <= int(word) <= 2100 and not _scaled(words, index):
            kind = YEAR
        elif unit:
            kind = UNITS.get(unit, unit)
        else:
            kind = words[index - 1] if index and not words[index - 1][0].isdigit() else ""
        found.extend((number, kind, unit) for number in sorted(value))
    return found


def _scaled(words: list[str], index: int) -> bool:
    """Whether the number at `index` is followed by a scale word (2000 مليون is no year)."""
    return index + 1 < len(words) and words[index + 1] in _SCALE


def has_lost_digits(text: str) -> bool:
    """Whether a claim shows the marks of digits dropped by PDF extraction.

    Such a claim has no digit at all but a percent sign, a double space where
    the number stood, or a word that introduces a quantity or year followed by
    no number.
    """
    folded = fold(text)
    if _NUMBER.search(folded):
        return False
    return "%" in folded or bool(re.search(r"\S {2,}\S", text)) or _dangling_quantity(folded)


def _dangling_quantity(folded: str) -> bool:
    words = folded.split()
    for index, word in enumerate(words[:-1]):
        if (
            word in {"عام", "العام", "سنه", "نحو", "حوالي", "قرابه"}
            and not words[index + 1][0].isdigit()
        ):
            follower = words[index + 1]
            if follower in {"و", "،", ",", "من", "في"}:
                return True
    return bool(folded.rstrip().endswith(("عام", "نحو")))
