-- claimgrid store, version 1: articles and what was read from them, stories, errors,
-- the clusterer's resumable state, and full-text search over articles and claims.

-- One row per distinct text: ``id`` is the content hash (model.content_id), so an
-- article ingested twice is stored once. ``seq`` is the ingest order (and the
-- integer rowid the full-text index points at).
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    text         TEXT NOT NULL,
    path         TEXT,
    url          TEXT,
    title        TEXT,
    outlet       TEXT,
    published    TEXT,            -- ISO date or NULL
    language     TEXT,
    ingested_at  TEXT NOT NULL
);

-- Sentence spans, half-open character offsets into articles.text.
CREATE TABLE sentences (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    PRIMARY KEY (article_id, n)
) WITHOUT ROWID;

-- Name mentions of one article (cross-source entities are resolved per story at report time).
CREATE TABLE mentions (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    PRIMARY KEY (article_id, n)
) WITHOUT ROWID;

-- Claims: key columns for queries, the whole claim as JSON (model.Claim, dates as ISO strings).
CREATE TABLE claims (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,        -- "<article id>:<n>"
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    sentence       TEXT NOT NULL,               -- the claim's sentence, searched with it
    measure        TEXT,
    qualifier      TEXT,
    value          REAL,
    low            REAL,
    high           REAL,
    unit           TEXT,
    json           TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_measure ON claims(measure);

-- Stories as the online clusterer assigned them; ids come from the clusterer ("S1", "S2", ...).
CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,        -- creation order
    title       TEXT,                           -- title of its first article
    first_seen  TEXT,                           -- earliest published date of its articles
    last_seen   TEXT,
    size        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE story_articles (
    story_id    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, article_id)
) WITHOUT ROWID;

-- A story's report (claimgrid.report/1) as computed by ``claimgrid report``; valid while the
-- story's article set is the one hashed in ``articles_key``.
CREATE TABLE story_reports (
    story_id      TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    articles_key  TEXT NOT NULL,
    report        TEXT NOT NULL,
    computed_at   TEXT NOT NULL
);

-- The alignments of that cached report, one row each, for queries across stories.
CREATE TABLE alignments (
    story_id     TEXT NOT NULL REFERENCES story_reports(story_id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    relation     TEXT NOT NULL,
    claims       TEXT NOT NULL,                 -- JSON list of the report's claim ids
    explanation  TEXT NOT NULL,
    PRIMARY KEY (story_id, id)
) WITHOUT ROWID;

-- Inputs that could not be read: one row per (input, reason), counted each time it is seen.
CREATE TABLE errors (
    input       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    count       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (input, reason)
) WITHOUT ROWID;

-- Resumable ingest state by name (the clusterer's state: JSON metadata plus an .npz blob),
-- written in the same transaction as the articles it reflects.
CREATE TABLE ingest_state (
    name        TEXT PRIMARY KEY,
    meta        TEXT NOT NULL,
    arrays      BLOB,
    updated_at  TEXT NOT NULL
);

-- Lead embeddings by text hash (embed.text_key): a shortcut for re-ingesting the same leads.
CREATE TABLE embeddings (
    key     TEXT PRIMARY KEY,
    vector  BLOB NOT NULL
) WITHOUT ROWID;

-- Full-text search; external content, kept in step by triggers (articles and claims are
-- only ever inserted or deleted, never updated).
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq',
                                      tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(text, sentence, content='claims', content_rowid='rowid',
                                    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, text, sentence) VALUES (new.rowid, new.text, new.sentence);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, text, sentence) VALUES ('delete', old.rowid, old.text, old.sentence);
END;
