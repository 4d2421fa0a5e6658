"""Name mentions in a sentence: runs of capitalised words, typed by the words around them.

Language-neutral: capitalisation works for every Latin and Cyrillic language we
support; what differs (function words that start sentences, place prepositions,
role words) comes from ``lexicons/<lang>/entities.toml`` and ``speech.toml``.

Word lists may hold stems: "minister*" matches any word starting with
"minister", "*minister" any word ending with it (German compounds such as
"Innenminister", Finnish "puolustusministeri").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..entities import alias_group
from ..lexicons import load_lexicon
from ..model import Mention, Span
from ..names import fold_name

_TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*[’']?|[^\w\s]", re.UNICODE)
# An elided lower-case article glued to a capitalised word ("l'Ukraine", "d’Odessa") is two tokens.
_ELISION = re.compile(r"[^\W\d_]{1,7}[’']", re.UNICODE)


@dataclass(frozen=True)
class WordSet:
    """Lower-case words, plus stems: "stem*" matches by prefix, "*stem" by suffix."""
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return (word in self.words or any(word.startswith(p) and len(word) > len(p) for p in self.prefixes)
                or any(word.endswith(s) and len(word) > len(s) for s in self.suffixes))

    def __or__(self, other: "WordSet") -> "WordSet":
        return WordSet(self.words | other.words, self.prefixes + other.prefixes, self.suffixes + other.suffixes)


def word_set(items) -> WordSet:
    """A WordSet from lexicon entries (lower-cased; "*" marks a stem)."""
    words, prefixes, suffixes = set(), [], []
    for item in items:
        item = item.lower()
        if len(item) > 1 and item.endswith("*"):
            prefixes.append(item[:-1])
        elif len(item) > 1 and item.startswith("*"):
            suffixes.append(item[1:])
        else:
            words.add(item)
    return WordSet(frozenset(words), tuple(prefixes), tuple(suffixes))


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
    """Word and punctuation tokens of ``text[span]`` with their offsets."""
    return list(_tokens(text, span))


@lru_cache(maxsize=1024)
def _tokens(text: str, span: Span) -> tuple[Token, ...]:
    # Mentions, attribution and claim extraction each tokenise the same sentence; a
    # string's hash is cached by Python, so a repeated call costs one lookup.
    out: list[Token] = []
    for m in _TOKEN.finditer(text, span[0], span[1]):
        word = m.group()
        elided = _ELISION.match(word)
        if elided and word[0].islower() and elided.end() < len(word) and word[elided.end()].isupper():
            out.append(Token(m.start(), m.start() + elided.end(), word[:elided.end()]))
            out.append(Token(m.start() + elided.end(), m.end(), word[elided.end():]))
        else:
            out.append(Token(m.start(), m.end(), word))
    return tuple(out)


@dataclass(frozen=True)
class NameLexicon:
    not_names: WordSet
    connectors: WordSet
    place_prepositions: WordSet
    place_words: WordSet
    organisation_words: WordSet
    roles: WordSet
    speech_verbs: WordSet
    according_to: tuple[tuple[str, ...], ...]
    according_to_after: tuple[tuple[str, ...], ...]
    via_nouns: WordSet
    strip_suffixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    nouns_capitalised: bool
    determiners: WordSet
    common_noun_endings: tuple[str, ...]
    names_with_article: WordSet
    name_endings: tuple[str, ...]
    role_takes_genitive_name: bool
    inner_lowercase_reach: int           # lower-case words an institution's name may run on
    lowercase_institution_heads: WordSet  # lower-case words that head an institution's name


@cache
def name_lexicon(lang: str) -> NameLexicon:
    ent = load_lexicon(lang, "entities")
    speech = load_lexicon(lang, "speech")
    low = lambda key, table=ent: word_set(table.get(key, []))  # noqa: E731
    phrases = lambda key: tuple(tuple(p.lower().split()) for p in speech.get(key, []))  # noqa: E731
    longest_first = lambda key: tuple(sorted((s.lower() for s in ent.get(key, [])), key=len, reverse=True))  # noqa: E731
    # magnitude words and currency names are capitalised in German ("2,1 Milliarden Euro") but name nothing
    numbers, units = load_lexicon(lang, "numbers"), load_lexicon(lang, "units")
    amount_words = [w for w in numbers.get("magnitudes", {})] + [
        w for currency in units.get("currencies", {}).values() for w in currency.get("after", []) if w.isalpha()]
    return NameLexicon(
        not_names=word_set(ent.get("not_names", []) + amount_words), connectors=low("name_connectors"),
        place_prepositions=low("place_prepositions"), place_words=low("place_words"),
        organisation_words=low("organisation_words"),
        roles=low("roles", speech),
        speech_verbs=low("verbs", speech),
        according_to=phrases("according_to"), according_to_after=phrases("according_to_after"),
        via_nouns=low("via_nouns", speech),
        strip_suffixes=tuple(sorted(ent.get("strip_suffixes", []), key=len, reverse=True)),
        place_suffixes=longest_first("place_suffixes"),
        nouns_capitalised=bool(ent.get("nouns_capitalised", False)),
        determiners=low("determiners"),
        common_noun_endings=longest_first("common_noun_endings"),
        names_with_article=low("names_with_article"),
        name_endings=longest_first("name_endings"),
        role_takes_genitive_name=bool(ent.get("role_takes_genitive_name", False)),
        inner_lowercase_reach=int(ent.get("inner_lowercase_reach", 0)),
        lowercase_institution_heads=low("lowercase_institution_heads"),
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
        j = _institution_continues(toks, i, j, lex)
        if lex.nouns_capitalised and j - i == 1 and not _single_word_is_name(toks, i, lex):
            i += 1
            continue
        i = _institution_head(toks, i, lex)
        if _ends_with_person_name(toks, i, j, lex):
            mentions.append(_mention(text, toks, i, j - 2, lex, kind=_governed_by_role_type(toks, i, j - 2, lex)))
            mentions.append(_mention(text, toks, j - 2, j, lex, kind="person"))
        else:
            mentions.append(_mention(text, toks, i, j, lex))
        i = j
    return mentions


def _institution_continues(toks: list[Token], i: int, j: int, lex: NameLexicon) -> int:
    """The end of a name run that an institution's name continues in lower case.

    Russian and Ukrainian capitalise only an institution name's first word: "Міністерство
    оборони України", "Генеральний штаб ЗСУ". When the run ``toks[i:j]`` or the lower-case
    words after it (at most ``inner_lowercase_reach``, none a speech verb or a word that is
    never a name) hold an organisation word, the name runs on to a closing acronym or known
    country or organisation ("України", "ЗСУ") and the capitalised words after it; without
    such a closer it runs on to its last organisation word ("Генеральний штаб повідомив").
    """
    if not lex.inner_lowercase_reach:
        return j
    k, last_organisation_word = j, None
    while (k < len(toks) and k - j < lex.inner_lowercase_reach and toks[k].is_word
           and not toks[k].is_capitalised and toks[k].lower not in lex.not_names
           and toks[k].lower not in lex.speech_verbs):
        if toks[k].lower in lex.organisation_words:
            last_organisation_word = k
        k += 1
    if k == j or not any(t.lower in lex.organisation_words for t in toks[i:k]):
        return j
    if k < len(toks) and _closes_institution_name(toks[k], lex):
        k += 1
        while (k < len(toks) and toks[k].is_word and toks[k].is_capitalised
               and toks[k].lower not in lex.not_names):
            k += 1
        return k
    return last_organisation_word + 1 if last_organisation_word is not None else j


def _is_acronym(tok: Token) -> bool:
    return len(tok.text) >= 2 and tok.text.isupper()     # "EU", "ЗСУ", "AEMET"


def _closes_institution_name(tok: Token, lex: NameLexicon) -> bool:
    """An acronym ("ЗСУ", "МЧС") or a country or organisation of the alias table, in any case ("России")."""
    if not (tok.is_word and tok.is_capitalised) or tok.lower in lex.not_names:
        return False
    return _is_acronym(tok) or alias_group(fold_name(tok.text)) is not None


def _institution_head(toks: list[Token], i: int, lex: NameLexicon) -> int:
    """Where a name run starts when a lower-case institution word heads it through connectors:
    French writes "le ministère de l'Intérieur", "ministère de la Santé"."""
    k = i
    while k > 0 and toks[k - 1].lower in lex.connectors:
        k -= 1
    if k < i and k > 0 and toks[k - 1].lower in lex.lowercase_institution_heads:
        return k - 1
    return i


def _single_word_is_name(toks: list[Token], i: int, lex: NameLexicon) -> bool:
    """Where every noun is capitalised (German), one capitalised word is a name only with a signal.

    Signals: an acronym ("EU"); a name ending ("Russland"); a role word, place preposition, place word or
    speech verb right before it, or a speech verb or a source postposition right
    after it ("Kirby sagte", "Kirby zufolge"); "laut Kirby". Never after a
    determiner ("die Behörden") unless it is a name that takes an article
    ("die Ukraine"), and never with a common-noun ending ("Sicherheit").
    """
    tok = toks[i]
    if tok.lower in lex.names_with_article:
        return True
    if any(tok.lower.endswith(e) and len(tok.lower) > len(e) + 2 for e in lex.common_noun_endings):
        return False
    if _is_acronym(tok):
        return True
    if any(tok.lower.endswith(e) and len(tok.lower) > len(e) + 2 for e in lex.name_endings):
        return True
    before = toks[i - 1].lower if i > 0 else ""
    after = toks[i + 1].lower if i + 1 < len(toks) else ""
    if before in lex.determiners:
        return False
    following = tuple(t.lower for t in toks[i + 1:i + 4])
    return (before in lex.roles or before in lex.place_prepositions or before in lex.place_words
            or before in lex.speech_verbs or after in lex.speech_verbs
            or _ends_with_phrase(toks, i, lex.according_to)
            or any(following[:len(p)] == p for p in lex.according_to_after))


def _ends_with_phrase(toks: list[Token], i: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    preceding = tuple(t.lower for t in toks[max(0, i - 3):i])
    return any(preceding[-len(p):] == p for p in phrases)


def _ends_with_person_name(toks: list[Token], i: int, j: int, lex: NameLexicon) -> bool:
    """A run that names an institution or place and then a person, as languages with
    a genitive after the role write it: "представитель Пентагона Джон Кирби",
    "губернатор края Имерети Нино Джапаридзе", "ministre de l'Intérieur Levan Kapanadze".
    The person is the run's last two words.
    """
    if j - i < 3 or not toks[j - 2].is_capitalised:
        return False
    last_two = {t.lower for t in toks[j - 2:j]}
    if any(w in lex.organisation_words or w in lex.place_words for w in last_two):
        return False     # "National Security Council"
    before = toks[i - 1].lower if i > 0 else ""
    head = {t.lower for t in toks[i:j - 2]}
    if before in lex.roles:
        return lex.role_takes_genitive_name or any(w in lex.organisation_words for w in head)
    return before in lex.place_words or any(t.lower in lex.roles for t in toks[max(0, i - 4):i])


def _governed_by_role_type(toks: list[Token], i: int, j: int, lex: NameLexicon) -> str:
    """The type of the institution or place a role governs before a person's name ("мер Києва
    Віталій Кличко", "представник Пентагону Джон Кірбі"): an organisation when it holds an
    organisation word or is an acronym; a place when it holds a place word ("губернатор края
    Имерети") or is a country; else other (never the person: the role is theirs)."""
    run = toks[i:j]
    if any(t.lower in lex.organisation_words or _is_acronym(t) for t in run):
        return "organisation"
    if (any(t.lower in lex.place_words for t in toks[max(i - 1, 0):j])
            or alias_group(fold_name(run[-1].text)) is not None):
        return "place"
    return "other"


def _continues_name(toks: list[Token], i: int, lex: NameLexicon) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is not None and nxt.is_word and nxt.is_capitalised and nxt.lower not in lex.not_names


def _can_start_name(toks: list[Token], i: int, lex: NameLexicon) -> bool:
    tok = toks[i]
    if not (tok.is_word and tok.is_capitalised) or tok.text.isdigit():
        return False
    if tok.lower in lex.roles and not any(t.is_word for t in toks[:i]):
        return False     # a sentence-initial role: "Sisäministeri Levan Kapanadze", "Эксперт Михаил …"
    if tok.lower in lex.not_names or strip_name_suffix(tok.text, lex).lower() in lex.not_names:
        return False
    return True


def _after_role_and_comma(toks: list[Token], i: int, lex: NameLexicon) -> bool:
    # An apposition: "der Sprecher des Sicherheitsrats, John Kirby".
    return i > 1 and toks[i - 1].text == "," and any(t.lower in lex.roles for t in toks[max(0, i - 5):i - 1])


def has_place_suffix(word: str, lex: NameLexicon) -> bool:
    # Finnish marks places by case endings instead of prepositions ("Bahmutissa", "Kiovasta").
    return any(word.endswith(s) and len(word) > len(s) + 2 for s in lex.place_suffixes)


def _mention(text: str, toks: list[Token], i: int, j: int, lex: NameLexicon, kind: str | None = None) -> Mention:
    start = toks[i].start
    end = start + len(strip_name_suffix(text[start:toks[j - 1].end], lex))
    return Mention(span=(start, end), text=text[start:end], type=kind or _mention_type(toks, i, j, lex))


def _mention_type(toks: list[Token], i: int, j: int, lex: NameLexicon) -> str:
    """person, place, organisation or other, from the words in and around the name run toks[i:j]."""
    words = {t.lower for t in toks[i:j]}
    before = toks[i - 1].lower if i > 0 else ""
    before2 = toks[i - 2].lower if i > 1 else ""
    after = toks[j].lower if j < len(toks) else ""
    following = tuple(t.lower for t in toks[j:j + 3])
    after_attribution = _ends_with_phrase(toks, i, lex.according_to) or any(
        following[:len(p)] == p for p in lex.according_to_after)
    if any(w in lex.organisation_words for w in words) or after in lex.organisation_words or after in lex.via_nouns:
        return "organisation"
    if after in lex.place_words and not after_attribution:
        return "place"       # "губернатор Ростовской области": the region, not the governor
    if after_attribution:
        return "person" if j - i <= 3 else "other"
    if (before in lex.roles or (before in lex.speech_verbs and j - i >= 2) or after in lex.speech_verbs
            or _after_role_and_comma(toks, i, lex)):
        return "person"
    if before in lex.place_words and j - i >= 2 and any(t.lower in lex.roles for t in toks[max(0, i - 6):i - 1]):
        return "person"     # "глава службы … острова Ньевес Родригес": the role is the person's, the place word governed
    if before in lex.place_prepositions or after in lex.place_words or before in lex.place_words or (
            before == "the" and before2 in lex.place_prepositions and after in lex.place_words):
        return "place"
    if before in lex.determiners and before2 in lex.place_prepositions:
        return "place"      # "in der Türkei", "aus der Ukraine": a name that takes its article
    if (before in lex.connectors and before2 in lex.place_words) or (j - i > 1 and toks[i].lower in lex.place_words):
        return "place"      # "the town of Doğanşehir", "la ville de …"; German "Stadt Doğanşehir"
    if has_place_suffix(toks[j - 1].lower, lex):
        return "place"
    return "other"
