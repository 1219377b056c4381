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

What a page asserts is read without what asserts nothing (`asserted`, `statements`): a
question, a denial the page reports (who denies what is a debunk, stance.py), and a "not"
that an exception restricts (لا ... إلا: "only"). A claim's figure the page's figures
account for (`accounts_for`: rounded, a total, a difference, a change) is no other number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
    claimed = [word for word in tokens(fold(claim)) if word not in NEGATION_CUES]
    wanted = word_terms(claimed)
    words = tokens(without_idioms(clause).replace("n't", " not"))
    return any(
        word in NEGATION_CUES and _governs(words, i, wanted, claimed)
        for i, word in enumerate(words)
    )


def _governs(
    words: Sequence[str], cue: int, wanted: AbstractSet[str], claimed: Sequence[str]
) -> bool:
    """Whether the cue at `cue` governs a claim word, and not by negating its antonym. After a
    verb of denial the claim words that follow at once name who denies (نفت وزارة الدفاع
    أن ...), not what is denied."""
    start = cue + 1
    if words[cue] in REPORTED_DENIALS:
        while start < len(words) and is_one_of(words[start], wanted):
            start += 1
    scope = words[start : start + SCOPE_WORDS]
    return any(is_one_of(other, wanted) for other in scope) and not _negates_antonym(scope, claimed)


def is_negated(text: str, word: str) -> bool:
    """Whether a folded word of the text stands among the SCOPE_WORDS words after a negation
    cue the text asserts ("not weak", لم يكن ضعيفا)."""
    words = tokens(asserted(text))
    return any(
        other == word and any(cue in NEGATION_CUES for cue in words[max(0, i - SCOPE_WORDS) : i])
        for i, other in enumerate(words)
    )


def _negates_antonym(scope: Sequence[str], claimed: Sequence[str]) -> bool:
    """Whether the words a cue governs hold the antonym of a claim word: "not weak" says
    "strong" (لم يكن ضعيفا for قويا), it does not deny it."""
    from citecheck.compare import stance  # stance reads this module's cues at import

    opposite = {(number, 1 - side) for word in claimed for number, side in stance.sides_of(word)}
    return any(not opposite.isdisjoint(stance.sides_of(word)) for word in scope)


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
    "لا يخفى", "لا يزيد", "لا تزيد", "لن يزيد", "لن تزيد", "لا يتجاوز", "لا تتجاوز", "لا يتعدى",
    "لا تتعدى", "لا محالة", "لا مثيل", "لا غير", "not only", "no doubt", "no less", "no fewer",
    "not least", "no more than", "not more than", "no matter", "nothing but", "not to mention",
)  # fmt: skip
"""Fixed expressions holding a negation word that negate nothing: "especially" (لا سيما),
"still" (لا يزال، ما زال), "unprecedented" (لم يسبق، لا مثيل), "must" (لا بد), "at least"
(لا يقل عن، no less than), "at most" (لا يزيد على، لا يتجاوز، no more than), "no doubt"
(لا شك), "inevitably" (لا محالة), "only" (لا غير), "not only" (ليس فقط)."""
_LEXICAL_NEGATIVE_WORDS = (
    "غير بغير وغير عديم عديمة تعذر يتعذر حذر حذرت يحذر تحذر تحذير عرقل عرقلت عرقلة يعرقل تعرقل",
    "lack lacks lacked lacking absent absence none nothing nobody neither nowhere",
    "impossible illegal illegally incorrect inaccurate insufficient inability",
    "warn warns warned warning obstruct obstructs obstructed block blocks blocked",
    "ينتظر تنتظر ينتظرون بانتظار انتظار مرتقب مرتقبة awaiting awaits await pending",
    "باستثناء عدا except excluding exception",
    "refuse refusing reject rejecting denying decline declines declined declining",
    "كاذب كاذبة شائعة شائعات مفبرك مفبركة false fake hoax untrue baseless",
)
LEXICAL_NEGATIVES = frozenset(
    fold(word) for line in _LEXICAL_NEGATIVE_WORDS for word in line.split()
)
"""Words that negate by themselves, no cue needed: beside a negation cue on the other side
they say the same ("غير قانوني" for "not legal", "unknown" for "لم يعرف"; a warning or an
obstruction is a "no": "تحذر من" for "شددت على عدم"; "awaiting a verdict" for "not yet
sentenced", ينتظر الحكم for لم يصدر الحكم بعد; an exception for the "not" of what it
excepts, باستثناء مدارس العاصمة for لم تغلق مدارس العاصمة; a judgement of falsehood for
the "not" of what it judges, "reports that it will close are false" for "it will not
close"). "Without" (دون، بدون، بلا) is left out: "entered without resistance" does not
deny "entered"."""
_NOT_UN_WORDS = ("uni", "under", "until", "unless", "unto", "uncle", "unanim")
"""English words starting with "un" that are no negation (union, under, until, uncle)."""
_NOT_NEGATING = re.compile(
    "|".join(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)" for phrase in NOT_NEGATING)
)


_VERBAL_WITHOUT = re.compile(r"(?<!\w)(?:من |ومن )?(?:ب|و)?دون ان(?!\w)")
"""Arabic "without" before a verb (دون أن يسفر عن إصابات, من دون أن تسجل وفيات): it negates
the verb as لا does. "Without" before a noun (دخل دون مقاومة) denies nothing the claim says."""


def _verbal_negations(folded: str) -> str:
    """A folded text with "دون أن" and its forms read as the negation cue لا."""
    return _VERBAL_WITHOUT.sub("لا", folded)


def without_idioms(text: str) -> str:
    """The folded text with the fixed expressions of NOT_NEGATING blanked out, and "دون أن"
    read as a negation cue (_VERBAL_WITHOUT)."""
    return _verbal_negations(_NOT_NEGATING.sub(" ", fold(text)))


_DENIAL_WORDS = ("نفى نفت ينفي تنفي نفي ونفى ونفت نافيا نافية", "denied deny denies")
REPORTED_DENIALS = frozenset(fold(word) for line in _DENIAL_WORDS for word in line.split())
"""Verbs that report a denial: "نفت الوزارة أن ..." says who denies what, and the words that
follow the verb are its subject as often as what is denied. The page does not assert the
negation itself: a denial that frames the claim is a debunk (stance.debunk), and a denial is
a negation only against a claim of what someone says (SAYING)."""
_SAYING_WORDS = (
    "أكد أكدت يؤكد تؤكد قال قالت يقول تقول أعلن أعلنت أوضح أوضحت أقر أقرت يقر تقر اعترف اعترفت",
    "said says confirmed confirms stated admitted admits acknowledged",
)
SAYING = frozenset(fold(word) for line in _SAYING_WORDS for word in line.split())
"""Verbs of saying: a claim holding one reports what someone says, which a denial by the
same speaker answers."""
EXCEPTIONS = frozenset(fold(word) for word in ("إلا", "سوى", "except", "unless"))
"""Words that turn a negation before them in their clause into a restriction: "لا يصبح نافذا
إلا بعد موافقة المجلس", "no change takes effect except after approval" say "only after"."""
_CLAUSE = re.compile(r"[^،,;؛:.!?؟\n]+")
_WORD = re.compile(r"[^\W_]+")


def asserted(text: str, *, reported: bool = False) -> str:
    """The folded text as it asserts: idioms blanked (NOT_NEGATING), and the negation cues
    that assert no negation blanked too: a cue that an exception later in its clause
    restricts (EXCEPTIONS) and, unless `reported` keeps them, reported denials
    (REPORTED_DENIALS: the page reports who denies; a claim's "X denied" is its claim)."""
    folded = without_idioms(text).replace("n't", " not")
    return _CLAUSE.sub(lambda clause: _asserted_clause(clause.group(), reported), folded)


def _asserted_clause(clause: str, reported: bool) -> str:
    return _WORD.sub(
        lambda word: " " if _is_unasserted(word, clause, reported) else word.group(), clause
    )


def _is_unasserted(word: re.Match[str], clause: str, reported: bool) -> bool:
    """Whether a word of the clause is a negation cue that asserts no negation."""
    if word.group() in REPORTED_DENIALS and not reported:
        return True
    later = tokens(clause[word.end() :])
    return word.group() in NEGATION_CUES and not EXCEPTIONS.isdisjoint(later)


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
    words = tokens(_verbal_negations(fold(text)).replace("n't", " not"))
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
    for any cue (numbers shared across scripts say nothing of the subject). Idioms and
    negations an exception restricts assert no negation (`asserted`), nor does the page's
    report of a denial, unless the claim too reports what someone says (SAYING: "X
    admitted that ..." against "X denied that ..." is a clash; the claim's own "X denied"
    is what it claims), and questions on the page assert nothing (`statements`); a claim that
    holds the same negation words as the evidence (it repeats it, contrast clause
    included) cannot be its opposite; and a word that negates by itself on the unnegated
    side answers the other side's cue.
    """
    if is_question(claim):
        return False
    reported = not SAYING.isdisjoint(tokens(fold(claim)))
    mine, theirs = asserted(claim, reported=True), asserted(statements(evidence), reported=reported)
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
        said = asserted(closest, reported=reported) if _is_statement(closest, evidence) else ""
        clause = said or theirs
        denied = polarity(clause)
        if negated and not denied and _contrasts(mine) and polarity(theirs):
            return False  # "X, but not Y" against "X; however not Y": the closest clause is X's
    if negated == denied:
        return False
    if set(negation_words(claim)) == set(negation_words(evidence)):
        return False
    if _only_denials(claim) and not REPORTED_DENIALS.isdisjoint(tokens(fold(evidence))):
        return False  # the claim restates the denial the page reports
    if negated:  # across scripts the closest clause's sentence may say "false" of it
        return not lexically_negative(clause if same_script else theirs, mine, scoped=same_script)
    return not lexically_negative(mine, clause, scoped=same_script)


_CONTRASTS = frozenset(
    fold(word) for word in ("لكن", "ولكن", "لكنه", "لكنها", "بل", "but", "however", "although")
)


def _contrasts(text: str) -> bool:
    """Whether a text joins two statements by a contrast (لكن، بل، but, however): across scripts
    the evidence clause closest to the whole of it is the affirmed one, whatever the other says."""
    return not _CONTRASTS.isdisjoint(tokens(fold(text)))


_QUESTION_WORDS = frozenset(fold(word) for word in ("هل", "لماذا", "كيف", "ماذا", "why", "how"))


def is_question(text: str) -> bool:
    """Whether a claim is a question (a headline asking, not asserting)."""
    words = tokens(fold(text))
    return text.rstrip(" \t\n\"'»«)(.!").endswith(("?", "؟")) or bool(
        words and words[0] in _QUESTION_WORDS
    )


_QUESTION_SENTENCE = re.compile(r"[^.!?؟\n]*[?؟]")


def statements(text: str) -> str:
    """The text without its questions: a question on the page ("هل لم يفتتح ...؟", "Will
    the hospital close?") asserts nothing, so it denies nothing either."""
    return _QUESTION_SENTENCE.sub(" ", text)


def _is_filler(word: str) -> bool:
    """A folded word that says nothing of what a negation is about: a stop word, a number."""
    return word in bm25.STOP_WORDS or word.isdigit() or word in _PERCENT_WORDS


def _only_denials(claim: str) -> bool:
    """Whether every negation cue of the claim is a reported denial (نفت الوزارة ...)."""
    cues = negation_words(claim)
    return bool(cues) and REPORTED_DENIALS.issuperset(cues)


def _is_statement(clause: str, evidence: str) -> bool:
    """Whether a clause is no part of a question of the evidence it was taken from."""
    return bool(clause) and (clause not in evidence or clause in statements(evidence))


def _letter_words(text: str) -> set[str]:
    """The words of a folded text that are no number (numbers do not say what a clause is
    about: two dates shared across scripts are no shared subject)."""
    return {word for word in tokens(text) if not word.isdigit()}


def _holds_negated(clause: str, claim: str) -> bool:
    """Whether the clause holds a word that a negation cue of the claim governs (one of the
    SCOPE_WORDS words after it in its clause, stop words, numbers and percent words aside):
    "لا يثق" is affirmed only by a clause that speaks of trusting, "لم تتجاوز 14 بالمئة" only
    by one that speaks of exceeding."""
    parts = [tokens(part) for part in _CLAUSE.findall(without_idioms(claim).replace("n't", " not"))]
    negated = word_terms(
        other
        for words in parts
        for i, word in enumerate(words)
        if word in NEGATION_CUES
        for other in words[i + 1 : i + 1 + SCOPE_WORDS]
        if other not in NEGATION_CUES and not _is_filler(other)
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


ROUNDING = 0.05
"""Relative gap within which a claim's figure is the page's rounded ("14%" for 13.8%)."""


def accounts_for(value: str, kind: str, stated: Sequence[tuple[str, str, str]]) -> bool:
    """Whether the page's quantities (`quantities` of the passage) account for a claim's
    value of a kind without giving it: the value rounds one of them (14 for 13.8, "850
    ألف" for 851,240), or is the sum or the difference of two of the same kind (a total of
    two tolls, a rise from 1.2 to 1.5 million), or, for a percentage, the change from one to
    the other. Years are no amounts to add, and a figure is not added to itself (a cut of 200
    points is no sum of two cuts of 100)."""
    number = float(value)
    alike = sorted({float(found) for found, other, _ in stated if other == kind != YEAR})
    if any(_rounds(number, found) for found in alike):
        return True
    pairs = [(a, b) for i, a in enumerate(alike) for b in alike[i + 1 :]]
    derived = {total for a, b in pairs for total in (a + b, b - a)}
    if kind == PERCENT:  # the change between two figures of one other kind
        counts = [
            (float(found), other) for found, other, _ in stated if other not in (PERCENT, YEAR)
        ]
        derived |= {
            abs(b - a) / a * 100 for a, one in counts for b, other in counts if a and one == other
        }
    return any(_rounds(number, found) for found in derived)


def _rounds(claimed: float, stated: float) -> bool:
    """Whether the claimed figure is the stated one rounded to the claim's precision (its
    decimals, or its significant digits: 850000 to tens of thousands), within ROUNDING."""
    if stated == 0 or abs(claimed - stated) > ROUNDING * abs(stated):
        return False
    if claimed != int(claimed):
        decimals = len(f"{claimed:.6g}".partition(".")[2])
        return round(stated, decimals) == claimed
    written = str(int(claimed))
    scale = 10 ** (len(written) - len(written.rstrip("0")))
    return bool(round(stated / scale) * scale == claimed)


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
