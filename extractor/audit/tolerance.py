"""The rounding rule every check uses (docs/audit.md, DOMAIN.md section 6).

A printed figure stands for an interval: printed to d decimals it is x ± 0.5·10⁻ᵈ. Sums and
differences widen the interval by the half-unit of every term involved, including the printed
result itself. Then:

- the recomputed value falls inside the widened interval  -> consistent, no finding;
- it misses by at most one unit of the result's last digit -> ``warning`` (edge of rounding);
- it misses by more                                         -> ``error``.

Exact quantities (integer counts with no rounding note, a figure compared with itself printed at
the same precision) get no interval at all: any difference is an ``error``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from extractor.schemas.document import Severity
from extractor.schemas.numbers import Number

EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Verdict:
    severity: Severity | None  # None: consistent
    difference: float  # reported - expected
    bound: float  # the rounding allowance that was applied


def rounding_bound(terms: Iterable[Number], result: Number) -> float:
    """n × half a unit over the non-zero terms and the result. A printed zero in a council table
    stands for "nothing here", exactly as a blank does, so it adds no rounding."""
    return sum(t.half_unit for t in terms if t.value != 0) + result.half_unit


def judge(reported: Number, expected: float, terms: Iterable[Number], *, exact: bool = False) -> Verdict:
    """Compare a printed result with the value its terms imply."""
    difference = round(reported.value - expected, 9)
    if exact:
        return Verdict("error" if abs(difference) > EPS else None, difference, 0.0)
    bound = rounding_bound(terms, reported)
    gap = abs(difference) - bound
    if gap <= EPS:
        return Verdict(None, difference, bound)
    one_unit = 2 * reported.half_unit
    return Verdict("warning" if gap <= one_unit + EPS else "error", difference, bound)


def same_figure(a: Number, b: Number) -> Verdict:
    """The same quantity printed twice. Same precision: must be identical; one unit of the last digit
    apart is a warning (two tables rounded from different unrounded workings), more is an error.
    Different precision (e.g. £k restated in £m): must agree within the coarser rounding."""
    da, db = a.value_gbp_m if a.value_gbp_m is not None else a.value, b.value_gbp_m
    db = db if db is not None else b.value
    difference = round(da - db, 9)
    if a.decimals == b.decimals and a.unit == b.unit:
        if abs(difference) <= EPS:
            return Verdict(None, difference, 0.0)
        one_unit = 2 * _half_unit_m(a)
        return Verdict("warning" if abs(difference) <= one_unit + EPS else "error", difference, 0.0)
    coarse = max(_half_unit_m(a), _half_unit_m(b))
    gap = abs(difference) - coarse
    if gap <= EPS:
        return Verdict(None, difference, coarse)
    return Verdict("warning" if gap <= 2 * coarse + EPS else "error", difference, coarse)


def _half_unit_m(n: Number) -> float:
    """Half a unit of the last printed digit, in £m for money."""
    if n.value_gbp_m is None or n.value == 0:
        return n.half_unit
    return n.half_unit * abs(n.value_gbp_m / n.value)
