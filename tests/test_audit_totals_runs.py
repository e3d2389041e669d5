"""The totals check scores every run of rows above a total in one pass with running sums: the
same runs and comparisons as adding each run up again, on random tables built to sit on their
rounding bounds (figures that nearly add up, some printed to nine decimals)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.audit.totals import Comparison, Item, _best, _compare, _item
from extractor.schemas.table_figures import read_figures
from tests.test_audit import table


def _plain_best(grid, row, stack, cols, min_k, max_k=None):  # type: ignore[no-untyped-def]
    best: tuple[int, Comparison] | None = None
    for k in range(min_k, min(len(stack), max_k if max_k is not None else len(stack)) + 1):
        cmp = _compare(grid, row, stack[-k:], cols)
        if best is None or cmp.score >= best[1].score:
            best = (k, cmp)
    return best


_FIGURE = st.one_of(
    st.integers(-30, 300).map(lambda n: f"{n / 10:.1f}"),
    st.integers(0, 3000).map(lambda n: f"{n / 100:.2f}"),
    st.integers(0, 40).map(str),
    st.integers(0, 10**6).map(lambda n: f"{n / 1e9:.9f}"),  # where the float error of a sum shows
    st.just("0.0"),
    st.just(""),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_FIGURE, min_size=3, max_size=3), min_size=2, max_size=9),
    st.integers(1, 3),
    st.booleans(),
)
def test_one_pass_scores_agree_with_adding_each_run(rows: list[list[str]], min_k: int, exact: bool) -> None:
    # the total row: each column's sum of the rows above, nudged onto or past its rounding bound
    body = [[f"Line {i}", *r] for i, r in enumerate(rows)]
    sums = [sum(float(r[c]) for r in rows if r[c]) for c in range(3)]
    total = ["Total", f"{sums[0]:.1f}", f"{sums[1] + 0.05 * len(rows):.1f}", f"{sums[2] + 1e-9:.9f}"]
    grid = read_figures(table("t", ["Service", "A £m", "B £m", "C £m"], [*body, total]))
    grid.exact = exact
    cols = [c for c in range(1, 4) if c in grid.numeric_cols]
    stack: list[Item] = [_item(grid, r, cols) for r in range(len(rows))]
    row = len(rows)
    for max_k in (None, len(rows) - 1):
        expected = _plain_best(grid, row, stack, cols, min_k, max_k)
        assert _best(grid, row, stack, cols, min_k, max_k) == expected
