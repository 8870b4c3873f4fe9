"""Every Microsoft validator code is either reported by a rule or explained as not applicable."""

import csv

import pytest

from generator.lint import all_rules
from generator.lint.ms_codes import CODES, NOT_APPLICABLE, rule_for
from tests.lint.helpers import SHARED

TSV = SHARED / "reference" / "ms-swagger-validator-rules.tsv"


def test_each_mapped_rule_exists_and_declares_the_code():
    rules = all_rules()
    for code, target in CODES.items():
        if target.startswith(NOT_APPLICABLE):
            assert len(target) > len(NOT_APPLICABLE) + 20, f"{code} needs a reason"
        else:
            assert code in rules[target].ms_codes, f"{target} does not declare {code}"


def test_every_code_a_rule_declares_is_in_the_table():
    for rule in all_rules().values():
        for code in rule.ms_codes:
            assert rule_for(code) is not None, f"{rule.id} declares {code}, which the table lacks"


@pytest.mark.skipif(not TSV.is_file(), reason="shared reference material is not present")
def test_the_table_covers_every_code_microsoft_documents():
    with TSV.open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    codes = {row["code"] for row in csv.DictReader(rows, delimiter="\t")}
    assert len(codes) == 174
    assert sorted(codes - set(CODES)) == []
    assert sorted(set(CODES) - codes) == []
