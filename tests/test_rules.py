"""What indexed an article (nlp.rules): the model, its version and a fingerprint of the rules."""

from __future__ import annotations

from nlp import rules
from nlp.rules import indexed_by, rules_fingerprint


class Unnamed:
    """An extractor without a model name (a test double)."""


class Named:
    model_name = "no_such_model_pkg"


def test_indexed_by_names_the_model_and_the_rules():
    fingerprint = rules_fingerprint()
    assert len(fingerprint) == 12 and int(fingerprint, 16) >= 0
    assert indexed_by(Named()) == f"no_such_model_pkg, rules {fingerprint}"
    assert indexed_by(Unnamed()) == f"Unnamed, rules {fingerprint}"


def test_the_fingerprint_changes_with_a_rule_module_and_not_with_a_reading_one(tmp_path, monkeypatch):
    package = tmp_path / "nlp"
    (package / "index").mkdir(parents=True)
    for name, text in [("cluster.py", "A = 1\n"), ("reading.py", "B = 1\n"), ("rules.py", ""), ("index/writes.py", "")]:
        (package / name).write_text(text)
    monkeypatch.setattr(rules, "__file__", str(package / "rules.py"))

    def fingerprint() -> str:
        rules_fingerprint.cache_clear()
        return rules_fingerprint()

    first = fingerprint()
    (package / "reading.py").write_text("B = 2\n")
    assert fingerprint() == first
    (package / "cluster.py").write_text("A = 2\n")
    assert fingerprint() != first
    second = fingerprint()
    (package / "index" / "writes.py").write_text("CONTEXT_SAMPLE = 60\n")
    assert fingerprint() != second
    rules_fingerprint.cache_clear()
