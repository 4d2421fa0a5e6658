-- Search with English stemming ("killing" finds "killed" and "kills"): the Porter stemmer
-- over the same Unicode tokens, diacritics folded. Porter only strips English suffixes;
-- a word of another language is cut the same way in the index and in the query, so
-- exact words still match there. The indexes are rebuilt from their content tables.
-- Stories' topics (0002) are now also updated when the clusterer merges topics.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq',
                                      tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');

DROP TRIGGER claims_fts_insert;
DROP TRIGGER claims_fts_delete;
DROP TABLE claims_fts;
CREATE VIRTUAL TABLE claims_fts USING fts5(text, sentence, content='claims', content_rowid='rowid',
                                    tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, text, sentence) VALUES (new.rowid, new.text, new.sentence);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, text, sentence) VALUES ('delete', old.rowid, old.text, old.sentence);
END;
INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
