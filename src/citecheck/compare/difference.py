"""What a claim and its best passage do not share: the features of their difference.

A paraphrase rewords the passage: its unmatched words have near neighbours on the
other side (a synonym, another form of the word). A corruption keeps most words
and changes the telling one: a negation, an antonym (يرتفع where the page says
يهبط), another country (ليبيا for مصر), another event (انتحار for مقتل). So the
classifier's stance head (classifier.py) reads, besides the scalar cues of
stance.py:

- dense features: the share of the claim's content words the passage lacks
  (`unmatched`), the share of those that are names or numbers
  (`unmatched_names`), the share with no spelling neighbour on the passage side
  (`unmatched_unlike`: no shared character trigrams to speak of), and whether a
  negation word stands on one side only (`negation_only`);
- sparse terms, each a string weighed by a learned weight: `c|<stem>` for a claim
  word the passage lacks (what corruptions insert: يرفض، ينفي، عدم) and
  `x|<claim stem>|<passage stem>` for a claim word the passage lacks crossed with
  a passage word the claim lacks (ارتفع × انخفض, مصر × ليبيا). They are learned
  from labelled pairs, not listed by hand; a term never seen in training weighs 0.

Everything here is lexical (folding, light stems, character trigrams): no encoder
call, so it costs microseconds per claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from citecheck.compare import bm25, names, signals, stance
from citecheck.compare.normalize import fold, tokens

MAX_PASSAGE_WORDS = 15
"""Passage words crossed with the claim's unmatched words (a long sentence's first ones)."""
NEIGHBOUR_SIMILARITY = 0.5
"""Character-trigram Jaccard from which two words count as spelling neighbours."""


@dataclass(frozen=True, slots=True)
class Difference:
    """The stems of a claim and a passage that the other side lacks."""

    claim: tuple[str, ...]
    """Claim words (folded, content or negation) with no form or stem in the passage."""
    passage: tuple[str, ...]
    """Passage words with no form or stem in the claim."""
    claim_size: int
    negation: tuple[bool, bool]
    """Whether the claim and whether the passage hold a negation word."""


def words(text: str) -> list[str]:
    """The folded content words of a text, negation words kept (they are the difference)."""
    return [
        word
        for word in tokens(fold(text))
        if word in signals.NEGATION_CUES
        or (word not in bm25.STOP_WORDS and (len(word) > 1 or word.isdigit()))
    ]


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """One canonical stem of a folded word (article stripped, then Snowball): the term key."""
    return bm25.stems(word)[1] if len(bm25.stems(word)) > 1 else bm25.stems(word)[0]


@lru_cache(maxsize=65536)
def _forms(word: str) -> frozenset[str]:
    return frozenset({word, *bm25.stems(word)})


@lru_cache(maxsize=65536)
def _consonants(word: str) -> str:
    return names.skeleton(word) if not word.isdigit() else word


def is_same_word(left: str, right: str) -> bool:
    """Whether two folded words are forms of one word: a shared form or stem, the same side
    of one antonym pair of stance.py (تراجع/انخفض: the list's synonyms), or (Arabic
    patterns that stemmers miss: هبوط/تهبط, ارتفاع/يرتفع) one consonant skeleton of at
    least MIN_SKELETON letters inside the other."""
    if _forms(left) & _forms(right):
        return True
    sides = stance.sides_of(left)
    if sides and sides & stance.sides_of(right):
        return True
    short, long = sorted((_consonants(left), _consonants(right)), key=len)
    return len(short) >= names.MIN_SKELETON and short in long


def _unmatched(mine: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    """Words of `mine` that are no form of any word of `theirs`."""
    return tuple(
        dict.fromkeys(word for word in mine if not any(is_same_word(word, o) for o in theirs))
    )


def difference(claim: str, passage: str) -> Difference:
    """The words each side lacks of the other."""
    mine, theirs = words(claim), words(passage)[: MAX_PASSAGE_WORDS * 4]
    negated = (signals.polarity(claim), signals.polarity(passage))
    return Difference(_unmatched(mine, theirs), _unmatched(theirs, mine), len(set(mine)), negated)


@lru_cache(maxsize=65536)
def _trigrams(word: str) -> frozenset[str]:
    padded = f"#{word}#"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _has_neighbour(word: str, others: Sequence[str]) -> bool:
    mine = _trigrams(word)
    return any(
        len(mine & _trigrams(other)) >= NEIGHBOUR_SIMILARITY * len(mine | _trigrams(other))
        for other in others
    )


def _is_name(word: str) -> bool:
    return any(char.isdigit() for char in word) or names.country(word) is not None


def dense(found: Difference, passage_words: Sequence[str]) -> dict[str, float]:
    """The scalar features of a difference (module docstring)."""
    lost = found.claim
    share = len(lost) / found.claim_size if found.claim_size else 0.0
    return {
        "unmatched": share,
        "unmatched_names": sum(map(_is_name, lost)) / len(lost) if lost else 0.0,
        "unmatched_unlike": (
            sum(not _has_neighbour(word, passage_words) for word in lost) / len(lost)
            if lost
            else 0.0
        ),
        "negation_only": float(found.negation[0] != found.negation[1]),
    }


def terms(found: Difference) -> tuple[str, ...]:
    """The sparse terms of a difference: claim-only stems and their crosses."""
    claim_only = list(dict.fromkeys(root(word) for word in found.claim))
    passage_only = list(dict.fromkeys(root(word) for word in found.passage))[:MAX_PASSAGE_WORDS]
    crossed = [f"x|{mine}|{theirs}" for mine in claim_only for theirs in passage_only]
    passage_terms = (f"p|{theirs}" for theirs in passage_only)
    return (*(f"c|{mine}" for mine in claim_only), *passage_terms, *crossed)


def features(claim: str, passage: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """The dense features and the sparse terms of a claim against its best passage."""
    found = difference(claim, passage)
    return dense(found, words(passage)), terms(found)
