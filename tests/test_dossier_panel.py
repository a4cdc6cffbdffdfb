"""The dossier panel pages long lists of other articles (no model needed)."""

from __future__ import annotations

import pytest

from nlp.analysis import analyse
from nlp.config import Settings
from nlp.index import open_index
from nlp.raw import RawDoc
from nlp.raw import RawSpan
from nlp.reading import ArticleInput
from tui.dossier_panel import PAGE, DossierPanel
from tui.entities_screen import EntityScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def library_with_kabul_in(folder, count: int) -> int:
    with open_index(folder) as index:
        for n in range(count):
            text = f"Report {n}\n\nKabul was quiet on day {n}."
            start = text.index("Kabul")
            analysis = analyse(f"Report {n}", text, RawDoc([RawSpan(start, start + 5, "GPE")]))
            index.add_article(ArticleInput(f"Report {n}", text), analysis)
        return index.top_entities(1)[0].id


async def test_more_row_loads_the_next_page(tmp_path):
    from tui.app import MarginApp

    kabul = library_with_kabul_in(tmp_path, PAGE + 12)
    app = MarginApp(Settings(data_dir=tmp_path), open_index(tmp_path), cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(EntityScreen(kabul))
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(DossierPanel)
        rows = panel.query_one("#dossier-rows")
        assert len(panel.dossier.other_articles) == PAGE
        assert rows.get_option_at_index(0).prompt.plain == f"In other articles ({PAGE + 12})"
        more = next(i for i, option in enumerate(rows.options) if option.id == "more")
        assert "12 more" in rows.get_option_at_index(more).prompt.plain
        rows.highlighted = more
        await pilot.press("enter")
        assert len(panel.dossier.other_articles) == PAGE + 12
        assert all(option.id != "more" for option in rows.options)
        assert len({o.article_id for o in panel.dossier.other_articles}) == PAGE + 12


async def test_a_dossier_given_before_the_panel_mounts_is_shown(tmp_path):
    """A fast worker can post the dossier before the panel has mounted (its first opening)."""
    from textual.app import App

    from nlp.dossier import build_dossier

    kabul = library_with_kabul_in(tmp_path, 2)
    with open_index(tmp_path) as index:
        dossier = build_dossier(index, kabul, None)
    panel = DossierPanel(id="dossier")
    panel.show(None, "Loading…")
    panel.show(dossier)

    class Host(App):
        CSS = "#dossier { display: block; }"

        def compose(self):
            yield panel

    async with Host().run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        header = panel.query_one("#dossier-header").render()
        assert header.plain.startswith("Kabul  Place")
        assert panel.query_one("#dossier-rows").highlighted is not None
