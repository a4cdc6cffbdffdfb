"""``margin reindex``: extract and group the names of every stored article again (:mod:`nlp.reindex`),
with ``margin add``'s workers and progress bar, keeping every correction."""

from __future__ import annotations

import argparse
import time

from nlp.text import one_line


def reindex_arguments(sub: argparse.ArgumentParser) -> None:
    """The options of ``margin reindex`` (``--model`` is common to every command)."""
    sub.add_argument("--all", action="store_true", dest="everything",
                     help="redo every article, also those the model and rules already indexed")
    sub.add_argument("-v", "--verbose", action="store_true", help="print each article once it is stored again")


def cmd_reindex(args: argparse.Namespace) -> int:
    """``margin reindex [--model NAME] [--all]``: re-run extraction and grouping over the library."""
    from nlp.extract import SpacyExtractor
    from nlp.reindex import count_to_reindex, reindex_library
    from tui.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, open_library, progress_bar, say, warn, worker_count

    settings, index = open_library(args)
    with index:
        index.require_writable()  # before the model loads
        extractor = SpacyExtractor(settings.model)
        total = count_to_reindex(index, extractor, args.everything)
        started = time.perf_counter()
        with progress_bar(total, args.verbose, label="Reindexing") as advance:
            report = reindex_library(index, extractor, settings, progress=advance,
                                     workers=worker_count(settings.workers), everything=args.everything)
    if report.interrupted:
        warn(f"interrupted after reindexing {report.done} of {report.to_do} articles; run `margin reindex` again "
             "to do the rest (the articles done are not redone)")
        return EXIT_INTERRUPTED
    for line in summary_lines(report, time.perf_counter() - started):
        say(one_line(line))
    if report.lost:
        warn(f"{report.lost} articles were not reindexed: an extraction worker stopped unexpectedly (out of memory?); "
             "run `margin reindex` again")
    return EXIT_FAILED if report.lost else EXIT_OK


def summary_lines(report, seconds: float) -> list[str]:
    """What a re-index did: one line, then one line per correction that no longer applies."""
    if not report.to_do:
        return [f"Nothing to reindex: every article is indexed by {report.indexed_by} "
                "(margin reindex --all redoes them all)."]
    changes = report.changes
    rate = f", {report.words / seconds:,.0f} words/s" if seconds > 0 and report.words else ""
    holding = "every correction applies" if not report.not_holding else (
        f"{_count(len(report.not_holding), 'correction')} no longer {'apply' if len(report.not_holding) > 1 else 'applies'}")
    lines = [f"Reindexed {_count(report.done, 'article')} with {report.indexed_by} in {seconds:.1f} s{rate}: "
             f"{_count(changes.entities_new, 'new entity', 'new entities')}, {changes.entities_gone} gone, "
             f"{_count(changes.mentions, 'mention')} and {_count(changes.links, 'link')} changed; {holding}."]
    lines += [f"Correction #{i} no longer applies: {why} ({summary})" for i, summary, why in report.not_holding]
    return lines


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
