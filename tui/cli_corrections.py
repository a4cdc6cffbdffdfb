"""The ``margin`` commands that list the library's names and correct them: ``names``, ``rename``,
``merge``, ``split``, ``retype``, ``not-a-name``, ``corrections`` and ``undo``.

ENTITY is an entity's id (``12`` or ``#12``, as ``margin names`` shows it) or a name or alias in
any case. An ambiguous name is refused with its candidates listed, one a line. Each correction
prints what it changed (see :mod:`nlp.index.corrections`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from nlp.text import one_line

ENTITY_HELP = "an entity's id (as margin names shows it) or its name or an alias"


def correction_specs() -> list[tuple[str, Callable, str, Callable]]:
    """(name, handler, help, arguments) of each command, as :func:`tui.cli.build_parser` registers them."""
    return [
        ("names", cmd_names, "list the library's names (entities), most mentioned first", _names_arguments),
        ("rename", cmd_rename, "give an entity a new name (the old one stays an alias)", _rename_arguments),
        ("merge", cmd_merge, "make entities one: they merge into the entity given with --into", _merge_arguments),
        ("split", cmd_split, "move an alias's mentions, or one article's, to a new entity or another one",
         _split_arguments),
        ("retype", cmd_retype, "change an entity's type (PERSON, ORG, GPE, LOC, ...)", _retype_arguments),
        ("not-a-name", cmd_not_a_name, "unmark a text in every article, and never mark it again",
         _not_a_name_arguments),
        ("corrections", cmd_corrections, "list the corrections made to the library", _json_argument),
        ("undo", cmd_undo, "undo the last correction, or the one with this id", _undo_arguments),
    ]


def _names_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("filter", metavar="FILTER", nargs="*", help="words the name or an alias must hold")
    _json_argument(sub)


def _json_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--json", action="store_true", help="print JSON")


def _rename_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("entity", metavar="ENTITY", help=ENTITY_HELP)
    sub.add_argument("name", metavar="NEW_NAME", help="the new canonical name")


def _merge_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("entities", metavar="ENTITY", nargs="+", help="entities to merge: " + ENTITY_HELP)
    sub.add_argument("--into", metavar="ENTITY", required=True, help="the entity they become")


def _split_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("entity", metavar="ENTITY", help=ENTITY_HELP)
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--alias", metavar="TEXT", help="move every mention written this way")
    which.add_argument("--article", metavar="ID", type=int, help="move the entity's mentions in this article")
    sub.add_argument("--mention", metavar="START", type=int,
                     help="with --article: only the mention starting at this character offset")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--into", metavar="ENTITY", help="move them to this existing entity")
    where.add_argument("--new", metavar="NAME",
                       help="the new entity's name (default: the alias, or the mentions' text)")


def _retype_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("entity", metavar="ENTITY", help=ENTITY_HELP)
    sub.add_argument("label", metavar="LABEL", help="the new type: a spaCy label such as PERSON, ORG, GPE, LOC")


def _not_a_name_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("text", metavar="TEXT", help="the text that is not a name")
    sub.add_argument("--label", metavar="LABEL", help="only where it is marked with this type")


def _undo_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("id", metavar="ID", nargs="?", type=int, help="a correction's id (default: the last one)")


def cmd_names(args: argparse.Namespace) -> int:
    """``margin names [FILTER]``: the library's entities with their ids, types, counts and aliases."""
    from tui.cli import EXIT_FAILED, EXIT_OK, open_library, say

    _, index = open_library(args, reading=True)
    with index:
        entities = index.find_entities(" ".join(args.filter))
    if args.json:
        _print_json([e._asdict() for e in entities])
        return EXIT_OK
    if not entities:
        say("No names match." if args.filter else "The library has no names yet. Add articles with: margin add PATH")
        return EXIT_FAILED if args.filter else EXIT_OK
    for entity in entities:
        say(one_line(entity_line(entity)))
    return EXIT_OK


def entity_line(entity) -> str:
    """One line about an entity: ``#id  LABEL  name  ×mentions in N articles  (also: aliases)``."""
    articles = f"{entity.article_count} article{'s' * (entity.article_count != 1)}"
    aliases = f"  (also: {', '.join(entity.aliases)})" if entity.aliases else ""
    return f"#{entity.id:<5} {entity.label:<11} {entity.name}  ×{entity.mention_count} in {articles}{aliases}"


def cmd_rename(args: argparse.Namespace) -> int:
    """``margin rename ENTITY NEW_NAME``."""
    return _correct(args, lambda corrections: corrections.rename_entity(args.entity, args.name))


def cmd_merge(args: argparse.Namespace) -> int:
    """``margin merge ENTITY... --into ENTITY``."""
    return _correct(args, lambda corrections: corrections.merge_entities(args.entities, args.into))


def cmd_split(args: argparse.Namespace) -> int:
    """``margin split ENTITY --alias TEXT | --article ID [--mention START] [--into ENTITY | --new NAME]``."""
    return _correct(args, lambda corrections: corrections.split_entity(
        args.entity, alias=args.alias, article=args.article, mention=args.mention, into=args.into, new_name=args.new))


def cmd_retype(args: argparse.Namespace) -> int:
    """``margin retype ENTITY LABEL``."""
    return _correct(args, lambda corrections: corrections.retype_entity(args.entity, args.label))


def cmd_not_a_name(args: argparse.Namespace) -> int:
    """``margin not-a-name TEXT [--label LABEL]``."""
    return _correct(args, lambda corrections: corrections.not_a_name(args.text, args.label))


def cmd_undo(args: argparse.Namespace) -> int:
    """``margin undo [ID]``: prints what was undone."""
    return _correct(args, lambda corrections: corrections.undo_correction(args.id), "Undid #{id}: {summary}")


def cmd_corrections(args: argparse.Namespace) -> int:
    """``margin corrections``: every correction, oldest first, with its id (for ``margin undo ID``)."""
    from tui.cli import EXIT_OK, open_library, say

    _, index = open_library(args, reading=True)
    with index:
        corrections = index.corrections()
    if args.json:
        _print_json([c._asdict() for c in corrections])
        return EXIT_OK
    if not corrections:
        say("No corrections yet.")
    for c in corrections:
        undone = f"  (undone {c.undone_at})" if c.undone_at else ""
        say(one_line(f"#{c.id:<4} {c.created_at}  {c.kind:<10} {c.summary}{undone}"))
    return EXIT_OK


def _correct(args: argparse.Namespace, correct: Callable, template: str = "{summary}") -> int:
    """Run one correction on the library of *args*; print what it changed, or why it was refused."""
    from nlp.index.corrections import AmbiguousEntity, CorrectionRefused, Corrections
    from tui.cli import EXIT_FAILED, EXIT_OK, open_library, say, warn

    _, index = open_library(args)
    with index:
        try:
            correction = correct(Corrections(index))
        except AmbiguousEntity as err:
            warn(str(err))
            for entity in err.candidates:
                print(one_line("  " + entity_line(entity)), file=sys.stderr)
            return EXIT_FAILED
        except CorrectionRefused as err:
            warn(str(err))
            return EXIT_FAILED
    say(one_line(template.format(id=correction.id, summary=correction.summary)))
    return EXIT_OK


def _print_json(rows: list[dict]) -> None:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
    print()
