"""Reading state in the index: read and unread, where an article was left, stars, followed names,
the library's filter words for them, the next unread article, and an entity's days."""

from __future__ import annotations

import pytest
from index_support import library_at_version
from reading_support import build_reading_library, entity_id

from nlp.index import ListingFilter, open_index, parse_filter


@pytest.fixture
def folder(tmp_path):
    return build_reading_library(tmp_path / "library")


@pytest.mark.parametrize(("query", "expected"), [
    ("", ListingFilter()),
    ("kabul talks ", ListingFilter("kabul talks ")),
    ("is:unread", ListingFilter(unread=True)),
    ("IS:Starred kabul", ListingFilter("kabul", starred=True)),
    ("massoud is:followed is:read", ListingFilter("massoud", read=True, followed=True)),
    ("feed:wire floods", ListingFilter("floods", feed="wire")),
    ('feed:"Kabul Wire" is:unread', ListingFilter(unread=True, feed="Kabul Wire")),
    ("is:nonsense", ListingFilter("is:nonsense")),
    ("this:is:unread", ListingFilter("this:is:unread")),
])
def test_filter_words_name_states(query, expected):
    assert parse_filter(query) == expected


def titles(index, query: str) -> list[str]:
    return [a.title for a in index.list_filtered(parse_filter(query))]


def test_opened_articles_are_read_and_the_rest_unread(folder):
    with open_index(folder) as index:
        assert all(a.unread for a in index.list_articles())
        index.mark_read(3)
        index.mark_read(5)
        first = index.reading_state(3).read_at
        index.mark_read(3)  # the first opening counts
        assert index.reading_state(3).read_at == first is not None
        assert titles(index, "is:unread") == ["Winter roads", "Markets reopen", "Floods in the north",
                                              "Massoud returns to the valley"]
        assert titles(index, "is:read massoud") == ["Massoud speaks in Paris"]
        assert [a.unread for a in index.list_articles()] == [True, False, True, False, True, True]
        assert index.count_filtered(parse_filter("")) == (6, 4)
        assert index.count_filtered(parse_filter("massoud")) == (2, 1)
        index.mark_unread(3)
        assert index.count_filtered(parse_filter("is:unread")) == (5, 5)


def test_starred_articles_are_listed_and_filtered(folder):
    with open_index(folder) as index:
        index.set_starred(2, True)
        index.set_starred(4, True)
        index.set_starred(4, False)
        assert [a.starred for a in index.list_filtered(parse_filter("is:starred"))] == [True]
        assert titles(index, "is:starred") == ["Floods in the north"]
        assert index.reading_state(2).starred and not index.reading_state(4).starred


def test_feed_filter_matches_the_feed_name_or_address(folder):
    with open_index(folder) as index:
        assert titles(index, "feed:wire") == ["Markets reopen", "Talks in Kabul"]
        assert titles(index, 'feed:"valley herald" floods') == ["Floods in the north"]
        assert titles(index, "feed:valleyherald.example") == ["Floods in the north", "Massoud returns to the valley"]
        assert titles(index, "feed:100%") == []


def test_followed_filter_lists_the_articles_of_followed_names(folder):
    massoud = entity_id(folder, "Ahmad Massoud")
    with open_index(folder) as index:
        assert titles(index, "is:followed") == []
        index.follow(massoud)
        index.follow(massoud)
        assert index.is_followed(massoud)
        assert [e.name for e in index.followed()] == ["Ahmad Massoud"]
        assert titles(index, "is:followed") == ["Massoud speaks in Paris", "Talks in Kabul",
                                                "Massoud returns to the valley"]
        assert titles(index, "is:followed is:unread talks") == ["Talks in Kabul"]
        index.unfollow(massoud)
        assert not index.is_followed(massoud) and index.followed() == []


def test_state_filters_page_like_the_plain_filter(folder):
    with open_index(folder) as index:
        first = index.list_filtered(parse_filter("is:unread"), limit=2)
        rest = index.list_filtered(parse_filter("is:unread"), after=first[-1])
        assert [a.id for a in first + rest] == [6, 5, 4, 3, 2, 1]
        many = "mass ret to the valley"  # more words than the fixed statement holds
        assert titles(index, many + " is:unread") == ["Massoud returns to the valley"]


def test_the_next_unread_article_follows_the_library_order_within_the_filter(folder):
    with open_index(folder) as index:
        index.mark_read(4)
        added = {a.id: a.added_at for a in index.list_articles()}
        nothing = parse_filter("")
        assert index.next_unread(nothing, added[5], 5) == 3  # 4 is read: skipped
        assert index.next_unread(nothing, added[3], 3, step=-1) == 5
        assert index.next_unread(nothing, added[1], 1) is None
        assert index.next_unread(nothing, added[6], 6, step=-1) is None
        assert index.next_unread(parse_filter("massoud"), added[5], 5) == 1
        assert index.next_unread(parse_filter("feed:wire"), added[5], 5) == 3


def test_the_position_is_kept(folder):
    with open_index(folder) as index:
        assert index.reading_state(2).position == 0
        index.save_position(2, 1234)
    with open_index(folder) as index:
        assert index.reading_state(2).position == 1234
        assert index.reading_state(99) is None


def test_a_follow_goes_with_its_entity_and_can_be_carried_to_another(folder):
    massoud, kabul = entity_id(folder, "Ahmad Massoud"), entity_id(folder, "Kabul")
    with open_index(folder) as index:
        index.follow(massoud)
        with index.transaction():
            index.carry_follows([massoud], kabul)
        assert {e.name for e in index.followed()} == {"Ahmad Massoud", "Kabul"}
        index.unfollow(kabul)
        with index.transaction():
            index.carry_follows([kabul], massoud)  # nothing to carry: nothing changes
        assert [e.name for e in index.followed()] == ["Ahmad Massoud"]
        for article_id in (1, 3, 5):
            index.delete_article(article_id)
        assert index.followed() == []  # the entity went with its last article
        index.follow(12345)  # no such entity: nothing to follow
        assert index.followed() == []


def test_an_entity_s_days_use_the_publication_date_when_it_is_one(folder):
    massoud, kabul = entity_id(folder, "Ahmad Massoud"), entity_id(folder, "Kabul")
    with open_index(folder) as index:
        assert index.entity_days(massoud) == [("2021-03-02", 1), ("2021-06-11", 1), ("2021-09-05", 1)]
        # "Markets reopen" has no date and "Winter roads" one that is not ISO: the day each was added
        assert index.entity_days(kabul) == [("2021-03-20", 1), ("2021-06-11", 1), ("2026-02-04", 1),
                                            ("2026-02-06", 1)]
        between = index.articles_mentioning_between(massoud, "2021-03-01", "2021-06-30")
        assert [(a.title, a.count, a.context) for a in between] == [
            ("Talks in Kabul", 1, "Ahmad Massoud was there. Kabul was there."), ("Massoud returns to the valley", 1,
                                                                "Ahmad Massoud was there.")]
        assert index.articles_mentioning_between(massoud, "2021-04-01", "2021-05-31") == []


def test_state_filters_scan_the_state_index_in_the_listing_s_order(folder):
    with open_index(folder) as index:
        plan = index.conn.execute("EXPLAIN QUERY PLAN " + __import__("nlp.index.reading", fromlist=["x"])
                                  .STATE_LIST_FEW_WORDS, {"w0": "%", "w1": "%", "w2": "%", "w3": "%", "limit": 5,
                                                          "after_at": None, "after_id": None, "unread": 1, "read": 0,
                                                          "starred": 0, "feed": None, "followed": 0}).fetchall()
        assert "USING INDEX articles_state" in str(plan) or "COVERING INDEX articles_state" in str(plan)


def test_a_version_9_library_gains_the_state_and_day_indexes(tmp_path):
    folder, conn = library_at_version(tmp_path, 9)
    conn.execute("INSERT INTO articles (content_hash, title, text, added_at, published) VALUES"
                 " ('h', 'Kabul falls', 'Kabul fell.', '2026-01-01', '2021-08-15')")
    conn.close()
    with open_index(folder) as index:
        names = {row[0] for row in index.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"articles_state", "articles_day"} <= names
        assert titles(index, "is:unread kabul") == ["Kabul falls"]
