"""docs/calibration.md: per-rule counts over accepted connectors, kept current, with reasons for frequent errors."""

import shutil
from pathlib import Path

from generator.lint.calibration import EXPLAIN_ABOVE, PAGE, REASONS, agreement, measure, render
from tests.conftest import needs_shared
from tests.lint.helpers import CLEAN, SHARED, make_icon

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION = SHARED / "corpus-calibration"
SAMPLE = SHARED / "corpus-sample"


def small_corpus(tmp_path):
    """Three connectors: a clean certified one, a certified one with a long title, an independent one."""
    for name in ("certified-connectors__Clean", "certified-connectors__Long", "independent-publisher-connectors__Ind"):
        shutil.copytree(CLEAN, tmp_path / name)
        if name.startswith("certified"):
            (tmp_path / name / "icon.png").write_bytes(make_icon())
    # Published by someone other than Contoso, the service's owner: no icon is submitted.
    properties = tmp_path / "independent-publisher-connectors__Ind" / "apiProperties.json"
    properties.write_text(properties.read_text("utf-8").replace('"publisher": "Contoso"', '"publisher": "Ada Lovelace"'))
    swagger = tmp_path / "certified-connectors__Long" / "apiDefinition.swagger.json"
    swagger.write_text(swagger.read_text("utf-8").replace('"Contoso SMS"', '"Contoso Short Message Service Gateway"'))
    return tmp_path


def test_counts_per_collection_and_rule(tmp_path):
    corpus = small_corpus(tmp_path)
    page = render(measure(corpus, jobs=1), agreement([corpus]))
    assert "| certified-connectors | 2 | 1 | 1 |" in page
    assert "| independent-publisher-connectors | 1 | 0 | 0 |" in page
    assert "| `title-length` | error | 1 | 33% | 1 |" in page
    # An error on a third of the connectors needs a reason; this one has none recorded.
    assert "### title-length\n\nNo reason recorded." in page
    assert "in 3 cases of 3" in page


@needs_shared
def test_committed_calibration_page_is_current():
    page = render(measure(CALIBRATION), agreement([CALIBRATION, SAMPLE]))
    assert (ROOT / PAGE).read_text("utf-8") == page, \
        "regenerate with: python -m generator.lint.calibration ../shared/corpus-calibration ../shared/corpus-sample"
    assert "No reason recorded." not in page
    assert "for another reason" not in page


def test_every_reason_names_a_rule():
    from generator.lint import all_rules

    assert set(REASONS) <= set(all_rules()) and 0 < EXPLAIN_ABOVE < 1
