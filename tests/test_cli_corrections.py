"""``margin names``, ``rename``, ``merge``, ``split``, ``retype``, ``not-a-name``, ``corrections`` and
``undo``, run as the real command on a hand-written library (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corrections_support import hand_written_library
from nlp.index import open_index
from sources_support import margin, one_line_error

COMMANDS = ["names", "rename", "merge", "split", "retype", "not-a-name", "corrections", "undo"]


@pytest.fixture
def library(data_dir: Path) -> Path:
    """The hand-written library in the test's data folder (the one ``margin`` uses)."""
    return hand_written_library(data_dir)


def names(data_dir: Path) -> dict[str, tuple[str, int]]:
    """{name: (label, mentions)} of the library's entities."""
    with open_index(data_dir) as index:
        return {e.name: (e.label, e.mention_count) for e in index.find_entities()}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_for_every_correction_command(command):
    result = margin(command, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"usage: margin {command} ")
    assert margin("--help").stdout.count(f" {command} ") >= 1


def test_names_lists_ids_types_counts_and_aliases(library):
    result = margin("names")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "#1     PERSON      Ahmad Shah Massoud  ×3 in 2 articles  (also: Massoud)"
    assert len(lines) == 7 and "#7     PERSON      Will  ×1 in 1 article" in lines


def test_names_filter_and_json(library):
    assert margin("names", "massoud").stdout.splitlines()[0].startswith("#1 ")
    result = margin("names", "ka", "--json")
    assert json.loads(result.stdout) == [
        {"id": 4, "name": "Kabul", "label": "GPE", "mention_count": 2, "article_count": 2, "aliases": []}]
    missing = margin("names", "Herat")
    assert (missing.returncode, missing.stdout) == (1, "No names match.\n")


def test_names_of_an_empty_library():
    result = margin("names")
    assert result.returncode == 0 and "no names yet" in result.stdout


CORRECTIONS = {
    "rename": (["rename", "Kabul", "Kabul City"],
               "Renamed #4 “Kabul” to “Kabul City” (the old name stays an alias).", {"Kabul City": ("GPE", 2)}),
    "rename by id": (["rename", "#7", "William"], "Renamed #7 “Will” to “William”", {"William": ("PERSON", 1)}),
    "retype": (["retype", "Northern Alliance", "norp"], "Retyped #2 “Northern Alliance” from ORG to NORP.",
               {"Northern Alliance": ("NORP", 2)}),
    "merge": (["merge", "Faizabad", "4", "--into", "badakhshan"],
              "Merged #5 “Faizabad”, #4 “Kabul” (3 mentions in 2 articles) into #6 “Badakhshan”.",
              {"Badakhshan": ("LOC", 4)}),
    "split alias": (["split", "Ahmad Shah Massoud", "--alias", "Massoud", "--new", "Ahmad Massoud"],
                    "Split 2 mentions in 2 articles from #1 “Ahmad Shah Massoud” into a new entity "
                    "#8 “Ahmad Massoud”.",
                    {"Ahmad Massoud": ("PERSON", 2), "Ahmad Shah Massoud": ("PERSON", 1)}),
    "split article into": (["split", "Panjshir", "--article", "3", "--into", "Badakhshan"],
                           "Split 1 mention in 1 article from #3 “Panjshir” into #6 “Badakhshan”.",
                           {"Panjshir": ("GPE", 1), "Badakhshan": ("LOC", 2)}),
    "not a name": (["not-a-name", "Will"],
                   "Not a name: “Will”: removed 1 mention in 1 article (from #7 “Will”).", {}),
}


@pytest.mark.parametrize("case", CORRECTIONS)
def test_each_correction_prints_what_it_changed_and_undo_takes_it_back(library, case):
    args, printed, expected = CORRECTIONS[case]
    before = names(library)
    result = margin(*args)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(printed) and result.stdout.count("\n") == 1
    after = names(library)
    assert expected.items() <= after.items() and after != before
    listed = margin("corrections")
    assert listed.stdout.startswith("#1 ") and args[0] in listed.stdout
    undo = margin("undo")
    assert undo.returncode == 0 and undo.stdout.startswith("Undid #1: " + printed)
    assert names(library) == before
    assert "(undone " in margin("corrections").stdout


def test_ambiguous_name_is_refused_listing_the_candidates(library):
    assert margin("rename", "Will", "Panjshir").returncode == 0
    result = margin("retype", "panjshir", "ORG")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "margin: “panjshir” names 2 entities; name one by its id:",
        "  #3     GPE         Panjshir  ×2 in 2 articles",
        "  #7     PERSON      Panjshir  ×1 in 1 article  (also: Will)",
    ]


BAD_INPUT = {
    "unknown entity": (["rename", "Herat", "X"], "no entity is named “Herat”"),
    "unknown id": (["merge", "99", "--into", "Kabul"], "no entity #99"),
    "empty name": (["retype", "", "ORG"], "an empty name"),
    "empty new name": (["rename", "Kabul", "  "], "an empty name"),
    "empty not-a-name": (["not-a-name", ""], "an empty name"),
    "merge into itself": (["merge", "Kabul", "Faizabad", "--into", "#4"], "cannot merge #4 “Kabul” into itself"),
    "unknown type": (["retype", "Kabul", "town"], "unknown type “TOWN”"),
    "split without mentions": (["split", "Kabul", "--alias", "Herat"], "no mention of “Herat”"),
    "nothing to undo": (["undo"], "no correction to undo"),
    "unknown correction": (["undo", "4"], "no correction #4"),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(library, case):
    args, message = BAD_INPUT[case]
    before = names(library)
    assert message in one_line_error(margin(*args))
    assert names(library) == before
    assert margin("corrections").stdout == "No corrections yet.\n"


@pytest.mark.parametrize("args", [["split", "Kabul"], ["split", "Kabul", "--alias", "K", "--article", "2"],
                                  ["merge", "Kabul"], ["undo", "last"]])
def test_malformed_commands_get_the_usage(library, args):
    result = margin(*args)
    assert result.returncode == 2 and "usage: margin" in result.stderr and "Traceback" not in result.stderr


def test_names_from_outside_are_printed_without_control_characters(library):
    result = margin("rename", "Kabul", "Kab\x1b[31mul\x07")
    assert result.returncode == 0 and "\x1b" not in result.stdout and "\x07" not in result.stdout
    for command in (["names"], ["corrections"]):
        shown = margin(*command).stdout
        assert "Kab\ufffd[31mul\ufffd" in shown and "\x1b" not in shown


def test_corrections_json_and_export_include_the_corrections(library):
    margin("retype", "Kabul", "LOC")
    listed = json.loads(margin("corrections", "--json").stdout)
    assert [(c["id"], c["kind"], c["arguments"]["label"], c["undone_at"]) for c in listed] == [
        (1, "retype", "LOC", None)]
    exported = json.loads(margin("export", "--json").stdout)
    assert exported["corrections"] == listed


def test_undo_by_id(library):
    margin("rename", "Kabul", "Kabul City")
    margin("retype", "Will", "ORG")
    result = margin("undo", "1")
    assert result.stdout == "Undid #1: Renamed #4 “Kabul” to “Kabul City” (the old name stays an alias).\n"
    assert names(library)["Will"] == ("ORG", 1) and "Kabul" in names(library)
