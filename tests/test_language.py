"""The main body reads as Dutch for a council member: no English words, code identifiers or
scientific notation, in the default edition and in a variant (bizcase.build.language)."""
import re

import pytest

from bizcase.build import editions, kernels, language
from bizcase.publish import formatting as fmt
from conftest import DATA, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAIN_BODY = [p for p in NOTEBOOKS if re.match(r"0\d-", p.name)]
# the reader's case of issue 23: four one-off and staffing values changed, two outside their range
VARIANT = {"s3_investment": 1_500_000, "transition_cost": 200_000, "friction_cost": 100_000, "cio_office_fte": 1}


def test_the_checks_find_what_they_look_for():
    page = ('<html><body><h1>Samenvatting</h1><p>De waarde 1,5e+06 van cio_office_fte, the break-even van '
            'Tornado</p><img alt="Monte Carlo-analyse"><h1 id="x">Bijlage A Ontwikkelingen</h1><p>the seed</p>')
    found = {(p.kind, p.found.lower()) for p in language.problems(page)}
    assert found == {("scientific notation", "1,5e+06"), ("code identifier", "cio_office_fte"),
                     ("English word", "the"), ("English word", "break-even"), ("English word", "tornado"),
                     ("English word", "monte carlo")}


def test_the_default_edition_reads_as_dutch(tmp_path):
    out = tmp_path / "r.html"
    editions.assemble(out, NOTEBOOKS, audit=False, variant="standaard")
    found = language.problems(out.read_text(encoding="utf-8"))
    assert not found, "\n".join(map(str, found))


@pytest.fixture(scope="module")
def variant_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("variant")
    params = tmp / "vier-waarden.yml"
    params.write_text("".join(f"{k}: {v}\n" for k, v in VARIANT.items()))
    outs = [tmp / p.name for p in MAIN_BODY]
    kernels.execute(MAIN_BODY, outs, params, "vier-waarden", DATA)
    page = tmp / "v.html"
    editions.assemble(page, outs, audit=False, variant="vier-waarden", params_file=params, data_dir=DATA)
    return page.read_text(encoding="utf-8")


def test_a_variant_reads_as_dutch(variant_page):
    found = language.problems(variant_page)
    assert not found, "\n".join(map(str, found))


def test_a_variant_names_its_values_as_the_report_writes_them(variant_page):
    """The title page and the summary name each changed assumption by its Dutch description and write
    its value as the report writes that kind (euros with thousands separators, FTE as a number)."""
    text = language.main_body(variant_page)
    for key, value in VARIANT.items():
        assert fmt.setting(key, value) in text, (key, fmt.setting(key, value))
    assert "€ 1.500.000" in text and "€ 200.000" in text
