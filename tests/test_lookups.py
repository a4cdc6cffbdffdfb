"""Lookups that must stay fast on a large library give the same answers as the plain way.

The fuzzy matcher is checked against scoring every key; capped companions against the
uncapped query; the version 2 schema against a version 1 index. No model needed.
"""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from index_support import index_at_version
from nlp.analysis import analyse
from nlp.dossier import build_dossier, other_articles_page
from nlp.fuzzy import MIN_KEY_LENGTH, NameMatcher
from nlp.index import INDEX_FILENAME, SCHEMA_VERSION, open_index
from nlp.raw import RawDoc
from nlp.reading import ArticleInput
from nlp.text import shorten

FAMILIES = ["PERSON", "ORG", "PLACE", "NORP"]


def scored_one_by_one(entries, key, family, cutoff, limit, discarded=()):
    """What the matcher must return: every stored key scored, by score, family order, insertion order."""
    ranks: dict[str, int] = {}
    for _, _, fam in entries:
        ranks.setdefault(fam, len(ranks))
    if len(key) < MIN_KEY_LENGTH:
        return []
    scored = [(-fuzz.ratio(key, k), ranks[fam], order, entity_id, fam, k)
              for order, (entity_id, k, fam) in enumerate(entries)
              if len(k) >= MIN_KEY_LENGTH and (family is None or fam == family) and entity_id not in discarded]
    return [(entity_id, -score, fam, k) for score, _, _, entity_id, fam, k in sorted(scored) if -score >= cutoff][:limit]


def random_entries(rng: random.Random, count: int) -> list[tuple[int, str, str]]:
    alphabet = "abcdeiou rstmnkqéñあ"
    entries = [(i, "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 14))).strip() or "x",
                rng.choice(FAMILIES)) for i in range(1, count)]
    return entries + [(count, "a" * 300, "ORG"), (count + 1, "a" * 290 + "b", "ORG")]  # longer than a count byte


@pytest.mark.parametrize("pending_limit", [10**9, 1, 64], ids=["all-scored", "all-counted", "mixed"])
def test_matcher_finds_what_scoring_every_key_finds(pending_limit):
    rng = random.Random(5)
    entries = random_entries(rng, 1500)
    matcher = NameMatcher(pending_limit=pending_limit)
    for entry in entries:  # one by one, as the import adds them
        matcher.add(*entry)
    matcher.discard(entries[10][0])
    for n in range(150):
        key = rng.choice(entries)[1] if n % 2 else "".join(rng.choice("abeiou rstmnké") for _ in range(rng.randint(4, 14)))
        key = "a" * 299 if n == 7 else key
        family = rng.choice([*FAMILIES, None])
        for cutoff in (50, 80, 90):
            expected = scored_one_by_one(entries, key, family, cutoff, 8, discarded={entries[10][0]})
            assert [tuple(m) for m in matcher.similar(key, family, cutoff, 8)] == expected, (key, family, cutoff)


def test_matcher_best_prefers_the_family_and_skips_the_same_key():
    matcher = NameMatcher([(1, "badakshan", "PLACE"), (2, "badakhshan", "ORG"), (3, "badakhshan", "PLACE"),
                           (4, "iran", "PLACE")], pending_limit=1)
    assert matcher.best("badakhshan", "PLACE", 90).entity_id == 1
    assert matcher.best("badakhshanx", "ORG", 90).entity_id == 2
    assert matcher.best("iraq", "PLACE", 50) is None
    assert len(matcher) == 3


@pytest.mark.parametrize(("entries", "key", "family", "expected"), [
    ([(1, "israel", "PLACE")], "israeli", "PLACE", None),  # a demonym is not its place
    ([(1, "georgia", "PLACE")], "georgians", "PLACE", None),
    ([(1, "bosnian", "NORP")], "bosnia", "NORP", None),
    ([(1, "iraqi", "NORP")], "iraqis", "NORP", 1),  # a plural is the same word
    ([(1, "carlton", "ORG")], "charlton", "PERSON", None),  # another family is another thing
    ([(1, "carlton", "ORG"), (2, "charlton", "PERSON")], "charltan", "PERSON", 2),
    # a more similar name of another family: the label may be wrong, so no link at all
    ([(1, "badakhshan", "PLACE"), (2, "badakhshani", "ORG")], "badakshan", "ORG", None),
])
def test_matcher_best_keeps_to_the_family_and_skips_derived_words(entries, key, family, expected):
    match = NameMatcher(entries, pending_limit=1).best(key, family, 85)
    assert (match.entity_id if match else None) == expected


@pytest.fixture
def add(index, marked):
    def add(markup: str, title: str) -> int:
        text, spans = marked(markup)
        return index.add_article(ArticleInput(title, text), analyse(title, text, RawDoc(spans)))
    return add


def uncapped_companions(index, entity_id, limit=12):
    """The companions query before it was capped."""
    return index.conn.execute(
        "SELECT e.id, e.name, e.label, count(*) AS shared FROM article_entities mine"
        " JOIN article_entities other ON other.article_id = mine.article_id AND other.entity_id != mine.entity_id"
        " JOIN entities e ON e.id = other.entity_id"
        " WHERE mine.entity_id = ? GROUP BY e.id ORDER BY shared DESC, e.mention_count DESC LIMIT ?",
        (entity_id, limit)).fetchall()


def small_library(add):
    add("[Kabul|GPE] and [Herat|GPE] and [Panjshir|GPE] with the [Taliban|ORG].", "One")
    add("[Kabul|GPE] and [Herat|GPE] with the [Taliban|ORG] and [Doha|GPE].", "Two")
    add("[Kabul|GPE] with the [Taliban|ORG] and [Panjshir|GPE] and [Salang|FAC].", "Three")
    add("[Kabul|GPE] and [Bamiyan|GPE] and [Salang|FAC] near [Herat|GPE].", "Four")


def entity_id(index, name):
    return index.conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]


def test_companions_within_the_sample_are_the_uncapped_ones(index, add):
    small_library(add)
    for name in ("Kabul", "Taliban", "Herat", "Salang", "Bamiyan"):
        entity = entity_id(index, name)
        assert index.companions(entity) == uncapped_companions(index, entity), name


def test_companions_are_counted_in_the_newest_articles(index, add):
    small_library(add)
    kabul = entity_id(index, "Kabul")
    newest_two = {name: count for _, name, _, count in index.companions(kabul, sample=2)}
    assert newest_two == {"Salang": 2, "Taliban": 1, "Panjshir": 1, "Bamiyan": 1, "Herat": 1}
    assert [name for _, name, _, _ in index.companions(kabul, limit=2)] == ["Herat", "Taliban"]


def test_dossier_pages_other_articles_and_says_how_companions_were_counted(index, add):
    small_library(add)
    kabul = entity_id(index, "Kabul")
    article = index.article(1)
    dossier = build_dossier(index, kabul, article, other_limit=2)
    assert dossier.other_article_count == 3
    assert dossier.companions_among == 4
    assert len(dossier.other_articles) == 2
    rest = other_articles_page(index, kabul, article.id, offset=2, limit=2)
    assert {o.article_id for o in [*dossier.other_articles, *rest]} == {2, 3, 4}


def test_similar_names_follow_other_connections(index, add, tmp_path, marked):
    add("[Badakhshan|GPE] roads.", "Roads")
    assert [m.key for m in index.similar_names("badakshan", 80)] == ["badakhshan"]
    with open_index(tmp_path / "library") as other:
        text, spans = marked("[Badakhshanian|NORP] traders.")
        other.add_article(ArticleInput("Traders", text), analyse("Traders", text, RawDoc(spans)))
    assert [m.key for m in index.similar_names("badakhshan", 80)] == ["badakhshan", "badakhshanian"]


def test_similar_names_forget_deleted_entities(index, add):
    roads = add("[Badakhshan|GPE] roads.", "Roads")
    add("[Takhar|GPE] and [Badakhshanian|NORP] traders.", "Traders")
    assert {m.key for m in index.similar_names("badakhshan", 80)} == {"badakhshan", "badakhshanian"}
    index.delete_article(roads)
    add("[Kunduz|GPE] rivers.", "Rivers")  # may reuse the deleted entity's id
    assert {m.key for m in index.similar_names("badakhshan", 80)} == {"badakhshanian"}


def test_similar_names_of_a_new_file_at_the_same_path(tmp_path, marked):
    folder = tmp_path / "library"
    for name in ("Badakhshan", "Badakhshanis"):
        with open_index(folder) as index:
            text, spans = marked(f"[{name}|GPE] stones.")
            index.add_article(ArticleInput(name, text), analyse(name, text, RawDoc(spans)))
            assert [m.key for m in index.similar_names("badakhshan", 80)] == [name.lower()]
        for path in folder.glob(INDEX_FILENAME + "*"):
            path.unlink()


def version_1_index(path):
    """An index as Margin wrote it before schema version 2, with one article."""
    conn = index_at_version(path, 1)
    conn.execute("INSERT INTO articles (content_hash, title, text, added_at) VALUES ('h', 'T', 'Kabul fell.', 'now')")
    conn.execute("INSERT INTO entities (name, label, key, mention_count, article_count) VALUES ('Kabul', 'GPE', 'kabul', 1, 1)")
    conn.execute("INSERT INTO article_entities (article_id, entity_id, name, label, mention_count, link)"
                 " VALUES (1, 1, 'Kabul', 'GPE', 1, 'new')")
    conn.execute("INSERT INTO mentions VALUES (1, 0, 5, 1, 0, 11)")
    conn.close()


def test_version_1_index_is_migrated_and_keeps_its_articles(tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    version_1_index(folder / INDEX_FILENAME)
    with open_index(folder) as index:
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert index.article(1).text == "Kabul fell."
        assert [m.key for m in index.similar_names("kabul", 80)] == ["kabul"]
        deletions = "SELECT deletions FROM entity_changes"
        assert index.conn.execute(deletions).fetchone()[0] == 0
        assert index.delete_article(1)
        assert index.conn.execute(deletions).fetchone()[0] == 1
        assert index.similar_names("kabul", 80) == []


SENTENCE_BEFORE = "In the long afternoon of the twelfth of March, the senator from Ohio said that "
SENTENCE_AFTER = " had met his son in Wilmington and spoke about the war for a long time."


@pytest.mark.parametrize(("width", "shown"), [
    (200, SENTENCE_BEFORE + "Joe Biden" + SENTENCE_AFTER),  # the whole sentence fits
    (42, "…said that Joe Biden had met his son in…"),  # a third before, cut at words
    (20, "…Joe Biden had met…"),
    (12, "…Joe Biden…"),  # no whole word fits on either side
    (5, "Joe Biden"),  # the name is never cut
])
def test_a_context_line_is_shortened_at_words_to_its_width(width, shown):
    before, name, after = shorten(SENTENCE_BEFORE, "Joe Biden", SENTENCE_AFTER, width)
    assert before + name + after == shown and name == "Joe Biden"
    assert len(shown) <= max(width, len(name))


def test_a_short_sentence_gives_its_unused_room_to_the_words_before_the_name():
    before, _, after = shorten(SENTENCE_BEFORE, "Joe Biden", " spoke.", 50)
    assert before == "…the senator from Ohio said that " and after == " spoke."


def test_the_dossier_keeps_all_the_context_stored_around_a_mention(index, add):
    # Without sentence bounds from the model, a mention's context is 80 characters on each side.
    article_id = add("[Kabul|GPE] was quiet after a long night of rain and of wind that blew from the hills until dawn.",
                     "Night")
    kabul = index.top_entities()[0]
    dossier = build_dossier(index, kabul.id, index.article(article_id))
    assert [(c.before, c.name, c.after) for c in dossier.in_article] == [
        ("", "Kabul", " was quiet after a long night of rain and of wind that blew from the hills until")]
