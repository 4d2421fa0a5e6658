"""Name mentions in a sentence: runs of capitalised words, typed by the words around them.

Language-neutral: capitalisation works for every Latin and Cyrillic language we
support; what differs (function words that start sentences, place prepositions,
role words) comes from ``lexicons/<lang>/entities.toml`` and ``speech.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicons import load_lexicon
from ..model import Mention, Span

_TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*[’']?|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


def tokens(text: str, span: Span) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, span[0], span[1])]


@dataclass(frozen=True)
class NameLexicon:
    not_names: frozenset[str]
    connectors: frozenset[str]
    place_prepositions: frozenset[str]
    place_words: frozenset[str]
    organisation_words: frozenset[str]
    roles: frozenset[str]
    speech_verbs: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    via_nouns: frozenset[str]
    strip_suffixes: tuple[str, ...]


@cache
def name_lexicon(lang: str) -> NameLexicon:
    ent = load_lexicon(lang, "entities")
    speech = load_lexicon(lang, "speech")
    low = lambda key, table=ent: frozenset(w.lower() for w in table.get(key, []))  # noqa: E731
    return NameLexicon(
        not_names=low("not_names"), connectors=low("name_connectors"),
        place_prepositions=low("place_prepositions"), place_words=low("place_words"),
        organisation_words=low("organisation_words"), roles=low("roles", speech),
        speech_verbs=low("verbs", speech),
        according_to=tuple(tuple(p.lower().split()) for p in speech.get("according_to", [])),
        via_nouns=low("via_nouns", speech),
        strip_suffixes=tuple(sorted(ent.get("strip_suffixes", []), key=len, reverse=True)),
    )


def strip_name_suffix(text: str, lex: NameLexicon) -> str:
    for suffix in lex.strip_suffixes:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


def names_seen_inside_sentences(text: str, sentences: list[Span]) -> frozenset[str]:
    """Capitalised words that occur somewhere other than a sentence's first word.

    A capital at the start of a sentence says nothing; one in the middle marks a
    name. So a sentence's first word counts as a name only if the article also
    capitalises it elsewhere ("Kirby said" vs "Hospitals treated").
    """
    seen = set()
    for sent in sentences:
        words = [t for t in tokens(text, sent) if t.is_word]
        seen.update(t.text for t in words[1:] if t.is_capitalised)
    return frozenset(seen)


def find_mentions(text: str, sentence: Span, lang: str, known_names: frozenset[str] | None = None) -> list[Mention]:
    """Capitalised name runs in ``text[sentence]``, with a guessed type.

    ``known_names`` (from ``names_seen_inside_sentences``) decides whether the
    sentence's first word may start a name on its own.
    """
    lex = name_lexicon(lang)
    toks = tokens(text, sentence)
    first_word = next((k for k, t in enumerate(toks) if t.is_word), None)
    mentions: list[Mention] = []
    i = 0
    while i < len(toks):
        if not _can_start_name(toks, i, lex) or (
                i == first_word and known_names is not None and toks[i].text not in known_names
                and not _continues_name(toks, i, lex)):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            if toks[j].is_word and toks[j].is_capitalised and toks[j].lower not in lex.not_names:
                j += 1
            elif (toks[j].lower in lex.connectors and j + 1 < len(toks)
                  and toks[j + 1].is_word and toks[j + 1].is_capitalised
                  and toks[j + 1].lower not in lex.not_names):
                j += 2
            else:
                break
        mentions.append(_mention(text, toks, i, j, lex))
        i = j
    return mentions


def _continues_name(toks: list[Token], i: int, lex: NameLexicon) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is not None and nxt.is_word and nxt.is_capitalised and nxt.lower not in lex.not_names


def _can_start_name(toks: list[Token], i: int, lex: NameLexicon) -> bool:
    tok = toks[i]
    if not (tok.is_word and tok.is_capitalised) or tok.text.isdigit():
        return False
    if tok.lower in lex.not_names or strip_name_suffix(tok.text, lex).lower() in lex.not_names:
        return False
    return True


def _mention(text: str, toks: list[Token], i: int, j: int, lex: NameLexicon) -> Mention:
    start, end = toks[i].start, toks[j - 1].end
    surface = strip_name_suffix(text[start:end], lex)
    end = start + len(surface)
    words = {t.lower for t in toks[i:j]}
    before = toks[i - 1].lower if i > 0 else ""
    before2 = toks[i - 2].lower if i > 1 else ""
    after = toks[j].lower if j < len(toks) else ""
    preceding = tuple(t.lower for t in toks[max(0, i - 3):i])
    after_attribution = any(preceding[-len(p):] == p for p in lex.according_to)
    if words & lex.organisation_words or after in lex.organisation_words or after in lex.via_nouns:
        kind = "organisation"
    elif after_attribution:
        kind = "person" if j - i <= 3 else "other"
    elif before in lex.roles or (before in lex.speech_verbs and j - i >= 2) or after in lex.speech_verbs:
        kind = "person"
    elif before in lex.place_prepositions or after in lex.place_words or (
            before == "the" and before2 in lex.place_prepositions and after in lex.place_words):
        kind = "place"
    else:
        kind = "other"
    return Mention(span=(start, end), text=text[start:end], type=kind)
