"""Lining claims up across sources and saying how they relate.

For every pair of sources, each claim is matched to at most one claim of the
other source, best pairs first. A pair of quantity claims must count the same
kind of thing (measure and unit); then:

- values consistent (their intervals meet) and the same scope -> ``agree`` when
  nothing differs, else ``compatible`` (qualifier, precision, wording, an
  added time or place);
- a different scope (time windows that do not overlap, different places or
  subjects, a narrower measure) -> ``related``: not comparable;
- values inconsistent, the same scope, and sentences about the same thing ->
  ``conflict``: they cannot both be true.

Quotes and attributed statements match on meaning (multilingual sentence
embeddings) and shared words, so "stalled and failed" meets "halted and failed".
Agreeing pairs across three or more sources are merged into one alignment, which
never holds two claims of one source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence
from difflib import SequenceMatcher
from itertools import combinations

import numpy as np

from .model import DIFFERENCE_FIELDS, Alignment, Claim, Difference, Quantity
from .names import fold_name

# Measures nest: a claim about "killed" sits inside one about "casualties".
MEASURE_PARENT = {"killed": "casualties", "wounded": "casualties", "casualties": "losses",
                  "missing": "losses", "captured": "losses"}
# Measures that say little about what is counted: two such figures need closer sentences to be shown together.
GENERIC_MEASURES = {"people", "percent", "money", "other"}
# "Lost 100,000 troops" leaves open what kind of loss: it may stand for any narrower measure.
UNSPECIFIC_MEASURES = {"losses"}
ABOUT_TOLERANCE = 0.10           # "about 20,000" admits 18,000–22,000
ROUND_TOLERANCE = 0.05           # a round figure ("100,000") is itself approximate
SAME_TOPIC_SIMILARITY = 0.84     # sentence cosine above which two figures speak of the same thing
RELATED_SIMILARITY = 0.80        # enough to show two figures of one measure side by side as "related"
GENERIC_RELATED_SIMILARITY = 0.88  # the same for figures of a generic measure (people, percent, money)
QUOTE_SIMILARITY = 0.90          # quote cosine enough on its own
QUOTE_SIMILARITY_WITH_WORDS = 0.80
QUOTE_SHARED_WORDS = 0.5
QUOTE_SIMILARITY_SAME_SPEAKER = 0.85   # one speaker's words in a translation (no words shared)
STATEMENT_SIMILARITY = 0.93
MIN_TIME_OVERLAP = 0.5           # share of the shorter window two "same" time scopes must share


@dataclass(frozen=True)
class ClaimContext:
    """What alignment needs to know of a claim beyond the claim itself."""
    claim: Claim
    embed_text: str                # what stands for the claim's meaning: its sentence, or the quote
    subject: str | None = None    # entity ids (or a party from subjects.toml)
    place: str | None = None
    speaker: str | None = None
    subject_is_party: bool = False


def align_claims(contexts: list[ClaimContext],
                 embed: Callable[[Sequence[str]], np.ndarray]) -> list[Alignment]:
    """Alignments among claims of different sources (see module docstring).

    ``embed`` turns texts into L2-normalised vectors; it is called once, only for
    the claims that have a plausible partner in another source.
    """
    aliases = _headline_restatements(contexts)
    every = {c.claim.id: c for c in contexts}
    contexts = [c for c in contexts if c.claim.id not in aliases]
    by_source: dict[str, list[ClaimContext]] = {}
    for c in contexts:
        by_source.setdefault(c.claim.source, []).append(c)
    plausible = {(sa, sb): [(a, b) for a in by_source[sa] for b in by_source[sb] if _may_match(a, b)]
                 for sa, sb in combinations(sorted(by_source), 2)}
    texts = sorted({c.embed_text for pairs in plausible.values() for pair in pairs for c in pair})
    vectors = embed(texts) if texts else np.zeros((0, 0))
    vector_of = {t: vectors[i] for i, t in enumerate(texts)}
    matched: list[tuple[ClaimContext, ClaimContext, str, tuple[Difference, ...], float]] = []
    for pairs in plausible.values():
        matched.extend(_match_sources(pairs, vector_of))
    return [_with_restatements(al, aliases, every) for al in _group(matched)]


def _is_headline(c: ClaimContext) -> bool:
    """A claim read from the line an article opens with, written without a full stop."""
    return c.claim.sentence[0] == 0 and not c.embed_text.rstrip().endswith((".", "!", "?", "…", '"', "»", "”"))


def _headline_restatements(contexts: list[ClaimContext]) -> dict[str, str]:
    """Headline figures the same source gives again in its text ("4,500 evacuated" over "Some
    4,500 residents … have been evacuated"), mapped to that claim: they are aligned as one."""
    aliases: dict[str, str] = {}
    body: dict[tuple, list[ClaimContext]] = {}
    for c in contexts:
        if c.claim.quantity is not None and not _is_headline(c):
            body.setdefault((c.claim.source, c.claim.quantity.value), []).append(c)
    for c in contexts:
        q = c.claim.quantity
        if q is None or not _is_headline(c):
            continue
        # a headline may leave the unit out ("forces 4,500 from their homes")
        same = [b for b in body.get((c.claim.source, q.value), []) if q.unit is None or b.claim.quantity.unit == q.unit]
        if same:
            aliases[c.claim.id] = same[0].claim.id
    return aliases


def _with_restatements(al: Alignment, aliases: dict[str, str], every: dict[str, ClaimContext]) -> Alignment:
    extra = [alias for alias, claim in aliases.items() if claim in al.claims]
    if not extra:
        return al
    ids = sorted((*al.claims, *extra), key=_claim_order)
    return replace(al, claims=tuple(ids), differences=differences_among([every[i] for i in ids]))


def _may_match(a: ClaimContext, b: ClaimContext) -> bool:
    """Cheap checks that rule a pair out before any embedding is computed."""
    if a.claim.kind != b.claim.kind:
        return False
    if a.claim.kind == "quantity":
        return a.claim.quantity is not None and b.claim.quantity is not None and _same_kind(
            a.claim.quantity, b.claim.quantity)
    if a.claim.kind == "statement":
        return a.speaker is not None and a.speaker == b.speaker
    return True


def _match_sources(pairs: list[tuple[ClaimContext, ClaimContext]], vector_of: dict):
    """One source pair: each claim joins its best partner, best pairs first."""
    judged = []
    for a, b in pairs:
        similarity = float(vector_of[a.embed_text] @ vector_of[b.embed_text])
        verdict = judge_pair(a, b, similarity)
        if verdict is not None:
            relation, differences, rank = verdict
            judged.append((rank, a, b, relation, differences, similarity))
    judged.sort(key=lambda j: j[0], reverse=True)
    used: set[str] = set()
    matched = []
    for _, a, b, relation, differences, similarity in judged:
        if a.claim.id in used or b.claim.id in used:
            continue
        used.update((a.claim.id, b.claim.id))
        matched.append((a, b, relation, differences, similarity))
    # A claim left without a partner may still be of a narrower scope than a figure the other
    # source shares with a third, when one of them says so ("19 in Tsqaltubo alone" beside "at
    # least 46 in the region"), or an earlier count of the same measure ("first put at 31 on
    # Wednesday" beside "at least 46"); other leftovers of a kind are not linked ("1,230 in the
    # past 24 hours" is no scope of "about 7,000 killed").
    for _, a, b, relation, differences, similarity in judged:
        if relation == "related" and (a.claim.id not in used) != (b.claim.id not in used) \
                and (a.claim.place_restricted or b.claim.place_restricted or _earlier_count(a.claim, b.claim)):
            used.update((a.claim.id, b.claim.id))
            matched.append((a, b, relation, differences, similarity))
    return matched


def _earlier_count(a: Claim, b: Claim) -> bool:
    """The same measure counted on two different days (not over two windows: "in the past 24
    hours" and "over three months" are no counts of one another)."""
    days = [c.time.start for c in (a, b) if c.time is not None and c.time.start is not None
            and c.time.start == c.time.end]
    return a.quantity.measure == b.quantity.measure and len(days) == 2 and days[0] != days[1]


def judge_pair(a: ClaimContext, b: ClaimContext, similarity: float):
    """(relation, differences, rank) for two claims of different sources, or None if unrelated.

    ``similarity`` is the cosine of their embeddings.
    """
    if a.claim.kind != b.claim.kind:
        return None
    if a.claim.kind == "quantity":
        return _judge_quantities(a, b, similarity)
    if a.claim.kind == "quote":
        return _judge_texts(a, b, similarity, QUOTE_SIMILARITY)
    if a.speaker is not None and a.speaker == b.speaker:
        return _judge_texts(a, b, similarity, STATEMENT_SIMILARITY)
    return None


def _judge_texts(a: ClaimContext, b: ClaimContext, similarity: float, alone: float):
    shared = shared_word_share(a.claim.text, b.claim.text)
    same_speaker = a.speaker is not None and a.speaker == b.speaker
    if not (similarity >= alone or (similarity >= QUOTE_SIMILARITY_WITH_WORDS and shared >= QUOTE_SHARED_WORDS)
            or (same_speaker and similarity >= QUOTE_SIMILARITY_SAME_SPEAKER)):
        return None
    differences = differences_among([a, b])
    return _agree_or_compatible(differences), differences, (1, similarity + shared)


def _judge_quantities(a: ClaimContext, b: ClaimContext, similarity: float):
    qa, qb = a.claim.quantity, b.claim.quantity
    if qa is None or qb is None or not _same_kind(qa, qb):
        return None
    qa, qb = _as_shares(qa, qb)
    ma, mb = compared_measure(qa), compared_measure(qb)
    same_measure = ma == mb or bool({ma, mb} & UNSPECIFIC_MEASURES)
    consistent = values_consistent(qa, qb)
    differences = differences_among([a, b])
    time_scope = _time_scope(a.claim, b.claim)
    place_scope = _entity_scope(a.place, b.place)
    restricted = a.claim.place_restricted or b.claim.place_restricted
    # Place names in copy are often the dateline or the briefing room: only a place marked as the
    # sole scope ("in Tsqaltubo alone") makes two figures incomparable.
    place_differs = restricted and place_scope != "same"
    subject_scope = _entity_scope(a.subject, b.subject)
    if subject_scope == "different" and not (a.subject_is_party and b.subject_is_party):
        subject_scope = "unknown"

    different_scope = (not same_measure or time_scope == "different" or subject_scope == "different"
                       or (place_differs and not (consistent and place_scope == "unknown")))
    # Intervals that merely overlap ("more than 600" / "more than 3,000") are weak evidence: a shared
    # value, or sentences about the same thing, must back them; for generic measures, the same unit too.
    generic = ma in GENERIC_MEASURES and not _same_unit(qa, qb)
    backed = similarity >= (GENERIC_RELATED_SIMILARITY if generic else RELATED_SIMILARITY) or (
        qa.value == qb.value and not generic)
    if consistent and not different_scope and backed:
        relation = _agree_or_compatible(differences)
    elif (not consistent and ma == mb and time_scope == "same" and not restricted
          and (ma not in GENERIC_MEASURES or _same_unit(qa, qb))
          and subject_scope != "different" and similarity >= SAME_TOPIC_SIMILARITY):
        # A conflict needs positive evidence of the same scope, not just the absence of a difference.
        relation = "conflict"
    elif (consistent and qa.value == qb.value) or similarity >= (
            GENERIC_RELATED_SIMILARITY if ma in GENERIC_MEASURES else RELATED_SIMILARITY):
        relation = "related"
    else:
        return None
    # Rank: consistent same-scope pairs first, then exact values, then closeness of meaning.
    closeness = 1.0 - abs(qa.value - qb.value) / max(abs(qa.value), abs(qb.value), 1e-9)
    rank = (relation in ("agree", "compatible"), same_measure and not different_scope, closeness, similarity)
    return relation, differences, rank


# Fields where one source saying nothing is an omission, not a disagreement.
OMISSIBLE_FIELDS = {"time", "place", "subject", "attribution"}


def _agree_or_compatible(differences: tuple[Difference, ...]) -> str:
    """Agree when nothing differs but details one source leaves out; else compatible."""
    for d in differences:
        stated = [v for v in d.values.values() if v is not None]
        if d.field not in OMISSIBLE_FIELDS or len(set(map(repr, stated))) > 1:
            return "compatible"
    return "agree"


def _facets(c: ClaimContext) -> dict[str, tuple[object, object]]:
    """Per field, (what is compared, what is shown) for one claim."""
    claim, q, t = c.claim, c.claim.quantity, c.claim.time
    facets: dict[str, tuple[object, object]] = {}
    if q is not None:
        facets["value"] = (q.value, q.value)
        facets["qualifier"] = (q.qualifier, q.qualifier)
        facets["measure"] = (compared_measure(q), compared_measure(q))
        resolved = t is not None and t.start is not None and t.end is not None
        facets["time"] = ((t.start, t.end) if resolved else ((t.key or _norm_words(t.text)) if t else None),
                          t.text if t else None)
        facets["place"] = (c.place, claim.place.text if claim.place else None)
        if c.subject_is_party:
            facets["subject"] = (c.subject, claim.subject.text)
    else:
        facets["wording"] = (_norm_words(claim.text), claim.text)
    if c.speaker is not None:
        facets["attribution"] = (c.speaker, _speaker_name(c))
    return facets


def differences_among(contexts: list[ClaimContext]) -> tuple[Difference, ...]:
    """The fields on which the claims differ, with each claim's value.

    Subject and speaker count only where at least two claims state one; time and
    place also differ when one claim gives them and another does not.
    """
    facets = [(c.claim.id, _facets(c)) for c in contexts]
    differences = []
    for name in DIFFERENCE_FIELDS:
        present = [(cid, f[name]) for cid, f in facets if name in f]
        if len(present) < 2 or len({repr(key) for _, (key, _) in present}) < 2:
            continue
        differences.append(Difference(name, {cid: shown for cid, (_, shown) in present}))
    return tuple(differences)


def compared_measure(q: Quantity) -> str:
    """The measure two figures are compared by: a step in bare points counts like one in
    percentage points (see ``_points``); otherwise the figure's own measure."""
    return "percent" if q.unit == "point" else q.measure


def _points(qa: Quantity, qb: Quantity) -> bool:
    """Bare points against percentage points: one source's "0,75 point" is another's "0.75 percentage
    points" (a bare point is read as its own unit, since it can also count an index or a score)."""
    return {qa.unit, qb.unit} == {"point", "percentage point"}


# units that name one thing: news gives temperatures in bare degrees ("44,6 grados") or in
# Celsius ("44.6C") for the same reading; Fahrenheit stays apart
SAME_UNITS = {"celsius": "degree"}


def _unit_key(q: Quantity) -> str | None:
    return SAME_UNITS.get(q.unit, q.unit)


def _same_unit(qa: Quantity, qb: Quantity) -> bool:
    return _unit_key(qa) == _unit_key(qb) or _points(qa, qb)


def _as_shares(qa: Quantity, qb: Quantity) -> tuple[Quantity, Quantity]:
    """A fraction word against a percentage, both as percentages: "nearly a third" is one
    source's way to say another's "32 %". A fraction word is a rounded figure, so it is read
    as "about" (unless a bound was stated: "more than half")."""
    if {qa.unit, qb.unit} != {"fraction", "percent"}:
        return qa, qb
    return tuple(_fraction_as_percent(q) if q.unit == "fraction" else q for q in (qa, qb))


def _fraction_as_percent(q: Quantity) -> Quantity:
    def scaled(v):
        return None if v is None else v * 100
    qualifier = "about" if q.qualifier in ("fraction", "exact") else q.qualifier
    return replace(q, value=q.value * 100, low=scaled(q.low), high=scaled(q.high), unit="percent",
                   measure="percent", qualifier=qualifier)


def _same_kind(qa: Quantity, qb: Quantity) -> bool:
    qa, qb = _as_shares(qa, qb)
    if _points(qa, qb):
        return True
    if not measures_nest(qa.measure, qb.measure):
        return False
    units = {qa.unit, qb.unit}
    for strict in ("fraction", "percent", "percentage point"):
        if strict in units and len(units) > 1:
            return False
    if qa.measure in ("money", "other") and _unit_key(qa) != _unit_key(qb):
        return False
    return True


def measures_nest(ma: str, mb: str) -> bool:
    """True when one measure is the other or contains it (killed ⊂ casualties ⊂ losses)."""
    return ma == mb or mb in measure_ancestors(ma) or ma in measure_ancestors(mb)


def measure_ancestors(measure: str) -> list[str]:
    """The broader measures that contain ``measure``, nearest first (killed -> casualties, losses)."""
    chain = []
    while measure in MEASURE_PARENT:
        measure = MEASURE_PARENT[measure]
        chain.append(measure)
    return chain


def value_interval(q: Quantity) -> tuple[float, float]:
    """The values a quantity admits, widened for "about" and for round figures."""
    low = q.low if q.low is not None else -float("inf")
    high = q.high if q.high is not None else float("inf")
    if q.qualifier in ("about", "vague"):
        slack = ABOUT_TOLERANCE * abs(q.value)
    elif q.qualifier == "fraction" or not _is_round(q.value):
        slack = 0.0
    else:
        # a round figure stands for what rounds to it, and no further than ROUND_TOLERANCE:
        # "80,000" admits 76,000-84,000 (not 87,000, which rounds to 90,000); "87,000" admits
        # 86,500-87,500 (rounded to its thousands), not 5 % around it
        slack = min(ROUND_TOLERANCE * abs(q.value), _half_rounding_unit(q.value))
    if q.low is not None:
        low = q.low - slack
    if q.high is not None:
        high = q.high + slack
    return low, high


def _half_rounding_unit(value: float) -> float:
    """Half the place value of a round figure's last significant digit (80,000: 5,000; 87,000: 500)."""
    unit = 1.0
    while value and abs(value) % (unit * 10) == 0:
        unit *= 10
    return unit / 2


def _is_round(value: float) -> bool:
    """A figure written to one or two significant digits ("300", "43,000", "480 billion"); "51.3
    billion" is precise to its third digit and takes no rounding slack."""
    if value >= 1000:
        digits = str(int(value)).rstrip("0")
        return value % 1000 == 0 and len(digits) <= 2
    return value >= 100 and value % 100 == 0


def values_consistent(qa: Quantity, qb: Quantity) -> bool:
    la, ha = value_interval(qa)
    lb, hb = value_interval(qb)
    return la <= hb and lb <= ha


def _time_scope(a: Claim, b: Claim) -> str:
    ta, tb = a.time, b.time
    if ta is None and tb is None:
        return "same"
    if ta is None or tb is None or None in (ta.start, ta.end, tb.start, tb.end):
        if ta is not None and tb is not None and (_norm_words(ta.text) == _norm_words(tb.text)
                                                  or (ta.key is not None and ta.key == tb.key)):
            return "same"
        return "unknown"
    overlap = (min(ta.end, tb.end) - max(ta.start, tb.start)).days + 1
    shorter = min((ta.end - ta.start).days, (tb.end - tb.start).days) + 1
    longest = max((ta.end - ta.start).days, (tb.end - tb.start).days) + 1
    if longest == 1 and overlap <= 0:
        # Two different days ("on Tuesday" / "by Thursday") may date the event and the count of one
        # running toll: unknown, not a different window.
        return "unknown"
    if overlap <= 0 or overlap / shorter < MIN_TIME_OVERLAP:
        return "different"
    longer = max((ta.end - ta.start).days, (tb.end - tb.start).days) + 1
    return "same" if overlap / longer >= 0.8 else "unknown"


def time_overlap(a: Claim, b: Claim) -> float | None:
    """Share of the longer window that both time windows cover (None if either is unresolved)."""
    ta, tb = a.time, b.time
    if ta is None or tb is None or None in (ta.start, ta.end, tb.start, tb.end):
        return None
    overlap = (min(ta.end, tb.end) - max(ta.start, tb.start)).days + 1
    longer = max((ta.end - ta.start).days, (tb.end - tb.start).days) + 1
    return max(0.0, overlap / longer)


def _entity_scope(ea: str | None, eb: str | None) -> str:
    if ea is None and eb is None:
        return "same"
    if ea is None or eb is None:
        return "unknown"
    return "same" if ea == eb else "different"


def _speaker_name(c: ClaimContext) -> str | None:
    att = c.claim.attribution
    return att.speaker.text if att is not None and att.speaker is not None else None


_WORD = re.compile(r"\w+", re.UNICODE)


def _norm_words(text: str) -> list[str]:
    return [fold_name(w) for w in _WORD.findall(text)]


def shared_word_share(a: str, b: str) -> float:
    """Share of the shorter text's content words (4+ letters) found in the other, spelling-folded."""
    wa = {w for w in _norm_words(a) if len(w) >= 4}
    wb = {w for w in _norm_words(b) if len(w) >= 4}
    if not wa or not wb:
        return 0.0
    small, large = sorted((wa, wb), key=len)
    hits = sum(1 for w in small if w in large or any(SequenceMatcher(None, w, x).ratio() >= 0.85 for x in large))
    return hits / len(small)


def _group(pairs) -> list[Alignment]:
    """Merge agree/compatible pairs that share a claim into one alignment; keep the others pairwise."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    sources: dict[str, set[str]] = {}       # root -> sources of the claims in its group
    joined, apart = [], []
    for p in pairs:
        if p[2] not in ("agree", "compatible"):
            continue
        ra, rb = find(p[0].claim.id), find(p[1].claim.id)
        in_a = sources.setdefault(ra, {p[0].claim.source})
        in_b = sources.setdefault(rb, {p[1].claim.source})
        if ra != rb and in_a & in_b:
            apart.append(p)               # would put two claims of one source in one group
            continue
        if ra != rb:
            parent[rb] = ra
            sources[ra] = in_a | in_b
        joined.append(p)
    groups: dict[str, list] = {}
    for p in joined:
        groups.setdefault(find(p[0].claim.id), []).append(p)
    for p in apart:
        groups[f"apart:{p[0].claim.id}:{p[1].claim.id}"] = [p]
    alignments: list[Alignment] = []
    for members in groups.values():
        alignments.append(_merged(members))
    conflicts = [p for p in pairs if p[2] == "conflict"]
    merged, alignments_of_conflicts = _conflicts_between_groups(conflicts, find)
    alignments.extend(alignments_of_conflicts)
    for a, b, relation, differences, similarity in pairs:
        if relation == "related" and find(a.claim.id) == find(b.claim.id):
            continue      # both already in one group through a third source: the group says more
        if relation not in ("agree", "compatible") and (a.claim.id, b.claim.id) not in merged:
            alignments.append(Alignment(id="", claims=(a.claim.id, b.claim.id), relation=relation,
                                        differences=differences, similarity=round(similarity, 3)))
    alignments.sort(key=lambda al: _claim_order(al.claims[0]))
    return [Alignment(id=f"L{i + 1}", claims=al.claims, relation=al.relation, differences=al.differences,
                      similarity=al.similarity) for i, al in enumerate(alignments)]


def _conflicts_between_groups(conflicts, find) -> tuple[set[tuple[str, str]], list[Alignment]]:
    """One conflict for two groups of agreeing claims (a claim alone is a group of one) when
    every claim of one conflicts with every claim of the other ("1.2 %" in C against the "1.1 %"
    of A, B and D: one conflict, not three); other conflict pairs stay pairwise."""
    contexts: dict[str, ClaimContext] = {}
    between: dict[tuple[str, str], list] = {}
    for p in conflicts:
        contexts[p[0].claim.id], contexts[p[1].claim.id] = p[0], p[1]
        key = tuple(sorted((find(p[0].claim.id), find(p[1].claim.id))))
        between.setdefault(key, []).append(p)
    members: dict[str, set[str]] = {}
    for cid in contexts:
        members.setdefault(find(cid), set()).add(cid)
    merged: set[tuple[str, str]] = set()
    alignments: list[Alignment] = []
    for (ra, rb), ps in between.items():
        side_a, side_b = members[ra], members[rb]
        if ra == rb or len(side_a) * len(side_b) < 2 or len(ps) != len(side_a) * len(side_b):
            continue
        ordered = [contexts[cid] for cid in sorted(side_a | side_b, key=_claim_order)]
        alignments.append(Alignment(id="", claims=tuple(c.claim.id for c in ordered), relation="conflict",
                                    differences=differences_among(ordered),
                                    similarity=round(min(p[4] for p in ps), 3)))
        merged.update((p[0].claim.id, p[1].claim.id) for p in ps)
    return merged, alignments


def _merged(members) -> Alignment:
    contexts: dict[str, ClaimContext] = {}
    for a, b, *_ in members:
        contexts.setdefault(a.claim.id, a)
        contexts.setdefault(b.claim.id, b)
    ordered = [contexts[cid] for cid in sorted(contexts, key=_claim_order)]
    differences = differences_among(ordered)
    relation = _agree_or_compatible(differences)
    similarity = min(m[4] for m in members)
    return Alignment(id="", claims=tuple(c.claim.id for c in ordered), relation=relation,
                     differences=differences, similarity=round(similarity, 3))


def _claim_order(claim_id: str) -> tuple[str, int]:
    source, _, n = claim_id.partition(":")
    return source, int(n) if n.isdigit() else 0
