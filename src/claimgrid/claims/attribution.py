"""Who a claim is attributed to, in which role, and through what channel.

Reads one sentence at a time with the speech lexicon of its language:
"according to X", "X said/told/estimated", "said X", the speaker's role
("National Security Council spokesman John Kirby") and the channel ("citing
newly declassified intelligence", "according to US estimates").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..lexicons import load_lexicon
from ..model import Attribution, Mention, Span
from .mentions import Token, name_lexicon, tokens


@dataclass(frozen=True)
class SpeechLexicon:
    verbs: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    via_nouns: frozenset[str]
    roles: frozenset[str]
    pronouns: frozenset[str]


@cache
def speech_lexicon(lang: str) -> SpeechLexicon:
    table = load_lexicon(lang, "speech")
    low = lambda key: frozenset(w.lower() for w in table.get(key, []))  # noqa: E731
    return SpeechLexicon(
        verbs=low("verbs"),
        according_to=tuple(tuple(p.lower().split()) for p in table.get("according_to", [])),
        via_nouns=low("via_nouns"),
        roles=frozenset(r.lower() for role in table.get("roles", []) for r in role.split()),
        pronouns=low("speaker_pronouns"),
    )


def find_attribution(text: str, sentence: Span, lang: str, mentions: list[Mention],
                     last_speaker: Mention | None = None) -> Attribution | None:
    """The attribution of the sentence ``text[sentence]``, or None if it has none.

    ``last_speaker`` stands in for a pronoun ("he added").
    """
    lex = speech_lexicon(lang)
    toks = tokens(text, sentence)
    words = [t.lower for t in toks]
    by_start = {m.span[0]: m for m in mentions}
    speaker: Mention | None = None
    marks: list[Token] = []

    # "according to X"
    for i in range(len(toks)):
        for phrase in lex.according_to:
            if tuple(words[i:i + len(phrase)]) == phrase:
                marks.extend(toks[i:i + len(phrase)])
                nxt = _next_mention(toks, i + len(phrase), by_start)
                if nxt and nxt.type in ("person", "other") and speaker is None and not _followed_by_via(toks, nxt, lex):
                    speaker = nxt
                    marks.append(Token(nxt.span[0], nxt.span[1], nxt.text))
    # "X said" / "said X" / "he added"
    for i, tok in enumerate(toks):
        if tok.lower not in lex.verbs:
            continue
        candidate = _mention_before(toks, i, by_start) or _mention_after(toks, i, by_start)
        if candidate is None and i > 0 and words[i - 1] in lex.pronouns and last_speaker is not None:
            candidate = last_speaker
            marks.append(toks[i - 1])
        if candidate is not None:
            marks.append(tok)
            if candidate.span[0] >= sentence[0]:
                marks.append(Token(candidate.span[0], candidate.span[1], candidate.text))
            if speaker is None or (speaker.type != "person" and candidate.type == "person"):
                speaker = candidate
    if speaker is None and not marks:
        return None
    role = _role_before(text, toks, speaker, lex) if speaker is not None else None
    verb_starts = {t.start for t in marks}
    via = _via_phrase(text, [t for t in toks if t.start not in verb_starts or not t.is_word], lex, speaker)
    start = min(t.start for t in marks) if marks else speaker.span[0]
    end = max(t.end for t in marks) if marks else speaker.span[1]
    if role and speaker is not None and speaker.span[0] >= sentence[0]:
        start = min(start, speaker.span[0] - len(role) - 1)
    return Attribution(span=(start, end), text=text[start:end], speaker=speaker, role=role, via=via)


def _next_mention(toks: list[Token], i: int, by_start: dict[int, Mention]) -> Mention | None:
    # Skip a determiner or two ("according to the Reuters news agency").
    for tok in toks[i:i + 3]:
        if tok.start in by_start:
            return by_start[tok.start]
        if not tok.is_word:
            return None
    return None


def _followed_by_via(toks: list[Token], mention: Mention, lex: SpeechLexicon) -> bool:
    after = [t for t in toks if t.start >= mention.span[1]][:2]
    return any(t.lower in lex.via_nouns for t in after)


def _mention_before(toks: list[Token], i: int, by_start: dict[int, Mention]) -> Mention | None:
    # "Kirby said", "John Kirby has said", "Kirby told reporters"
    for back in (1, 2):
        if i - back < 0:
            return None
        tok = toks[i - back]
        for m in by_start.values():
            if m.span[0] <= tok.start < m.span[1] and m.span[1] <= toks[i].start:
                if back == 1 or toks[i - 1].lower in ("has", "had", "have", "also", "now", "then", "later"):
                    return m
    return None


def _mention_after(toks: list[Token], i: int, by_start: dict[int, Mention]) -> Mention | None:
    # "said John Kirby", "said a White House spokesman John Kirby"
    for tok in toks[i + 1:i + 7]:
        if tok.start in by_start and by_start[tok.start].type == "person":
            return by_start[tok.start]
        if not tok.is_word:
            return None
    return None


def _role_before(text: str, toks: list[Token], speaker: Mention, lex: SpeechLexicon) -> str | None:
    """Role words right before the speaker's name: "National Security Council spokesman"."""
    idx = next((k for k, t in enumerate(toks) if t.start == speaker.span[0]), None)
    if idx is None:
        return None
    k = idx
    while k > 0 and toks[k - 1].is_word and (toks[k - 1].lower in lex.roles or toks[k - 1].is_capitalised):
        k -= 1
    role_toks = toks[k:idx]
    if not any(t.lower in lex.roles for t in role_toks):
        return None
    while role_toks and role_toks[-1].lower not in lex.roles:  # the role ends with a role word
        role_toks = role_toks[:-1]
    return text[role_toks[0].start:role_toks[-1].end] if role_toks else None


def _via_phrase(text: str, toks: list[Token], lex: SpeechLexicon, speaker: Mention | None) -> str | None:
    """The channel: a via-noun with up to three words before it ("newly declassified American intelligence")."""
    for k, tok in enumerate(toks):
        if tok.lower not in lex.via_nouns:
            continue
        j = k
        while j > 0 and k - j < 3 and toks[j - 1].is_word and toks[j - 1].lower not in lex.verbs \
                and not any(toks[j - 1].lower == p[-1] for p in lex.according_to):
            j -= 1
        return text[toks[j].start:tok.end]
    if speaker is not None and speaker.type == "organisation":
        return speaker.text
    return None
