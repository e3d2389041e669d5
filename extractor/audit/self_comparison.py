"""A period compared with itself: "the 12 months to September 2023 saw a 7% decrease compared to
the 12 months to September 2023". One of the two labels has slipped (usually the older period).

Only a comparison whose object is a period is read ("compared to/with", "than", "against",
"versus" followed directly by the period, which ends the phrase), so a comparison of two places in
one period ("91% in Kent compared to the national figure of 89%") or with a period's budget
("compared with the 2023/24 budget") is never taken for one.
"""

from __future__ import annotations

import re
from functools import cache

from extractor.audit.changes import MONTH
from extractor.audit.findings import sentences, text_finding
from extractor.schemas.document import Document, Finding
from extractor.schemas.labels import load
from extractor.schemas.table_figures import TableFigures

CHECK = "periods"
_YEAR = r"(?:19|20)\d{2}(?:\s*[/-]\s*\d{2,4})?"
PERIOD = (
    rf"(?:(?:12|twelve)\s+months?|year|quarter|month)\s+(?:to|ending)\s+{MONTH}\s+{_YEAR}"
    rf"|(?:quarter|q)\s*[1-4]\s*(?:of\s+)?{_YEAR}"
    rf"|{MONTH}\s+{_YEAR}"
    rf"|{_YEAR}"
)
_PERIOD = re.compile(rf"\b(?:{PERIOD})\b", re.IGNORECASE)
# the period must end the comparison, not qualify a noun ("compared with 2023/24 budget")
_ENDS = r"(?=\s*(?:[.,;:)]|$)|\s+(?:and|but|when|where|which|while|whereas|as|in|at|for|from)\b)"


@cache
def _against() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in load("audit")["text_checks"]["comparisons"])
    return re.compile(
        rf"(?<!\w)(?:{words})\s+(?:that\s+(?:of|for)\s+)?(?:the\s+)?({PERIOD}){_ENDS}", re.IGNORECASE
    )


def _norm(period: str) -> str:
    return " ".join(period.lower().replace("twelve", "12").replace("-", "/").split())


def check(doc: Document, grids: list[TableFigures]) -> list[Finding]:
    findings = []
    for p, sentence in sentences(doc):
        for m in _against().finditer(sentence):
            against = _norm(m.group(1))
            earlier = [_norm(x.group(0)) for x in _PERIOD.finditer(sentence[: m.start()])]
            if against in earlier:
                findings.append(
                    text_finding(
                        p.page,
                        p.bbox,
                        sentence,
                        f"'{m.group(1)}' is compared with itself: {sentence[:200]}",
                        reported=m.group(1),
                        expected=None,
                        check=CHECK,
                    )
                )
    return findings
