"""Quantity claims in a sentence: numbers with qualifier, interval, unit, measure and change.

The extractor is rule-based and driven by the per-language lexicons
``numbers``, ``qualifiers``, ``units`` and ``measures`` (see docs/quantities.md).
It works in three passes over the text:

1. find number *atoms* (numerals with magnitudes, written-out numbers,
   fractions, multiplicatives, vague amounts) and drop the ones that are not
   quantity claims (years, dates, clock times, ordinals, phone numbers,
   labels such as "Section 5" or "Boeing 787");
2. grow each atom to the left (qualifier phrase, currency) and to the right
   (currency, unit, counted noun), and join two atoms into a range
   ("between 5 and 7", "15 to 22 mph");
3. read the measure (killed, wounded, money, ...) and the change direction
   ("rose 6.5%") from the words around it.

Every regex is built from bounded pieces (no nested unbounded repetition), so
the run time is linear in the length of the text.
"""
from __future__ import annotations

import functools
import logging
import math
import re
from dataclasses import dataclass, field, replace

from ..lexicons import load_lexicon
from ..model import Quantity
from .mentions import NameLexicon, WordSet, has_place_suffix, name_lexicon, word_set

log = logging.getLogger(__name__)

# How far (in characters) context cues are looked for around a number.
_LEFT_WINDOW = 100
NEAR_CUE_WORDS = 2      # words right before a number whose measure cue governs it
_RIGHT_WINDOW = 80


# --------------------------------------------------------------------------- grammar

def _alternation(phrases, *, word=True, tail=True) -> str:
    """Regex alternation of phrases, longest first, with flexible whitespace."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = r"\s+".join(re.escape(w) for w in phrase.split())
        if word and phrase[:1].isalnum():
            escaped = r"(?<![\w])" + escaped
        if word and tail and phrase[-1:].isalnum():
            escaped += r"(?![\w])"
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


def _cue_regex(cues) -> str:
    """Cue list (``kill*`` = stem, else whole word/phrase) as one alternation."""
    parts = []
    for cue in sorted(set(cues), key=len, reverse=True):
        stem = cue.endswith("*")
        body = r"\s+".join(re.escape(w) for w in cue.rstrip("*").split())
        parts.append(r"(?<![\w])" + body + (r"\w*" if stem else r"(?![\w])"))
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


def _separable_pairs(entries) -> list[tuple[re.Pattern, re.Pattern]]:
    """``"nahm* … fest"`` entries as (verb, particle) patterns."""
    pairs = []
    for entry in entries:
        verb, particle = (part.strip() for part in entry.split("…"))
        pairs.append((re.compile(_cue_regex([verb]), re.IGNORECASE),
                      re.compile(_cue_regex([particle]) + r"\s*$", re.IGNORECASE)))
    return pairs


def _separated(left: str, right: str, pairs) -> bool:
    """Some verb of ``pairs`` is in ``left`` (the clause before a number) and its particle
    closes the stretch of ``right`` up to the first punctuation, as a separated verb
    particle closes its clause ("nahm 14 Demonstranten fest, sagte …")."""
    right = re.split(r"[.,;:!?()\[\]«»“”\"]", right, maxsplit=1)[0]
    return any(verb.search(left) and particle.search(right) for verb, particle in pairs)


@dataclass(frozen=True)
class _Grammar:
    numeral: re.Pattern
    word_number: re.Pattern
    fraction: re.Pattern
    fold: re.Pattern
    multiplicative: re.Pattern
    approximate: re.Pattern
    share_of_next: re.Pattern
    vague: re.Pattern
    magnitude_after: re.Pattern
    decimal_separators: tuple
    thousands_separators: tuple
    cardinals: dict
    scales: dict
    magnitudes: dict
    fractions: dict
    standalone_fractions: frozenset
    multiplicatives: dict
    approximate_numerals: dict
    shares_of_next: dict
    vague_bases: dict
    vague_quantifiers: dict
    vague_low: float
    vague_high: float
    indefinite_articles: frozenset
    negative_before: re.Pattern
    qualifier_before: re.Pattern
    qualifier_before_map: dict
    qualifier_after: re.Pattern
    qualifier_after_map: dict
    approx_marker: re.Pattern
    range_open: re.Pattern
    range_open_pairs: dict
    range_connector: str
    currency_before: re.Pattern
    currency_before_ci: re.Pattern
    currency_before_map: dict
    currency_after: re.Pattern
    currency_after_ci: re.Pattern
    currency_after_map: dict
    unit_after: re.Pattern
    unit_after_ci: re.Pattern
    unit_map: dict
    persons: frozenset
    generic_persons: frozenset
    fraction_not_after: frozenset
    era: re.Pattern
    irregular_plurals: dict
    plural_rules: tuple
    keep_endings: tuple
    stop_words: frozenset
    measure_cues: dict
    person_measures: frozenset
    clause_breaks: tuple
    nominal_determiners: frozenset
    object_verbs: re.Pattern | None
    change_before: dict
    change_cues: dict                  # direction -> its cue words anywhere (not only right before)
    separable_measures: dict           # measure -> (verb, particle) pairs: "nahm … fest"
    cue_not_before: re.Pattern         # a cue right before these describes them ("пострадавших районах")
    separable_changes: dict            # direction -> (verb, particle) pairs: "ging … zurück"
    by_before: re.Pattern
    change_after: dict
    not_change_before: re.Pattern
    level_endings: tuple
    month: str
    time_marker: re.Pattern
    clock_before: re.Pattern
    clock_hours: re.Pattern | None
    ordinal_suffix: re.Pattern
    reference_words: frozenset
    ambiguous_words: frozenset
    pronoun_cardinal: str
    pronoun_before: frozenset
    pronoun_after: frozenset
    name_stop: frozenset
    names: NameLexicon | None = None    # the name tables: a place's case ending ("Euroopassa")
    joiners: frozenset = frozenset()
    multiplying_cardinals: frozenset = frozenset()
    standalone_scales: frozenset = frozenset()
    of_words: frozenset = frozenset()
    person_stems: tuple = ()
    person_units: dict = None
    noun_units: dict = None            # exact counted-noun forms -> shared unit
    noun_unit_stems: tuple = ()        # (stem, unit), longest stem first
    noun_unit_endings: tuple = ()      # (ending, unit) for compounds: "*fälle" in "Cholerafälle"
    verb_endings: tuple = ()
    attributive_participles: bool = False
    capitalised_nouns: bool = False
    ordinal_period: bool = False
    date_day_mark: str = ""
    month_before_day: bool = True
    date_of: str = "(?!x)x"
    bound_connectors: frozenset = frozenset()
    year_words: frozenset = frozenset()
    from_to_pairs: dict = field(default_factory=dict)
    from_to_closers: dict = field(default_factory=dict)   # opener -> its closer and a number after a figure
    by_openers: frozenset = frozenset()
    from_to_verbs: re.Pattern = re.compile(r"(?!x)x")
    alternative_words: str = "(?!x)x"
    person_relatives: re.Pattern = re.compile(r"(?!x)x")
    unit_carried_after: re.Pattern = re.compile(r"(?!x)x")
    change_level_words: re.Pattern = re.compile(r"(?!x)x")
    additive_words: re.Pattern = re.compile(r"(?!x)x")
    copula_before: re.Pattern | None = None
    rate_nouns: WordSet = field(default_factory=WordSet)
    part_before: re.Pattern = re.compile(r"(?!x)x")
    elliptic_by: re.Pattern = re.compile(r"(?!x)x")
    noun_coordinators: frozenset = frozenset()
    of_determiners: frozenset = frozenset(("the", "those", "these", "their", "its", "his", "her", "our", "your"))
    ratio_words: re.Pattern = re.compile(r"(?!x)x")
    ratio_words_round: re.Pattern = re.compile(r"(?!x)x")   # a share only out of a small or round whole
    ratio_noun_between: re.Pattern = re.compile(r"(?!x)x")  # "neuf électeurs sur dix": the noun inside
    partitive_words: re.Pattern = re.compile(r"(?!x)x")    # "212 of the 400 seats": the part counts seats too
    unit_carried_before: re.Pattern = re.compile(r"(?!x)x")
    unit_before: re.Pattern = re.compile(r"(?!x)x")   # a unit named before the number ("magnitude 6.4")
    per_before: re.Pattern = re.compile(r"(?!x)x")    # "per", "pro", "pour": a rate's denominator follows
    per_after: re.Pattern = re.compile(r"(?!x)x")     # Finnish "kohden" after the denominator
    unit_before_map: dict = field(default_factory=dict)
    clock: re.Pattern = None
    level_after_change: frozenset = frozenset()


def _split_case(forms):
    """Short forms (<= 3 chars) match case-sensitively, longer ones case-insensitively."""
    short = [f for f in forms if len(f) <= 3]
    long = [f for f in forms if len(f) > 3]
    return short, long


@functools.cache
def _grammar(lang: str) -> _Grammar:
    numbers = load_lexicon(lang, "numbers")
    qualifiers = load_lexicon(lang, "qualifiers")
    units = load_lexicon(lang, "units")
    measures = load_lexicon(lang, "measures")

    dec = tuple(numbers.get("decimal_separators", ["."]))
    thou = tuple(numbers.get("thousands_separators", [","]))
    thou_class = "[" + "".join(re.escape(s) for s in thou) + "]"
    dec_class = "[" + "".join(re.escape(s) for s in dec) + "]"
    integer = rf"(?:\d{{1,3}}(?:{thou_class}\d{{3}})+(?!\d)|\d+)"
    numeral = re.compile(
        rf"(?<![.,\d])(?:{integer}(?:{dec_class}\d+)?|{dec_class}\d+)(?![\d])"
    )

    cardinals = {k.lower(): float(v) for k, v in numbers["cardinals"].items()}
    scales = {k.lower(): float(v) for k, v in numbers["scales"].items()}
    articles = frozenset(a.lower() for a in numbers.get("indefinite_articles", []))
    joiners = numbers.get("number_joiners", [])
    # glued_joiners sit inside one word ("dreiundzwanzig"); glued_number_words lets parts
    # touch ("kaksikymmentäviisi", "zwanzigtausend")
    glued_joiners = numbers.get("glued_joiners", [])
    # cardinals that multiply what precedes them ("two dozen"); English keeps its historic default
    multiplying = [w.lower() for w in numbers.get("multiplying_cardinals", ["dozen"])]
    word_alt = _alternation(list(cardinals) + list(scales), word=False)
    joiner_alt = "|".join(re.escape(j) for j in joiners) or "(?!x)x"
    glued_alt = "|".join(re.escape(j) for j in glued_joiners)
    glue = (f"|{glued_alt}" if glued_alt else "") + ("|" if numbers.get("glued_number_words") else "")
    article_alt = "|".join(re.escape(a) for a in articles) or "(?!x)x"
    scale_alt = _alternation(list(scales) + [m for m in multiplying if m in cardinals], word=False)
    word_number = re.compile(
        rf"(?<![\w-])(?:(?:{article_alt})\s+(?={scale_alt}(?![\w])))?{word_alt}"
        rf"(?:(?:\s+(?:{joiner_alt})\s+|[\s-]{glue}){word_alt}){{0,8}}(?![\w])",
        re.IGNORECASE,
    )

    fractions = {k.lower(): float(v) for k, v in numbers.get("fractions", {}).items()}
    numerator_alt = _alternation(list(cardinals) + list(articles), word=False)
    fraction = re.compile(
        rf"(?<![\w-])(?:(?P<num>{numerator_alt}|\d+)[\s-]+)?(?P<den>{_alternation(fractions, word=False)})(?![\w])",
        re.IGNORECASE,
    )
    fold = re.compile(
        rf"(?<![\w-])(?P<num>{word_alt}|\d+(?:\.\d+)?)-?{re.escape(numbers.get('fold_suffix', 'fold'))}(?![\w])",
        re.IGNORECASE,
    )
    multiplicatives = {k.lower(): float(v) for k, v in numbers.get("multiplicatives", {}).items()}
    multiplicative = re.compile(_alternation(multiplicatives) + r"(?![-\w])", re.IGNORECASE)

    # round numbers said as a round figure: "une dizaine de blessés", "una veintena", "десяток"
    approximate_numerals = {k.lower(): float(v) for k, v in numbers.get("approximate_numerals", {}).items()}
    article_first = r"(?:" + "|".join(re.escape(a) for a in articles) + r")\s+"
    # French and Spanish need the article ("la quarantaine" is a quarantine); a cardinal before
    # one multiplies it ("два десятка" = about 20)
    approximate = re.compile(
        rf"(?<![\w-])(?:{article_first}|(?P<count>{_alternation(cardinals, word=False)})\s+)"
        rf"{'' if numbers.get('approximate_needs_article') else '?'}"
        rf"(?P<word>{_alternation(approximate_numerals, word=False)})(?![\w])",
        re.IGNORECASE,
    )

    # a share of the scale or unit right after it ("half a million", "a quarter of a percentage
    # point", "eine halbe Million", "полмиллиона"); a number and a half of it ("two and a half
    # million", "два с половиной миллиона", "kaksi ja puoli miljoonaa")
    shares_of_next = {_norm(k): float(v) for k, v in numbers.get("shares_of_next", {}).items()}
    half_joiners = numbers.get("half_joiners", [])
    # only the shares a language writes glued to the next word ("полмиллиона", "Viertelprozentpunkt")
    # may touch it; others end at a space or hyphen ("medios aéreos" is no "medio")
    glued_shares = [w for w in numbers.get("glued_shares", []) if _norm(w) in shares_of_next]
    share_of_next = re.compile(
        rf"(?<![\w-])(?:(?P<count>{_alternation(cardinals, word=False)})\s+{_alternation(half_joiners, word=False)}"
        rf"(?P<sep>[\s-])|(?P<share>{_alternation(shares_of_next, word=False)})(?P<ssep>[\s-])"
        rf"|(?P<glued>{_alternation(glued_shares, word=False)})(?P<gsep>[\s-]?))"
        rf"(?:(?P<scale>{scale_alt})(?![\w]))?",
        re.IGNORECASE,
    )

    vague_bases = {k.lower(): float(v) for k, v in numbers.get("vague", {}).items()}
    vague_quant = {k.lower(): tuple(float(x) for x in v) for k, v in numbers.get("vague_quantifiers", {}).items()}
    vague_of = numbers.get("vague_of", "of")
    of_sep = rf"\s+{re.escape(vague_of)}\s+" if vague_of else r"\s+"
    vb_alt = _alternation(vague_bases, word=False)
    vq_alt = _alternation(vague_quant, word=False)
    vague = re.compile(
        rf"(?<![\w-])(?:(?P<quant>{vq_alt})\s+(?P<qscale>{scale_alt})(?:\s+(?P<qscale2>{scale_alt}))?(?![\w])"
        rf"|(?P<base>{vb_alt})(?:{of_sep}(?P<base2>{vb_alt}))?(?:{of_sep}(?P<base3>{vb_alt}))?(?![\w]))",
        re.IGNORECASE,
    )

    magnitudes = {k: float(v) for k, v in numbers.get("magnitudes", {}).items()}
    glued = set(numbers.get("glued_magnitudes", []))
    spaced = [m for m in magnitudes if m not in glued]
    magnitude_after = re.compile(
        rf"(?:\s?(?P<word>{_alternation(spaced, word=False)})(?![\w])|(?P<glued>{_alternation([g for g in glued if g in magnitudes], word=False)})(?![\w]))",
        re.IGNORECASE if False else 0,
    )

    q_before_map = {}
    for qual, phrases in qualifiers.get("before", {}).items():
        for p in phrases:
            q_before_map[_norm(p)] = qual
    q_after_map = {}
    for qual, phrases in qualifiers.get("after", {}).items():
        for p in phrases:
            q_after_map[_norm(p)] = qual
    qualifier_before = re.compile(rf"(?P<q>{_alternation(q_before_map)})\s*$", re.IGNORECASE)
    qualifier_after = re.compile(rf"^\s*(?P<q>{_alternation(q_after_map)})", re.IGNORECASE)
    approx = qualifiers.get("approximate_markers", [])
    approx_marker = re.compile(r"(?:" + "|".join(re.escape(a) for a in approx) + r")\s*$") if approx else re.compile(r"(?!x)x")
    pairs = {}
    for open_word, close_word in qualifiers.get("range", {}).get("enclosing", []):
        pairs.setdefault(open_word.lower(), []).append(close_word.lower())
    range_open = re.compile(rf"(?P<w>{_alternation(pairs)})\s*$", re.IGNORECASE)
    # pairs that, after a change verb, go from one level to the next ("rose from 146 to 158")
    from_to_pairs = {}
    for open_word, close_word in qualifiers.get("range", {}).get("from_to", []):
        from_to_pairs.setdefault(open_word.lower(), []).append(close_word.lower())
    connectors = qualifiers.get("range", {}).get("connectors", [])
    range_connector = _alternation(connectors)

    cur_before, cur_after = {}, {}
    for code, forms in units.get("currencies", {}).items():
        for f in forms.get("before", []):
            cur_before[f.strip()] = code
        for f in forms.get("after", []):
            cur_after[f.strip()] = code
    cb_short, cb_long = _split_case(cur_before)
    ca_short, ca_long = _split_case(cur_after)
    # no word boundary after a currency written before the amount: "USD10m", "RM23.50"
    currency_before = re.compile(rf"(?P<c>{_alternation(cb_short, tail=False)})\s?$")
    currency_before_ci = re.compile(rf"(?P<c>{_alternation(cb_long, tail=False)})\s?$", re.IGNORECASE)
    currency_after = re.compile(rf"^\s?(?P<c>{_alternation(ca_short)})")
    currency_after_ci = re.compile(rf"^\s?(?P<c>{_alternation(ca_long)})", re.IGNORECASE)

    unit_map = {}
    for canonical, forms in units.get("units", {}).items():
        for f in forms:
            unit_map.setdefault(f, canonical)
    for f in units.get("age_forms", []):
        unit_map.setdefault(f.lstrip("-"), "year of age")
    u_short, u_long = _split_case(unit_map)
    spaced_ok = set(units.get("single_letter_spaced", []))
    one_char = [u for u in u_short if len(u) == 1 and u.isalpha() and u not in spaced_ok]
    multi_short = [u for u in u_short if u not in one_char]
    unit_after = re.compile(
        rf"^(?:(?P<g>{_alternation(one_char)})|(?:[ -]|\u00a0|\u202f)?(?P<u>{_alternation(multi_short)}))(?![\w])"
    )
    unit_after_ci = re.compile(rf"^(?:[ -]|\u00a0|\u202f)?(?P<u>{_alternation(u_long)})(?![\w])", re.IGNORECASE)
    unit_before_map = {_norm(f): canonical for canonical, forms in units.get("units_before", {}).items() for f in forms}
    unit_before = re.compile(rf"(?P<u>{_alternation(unit_before_map)})\s*$", re.IGNORECASE)

    nouns = units.get("nouns", {})
    person_list = [p.lower() for p in units.get("persons", {}).get("nouns", [])]
    persons = frozenset(p for p in person_list if not p.endswith("*"))
    # "солдат*" matches every case form; [persons.units] names the unit reported for a form or stem
    person_stems = tuple(sorted((p[:-1] for p in person_list if p.endswith("*")), key=len, reverse=True))
    person_units = {k.lower(): v for k, v in units.get("persons", {}).get("units", {}).items()}
    noun_unit_table = units.get("nouns", {}).get("units", {})

    measure_cues = {m: re.compile(_cue_regex(c), re.IGNORECASE) for m, c in measures.get("measures", {}).items()}
    change = measures.get("change", {})
    by = _alternation(change.get("by_words", ["by"]))
    # words allowed between the change verb and the number without a "by" word ("nousivat vuodessa 3 %")
    between = rf"(?:\s+[\w'’]+){{0,{int(change.get('words_between', 0))}}}"
    change_before = {
        direction: re.compile(rf"(?:{_cue_regex(change.get(direction, []))})(?:(?:\s+[\w'’]+){{0,2}}\s+{by}|{between})"
                              rf"\s*$", re.IGNORECASE)
        for direction in ("increase", "decrease")
    }
    for direction in ("increase", "decrease"):
        with_by = change.get(f"{direction}_with_by", [])
        if with_by:
            change_before[direction + "_by"] = re.compile(
                rf"(?:{_cue_regex(with_by)})(?:\s+[\w'’]+){{0,2}}\s+{by}\s*$", re.IGNORECASE)
    change_cues = {d: re.compile(_cue_regex(change.get(d, []) + change.get(f"{d}_with_by", [])), re.IGNORECASE)
                   for d in ("increase", "decrease")}
    by_before = re.compile(rf"{by}\s*$", re.IGNORECASE)
    change_after = {
        "increase": re.compile(rf"^\s*{_alternation(change.get('after_words_increase', []))}", re.IGNORECASE),
        "decrease": re.compile(rf"^\s*{_alternation(change.get('after_words_decrease', []))}", re.IGNORECASE),
    }
    not_change_before = re.compile(rf"(?:{_cue_regex(change.get('not_change_before', []))})\s*$", re.IGNORECASE)
    separable = measures.get("separable", {})

    months = numbers.get("months", [])
    month = _alternation(months + [m + "." for m in months if len(m) <= 4])
    # "May 1st", "1 May", "1. Mai", "10 de junio", "10 июня", "10. kesäkuuta"
    ord_alt = "|".join(re.escape(s) for s in numbers.get("ordinal_suffixes", []) if s[:1].isalpha())
    date_of = _alternation(numbers.get("date_joiners", ["of"]))
    ordinal_period = bool(numbers.get("ordinal_period", False))
    day_mark = rf"(?:{ord_alt}{'|[.]' if ordinal_period else ''})?" if ord_alt or ordinal_period else ""
    time_markers = numbers.get("time_markers", [])
    time_marker = re.compile(rf"^\s?{_alternation(time_markers)}", re.IGNORECASE)
    # "à 10 heures", "в 14 часов", "a las 10": a preposition (and an hour word, when listed) make a time of day
    clock_before = re.compile(rf"{_alternation(numbers.get('clock_before', []))}\s*$", re.IGNORECASE)
    hours = numbers.get("clock_hours", [])
    clock_hours = re.compile(rf"^\s?{_alternation(hours)}", re.IGNORECASE) if hours else None
    ordinal_alt = '|'.join(re.escape(s) for s in numbers.get('ordinal_suffixes', [])) or "(?!x)x"
    ordinal_suffix = re.compile(rf"^(?:{ordinal_alt})(?![\w])", re.IGNORECASE)

    name_stop = frozenset(
        [w.lower() for w in nouns.get("stop_words", [])]
        + [w.split()[0].lower() for w in q_before_map]
        + [w.lower() for w in numbers.get("negative_words", [])]
    )
    neg = numbers.get("negative_words", [])
    negative_before = re.compile(
        rf"(?:(?:{_alternation(neg)})[\s-]?|(?<![\w\d.,])[-−])$", re.IGNORECASE
    )

    return _Grammar(
        numeral=numeral, word_number=word_number, fraction=fraction, fold=fold,
        multiplicative=multiplicative, approximate=approximate, share_of_next=share_of_next, vague=vague, magnitude_after=magnitude_after,
        decimal_separators=dec, thousands_separators=thou, cardinals=cardinals, scales=scales,
        magnitudes=magnitudes, fractions=fractions,
        standalone_fractions=frozenset(s.lower() for s in numbers.get("standalone_fractions", [])),
        multiplicatives=multiplicatives, approximate_numerals=approximate_numerals, shares_of_next=shares_of_next, vague_bases=vague_bases, vague_quantifiers=vague_quant,
        vague_low=float(numbers.get("vague_low_factor", 2)), vague_high=float(numbers.get("vague_high_factor", 10)),
        indefinite_articles=articles, negative_before=negative_before,
        qualifier_before=qualifier_before, qualifier_before_map=q_before_map,
        qualifier_after=qualifier_after, qualifier_after_map=q_after_map, approx_marker=approx_marker,
        range_open=range_open, range_open_pairs=pairs, range_connector=range_connector,
        currency_before=currency_before, currency_before_ci=currency_before_ci, currency_before_map=cur_before,
        currency_after=currency_after, currency_after_ci=currency_after_ci, currency_after_map=cur_after,
        unit_after=unit_after, unit_after_ci=unit_after_ci, unit_map=unit_map,
        persons=persons,
        generic_persons=frozenset(w.lower() for w in units.get("persons", {}).get("generic_person_words", [])),
        fraction_not_after=frozenset(w.lower() for w in numbers.get("fraction_not_after", [])),
        era=re.compile(_alternation(numbers.get("era_markers", []))),
        irregular_plurals={k.lower(): v for k, v in nouns.get("irregular", {}).items()},
        plural_rules=tuple(tuple(r) for r in nouns.get("plural_rules", [])),
        keep_endings=tuple(nouns.get("keep_endings", [])),
        # a weekday or a month ends a counted noun phrase ("3,1 millions dimanche")
        stop_words=frozenset(w.lower() for w in nouns.get("stop_words", []) + numbers.get("months", [])
                             + [w for forms in load_lexicon(lang, "time").get("weekdays", []) for w in forms]),
        measure_cues=measure_cues, person_measures=frozenset(measures.get("person_measures", [])),
        clause_breaks=tuple(measures.get("clause_breaks", [])),
        nominal_determiners=frozenset(w.lower() for w in measures.get("nominal_determiners", [])),
        object_verbs=re.compile(_cue_regex(measures["object_verbs"]), re.IGNORECASE)
        if measures.get("object_verbs") else None,
        change_before=change_before, change_cues=change_cues, by_before=by_before, change_after=change_after,
        separable_measures={m: _separable_pairs(v) for m, v in separable.get("measures", {}).items()},
        cue_not_before=re.compile(rf"\s+(?:{_cue_regex(measures.get('cue_not_before', []))})", re.IGNORECASE),
        separable_changes={d: _separable_pairs(v) for d, v in separable.get("change", {}).items()},
        level_endings=tuple(change.get("level_endings", [])), not_change_before=not_change_before,
        month=month, time_marker=time_marker, ordinal_suffix=ordinal_suffix,
        clock_before=clock_before, clock_hours=clock_hours,
        reference_words=frozenset(w.lower() for w in numbers.get("reference_words", [])),
        year_words=frozenset(w.lower() for w in numbers.get("year_words", [])),
        ambiguous_words=frozenset(w.lower() for w in numbers.get("ambiguous_number_words", [])),
        pronoun_cardinal=numbers.get("pronoun_cardinal", "").lower(),
        pronoun_before=frozenset(w.lower() for w in numbers.get("pronoun_before", [])),
        pronoun_after=frozenset(w.lower() for w in numbers.get("pronoun_after", [])),
        name_stop=name_stop,
        names=name_lexicon(lang),
        joiners=frozenset(j.lower() for j in joiners + glued_joiners),
        multiplying_cardinals=frozenset(multiplying),
        standalone_scales=frozenset(w.lower() for w in numbers.get("standalone_scales", [])),
        of_words=frozenset(w.lower() for w in units.get("nouns", {}).get("of_words", [vague_of or "of"])),
        person_stems=person_stems, person_units=person_units,
        noun_units={k.lower(): v for k, v in noun_unit_table.items() if not k.endswith("*")},
        noun_unit_endings=tuple(sorted(((k[1:].lower(), v) for k, v in noun_unit_table.items() if k.startswith("*")),
                                       key=lambda kv: -len(kv[0]))),
        noun_unit_stems=tuple(sorted(((k[:-1].lower(), v) for k, v in noun_unit_table.items() if k.endswith("*")),
                                     key=lambda kv: -len(kv[0]))),
        verb_endings=tuple(nouns.get("verb_endings", ["ed", "ing", "ly"])),
        attributive_participles=bool(nouns.get("attributive_participles", False)),
        capitalised_nouns=bool(numbers.get("capitalised_nouns", False)),
        ordinal_period=ordinal_period, date_day_mark=day_mark, date_of=date_of,
        month_before_day=bool(numbers.get("month_before_day", True)),
        bound_connectors=frozenset(c.lower() for c in qualifiers.get("range", {}).get("bound_connectors", ["and"])),
        from_to_pairs=from_to_pairs,
        from_to_closers={opener: re.compile(rf"\s*(?:{_alternation(closers)})\s*\d", re.IGNORECASE)
                         for opener, closers in from_to_pairs.items()},
        by_openers=frozenset(w.lower() for w in qualifiers.get("range", {}).get("by_openers", [])),
        from_to_verbs=re.compile(_alternation(qualifiers.get("range", {}).get("from_to_verbs", [])), re.IGNORECASE),
        alternative_words=_alternation(qualifiers.get("range", {}).get("alternative_words", ["or"])),
        # "95,800 who ..." counts people; "compared with 63" counts what the previous number counted
        person_relatives=re.compile(
            rf"\s+{_alternation(units.get('persons', {}).get('relative_pronouns', []))}", re.IGNORECASE),
        noun_coordinators=frozenset(w.lower() for w in nouns.get("coordinators", [])),
        # "destroyed 1,500 homes and damaged 2,000 more": the comparative stands for the same noun
        unit_carried_before=re.compile(
            rf"\s+{_alternation(nouns.get('unit_carried_before', []))}", re.IGNORECASE),
        ratio_words=re.compile(rf"\s+{_alternation(numbers.get('ratio_words', []))}\s+", re.IGNORECASE),
        ratio_words_round=re.compile(rf"\s+{_alternation(numbers.get('ratio_words_round', []))}\s+", re.IGNORECASE),
        ratio_noun_between=re.compile(
            rf"\s+[^\W\d_][\w'’-]*\s+{_alternation(numbers.get('ratio_words_after_noun', []))}\s+", re.IGNORECASE),
        partitive_words=re.compile(
            rf"\s+{_alternation(units.get('nouns', {}).get('partitive_words', []))}\s+", re.IGNORECASE),
        **({"of_determiners": frozenset(w.lower() for w in nouns["of_determiners"])}
           if "of_determiners" in nouns else {}),
        # "A was down 2.3%, B by 2.6%": the verb of the previous clause is left out
        elliptic_by=re.compile(rf"\s*[,;]\s+(?P<subject>(?:[^\s\d,;]+\s+){{1,3}}){by}\s*", re.IGNORECASE),
        unit_carried_after=re.compile(
            rf"(?:{_alternation(units.get('nouns', {}).get('unit_carried_after', []))})\s*$", re.IGNORECASE),
        copula_before=re.compile(
            rf"(\w+)\s+(?:{_alternation(units['nouns']['copula_words'])}\s+)+$", re.IGNORECASE)
        if units.get("nouns", {}).get("copula_words") else None,
        rate_nouns=word_set(units.get("nouns", {}).get("rate_nouns", [])),
        part_before=re.compile(rf"{_alternation(load_lexicon(lang, 'speech').get('part_of_before', []))}[\s,]*$",
                               re.IGNORECASE),
        additive_words=re.compile(
            rf"(?<!\w)(?:{_alternation(units.get('nouns', {}).get('additive_words', []))})\s*$", re.IGNORECASE),
        change_level_words=re.compile(
            rf"(?<!\w)(?:{_alternation(units.get('nouns', {}).get('change_level_words', []))})\s*$", re.IGNORECASE),
        clock=_clock_regex(numbers.get("clock_separators", []), dec),
        unit_before=unit_before, unit_before_map=unit_before_map,
        per_before=re.compile(rf"\s*{_alternation(numbers.get('per_before', []))}\s*", re.IGNORECASE),
        per_after=re.compile(rf"\s*{_alternation(numbers.get('per_after', []))}", re.IGNORECASE),
        level_after_change=frozenset(_norm(w) for w in qualifiers.get("level_after_change", [])),
    )


def _clock_regex(separators, decimal_separators) -> re.Pattern:
    """Clock times written with a language's own separator ("14.30", "14h30"); never a decimal one."""
    seps = [s for s in separators if s not in decimal_separators]
    if not seps:
        return re.compile(r"(?!x)x")
    alt = "|".join(re.escape(s) for s in seps)
    return re.compile(rf"(?<![\d.,])(?:[01]?\d|2[0-4])\s?(?:{alt})\s?[0-5]\d(?![\d.,]?\d)")


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# --------------------------------------------------------------------------- atoms

@dataclass
class _Atom:
    start: int
    end: int
    value: float
    kind: str                 # numeral | word | approximate | fraction | multiple | vague
    low: float | None = None  # for vague amounts
    high: float | None = None
    plain_integer: bool = False   # digits only, no separator/decimal/magnitude
    has_magnitude: bool = False
    raw: float = 0.0              # the numeral before its magnitude ("33" in "33bn")


def _numeral_value(text: str, g: _Grammar) -> float:
    cleaned = text
    for sep in g.thousands_separators:
        if sep not in g.decimal_separators:
            cleaned = cleaned.replace(sep, "")
    for sep in g.decimal_separators:
        cleaned = cleaned.replace(sep, ".")
    return float(cleaned)


def _word_value(words: list[str], g: _Grammar) -> float | None:
    """Value of number words; a scale multiplies the words since the previous scale.

    "two hundred and fifty" = 2*100 + 50; "kaksi sataa kaksi kymmentä" = 2*100 + 2*10;
    scales of a thousand and more close a group ("two million five hundred thousand").
    """
    total, current, small, seen = 0.0, 0.0, 0.0, False
    for w in words:
        if w in g.indefinite_articles:
            small = 1.0
            continue
        if w in g.cardinals and w not in g.multiplying_cardinals:
            small += g.cardinals[w]
            seen = True
        elif w in g.scales or w in g.multiplying_cardinals:
            scale = g.scales.get(w) or g.cardinals[w]
            if scale >= 1000:  # closes the group: "zweihundertfünfzig|tausend"
                total += ((current + small) or 1.0) * scale
                current = 0.0
            elif small:
                current += small * scale
            else:
                current = (current or 1.0) * scale
            small = 0.0
            seen = True
    return total + current + small if seen else None


@functools.lru_cache(maxsize=4096)
def _split_glued(word: str, vocabulary: frozenset) -> tuple[str, ...] | None:
    """A glued number word cut into known parts ("kaksikymmentäviisi"), longest part first."""
    if word in vocabulary:
        return (word,)
    for cut in range(len(word) - 1, 0, -1):
        head = word[:cut]
        if head in vocabulary:
            rest = _split_glued(word[cut:], vocabulary)
            if rest is not None:
                return (head,) + rest
    return None


def _number_words(phrase: str, g: _Grammar) -> list[str]:
    """The number words of a matched phrase, glued compounds split into their parts."""
    vocabulary = frozenset(g.cardinals) | frozenset(g.scales) | g.joiners | g.indefinite_articles
    out: list[str] = []
    for word in phrase.split():
        # hyphenated words that are one number word stay whole ("quatre-vingt-dix", "dix-sept")
        pieces = [x for x in word.split("-") if x]
        i = 0
        while i < len(pieces):
            j = next((j for j in range(len(pieces), i, -1) if "-".join(pieces[i:j]) in vocabulary), i + 1)
            token = "-".join(pieces[i:j])
            parts = _split_glued(token, vocabulary)
            out.extend(parts if parts else [token])
            i = j
    return out


def _find_atoms(text: str, g: _Grammar) -> list[_Atom]:
    found: list[_Atom] = []

    # first, so that on a tie it wins over the bare fraction ("a quarter point" is 0.25 points)
    for m in g.share_of_next.finditer(text):
        word = m.group("share") or m.group("glued")
        share = g.shares_of_next[_norm(word)] if word else g.cardinals[m.group("count").lower()] + 0.5
        sep = next(name for name in ("sep", "gsep", "ssep") if m.group(name) is not None)
        if m.group("scale"):
            scale = m.group("scale").lower()
            found.append(_Atom(m.start(), m.end(), share * (g.scales.get(scale) or g.cardinals[scale]), "word"))
        elif _match_unit(text[m.start(sep):m.start(sep) + 40], g):     # "half a percentage point"
            found.append(_Atom(m.start(), m.start(sep), share, "word"))

    for m in g.vague.finditer(text):
        if m.group("quant"):
            lo, hi = g.vague_quantifiers[_norm(m.group("quant"))]
            scale = g.scales.get(m.group("qscale").lower(), 12.0)
            if m.group("qscale2"):
                scale *= g.scales.get(m.group("qscale2").lower(), 1.0)
            found.append(_Atom(m.start(), m.end(), lo * scale, "vague", lo * scale, hi * scale))
        else:
            product = 1.0
            for name in ("base", "base2", "base3"):
                if m.group(name):
                    product *= g.vague_bases[m.group(name).lower()]
            low, high = g.vague_low * product, g.vague_high * product - 1
            found.append(_Atom(m.start(), m.end(), low, "vague", low, high))

    for m in g.fraction.finditer(text):
        den_word = m.group("den").lower()
        num = m.group("num")
        if num is None and den_word not in g.standalone_fractions:
            continue
        if num is None:
            prev = re.search(r"(\w+)\W*$", text[max(0, m.start() - 20):m.start()])
            if prev and prev.group(1).lower() in g.fraction_not_after or text[m.end():m.end() + 1] == "-":
                continue
        if num is None:
            numerator = 1.0
        elif num.isdigit():
            numerator = float(num)
        elif num.lower() in g.indefinite_articles:
            numerator = 1.0
        else:
            numerator = g.cardinals.get(num.lower())
            if numerator is None:
                continue
        if numerator >= g.fractions[den_word]:
            continue
        found.append(_Atom(m.start(), m.end(), numerator / g.fractions[den_word], "fraction"))

    for m in g.fold.finditer(text):
        num = m.group("num")
        value = float(num) if num[0].isdigit() else _word_value(num.lower().replace("-", " ").split(), g)
        if value is not None:
            found.append(_Atom(m.start(), m.end(), value, "multiple"))
    for m in g.multiplicative.finditer(text):
        if re.match(r"\s+as\b", text[m.end():m.end() + 4]):  # "twice as loud": a comparison of manner
            continue
        found.append(_Atom(m.start(), m.end(), g.multiplicatives[m.group(0).lower()], "multiple"))

    for m in g.approximate.finditer(text):      # never matches where the table is empty
        count = g.cardinals[m.group("count").lower()] if m.group("count") else 1.0
        found.append(_Atom(m.start(), m.end(), count * g.approximate_numerals[m.group("word").lower()], "approximate"))

    for m in g.word_number.finditer(text):
        words = _number_words(m.group(0).lower(), g)
        value = _word_value([w for w in words if w not in g.joiners], g)
        if value is None:
            continue
        # a bare scale word is a magnitude of something else ("$US160 million", "baker's dozen"),
        # except where the language writes it alone as a number ("tuhat", "mille")
        if len(words) == 1 and (words[0] in g.scales or words[0] in g.multiplying_cardinals) \
                and words[0] not in g.standalone_scales:
            continue
        found.append(_Atom(m.start(), m.end(), value, "word"))

    for m in g.numeral.finditer(text):
        raw = m.group(0)
        try:
            value = _numeral_value(raw, g)
        except ValueError:
            continue
        plain = raw.isdigit()
        end = m.end()
        mag = g.magnitude_after.match(text, end)
        has_mag = False
        sci = _SCIENTIFIC.match(text, end)
        if sci:  # "1.99×10^30", "3 x 10⁻⁶", "1.2e9": the exponent is part of the number
            exponent = next(e for e in sci.groups() if e is not None).translate(_SUPERSCRIPT)
            value = float(f"{value!r}e{int(exponent.replace('−', '-'))}")  # not value * 10**e: exact decimals
            end, has_mag, plain, mag = sci.end(), True, False, None
        if mag:
            word = mag.group("word") or mag.group("glued")
            factor = g.magnitudes.get(word) or g.magnitudes.get(word.lower())
            if factor:
                value *= factor
                end = mag.end()
                has_mag = True
                plain = False
        found.append(_Atom(m.start(), end, value, "numeral", plain_integer=plain, has_magnitude=has_mag,
                           raw=_numeral_value(raw, g)))

    # Written numbers followed by a magnitude word are already covered
    # ("two million"); a numeral followed by scale words ("3.9 million") too.
    # Keep the longest atom where atoms overlap, preferring earlier starts.
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    atoms: list[_Atom] = []
    last_end = -1
    for atom in found:
        if atom.start >= last_end:
            atoms.append(atom)
            last_end = atom.end
    return _join_ratios(text, atoms, g)


def _round_whole(value: float) -> bool:
    """A whole a share is given out of ("neun von zehn", "3 из 5", "1 sur 100"), unlike a count
    a part of it is given of ("212 из 400 мест" is 212 seats)."""
    return value <= 10 or value in (100, 1000)


def _join_ratios(text: str, atoms: list[_Atom], g: _Grammar) -> list[_Atom]:
    """"one in five adults", "nine out of 10": a share, value a/b, read as a fraction."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (b is not None and a.kind in ("numeral", "word") and b.kind in ("numeral", "word")
                and (a.kind == "word" or a.plain_integer) and (b.kind == "word" or b.plain_integer)
                and 0 < a.value < b.value <= 1000
                and (g.ratio_words.fullmatch(text, a.end, b.start)
                     or ((g.ratio_words_round.fullmatch(text, a.end, b.start)
                          or g.ratio_noun_between.fullmatch(text, a.end, b.start)) and _round_whole(b.value)))
                and not _match_unit(text[b.end:b.end + 20], g)):  # "2 in 10 minutes" is a rate
            out.append(_Atom(a.start, b.end, a.value / b.value, "fraction"))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# --------------------------------------------------------------------------- filters

# scientific notation, the same in every language: "× 10^6", "x10⁻⁶", "×10−30" (minus only after ×), "1.2e9"
_SCIENTIFIC = re.compile(
    r"(?:\s?[×x*·]\s?10(?:\^|\*\*)\s?(?P<caret>[-−+]?\d{1,3})"
    r"|\s?[×x*·]\s?10(?P<sup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
    r"|\s?×\s?10(?P<minus>[-−]\d{1,3})"
    r"|[eE](?P<e>[-+]?\d{1,3}))(?![\w.,]\d|[\w⁰¹²³⁴⁵⁶⁷⁸⁹])"
)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")

_WORD_BEFORE = re.compile(r"([^\s]+)\s$")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}")
_SPACED_PHONE = re.compile(r"(?<![\d.,])\d{2,4}(?:[ \u00a0]\d{2,4}){2,5}(?![\d.,]?\d)")
# digits joined by a colon are a clock time, a score ("3:1") or a ratio ("5:4"), never an amount
_TIME_COLON = re.compile(r"(?<![\d.,])\d{1,3}:\d{1,3}(?::\d{2})?(?![.,]?\d)")
# day.month.year dates in any language ("10.6.2025", "24/02/2022")
_DOTTED_DATE = re.compile(r"(?<![\d.,/])\d{1,2}([./])\d{1,2}\1(?:\d{4}|\d{2})(?![\d.,/]\d)")
_SCORE = re.compile(r"(?<![\w.,-])(\d{1,3})[-–](\d{1,3})(?![\w.,]|-\d)")


def _blocked_spans(text: str, g: _Grammar) -> list[tuple[int, int]]:
    """Character ranges that hold dates, clock times and phone numbers."""
    blocked = []
    for m in g.clock.finditer(text):
        blocked.append((m.start(), m.end()))
    for m in _TIME_COLON.finditer(text):
        blocked.append((m.start(), m.end()))
    # phone numbers in space-separated groups ("040 123 4567", "91 123 45 67"): not a thousands
    # grouping, and a leading zero or a two-digit group
    for m in _SPACED_PHONE.finditer(text):
        groups = m.group(0).split()
        if sum(len(x) for x in groups) >= 7 and (groups[0].startswith("0") or any(len(x) == 2 for x in groups[1:])) \
                and not all(len(x) == 3 for x in groups[1:]):
            blocked.append((m.start(), m.end()))
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group(0))
        seps = re.findall(r"[\s.-]", m.group(0))
        if digits >= 7 and ("-" in seps or "(" in m.group(0) or m.group(0).startswith("+")) and not re.search(r"\d,\d", m.group(0)):
            blocked.append((m.start(), m.end()))
    # the year of a full date is part of the date ("Mar 9 2018 researchers", "1 May 2023")
    year = r"(?:,?\s+(?:1[89]|2[01])\d\d(?![\d,.]\d))?"
    # the day's mark ("1st", "1.") and the word between day and month ("10 de junio") come from the lexicon
    day, of = g.date_day_mark, g.date_of
    day_month = rf"(?<![\w.,])\d{{1,2}}{day}\s+(?:{of}\s+)?{g.month}{year}"
    # "May 8" only where dates are written month first ("toukokuussa 8 prosenttiin" is "in May, 8%")
    month_first = rf"{g.month}\s*\d{{1,2}}{day}(?![\d,.]\d){year}|" if g.month_before_day else ""
    month_day = re.compile(month_first + day_month, re.IGNORECASE)
    for m in month_day.finditer(text):
        blocked.append((m.start(), m.end()))
    for m in _DOTTED_DATE.finditer(text):
        blocked.append((m.start(), m.end()))
    # scores are written winner first ("won 3-1", "a 2-2 draw"); ranges low first
    for m in _SCORE.finditer(text):
        if int(m.group(1)) >= int(m.group(2)) and not g.range_open.search(text[max(0, m.start() - 20):m.start()]):
            blocked.append((m.start(), m.end()))
    for m in g.era.finditer(text):
        blocked.append((max(0, m.start() - 6), m.end() + 6))
    return blocked


def _is_not_a_quantity(text: str, atom: _Atom, g: _Grammar, blocked, sentence_start: int) -> bool:
    s, e = atom.start, atom.end
    if blocked[s] or blocked[e - 1]:
        return True
    after = text[e:e + 12]
    before = text[max(0, s - 40):s]
    if atom.kind == "numeral":
        if g.ordinal_suffix.match(after):
            return True
        # "der 2. Weltkrieg", "3. kerta": a period and a word after a numeral mark an ordinal
        if g.ordinal_period and re.match(r"\.\s+[^\W\d_]", after) and "." not in g.decimal_separators:
            return True
        if g.time_marker.match(after) and atom.plain_integer and not atom.has_magnitude:
            return True      # "в 2020 году", "в 7 часов утра" (not "640 млн годом ранее")
        # "7 Prozent weniger als 2022": a figure compared with a year, not "fewer than 2022"
        if atom.plain_integer and 1900 <= atom.value <= 2100 and re.match(r"\s*(?:[,.;:)]|$)", after) \
                and (qm := g.qualifier_before.search(before)) and re.search(r"\d\D{0,15}$", before[:qm.start()]):
            return True
        if g.clock_before.search(before) and (g.clock_hours is None or g.clock_hours.match(after)):
            return True
        # glued to a letter or hyphen-joined to a name: "S22", "COVID-19", "ID.3"
        prev = text[s - 1:s]
        if prev.isalpha() or prev == "$":
            glued_currency = g.currency_before.search(before) or g.currency_before_ci.search(before)
            if prev.isalpha() and not glued_currency:
                return True
        if prev == "-" and re.search(r"[^\W\d_]-$", before) and not g.negative_before.search(before) \
                and not g.qualifier_before.search(before) \
                and not re.search(rf"\d-?{g.range_connector}-$", before, re.IGNORECASE):  # "0-to-60-mph"
            return True
        if prev == "/" or after[:1] == "/" and after[1:2].isdigit():
            return True
        if prev == "#":
            return True
        # a letter glued after the numeral that is not a unit or magnitude: "3D", "4x4"
        # (checked later, once units are known)
    # list numbering at the very start: "1." / "2)"
    if s == sentence_start and atom.kind == "numeral" and re.match(r"[.)]\s", text[e:e + 2]):
        return True
    m = _WORD_BEFORE.search(before)
    prev_word = m.group(1) if m else ""
    if prev_word.lower() in g.year_words and atom.kind == "numeral" and atom.plain_integer and 1000 <= atom.value <= 2100:
        return True
    if prev_word.lower().rstrip(":") in g.reference_words and atom.kind in ("numeral", "word"):
        # a label never takes a percent: "last year 76 percent more" is a share after a missing comma
        unit = _match_unit(after, g)
        if not (unit and unit[0] in ("percent", "percentage point")):
            return True
    if atom.kind == "word":
        if re.match(r"\s\d", text[e:e + 2]):  # "one 52,000-barrel refinery": the numeral carries the claim
            return True
        # a number word that is also a common word ("семью": seven / family; "kuusi": six / spruce)
        # is a number only before what it counts: a unit or a word that is not a function word
        if text[s:e].lower() in g.ambiguous_words and not _match_unit(text[e:e + 20], g):
            nxt = re.match(r"\s+([^\W\d_]+)", text[e:e + 30])
            if nxt is None or nxt.group(1).lower() in g.name_stop:
                return True
        if text[s].isupper() and _is_label(text, atom, g):  # "BBC One", "Kick Six"
            return True
    if atom.kind == "word" and text[s:e].lower() == g.pronoun_cardinal:
        if prev_word.lower() in g.pronoun_before:
            return True
        nxt = re.match(r"\s*([\w'’]+|[^\w\s])", text[e:e + 20])
        continues_range = re.match(rf"\s*{g.range_connector}\s*(?:\d|\w+)", text[e:e + 30], re.I)
        if _match_unit(text[e:e + 20], g):  # "one%", "one km": a unit makes it a number
            return False
        if nxt is None or not nxt.group(1)[0].isalnum() or \
                (nxt.group(1).lower() in g.pronoun_after and not continues_range):
            return True
    return False


def _looks_like_year(atom: _Atom, text: str) -> bool:
    if not atom.plain_integer or len(text[atom.start:atom.end]) != 4:
        return False
    return 1800 <= atom.value <= 2200  # "by 2150" projections are years too


def _is_label(text: str, atom: _Atom, g: _Grammar) -> bool:
    """A number right after a capitalised name is a label ("Boeing 787", "S&P 500")."""
    before = text[max(0, atom.start - 40):atom.start]
    m = re.search(r"([^\s]+) $", before)
    if not m:
        return False
    word = m.group(1)
    if not any(c.isupper() for c in word) or not word[-1:].isalnum():
        return False
    if word.lower() in g.name_stop:
        return False
    # a place in a case that says where ("Euroopassa 127 000") modifies the clause, it labels nothing
    if has_place_suffix(word.lower(), g.names):
        return False
    # where every noun is capitalised ("Angriff 20 Menschen"), only mixed case, digits or symbols make a name
    if g.capitalised_nouns:
        return not word.isalpha() or not word[1:].islower()
    # a sentence-initial capital ("Only 5 people") is a name only when it looks like one ("S&P 500")
    head = before[: m.start()].rstrip()
    if head == "" or head[-1:] in ".!?;\"“(":
        return not word.isalpha() or not word[1:].islower()
    return True


# --------------------------------------------------------------------------- context

def _singular(word: str, g: _Grammar) -> str:
    low = word.lower()
    if low in g.irregular_plurals:
        return g.irregular_plurals[low]
    if any(low.endswith(k) for k in g.keep_endings):
        return low
    for plural, singular in g.plural_rules:
        if low.endswith(plural) and len(low) > len(plural) + 1:
            return low[: len(low) - len(plural)] + singular
    return low


_NOUN_WORDS = re.compile(r"[^\W\d_][\w'’&-]*")
_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.){2,}(?=\s+[^\W\d_])")
_ELIDED = re.compile(r"[^\W\d_]+['’](?=[^\W\d_])")     # an elided article or preposition: "d'", "l’"


def _is_person(word: str, g: _Grammar) -> bool:
    low = word.lower()
    return low in g.persons or (bool(g.person_stems) and low.startswith(g.person_stems))


def _counted_noun(text: str, pos: int, g: _Grammar, allow_of: bool) -> tuple[str | None, str | None, int]:
    """The noun a number counts: (head as written, normalised unit, end offset)."""
    i = pos
    n = len(text)
    words, ends = [], []          # the noun phrase's words and where each ends
    end = pos
    skipped_of = False
    for _ in range(5):
        j = i
        while j < n and text[j] in " \u00a0":
            j += 1
        if j == i and words:
            break
        dotted = _DOTTED_ABBREVIATION.match(text, j)
        if dotted:            # "two U.S. officials": a dotted abbreviation modifies the noun after it
            i = dotted.end()
            continue
        m = _NOUN_WORDS.match(text, j)
        if not m:
            break
        w, w_end = m.group(0), m.end()
        if (elided := _ELIDED.match(w)) and elided.group().lower().replace("’", "'") in g.stop_words:
            w, w_end = elided.group(), j + elided.end()    # "d'autres": "d'" is a word of its own
        lw = _norm(w)
        if lw in g.stop_words:
            if allow_of and not words and not skipped_of and lw in g.of_words:
                skipped_of = True
                i = w_end
                continue
            if allow_of and skipped_of and not words and lw in g.of_determiners:
                i = w_end
                continue
            if words and lw in g.noun_coordinators and _coordinated_head_follows(text, w_end, words, g):
                i = w_end  # "300 Kia and Hyundai vehicles": the head comes after the coordination
                continue
            break
        words.append(w)
        ends.append(w_end)
        end = w_end
        i = w_end
        if len(words) == 3 or text[i:i + 1] in ",.;:)!?":
            break
    # a verb form ends the noun phrase: it is the predicate, not the counted noun ("countries
    # conducted", "satoja loukkaantui lautan upotessa": what follows it is not counted either)
    # (a noun of the shared unit table stays: "9000 Haushalte" is not a verb in "-te"), except
    # where participles stand before their noun as adjectives ("517 rushing yards", "400
    # charging stations", "50 beschädigte Häuser"): there only trailing verb forms go
    verbs = [k for k, w in enumerate(words) if w.lower().endswith(g.verb_endings) and not _is_person(w, g)
             and not _canonical_noun_unit(w.lower(), g)]
    if g.attributive_participles:
        verbs = [k for k in verbs if all(j in verbs for j in range(k, len(words)))]
    if verbs:
        words, end = words[:verbs[0]], ends[verbs[0] - 1] if verbs[0] else pos
    if not words:
        return None, None, pos
    # a person-noun phrase may be two words ("police officers"): check both
    for k in (2, 1):
        if len(words) >= k:
            phrase = " ".join(words[:k]).lower()
            if k == 2 and _is_person(phrase, g) and " " in phrase and phrase in g.persons:
                return " ".join(words[:k]), _unit_of_noun(phrase, g), end
    # the head is the first plural-looking word ("seasons" in "new seasons of"), else the last word
    specific = [w for w in words if _is_person(w, g) and w.lower() not in g.generic_persons]
    # a noun of the shared unit table is the head, not an adjective before it ("nuevos casos",
    # "нові випадки", "nouveaux cas")
    # (a person comes first: "жителей прибрежных районов" counts residents, not districts)
    persons = [w for w in words if _is_person(w, g)]
    known = [w for w in words if _canonical_noun_unit(w.lower(), g)] if not persons else []
    capitalised = [w for w in words if w[:1].isupper()] if g.capitalised_nouns and not persons else []
    head = (specific[-1] if specific else known[0] if known else capitalised[0] if capitalised else
            next((w for w in words if _is_person(w, g) or _singular(w, g) != w.lower()), words[-1]))
    return head, _unit_of_noun(head, g), end


def _coordinated_head_follows(text: str, pos: int, words: list[str], g: _Grammar) -> bool:
    """True when modifiers so far ("Kia") are coordinated with more before a plural head ("Hyundai vehicles")."""
    if any(_singular(w, g) != w.lower() or _is_person(w, g) for w in words):
        return False
    nxt = _NOUN_WORDS.findall(text[pos:pos + 40])[:3 - len(words)]
    return any(w.lower() not in g.stop_words and _singular(w, g) != w.lower()
               and not w.lower().endswith(g.verb_endings) for w in nxt)


def _unit_of_noun(noun: str, g: _Grammar) -> str:
    low = noun.lower()
    if low in g.generic_persons:
        return "people"
    if g.person_units:
        if low in g.person_units:
            return g.person_units[low]
        for stem in g.person_stems:
            if low.startswith(stem) and stem in g.person_units:
                return g.person_units[stem]
    canonical = _canonical_noun_unit(low, g)
    if canonical:
        return canonical
    return " ".join(_singular(w, g) for w in low.split())


def _canonical_noun_unit(low: str, g: _Grammar) -> str | None:
    """The shared (English) unit of a counted noun from [nouns.units], so "домов" and "homes" meet."""
    if low in g.noun_units:
        return g.noun_units[low]
    for stem, unit in g.noun_unit_stems:
        if low.startswith(stem):
            return unit
    for ending, unit in g.noun_unit_endings:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            return unit
    return None


def _measure(unit: str | None, context: str, noun: str | None, g: _Grammar, is_person: bool,
             predicate: bool = False) -> str:
    """The measure from cue words in ``context``. After a number with its own counted noun
    (``predicate``), a cue used as a noun with its article ("600 rescuers searching for the
    missing") names another group and is skipped; "half of the dead" still counts the dead."""
    if unit in ("percent", "percentage point", "basis point"):
        return "percent"
    found = {m for m, rx in g.measure_cues.items()
             if any(not (predicate and noun is not None and hit.group().lower() != noun.lower()
                         and _after_determiner(context, hit.start(), g))
                    and not g.cue_not_before.match(context, hit.end()) for hit in rx.finditer(context))}
    noun_measures = {m for m, rx in g.measure_cues.items() if noun and rx.fullmatch(noun)}
    if "attacks" in noun_measures:
        return "attacks"
    if is_person or unit is None:
        if "casualties" in found or ("killed" in found and "wounded" in found):
            return "casualties"
        for m in ("killed", "wounded", "missing", "captured", "displaced", "losses"):
            if m in found and (m != "losses" or is_person):
                return m
        if is_person:
            return "people"
    return "other"


def _after_determiner(context: str, start: int, g: _Grammar) -> bool:
    words = context[:start].split()
    return bool(words) and words[-1].lower() in g.nominal_determiners


# --------------------------------------------------------------------------- main

@dataclass
class _Draft:
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    measure: str
    change: str | None
    atom_start: int
    atom_end: int
    kind: str
    noun_end: int
    noun: str | None = None
    currency_from_after: bool = False
    raw: float = 0.0
    magnitude: float = 1.0


def _grow(text: str, atom: _Atom, g: _Grammar) -> _Draft:
    """Add currency, unit, qualifier and counted noun around one atom."""
    start, end, value = atom.start, atom.end, atom.value
    left = text[max(0, start - _LEFT_WINDOW):start]
    unit = None
    currency_after = False
    # negative sign / word
    if atom.kind == "numeral":
        neg = g.negative_before.search(left)
        if neg:
            value = -value
            start -= len(neg.group(0))
            left = text[max(0, start - _LEFT_WINDOW):start]
    # currency before
    candidates = [m for m in (g.currency_before.search(left), g.currency_before_ci.search(left)) if m]
    cm = min(candidates, key=lambda m: m.start()) if candidates else None  # longest: "HK $" over "$"
    if cm:
        symbol = cm.group("c")
        unit = g.currency_before_map.get(symbol) or g.currency_before_map.get(symbol.strip())
        if unit is None:
            for k, v in g.currency_before_map.items():
                if k.lower() == symbol.lower():
                    unit = v
        start -= len(cm.group(0))
        left = text[max(0, start - _LEFT_WINDOW):start]
        if atom.kind == "numeral":
            neg = g.negative_before.search(left)
            if neg and left.endswith("-"):
                value = -value
                start -= 1
                left = text[max(0, start - _LEFT_WINDOW):start]
    right = text[end:end + _RIGHT_WINDOW]
    ub = g.unit_before.search(left) if unit is None and atom.kind == "numeral" else None
    if ub:     # "magnitude 6.4", "Stärke 6,3", "магнітудою 6,4": the number measures, it counts nothing
        named = g.unit_before_map[_norm(ub.group("u"))]
        lowest, highest = _UNIT_BEFORE_RANGE.get(named, (-math.inf, math.inf))
        if lowest <= value < highest:
            unit = named
            start -= len(left) - ub.start()
            left = text[max(0, start - _LEFT_WINDOW):start]
    if unit is None:
        um = _match_unit(right, g)
        if um:
            unit, length, currency_after = um
            end += length
            right = text[end:end + _RIGHT_WINDOW]
    elif atom.kind == "numeral" and not atom.has_magnitude:
        # "$5 million" after the currency symbol: magnitude handled by atom; nothing here
        pass
    if unit is None and atom.kind == "numeral" and atom.plain_integer and 0 < value < 120 \
            and re.search(r"[A-Za-z][\w'’-]*,\s$", left) and re.match(r",\s", right):
        unit = "year of age"
    qualifier = "exact"
    low = high = value
    if atom.kind == "vague":
        qualifier, low, high = "vague", atom.low, atom.high
    elif atom.kind == "fraction":
        qualifier = "fraction"
    elif atom.kind == "multiple" and unit is None:
        unit = "times"
    elif atom.kind == "approximate":
        qualifier = "about"
    qm = g.qualifier_before.search(left)
    am = g.approx_marker.search(left)
    # "выросло до 46" (rose to 46), "bajó 0,3 puntos, hasta el 7,1 %": after a change verb in
    # the same clause a level word is not a bound
    if qm and {_norm(qm.group("q")), _norm(qm.group("q")).split()[0]} & g.level_after_change \
            and _changes_earlier(left[:qm.start()], g):
        qm = None
    # "pasó de 146 a 158" (went from 146 to 158): "pasó de" is no "more than" where the range closes
    if qm and (closer := g.from_to_closers.get(_norm(qm.group("q")).split()[-1])) and closer.match(text, atom.end):
        qm = None
    if qm and atom.kind != "vague":
        qualifier = g.qualifier_before_map.get(_norm(qm.group("q")), "exact")
        start -= len(left) - qm.start()
    elif am:
        qualifier = "about" if atom.kind not in ("fraction", "vague") else qualifier
        start -= len(am.group(0))
    qa = g.qualifier_after.match(right)
    if qa and qualifier == "exact":
        qualifier = g.qualifier_after_map.get(_norm(qa.group("q")), "exact")
        end += qa.end()
    if qualifier in ("more_than", "at_least"):
        low, high = value, None
    elif qualifier in ("less_than", "at_most"):
        low, high = None, value
    elif qualifier != "vague":
        low = high = value
    noun = None
    noun_end = end
    if unit is None:
        noun, unit, noun_end = _counted_noun(text, end, g, allow_of=atom.kind in ("vague", "fraction", "word") or True)
    if unit is None and noun is None and g.copula_before:
        # "Tapauksia on ollut 9 800" (cases there have been 9,800): the counted noun comes first
        before = g.copula_before.search(text, 0, start)
        unit = _canonical_noun_unit(before.group(1).lower(), g) if before else None
    magnitude = atom.value / atom.raw if atom.kind == "numeral" and atom.raw else 1.0
    return _Draft(start, end, value, low, high, qualifier, unit, "other", None, atom.start, atom.end,
                  atom.kind, noun_end, noun, currency_after, atom.raw if atom.kind == "numeral" else value, magnitude)


def _changes_earlier(left: str, g: _Grammar) -> bool:
    """A change verb occurs in the clause that ``left`` ends ("выросло", "снизилась на 0,3 пункта")."""
    clause = _after_last_clause_break(left, g)
    return any(rx.search(clause) for rx in g.change_cues.values())


def _match_unit(right: str, g: _Grammar):
    """(unit, length, is_currency) for a unit or currency right after a number."""
    best = None
    for rx, mapping, is_cur, group in (
        (g.currency_after_ci, g.currency_after_map, True, "c"),
        (g.currency_after, g.currency_after_map, True, "c"),
        (g.unit_after_ci, g.unit_map, False, "u"),
        (g.unit_after, g.unit_map, False, None),
    ):
        m = rx.match(right)
        if not m:
            continue
        form = m.group(group) if group else (m.group("g") or m.group("u"))
        canonical = mapping.get(form)
        if canonical is None:
            low = _norm(form)
            for k, v in mapping.items():
                if _norm(k) == low:
                    canonical = v
                    break
        if canonical and (best is None or m.end() > best[1]):
            best = (canonical, m.end(), is_cur)
    return best


_RATE_UNITS = ("percent", "percentage point", "basis point", "point")
# values a unit named before the number can take: "Stärke 6,3" is a magnitude, "eine Stärke
# von 5000 Soldaten" (a troop strength) is not
_UNIT_BEFORE_RANGE = {"magnitude": (0.0, 10.0)}


def _change(text: str, d: _Draft, g: _Grammar) -> str | None:
    left = text[max(0, d.start - _LEFT_WINDOW):d.start]
    if g.not_change_before.search(left):
        return None
    # "nousi 8 prosenttiin" (rose to 8%): the case of the counted word marks the new level
    counted = re.match(r"\s*([^\W\d_]+)", text[d.atom_end:d.atom_end + 40])
    if g.level_endings and counted and counted.group(1).lower().endswith(g.level_endings):
        return None
    for direction, rx in g.change_before.items():
        if rx.search(left):
            return direction.removesuffix("_by")
    # "a relevé mardi son taux directeur de 0,75 point": a rate or an amount after a "by" word,
    # with the change verb earlier in the clause (the nearest one counts)
    if g.by_before.search(left) and (d.unit in _RATE_UNITS or d.measure == "money"):
        clause = _after_last_clause_break(left, g)
        found = [(m.end(), direction) for direction, rx in g.change_cues.items() for m in rx.finditer(clause)]
        if found:
            return max(found)[1]
        # a verb that closes the clause ("hat den Leitzins um 0,25 Prozentpunkte … angehoben")
        after = _before_next_clause_break(text[d.end:d.end + _RIGHT_WINDOW], 0, g)
        found = [(m.start(), direction) for direction, rx in g.change_cues.items() for m in rx.finditer(after)]
        if found:
            return min(found)[1]
    right = text[d.end:d.end + 20]
    for direction, rx in g.change_after.items():
        if rx.match(right) and d.unit in _RATE_UNITS:
            return direction
    if g.separable_changes:
        # "nahm im Oktober um 12.000 zu", "ging um 4,5 Prozent zurück": the verb before the
        # number, its particle closing the clause after it
        clause = _before_next_clause_break(text[max(d.end, d.noun_end):d.end + _RIGHT_WINDOW], 0, g)
        before = _after_last_clause_break(left, g)
        for direction, pairs in g.separable_changes.items():
            if _separated(before, clause, pairs):
                return direction
    return None


def extract_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Every number-bearing quantity claim in ``text`` (usually one sentence).

    Spans are offsets into ``text``; ``Quantity.text == text[start:end]`` and
    includes the qualifier phrase and currency/unit ("more than $2.3bn").
    Never raises on any string input; raises UnsupportedLanguageError for a
    language without lexicons.
    """
    if not isinstance(text, str) or not text:
        return []
    g = _grammar(lang)
    try:
        return _extract(text, g)
    except Exception:  # a bug must not take down a whole comparison run
        log.exception("quantity extraction failed on %r", text[:200])
        return []


def _extract(text: str, g: _Grammar) -> list[Quantity]:
    atoms = _find_atoms(text, g)
    if not atoms:
        return []
    # one flag per character, so each atom is checked in constant time
    blocked = bytearray(len(text) + 1)
    for bs, be in _blocked_spans(text, g):
        blocked[bs:be] = b"\x01" * (be - bs)
    sentence_start = len(text) - len(text.lstrip())
    kept: list[_Atom] = []
    for atom in atoms:
        if _is_not_a_quantity(text, atom, g, blocked, sentence_start):
            continue
        kept.append(atom)
    drafts: list[_Draft] = []
    for atom in kept:
        if drafts and atom.start < drafts[-1].end:  # consumed as a unit ("parts per million")
            continue
        d = _grow(text, atom, g)
        if atom.kind == "numeral":
            after = text[d.end:d.end + 1]
            # glued letters that are not a unit: "3D", "5G", "1990s"
            if d.end == atom.end and after.isalpha():
                continue
            currency = d.unit is not None and d.unit.isupper()
            # "in 2023", "the 2020 Escape" are years; "1800 boats" (a plural noun) is a count
            counts_plural = d.noun is not None and (d.noun.islower() or g.capitalised_nouns) \
                and _singular(d.noun, g) != d.noun.lower()
            if _looks_like_year(atom, text) and not currency and d.qualifier == "exact" \
                    and (d.unit is None or d.unit == "year" or (d.noun is not None and not counts_plural)):
                continue
            if _is_label(text, atom, g) and not currency and d.noun is not None or \
                    _is_label(text, atom, g) and d.unit is None:
                continue
        drafts.append(d)
    drafts = _join_rates(text, _join_ranges(text, drafts, g), g)
    quantities = [_finish(text, d, drafts, i, g) for i, d in enumerate(drafts)]
    return _inherit_measures(text, quantities, drafts, g)


def _join_rates(text: str, drafts: list[_Draft], g: _Grammar) -> list[_Draft]:
    """A count per a round number is one rate: "312 cases per 100,000 inhabitants", "312 Fälle pro
    100.000 Einwohner", "312 tapausta 100 000 asukasta kohden" have the unit "case per 100,000"."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and d.kind == "numeral" and d.qualifier == "exact" and _is_power_of_ten(d.value)
                and (g.per_before.fullmatch(text, max(prev.end, prev.noun_end), d.start)
                     or (text[max(prev.end, prev.noun_end):d.start].isspace()
                         and g.per_after.search(text, d.end, max(d.end, d.noun_end) + 8)))):
            out[-1] = replace(prev, unit=f"{prev.unit + ' ' if prev.unit else ''}per {int(d.value):,}",
                              end=d.end, noun_end=max(d.end, d.noun_end))
            continue
        out.append(d)
    return out


def _is_power_of_ten(value: float) -> bool:
    return value >= 10 and math.log10(value).is_integer()


def _inherit_measures(text: str, quantities: list[Quantity], drafts: list[_Draft], g: _Grammar) -> list[Quantity]:
    """A bare number that continues a count takes its measure: "the toll, first put at 31, rose to 46"."""
    out: list[Quantity] = []
    for k, (q, d) in enumerate(zip(quantities, drafts)):
        prev = out[-1] if out else None
        if k >= 2 and (_modifies_noun(text, drafts[k - 2], drafts[k - 1], g)
                       or g.part_before.search(text, out[-2].span[1], out[-1].span[0])):
            # "4 500 habitants de onze villages …, et 2 000 autres": the residents; "12 человек,
            # в том числе двое детей, еще 57": the people, not the children among them
            prev = out[-2]
        if (prev is not None and q.unit is None and d.noun is None and d.kind in ("numeral", "word")
              and prev.unit is not None and prev.unit not in ("fraction", "times")
              and g.additive_words.search(text, prev.span[1], q.span[0])):
            # "a further 2,000 told to stay indoors", "otros 2.000": more of what was counted before
            rest = _before_next_clause_break(text[q.span[1]:q.span[1] + _RIGHT_WINDOW], 0, g).split()
            carried = prev.measure if q.measure in ("other", "people") and len(rest) <= 2 else q.measure
            counts_people = prev.measure in g.person_measures or prev.measure == "people"
            q = replace(q, unit=prev.unit, measure="people" if carried == "other" and counts_people else carried)
        elif (prev is not None and q.measure == "other" and q.unit is None and d.noun is None
                and prev.measure in g.person_measures):
            q = replace(q, measure=prev.measure, unit=prev.unit)
        elif (prev is not None and q.unit is None and d.noun is None and d.kind in ("numeral", "word", "range")
              and prev.unit is not None and prev.change is None and prev.unit not in ("fraction", "times")
              and (g.unit_carried_after.search(text[prev.span[1]:q.span[0]])
                   or g.unit_carried_before.match(text, q.span[1]))):
            # "460 cars were stolen, compared with 63", "3.9 million headsets, up from 2.4 million":
            # the level it is compared with counts the same thing (not after a change: "up 5% from 100")
            # (a measure of its own stays: "five died and 30 others were injured")
            q = replace(q, unit=prev.unit, measure=prev.measure if q.measure in ("other", "people") else q.measure)
        out.append(q)
    # "rose by 34,000 to 2.8 million people", "stieg um 34.000 auf 2,8 Millionen Arbeitslose",
    # "bajó en 27.000 personas, hasta 2,6 millones": a change and the level it led to count the same
    for i in range(len(out) - 1):
        change, level = out[i], out[i + 1]
        if (change.change is not None and level.change is None and (change.unit is None) != (level.unit is None)
                and (change.unit or level.unit) not in (*_RATE_UNITS, "fraction", "times")
                and g.change_level_words.search(text, change.span[1], level.span[0])):
            known = change if change.unit else level
            out[i], out[i + 1] = (replace(q, unit=known.unit, measure=known.measure if q.measure == "other" else q.measure)
                                  for q in (change, level))
    # "d'un quart de point, à 3,25 %", "bajó 0,3 puntos, hasta el 7,1 %": a change in points
    # to a percentage is in percentage points (not an index's: "the Dow lost 190 points, or 0.6%")
    # and so is a change in points of a rate the sentence names ("cut rates by a quarter point")
    if any(q.unit == "point" and q.change is not None for q in out):
        levels = [q.value for q in out if q.unit == "percent" and q.change is None]
        of_a_rate = any(w in g.rate_nouns for w in re.findall(r"\w+", text.lower()))
        out = [replace(q, unit="percentage point", measure="percent" if q.measure == "other" else q.measure)
               if q.unit == "point" and q.change is not None and (any(q.value < v for v in levels) or of_a_rate)
               else q for q in out]
    # "212 of the 400 seats", "212 der 400 Sitze": a bare part counts what its whole counts
    for i in range(len(out) - 2, -1, -1):
        q, whole = out[i], out[i + 1]
        if (q.unit is None and drafts[i].noun is None and drafts[i].kind in ("numeral", "word")
                and whole.unit is not None and whole.unit not in ("fraction", "times")
                and g.partitive_words.fullmatch(text, q.span[1], whole.span[0])):
            out[i] = replace(q, unit=whole.unit, measure=whole.measure if q.measure == "other" else q.measure)
    return out


def part_of_before(lang: str) -> re.Pattern:
    """The words that give a number as a part of the one before, at the end of the text between
    them ("1.1 million …, including 87,000", "12 человек, в том числе двое детей")."""
    return _grammar(lang).part_before


def _before_next_clause_break(right: str, keep: int, g: _Grammar) -> str:
    """Cues after a number count only inside its clause, and not after a verb that acts on
    another group ("600 rescuers search for the missing"); the counted noun (``keep`` chars)
    always counts; a break inside a cue phrase is none ("убитими та пораненими")."""
    cut = min((start for start, _ in _clause_breaks(right, g) if start >= max(keep, 0)), default=len(right))
    if g.object_verbs is not None and (hit := g.object_verbs.search(right)):
        cut = min(cut, hit.start())
    return right[:cut]


def _clause_breaks(text: str, g: _Grammar) -> list[tuple[int, int]]:
    """Spans of the clause breaks in ``text``, but those inside a cue phrase of more than one
    word ("убитыми и ранеными" is one cue, not two clauses)."""
    breaks = [(m.start(), m.end()) for b in g.clause_breaks for m in re.finditer(re.escape(b), text)]
    if not breaks:
        return []
    inside = [(m.start(), m.end()) for rx in g.measure_cues.values() for m in rx.finditer(text) if " " in m.group()]
    return [(i, j) for i, j in breaks if not any(s <= i and j <= e for s, e in inside)]


def _after_last_clause_break(left: str, g: _Grammar) -> str:
    """Cues before a number count only inside its clause: not across ", and" or ";" (a break
    inside a cue phrase is none: "убитыми и ранеными" is one cue, not two clauses)."""
    return left[max((end for _, end in _clause_breaks(left, g)), default=0):]



def _join_ranges(text: str, drafts: list[_Draft], g: _Grammar) -> list[_Draft]:
    out: list[_Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        if i + 1 < len(drafts):
            b = drafts[i + 1]
            joined = _try_range(text, a, b, g)
            if joined == "score":  # scores are results, not quantity claims
                i += 2
                continue
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _try_range(text: str, a: _Draft, b: _Draft, g: _Grammar) -> _Draft | None:
    # "three or four years": the unit written once belongs to both numbers
    if a.unit is None and a.noun is None and b.unit and b.noun is None \
            and re.fullmatch(rf"\s+{g.alternative_words}\s+", text[a.end:b.start], re.IGNORECASE):
        a.unit = b.unit
    if a.kind not in ("numeral", "word") or b.kind not in ("numeral", "word"):
        return None
    if a.qualifier not in ("exact", "about"):
        return None
    left = text[max(0, a.start - _LEFT_WINDOW):a.start]
    opener = g.range_open.search(left)
    open_word = opener.group("w").lower() if opener else None
    # the counted noun of a ("5 people to 7") would sit between them: use the unit end only
    between = text[a.end:b.start]
    m = re.fullmatch(rf"\s*(?P<c>{g.range_connector})\s*", between, re.IGNORECASE)
    if m and b.qualifier == "exact":
        conn = m.group("c").lower()
    else:
        conn = _enclosing_close(text, a, b, g, open_word) if open_word else None
        if conn is None:
            return None
    # "5 and 7" is a range only after its opener ("between 5 and 7", "zwischen 5 und 7")
    if conn in g.bound_connectors and conn not in g.range_open_pairs.get(open_word or "", ()):
        return None
    if conn in ("-", "–", "—"):
        if between.strip() != between.strip(" ") or (between != conn and not open_word):
            return None
        # a score ("won 3-1", "2-2 draw"): written high-low, not a range
        if a.value >= b.value and open_word is None:
            return "score"  # type: ignore[return-value]
    if conn in ("to", "to-") and open_word is None and _change(text, a, g) and not a.value < b.value <= 2 * a.value:
        # "fell 150 to 34,500" is a change and the level it led to; "fell 5 to 7 degrees", two
        # close figures, is a range of the change
        return None
    if a.unit and b.unit and a.unit != b.unit and not (a.noun or b.noun):
        return None
    if open_word in g.by_openers and (direction := _change(text, a, g)):
        # "a baissé de 27 000 personnes à 2,6 millions": "de" is "by", and the level follows; it
        # is "from" only where the figures move the verb's way and stay of a size
        if (direction == "increase") != (a.value < b.value) or min(a.value, b.value) < max(a.value, b.value) / 2:
            return None
    lo_v, hi_v = a.value, b.value
    # a magnitude written once applies to both ends: "33-35 billion euros", "$5-10m"
    if a.magnitude == 1.0 and b.magnitude != 1.0 and a.raw < b.raw:
        lo_v = a.value * b.magnitude
    unit = b.unit or a.unit
    start = a.start - (len(left) - opener.start()) if opener else a.start
    low, high = min(lo_v, hi_v), max(lo_v, hi_v)
    # "rose from 146 to 158", "est passé de 146 à 158": both levels stay as the range, and the
    # figure is the level it reached, not the midpoint
    before = left[:opener.start()] if opener else ""
    moved = conn in g.from_to_pairs.get(open_word or "", ()) and (
        _changes_earlier(before, g) or g.from_to_verbs.search(_after_last_clause_break(before, g)))
    return _Draft(start, b.end, hi_v if moved else (low + high) / 2, low, high, "range", unit, "other", None,
                  a.atom_start, b.atom_end, "range", b.noun_end, b.noun or a.noun)


def _is_named_subject(words: list[str], g: _Grammar) -> bool:
    """A short name ("Burlington", "the Nasdaq"), not a participle phrase ("driven")."""
    content = [w for w in words if w.lower() not in g.stop_words]
    return bool(content) and all(w[:1].isupper() for w in content)


def _enclosing_close(text: str, a: _Draft, b: _Draft, g: _Grammar, open_word: str) -> str | None:
    """The closing word of an enclosed range that is not right between the two numbers.

    "from $75 a barrel to $45": a few words (no clause punctuation) before the closing
    word; "from 450 sq ft up to 900 sq ft": the closing phrase was read as b's qualifier.
    """
    closers = [c for c in g.range_open_pairs.get(open_word, []) if c[:1].isalpha()]
    if not closers:
        return None
    alt = _alternation(closers)
    between = text[a.end:b.start]
    if b.qualifier == "exact":
        m = re.fullmatch(rf"(?:\s+[^\s,;:()]+){{0,4}}?\s+(?P<c>{alt})\s*", between, re.IGNORECASE)
    elif not between.strip():
        m = re.match(rf"(?P<c>{alt})", text[b.start:b.atom_start], re.IGNORECASE)
    else:
        m = None
    return _norm(m.group("c")) if m else None


def _near_cue(text: str, start: int, end: int, g: _Grammar) -> tuple[int, str]:
    """(offset, words) of the last ``NEAR_CUE_WORDS`` words before a number at ``end`` (searched
    from ``start``), not across punctuation and not before a coordinator: "14 dead and 30
    wounded" gives nothing for 30, "killing at least 38" gives "killing" for 38."""
    segment_start = max((m.end() for m in re.finditer(r"[,;:.!?()\[\]«»“”\"]", text[start:end])), default=0) + start
    words = list(re.finditer(r"\S+", text[segment_start:end]))[-NEAR_CUE_WORDS:]
    words = words[max((i + 1 for i, w in enumerate(words) if w.group().lower() in g.noun_coordinators), default=0):]
    if not words:
        return end, ""
    return segment_start + words[0].start(), " ".join(w.group() for w in words)


def _modifies_noun(text: str, d: _Draft, following: _Draft | None, g: _Grammar) -> bool:
    """The next figure counts things that qualify this one's counted noun ("residents of
    eleven villages", "habitants de onze villages", "жителей одиннадцати деревень")."""
    if following is None or d.noun is None or following.noun is None or _is_person(following.noun, g):
        return False
    between = text[d.noun_end:following.start].split()
    return len(between) <= 1 and all(w.lower() in g.of_words for w in between)


# measures a count of any living beings can take from its verb ("died", "were injured")
_LIFE_MEASURES = ("killed", "wounded", "casualties", "missing")


def _finish(text: str, d: _Draft, drafts: list[_Draft], index: int, g: _Grammar) -> Quantity:
    prev_end = drafts[index - 1].end if index > 0 else 0
    next_start = drafts[index + 1].start if index + 1 < len(drafts) else len(text)
    ctx_start = max(prev_end, d.start - _LEFT_WINDOW)
    unit = d.unit
    if unit is None and d.noun is None and d.kind != "fraction" and g.person_relatives.match(text, d.end):
        unit = "people"
    noun_unit = _unit_of_noun(d.noun, g) if d.noun else None
    is_person = unit == "people" or (d.noun is not None and (_is_person(d.noun, g) or _singular(d.noun, g) in g.persons))
    if d.kind == "fraction":
        unit = noun_unit
    if unit and unit.isupper() and len(unit) == 3:
        measure = "money"
    else:
        right_end = min(next_start, max(d.noun_end, d.end) + _RIGHT_WINDOW)
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        if _modifies_noun(text, d, following, g):
            # "4,500 residents of eleven villages have been evacuated": the verb after the
            # villages is the residents'
            after_next = drafts[index + 2].start if index + 2 < len(drafts) else len(text)
            right_end = min(after_next, following.noun_end + _RIGHT_WINDOW)
            following = drafts[index + 2] if index + 2 < len(drafts) else None
            next_start = after_next
        if (following is not None and right_end == next_start
                and ((following.noun is not None and _is_person(following.noun, g))
                     or (following.unit is None and following.noun is None))):
            # "212 passengers …, killing six": the next number's own cue is not this one's
            # (a duration after it takes none: "killed in about six months")
            cue_start = _near_cue(text, d.end, next_start, g)[0]
            if any(rx.search(text, cue_start, next_start) for rx in g.measure_cues.values()):
                right_end = max(cue_start, d.end)
        right = _before_next_clause_break(text[d.end:right_end], d.noun_end - d.end, g)
        left = _after_last_clause_break(text[ctx_start:d.start], g)
        # a cue right before the number governs it ("killing at least 38 people and injuring
        # more than 1,200"): it wins over a cue of the next coordinated verb after it
        near = _near_cue(text, ctx_start, d.start, g)[1]
        measure = _measure(unit, near, d.noun, g, is_person)
        if measure in ("people", "other"):
            measure = _measure(unit, right, d.noun, g, is_person, predicate=True)
        elif measure == "losses":
            # "lost about 1,100 troops killed or wounded": what the losses were, said after the noun
            narrower = _measure(unit, right, d.noun, g, is_person, predicate=True)
            measure = narrower if narrower in _LIFE_MEASURES + ("captured",) else measure
        # a cue between the previous number of the clause and this one is that number's
        # predicate ("40 were missing after a boat carrying about 90 migrants")
        previous_in_clause = index > 0 and ctx_start == prev_end and len(left) == d.start - ctx_start
        if measure in ("people", "other") and (unit is None or is_person) and not previous_in_clause:
            measure = _measure(unit, left, d.noun, g, is_person)
        if measure in ("people", "other") and (unit is None or is_person):
            # a separable verb around the number: "nahm am Samstag 14 Demonstranten fest"
            measure = next((m for m, pairs in g.separable_measures.items() if _separated(left, right, pairs)), measure)
        if measure == "other" and d.noun is not None and not is_person and _canonical_noun_unit(d.noun.lower(), g) is None:
            # a noun no table knows ("zwei Angler ertranken", "three climbers died"): the verb
            # of its own clause may still say they died, were hurt or went missing
            own = _measure(None, near, None, g, True)
            if own not in _LIFE_MEASURES:
                own = _measure(None, right, None, g, True, predicate=True)
            measure = own if own in _LIFE_MEASURES else measure
    if d.kind == "fraction":
        unit = "fraction"
    # ranges carry no change: "rose from 5 to 7 euros" gives the levels before and after, and a
    # range of a change ("fell 5 to 7 degrees") is a plain range in NewsQuant's annotation too;
    # "lost 800 men" is a loss, not a change
    change = _change(text, d, g) if d.kind != "range" and measure not in g.person_measures else None
    if index > 0 and re.fullmatch(r"\s*[(/]\s*", text[max(drafts[index - 1].end, drafts[index - 1].noun_end):d.start]):
        # a conversion in brackets restates the previous number: "more than 100 km (60 miles)"
        prev = drafts[index - 1]
        if d.qualifier == "exact" and prev.qualifier not in ("exact", "range", "vague", "fraction"):
            d = replace(d, qualifier=prev.qualifier,
                        low=None if prev.low is None else d.value, high=None if prev.high is None else d.value)
            drafts[index] = d  # a second conversion restates it too: "under 296 hp (224 kW / 300 PS)"
        change = change or _change(text, prev, g)
    if change is None and index > 0:
        # "lost 190 points, or 0.6%": an appositive restates the previous change
        prev = drafts[index - 1]
        gap = text[max(prev.end, prev.noun_end):d.start]
        if re.fullmatch(r"\s*,?\s*or\s*", gap):
            change = _change(text, prev, g)
        elif (m := g.elliptic_by.fullmatch(gap)) and _is_named_subject(m.group("subject").split(), g):
            change = _change(text, prev, g)
    return Quantity(
        span=(d.start, d.end), text=text[d.start:d.end], value=float(d.value),
        low=None if d.low is None else float(d.low), high=None if d.high is None else float(d.high),
        qualifier=d.qualifier, unit=unit, measure=measure, change=change,
    )


def measures_mentioned(text: str, lang: str) -> set[str]:
    """The measures whose cue words (``measures.toml``) occur anywhere in ``text``.

    Used where a sentence speaks of an earlier figure without a number of its own
    ("The figure covers both the dead and the wounded").
    """
    return {measure for measure, rx in _grammar(lang).measure_cues.items() if rx.search(text)}


def quantities_json(text: str, lang: str = "en") -> dict:
    """One line of ``claimgrid.quantities/1``: ``{"text": ..., "quantities": [...]}``."""
    return {
        "text": text,
        "quantities": [
            {"span": list(q.span), "text": q.text, "value": _plain(q.value), "low": _plain(q.low),
             "high": _plain(q.high), "qualifier": q.qualifier, "unit": q.unit, "measure": q.measure,
             "change": q.change}
            for q in extract_quantities(text, lang)
        ],
    }


def _plain(x: float | None):
    """JSON number: ints stay ints (100000, not 100000.0)."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 1e18 else x
