-- The topic of a story: a coarser online grouping of stories that report similar
-- events (two earthquakes, two shootings), assigned by the clusterer when the
-- story is created (T1, T2, …). NULL for stories stored before topics existed.
ALTER TABLE stories ADD COLUMN topic TEXT;
CREATE INDEX stories_topic ON stories (topic);
