"""spaCy's sentencizer imported without spaCy's command line, splitting exactly as spaCy imported the
usual way does (each case in a fresh interpreter: an import happens once a process)."""

from __future__ import annotations

import json
import subprocess
import sys

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
