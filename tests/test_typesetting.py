"""Typesetting (issue 11, items 5 and 6): Dutch numbers, tables, title page, table of contents,
navigation, charts and their alt texts, and the workbook's number formats."""
import re

import numpy as np
from pathlib import Path

import pytest

import bizcase

from bizcase.build import chapter
from bizcase.build import editions
from bizcase.build import html as build_html
from bizcase.build.workbooks import values_workbook
from bizcase.core.inputs import load_inputs
from bizcase.core.schema import SCENARIOS
from bizcase.publish import chapter as publish_chapter
from bizcase.publish import charts, labels
from bizcase.publish.blocks import Table, V, text
from bizcase.publish.formatting import long_date, number
from bizcase.publish.render import KEEP_TOGETHER_ROWS, table_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CHAPTER = ROOT / "notebooks" / "99-bijlage-begrippen.ipynb"
CSS = ROOT / "bizcase" / "build" / "report.css"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


# ---------------------------------------------------------------- tables

def test_numbers_are_right_aligned_and_units_stated_once_in_the_header():
    rows = (("x", (V(1000, "eur"), V(5.1, "pct", 1), text("a"), V(2016, "year"))),
            ("y", (V(12500, "eur"), V(0.6, "share"), text("b"), V(2017, "year"))),
            ("z", (V(None), V(None), text("c"), V(float("nan"), "year"))))
    out = table_html(Table("proef", "Post", ("2013", "Aandeel", "Naam", "Omslagjaar"), rows, "Een noot."), "Tabel 1.1")
    head = re.search(r"<thead>(.*?)</thead>", out).group(1)
    assert "<th>Post</th>" in head
    assert "<th class='num'>2013 (€)</th>" in head and "<th class='num'>Aandeel (%)</th>" in head
    assert "<th>Naam</th>" in head and "<th class='num'>Omslagjaar</th>" in head
    assert "<td class='num'>1.000</td>" in out and "<td class='num'>12.500</td>" in out
    assert "<td class='num'>5,1</td>" in out and "<td class='num'>60</td>" in out
    assert out.count("<td class='num'>-</td>") == 2  # an empty cell in a column of numbers
    # years, and 'geen' for no year, are numbers too (the old string tables' '2016 / geen' pairs
    # are separate year columns now)
    assert "<td class='num'>2016</td>" in out and "<td class='num'>geen</td>" in out
    assert "<caption>Tabel 1.1: proef</caption>" in out
    body = re.sub(r"<thead>.*?</thead>", "", out)
    assert "<td>a</td>" in out and "€" not in body and "%" not in body
    # one block: caption, table and note together; a scroll box for narrow screens
    assert out.startswith("<div class='table-block'><div class='table-scroll'><table")
    assert out.endswith("<p class='table-note'>Een noot.</p></div>")
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"td\.num[^{]*\{[^}]*text-align: right", css)


def test_the_euro_sign_stays_with_its_amount_outside_code():
    assert build_html._nbsp("<p>€ 3,4 miljoen, € -5</p><pre>'€ 5'</pre>") == "<p>€&nbsp;3,4 miljoen, €&nbsp;-5</p><pre>'€ 5'</pre>"


def test_a_header_that_names_the_unit_keeps_the_cells_plain():
    rows = (("a", (V(1000, "eur"), V(1.5, "pct", 1))), ("b", (V(2000, "eur"), V(2, "pct", 1))))
    out = table_html(Table("t", "€", ("2014", "Groei (%)"), rows), "Tabel 1.1")
    assert "<th class='num'>2014</th>" in out and "<td class='num'>1.000</td>" in out
    assert "<th class='num'>Groei (%)</th>" in out and "<td class='num'>1,5</td>" in out
    body = re.sub(r"<thead>.*?</thead>", "", out)
    assert "€" not in body and "%" not in body


def test_long_tables_may_break_between_rows_and_repeat_their_header():
    def table(n):
        return Table("t", "", ("v",), tuple((str(i), (V(i),)) for i in range(n)))

    assert "class='table-block long'" in table_html(table(KEEP_TOGETHER_ROWS + 1), "Tabel 1.1")
    assert "class='table-block'" in table_html(table(KEEP_TOGETHER_ROWS), "Tabel 1.1")
    css = CSS.read_text(encoding="utf-8")
    print_css = css.split("@media print", 1)[1]
    assert "thead { display: table-header-group; }" in print_css
    assert re.search(r"tr \{ break-inside: avoid", print_css)
    assert re.search(r"\.table-block \{ break-inside: avoid", print_css)


# ---------------------------------------------------------------- title page, contents, navigation

@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("ts") / "r.html"
    editions.assemble(out, [CHAPTER], audit=False, variant="standaard")
    return out.read_text(encoding="utf-8")


def test_title_page_states_reconstruction_date_version_and_status(page):
    title = page.split('<header class="titlepage">')[1].split("</header>")[0]
    assert "Dit is een reconstructie" in title and "niet het rapport van M&amp;I/Partners" in title
    assert re.search(r'class="status">reconstructie, niet vastgesteld door de gemeenten<', title)
    date = re.search(r"class=\"inputs-date\">([^<]*)<", title).group(1)
    assert re.fullmatch(r"\d{1,2} (" + "|".join(MONTHS) + r") \d{4}", date), date
    assert date == long_date(build_html.inputs_date(DATA))
    assert f'class="release">bizcase {bizcase.__version__}<' in title
    # the commit is in the colophon at the end, not on the cover
    assert 'class="version"' not in title
    end = page.split('<footer class="colophon-end">')[1]
    version = re.search(r"class=\"version\">([^<]*)<", end).group(1)
    assert re.fullmatch(r"([0-9a-f]{10}( \+ wijzigingen)?|inhoud [0-9a-f]{10})", version), version


def test_date_and_version_come_from_the_inputs_not_the_clock(monkeypatch, tmp_path):
    # without git: the newest modification time of the data files the package reads (a newer file
    # it does not read counts for nothing) and a hash of the files' contents
    monkeypatch.setattr(build_html, "_git", lambda *args: None)
    data = tmp_path / "data"
    data.mkdir()
    (data / "assumptions.csv").write_text("x\n")
    (data / "assumptions - Kopie.csv").write_text("x\n")
    import datetime as dt
    import os

    stamp = dt.datetime(2013, 1, 15, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(data / "assumptions.csv", (stamp, stamp))
    assert long_date(build_html.inputs_date(data)) == "15 januari 2013"
    assert build_html.revision() == build_html.revision() and build_html.revision().startswith("inhoud ")


def test_contents_get_page_numbers_in_the_pdf_only():
    css = CSS.read_text(encoding="utf-8")
    screen, print_css = css.split("@media print", 1)
    assert "target-counter(attr(href), page)" in print_css
    assert "target-counter" not in screen
    # the HTML: a side navigation on wide screens, the contents on top on phones, no script
    assert re.search(r"@media screen and \(min-width: [^)]*\) \{[^@]*nav\.toc \{ position: fixed", css)
    assert "@media screen and (max-width" in css


def test_html_has_no_script_and_scales_to_a_phone(page):
    assert "<script" not in page.lower()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<nav class='toc'" in page
    css = CSS.read_text(encoding="utf-8")
    assert "img { max-width: 100%" in css and ".table-scroll { overflow-x: auto" in css


def test_toc_keeps_the_notebooks_own_numbering(page):
    toc = re.search(r"<nav class='toc'.*?</nav>", page, re.S).group(0)
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[12][^>]*id=\"h-[^\"]*\">(.*?)</h[12]>", page)]
    entries = re.findall(r"<a href='#h-[^']*'>([^<]*)</a>", toc)
    assert entries and entries == headings


# ---------------------------------------------------------------- charts

@pytest.fixture(scope="module")
def ch():
    return chapter.open({"data_dir": str(DATA)}, "T")


def _close(figure) -> None:
    import matplotlib.pyplot as plt

    plt.close(figure)


def test_figures_carry_their_caption_and_what_they_show_as_dutch_alt_text(ch, monkeypatch):
    # The alt text is the caption, then the chart's figures in words (from the same numbers as the
    # chart), so that a reader who cannot see it gets what it shows.
    shown = []
    monkeypatch.setattr(publish_chapter, "display", shown.append)
    fresh = chapter.open({"data_dir": str(DATA)}, "T")  # its first figure: Figuur T.1
    fresh.show(charts.scenario_chart(fresh.inputs, fresh.result, "Kosten per scenario",
                                     "ICT-kosten per scenario, beide gemeenten"))
    (obj,) = shown
    html_text = obj.data
    alt = re.search(r"<img src='data:image/png;base64,[A-Za-z0-9+/=]+' alt='([^']*)'>", html_text).group(1)
    first, last = ch.figures.first, ch.figures.extrapolated
    base = ch.result.combined_total("baseline") / 1000
    assert alt.startswith("ICT-kosten per scenario, beide gemeenten. Lijngrafiek van de kosten per jaar")
    assert f"Baseline: van {number(base[0])} in {first} naar {number(base[-1])} in {last}" in alt
    assert "<figcaption class='figcaption'>Figuur T.1: ICT-kosten per scenario, beide gemeenten</figcaption>" in html_text
    # every chart function describes its chart
    for chart in (charts.cumulative_chart(ch.result, ch.figures, "t", "c", last + 5),
                  charts.category_chart(ch.result, "Haarlem", "t", "c"),
                  charts.tornado_chart(ch.analyses.tornado, ch.figures, "cumulative_s3", "t", "c", 10),
                  charts.fan_chart(ch.analyses.fan, "t", "c")):
        assert chart.description.endswith(".") and charts.KEUR in chart.description
        _close(chart.figure)


def test_scenario_chart_starts_at_zero_with_the_extrapolation_label_in_its_band(ch):
    fig = charts.scenario_chart(ch.inputs, ch.result, "t", "c").figure
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0
    label = [t for t in ax.texts if "geëxtrapoleerd" in t.get_text()]
    # in the extrapolated year's band, below every plotted value (axes coordinates), clear of the title
    x, y = label[0].get_position()
    lowest = min(float(np.min(line.get_ydata())) for line in ax.lines) / ax.get_ylim()[1]
    assert x == int(ch.result.years[-1]) and y < lowest and y < 1.0
    colors = {line.get_label(): line.get_color() for line in ax.lines if not line.get_label().startswith("_")}
    assert colors == {labels.SCENARIO[sc]: charts.COLORS[sc] for sc in SCENARIOS}
    assert "€" in ax.get_ylabel() and "EUR" not in ax.get_ylabel()
    _close(fig)


def test_every_uncertain_assumption_has_a_dutch_label():
    from bizcase.analysis import sensitivity as sa

    ids = sa.uncertain_ids(load_inputs(DATA))
    assert ids and not [i for i in ids if i not in labels.ASSUMPTION]
    assert labels.assumption("cost_per_fte") == "Personeelskosten per fte"
    assert labels.assumption("no_such_id") == "no_such_id"


def test_tornado_bars_are_labelled_in_dutch(ch):
    from bizcase.analysis import sensitivity as sa

    rows = sa.tornado(ch.inputs)
    fig = charts.tornado_chart(rows, ch.figures, "cumulative_s3", "t", "c", 12).figure
    tick_labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(tick_labels) == 12
    # long names are wrapped between words (readable at the printed size), never cut
    assert all(label.replace("\n", " ") in labels.ASSUMPTION.values() for label in tick_labels)
    assert all(len(line) <= charts.LABEL_WRAP for label in tick_labels for line in label.split("\n"))
    _close(fig)


def test_the_tornado_text_counts_the_bars_it_stands_beside(ch):
    """Chapter 9: the charts and the table show one number of assumptions, and say that number
    (issue 23: 'tien aannames' beside twelve bars)."""
    from bizcase.publish.chapters import uncertainty

    s3, s2, table = uncertainty.tornado(ch)
    for chart in (s3, s2):
        assert len(chart.figure.axes[0].get_yticklabels()) == uncertainty.TORNADO_ROWS
        assert f"de {uncertainty.TORNADO_ROWS} aannames" in chart.caption
        _close(chart.figure)
    assert len(table.rows) == uncertainty.TORNADO_ROWS and f"De {uncertainty.TORNADO_ROWS} aannames" in table.caption


# ---------------------------------------------------------------- workbook

def test_workbook_number_formats(tmp_path):
    from openpyxl import load_workbook

    # every sheet holds tables: a caption in row 1, the header in row 2, the values from row 3
    path = tmp_path / "b.xlsx"
    path.write_bytes(values_workbook(load_inputs(DATA)))
    wb = load_workbook(path)
    assert "Bron" in [c.value for c in wb["Aannames"][2]]
    register = {row[0].value: row for row in wb["Aannames"].iter_rows(min_row=3)}
    year = register["year_first"][1]
    assert year.value == 2013 and isinstance(year.value, int) and year.number_format == "0"
    key = wb["Kerncijfers"]
    grid = {}
    scenarios = None
    for r in key.iter_rows():
        if r[0].value == "Grootheid":  # the header of the table of every scenario's headline figures
            scenarios = [c.value for c in r]
        elif scenarios and r[0].value is not None:
            grid.update({(scenarios[j], r[0].value): c for j, c in enumerate(r) if j and scenarios[j]})
        elif scenarios:
            break
    share = grid[("Samenwerking 3.0", "Besparing 2013-2018 (% van de baseline)")]
    assert share.number_format == "0.00%" and isinstance(share.value, float) and 0 < abs(share.value) < 1
    be = grid[("Samenwerking 2.0", "Omslagjaar, beide gemeenten")]
    assert be.value == "geen" or (isinstance(be.value, int) and be.number_format == "0")
    # the baseline in thousands of euros, as the report shows it: the unit in the header's first cell
    base = wb["Baseline"]
    assert [c.value for c in base[2]][:2] == ["× € 1.000", "2013"]
    assert base.cell(row=3, column=2).number_format == "#,##0"
    assert base.cell(row=3, column=1).value in labels.CATEGORY.values()
    # the results name the scenarios in Dutch: every row of figures is headed by a scenario's name
    heads = [r[0] for r in wb["Resultaten"].iter_rows(values_only=True)
             if r[0] is not None and any(isinstance(v, (int, float)) for v in r[1:])]
    assert heads and {h.split(":")[0] for h in heads} == set(labels.SCENARIO.values())
