"""Resolving name mentions across sources into entities.

Two mentions are one entity when their folded keys (``names.fold_name``) are
equal, when one is the surname of the other ("Kirby" / "John Kirby"), when one
is the other plus a short inflectional ending ("Bahmut" / "Bahmutissa",
"Kirby" / "Kirbyn"), or when the keys are near-identical spellings
("Avdiivka" / "Avdijivka").
"""
from __future__ import annotations

import os

import tomllib
from collections import Counter
from difflib import SequenceMatcher
from functools import cache

from .lexicons import LEXICON_DIR
from .model import Entity, Mention
from .names import fold_name, lookup_inflected

MAX_INFLECTION_CHARS = 4      # longest case ending we accept as "the same name"
MIN_STEM_CHARS = 4            # shorter keys must match exactly
FUZZY_RATIO = 0.88            # SequenceMatcher ratio for spelling variants
REPLACED_ENDING_STEM_CHARS = 6  # a shared stem this long ...
REPLACED_ENDING_CHARS = 3       # ... with endings this short on both names is one name in two cases


def resolve_entities(mentions: list[tuple[str, Mention]]) -> tuple[list[Entity], dict[tuple[str, tuple[int, int]], str]]:
    """Group ``(source id, mention)`` pairs into entities.

    Returns the entities (ids "E1", "E2", … in order of first mention) and a map
    from ``(source id, mention span)`` to entity id.
    """
    keys = [fold_name(name_part(m.text)) for _, m in mentions]
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key:
            parent[find(i)] = find(first_of_key.setdefault(key, i))
    # Names of one organisation or country in other languages (lexicons/aliases.toml).
    first_of_alias: dict[int, int] = {}
    for key, i in list(first_of_key.items()):
        group = alias_group(key)
        if group is not None:
            parent[find(i)] = find(first_of_alias.setdefault(group, i))
    distinct = list(first_of_key.items())
    for a, (key_a, i) in enumerate(distinct):
        for key_b, j in distinct[a + 1:]:
            if _same_name(key_a, key_b):
                parent[find(j)] = find(i)

    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        if keys[i]:
            groups.setdefault(find(i), []).append(i)
    entities: list[Entity] = []
    index: dict[tuple[str, tuple[int, int]], str] = {}
    for members in sorted(groups.values(), key=min):
        eid = f"E{len(entities) + 1}"
        group = [mentions[i] for i in members]
        entities.append(Entity(id=eid, name=_canonical_name(group), type=_majority_type(group),
                               mentions=tuple(group)))
        for source, mention in group:
            index[(source, mention.span)] = eid
    return entities, index


def name_part(text: str) -> str:
    """The capitalised part of a name headed by a lower-case common noun: "ministère de
    l’Intérieur" is compared as "Intérieur" (and meets "Interior", "Ministerio del Interior");
    a name that starts with a capital is compared whole."""
    if not text[:1].islower():
        return text
    first_capital = next((i for i, ch in enumerate(text) if ch.isupper()), None)
    if first_capital is None:
        return text
    word_start = max(text.rfind(" ", 0, first_capital), text.rfind("'", 0, first_capital),
                     text.rfind("’", 0, first_capital)) + 1
    return text[word_start:]


@cache
def _aliases() -> dict[str, int]:
    with (LEXICON_DIR / "aliases.toml").open("rb") as f:
        table = tomllib.load(f)
    return {fold_name(name): n for n, entry in enumerate(table.get("entity", [])) for name in entry["names"]}


def alias_group(key: str) -> int | None:
    """Which alias group a folded name belongs to, allowing a short inflectional ending."""
    return lookup_inflected(key, _aliases(), min_stem=5, max_ending=MAX_INFLECTION_CHARS)


def _same_name(a: str, b: str) -> bool:
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        # "kirby" vs "jon kirby": a single word that is the other's last word (or its inflection)
        short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
        return len(short) == 1 and len(long_) <= 3 and _same_word(short[0], long_[-1]) and all(
            w[:1].isalpha() and len(w) > 2 for w in long_)
    return all(_same_word(x, y) for x, y in zip(ta, tb))


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= MIN_STEM_CHARS and long_.startswith(short) and len(long_) - len(short) <= MAX_INFLECTION_CHARS:
        return True
    # one case ending replaced by another on a long stem: "Ростовке" / "Rostowka", "Bahmutiin" / "Bahmutissa"
    stem = len(os.path.commonprefix([a, b]))
    if stem >= REPLACED_ENDING_STEM_CHARS and max(len(a), len(b)) - stem <= REPLACED_ENDING_CHARS:
        return True
    return min(len(a), len(b)) >= 5 and SequenceMatcher(None, a, b).ratio() >= FUZZY_RATIO


def _canonical_name(group: list[tuple[str, Mention]]) -> str:
    """The fullest form that is used more than once ("John Kirby" over "Kirby"), else the commonest."""
    counts = Counter(m.text for _, m in group)
    repeated = [t for t in counts if counts[t] > 1] or list(counts)
    return max(repeated, key=lambda t: (len(t.split()), counts[t], -len(t)))


def _majority_type(group: list[tuple[str, Mention]]) -> str:
    typed = Counter(m.type for _, m in group if m.type != "other")
    return typed.most_common(1)[0][0] if typed else "other"
