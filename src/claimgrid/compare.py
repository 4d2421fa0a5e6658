"""The whole cross-check of a handful of sources, in memory: files in, report dict out.

The corpus path (ingest / stories / report) calls the same stage functions.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from typing import Iterable

from .align import ClaimContext, align_claims
from .claims import ArticleClaims, extract_claims
from .embed import embed_texts
from .entities import resolve_entities
from .errors import InputError, NotEnoughSourcesError
from .figures import reconcile_figures
from .ingest import read_source
from .lexicons import supported_languages
from .model import Article, Claim
from .report.build import build_report
from .subjects import party_of

logger = logging.getLogger(__name__)

def source_ids(count: int) -> list[str]:
    """Short ids for ``count`` sources, in spreadsheet-column order: A … Z, AA, AB, …"""
    ids = []
    for n in range(1, count + 1):
        label = ""
        while n:
            n, rest = divmod(n - 1, 26)
            label = chr(ord("A") + rest) + label
        ids.append(label)
    return ids


@dataclass
class Analysis:
    """The stages' results for a set of sources, before they become a report."""
    sources: list[tuple[str, Article]]
    analyses: list[ArticleClaims]
    warnings: list[str] = field(default_factory=list)


def compare(paths: Iterable[str | os.PathLike], published: dt.date | None = None,
            lang: str | None = None) -> dict:
    """Cross-check the reports at ``paths`` and return the ``claimgrid.report/1`` dict.

    Unreadable files are skipped with a warning (in the report's ``warnings``)
    as long as two readable sources remain; otherwise NotEnoughSourcesError,
    whose message lists each file's reason.
    """
    articles, warnings = read_sources(paths, published)
    return compare_articles(articles, lang=lang, warnings=warnings)


def read_sources(paths: Iterable[str | os.PathLike], published: dt.date | None = None) -> tuple[list[Article], list[str]]:
    """Read each path; a file that cannot be read becomes a warning, not a failure."""
    articles: list[Article] = []
    problems: list[str] = []
    for path in paths:
        try:
            articles.append(read_source(path, published=published))
        except InputError as err:
            problems.append(str(err))
    if len(articles) < 2:
        detail = "; ".join(problems) if problems else f"{len(articles)} source given"
        raise NotEnoughSourcesError(f"a cross-check needs at least two readable sources ({detail})")
    return articles, problems


def compare_articles(articles: list[Article], lang: str | None = None, warnings: Iterable[str] = ()) -> dict:
    """Cross-check already-read articles (the stage chain shared with corpus reports)."""
    warnings = list(warnings)
    sources = list(zip(source_ids(len(articles)), articles))
    analyses = [analyse_article(sid, article, lang, warnings) for sid, article in sources]
    claims = [c for a in analyses for c in a.claims]

    mentions = [(a.source, m) for a in analyses for m in _all_mentions(a)]
    entities, entity_of = resolve_entities(mentions)
    contexts = claim_contexts(claims, sources, entity_of)
    alignments = align_claims(contexts, embed_texts)
    subject_of = {c.id: entity_of.get((c.source, c.subject.span)) if c.subject else None for c in claims}
    figures = reconcile_figures(claims, alignments, subject_of)
    return build_report(sources, claims, entities, entity_of, alignments, figures, warnings)


def analyse_article(source: str, article: Article, lang: str | None, warnings: list[str]) -> ArticleClaims:
    """Claims of one article, in the forced language, the detected one, or none if unsupported."""
    language = lang or article.language
    name = article.path or article.url or article.id
    if language is None:
        warnings.append(f"{name}: language not detected; read as English")
        language = "en"
    if language not in supported_languages():
        warnings.append(f"{name}: language '{language}' is not supported; no claims read from it")
        return ArticleClaims(source=source, language=language, sentences=[], mentions=[])
    return extract_claims(article, source, language)


def _all_mentions(analysis: ArticleClaims):
    """Every name mention, plus speakers carried over from other sentences, once each."""
    seen = set()
    for m in analysis.mentions:
        seen.add(m.span)
        yield m
    for claim in analysis.claims:
        for m in (claim.subject, claim.place, claim.attribution.speaker if claim.attribution else None):
            if m is not None and m.span not in seen:
                seen.add(m.span)
                yield m


def claim_contexts(claims: list[Claim], sources: list[tuple[str, Article]], entity_of) -> list[ClaimContext]:
    """Embeddings and resolved entities of each claim, as alignment needs them."""
    texts = {sid: a.text for sid, a in sources}

    def entity(source, mention):
        return entity_of.get((source, mention.span)) if mention is not None else None

    def subject(c: Claim):
        if c.subject is None:
            return None
        return party_of(c.subject.text) or entity(c.source, c.subject)

    return [ClaimContext(claim=c, embed_text=c.text if c.kind == "quote" else texts[c.source][c.sentence[0]:c.sentence[1]],
                         subject=subject(c),
                         subject_is_party=c.subject is not None and party_of(c.subject.text) is not None,
                         place=entity(c.source, c.place),
                         speaker=entity(c.source, c.attribution.speaker) if c.attribution else None)
            for c in claims]
