"""The reader's corrections to the index (nlp.index.corrections), on hand-written articles (no model)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corrections_support import ARTICLES, store_article
from nlp.index import open_index
from nlp.index.corrections import AmbiguousEntity, CorrectionRefused, Corrections

STATE_QUERIES = {
    "entities": "SELECT id, name, label, key, mention_count, article_count FROM entities ORDER BY id",
    "aliases": "SELECT entity_id, alias, key FROM aliases ORDER BY entity_id, alias",
    "article_entities": "SELECT article_id, entity_id, name, label, aliases, ambiguities, mention_count, link, score"
                        " FROM article_entities ORDER BY article_id, entity_id",
    "mentions": "SELECT article_id, start, end, entity_id, sent_start, sent_end FROM mentions"
                " ORDER BY article_id, start",
}


@pytest.fixture
def add(index):
    """Store the article written as span markup; returns its id."""
    return lambda markup, title="Article": store_article(index, markup, title)


@pytest.fixture
def library(index, add):
    """The three hand-written articles, stored; the index."""
    for title, markup in ARTICLES:
        add(markup, title)
    return index


def state(index) -> dict[str, list]:
    """Every row a correction may change."""
    return {table: index.conn.execute(query).fetchall() for table, query in STATE_QUERIES.items()}


def entity_named(index, name: str):
    """The library entity whose canonical name is *name*."""
    found = [e for e in index.find_entities() if e.name == name]
    assert len(found) == 1, (name, index.find_entities())
    return found[0]


def mention_names(index) -> dict[tuple[int, str], str]:
    """{(article id, mention text): library name of its entity}."""
    names = {e.id: e.name for e in index.find_entities()}
    return {(a["id"], m["text"]): names[m["entity"]] for a in index.export()["articles"] for m in a["mentions"]}


CORRECTIONS = {
    "rename": lambda ix: Corrections(ix).rename_entity("Kabul", "Kabul City"),
    "retype": lambda ix: Corrections(ix).retype_entity("Northern Alliance", "norp"),
    "merge": lambda ix: Corrections(ix).merge_entities(["Faizabad"], "Badakhshan"),
    "merge two": lambda ix: Corrections(ix).merge_entities(["Kabul", "Faizabad"], "Panjshir"),
    "split alias": lambda ix: Corrections(ix).split_entity("Ahmad Shah Massoud", alias="massoud", new_name="Ahmad Massoud"),
    "split article": lambda ix: Corrections(ix).split_entity("Massoud", article=2),
    "split mention into": lambda ix: Corrections(ix).split_entity("Panjshir", article=3, mention=ix.article(3).text.index("Panj"),
                                                     into="Badakhshan"),
    "not a name": lambda ix: Corrections(ix).not_a_name("Will"),
    "not a name, an alias": lambda ix: Corrections(ix).not_a_name("Massoud"),
    "not a name, one type": lambda ix: Corrections(ix).not_a_name("Kabul", label="GPE"),
}


@pytest.mark.parametrize("kind", CORRECTIONS)
def test_a_correction_changes_the_index_and_its_undo_restores_every_row(library, kind):
    before = state(library)
    correction = CORRECTIONS[kind](library)
    assert state(library) != before
    assert [c.id for c in library.corrections()] == [correction.id]
    undone = Corrections(library).undo_correction()
    assert undone.id == correction.id and undone.undone_at is not None
    assert state(library) == before
    assert library.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_rename_keeps_the_old_name_as_an_alias_in_every_article(library):
    correction = Corrections(library).rename_entity("Ahmad Shah Massoud", "  Ahmad Shah   Masud ")
    entity = entity_named(library, "Ahmad Shah Masud")
    assert "Ahmad Shah Massoud" in entity.aliases
    assert correction.summary == (f"Renamed #{entity.id} “Ahmad Shah Massoud” to “Ahmad Shah Masud” "
                                  "(the old name stays an alias).")
    for article_id in (1, 2):
        local = library.article(article_id).entities[entity.id]
        assert local.name == "Ahmad Shah Masud" and local.name not in local.aliases
    assert Corrections(library).resolve_entity("ahmad shah massoud").id == entity.id  # the old name still finds it


def test_retype_changes_the_type_in_the_library_and_every_article(library):
    Corrections(library).retype_entity("Panjshir", "LOC")
    panjshir = entity_named(library, "Panjshir")
    assert panjshir.label == "LOC"
    assert {library.article(a).entities[panjshir.id].label for a in (1, 3)} == {"LOC"}


def test_merge_moves_mentions_aliases_and_counts_and_deletes_the_merged(library):
    kabul, badakshan = entity_named(library, "Kabul"), entity_named(library, "Faizabad")
    correction = Corrections(library).merge_entities([str(kabul.id), "Faizabad"], "Badakhshan")
    target = entity_named(library, "Badakhshan")
    assert library.entity(kabul.id) is None and library.entity(badakshan.id) is None
    assert (target.mention_count, target.article_count) == (4, 2)  # articles 2 (Kabul, Faizabad) and 3
    assert {"Kabul", "Faizabad"} <= set(target.aliases)
    names = mention_names(library)
    assert names[(2, "Kabul")] == names[(2, "Faizabad")] == names[(3, "Kabul")] == "Badakhshan"
    shared = library.article(3).entities[target.id]
    assert (shared.mention_count, shared.name, shared.label) == (2, "Badakhshan", "LOC")
    assert library.article(2).entities[target.id].link == "corrected"
    assert correction.arguments["into"] == {"id": target.id, "name": "Badakhshan", "label": "LOC"}


def test_a_followed_name_merged_into_another_keeps_it_followed(library):
    kabul, target = entity_named(library, "Kabul"), entity_named(library, "Badakhshan")
    library.follow(kabul.id)
    Corrections(library).merge_entities(["Kabul"], "Badakhshan")
    assert library.is_followed(target.id)
    assert [e.id for e in library.followed()] == [target.id]


def test_split_by_alias_makes_a_new_entity_of_those_mentions(library):
    correction = Corrections(library).split_entity("Ahmad Shah Massoud", alias="Massoud")
    father, son = entity_named(library, "Ahmad Shah Massoud"), entity_named(library, "Massoud")
    assert (father.mention_count, son.mention_count, son.article_count) == (1, 2, 2)
    assert "Massoud" not in father.aliases
    assert library.article(1).entities[father.id].aliases == []
    assert library.article(2).entities.keys() == {son.id, *library.article(2).entities.keys() - {son.id}}
    assert father.id not in library.article(2).entities
    assert "new entity" in correction.summary and correction.arguments["new"] == "Massoud"


def test_split_of_one_mention_into_another_entity(library, marked):
    text, _ = marked(ARTICLES[2][1])
    start = text.index("Panjshir")
    Corrections(library).split_entity("Panjshir", article=3, mention=start, into="Badakhshan")
    names = mention_names(library)
    assert names[(3, "Panjshir")] == "Badakhshan" and names[(1, "Panjshir")] == "Panjshir"
    assert entity_named(library, "Badakhshan").mention_count == 2


REFUSED = {
    "merge into itself": (lambda ix: Corrections(ix).merge_entities(["Kabul"], "kabul"), "into itself"),
    "unknown entity": (lambda ix: Corrections(ix).rename_entity("Herat", "X"), "no entity is named “Herat”"),
    "unknown id": (lambda ix: Corrections(ix).retype_entity("#999", "ORG"), "no entity #999"),
    "empty reference": (lambda ix: Corrections(ix).rename_entity("  ", "X"), "an empty name"),
    "empty new name": (lambda ix: Corrections(ix).rename_entity("Kabul", " \t"), "an empty name"),
    "same name": (lambda ix: Corrections(ix).rename_entity("Kabul", "Kabul"), "already named"),
    "unknown type": (lambda ix: Corrections(ix).retype_entity("Kabul", "CITY"), "unknown type “CITY”"),
    "split everything": (lambda ix: Corrections(ix).split_entity("Kabul", alias="Kabul"), "every mention"),
    "split a missing alias": (lambda ix: Corrections(ix).split_entity("Ahmad Shah Massoud", alias="Masood"), "no mention of"),
    "split into itself": (lambda ix: Corrections(ix).split_entity("Ahmad Shah Massoud", article=2, into="Massoud"), "into itself"),
    "split by both": (lambda ix: Corrections(ix).split_entity("Kabul", alias="Kabul", article=2), "either an alias"),
    "nothing to undo": (lambda ix: Corrections(ix).undo_correction(), "no correction to undo"),
    "unknown correction": (lambda ix: Corrections(ix).undo_correction(7), "no correction #7"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_bad_corrections_are_refused_with_one_line_and_change_nothing(library, case):
    correct, message = REFUSED[case]
    before = state(library)
    with pytest.raises(CorrectionRefused) as refused:
        correct(library)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert state(library) == before and library.corrections() == []


def test_an_ambiguous_name_is_refused_with_its_candidates(library):
    Corrections(library).rename_entity("Will", "Panjshir")
    with pytest.raises(AmbiguousEntity) as refused:
        Corrections(library).rename_entity("Panjshir", "X")
    assert [e.label for e in refused.value.candidates] == ["GPE", "PERSON"]  # most mentioned first


def test_not_a_name_unmarks_the_text_everywhere_and_is_remembered(library):
    will = entity_named(library, "Will")
    correction = Corrections(library).not_a_name("will")
    assert library.entity(will.id) is None and "Will" not in {t for _, t in mention_names(library)}
    assert library.not_names() == [("will", None)]
    assert "removed 1 mention in 1 article" in correction.summary
    Corrections(library).undo_correction()
    assert library.not_names() == [] and entity_named(library, "Will").mention_count == 1


def test_not_a_name_of_an_alias_keeps_the_entity_with_its_other_names(library):
    Corrections(library).not_a_name("Massoud")
    massoud = entity_named(library, "Ahmad Shah Massoud")
    assert (massoud.mention_count, massoud.article_count, massoud.aliases) == (1, 1, [])
    assert library.article(1).entities[massoud.id].aliases == []
    assert massoud.id not in library.article(2).entities
    assert [m.start for m in library.article(2).mentions] == [library.article(2).text.index("Kabul"),
                                                              library.article(2).text.index("Northern"),
                                                              library.article(2).text.index("Faizabad")]


def test_not_a_name_without_mentions_is_still_recorded(library):
    correction = Corrections(library).not_a_name("Tuesday", label="date")
    assert "no article marks it now" in correction.summary
    assert library.not_names() == [("Tuesday", "DATE")]


def test_undo_by_id_waits_for_later_corrections_of_the_same_entities(library):
    first = Corrections(library).rename_entity("Kabul", "Kabul City")
    second = Corrections(library).merge_entities(["Kabul City"], "Badakhshan")
    other = Corrections(library).retype_entity("Will", "ORG")
    with pytest.raises(CorrectionRefused, match=f"later corrections \\(#{second.id}\\)"):
        Corrections(library).undo_correction(first.id)
    assert Corrections(library).undo_correction(second.id).id == second.id
    assert Corrections(library).undo_correction(first.id).id == first.id
    assert entity_named(library, "Kabul").mention_count == 2
    assert [c.undone_at is None for c in library.corrections()] == [False, False, True]
    with pytest.raises(CorrectionRefused, match="already undone"):
        Corrections(library).undo_correction(first.id)
    assert Corrections(library).undo_correction().id == other.id


def test_undo_of_a_merge_leaves_articles_stored_since_alone(library, add):
    Corrections(library).merge_entities(["Faizabad"], "Badakhshan")
    later = add("Snow in [Badakhshan|LOC] again.", "Later")
    Corrections(library).undo_correction()
    badakhshan = entity_named(library, "Badakhshan")
    assert later in {a.article_id for a in library.articles_mentioning(badakhshan.id)}
    assert entity_named(library, "Faizabad").mention_count == 1


def test_undo_skips_articles_deleted_since(library):
    Corrections(library).merge_entities(["Faizabad", "Kabul"], "Badakhshan")
    library.delete_article(2)
    Corrections(library).undo_correction()
    assert [e.name for e in library.find_entities("badakshan")] == []  # only article 2 mentioned it
    assert entity_named(library, "Kabul").article_count == 1
    assert library.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_entity_deleted_by_another_connection_gets_a_clear_error(library):
    will = entity_named(library, "Will")
    with open_index(library.path.parent) as other:
        other.delete_article(3)
    with pytest.raises(CorrectionRefused, match=f"no entity #{will.id}: it does not exist, or no longer does"):
        Corrections(library).rename_entity(will.id, "William")


def test_the_shared_name_matcher_follows_corrections(library):
    assert library.similar_names("kabul", 90)  # built now, before the corrections
    kabul = entity_named(library, "Kabul")
    Corrections(library).rename_entity("Kabul", "Qandahar Town")
    assert [m.entity_id for m in library.similar_names("qandahar town", 90)] == [kabul.id]
    badakshan = entity_named(library, "Faizabad")
    Corrections(library).merge_entities(["Faizabad"], "Badakhshan")
    assert badakshan.id not in {m.entity_id for m in library.similar_names("badakshan", 80)}


def test_a_correction_failing_halfway_leaves_nothing(library, monkeypatch):
    before = state(library)

    def fail(*args):
        raise OSError("disk gone")

    monkeypatch.setattr(Corrections, "_recount", fail)  # after the rows moved, before the record
    with pytest.raises(OSError):
        Corrections(library).merge_entities(["Faizabad", "Kabul"], "Badakhshan")
    assert state(library) == before and library.corrections() == []


KILLED_MIDWAY = """
import os, sys
from nlp.index import open_index
from nlp.index.corrections import Corrections
Corrections._recount = lambda self, ids: os._exit(9)  # dies as kill -9 would, inside the transaction
Corrections(open_index(__import__("pathlib").Path(sys.argv[1]))).merge_entities(["Faizabad"], "Badakhshan")
"""


def test_a_process_killed_during_a_correction_leaves_the_index_as_it_was(library):
    before = state(library)
    run = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(library.path.parent)], timeout=60, check=False)
    assert run.returncode == 9
    with open_index(library.path.parent) as again:
        assert state(again) == before and again.corrections() == []
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


CORRECTING = """
import sys
from pathlib import Path
from nlp.index import open_index
from nlp.index.corrections import Corrections
with open_index(Path(sys.argv[1])) as index:
    for step in range(15):
        Corrections(index).retype_entity(sys.argv[2], ("ORG", "NORP")[step % 2])
"""


def test_two_processes_correcting_at_once_both_land(library):
    folder = str(library.path.parent)
    runs = [subprocess.Popen([sys.executable, "-c", CORRECTING, folder, name], stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
            for name in ("Kabul", "Panjshir")]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    corrections = library.corrections()
    assert len(corrections) == 30
    assert {c.arguments["entity"]["name"] for c in corrections} == {"Kabul", "Panjshir"}
    assert entity_named(library, "Kabul").label == entity_named(library, "Panjshir").label == "ORG"


def test_export_includes_the_corrections(library):
    Corrections(library).rename_entity("Kabul", "Kabul City")
    Corrections(library).undo_correction()
    exported = library.export()["corrections"]
    assert [(c["id"], c["kind"], c["arguments"]["name"]) for c in exported] == [(1, "rename", "Kabul City")]
    assert exported[0]["undone_at"] is not None and "undo" not in exported[0]


@pytest.mark.parametrize(("not_a_name", "markup", "stored"), [
    (("Will", None), "[Will|PERSON] it rain in [Kabul|GPE]?", {"Kabul": 1}),
    (("will", None), "[WILL|PERSON] it rain in [Kabul|GPE]?", {"Kabul": 1}),  # by name key, any case
    (("Kabul", "ORG"), "[Kabul|GPE] waits.", {"Kabul": 1}),  # another type than the one corrected
    (("Kabul", "GPE"), "[Kabul|GPE] waits for [Herat|GPE].", {"Herat": 1}),
    (("Smith", None), "[Ann Smith|PERSON] came. [Smith|PERSON] left.", {"Ann Smith": 1}),  # a short form only
])
def test_a_new_article_never_marks_a_text_that_is_not_a_name(index, not_a_name, markup, stored):
    Corrections(index).not_a_name(*not_a_name)
    article_id = store_article(index, markup, "Later")
    names = {e.name: e.mention_count for e in index.article(article_id).entities.values()}
    assert names == stored
