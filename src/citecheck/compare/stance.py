"""Stance cues of a claim against its best passages, and the clash a contradiction names.

Embeddings place "the dam's level rose" next to "the dam's level fell" and
"Turkey obstructs drilling off Cyprus" next to its mirror image, so the pair
classifier (classifier.py) also reads small cues computed here, each a number
in [0, 1]:

- `overlap`: plain token overlap, the share of the claim's content words that
  the page contains (in any form): a strong baseline on whole real pages.
- `passage_overlap`: the same share in the best passages only.
- `lead_overlap`: the same share in the page's headline and lead.
- `negation`: the best passage and the claim disagree in polarity (any negation
  word; the label's clash is checked with `signals.disagrees`, idioms aside and
  the negation's scope checked).
- `antonym`: the claim says one side of an Arabic/English antonym pair
  (ارتفع/انخفض, strong/weak, continue/stop, ظهور/اختفاء, enter/withdraw,
  praise/condemn, engagement/divorce, hold/cancel) where a sentence of the passage that
  speaks of the claim (shares two of its words) says the other.
- `role_swap`: two countries, each named once on each side, in reverse order.
- `order_discord`: share of the claim's matched word pairs in reverse order.
- `number_clash`: a claim number the passage lacks where the passage gives a
  number of the same quantity (both percentages, both years, or counting one
  thing: "290 دينارا" / "300 دينار").
- `debunk_passage` / `debunk_lead`: a debunk word (نفى، شائعة، حقيقة، كذب، مفبرك،
  hoax, fake, false) that frames the repeated claim in the passages or in the
  page's headline and lead: in a clause that repeats the claim, after the word for
  a denial ("نفى أن ...", "the truth about ..."), not a denial of something else.

`clash` turns the strongest cue into words for the evidence of a
`contradicted` label ("claim: up 40%; page: down 15%"); only the kinds of
EXPLICIT, which a reader can check in the page, make a claim `contradicted`.
The cues of `clash_cues` read the texts alone, so the training script recomputes
them from the passage it cached.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from citecheck.compare import bm25, names, signals
from citecheck.compare.normalize import fold, is_arabic, tokens

_ANTONYM_PAIRS = (
    ("ارتفاع ارتفع ترتفع يرتفع ارتفعت زياده زاد زادت يزيد تزيد صعود صعد تصاعد نمو نما "
     "رفع رفعت يرفع ترفع "
     "تعافي يتعافي تتعافي تعافت انتعاش انتعش انتعشت قفز قفزت يقفز تقفز "
     "rise rises rose risen increase increased increases up grow grew growth higher gain gains "
     "raise raises raised hike hikes hiked "
     "soar soared surge surged jump jumped recover recovered rebound rebounded",
     "انخفاض انخفض تنخفض ينخفض انخفضت تراجع تراجعت يتراجع نقص نقصت هبوط هبط تقلص تقلصت "
     "تدني خفض خفضت يخفض تخفض هوي هوت يهوي تهوي انحدار تدهور تدهورت يتدهور تتدهور "
     "انهيار انهار انهارت يهبط تهبط هبطت "
     "fall falls fell fallen decrease decreased decreases down shrink shrank decline "
     "declined lower drop dropped loss losses plunge plunged slump slumped tumble tumbled "
     "cut cuts lowered lowers "
     "collapse collapsed"),
    ("قوي قويه قوة شديد شديده عنيف عنيفه strong powerful severe heavy",
     "ضعيف ضعيفه خفيف خفيفه طفيف طفيفه weak mild light slight"),
    ("استمرار استمرت يستمر تستمر متواصله تواصل تتواصل يتواصل بدء بدات يبدا تبدا استئناف استانف "
     "continue continues continued ongoing start started starts begin began begins resume resumed",
     "توقف توقفت يتوقف تتوقف انتهاء انتهت وقف هدوء stop stops stopped halt halted end ended"),
    ("فوز فاز يفوز تفوز انتصار win wins won victory",
     "خساره خسر يخسر تخسر هزيمه هزم lose loses lost defeat"),
    ("اكبر اعلي اكثر اطول اوسع larger largest bigger biggest more most higher highest longer",
     "اصغر ادني اقل اقصر smaller smallest less least fewer shorter"),
    ("قبول وافق وافقت يوافق توافق موافقه تاييد ايد ايدت accept accepted approve approved "
     "supported back backed لصالح favour favor",
     "رفض رفضت يرفض ترفض معارضه عارض عارضت reject rejected oppose opposed refuse refused"),
    ("فتح فتحت يفتح تفتح افتتاح open opened opens reopen reopened",
     "اغلاق اغلق اغلقت يغلق تغلق close closed closes shut"),
    ("السماح سمح سمحت يسمح تسمح اباحه allow allowed allows permit permitted lift lifted",
     "منع منعت يمنع تمنع حظر حظرت يحظر تحظر ban banned bans forbid forbade prohibit prohibited"),
    ("نجاح نجح نجحت ينجح تنجح success succeeded succeeds",
     "فشل فشلت يفشل تفشل اخفاق failure failed fails"),
    ("اعتقال اعتقل اعتقلت احتجاز سجن arrest arrested detain detained jail jailed",
     "الافراج افرج افرجت اطلاق سراح release released freed"),
    ("سلام هدنه تهدئه مصالحه تصالح peace truce ceasefire calm reconciliation",
     "حرب تصعيد قتال اشتباكات صراع war escalation fighting clashes conflict"),
    ("ظهور ظهر يظهر تظهر ظهرت appear appears appeared reappear reappeared",
     "اختفاء اختفي يختفي تختفي اختفت غياب disappear disappears disappeared vanish vanished"),
    ("دخول دخل دخلت يدخل enter entered enters entry",
     "خروج خرج خرجت يخرج انسحاب انسحب انسحبت ينسحب تنسحب exit exited withdraw withdrew "
     "withdrawal"),
    ("اشاد اشادت يشيد تشيد اشاده ترحيب رحب رحبت يرحب ترحب praise praised praises welcome "
     "welcomed welcomes",
     "انتقد انتقدت ينتقد تنتقد انتقاد ادان ادانت يدين تدين ادانه تنديد ندد نددت criticise "
     "criticised criticize criticized condemn condemned condemns"),
    ("خطوبه خطبه زواج تزوج تزوجت يتزوج engaged engagement marry married marriage wedding",
     "طلاق طلق انفصال انفصل انفصلت ينفصل divorce divorced split breakup"),
    ("اجراء اجري اجرت يجري تجري عقد عقدت",
     "الغاء الغي الغت يلغي تلغي cancel cancels cancelled canceled cancellation"),
    ("استقرار مستقر هادئ stability stable", "اضطرابات اضطراب فوضي توتر unrest turmoil chaos"),
    ("وصول وصل وصلت يصل تصل arrive arrived arrival",
     "مغادره غادر غادرت يغادر تغادر depart departed departure"),
    ("براءه تبرئه براته acquit acquitted acquittal", "ادانته convict convicted conviction"),
    ("حياه حي يعيش احياء alive living",
     "وفاه توفي توفيت موت مات ماتت مقتل قتل died dead death killed"),
    ("حار حاره ساخن hot warm warmer",
     "برد بارد بارده بروده cold colder cool"),
    ("اول الاول الاولي بدايه first earliest beginning",
     "الاخير الاخيره نهايه last latest final"),
    ("دعم يدعم تدعم دعمت يساند ساند support supports",
     "عرقل عرقلت يعرقل تعرقل اعاق يعيق blocks blocked obstruct obstructs hinder hindered"),
    ("زياده ربح ارباح ربحت profit profits surplus", "خساره خسائر عجز deficit losses"),
    ("يومي اليومي يوميه اليوميه يوميا daily",
     "شهري الشهري شهريه الشهريه شهريا سنوي السنوي سنويه السنويه سنويا اسبوعي الاسبوعي "
     "اسبوعيه اسبوعيا monthly annual annually yearly weekly"),
)  # fmt: skip
"""Antonym groups, Arabic forms folded (ة→ه, ى→ي, أ→ا). A word of one side of a pair
stated where the other side was claimed is a contradiction cue. آخر is left out of "last":
it says "another" far more often."""

_DEBUNK_WORDS = (
    "نفى نفت ينفي تنفي نفي ونفى ونفت نافيا شائعة شائعات إشاعة إشاعات الشائعات الشائعة",
    "حقيقة الحقيقة كذب كذبة كاذب كاذبة أكاذيب تكذيب يكذب كذبت مفبرك مفبركة فبركة مزيف",
    "مزيفة زائف زائفة مضلل مضللة تضليل الزائفة المفبركة المزيفة",
    "hoax hoaxes fake false falsely debunk debunked debunks myth myths rumor rumors",
    "rumour rumours denied denies deny untrue misleading fabricated baseless",
)
DEBUNK_CUES = frozenset(fold(word) for line in _DEBUNK_WORDS for word in line.split())
"""Words of a denial or fact-check: around a repeated claim they turn it into its debunk."""
DEBUNK_PHRASES = (
    "the truth about",
    "no evidence",
    "not true",
    "غير صحيح",
    "لا صحه",
    "عار عن الصحه",
)
_GOVERNING_WORDS = (
    "نفى نفت ينفي تنفي نفي ونفى ونفت نافيا تكذيب يكذب كذبت حقيقة الحقيقة",
    "denied denies deny debunk debunked debunks",
)
GOVERNING_CUES = frozenset(fold(word) for line in _GOVERNING_WORDS for word in line.split())
"""Debunk words that frame what follows them (a denial, "the truth of"): the repeated
claim must come after them; the other debunk words (شائعة، مفبرك، fake) judge either side."""
_TRUTH = frozenset({fold("حقيقة"), fold("الحقيقة")})
""""The truth": a debunk frame only where it opens its clause ("حقيقة وفاة ...", "ما حقيقة
..."); inside a sentence it is prose ("في حقيقة الأمر", "indeed")."""
_FOLDED_PHRASES = tuple(fold(phrase) for phrase in DEBUNK_PHRASES)
_GOVERNING_PHRASES = frozenset(fold(phrase) for phrase in ("the truth about", "لا صحة"))
FRAME_SHARE = 0.5
"""Share of the claim's words the debunk's clause must repeat for it to frame the claim."""
_NOT_DEBUNK = re.compile(r"\bfalse (?:positives?|negatives?|alarms?)\b")
"""Terms that hold a debunk word and judge no claim (test results, alarms)."""
_FRAME_BREAKS = re.compile(r"[،,;؛]|" + signals.SENTENCE_END)


def _antonym_index() -> dict[str, tuple[int, int]]:
    """Folded form or stem → (pair number, side)."""
    table: dict[str, tuple[int, int]] = {}
    for number, sides in enumerate(_ANTONYM_PAIRS):
        for side, words in enumerate(sides):
            for word in words.split():
                for form in (word, *bm25.stems(word)):
                    table.setdefault(form, (number, side))
    return table


@lru_cache(maxsize=1)
def antonyms() -> dict[str, tuple[int, int]]:
    """The antonym table, built once."""
    return _antonym_index()


def _sides(words: Iterable[str]) -> dict[tuple[int, int], str]:
    """The antonym sides the words take, each with the word that takes it."""
    found: dict[tuple[int, int], str] = {}
    for word in words:
        hit = _side(word)
        if hit is None and len(word) > 3 and word[0] in _PROCLITICS:
            hit = _side(word[1:])
        if hit is not None:
            found.setdefault(hit, word)
    return found


_PROCLITICS = "لوبفك"
"""One-letter prefixes (li-, wa-, bi-, fa-, ka-) the light stems leave on some words
("لخروج", "وارتفاع"): a word the table lacks is looked up again without one."""


def _side(word: str) -> tuple[int, int] | None:
    table = antonyms()
    found = table.get(word)
    return found or next((table[form] for form in bm25.stems(word) if form in table), None)


@lru_cache(maxsize=65536)
def sides_of(word: str) -> frozenset[tuple[int, int]]:
    """The antonym sides a folded word takes (by form or stem): words sharing one are synonyms."""
    return frozenset(_sides([word]))


EXPLICIT = frozenset({"number", "antonym", "negation", "roles", "debunk"})
"""Clashes a reader can check in the evidence; `contradicted` needs one of them."""


@dataclass(frozen=True, slots=True)
class Clash:
    """What makes a passage say the opposite of a claim, in words for the evidence."""

    kind: str
    description: str


def content(text: str) -> list[str]:
    """The folded content words of a text (stop words and single letters dropped)."""
    return [
        word
        for word in tokens(fold(text))
        if word not in bm25.STOP_WORDS and (len(word) > 1 or word.isdigit())
    ]


def overlap(claim: Sequence[str], page_terms: AbstractSet[str]) -> float:
    """Share of the claim's words the indexed terms contain by form or stem (plain overlap)."""
    words = set(claim)
    if not words:
        return 0.0
    found = sum(
        word in page_terms or any("~" + form in page_terms for form in bm25.stems(word))
        for word in words
    )
    return found / len(words)


def antonym_clash(claim: Sequence[str], passage: Sequence[str]) -> tuple[str, str] | None:
    """A (claim word, passage word) pair on opposite sides of one antonym pair, if any.

    The passage must lack the claim's side of that pair, so "rose, then fell back" is
    no clash for "rose", and the claim must not hold both sides itself.
    """
    mine, theirs = _sides(claim), _sides(passage)
    for (number, side), word in mine.items():
        other = (number, 1 - side)
        if other in mine:  # the claim says both ("Salameh" reads as "peace"): no side taken
            continue
        if other in theirs and (number, side) not in theirs:
            return word, theirs[other]
    return None


def opposite(claim: str, passage: str) -> tuple[str, str] | None:
    """The antonym clash of a claim against the passage's sentences about it
    (`antonym_clash`), unless one of the two words is negated ("not weak" says "strong",
    لم يكن ضعيفا says قويا); where the page holds both sides, a claim figure it gives beside
    the other side (`_figure_sides`)."""
    mine = content(claim)
    about = claim_sentences(mine, passage)
    found = antonym_clash(mine, about)
    if found and signals.is_negated(claim, found[0]) != signals.is_negated(passage, found[1]):
        return None
    if found or is_arabic(claim) != is_arabic(passage):
        return found
    return (
        _figure_sides(content(claim), content(passage))
        or swapped_sides(mine, about)
        or privative(claim, passage)
    )


def swapped_sides(claim: Sequence[str], passage: Sequence[str]) -> tuple[str, str] | None:
    """Both sides of one antonym pair on each side, in the other order, over the same words in
    the same order: "هبوط للذهب وسط صعود للدولار" against "الذهب يرتفع مع هبوط الدولار" (gold
    down and the dollar up, against gold up and the dollar down). "X rose as Y fell" against
    "Y fell as X rose" names its subjects in reverse order too, and is no clash."""
    mine, theirs = _sided(claim), _sided(passage)
    for pair in dict.fromkeys(number for (number, _), _ in mine):
        ours = [(side, word) for (number, side), word in mine if number == pair]
        others = [(side, word) for (number, side), word in theirs if number == pair]
        if _runs(ours) != 2 or _runs(others) != 2 or ours[0][0] == others[0][0]:
            continue
        sided = {word for _, word in ours} | {word for _, word in others}
        rest = [word for word in claim if word not in sided]
        if order_discord(rest, [word for word in passage if word not in sided]) <= SWAP_DISCORD:
            return _both(ours), _both(others)
    return None


SWAP_DISCORD = 0.25
"""Share of the other shared words' pairs in reverse order up to which the subjects of a
swapped pair of opposites read as the same ones."""


def _sided(words: Sequence[str]) -> list[tuple[tuple[int, int], str]]:
    """The words that take an antonym side, in order, each with its side."""
    return [(side, word) for word in words for side in sides_of(word)]


def _runs(sides: Sequence[tuple[int, str]]) -> int:
    """How many runs of one side the sequence has (2: one side, then the other)."""
    return sum(1 for i, (side, _) in enumerate(sides) if i == 0 or side != sides[i - 1][0])


def _both(sides: Sequence[tuple[int, str]]) -> str:
    """The first word of each side, in order ("هبوط … صعود")."""
    first = dict(reversed(sides))
    return " … ".join(first[side] for side in dict.fromkeys(side for side, _ in sides))


_PRIVATIVES = frozenset(fold(word) for word in ["غير", "بغير", "لغير", "وغير", "without"])
"""Words that deny the word after them ("بغير الدولار", "without a warrant")."""
_FAILURES = frozenset(
    fold(word)
    for word in [
        "فشل",
        "فشلت",
        "يفشل",
        "تفشل",
        "الفشل",
        "إخفاق",
        "الإخفاق",
        "أخفق",
        "أخفقت",
        "يخفق",
        "تخفق",
    ]
)
"""Words that deny the deed after "في" ("الإخفاق في التوصل إلى اتفاق": no agreement)."""
_NOT_DENIED = frozenset(fold(word) for word in ["أن", "ان", "ذلك", "that"])
"""Words after غير that make it "but" or "otherwise" (غير أن، غير ذلك), not a denial."""


_ARTICLES = frozenset({"a", "an", "the", "any"})
_VERB_FORMS = frozenset(fold(word) for word in ["غير", "وغير"])
"""Bare غير is also the verb "changed" (غيّر الوزير موقفه): before a definite word it is
read as the verb, where the privative takes an indefinite one (غير قانوني، غير محجبة)."""


def _denied(words: Sequence[str]) -> dict[int, str]:
    """The positions of the words a privative denies, each with the denying phrase."""
    found: dict[int, str] = {}
    for i, word in enumerate(words):
        if word in _PRIVATIVES:
            at = i + 1
        elif word in _FAILURES and i + 1 < len(words) and words[i + 1] == "في":
            at = i + 2
        else:
            continue
        while at < len(words) and words[at] in _ARTICLES:
            at += 1
        if at >= len(words) or words[at] in _NOT_DENIED:
            continue
        if word in _VERB_FORMS and words[at].startswith("ال"):
            continue
        found[at] = " ".join(words[i : at + 1])
    return found


def privative(claim: str, passage: str) -> tuple[str, str] | None:
    """A claim word that a sentence of the passage about the claim denies with a privative
    ("بغير الدولار" for "بالدولار", "without a warrant" for "with a warrant", "الإخفاق في
    التوصل" for "التوصل"), or that the claim denies where the sentence states it: the two
    say opposite things of the same word. As (claim's words, passage's words)."""
    mine = tokens(fold(claim))
    denied_mine = _denied(mine)
    for sentence in sentences_about(content(claim), passage):
        theirs = tokens(fold(sentence))
        denied_theirs = _denied(theirs)
        for at, phrase in denied_theirs.items():
            word = _plain_match(theirs[at], mine, denied_mine)
            if word is not None:
                return word, phrase
        for at, phrase in denied_mine.items():
            word = _plain_match(mine[at], theirs, denied_theirs)
            if word is not None:
                return phrase, word
    return None


def _plain_match(word: str, words: Sequence[str], denied: Mapping[int, str]) -> str | None:
    """A word of `words`, no privative denying it, that is a form of `word` (a content word)."""
    if word in bm25.STOP_WORDS or len(word) < 3:
        return None
    terms = signals.word_terms([word])
    return next(
        (
            other
            for i, other in enumerate(words)
            if i not in denied and other not in _PRIVATIVES and signals.is_one_of(other, terms)
        ),
        None,
    )


FIGURE_REACH = 3
"""Words between a figure and the antonym word it goes with ("أيد 31 نائبا", "عارضه 31")."""


def _figure_sides(claim: Sequence[str], passage: Sequence[str]) -> tuple[str, str] | None:
    """A claim figure the passage gives beside the other side of an antonym pair: where the
    page holds both sides ("67 voted for it, 31 against"), the claim's "31 for" is its
    opposite. Returned as the words with their figure ("أيد 31", "عارضه 31"). Years are
    no counts, and across scripts no word order is shared: neither is read."""
    counts = (word for word in claim if word.isdigit() and not 1900 <= int(word) <= 2100)
    for number in dict.fromkeys(counts):
        mine, theirs = _sides_near(claim, number), _sides_near(passage, number)
        for (pair, side), word in mine.items():
            if (pair, 1 - side) in theirs and (pair, side) not in theirs:
                return f"{word} {number}", f"{theirs[(pair, 1 - side)]} {number}"
    return None


def _sides_near(words: Sequence[str], number: str) -> dict[tuple[int, int], str]:
    """The antonym sides of the word nearest each place the figure stands that takes one
    (within FIGURE_REACH words): "67 voted for the law, 31 opposed it" gives 31 "opposed"."""
    found: dict[tuple[int, int], str] = {}
    for i, word in enumerate(words):
        if word != number:
            continue
        around = sorted(
            range(max(0, i - FIGURE_REACH), min(len(words), i + 1 + FIGURE_REACH)),
            key=lambda j: abs(j - i),
        )
        sided = next((_sides([words[j]]) for j in around if j != i and _sides([words[j]])), {})
        found.update(sided)
    return found


def claim_sentences(claim: Sequence[str], passage: str) -> list[str]:
    """The content words of the passage's sentences that share at least
    `signals.MIN_SHARED_WORDS` words with the claim's (folded content words): where an
    antonym can answer the claim (an opposite word in a sentence about something else
    is no clash)."""
    return [word for sentence in sentences_about(claim, passage) for word in content(sentence)]


def sentences_about(claim: Sequence[str], passage: str) -> list[str]:
    """The passage's sentences that share at least `signals.MIN_SHARED_WORDS` words with the
    claim's (folded content words)."""
    wanted = signals.word_terms(claim)
    return [
        sentence
        for sentence in re.split(signals.SENTENCE_END, passage)
        if len({word for word in content(sentence) if signals.is_one_of(word, wanted)})
        >= signals.MIN_SHARED_WORDS
    ]


def _positions(claim: Sequence[str], passage: Sequence[str]) -> list[tuple[str, int]]:
    """Claim words found in the passage (by form or stem, or naming the same country: لمصر
    and مصر, قبرص and القبرصي), with their first position there."""
    found = []
    for word in dict.fromkeys(claim):
        wanted = {word, *bm25.stems(word)}
        place = names.country(word)
        for position, other in enumerate(passage):
            if (
                other in wanted
                or wanted & set(bm25.stems(other))
                or (place is not None and names.country(other) == place)
            ):
                found.append((word, position))
                break
    return found


def order_discord(claim: Sequence[str], passage: Sequence[str]) -> float:
    """Share of pairs of matched claim words that the passage states in reverse order."""
    positions = [position for _, position in _positions(claim, passage)]
    pairs = [(a, b) for i, a in enumerate(positions) for b in positions[i + 1 :] if a != b]
    return sum(a > b for a, b in pairs) / len(pairs) if pairs else 0.0


def role_swap(claim: Sequence[str], passage: Sequence[str]) -> tuple[str, str] | None:
    """Two countries of the claim that the passage names in reverse order, if any.

    Each must be named once on each side: "طرد السفير الفلبيني من الكويت واستدعاء السفير
    الكويتي" names Kuwait twice, and its order says nothing of roles.
    """
    said = Counter(names.country(word) for word in claim)
    stated = Counter(names.country(word) for word in passage)
    named = [
        (word, position)
        for word, position in _positions(claim, passage)
        if (place := names.country(word)) is not None and said[place] == stated[place] == 1
    ]
    for i, (first, a) in enumerate(named):
        for second, b in named[i + 1 :]:
            if a > b and names.country(first) != names.country(second):
                return first, second
    return None


def number_clash(
    claim: str, passage: str, page_terms: AbstractSet[str] = frozenset()
) -> tuple[str, str] | None:
    """A number of the claim the passage does not give, and the passage's number of the same
    quantity: both percentages, both years, or both counting one thing ("30 بالمئة" / "12 في
    المئة", "290 دينارا" / "300 دينار", "1000 سنة" / "4400 عام"). A year against a count, or
    a count of something else, is no clash: a reader could not check it. Nor is a quantity
    the passage gives one of the claim's values for (a claim's "6% and 1%" against the
    page's "14% ... 6%"), nor a number written anywhere on the page (`page_terms`, the
    page's index terms: the passage may speak of another group), nor one the passage's
    figures account for (`signals.accounts_for`: rounded, a total or a difference), nor a
    passage figure the claim gives for another quantity ("850 ألف مترشح ... أقصي منهم
    1240" against the page's "1240 مترشحا")."""
    theirs = signals.numbers(passage)
    if not theirs:
        return None
    stated = signals.quantities(passage)
    said = signals.quantities(claim)
    given = theirs | {value for value, _, _ in stated}
    agreed = {kind for value, kind, _ in said if value in given}
    claimed = {value for value, _, _ in said}
    for value, kind, unit in said:
        if value in given or kind in agreed or _on_page(value, page_terms):
            continue
        if signals.accounts_for(value, kind, stated) or _total_with_page(
            value, kind, stated, page_terms
        ):
            continue
        other = next(
            (found for found in stated if _same_kind(kind, found[1]) and found[0] not in claimed),
            None,
        )
        if other is not None:
            return _said(value, kind, unit), _said(other[0], kind, other[2])
    return None


def _total_with_page(
    value: str, kind: str, stated: Sequence[tuple[str, str, str]], page_terms: AbstractSet[str]
) -> bool:
    """Whether the claim's figure is a passage figure of its kind plus a number the page writes
    elsewhere: "125 judges promoted" over a page's "100 judges at the ministry" and, in the
    passage, "25 judges at the court" (a reader adds them up; no clash to check)."""
    number = float(value)
    for found, found_kind, _ in stated:
        rest = number - float(found)
        if rest > 0 and _same_kind(kind, found_kind) and _on_page(f"{rest:g}", page_terms):
            return True
    return False


def _on_page(value: str, page_terms: AbstractSet[str]) -> bool:
    """Whether the page's index terms hold the number (its digits, or for a scaled value
    such as 12000 from "12 ألف" the digits written before the scale word)."""
    if not page_terms:
        return False
    number = float(value)
    written = {value, f"{number:g}"} | {
        f"{number / scale:g}" for scale in (1e3, 1e6, 1e9) if number >= scale
    }
    return not page_terms.isdisjoint(written)


def _same_kind(kind: str, other: str) -> bool:
    """Whether two number kinds of `signals.quantities` are one quantity (form or stem)."""
    if not kind or not other:
        return False
    if kind == other:
        return True
    special = (signals.PERCENT, signals.YEAR)
    if kind in special or other in special:
        return False
    return signals.is_one_of(other, signals.word_terms([kind]))


def _said(value: str, kind: str, unit: str) -> str:
    """A number as the evidence shows it: "40%", "2015", "290 دينارا", "3,000,000 people"."""
    number = f"{float(value):,.0f}" if "e" in value or len(value) > 4 else value
    if kind == signals.PERCENT:
        return number + "%"
    return number if kind == signals.YEAR or not unit else f"{number} {unit}"


def debunk(text: str, claim_words: Iterable[str]) -> str | None:
    """A debunk word or phrase of the text that frames the claim, if any.

    It frames the claim when its clause (sentence ends and commas split clauses; a
    colon and an Arabic ".." do not: "حقيقة الخبر: ..." is one frame) repeats the
    claim — after the cue for a verb of denial or "the truth about" (نفى أن ...،
    كذّب، حقيقة وفاة ...), on either side for a word that judges (شائعة، مفبرك،
    كاذب، fake, hoax). Repeating means holding FRAME_SHARE of the claim's words, or
    as many as the text's clause that holds most of them (a paraphrased claim shares
    few words with the headline a debunk repeats), and never fewer than
    `signals.MIN_SHARED_WORDS`. A denial of something else in the article, or
    "الحقيقة" in its plain sense, frames nothing; nor does a cue of the kind the claim
    itself uses (a claim that says "نفى" is backed by a page saying "ينفي"), nor "false"
    in "false positive". A negated claim ("the hospital will not close") and a claim whose
    opposite the clause states ("raised" where the clause debunks a cut) agree with the
    debunk: nothing frames them; nor do the words naming who denies, right after an Arabic
    verb of denial (`_denier`); and a claim that says what the one who denies says
    ("أكدت الهيئة أن النسبة باقية" beside "نفت الهيئة خفض النسبة": a verb of saying and
    the denier's name) restates the denial: nothing on that page frames it. Across
    scripts no word can be matched: any cue of the text the claim does not use counts (the
    passage was chosen by meaning), but a verb of denial ("denied") only reports one, of
    what no word shows.
    """
    mine = list(dict.fromkeys(claim_words))
    wanted = signals.word_terms(mine)
    if not wanted or signals.negation_words(" ".join(mine)):
        return None  # a negated claim says what a debunk of its affirmative says
    folded = _NOT_DEBUNK.sub(" ", fold(text))
    if is_arabic(" ".join(mine)) != is_arabic(folded):  # no word to match: the text's own cues
        found = _debunk_cues(folded, tokens(folded), set(mine))
        return next((cue for _, cue, _ in found if cue not in signals.REPORTED_DENIALS), None)
    clauses = []
    for clause in _FRAME_BREAKS.split(folded):
        words = tokens(clause)
        matched = [(i, word) for i, word in enumerate(words) if signals.is_one_of(word, wanted)]
        clauses.append((clause, words, matched))
    if not signals.SAYING.isdisjoint(mine) and any(_names_denier(w, m) for _, w, m in clauses):
        return None  # the claim says what the denier says: it restates the denial
    best = max(len({word for _, word in matched}) for _, _, matched in clauses)
    needed = min(len(mine), max(signals.MIN_SHARED_WORDS, min(FRAME_SHARE * len(mine), best)))
    for clause, words, matched in clauses:
        if antonym_clash(mine, words):
            continue  # it debunks the opposite of the claim: "the truth about the cut" vs "raised"
        for position, cue, governs in _debunk_cues(clause, words, set(mine)):
            start = _denier(position, {i for i, _ in matched}) if cue in DENIALS else position
            framed = {word for i, word in matched if i > start or not governs}
            if len(framed) >= needed:
                return cue
    return None


DENIALS = signals.REPORTED_DENIALS & GOVERNING_CUES
"""Verbs of denial, whose subject follows them in Arabic (نفت الوزارة ...)."""


def _denier(position: int, matched: AbstractSet[int]) -> int:
    """The last position of the claim words that follow a denial verb at once: the one who
    denies ("نفت وزارة التربية ... صحة تسريب الامتحان"), not what is denied. A claim about
    what the denier does or says elsewhere is not framed by its denial."""
    while position + 1 in matched:
        position += 1
    return position


def _names_denier(words: Sequence[str], matched: Sequence[tuple[int, str]]) -> bool:
    """Whether claim words follow a verb of denial at once: the claim names who denies."""
    positions = {i for i, _ in matched}
    return any(word in DENIALS and i + 1 in positions for i, word in enumerate(words))


def _debunk_cues(clause: str, words: Sequence[str], mine: set[str]) -> list[tuple[int, str, bool]]:
    """The debunk cues of a folded clause that the claim does not use: (word position, cue,
    whether it governs what follows). A claim holding a denial takes none of the page's
    denials as a cue, a claim holding a judging word none of its judging words."""
    denies = not mine.isdisjoint(GOVERNING_CUES)
    judges = not mine.isdisjoint(DEBUNK_CUES - GOVERNING_CUES)
    found = [
        (len(tokens(clause[: clause.index(phrase)])), phrase, phrase in _GOVERNING_PHRASES)
        for phrase in _FOLDED_PHRASES
        if phrase in clause and phrase not in " ".join(mine)
    ]
    found += [
        (i, word, word in GOVERNING_CUES)
        for i, word in enumerate(words)
        if word in DEBUNK_CUES and word not in mine and (word not in _TRUTH or i <= 1)
    ]
    return [cue for cue in found if not (denies if cue[2] else judges)]


def cues(claim: str, passage: str, lead: str, page_terms: AbstractSet[str]) -> dict[str, float]:
    """The stance cues of a claim against its best passages and the page's headline and lead."""
    mine, theirs = content(claim), content(passage)
    return {
        "overlap": overlap(mine, page_terms),
        "passage_overlap": overlap(mine, set(bm25.terms(" ".join(theirs)))),
        "lead_overlap": overlap(mine, set(bm25.terms(" ".join(content(lead))))),
        **clash_cues(claim, passage, lead, page_terms),
    }


def clash_cues(
    claim: str, passage: str, lead: str, page_terms: AbstractSet[str] = frozenset()
) -> dict[str, float]:
    """The cues of `cues` that read the texts alone (no page index): the training script
    recomputes them from the passage it cached, so changing them never re-runs the encoder."""
    mine, theirs = content(claim), content(passage)
    negated = signals.polarity(claim) != signals.clause_polarity(passage, claim)
    return {
        "negation": float(negated),
        "antonym": float(opposite(claim, passage) is not None),
        "role_swap": float(role_swap(mine, theirs) is not None),
        "order_discord": order_discord(mine, theirs),
        "number_clash": float(number_clash(claim, passage, page_terms) is not None),
        "debunk_passage": float(debunk(passage, mine) is not None),
        "debunk_lead": float(debunk(lead, mine) is not None),
    }


def clash(
    claim: str,
    passage: str,
    lead: str,
    page_terms: AbstractSet[str] = frozenset(),
    closest: str = "",
) -> Clash:
    """Name what sets the passage against the claim, the clearest cue first (a question
    asserts nothing: no clash a reader could check). `closest`: the clause closest to the
    claim by meaning, where a claim in another script is checked for negation
    (`signals.disagrees`), as its polarity is checked."""
    if signals.is_question(claim):
        return Clash("question", "the claim asks; it states nothing to contradict")
    mine, theirs = content(claim), content(passage)
    numbers = number_clash(claim, passage, page_terms)
    words = opposite(claim, passage)
    if numbers:
        ways = (f"{words[0]} ", f"{words[1]} ") if words else ("", "")
        return Clash("number", f"claim: {ways[0]}{numbers[0]}; page: {ways[1]}{numbers[1]}")
    if words:
        return Clash("antonym", f"claim: {words[0]}; page: {words[1]}")
    if signals.disagrees(claim, passage, closest):
        said = "denies" if signals.clause_polarity(passage, claim) else "affirms"
        return Clash("negation", f"the page {said} it: {_short(passage)}")
    swapped = role_swap(mine, theirs)
    if swapped:
        return Clash("roles", f"claim: {swapped[0]} … {swapped[1]}; page: the reverse")
    cue = debunk(passage, mine) or debunk(lead, mine)
    if cue:
        return Clash("debunk", f"the page frames the claim as false ({cue})")
    other = _substitution(mine, theirs)
    if other:
        return Clash("substitution", f"claim: {other[0]}; page: {other[1]}")
    return Clash("stance", f"the page states otherwise: {_short(passage)}")


def _substitution(mine: Sequence[str], theirs: Sequence[str]) -> tuple[str, str] | None:
    """The first claim word the passage lacks and the passage word standing in its slot."""
    present, claimed = set(bm25.terms(" ".join(theirs))), set(bm25.terms(" ".join(mine)))
    lost = [word for word in mine if bm25.missing([word], present)]
    extra = [word for word in theirs if bm25.missing([word], claimed)]
    return (lost[0], extra[0]) if lost and extra else None


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
