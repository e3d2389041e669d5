"""spaCy's sentencizer imported without spaCy's command line (each case in a fresh interpreter: an
import happens once a process) and computing only the word attributes sentence splitting reads,
splitting exactly as spaCy's stock pipeline does."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.parsers import sentencizer

ROOT = Path(__file__).resolve().parents[1]

TEXT = (
    "Costs rose by 12 per cent, e.g. fuel and energy at £1.5m. (See No. 4 below.) Staff numbers "
    "fell to 312 in Q2... Agency spend is £0.4m lower than planned (i.e. within target). Done!"
)
REPORT = f"""
import json, sys
nlp = sentencizer.english()
light = [m for m in ("spacy.cli", "weasel", "typer", "httpx") if m in sys.modules]
import spacy.cli.info
json.dump({{"sentences": [s.text for s in nlp({TEXT!r}).sents], "loaded": light,
           "info_is_spacys": sys.modules["spacy.cli.info"].info.__module__ == "spacy.cli.info"}}, sys.stdout)
"""


def _run(setup: str) -> dict[str, object]:
    code = "from extractor.parsers import sentencizer\n" + setup + REPORT
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return dict(json.loads(run.stdout))


def test_spacy_is_imported_without_its_command_line_and_splits_as_usual() -> None:
    light = _run("")
    assert light["loaded"] == []
    assert light["info_is_spacys"]  # the real command line is there for whoever imports it later
    usual = _run("import spacy\n")
    assert usual["loaded"] != []  # spaCy's own import brings its command line
    assert light["sentences"] == usual["sentences"]
    assert len(light["sentences"]) == 4


def test_spacy_that_needs_more_of_its_command_line_is_imported_whole() -> None:
    # stand-ins lacking what spaCy imports from them: the fallback imports spaCy as usual
    stripped = "sentencizer._stand_ins = lambda folder: {'spacy.cli.info': type(sys)('spacy.cli.info')}\n"
    fallback = _run("import sys\n" + stripped)
    assert fallback["loaded"] != []
    assert fallback["info_is_spacys"]
    assert len(list(fallback["sentences"])) == 4  # type: ignore[call-overload]


# The pieces generated text is made of: words, numbers and figures, abbreviations, every kind of
# sentence end, brackets and quotes after one (punctuation that is no sentence end but is skipped
# after one: where `is_punct` decides), addresses, and the blanks between them.
PIECES = (
    "Costs rose the Council e.g. i.e. No. U.K. etc. Mr. £1.5m 12% 3. (a) 2023-24 1,250 www.kent.gov.uk "
    "info@kent.gov.uk don't Q2... up-to-date . ! ? ... … ; : , - – — ( ) [ ] \" “ ” ' ’ । 。 !? .) .” ?' "
    "* • % £ Done. End! Why?"
).split()
BLANKS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", ""]


def _stock() -> Any:
    import spacy

    stock = spacy.blank("en")
    stock.add_pipe("sentencizer")
    return stock


def _splits(pipeline: Any, text: str) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    doc = pipeline(text)
    return [(t.idx, t.text) for t in doc], [(s.start_char, s.end_char) for s in doc.sents]


@functools.cache
def _pipelines() -> tuple[Any, Any]:
    return sentencizer.english(), _stock()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(BLANKS)), max_size=40))
def test_sentences_and_tokens_are_those_of_spacys_stock_pipeline(pieces: list[tuple[str, str]]) -> None:
    ours, stock = _pipelines()
    text = "".join(piece + blank for piece, blank in pieces)
    assert _splits(ours, text) == _splits(stock, text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_characters_split_as_in_spacys_stock_pipeline(text: str) -> None:
    ours, stock = _pipelines()
    assert _splits(ours, text) == _splits(stock, text)


def test_real_pages_split_as_in_spacys_stock_pipeline() -> None:
    ours, stock = _pipelines()
    # one style of each sample pack: the styles set the same text
    sources = [("tests/data/real", "*.pdf"), ("tests/slices", "*.pdf"), ("corpus/samples", "*_A.pdf")]
    pdfs = [pdf for folder, pattern in sources for pdf in sorted((ROOT / folder).glob(pattern))]
    sentences = 0
    for path in pdfs:
        document = pdfium.PdfDocument(path)
        for page in document:
            text = page.get_textpage().get_text_range()
            splits = _splits(ours, text)
            assert splits == _splits(stock, text), (path.name, page)
            sentences += len(splits[1])
        document.close()
    assert sentences > 2000


def test_new_words_get_only_the_attributes_sentence_splitting_reads() -> None:
    from spacy.attrs import IS_PUNCT, LOWER

    ours, _ = _pipelines()
    word = ours.vocab["Unheardofword"]
    assert word.check_flag(IS_PUNCT) is False and ours.vocab[")"].is_punct
    assert word.lower == 0  # not computed for a new word
    assert ours.vocab.lang == "en"
    assert len(ours.vocab.lex_attr_getters) == 2 and LOWER not in ours.vocab.lex_attr_getters
