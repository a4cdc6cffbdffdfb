"""The library index on a temporary folder, fed with analyses built by hand (no model)."""

import sqlite3
import stat
from pathlib import Path

import pytest

from nlp.analysis import analyse
from nlp.index import INDEX_FILENAME, SCHEMA_VERSION, Index, IndexUnavailable, open_index
from nlp.raw import RawDoc
from nlp.reading import ArticleInput


@pytest.fixture
def add(index, marked):
    """Store the article written as span markup; returns its id."""
    def add(markup: str, title: str = "Article") -> int:
        text, spans = marked(markup)
        return index.add_article(ArticleInput(title, text), analyse(title, text, RawDoc(spans)))
    return add


def mention_entities(index) -> dict[int, dict[str, int]]:
    """{article id: {mention text: library entity id}} from the export."""
    return {a["id"]: {m["text"]: m["entity"] for m in a["mentions"]} for a in index.export()["articles"]}


def library_entities(index) -> dict[str, dict]:
    """The exported library entities by name."""
    return {e["name"]: e for e in index.export()["entities"]}


def test_new_index_is_versioned_and_in_wal_mode(index):
    assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
    other = sqlite3.connect(index.path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()


def test_data_folder_and_index_are_private(tmp_path):
    data_dir = tmp_path / "nested" / "library"
    with open_index(data_dir):
        pass
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / INDEX_FILENAME).stat().st_mode) == 0o600


def test_reopening_keeps_the_articles(tmp_path, marked):
    text, spans = marked("[Kabul|GPE] fell.")
    with open_index(tmp_path) as first:
        article_id = first.add_article(ArticleInput("Kabul", text), analyse("Kabul", text, RawDoc(spans)))
    with open_index(tmp_path) as second:
        assert [a.id for a in second.list_articles()] == [article_id]


def test_full_text_search(index, add):
    emeralds = add("Green stones from [Panjshir|GPE] are called emeralds.", title="Emeralds")
    add("The [Salang|FAC] tunnel closed in winter.", title="Tunnel")
    hits = index.search("emeralds")
    assert [(h.id, h.title) for h in hits] == [(emeralds, "Emeralds")]
    assert "[emeralds]" in hits[0].snippet
    assert [h.title for h in index.search("tunnel winter")] == ["Tunnel"]
    assert index.search("kandahar") == []


@pytest.mark.parametrize("query", [
    '"', 'emeralds"', "NEAR(", "NEAR(a b)", "a OR", "AND", "NOT", "*", "emer*", "title:emeralds", "-emeralds",
    "^emeralds", "(", ")", "'", ":", "{a b}", "a + b", "'; DROP TABLE articles; --", "", "   ",
])
def test_search_syntax_characters_do_not_fail(index, add, query):
    add("Green stones are called emeralds.", title="Emeralds")
    assert isinstance(index.search(query), list)
    assert index.article_count() == 1


def test_same_source_twice_is_stored_once(index, add):
    first = add("The [Taliban|ORG] took [Kabul|GPE].")
    second = add("The [Taliban|ORG] took [Kabul|GPE].")
    assert first == second
    assert index.article_count() == 1
    taliban = library_entities(index)["Taliban"]
    assert (taliban["mention_count"], taliban["article_count"]) == (1, 1)


@pytest.mark.parametrize(("first", "second", "same"), [
    ("[Ahmad Shah Massoud|PERSON] fought.", "[Ahmad Shah Massoud|PERSON] died.", True),
    ("[Al Qaeda|ORG] struck.", "[al-Qaeda|ORG] struck.", True),
    ("The [United States|GPE] and the [US|GPE].", "[US|GPE] aid.", True),
    ("[Badakhshan|GPE] roads.", "[Badakshan|GPE] stones.", True),
    ("[Panjshir|GPE] province.", "[Panjshir|LOC] valley.", True),
    ("[Iran|GPE] talks.", "[Iraq|GPE] talks.", False),
    ("[Herat|GPE] city.", "[Heart|GPE] city.", False),
    ("[Reuters Television|ORG] filmed it, [Reuters|ORG] said.", "[Reuters|PERSON] reported.", True),
    ("[Georgia|GPE] voted.", "[Georgian|GPE] wine.", False),
    ("[Israel|GPE] voted.", "[Israeli|NORP] troops.", False),
    ("[Iraqi|NORP] troops.", "[Iraqis|NORP] fled.", True),
    ("The [Swat Valley|LOC] road, and the [Valley|LOC] beyond.", "The [Valley|LOC] flooded.", False),
    ("The [Valley|LOC] flooded.", "The [Valley|LOC] dried.", True),
    ("[Volkswagen AG|ORG] sold cars.", "[Volkswagen|ORG] cars.", True),
    ("[Volkswagen|ORG] sold cars.", "[Volkswagen AG|ORG] cars.", True),
    ("[Volkswagen|ORG] sold cars.", "[Volkswagen AG|PERSON] cars.", False),
], ids=["exact", "same-key", "alias", "fuzzy", "place-family", "short-never-fuzzy", "transposed",
        "alias-under-another-label", "demonym-not-fuzzy", "demonym-not-across-families", "plural-fuzzy",
        "generic-word-not-by-alias", "generic-word-by-key", "without-legal-form", "with-legal-form",
        "legal-form-only-for-organisations"])
def test_cross_article_linking(index, add, first, second, same):
    first_id, second_id = add(first, title="First"), add(second, title="Second")
    assert first_id != second_id
    links = mention_entities(index)
    assert len(links[first_id]) >= 1 and len(links[second_id]) == 1
    second_entity = next(iter(links[second_id].values()))
    assert (second_entity in links[first_id].values()) is same


@pytest.mark.parametrize(("articles", "name", "expected"), [
    (["[Bill Clinton|PERSON] spoke in [Washington|GPE].", "[Clinton|PERSON] left [Washington|GPE]."],
     "Clinton", "Bill Clinton"),
    (["[Joe Biden|PERSON] met [Xi Jinping|PERSON].", "[Biden|PERSON] and [Xi Jinping|PERSON] talked."], "Biden",
     "Joe Biden"),
    (["[Mark Hughes|PERSON] scored for [Chelsea|ORG].", "[Emlyn Hughes|PERSON] captained [Liverpool|ORG].",
      "[Hughes|PERSON] scored for [Chelsea|ORG] again."], "Hughes", "Mark Hughes"),
    (["[Bill Clinton|PERSON] spoke in [Ohio|GPE].", "[Bill Clinton|PERSON] spoke in [Ohio|GPE] again.",
      "[Bill Clinton|PERSON] left [Ohio|GPE].", "[Chelsea Clinton|PERSON] was in [Ohio|GPE].",
      "[Clinton|PERSON] came back to [Ohio|GPE]."], "Clinton", "Bill Clinton"),
    (["[Mark Hughes|PERSON] scored for [Chelsea|ORG].", "[Emlyn Hughes|PERSON] captained [Liverpool|ORG].",
      "[Hughes|PERSON] was seen in [Paris|GPE]."], "Hughes", "Hughes"),
    (["[Bill Clinton|PERSON] spoke in [Washington|GPE].", "[Clinton|PERSON] was seen in [Paris|GPE]."],
     "Clinton", "Clinton"),
    (["[Mark Hughes|PERSON] scored, and [Hughes|PERSON] ran.", "[Emlyn Hughes|PERSON] captained [Liverpool|ORG].",
      "[Hughes|PERSON] was seen in [Paris|GPE]."], "Hughes", "Hughes"),
    (["The [United Nations|ORG] met in [Geneva|GPE].", "[U.N.|ORG] envoys left [Geneva|GPE]."], "U.N.",
     "United Nations"),
    (["[U.S.|GPE] troops left [Iraq|GPE].", "The [United States|GPE] and [Iraq|GPE] talked."], "United States", "U.S."),
    (["[U.S. Steel|ORG] hired in [Pittsburgh|GPE].", "[US|ORG] firms in [Pittsburgh|GPE]."], "US", "US"),
    (["[Darren Gough|PERSON] bowled for [England|GPE].", "[D. Gough|PERSON] took two for [England|GPE]."],
     "D. Gough", "Darren Gough"),
    (["[D. Gough|PERSON] bowled for [England|GPE].", "[Darren Gough|PERSON] took two for [England|GPE]."],
     "Darren Gough", "D. Gough"),
    (["[Darren Gough|PERSON] bowled for [England|GPE].", "[S. Gough|PERSON] took two for [England|GPE]."],
     "S. Gough", "S. Gough"),
], ids=["surname", "surname-beside-another-person", "shared-surname-by-context", "shared-surname-by-salience",
        "shared-surname-unsure",
        "surname-no-context", "shared-surname-not-by-alias", "initials", "spelled-out", "no-initials-of-an-acronym",
        "initial-and-surname", "full-name-of-initial-and-surname", "another-initial"])
def test_short_form_links_to_its_full_name(index, add, articles, name, expected):
    ids = [add(article, title=f"Article {n}") for n, article in enumerate(articles)]
    names = {e["id"]: e["name"] for e in index.export()["entities"]}
    assert names[mention_entities(index)[ids[-1]][name]] == expected


@pytest.mark.parametrize(("articles", "name", "expected"), [
    # the library's Paris was qualified otherwise, and its articles never mention Texas
    (["[Paris|GPE], [France|GPE] - Fashion week.", "Floods in [Paris|GPE], [Texas|GPE], closed roads."],
     "Paris", "Paris, Texas"),
    (["[Paris|GPE], [France|GPE] - Fashion week.", "Floods in [Paris|GPE], [Texas|GPE], closed roads.",
      "Rain in [Paris|GPE], [Texas|GPE], again."], "Paris", "Paris, Texas"),
    (["[Washington|GPE], [D.C.|GPE] - Storms.", "Rain in [Washington|GPE] state."], "Washington", "Washington State"),
    # without that evidence a qualified place is the library's place of its name
    (["Storms hit [Washington|GPE].", "[Washington|GPE], [D.C.|GPE] - Rain."], "Washington", "Washington"),
    (["[Manchester|GPE] won in [England|GPE].", "[MANCHESTER|GPE], [England|GPE] - Rain fell."],
     "MANCHESTER", "Manchester"),
    # qualified otherwise, but its articles mention this qualifier: the same place
    (["[Paris|GPE], [France|GPE] - Fashion week in [Texas|GPE] style.", "Floods in [Paris|GPE], [Texas|GPE]."],
     "Paris", "Paris, France"),
], ids=["qualified-otherwise", "qualified-again", "state-after-the-district", "district-after-plain",
        "qualified-where-the-library-was", "qualifier-in-its-articles"])
def test_a_qualified_place_links_to_its_own_place(index, add, articles, name, expected):
    ids = [add(article, title=f"Article {n}") for n, article in enumerate(articles)]
    names = {e["id"]: e["name"] for e in index.export()["entities"]}
    assert names[mention_entities(index)[ids[-1]][name]] == expected


def test_a_surname_of_too_many_people_links_to_none(index, add):
    for n in range(3):
        add(f"[Adam Smith|PERSON] spoke in [Ohio|GPE] on day {n}.", title=f"Adam {n}")
    for first in ["Bob", "Carl", "Dan", "Ed", "Fred", "Greg", "Hal", "Ian"]:
        add(f"[{first} Smith|PERSON] spoke.", title=first)
    last = add("[Smith|PERSON] spoke in [Ohio|GPE] again.", title="Last")
    names = {e["id"]: e["name"] for e in index.export()["entities"]}
    assert names[mention_entities(index)[last]["Smith"]] == "Smith"


def test_linked_entity_counts_and_aliases(index, add):
    add("[Badakhshan|GPE] roads and [Badakhshan|GPE] passes.", title="Roads")
    add("[Badakshan|GPE] stones.", title="Stones")
    assert library_entities(index) == {"Badakhshan": {
        "id": 1, "name": "Badakhshan", "label": "GPE", "aliases": ["Badakshan"], "mention_count": 3,
        "article_count": 2}}


def test_delete_removes_orphans_and_keeps_shared_entities(index, add):
    gone = add("The [Taliban|ORG] took [Kabul|GPE]. The [Taliban|ORG] stayed.", title="Gone")
    kept = add("The [Taliban|ORG] reached [Herat|GPE].", title="Kept")
    assert index.delete_article(gone) is True
    entities = library_entities(index)
    assert sorted(entities) == ["Herat", "Taliban"]
    assert (entities["Taliban"]["mention_count"], entities["Taliban"]["article_count"]) == (1, 1)
    assert [a.id for a in index.list_articles()] == [kept]
    assert index.search("stayed") == []
    assert mention_entities(index) == {kept: {"Taliban": entities["Taliban"]["id"], "Herat": entities["Herat"]["id"]}}
    assert index.delete_article(gone) is False


def test_deleted_article_can_be_added_again(index, add):
    markup = "The [Taliban|ORG] took [Kabul|GPE]."
    index.delete_article(add(markup))
    add(markup)
    assert sorted(library_entities(index)) == ["Kabul", "Taliban"]


def foreign_sqlite(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.close()


def newer_margin(path):
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def garbage(path):
    path.write_bytes(b"not a database\x00\xff" * 300)


UNUSABLE = {"foreign-sqlite": foreign_sqlite, "newer-version": newer_margin, "garbage": garbage}


@pytest.mark.parametrize("make", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_unusable_index_file_is_refused(tmp_path, make):
    make(tmp_path / INDEX_FILENAME)
    with pytest.raises(IndexUnavailable, match=INDEX_FILENAME):
        open_index(tmp_path)


@pytest.mark.parametrize("make", [
    pytest.param(foreign_sqlite, id="foreign-sqlite"),
    pytest.param(newer_margin, id="newer-version"),
    pytest.param(garbage, id="garbage"),
])
def test_unusable_index_file_is_left_unchanged(tmp_path, make):
    path = tmp_path / INDEX_FILENAME
    make(path)
    before = path.read_bytes()
    with pytest.raises(IndexUnavailable):
        open_index(tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [INDEX_FILENAME]


def test_newer_schema_message_says_to_upgrade(tmp_path):
    newer_margin(tmp_path / INDEX_FILENAME)
    with pytest.raises(IndexUnavailable, match="newer Margin"):
        Index(tmp_path / INDEX_FILENAME)


def fail_on_second_entity(monkeypatch):
    """Make add_article fail once it has written its entities' mentions, before it commits."""
    original = Index._store_mentions

    def store_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Index, "_store_mentions", store_then_fail)


def test_failure_inside_add_article_leaves_nothing(index, add, monkeypatch):
    add("The [Taliban|ORG] reached [Herat|GPE].", title="Before")
    before = index.export()
    with monkeypatch.context() as patch, pytest.raises(RuntimeError, match="disk on fire"):
        fail_on_second_entity(patch)
        add("[Badakhshan|GPE] and [Kabul|GPE] and the [Taliban|ORG].", title="Broken")
    assert index.export() == before
    assert index.search("Badakhshan") == []


def test_later_article_after_a_failed_attempt(index, add, monkeypatch):
    with monkeypatch.context() as patch, pytest.raises(RuntimeError):
        fail_on_second_entity(patch)
        add("[Badakhshan|GPE] and [Kabul|GPE].", title="Failed")
    add("[Badakshan|GPE] stones.", title="Later")
    assert sorted(library_entities(index)) == ["Badakshan"]


def test_delete_keeps_only_the_aliases_remaining_articles_use(index, add):
    first = add("[Amrullah Saleh|PERSON] spoke. [Saleh|PERSON] left.")
    add("[Amrullah Saleh|PERSON] returned.")
    assert library_entities(index)["Amrullah Saleh"]["aliases"] == ["Saleh"]
    index.delete_article(first)
    assert library_entities(index)["Amrullah Saleh"]["aliases"] == []


def test_fuzzy_link_after_another_connection_deleted_the_entity(index, add):
    first = add("[Badakhshan|GPE] roads.")
    with Index(index.path) as other:
        other.delete_article(first)
    add("[Badakshan|GPE] stones.")
    assert sorted(library_entities(index)) == ["Badakshan"]


def test_fuzzy_link_to_an_entity_another_connection_added(index, add, marked):
    add("[Kabul|GPE] first.")
    text, spans = marked("[Badakhshan|GPE] roads.")
    with Index(index.path) as other:
        other.add_article(ArticleInput("Roads", text), analyse("Roads", text, RawDoc(spans)))
    add("[Badakshan|GPE] stones.")
    assert sorted(library_entities(index)) == ["Badakhshan", "Kabul"]


def _open_and_close(folder: str) -> str:
    try:
        open_index(Path(folder)).close()
        return "ok"
    except IndexUnavailable as err:
        return str(err)


def test_processes_creating_one_index_at_once_all_succeed(tmp_path):
    import multiprocessing

    folders = [str(tmp_path / f"lib{n}") for n in range(8)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_open_and_close, [f for f in folders for _ in range(4)])
    assert set(results) == {"ok"}
    for folder in folders:
        with open_index(Path(folder)) as index:
            assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_articles_are_found_by_the_bytes_of_their_file(index, tmp_path):
    from nlp.reading import file_hash_at, read_article_file

    path = tmp_path / "story.md"
    path.write_text("# Story\n\nThe *Taliban* reached Herat.\n")
    source = read_article_file(path)
    assert source.file_hash == file_hash_at(path)
    article_id = index.add_article(source, analyse(source.title, source.text, RawDoc([])))
    assert index.find_article_by_file_hash(file_hash_at(path)) == article_id
    path.write_text("# Story\n\nThe *Taliban* reached Kabul.\n")
    assert index.find_article_by_file_hash(file_hash_at(path)) is None


def test_file_hash_is_remembered_for_older_articles(index):
    article_id = index.add_article(ArticleInput("Old", "Old text."), analyse("Old", "Old text.", RawDoc([])))
    index.remember_file_hash(article_id, "abc")
    index.remember_file_hash(article_id, "def")
    assert index.find_article_by_file_hash("abc") == article_id
    assert index.find_article_by_file_hash("def") is None


def test_list_articles_filters_by_every_word_and_limits(index, add):
    first = add("[Kabul|GPE] roads.", title="Kabul Roads")
    second = add("[Herat|GPE] roads.", title="Herat Roads")
    add("[Herat|GPE] markets.", title="Herat Markets")
    assert [a.title for a in index.list_articles("roads")] == ["Herat Roads", "Kabul Roads"]
    assert [a.title for a in index.list_articles("HERAT roads")] == ["Herat Roads"]
    assert [a.id for a in index.list_articles("", limit=1)] != [first]
    assert index.list_articles("100%_") == [] and index.list_articles("'; DROP TABLE articles; --") == []
    assert {a.id for a in index.list_articles()} >= {first, second}


def test_list_articles_pages_follow_each_other_and_count_the_matches(tmp_path):
    with open_index(tmp_path, clock=lambda: "2026-02-01T10:00:00+00:00") as index:  # one time: ids break ties
        ids = [index.add_article(ArticleInput(f"Report {n} on roads", f"Text {n}."),
                                 analyse(f"Report {n} on roads", f"Text {n}.", RawDoc([]))) for n in range(7)]
        pages, after = [], None
        while page := index.list_articles("roads report", limit=3, after=after):
            pages.append([a.id for a in page])
            after = page[-1]
        assert pages == [ids[6:3:-1], ids[3:0:-1], ids[:1]]
        assert index.count_articles("roads report") == 7 and index.count_articles("REPORT 3") == 1
        assert index.count_articles("a b c d e") == 0 and index.list_articles("on roads report 4 text") == []
        assert [a.id for a in index.list_articles("on roads report 4 Report")] == [ids[4]]  # more than four words


def test_a_reused_entity_id_is_not_matched_under_its_old_name(index, add):
    add("[Margaret Thatcher|PERSON] spoke.", title="One")
    hamilton = add("[Alexander Hamilton|PERSON] spoke.", title="Two")
    with Index(index.path) as other:
        other.delete_article(hamilton)
    add("[Zebulon Pike|PERSON] spoke.", title="Three")
    add("[Alexander Hamiltn|PERSON] spoke.", title="Four")
    entities = library_entities(index)
    assert "Alexander Hamiltn" in entities and "Zebulon Pike" in entities
    assert entities["Zebulon Pike"]["aliases"] == []


def test_the_family_column_is_label_family(index):
    from nlp.labels import label_family

    labels = ["GPE", "LOC", "ORG", "PERSON", "NORP", "FAC", "EVENT", "gpe", ""]
    with index.transaction() as conn:
        conn.executemany("INSERT INTO entities (name, label, key) VALUES (?, ?, ?)",
                         [(f"name {i}", label, f"name {i}") for i, label in enumerate(labels)])
    families = [row[0] for row in index.conn.execute("SELECT family FROM entities ORDER BY id")]
    assert families == [label_family(label) for label in labels]


def test_search_takes_phrases_and_prefixes(index, add):
    add("Green stones from the valley are called emeralds.", title="Emeralds")
    add("The stones are green, and the valley is called Panjshir.", title="Valley")
    assert {h.title for h in index.search("green stones")} == {"Emeralds", "Valley"}
    assert [h.title for h in index.search('"green stones"')] == ["Emeralds"]
    assert [h.title for h in index.search('"called emeralds" valley')] == ["Emeralds"]
    assert [h.title for h in index.search("emer*")] == ["Emeralds"]
    assert {h.title for h in index.search("pan* OR emer*")} == set()  # OR is a word, and no article has it
    assert {h.title for h in index.search('"green stones')} == {"Emeralds", "Valley"}  # unbalanced: plain words
    assert [h.title for h in index.search('"" "*" emeralds')] == ["Emeralds"]


def test_version_4_index_gains_the_path_index_and_keeps_its_articles(tmp_path):
    import sqlite3

    from index_support import index_at_version

    folder = tmp_path / "library"
    folder.mkdir()
    conn = index_at_version(folder / INDEX_FILENAME, 4)
    conn.execute("INSERT INTO articles (content_hash, title, text, path, added_at)"
                 " VALUES ('h', 'T', 'Kabul fell.', '/news/kabul.txt', 'now')")
    conn.close()
    with open_index(folder) as index:
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert index.find_article_by_path("/news/kabul.txt") == (1, "T")
        plan = index.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE path = ?", ("x",)).fetchall()
        assert "articles_path" in str(plan)


def test_one_name_matcher_per_index_file_serves_reads_and_writes(index, add, marked, monkeypatch):
    """Storing through a new connection uses the names the process already holds. (The number of
    matchers built has no public measure: a counting subclass stands in for NameMatcher.)"""
    import nlp.fuzzy

    built = []

    class CountingMatcher(nlp.fuzzy.NameMatcher):
        def __init__(self, *args, **kwargs):
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(nlp.fuzzy, "NameMatcher", CountingMatcher)
    add("[Alexander Hamilton|PERSON] spoke.", title="One")
    assert [m.key for m in index.similar_names("alexander hamilton", 90)] == ["alexander hamilton"]
    with Index(index.path) as other:
        text, spans = marked("[Alexander Hamiltn|PERSON] wrote.")
        other.add_article(ArticleInput("Two", text), analyse("Two", text, RawDoc(spans)))
    assert len(built) == 1
    assert library_entities(index)["Alexander Hamilton"]["aliases"] == ["Alexander Hamiltn"]


def test_the_shared_matcher_follows_another_connections_commits(index, add, marked):
    assert index.similar_names("alexander hamilton", 90) == []  # built, empty
    with Index(index.path) as other:
        text, spans = marked("[Alexander Hamilton|PERSON] spoke.")
        other.add_article(ArticleInput("One", text), analyse("One", text, RawDoc(spans)))
    add("[Alexander Hamiltn|PERSON] wrote.", title="Two")
    assert library_entities(index)["Alexander Hamilton"]["aliases"] == ["Alexander Hamiltn"]


def test_a_rolled_back_write_leaves_no_name_in_the_shared_matcher(index, add, marked, monkeypatch):
    from nlp.index.writes import IndexWrites

    add("[Margaret Thatcher|PERSON] spoke.", title="One")
    text, spans = marked("[Alexander Hamilton|PERSON] met [Zebulon Pike|PERSON].")

    def fail(*args):
        raise OSError("stopped")  # after both names were linked, so the matcher saw the first

    with monkeypatch.context() as patched:
        patched.setattr(IndexWrites, "_store_mentions", fail)
        with pytest.raises(OSError):
            index.add_article(ArticleInput("Two", text), analyse("Two", text, RawDoc(spans)))
    assert index.similar_names("alexander hamilton", 90) == []
    add("[Zebulon Pike|PERSON] spoke.", title="Three")  # takes the id the rolled-back name had
    assert [m.key for m in index.similar_names("zebulon pike", 90)] == ["zebulon pike"]
