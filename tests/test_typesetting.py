"""Typesetting (issue 11, items 5 and 6): Dutch numbers, tables, title page, table of contents,
navigation, charts and their alt texts, and the workbook's number formats."""
import re
from pathlib import Path

import pandas as pd
import pytest

from bizcase import build
from bizcase import report as rp
from bizcase.core.inputs import load_inputs

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CHAPTER = ROOT / "notebooks" / "99-bijlage-begrippen.ipynb"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


# ---------------------------------------------------------------- tables

def test_numbers_are_right_aligned_and_units_stated_once_in_the_header():
    df = pd.DataFrame({"2013": ["€ 1.000", "€ 12.500", "-"], "Aandeel": ["5,1%", "60%", "-"],
                       "Naam": ["a", "b", "c"], "Break-even": ["2016 / geen", "2017 / 2018", "geen"]},
                      index=["x", "y", "z"])
    df.index.name = "Post"
    out = rp.table_html(df, "Tabel 1.1: proef", "Een noot.")
    head = re.search(r"<thead>(.*?)</thead>", out).group(1)
    assert "<th class='num'>2013 (€)</th>" in head and "<th class='num'>Aandeel (%)</th>" in head
    assert "<th>Naam</th>" in head
    assert "<td class='num'>12.500</td>" in out and "<td class='num'>60</td>" in out
    assert "<td class='num'>2016 / geen</td>" in out
    assert "<td>a</td>" in out and "€" not in re.sub(r"<thead>.*?</thead>", "", out)
    # one block: caption, table and note together; a scroll box for narrow screens
    assert out.startswith("<div class='table-block'><div class='table-scroll'><table")
    assert out.endswith("<p class='table-note'>Een noot.</p></div>")
    css = (ROOT / "bizcase" / "report.css").read_text(encoding="utf-8")
    assert re.search(r"td\.num[^{]*\{[^}]*text-align: right", css)


def test_the_euro_sign_stays_with_its_amount_outside_code():
    assert build._nbsp("<p>€ 3,4 miljoen, € -5</p><pre>'€ 5'</pre>") == "<p>€&nbsp;3,4 miljoen, €&nbsp;-5</p><pre>'€ 5'</pre>"


def test_a_header_that_names_the_unit_keeps_the_cells_plain():
    df = pd.DataFrame({"2014": ["€ 1.000", "€ 2.000"]}, index=["a", "b"])
    df.index.name = "× € 1.000"
    out = rp.table_html(df, "t")
    assert "<th class='num'>2014</th>" in out and "<td class='num'>1.000</td>" in out


def test_long_tables_may_break_between_rows_and_repeat_their_header():
    long = pd.DataFrame({"v": [str(i) for i in range(rp.KEEP_TOGETHER_ROWS + 1)]})
    assert "class='table-block long'" in rp.table_html(long, "t")
    assert "class='table-block'" in rp.table_html(long.head(rp.KEEP_TOGETHER_ROWS), "t")
    css = (ROOT / "bizcase" / "report.css").read_text(encoding="utf-8")
    print_css = css.split("@media print", 1)[1]
    assert "thead { display: table-header-group; }" in print_css
    assert re.search(r"tr \{ break-inside: avoid", print_css)
    assert re.search(r"\.table-block \{ break-inside: avoid", print_css)


# ---------------------------------------------------------------- title page, contents, navigation

@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("ts") / "r.html"
    build.assemble(out, [CHAPTER], audit=False, variant="standaard")
    return out.read_text(encoding="utf-8")


def test_title_page_states_reconstruction_date_version_and_status(page):
    title = page.split('<header class="titlepage">')[1].split("</header>")[0]
    assert "Dit is een reconstructie" in title and "niet het rapport van M&amp;I/Partners" in title
    assert "Status: reconstructie, niet vastgesteld door de gemeenten" in title
    date = re.search(r"class=\"inputs-date\">([^<]*)<", title).group(1)
    assert re.fullmatch(r"\d{1,2} (" + "|".join(MONTHS) + r") \d{4}", date), date
    assert date == rp.long_date(build.inputs_date(DATA))
    version = re.search(r"class=\"version\">([^<]*)<", title).group(1)
    assert re.fullmatch(r"([0-9a-f]{10}( \+ wijzigingen)?|inhoud [0-9a-f]{10})", version), version


def test_date_and_version_come_from_the_inputs_not_the_clock(monkeypatch, tmp_path):
    # without git: the newest CSV's modification time and a hash of the files' contents
    monkeypatch.setattr(build, "_git", lambda *args: None)
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n")
    import datetime as dt
    import os

    stamp = dt.datetime(2013, 1, 15, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(data / "a.csv", (stamp, stamp))
    assert rp.long_date(build.inputs_date(data)) == "15 januari 2013"
    assert build.revision() == build.revision() and build.revision().startswith("inhoud ")


def test_contents_get_page_numbers_in_the_pdf_only():
    css = (ROOT / "bizcase" / "report.css").read_text(encoding="utf-8")
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
    css = (ROOT / "bizcase" / "report.css").read_text(encoding="utf-8")
    assert "img { max-width: 100%" in css and ".table-scroll { overflow-x: auto" in css


def test_toc_keeps_the_notebooks_own_numbering(page):
    toc = re.search(r"<nav class='toc'.*?</nav>", page, re.S).group(0)
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[12][^>]*id=\"h-[^\"]*\">(.*?)</h[12]>", page)]
    entries = re.findall(r"<a href='#h-[^']*'>([^<]*)</a>", toc)
    assert entries and entries == headings


# ---------------------------------------------------------------- charts

@pytest.fixture(scope="module")
def ctx():
    return rp.setup({"data_dir": str(DATA)}, chapter="T")


def test_figures_carry_their_caption_and_what_they_show_as_dutch_alt_text(ctx, monkeypatch):
    # The alt text is the caption, then the chart's figures in words (from the same numbers as the
    # chart), so that a reader who cannot see it gets what it shows.
    shown = []
    monkeypatch.setattr(rp, "_display", shown.append)
    rp.figure(ctx, rp.scenario_chart(ctx, "Kosten per scenario"), "ICT-kosten per scenario, beide gemeenten")
    (obj,) = shown
    html_text = obj.data
    alt = re.search(r"<img src='data:image/png;base64,[A-Za-z0-9+/=]+' alt='([^']*)'>", html_text).group(1)
    first, last = ctx.years[0], ctx.years[-1]
    base = ctx.combined("baseline") / 1000
    assert alt.startswith("ICT-kosten per scenario, beide gemeenten. Lijngrafiek van de kosten per jaar")
    assert f"Baseline: van {rp.number(base[0])} in {first} naar {rp.number(base[-1])} in {last}" in alt
    assert "<figcaption class='figcaption'>Figuur T.1: ICT-kosten per scenario, beide gemeenten</figcaption>" in html_text
    # every chart function describes its chart
    for fig in (rp.cumulative_chart(ctx, "t", last + 5), rp.category_chart(ctx, "Haarlem", "t"),
                rp.tornado_chart(ctx, ctx.analyses.tornado, "cumulative_s3", "t"), rp.fan_chart(ctx, ctx.analyses.fan, "t")):
        assert rp._DESCRIPTIONS[fig].endswith(".") and rp.KEUR in rp._DESCRIPTIONS[fig]


def test_scenario_chart_starts_at_zero_with_the_extrapolation_label_above_the_plot(ctx):
    import matplotlib.pyplot as plt

    fig = rp.scenario_chart(ctx, "t")
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0
    label = [t for t in ax.texts if "geëxtrapoleerd" in t.get_text()]
    assert label and label[0].get_position()[1] >= 1.0  # axes coordinates: above the plot area
    colors = {line.get_label(): line.get_color() for line in ax.lines if not line.get_label().startswith("_")}
    assert colors == {rp.SCENARIO_NAMES[sc]: rp.COLORS[sc] for sc in rp.SCENARIOS}
    assert "€" in ax.get_ylabel() and "EUR" not in ax.get_ylabel()
    plt.close(fig)


def test_every_uncertain_assumption_has_a_dutch_label():
    from bizcase.analysis import sensitivity as sa

    ids = sa.uncertain_ids(load_inputs(DATA))
    assert ids and not [i for i in ids if i not in rp.LABELS_NL]
    assert rp.label_nl("cost_per_fte") == "Personeelskosten per fte"
    assert rp.label_nl("no_such_id") == "no_such_id"


def test_tornado_bars_are_labelled_in_dutch(ctx):
    import matplotlib.pyplot as plt

    from bizcase.analysis import sensitivity as sa

    rows = sa.tornado(ctx.inputs)
    fig = rp.tornado_chart(ctx, rows, "cumulative_s3", "t")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels and all(label in rp.LABELS_NL.values() for label in labels)
    plt.close(fig)


# ---------------------------------------------------------------- workbook

def test_workbook_number_formats(tmp_path):
    from openpyxl import load_workbook

    from bizcase import excel

    path = tmp_path / "b.xlsx"
    excel.write(load_inputs(DATA), path)
    wb = load_workbook(path)
    register = {row[0].value: row for row in wb["Aannames"].iter_rows(min_row=2)}
    year = register["year_first"][1]
    assert year.value == 2013 and isinstance(year.value, int) and year.number_format == "0"
    key = {(r[0].value, r[1].value): r[2] for r in wb["Kerncijfers"].iter_rows(min_row=2)}
    share = key[("Samenwerking 3.0", "Besparing 2013-2018 (aandeel van de baseline)")]
    assert share.number_format == "0.00%" and abs(share.value) < 1
    be = key[("Samenwerking 2.0", "Break-even (jaar)")]
    assert be.value is None or (isinstance(be.value, int) and be.number_format == "0")
    base = wb["Baseline"]
    assert [c.value for c in base[1]][2] == "2013 (€)"
    assert base.cell(row=2, column=3).number_format == "#,##0"
    assert base.cell(row=2, column=2).value in rp.CATEGORY_NAMES.values()
    assert {r[1] for r in wb["Resultaten"].iter_rows(min_row=2, values_only=True)} <= set(rp.SCENARIO_NAMES.values())
    assert "Bron" in [c.value for c in wb["Aannames"][1]]
