"""Who a claim is attributed to, in which role, and through what channel.

Reads one sentence at a time with the speech lexicon of its language:
"according to X", "X:n mukaan" / "X zufolge" (a source postposition),
"X said/told/estimated", "said X", the speaker's role
("National Security Council spokesman John Kirby") and the channel ("citing
newly declassified intelligence", "according to US estimates").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..lexicons import load_lexicon
from ..model import Attribution, Mention, Span
from .mentions import Token, WordSet, tokens, word_set

# Words that may stand between a name and its verb ("Kirby has said"); a language
# lists its own as ``auxiliaries`` in speech.toml, English ones are the default.
_DEFAULT_AUXILIARIES = ("has", "had", "have", "also", "now", "then", "later")


@dataclass(frozen=True)
class SpeechLexicon:
    verbs: WordSet
    according_to: tuple[tuple[str, ...], ...]
    according_to_after: tuple[tuple[str, ...], ...]
    via_nouns: WordSet
    roles: WordSet
    pronouns: WordSet
    non_source_pronouns: WordSet
    auxiliaries: WordSet
    complementizers: WordSet
    source_ends: WordSet      # words that end an unnamed source after its verb ("said the fire service on …")
    source_openers: WordSet   # words that open a source clause before its verb ("wie das Zentrum mitteilte")
    source_articles: WordSet  # articles that open a source's noun phrase ("the", "das", "le")
    indefinite_articles: WordSet  # "a police spokesman", "ein Polizeisprecher": an unnamed person
    agent_words: WordSet      # "by" of a passive: who published the data an "according to" cites
    publishing_verbs: WordSet  # "published", "released": the agent after them is the data's source


@cache
def speech_lexicon(lang: str) -> SpeechLexicon:
    table = load_lexicon(lang, "speech")
    time = load_lexicon(lang, "time")
    numbers = load_lexicon(lang, "numbers")
    low = lambda key: word_set(table.get(key, []))  # noqa: E731
    phrases = lambda key: tuple(tuple(p.lower().split()) for p in table.get(key, []))  # noqa: E731
    return SpeechLexicon(
        verbs=low("verbs"),
        according_to=phrases("according_to"),
        according_to_after=phrases("according_to_after"),
        via_nouns=low("via_nouns"),
        roles=word_set(r for role in table.get("roles", []) for r in role.split()),
        pronouns=low("speaker_pronouns"),
        non_source_pronouns=low("non_source_pronouns"),
        auxiliaries=word_set(table.get("auxiliaries", _DEFAULT_AUXILIARIES)),
        complementizers=low("complementizers"),
        # days ("on Tuesday", "mardi") end or precede a source as its own time words do
        source_ends=word_set(table.get("source_ends", []) + [w for forms in time["weekdays"] for w in forms]
                             + [w for forms in time.get("relative_days", {}).values() for w in forms if " " not in w]),
        source_openers=low("source_openers"),
        source_articles=low("source_articles"),
        indefinite_articles=word_set(numbers.get("indefinite_articles", [])),
        agent_words=low("agent_words"),
        publishing_verbs=low("publishing_verbs"),
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
    source_org: Mention | None = None
    marks: list[Token] = []

    # "according to X"; "Kirbyn mukaan", "Kirby zufolge" (the source comes right before a postposition)
    unnamed_agent: str | None = None
    agent: Mention | None = None
    for i in range(len(toks)):
        for phrase in lex.according_to:
            if tuple(words[i:i + len(phrase)]) == phrase:
                marks.extend(toks[i:i + len(phrase)])
                nxt = _next_mention(toks, i + len(phrase), by_start)
                person = _person_after_role(toks, i + len(phrase), by_start, lex)
                if person is not None and nxt is not person:
                    # "за словами голови ОВА Олега Синєгубова": the person after the role speaks,
                    # the institution between is the channel
                    if nxt is not None and nxt.type == "organisation" and source_org is None:
                        source_org = nxt
                    nxt = person
                if nxt is None and unnamed_agent is None:
                    # "according to figures released on Monday by the statistics office"
                    nxt, unnamed_agent = _agent_after(text, toks, i + len(phrase), by_start, lex, i == 0)
                    agent = nxt
                if nxt is None and unnamed_agent is None:
                    unnamed_agent = _phrase_after(text, toks, i + len(phrase), lex, opens_sentence=i == 0)
                if nxt and nxt.type in ("person", "other") and speaker is None and not _followed_by_via(toks, nxt, lex):
                    speaker = nxt
                    marks.append(Token(nxt.span[0], nxt.span[1], nxt.text))
                elif nxt and nxt.type == "organisation" and source_org is None:
                    source_org = nxt      # "according to the Pentagon": the channel, not a speaker
        for phrase in lex.according_to_after:
            if tuple(words[i:i + len(phrase)]) == phrase:
                marks.extend(toks[i:i + len(phrase)])
                prev = _mention_ending_at(toks, i, by_start)
                if prev is None and i > 0 and toks[i - 1].is_word and unnamed_agent is None \
                        and _names_a_source([toks[i - 1]], lex):
                    unnamed_agent = toks[i - 1].text     # "Pelastuslaitoksen mukaan", "poliisin mukaan"
                if prev and prev.type in ("person", "other") and speaker is None:
                    speaker = prev
                    marks.append(Token(prev.span[0], prev.span[1], prev.text))
                elif prev and prev.type == "organisation" and source_org is None:
                    source_org = prev
    # "X said" / "said X" / "he added"
    unnamed: str | None = None
    for i, tok in enumerate(toks):
        if tok.lower not in lex.verbs:
            continue
        candidate = _mention_before(toks, i, by_start, lex) or _mention_after(toks, i, by_start, lex)
        if candidate is None and last_speaker is not None:
            # "he added", the inverted "sagte er", "добавил он", and the fused "précise-t-il"
            pronoun = next((toks[k] for k in (i - 1, i + 1, i) if 0 <= k < len(toks) and words[k] in lex.pronouns),
                           None)
            if pronoun is not None:
                candidate = last_speaker
                marks.append(pronoun)
        if candidate is None and unnamed is None:
            unnamed = _unnamed_source(text, toks, i, lex)   # "…, wie das Landesamt mitteilte"
        if candidate is None and (_via_noun_near(toks, i, lex) or unnamed is not None):
            marks.append(tok)     # "officials said", "teilte das Innenministerium mit": a channel, no name
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
    # What follows "that" after the verb is the reported content, not the channel.
    cut = next((t.start for t in toks if t.lower in lex.complementizers and t.start > min(verb_starts, default=0)),
               sentence[1])
    via = _via_phrase(text, [t for t in toks if t.start < cut], lex, speaker, mentions,
                      marked=verb_starts)
    if via is None and source_org is not None:
        via = source_org.text
    if agent is not None:
        via = agent.text      # the data's publisher, not the word for the data ("figures")
    if via is None and speaker is None and unnamed_agent is not None:
        via = unnamed_agent
    if unnamed is not None and via is not None and via.split()[-1] in unnamed.split():
        via = unnamed     # "a précisé jeudi la préfecture du Gard": the whole phrase, not its noun
    if via is None and speaker is None:
        via = unnamed     # every verb without a speaker was tried in the loop above
    start = min(t.start for t in marks) if marks else speaker.span[0]
    end = max(t.end for t in marks) if marks else speaker.span[1]
    if role and speaker is not None and speaker.span[0] >= sentence[0]:
        start = min(start, speaker.span[0] - len(role) - 1)
    return Attribution(span=(start, end), text=text[start:end], speaker=speaker, role=role, via=via)


MAX_SOURCE_WORDS = 6   # "the state flood forecasting centre", "le centre de prévision des crues"


def _unnamed_source(text: str, toks: list[Token], i: int, lex: SpeechLexicon) -> str | None:
    """A source named by a common noun phrase at a speech tag: after an inverted verb
    ("…, teilte das Landeshochwasserzentrum mit", "…, a indiqué le centre de prévision des
    crues", "…, сообщил земельный центр по паводкам") or between a comma and a verb that ends
    the clause ("…, the town's fire service said", "…, wie das Landesamt mitteilte"); ``i`` is
    the verb's token."""
    k = i - 1
    while k >= 0 and toks[k].lower in lex.auxiliaries:
        k -= 1
    if k >= 0 and not toks[k].is_word:          # the verb opens the tag: its source follows
        rest = toks[i + 1:i + 1 + 2 * MAX_SOURCE_WORDS]
        j = 0
        while j < len(rest) and rest[j].is_word and (
                rest[j].lower in lex.source_ends          # "a indiqué mardi soir la police"
                or (rest[j].lower in lex.source_articles and j + 1 < len(rest)
                    and rest[j + 1].lower in lex.source_ends)):   # "informó el martes el centro"
            j += 1
        phrase = []
        for tok in rest[j:]:
            if not tok.is_word or tok.lower in lex.source_ends or len(phrase) == MAX_SOURCE_WORDS:
                break
            phrase.append(tok)
    else:                                        # the verb closes the tag: its source precedes
        start = max((j + 1 for j in range(i) if not toks[j].is_word), default=0)
        phrase = [t for t in toks[start:k + 1] if t.is_word]
        while phrase and phrase[0].lower in lex.source_openers:
            phrase = phrase[1:]
        # a whole clause before the verb is its content, not a source ("14 people died and …
        # said"); at the sentence's start only a short subject is ("Police said …")
        if len(phrase) > (MAX_SOURCE_WORDS if start else 3) or any(
                t.text[0].isdigit() or t.lower in lex.source_ends for t in phrase):
            phrase = []
    return text[phrase[0].start:phrase[-1].end] if phrase and _names_a_source(phrase, lex) else None


def _phrase_after(text: str, toks: list[Token], i: int, lex: SpeechLexicon, opens_sentence: bool) -> str | None:
    """The common noun phrase an "according to" opens ("according to firefighters at the scene",
    "selon les pompiers", "по словам спасателей"): up to the next punctuation (or the sentence's
    end, unless the phrase opens the sentence: then the claim follows it), or, where nothing
    closes it soon ("Laut Rettungskräften starben …"), its first word after an article."""
    if i < len(toks) and toks[i].lower in lex.agent_words:
        i += 1          # "nach Angaben von Anwohnern"
    phrase: list[Token] = []
    for tok in toks[i:i + MAX_SOURCE_WORDS + 1]:
        if not tok.is_word or tok.lower in lex.source_ends:
            break
        phrase.append(tok)
    after = i + len(phrase)
    # a phrase that opens the sentence ends at a comma ("Nach Angaben der Bergwacht wurden zwei …")
    closed = len(phrase) <= MAX_SOURCE_WORDS and after < len(toks) and (
        (not toks[after].is_word and not (opens_sentence and after == len(toks) - 1))
        or (toks[after].lower in lex.source_ends and not opens_sentence))
    if not closed:
        opens_with_article = phrase and (phrase[0].lower in lex.source_articles
                                         or phrase[0].lower in lex.indefinite_articles)
        phrase = phrase[:2 if opens_with_article else 1]
    if not phrase or any(t.text[0].isdigit() for t in phrase) or not _names_a_source(phrase, lex, opened=True):
        return None
    return text[phrase[0].start:phrase[-1].end]


def _person_after_role(toks: list[Token], i: int, by_start: dict[int, Mention],
                       lex: SpeechLexicon) -> Mention | None:
    """A person named after a role that opens the phrase ("за словами голови ОВА Олега
    Синєгубова", "according to regional governor Nino Japaridze"), within a few words."""
    if i >= len(toks) or toks[i].lower not in lex.roles:
        return None
    for tok in toks[i + 1:i + 6]:
        if not tok.is_word:
            return None
        m = by_start.get(tok.start)
        if m is not None and m.type == "person":
            return m
    return None


MAX_WORDS_TO_AGENT = 8   # "según los datos publicados el martes por …"


def _agent_after(text: str, toks: list[Token], i: int, by_start: dict[int, Mention],
                 lex: SpeechLexicon, opens_sentence: bool) -> tuple[Mention | None, str | None]:
    """The agent of the data an "according to" phrase cites ("selon les résultats publiés lundi
    par la commission électorale"): a name after the agent word, or its noun phrase."""
    for k in range(i, min(i + MAX_WORDS_TO_AGENT, len(toks))):
        if not toks[k].is_word:
            break
        if toks[k].lower in lex.agent_words:
            named = _next_mention(toks, k + 1, by_start)
            published = any(t.lower in lex.publishing_verbs for t in toks[i:k])
            if named is not None:    # who published the data ("a copy … seen by the Herald" is no source)
                return (named, None) if named.type == "organisation" or published else (None, None)
            return None, _phrase_after(text, toks, k, lex, opens_sentence)
    return None, None


def _names_a_source(phrase: list[Token], lex: SpeechLexicon, opened: bool = False) -> bool:
    """A noun phrase that can name a source: in a language with articles it opens with one or
    with a capital ("the fire service", "Police", not "comentar esas cifras") unless a word such
    as "according to" already ``opened`` it; a pronoun ("er", "hän") or a bare role ("la
    gobernadora": a person named elsewhere) is none, but a role after an indefinite article is an
    unnamed person ("ein Polizeisprecher", "a police spokesman")."""
    unnamed_person = phrase[0].lower in lex.indefinite_articles and any(t.lower in lex.roles for t in phrase)
    if any(t.lower in lex.pronouns or t.lower in lex.non_source_pronouns or t.lower in lex.verbs
           or (t.lower in lex.roles and not unnamed_person)
           for t in phrase):
        return False
    has_articles = bool(lex.source_articles.words)
    return (opened or not has_articles or phrase[0].lower in lex.source_articles or unnamed_person
            or phrase[0].is_capitalised)


def _next_mention(toks: list[Token], i: int, by_start: dict[int, Mention]) -> Mention | None:
    # Skip a determiner or two ("according to the Reuters news agency").
    for tok in toks[i:i + 3]:
        if tok.start in by_start:
            return by_start[tok.start]
        if not tok.is_word:
            return None
    return None


VIA_REACH = 3   # words between a speech verb and a channel noun that still make it the verb's subject


def _via_noun_near(toks: list[Token], i: int, lex: SpeechLexicon) -> bool:
    """A channel noun within reach of the verb, in the same clause ("the interior ministry said")."""
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(toks) and abs(k - i) <= VIA_REACH and toks[k].is_word:
            if toks[k].lower in lex.via_nouns:
                return True
            k += step
    return False


def _followed_by_via(toks: list[Token], mention: Mention, lex: SpeechLexicon) -> bool:
    after = [t for t in toks if t.start >= mention.span[1]][:2]
    return any(t.lower in lex.via_nouns for t in after)


def _mention_ending_at(toks: list[Token], i: int, by_start: dict[int, Mention]) -> Mention | None:
    """The mention whose last token is ``toks[i - 1]`` ("Kirbyn" in "Kirbyn mukaan")."""
    if i == 0:
        return None
    tok = toks[i - 1]
    return next((m for m in by_start.values() if m.span[0] <= tok.start < m.span[1]), None)


MAX_AUXILIARIES = 2   # "Kirby has also said", "Kirby a également déclaré"
# tokens after a verb in which its speaker is looked for ("afirmó la economista jefe del banco
# Nordea, Tuulia Hakola-Uusitalo"); beyond 7 only once a role word was read
MAX_WORDS_TO_SPEAKER = 12


def _mention_before(toks: list[Token], i: int, by_start: dict[int, Mention],
                    lex: SpeechLexicon) -> Mention | None:
    """The speaker named before the verb.

    "Kirby said", "John Kirby has said", "Kirby told reporters", and after an
    apposition "the interior minister, Levan Kapanadze, said" when the name
    between the commas was read as a person.
    """
    k = i - 1
    while k >= 0 and i - 1 - k < MAX_AUXILIARIES and toks[k].lower in lex.auxiliaries:
        k -= 1
    after_comma = k > 0 and toks[k].text == ","
    if after_comma:
        k -= 1
    if k < 0:
        return None
    tok = toks[k]
    for m in by_start.values():
        if m.span[0] <= tok.start < m.span[1] and m.span[1] <= toks[i].start:
            return m if not after_comma or m.type == "person" else None
    return None


def _mention_after(toks: list[Token], i: int, by_start: dict[int, Mention],
                   lex: SpeechLexicon) -> Mention | None:
    """The speaker named after the verb.

    "said John Kirby", "said a White House spokesman John Kirby"; after a role
    and a comma ("sagte der Sprecher des Sicherheitsrats, John Kirby"); and a
    single name right after a verb that follows a quote or a comma
    ("„…“, sagte Kirby", "…, kertoi Kirby"), where the verb-first order marks
    the speech tag.
    """
    k = i - 1
    while k >= 0 and i - 1 - k < MAX_AUXILIARIES and toks[k].lower in lex.auxiliaries:
        k -= 1      # "« … », a déclaré Kapanadze"
    inverted_tag = k >= 0 and not toks[k].is_word
    role_seen = False
    first: Mention | None = None     # a name right after an inverted tag, unless a role and a person follow
    following = toks[i + 1:i + 1 + MAX_WORDS_TO_SPEAKER]
    for k, tok in enumerate(following):
        m = by_start.get(tok.start)
        # a name right before a role word holds the role ("Danske Bankin pääekonomisti Pasi
        # Kuoppamäki", "Nordea chief economist …"): the speaker is the person after it
        holds_role = m is not None and any(t.start >= m.span[1] and t.lower in lex.roles for t in following[k + 1:k + 3])
        if m is not None and not holds_role and (
                m.type == "person" or (role_seen and m.span[1] - m.span[0] > len(tok.text))):
            return m      # "said Nordea chief economist Tuulia Hakola-Uusitalo": the person after the role
        after_article = k == 1 and following[0].lower in lex.source_articles     # "said the Pentagon"
        if m is not None and ((k == 0 or after_article) and inverted_tag or holds_role and m.type == "person") \
                and first is None:
            first = m
        if k >= 6 and not role_seen:
            break
        role_seen = role_seen or tok.lower in lex.roles
        if not tok.is_word and not (tok.text == "," and role_seen):
            break
    return first


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


def _via_phrase(text: str, toks: list[Token], lex: SpeechLexicon, speaker: Mention | None,
                mentions: list[Mention], marked: set[int]) -> str | None:
    """The channel: a via-noun with up to three words before it ("newly declassified American intelligence"),
    or the whole name it is part of ("el Ministerio del Interior"); the speech verbs and "according
    to" phrases (``marked``, by start) are neither channel nor part of one ("nach Angaben der Polizei")."""
    for k, tok in enumerate(toks):
        if tok.lower not in lex.via_nouns or tok.start in marked:
            continue
        named = next((m for m in mentions if m.span[0] <= tok.start < m.span[1]), None)
        if named is not None:
            return named.text
        end = k
        while end + 1 < len(toks) and toks[end + 1].lower in lex.roles:
            end += 1        # "a police spokesman said": the role the channel noun qualifies
        j = k
        while (j > 0 and k - j < 3 and toks[j - 1].is_word and toks[j - 1].start not in marked
               and toks[j - 1].lower not in lex.verbs
               and toks[j - 1].lower not in lex.auxiliaries
               and not any(toks[j - 1].lower == p[-1] for p in lex.according_to)
               and not any(toks[j - 1].lower == p[0] for p in lex.according_to_after)):
            j -= 1
        return text[toks[j].start:toks[end].end]
    if speaker is not None and speaker.type == "organisation":
        return speaker.text
    return None
