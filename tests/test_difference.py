"""What a claim and its passage do not share (compare/difference.py)."""

from __future__ import annotations

from citecheck.compare import difference


def test_a_corruption_leaves_its_changed_word_unmatched_and_crossed() -> None:
    found = difference.difference("الليرة التركية تهبط بشدة", "الليرة التركية ترتفع بشدة")
    assert [difference.root(word) for word in found.claim] == [difference.root("تهبط")]
    assert [difference.root(word) for word in found.passage] == [difference.root("ترتفع")]
    terms = difference.terms(found)
    assert f"c|{difference.root('تهبط')}" in terms
    assert f"x|{difference.root('تهبط')}|{difference.root('ترتفع')}" in terms


def test_forms_of_one_word_match_where_the_stemmer_misses_them() -> None:
    assert difference.is_same_word("هبوط", "تهبط")
    assert difference.is_same_word("ارتفاع", "يرتفع")
    assert not difference.is_same_word("ارتفاع", "انخفاض")
    found = difference.difference("هبوط الليرة التركية", "الليرة التركية تهبط")
    assert found.claim == ()
    assert difference.terms(found) == ()


def test_a_copied_claim_has_no_difference() -> None:
    dense, terms = difference.features(
        "Oil prices rose 3% on Monday", "Oil prices rose 3% on Monday."
    )
    assert terms == ()
    assert dense["unmatched"] == 0.0
    assert dense["negation_only"] == 0.0


def test_negation_on_one_side_and_a_changed_country_are_read() -> None:
    dense, terms = difference.features("مصر لا تدعم الاتفاق", "مصر تدعم الاتفاق")
    assert dense["negation_only"] == 1.0
    assert any(term.startswith("c|") for term in terms)
    swapped, _ = difference.features("ليبيا تدعم الاتفاق", "مصر تدعم الاتفاق")
    assert swapped["unmatched_names"] == 1.0


def test_long_passages_cross_at_most_a_bounded_number_of_words() -> None:
    passage = " ".join(f"word{n}x" for n in range(200))
    _, terms = difference.features("alpha beta", passage)
    crossed = [term for term in terms if term.startswith("x|")]
    assert len(crossed) == 2 * difference.MAX_PASSAGE_WORDS


def test_synonyms_of_the_antonym_list_are_no_difference() -> None:
    assert difference.is_same_word("تراجع", "انخفض")
    found = difference.difference("تراجع عدد السياح", "انخفض عدد السياح")
    assert found.claim == ()
