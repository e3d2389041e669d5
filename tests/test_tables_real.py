"""Tables on slices of real council PDFs (pypdf, one page each, in tests/slices): layouts the
samples do not have."""

from __future__ import annotations

from pathlib import Path

from extractor.parsers.tables import extract_tables
from extractor.pipeline import read_pages
from extractor.schemas.document import Table

SLICES = Path(__file__).parent / "slices"


def test_white_boxes_behind_words_are_no_table() -> None:
    # a combined authority's report: justified paragraphs whose words each sit on a white filled
    # box (and one underlined phrase); nothing is drawn, so nothing on the page is a table
    pages = read_pages(SLICES / "white-word-fills.pdf")
    assert sum(len(w.text) for w in pages[0].words) > 1500  # the prose is read
    assert extract_tables(pages) == []


def _tables(name: str) -> list[Table]:
    return extract_tables(read_pages(SLICES / name))


def _row(table: Table, label: str) -> list[str]:
    return next(r for r in table.rows if label in r)


def test_single_spaced_sheet_is_one_row_per_line() -> None:
    # a parish council's accounts printed from a spreadsheet: no rules, lines about 1.1 line
    # heights apart, last year's figures right-aligned left of the labels, a note line across
    # the first gutter under the table
    tables = _tables("single-spaced-accounts.pdf")
    income = tables[0]
    assert income.header_rows[0][:5] == ["2015/6", "Details", "Receipt", "2016/17", "Income"]
    assert len(income.rows) == 29  # one row per printed line, not one per block
    assert _row(income, "Precept")[:5] == ["5700", "Precept", "5700", "", "5700.00"]
    assert _row(income, "Grass cutting (village)")[:6] == [
        "3165.00",
        "Grass cutting (village)",
        "2880.00",
        "",
        "2880.00",
        "3140.00",
    ]


def test_total_band_without_rules_keeps_its_figures_apart() -> None:
    # a budget template's total row is one dark band with no rules between its cells: the label
    # runs across the first columns, the figures stand in the figure columns (the rule comes
    # from this template; the parish accounts below have no bands, the shaded directorate sheet
    # has no rules)
    table = _tables("total-band-without-rules.pdf")[0]
    total = next(r for r in table.rows if r[0].startswith("TOTAL BASE BUDGET CHANGES"))
    assert total[0] == "TOTAL BASE BUDGET CHANGES"
    assert "10,320.7" in total and "4,000.0" in total


def test_plain_heading_row_and_blocks_under_one_caption() -> None:
    # a combined authority's programme: a plain heading row ('Position as at:') over a section
    # row, then further ruled blocks under the same '(£000s)' caption
    tables = _tables("blocks-under-one-caption.pdf")
    first = tables[0]
    assert first.header_rows == [["Position as at:", "Mar 2026", "Jun 2026"]]
    assert first.rows[0] == ["Feasibility Studies", "", ""]
    assert len(tables) >= 3
    assert [t.units for t in tables[:3]] == ["£000s"] * 3


def test_shaded_column_groups_are_no_row_bands() -> None:
    # a budget by directorate whose column groups are shaded top to bottom: each printed line of
    # figures is a row (the shade holds every line of a section)
    shaded = next(t for t in _tables("shaded-column-groups.pdf") if t.engine == "ruled")
    assert len(shaded.rows) >= 35
    assert all(sum(1 for c in r if c) >= 10 for r in shaded.rows[:3])
    assert not any("\n" in c or len(c.split()) > 3 for r in shaded.rows for c in r)


def test_a_figure_column_apart_under_one_label() -> None:
    # the same accounts: 'underspent/overspent' over two columns, the one overspend set in the
    # second; it stays in a column of its own, so the underspent column adds up to its total
    table = _tables("single-spaced-accounts.pdf")[0]
    assert _row(table, "Celebrations (s 145)")[-2:] == ["", "288.64"]
    assert [r for r in table.rows if "Totals" in r][-1][-2:] == ["2678.93", ""]


def test_numbered_and_justified_paragraphs_are_no_table() -> None:
    # a district council's report: numbered paragraphs (the number apart in a margin column),
    # bullets, and justified lines whose stretched word gaps line up by chance; no table on it
    pages = read_pages(SLICES / "numbered-paragraphs.pdf")
    assert sum(len(w.text) for w in pages[0].words) > 2000  # the paragraphs are read
    assert extract_tables(pages) == []


def test_table_over_a_page_under_a_running_footer_is_stitched() -> None:
    # a city council's committee report: a ruled milestones table ends page 1 above a running
    # footer line ("Template approved ...", printed on every page) and carries on at the top of
    # page 2 without its header row
    tables = _tables("table-over-page-running-footer.pdf")
    table = next(t for t in tables if t.header_rows and t.header_rows[0][0] == "Stage")
    assert table.pages == [1, 2]
    assert len(table.rows) == 5
    assert table.row_pages == [1, 1, 1, 2, 2]


def test_one_row_total_box_below_a_table_is_its_last_row() -> None:
    # a combined authority's programme summary: the grand total is a ruled box of one row set a
    # little below the table, on the table's column rules
    table = _tables("total-box-apart.pdf")[0]
    assert table.rows[-1] == ["Total Investment Programme up to March 2028", "454,900", "454,900"]
    assert table.rows[-2][0] == "Headroom to March 2028"


def test_total_boxes_under_one_of_several_blocks_stay_apart() -> None:
    # the same programme's next page: the last of several blocks carries on from the page before,
    # and the boxes under it ('Total of all Awards and Allocations', then 'Total') total every
    # block, so neither is joined to the block's rows (where the audit would compare them)
    tables = _tables("total-boxes-under-blocks.pdf")
    block = max(tables, key=lambda t: len(t.rows))
    assert len(block.rows) > 10
    assert not block.rows[-1][0].startswith("Total")
    assert any(t.rows[-1][0].startswith("Total of all Awards") for t in tables if t is not block)


def test_records_of_two_lines_are_one_table() -> None:
    # a polling-station register printed from a database: each record is two lines, the gap
    # between records twice the gap inside one; that rhythm does not end the table
    tables = _tables("two-line-records.pdf")
    assert len(tables) == 1
    firsts = [r[0] for r in tables[0].rows if r[0]]
    assert firsts == [f"RE{i}" for i in range(1, 18)]


def test_unused_columns_of_a_printed_sheet_grid_are_dropped() -> None:
    # a parish council's payments printed from a spreadsheet with its pale grid round every
    # cell, used or not: the table is date, payee and amount, not eight mostly empty columns
    table = _tables("sheet-grid-unused-columns.pdf")[0]
    assert table.rows[0] == ["04/04/2023", "OALC", "156.00"]
    assert len(table.rows) == 45
    assert all(len(r) == 3 for r in table.rows)


def test_sliver_left_by_a_short_shaded_cell_is_no_column() -> None:
    # a combined authority's programme: shaded rows whose fill stops a few points short of the
    # table's right edge; that sliver held an always-empty fourth column
    blocks = [t for t in _tables("short-shaded-cell.pdf") if t.rows]
    assert all(len(r) == 3 for t in blocks for r in t.rows)
    assert any(r[0] == "Milsom Quarter" and r[1:] == ["3,481", "3,481"] for t in blocks for r in t.rows)


def test_label_wrapped_over_lines_of_numbers_stays_one_row() -> None:
    # a county council's investment strategy: a property label wrapped over three lines that
    # list unit numbers ("Units, Ashford units 1, 2, 3, 14, 18,"), justified in its cell
    table = _tables("wrapped-label-with-numbers.pdf")[0]
    assert len(table.rows) == 4
    first = table.rows[0]
    assert first[0].startswith("Creative Enterprise Quarter Industrial Units")
    assert first[0].endswith("22, 23, 24") and first[1:] == ["2.474", "2.605"]


def test_units_row_spelt_with_an_apostrophe_ends_the_header() -> None:
    # a county council's capital projects (years 5-10): one units cell reads "£'000s" among
    # "£000s"; the bold section row under the units row is the first body row, as on page 1
    table = _tables("units-row-with-apostrophe.pdf")[0]
    assert len(table.header_rows) == 3
    assert table.rows[0][0].startswith("Shortfall on Council's Office")
