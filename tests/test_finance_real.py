"""Every financial record of a store built from real page slices: no measure that is a position
('column 3') or a reference column ('ROW REF'), no line item that is page furniture ('141 P a g e
1'), a period on each, and values in the column's own unit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from extractor.corpus.store import Store
from extractor.parsers.finance import is_furniture
from extractor.pipeline import extract
from extractor.schemas.labels import load
from tests.builtdocs import stored

REAL = Path(__file__).parent / "data" / "real"
SLICES = [
    "budget-amendments-p9.pdf",  # '141 P a g e 1' footers, a ROW REF column
    "budget-amendments-p11.pdf",
    "capital-investment-p11-12.pdf",  # ROW REF, Year 1..10 under financial years
    "alternative-budget-savings-p19.pdf",  # Row ref, directorate abbreviations, headline descriptions
    "treasury-half-year-p1-2.pdf",  # rates and dates beside the amounts
    "investment-fund-p1-p4.pdf",  # dated on its first page; a '(£m)' column in a £000s table, a 'Para' column
]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = tmp_path_factory.mktemp("finance-real") / "real.duckdb"
    stored(db, *(extract(REAL / name) for name in SLICES))
    with Store(db, read_only=True) as store:
        return store.query(
            "SELECT d.path, r.* FROM financial_records r JOIN documents d USING (sha256) "
            "ORDER BY d.path, r.seq"
        )


def test_no_position_reference_or_furniture_and_a_period_on_every_record(
    records: list[dict[str, Any]],
) -> None:
    references = [re.compile(p, re.IGNORECASE) for p in load("finance")["reference_columns"]]
    assert len({r["path"] for r in records}) >= 5 and len(records) > 100
    for r in records:
        measure = r["measure"] or ""
        assert not re.fullmatch(r"column \d+", measure), r
        assert not any(p.search(measure) for p in references), r
        assert not is_furniture(r["line_item"]) and not re.search(r"P\s?a\s?g\s?e", r["line_item"]), r
        assert r["period"] and r["period_source"], r
        assert r["value_gbp_m"] is not None, r


def test_values_are_in_the_columns_own_unit(records: list[dict[str, Any]]) -> None:
    headroom = [r for r in records if r["measure"] == "Running Headroom Balance"]
    assert headroom and {(r["text"], r["unit"], r["value_gbp_m"]) for r in headroom} >= {("6.6", "£m", 6.6)}
    treasury = [r for r in records if "treasury" in r["path"]]
    assert treasury and not any("%" in r["line_item"] for r in treasury)  # a rate is no line item


def test_directorates_come_from_the_rows_abbreviations(records: list[dict[str, Any]]) -> None:
    savings = [r for r in records if "alternative-budget" in r["path"]]
    assert savings and {r["directorate_canonical"] for r in savings} <= {
        "Adult Social Care & Health",
        "Children, Young People & Education",
        "Growth, Environment & Transport",
        "Deputy Chief Executive's Department",
        "Chief Executive's Department",
        "Non Attributable Costs",
        "Corporately Held Budgets",
        "Public Health",
        None,
    }
    assert all(r["period"] in {"2025-26", "2026-27", "2027-28"} for r in savings)
