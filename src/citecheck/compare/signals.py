"""Small textual signals: negation polarity, numbers, and digits lost in PDF extraction.

Embeddings do not see negation ("رفض" and "وافق" sit close together), so the
polarity of the claim is compared with that of its best evidence sentence and a
mismatch is flagged as a possible contradiction instead of counted as support.
"""

from __future__ import annotations

import re

from citecheck.compare.normalize import fold, tokens

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
_CLAUSE_BREAKS = re.compile(r"\s*[،,;؛:]\s*|\s+(?:لكن|ولكن|but|although)\s+")


def clause_polarity(sentence: str, claim: str, closest: str = "") -> bool:
    """Polarity of the clause of `sentence` that shares most words with the claim.

    "قال إن التأجيل جاء بسبب المعارك، وإنه لا يمكن..." backs a claim about the
    postponement; the negation in the other clause does not concern it. With
    hardly a shared word (across scripts only numbers are), the clause `closest`
    to the claim by embedding decides, and without one the whole sentence.
    """
    wanted = set(tokens(fold(claim)))
    clauses = [part for part in _CLAUSE_BREAKS.split(sentence) if part.strip()] or [sentence]
    overlaps = [len(wanted & set(tokens(fold(part)))) for part in clauses]
    if closest and max(overlaps) < MIN_SHARED_WORDS:
        return polarity(closest)
    if max(overlaps) == 0:
        return polarity(sentence)
    return polarity(clauses[overlaps.index(max(overlaps))])


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


NOT_NEGATING = (
    "لا سيما", "لاسيما", "ولا سيما", "لا يزال", "لا تزال", "لا زال", "لا زالت", "لازال",
    "ما زال", "ما زالت", "مازال", "مازالت", "ما يزال", "ما تزال", "ولا يزال", "ولا تزال",
    "لم يسبق", "لا بد", "لابد", "not only", "no doubt",
)  # fmt: skip
"""Fixed expressions holding a negation word that negate nothing: "especially" (لا سيما),
"still" (لا يزال، ما زال), "unprecedented" (لم يسبق), "must" (لا بد), "not only"."""
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


def disagrees(claim: str, evidence: str, closest: str = "") -> bool:
    """Whether the evidence's clause about the claim has the other polarity, idioms aside,
    unless both hold the same negation words: a claim that repeats its evidence's "not"
    (or the whole sentence, contrast clause included) cannot be its opposite."""
    mine, theirs = without_idioms(claim), without_idioms(evidence)
    if polarity(mine) == clause_polarity(theirs, mine, without_idioms(closest)):
        return False
    return set(negation_words(claim)) != set(negation_words(evidence))


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
