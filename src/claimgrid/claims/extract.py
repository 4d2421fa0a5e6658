"""Turning one article into claims: quantities, quotes and attributed statements.

Each sentence is read on its own, then three pieces of document context are
applied, because news copy spreads one claim over several sentences:

- a sentence that refers back to a figure ("The figure covers both the dead and
  the wounded", "the losses apply only to the battles in X") refines the most
  recent quantity claim: its measure, its place, its speaker;
- "he added" takes the last named speaker;
- a quote that runs over several sentences takes the attribution of any of them.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cache

from ..lexicons import load_lexicon
from ..model import Article, Attribution, Claim, Mention, Quantity, Span, TimeExpression
from ..text import sentence_spans
from .attribution import find_attribution
from .mentions import find_mentions, name_lexicon, names_seen_inside_sentences, tokens
from .quantities import _alternation, extract_quantities, measures_mentioned, part_of_before
from .quotes import find_quotes
from .time import find_time_expressions

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]| - ")
ANTECEDENT_WINDOW = 3        # sentences back that "the figure" may refer to
PERSON_MEASURES_BROADER = {"losses": 2, "people": 3, "other": 4, "casualties": 1}


@dataclass
class ArticleClaims:
    """Everything read from one article: its sentences, name mentions and claims."""
    source: str
    language: str
    sentences: list[Span]
    mentions: list[Mention]
    claims: list[Claim] = field(default_factory=list)


@cache
def _speech(lang: str) -> dict:
    table = load_lexicon(lang, "speech")
    return {
        "anaphora": tuple(tuple(p.lower().split()) for p in table.get("figure_anaphora", [])),
        "restriction": tuple(tuple(p.lower().split()) for p in table.get("scope_restriction", [])),
        "part_after": re.compile(rf"[\s,]*{_alternation(table.get('part_of_after', []))}", re.I),
    }


def _parts(text: str, quantities: list[Quantity], lang: str) -> dict[int, tuple[int, int]]:
    """``{part: (whole, where the part begins)}`` for numbers given as a part of the number before
    them: "1.1 million …, including 87,000 in Paris", "davon 80.000", "87.000 de ellas"."""
    cues = _speech(lang)
    parts = {}
    for k in range(1, len(quantities)):
        whole, part = quantities[k - 1], quantities[k]
        before = part_of_before(lang).search(text, whole.span[1], part.span[0])
        if before:
            parts[k] = (k - 1, before.start())
        elif cues["part_after"].match(text, part.span[1]):
            parts[k] = (k - 1, part.span[0])
    return parts


def extract_claims(article: Article, source: str, lang: str) -> ArticleClaims:
    """Read the claims of ``article`` (in language ``lang``) as source ``source``."""
    text = article.text
    sentences = sentence_spans(text, lang)
    result = ArticleClaims(source=source, language=lang, sentences=sentences, mentions=[])
    claims: list[Claim] = []
    attributions: list[Attribution | None] = []
    last_speaker: Mention | None = None
    recent: list[tuple[int, int]] = []      # (sentence index, index in claims) of quantity claims
    known_names = names_seen_inside_sentences(text, sentences)

    for si, sent in enumerate(sentences):
        mentions = find_mentions(text, sent, lang, known_names)
        result.mentions.extend(mentions)
        attribution = find_attribution(text, sent, lang, mentions, last_speaker)
        attributions.append(attribution)
        if attribution and attribution.speaker and attribution.speaker.type == "person":
            last_speaker = attribution.speaker
        sentence_text = text[sent[0]:sent[1]]
        times = [_shift_time(t, sent[0]) for t in find_time_expressions(sentence_text, lang, article.published)]
        quantities = [_shift_quantity(q, sent[0]) for q in extract_quantities(sentence_text, lang)]
        # "five months" in "in the past five months" is the claim's time window, not a claim.
        quantities = [q for q in quantities if not any(t.span[0] <= q.span[0] and q.span[1] <= t.span[1]
                                                       for t in times)]

        antecedent = _antecedent(text, sent, lang, si, recent, quantities, claims)
        if antecedent is not None:
            claims[antecedent] = _refine(claims[antecedent], text, sent, lang, mentions, attribution,
                                         own_quantities=bool(quantities))
        parts = _parts(text, quantities, lang)
        comparison = _comparison_words(lang)
        claim_times: list[TimeExpression | None] = []
        # the day a statement was made ("…, kertoi Eurostat perjantaina") dates the figure only
        # when the sentence gives no other time ("lokakuussa" before the number)
        reported_on = [t for t in times if _reporting_time(text, sent, t, attribution, lang)]
        for k, q in enumerate(quantities):
            if k in parts and q.unit is None and q.measure == "other":
                whole = quantities[parts[k][0]]     # "1.1 million people …, including 87,000": people too
                q = quantities[k] = dataclasses.replace(q, unit=whole.unit, measure=whole.measure)
            elif k in parts and q.measure == "people" and quantities[parts[k][0]].measure != "other":
                # "12 человек погибли, в том числе двое детей": the children were killed too
                q = quantities[k] = dataclasses.replace(q, measure=quantities[parts[k][0]].measure)
            time = (_time_of(text, q.span, [t for t in times if t not in reported_on], quantities, comparison,
                             later_clause=False)
                    or _time_of(text, q.span, times, quantities, comparison))
            if time is None and k in parts:      # a part keeps its whole's time window
                time = claim_times[parts[k][0]]
            claim_times.append(time)
            # a place named with a part of this number ("…, including 87,000 in Paris") is the part's
            part_starts = [start for j, (whole, start) in parts.items() if whole == k]
            places = [m for m in mentions if m.type == "place" and not any(m.span[0] >= s for s in part_starts)]
            place = _nearest(q.span, places)
            claims.append(Claim(
                id=f"{source}:{len(claims) + 1}", source=source, kind="quantity", sentence=sent,
                span=(span := _claim_span(text, sent, q, lang)), text=text[span[0]:span[1]], quantity=q,
                subject=_subject(text, q, mentions, attribution), time=time,
                place=place, attribution=attribution,
                place_restricted=place is not None and _restricted(text, sent, place, lang)))
            recent.append((si, len(claims) - 1))
        if (not quantities and attribution is not None and attribution.speaker is not None
                and not find_quotes(text, sent, lang)):
            claims.append(Claim(id=f"{source}:{len(claims) + 1}", source=source, kind="statement",
                                sentence=sent, span=sent, text=sentence_text, attribution=attribution))

    claims.extend(_quote_claims(text, lang, source, sentences, attributions, len(claims)))
    result.claims = claims
    return result


def _shift_quantity(q: Quantity, offset: int) -> Quantity:
    return dataclasses.replace(q, span=(q.span[0] + offset, q.span[1] + offset))


def _shift_time(t: TimeExpression, offset: int) -> TimeExpression:
    return dataclasses.replace(t, span=(t.span[0] + offset, t.span[1] + offset))


def _claim_span(text: str, sent: Span, q: Quantity, lang: str) -> Span:
    """The quantity plus the words right after it that say what is counted ("100,000 killed or wounded")."""
    # Function words end the counted phrase; "or"/"and" may join measures ("killed or wounded").
    stop = _stop_words(lang)
    end = q.span[1]
    for tok in tokens(text, (q.span[1], sent[1]))[:4]:
        if not tok.is_word or tok.lower in stop or tok.text[0].isdigit():
            break
        end = tok.end
    return q.span[0], end


@cache
def _stop_words(lang: str) -> frozenset[str]:
    return frozenset(load_lexicon(lang, "entities").get("not_names", [])) - set(
        load_lexicon(lang, "entities").get("phrase_joiners", []))


_CLAUSE_MARK = re.compile(r"[,;:](?!\d)")   # not the comma of "0,25"


@cache
def _comparison_words(lang: str) -> re.Pattern:
    """Words that set a figure against another one of another time ("after", "compared with",
    "после", "nach", "contre"; units.toml ``unit_carried_after``), as one pattern."""
    return re.compile(_alternation(load_lexicon(lang, "units").get("nouns", {}).get("unit_carried_after", [])),
                      re.IGNORECASE)


def _time_of(text: str, span: Span, times: list[TimeExpression], quantities: list[Quantity],
             comparison: re.Pattern, later_clause: bool = True) -> TimeExpression | None:
    """The time expression after the number in its clause ("were killed on Tuesday"), else the
    nearest before it, else (``later_clause``) one after it in a later clause. One with another
    number in between, past a comma or a comparison word, belongs to that number ("590 000 in
    all, 1 130 of them over the past day"); one right before another number is that number's."""
    def between(t: TimeExpression) -> bool:
        # figures of one clause share a time ("1,243 new cases and 17 deaths in the past week",
        # "um 0,25 Prozentpunkte auf 4,75 Prozent"); past a comma, or a figure set against this
        # one, the figure in between owns it ("8,6% … после 8,3% в сентябре")
        lo, hi = (span[1], t.span[0]) if t.span[0] >= span[1] else (t.span[1], span[0])
        if not any(lo <= q.span[0] < hi for q in quantities if q.span != span):
            return False
        return bool(_CLAUSE_MARK.search(text, lo, hi) or comparison.search(text, lo, hi))

    def leads_another(t: TimeExpression) -> bool:
        # a time right before another figure is that figure's ("1,8 prosenttiin syyskuun 1,5 prosentista")
        return any(q.span != span and q.span[0] >= t.span[1] and not text[t.span[1]:q.span[0]].strip()
                   for q in quantities)
    times = [t for t in times if not between(t)]
    after = sorted((t for t in times if t.span[0] >= span[1] and not leads_another(t)), key=lambda t: t.span[0])
    before = [t for t in times if t.span[0] < span[1]]
    # "nousi lokakuussa 9,8 prosenttiin, kun se vuotta aiemmin oli …": past a comma, the time
    # belongs to the next clause, and the one before the number is this one's
    if after and not _CLAUSE_MARK.search(text, span[1], after[0].span[0]):
        return after[0]
    return _nearest(span, before) or (after[0] if after and later_clause else None)


def _reporting_time(text: str, sent: Span, t: TimeExpression, attribution: Attribution | None, lang: str) -> bool:
    """A time that says when something was said: right after the attributing words ("…, kertoi
    Eurostat perjantaina") or right after a speech verb ("a indiqué vendredi Eurostat",
    "сообщил в пятницу Евростат", "said on Friday")."""
    if attribution is not None and 0 <= t.span[0] - attribution.span[1] <= 1:
        return True
    before = [tok for tok in tokens(text, (sent[0], t.span[0])) if tok.is_word][-1:]
    return bool(before) and before[0].lower in name_lexicon(lang).speech_verbs


def _nearest(span: Span, items: list):
    if not items:
        return None
    return min(items, key=lambda it: min(abs(it.span[0] - span[1]), abs(span[0] - it.span[1])))


def _subject(text: str, q: Quantity, mentions: list[Mention], attribution: Attribution | None) -> Mention | None:
    """Whose count it is: a name right after the number ("20,000 Russians"), or the name that
    opens the number's clause ("Russia has lost 100,000 …", "The Kremlin's forces have suffered …")."""
    speaker = attribution.speaker.span if attribution and attribution.speaker else None
    candidates = [m for m in mentions if m.span != speaker and m.type != "place"]
    after = [m for m in candidates if 0 <= m.span[0] - q.span[1] <= 12
             and not _CLAUSE_BREAK.search(text, q.span[1], m.span[0])]
    if after:
        return after[0]
    before = [m for m in candidates if m.span[1] <= q.span[0]
              and not _CLAUSE_BREAK.search(text, m.span[1], q.span[0])]
    return before[0] if before else None


RESTRICTION_REACH = 3   # words between a place and "alone"/"only" that still restrict it


def _restricted(text: str, sent: Span, place: Mention, lang: str) -> bool:
    """True when the place is marked as the only scope: "In Tsqaltubo alone", "only in Bakhmut"."""
    toks = tokens(text, sent)
    idx = [i for i, t in enumerate(toks) if place.span[0] <= t.start < place.span[1]]
    if not idx:
        return False
    lo, hi = max(0, idx[0] - RESTRICTION_REACH), idx[-1] + RESTRICTION_REACH + 1
    return _has_phrase([t.lower for t in toks[lo:hi]], _speech(lang)["restriction"])


def _has_phrase(words: list[str], phrases) -> bool:
    starts: dict[str, list[int]] = {}      # where each word occurs: a phrase is only tried there
    for i, word in enumerate(words):
        starts.setdefault(word, []).append(i)
    return any(tuple(words[i:i + len(p)]) == p
               for p in phrases for i in (starts.get(p[0], ()) if p else range(len(words))))


def _antecedent(text: str, sent: Span, lang: str, si: int, recent: list[tuple[int, int]],
                quantities: list[Quantity], claims: list[Claim]) -> int | None:
    """The claim a sentence refers back to with "the figure", "the losses", …, if any."""
    if not recent or si - recent[-1][0] > ANTECEDENT_WINDOW:
        return None
    first_q = quantities[0].span[0] if quantities else sent[1]
    words = [t.lower for t in tokens(text, (sent[0], first_q))]
    if not _has_phrase(words, _speech(lang)["anaphora"]):
        return None
    # Prefer the latest figure that counts something (killed, losses, …) over a bare number.
    in_window = [ci for sj, ci in reversed(recent) if si - sj <= ANTECEDENT_WINDOW]
    measured = [ci for ci in in_window if claims[ci].quantity.measure != "other"]
    return (measured or in_window)[0]


def _refine(claim: Claim, text: str, sent: Span, lang: str, mentions: list[Mention],
            attribution: Attribution | None, own_quantities: bool) -> Claim:
    """Apply what a referring sentence says about an earlier figure."""
    q = claim.quantity
    changes: dict = {}
    if not own_quantities and q is not None:
        named = measures_mentioned(text[sent[0]:sent[1]], lang)
        refined = "casualties" if {"killed", "wounded"} <= named else (next(iter(named)) if len(named) == 1 else None)
        if refined and PERSON_MEASURES_BROADER.get(q.measure, 0) > PERSON_MEASURES_BROADER.get(refined, 0):
            changes["quantity"] = dataclasses.replace(q, measure=refined)
    words = [t.lower for t in tokens(text, sent)]
    places = [m for m in mentions if m.type == "place"]
    if places and _has_phrase(words, _speech(lang)["restriction"]):
        changes["place"] = places[0]
        changes["place_restricted"] = True
    if attribution and attribution.speaker and attribution.speaker.type == "person":
        old = claim.attribution
        if old is None or old.speaker is None or old.speaker.type != "person":
            via = (old.via or (old.speaker.text if old.speaker else None)) if old else None
            changes["attribution"] = dataclasses.replace(attribution, via=via or attribution.via)
    return dataclasses.replace(claim, **changes) if changes else claim


MIN_UNATTRIBUTED_QUOTE_WORDS = 5   # shorter quoted text with no speaker is a name, a title or scare quotes


def _quote_claims(text: str, lang: str, source: str, sentences: list[Span],
                  attributions: list[Attribution | None], numbered_from: int) -> list[Claim]:
    """Quotes found per paragraph (they may run over sentences), attributed from the sentences they touch."""
    claims: list[Claim] = []
    paragraph_start = 0
    for line in text.split("\n"):
        paragraph = (paragraph_start, paragraph_start + len(line))
        paragraph_start += len(line) + 1
        for q in find_quotes(text, paragraph, lang):
            touched = [i for i, (s, e) in enumerate(sentences) if s < q[1] and e > q[0]]
            if not touched:
                continue
            # A trailing "…," Kirby said. after the quote sits in the sentence of its end or the next one.
            following = [touched[-1] + 1] if touched[-1] + 1 < len(sentences) and sentences[touched[-1] + 1][0] < paragraph[1] else []
            attribution = next((attributions[i] for i in touched + following if attributions[i] is not None), None)
            ends_sentence = not any(c.isalnum() for c in text[q[1]:sentences[touched[-1]][1]])
            if (len(text[q[0]:q[1]].split()) < MIN_UNATTRIBUTED_QUOTE_WORDS
                    and all(attributions[i] is None for i in touched + (following if ends_sentence else []))):
                continue      # a name or a title in quotes ("Дія і солідарність"), not someone's words
            first = sentences[touched[0]]
            sentence = (first[0], sentences[touched[-1]][1])
            claims.append(Claim(id=f"{source}:{numbered_from + len(claims) + 1}", source=source, kind="quote",
                                sentence=sentence, span=q, text=text[q[0]:q[1]], attribution=attribution))
    return claims
