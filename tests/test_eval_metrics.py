"""``make eval`` (scripts/eval*.py): the coreference metrics on hand-worked clusterings, the
exact-name baseline, the reports, and one run of the real pipeline on a hand-written gold file."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import eval as eval_script  # noqa: E402
from eval_metrics import (  # noqa: E402
    b_cubed, best_assignment_total, ceaf_e, coref_scores, muc, restrict_response, span_scores,
)
from eval_report import error_report, format_table, results_json, summary_table  # noqa: E402
from eval_score import Dataset, GoldMention, PredictedMention, gold_dataset, score  # noqa: E402

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval.py"


def clustering(*clusters: str) -> dict[str, int]:
    """``clustering("abc", "de")``: mentions a, b, c in cluster 0 and d, e in cluster 1."""
    return {mention: number for number, cluster in enumerate(clusters) for mention in cluster}


# Pradhan et al. 2014 ("Scoring coreference partitions of predicted mentions"), figure 1:
# key {a b c} {d e f g}, response {a b} {c d} {f g h i}; e is missed, h and i are spurious.
PRADHAN_KEY = clustering("abc", "defg")
PRADHAN_RESPONSE = clustering("ab", "cd", "fghi")


@pytest.mark.parametrize(("metric", "precision", "recall"), [
    (muc, 2 / 5, 2 / 5),
    (b_cubed, 4 / 8, 35 / 84),  # P: (2 + 1 + 1 + 0) / 8 mentions; R: (5/3 + 5/4) / 7 mentions
    (ceaf_e, 1.3 / 3, 1.3 / 2),  # φ4: {abc}~{ab} 0.8 + {defg}~{fghi} 0.5
])
def test_metrics_on_the_reference_implementation_paper_example(metric, precision, recall):
    scores = metric(PRADHAN_KEY, PRADHAN_RESPONSE)
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)
    assert scores.f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_muc_counts_links_as_vilain_et_al():
    # Key {A B C D}; response {A B} {C D}: 2 of 3 key links kept, no response link wrong.
    scores = muc(clustering("ABCD"), clustering("AB", "CD"))
    assert (scores.precision, scores.recall) == pytest.approx((1.0, 2 / 3))


def test_b_cubed_of_one_merged_response_cluster_by_hand():
    # Key {a b} {c}; response {a b c}: precision (2/3·2 + 1/3) / 3 = 5/9, recall 1.
    scores = b_cubed(clustering("ab", "c"), clustering("abc"))
    assert (scores.precision, scores.recall) == pytest.approx((5 / 9, 1.0))


@pytest.mark.parametrize("key", [clustering("abc", "de", "f"), clustering("a", "b"), clustering("abcdef")])
def test_a_response_equal_to_the_key_scores_one_everywhere(key):
    scores = coref_scores(key, dict(key))
    links = len(key) - len(set(key.values()))
    for name in scores if links else ("b3", "ceafe"):  # MUC counts links only
        assert scores[name] == pytest.approx((1.0, 1.0, 1.0)), name


def test_muc_has_nothing_to_count_without_links():
    assert muc(clustering("a", "b"), clustering("a", "b")) == (0.0, 0.0, 0.0)


def test_conll_f1_is_the_mean_of_the_three_f1():
    scores = coref_scores(PRADHAN_KEY, PRADHAN_RESPONSE)
    assert scores["conll"].f1 == pytest.approx((scores["muc"].f1 + scores["b3"].f1 + scores["ceafe"].f1) / 3)


@pytest.mark.parametrize(("rows", "cols"), [(1, 1), (1, 4), (3, 3), (4, 2), (5, 6), (6, 6)])
def test_best_assignment_matches_every_permutation(rows, cols):
    rng = random.Random(rows * 10 + cols)
    for _ in range(20):
        matrix = [[rng.choice([0, 0, 0.25, 0.5, rng.random()]) for _ in range(cols)] for _ in range(rows)]
        small, large = sorted((rows, cols))
        cells = (lambda i, j: matrix[i][j]) if rows <= cols else (lambda i, j: matrix[j][i])
        brute = max(sum(cells(i, j) for i, j in enumerate(chosen))
                    for chosen in itertools.permutations(range(large), small))
        assert best_assignment_total(matrix) == pytest.approx(brute)


def test_ceaf_e_aligns_across_groups_as_a_whole():
    # Two documents' clusters: alignment per overlapping group equals the global optimum.
    key = clustering("ab", "c", "xyz")
    response = clustering("abc", "xy", "z")
    # φ4: {ab}~{abc} 0.8, {xyz}~{xy} 0.8; {c} and {z} stay unaligned.
    scores = ceaf_e(key, response)
    assert (scores.precision, scores.recall) == pytest.approx((1.6 / 3, 1.6 / 3))


def test_restricted_response_drops_spurious_and_keeps_missed_as_singletons():
    key = clustering("abc")
    restricted = restrict_response(key, {"a": 1, "b": 1, "z": 1})
    assert set(restricted) == {"a", "b", "c"}
    assert restricted["a"] == restricted["b"] != restricted["c"]


def test_span_scores_are_exact_match_micro_averages():
    scores = span_scores({("d", 0, 5), ("d", 9, 12)}, {("d", 0, 5), ("d", 9, 11), ("d", 20, 22)})
    assert scores == pytest.approx((1 / 3, 1 / 2, 0.4))


# --- scoring a dataset ------------------------------------------------------------------

TEXT_ONE = "Ann Lee met Bo Chan. Lee left."
TEXT_TWO = "Lee spoke."


def hand_dataset(name: str = "hand") -> Dataset:
    """Two documents; Margin joined "Ann Lee" and "Lee" in one, and found "Lee" in the other."""
    dataset = gold_dataset(name, [
        {"id": "d1", "text": TEXT_ONE, "mentions": [
            {"start": 0, "end": 7, "text": "Ann Lee", "entity": "Ann_Lee", "type": "PER"},
            {"start": 12, "end": 19, "text": "Bo Chan", "entity": None, "type": "PER"},
            {"start": 21, "end": 24, "text": "Lee", "entity": "Ann_Lee", "type": "PER"}]},
        {"id": "d2", "text": TEXT_TWO, "mentions": [
            {"start": 0, "end": 3, "text": "Lee", "entity": "Ann_Lee", "type": "PER"}]},
    ])
    dataset.predicted = {("d1", 0, 7): PredictedMention("Ann Lee", 1, "PER"),
                         ("d1", 21, 24): PredictedMention("Lee", 1, "PER"),
                         ("d1", 12, 14): PredictedMention("Bo", 2, "ORG"),
                         ("d2", 0, 3): PredictedMention("Lee", 1, "PER")}
    dataset.entity_names = {1: "Ann Lee", 2: "Bo"}
    return dataset


def test_margin_and_the_exact_name_baseline_on_a_hand_written_dataset():
    scores = score(hand_dataset())
    assert scores["detection"]["all"] == pytest.approx((3 / 4, 3 / 4, 3 / 4))
    assert scores["detection"]["PER"] == pytest.approx((1.0, 3 / 4, 6 / 7))
    assert scores["within"]["margin"]["b3"] == pytest.approx((1.0, 1.0, 1.0))
    # The baseline keeps "Ann Lee" and "Lee" apart: B³ recall (1/2 + 1/2 + 1) / 3.
    assert scores["within"]["baseline"]["b3"].recall == pytest.approx(2 / 3)
    # Across articles the baseline joins the two "Lee": recall (1/3 + 2/3 + 2/3) / 3.
    assert scores["across"]["baseline"]["b3"].recall == pytest.approx(5 / 9)
    assert scores["across"]["margin"]["b3_per_org"] == pytest.approx((1.0, 1.0, 1.0))
    assert scores["links"] == {"within": 1, "within_found": 1, "across": 2, "across_found": 2}


def test_a_missed_mention_counts_in_the_readme_view_but_not_in_the_found_view():
    dataset = hand_dataset()
    del dataset.predicted[("d1", 21, 24)]
    scores = score(dataset)
    assert scores["within"]["margin"]["muc"].recall == 0.0
    assert scores["within_found"]["margin"]["muc"].recall == 0.0  # one mention left: no link
    assert scores["across_found"]["margin"]["muc"] == pytest.approx((1.0, 1.0, 1.0))
    assert scores["across"]["margin"]["muc"].recall == pytest.approx(1 / 2)


def test_partial_sets_show_no_precision():
    dataset = hand_dataset("rss500")
    table = format_table(dataset, score(dataset))
    assert "partial gold" in table and "no precision" in table
    detection = results_json([(dataset, score(dataset))], None)["datasets"]["rss500"]["detection"]
    assert detection["all"]["p"] is None and detection["all"]["r"] == 0.75


def test_the_summary_lists_full_sets_first_and_marks_partial_ones():
    full, partial = hand_dataset("zfull"), hand_dataset("rss500")
    rows = summary_table(results_json([(partial, score(partial)), (full, score(full))], None)).splitlines()
    assert rows[2].startswith("| zfull | 0.750 / 0.750 / 0.750 | 1.000 (")
    assert rows[3].startswith("| rss500 (partial) | — / 0.750 / — |")


def test_the_error_report_names_misses_spurious_names_and_splits_with_context():
    dataset = hand_dataset()
    dataset.predicted[("d2", 0, 3)] = PredictedMention("Lee", 3, "PER")
    report = error_report([dataset])
    assert "| 1 | Bo Chan | d1 | …Ann Lee met [[Bo Chan]]. Lee left.… |" in report
    assert "| 1 | Bo | d1 |" in report
    assert "is split into" in report and "d2" in report


def test_stored_offsets_move_to_the_gold_text_where_the_texts_differ():
    to_gold = eval_script.offset_map("Ann  Lee\nmet Bo.", "Ann Lee\nmet Bo.")
    assert (to_gold(0), to_gold(5), to_gold(8), to_gold(13), to_gold(15)) == (0, 4, 7, 12, 14)
    assert eval_script.offset_map("same", "same")(3) == 3


def test_without_gold_data_it_says_so_in_one_line_and_succeeds(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--gold", str(tmp_path / "missing"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip().count("\n") == 0 and "no gold data" in done.stdout
    assert not (tmp_path / "eval-results.json").exists()


@pytest.mark.model
def test_make_eval_scores_the_real_pipeline_on_a_hand_written_gold_file(tmp_path):
    one = "Angela Merkel visited Paris on Monday.\nMerkel met Emmanuel Macron there.\n"
    two = "Emmanuel Macron spoke in Berlin.\nMacron praised Angela Merkel.\n"
    documents = [{"id": "hand-1", "text": one, "mentions": _mentions(one, [
                      ("Angela Merkel", "Angela_Merkel", "PER"), ("Paris", "Paris", "LOC"),
                      ("Merkel", "Angela_Merkel", "PER"), ("Emmanuel Macron", "Emmanuel_Macron", "PER")])},
                 {"id": "hand-2", "text": two, "mentions": _mentions(two, [
                      ("Emmanuel Macron", "Emmanuel_Macron", "PER"), ("Berlin", "Berlin", "LOC"),
                      ("Macron", "Emmanuel_Macron", "PER"), ("Angela Merkel", "Angela_Merkel", "PER")])}]
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "hand.dev.jsonl").write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    (gold / "other.dev.jsonl").write_text(json.dumps(documents[0]) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), "--gold", str(gold), "--only", "hand", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "hand: 2 documents, 8 gold mentions (typed gold)" in done.stdout
    results = json.loads((tmp_path / "eval-results.json").read_text(encoding="utf-8"))
    assert list(results["datasets"]) == ["hand"]
    hand = results["datasets"]["hand"]
    assert hand["documents"] == 2 and hand["detection"]["all"]["r"] >= 0.75
    assert hand["across"]["margin"]["b3"]["p"] == 1.0
    assert hand["across"]["baseline"]["muc"]["r"] < hand["across"]["margin"]["muc"]["r"]
    assert "## hand" in (tmp_path / "eval-errors.md").read_text(encoding="utf-8")


def _mentions(text: str, names: list[tuple[str, str, str]]) -> list[dict]:
    """Gold mentions of *names* in order of appearance, each after the previous one."""
    mentions, position = [], 0
    for name, entity, kind in names:
        start = text.index(name, position)
        mentions.append({"start": start, "end": start + len(name), "text": name, "entity": entity, "type": kind})
        position = start + len(name)
    return mentions


def test_an_unknown_dataset_name_is_one_line_and_a_usage_error(tmp_path):
    (tmp_path / "hand.dev.jsonl").write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), "--gold", str(tmp_path), "--only", "nosuch",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip() == f"eval: no dataset named nosuch in {tmp_path}"


# --- corrections a reader would need (scripts/eval_corrections.py) --------------------------

from eval_corrections import corrections_line, corrections_needed, corrections_table, title_name  # noqa: E402

CORRECTION_TEXT = "Ann Lee met Bo Chan in Paris. Lee and Chan left Paris. Will it rain? The Georgia team."


def correction_dataset(predicted: dict[tuple[int, int], tuple[int, str]], names: dict[int, str],
                       name: str = "hand") -> Dataset:
    """One document of :data:`CORRECTION_TEXT` with its gold names, and Margin's
    {(start, end): (entity, CoNLL type)}."""
    text = CORRECTION_TEXT
    gold = [("Ann Lee", "Ann_Lee", "PER"), ("Bo Chan", "Bo_Chan", "PER"), ("Paris", "Paris", "LOC"),
            ("Lee", "Ann_Lee", "PER"), ("Chan", "Bo_Chan", "PER"), ("Paris", "Paris", "LOC"),
            ("Georgia", "Georgia_(country)", "LOC")]
    mentions, at = [], 0
    for written, entity, kind in gold:
        start = text.index(written, at)
        mentions.append({"start": start, "end": start + len(written), "text": written, "entity": entity, "type": kind})
        at = start + len(written)
    dataset = gold_dataset(name, [{"id": "d", "text": text, "mentions": mentions}])
    dataset.predicted = {("d", s, e): PredictedMention(text[s:e], entity, kind) for (s, e), (entity, kind) in predicted.items()}
    dataset.entity_names = names
    return dataset


def spans(*written: str) -> list[tuple[int, int]]:
    """The spans of *written* in :data:`CORRECTION_TEXT`, each after the one before."""
    found, at = [], 0
    for text in written:
        start = CORRECTION_TEXT.index(text, at)
        found.append((start, start + len(text)))
        at = start + len(text)
    return found


def test_a_perfect_library_needs_no_correction():
    ann, bo, paris, lee, chan, paris2, georgia = spans("Ann Lee", "Bo Chan", "Paris", "Lee", "Chan", "Paris", "Georgia")
    dataset = correction_dataset({ann: (1, "PER"), lee: (1, "PER"), bo: (2, "PER"), chan: (2, "PER"),
                                  paris: (3, "LOC"), paris2: (3, "LOC"), georgia: (4, "LOC")},
                                 {1: "Ann Lee", 2: "Bo Chan", 3: "Paris", 4: "Georgia"})
    assert corrections_needed(dataset) == {"merge": 0, "split": 0, "rename": 0, "retype": 0, "not-a-name": 0}


def test_each_kind_of_correction_is_counted_once_where_it_is_needed():
    ann, bo, paris, lee, chan, paris2, georgia = spans("Ann Lee", "Bo Chan", "Paris", "Lee", "Chan", "Paris", "Georgia")
    will, the = spans("Will", "The")
    dataset = correction_dataset({
        ann: (1, "PER"), lee: (5, "PER"),                   # Ann Lee in two entities: one merge
        bo: (2, "PER"), chan: (2, "PER"), georgia: (2, "PER"),  # Georgia inside Bo Chan's entity: one split
        paris: (3, "ORG"), paris2: (3, "ORG"),              # Paris typed ORG: one retype
        will: (6, "PER"), the: (7, "MISC"),                 # two texts that are no name: two not-a-name
    }, {1: "Ann Lee", 5: "Lee", 2: "Chan", 3: "Paris", 6: "Will", 7: "The"})
    counts = corrections_needed(dataset)
    assert counts == {"merge": 1, "split": 1, "rename": 1, "retype": 2, "not-a-name": 2}
    # rename: Bo Chan's entity is named "Chan" (Ann Lee's merge keeps "Ann Lee"; the split names Georgia);
    # retype: Paris, and Georgia's part (PER, gold LOC).
    assert corrections_line(counts) == "    merge 1 · split 1 · rename 1 · retype 2 · not-a-name 2 · total 7"


def test_a_text_that_is_elsewhere_a_name_is_not_counted_as_not_a_name():
    lee, = spans("Lee")
    chan_in_bo, = [(CORRECTION_TEXT.index("Chan"), CORRECTION_TEXT.index("Chan") + 4)]  # "Chan" inside "Bo Chan"
    dataset = correction_dataset({lee: (1, "PER"), chan_in_bo: (2, "PER")}, {1: "Ann Lee", 2: "Chan"})
    assert corrections_needed(dataset)["not-a-name"] == 0  # "Chan" is a gold name elsewhere


def test_partial_and_untyped_gold_leave_out_what_they_cannot_tell():
    ann, = spans("Ann Lee")
    partial = correction_dataset({ann: (1, "PER")}, {1: "Ann Lee"}, name="rss500")
    assert corrections_needed(partial)["not-a-name"] is None
    untyped = correction_dataset({ann: (1, "PER")}, {1: "Ann Lee"})
    for gold in untyped.gold.values():
        gold.type = None
    assert corrections_needed(untyped)["retype"] is None


def test_a_title_as_a_name_and_the_table_of_every_dev_set():
    assert [title_name(t) for t in ("Bill_Clinton", "Georgia_(country)", "de:Deutsche_Bank")] == [
        "Bill Clinton", "Georgia", "Deutsche Bank"]
    results = {"datasets": {
        "aida": {"partial": False, "gold_mentions": 40, "corrections": {
            "merge": 3, "split": 1, "rename": 2, "retype": 1, "not-a-name": 1}},
        "rss500": {"partial": True, "gold_mentions": 10, "corrections": {
            "merge": 1, "split": 0, "rename": 0, "retype": None, "not-a-name": None}}}}
    assert corrections_table(results).splitlines()[2:] == [
        "| aida | 3 | 1 | 2 | 1 | 1 | 8 | 20.0 |", "| rss500 (partial) | 1 | 0 | 0 | — | — | 1 | 10.0 |"]
