"""Tables set by alignment alone (no rules, no fills), on pages the tests build: what is a table,
where one ends and the next begins, and what is prose or a list beside them."""

from __future__ import annotations

from pathlib import Path

from extractor.parsers.tables import extract_tables
from extractor.pipeline import read_pages
from extractor.schemas.document import Table
from tests.pdfgen import Text, write_placed

LABEL_X = 56.0
FIGURE_RIGHTS = (260.0, 330.0, 400.0, 470.0)  # right edges of four right-aligned figure columns
ROW = 13.6  # points from row to row: wider than the 9.6 of a label's wrapped lines


def _table(
    top: float, header: list[str], rows: list[list[str]], rights: tuple[float, ...] = FIGURE_RIGHTS
) -> list[Text]:
    out = [Text(LABEL_X, top, header[0], bold=True)]
    out += [Text(x, top, h, bold=True, right=True) for x, h in zip(rights, header[1:], strict=True)]
    y = top + ROW
    for row in rows:
        label = row[0].split("\n")
        out.append(Text(LABEL_X, y, label[0]))
        out += [Text(x, y, v, right=True) for x, v in zip(rights, row[1:], strict=True) if v]
        for extra in label[1:]:  # a wrapped label: its next line sits closer than the next row
            y += 9.6
            out.append(Text(LABEL_X, y, extra))
        y += ROW
    return out


def _prose(top: float, lines: list[str], size: float = 9.5) -> list[Text]:
    return [Text(LABEL_X, top + i * size * 1.3, line, size=size) for i, line in enumerate(lines)]


def _extract(tmp_path: Path, page: list[Text]) -> list[Table]:
    return extract_tables(read_pages(write_placed(tmp_path / "page.pdf", [page])))


def test_a_whitespace_table_with_wrapped_labels(tmp_path: Path) -> None:
    page = _prose(40, ["Spending by service, as reported to the committee in the second quarter."])
    page += _table(
        70,
        ["Service", "Budget", "Spent", "Left", "Share"],
        [
            ["Highways", "1,200", "900", "300", "25%"],
            ["Libraries, Registration and\nArchives", "640", "600", "40", "6%"],
            ["Waste", "2,310", "2,000", "310", "13%"],
            ["Total", "4,150", "3,500", "650", "16%"],
        ],
    )
    page += _prose(160, ["The figures above are provisional and will be confirmed at year end."])
    tables = _extract(tmp_path, page)
    assert len(tables) == 1
    t = tables[0]
    assert t.header_rows == [["Service", "Budget", "Spent", "Left", "Share"]]
    assert t.rows[1] == ["Libraries, Registration and Archives", "640", "600", "40", "6%"]
    assert t.rows[-1] == ["Total", "4,150", "3,500", "650", "16%"]
    assert len(t.rows) == 4  # the sentences above and below are not rows


def test_stacked_tables_under_captions_stay_apart(tmp_path: Path) -> None:
    """Two tables one under the other, each with its own caption in the body text size and columns
    on different edges: two tables, not one."""
    page = _prose(40, ["Age profile"])
    page += _table(
        58,
        ["Age", "Q1", "Q2", "Q3", "Q4"],
        [["0 to 4", "186", "194", "182", "167"], ["5 to 9", "251", "240", "239", "235"]],
    )
    page += _prose(105, ["Gender"])
    page += _table(
        123,
        ["", "Q1", "Q2", "Q3", "Q4"],
        [["Male", "1,112", "1,114", "1,019", "974"], ["Female", "642", "631", "636", "631"]],
        rights=(230.0, 310.0, 380.0, 470.0),
    )
    tables = _extract(tmp_path, page)
    assert [t.rows for t in tables] == [
        [["0 to 4", "186", "194", "182", "167"], ["5 to 9", "251", "240", "239", "235"]],
        [["Male", "1,112", "1,114", "1,019", "974"], ["Female", "642", "631", "636", "631"]],
    ]
    assert tables[1].header_rows == [["", "Q1", "Q2", "Q3", "Q4"]]


def test_lists_and_prose_are_not_tables(tmp_path: Path) -> None:
    page = [Text(LABEL_X, 40 + i * 12, "\u2013", size=9.5) for i in range(3)]
    page += [
        Text(LABEL_X + 14, 40 + i * 12, text, size=9.5)
        for i, text in enumerate(["agree the recommendation", "note the report", "comment on the proposals"])
    ]
    # two columns of running text side by side
    left = ["The council agreed its budget in February after a long consultation with residents and"] * 6
    right = ["partners across the county, who were asked which services mattered most to them and"] * 6
    page += [Text(LABEL_X, 120 + i * 12, s[:48], size=9.5) for i, s in enumerate(left)]
    page += [Text(310, 120 + i * 12, s[:48], size=9.5) for i, s in enumerate(right)]
    assert _extract(tmp_path, page) == []


def test_single_spaced_rows_and_a_line_across_a_gutter(tmp_path: Path) -> None:
    # a spreadsheet printed without row padding (lines 1.1 text heights apart) and a last line
    # whose long label runs across the gutter before the first figure column: one row per line,
    # and the columns the other rows keep apart stay apart
    rows = [
        ["Highways", "1,200", "900", "300", "25%"],
        ["Libraries", "640", "600", "40", "6%"],
        ["Waste", "2,310", "2,000", "310", "13%"],
        ["Parks", "410", "400", "10", "2%"],
        ["Total", "4,560", "3,900", "660", "14%"],
    ]
    page = _table(
        70, ["Service", "Budget", "Spent", "Left", "Share"], rows, rights=(300.0, 370.0, 440.0, 510.0)
    )
    single = [t for t in page if t.y == 70] + [
        Text(t.x, 70 + (t.y - 70) / ROW * 9.0, t.text, right=t.right) for t in page if t.y > 70
    ]
    single.append(
        Text(LABEL_X, 70 + 6 * 9.0, "Balances brought forward from the previous year and earmarked")
    )
    single.append(Text(510.0, 70 + 6 * 9.0, "120", right=True))
    tables = _extract(tmp_path, single)
    assert len(tables) == 1
    assert tables[0].rows[:5] == rows
