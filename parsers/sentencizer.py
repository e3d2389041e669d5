"""spaCy's English sentencizer (`spacy.blank("en")` + the rule-based "sentencizer" pipe), imported
without spaCy's command line.

`import spacy` imports the package `spacy.cli` for one name, `spacy.info`, and with it typer, weasel,
httpx, jinja2 and requests: about 400 modules and a third of a CPU second that sentence splitting never
uses, paid in the ingest's fork server before the first document can start. So while spaCy is first
imported here, `spacy.cli` and `spacy.cli.info` are two small stand-ins (`spacy.info` calls the real
one when used); they are taken out of `sys.modules` straight after, so `import spacy.cli` anywhere
later loads the real command line. If spaCy ever needs more of its command line at import, the
stand-ins are dropped and spaCy is imported as usual.

spaCy computes every lexical attribute (lower case, shape, like_num, is_stop ... about 25 functions) for
each word the first time a process meets it, most of the tokenizer's cost in a worker process that is
new to the words. Sentence splitting reads two things of a word: its text, which is the lexeme's own
string, and `is_punct` (the sentencizer's rule); the tokenizer reads none. So only `is_punct` (and the
language, which spaCy asks the vocabulary for) is computed for new words; words spaCy already holds
(its tokenizer's exceptions) keep every attribute.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from typing import Any

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def english() -> Any:
    """A new blank English pipeline with the sentencizer."""
    spacy = _import_spacy()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    _compute_only_sentence_attrs(nlp.vocab)
    return nlp


def _compute_only_sentence_attrs(vocab: Any) -> None:
    from spacy.attrs import IS_PUNCT, LANG

    getters = vocab.lex_attr_getters
    vocab.lex_attr_getters = {attr: getters[attr] for attr in (IS_PUNCT, LANG)}


def _import_spacy() -> types.ModuleType:
    if "spacy" in sys.modules or any(name in sys.modules for name in _STAND_INS):
        return importlib.import_module("spacy")
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return importlib.import_module("spacy")  # not installed: the usual ImportError
    before = set(sys.modules)
    sys.modules.update(_stand_ins(os.path.join(os.path.dirname(spec.origin), "cli")))
    try:
        return importlib.import_module("spacy")
    except (ImportError, AttributeError):
        # spaCy wanted more of its command line than the stand-ins give: forget the half-imported
        # package and import it whole
        for name in set(sys.modules) - before:
            if name == "spacy" or name.startswith("spacy."):
                del sys.modules[name]
    finally:
        for name in _STAND_INS:
            sys.modules.pop(name, None)
    return importlib.import_module("spacy")


def _stand_ins(cli_folder: str) -> dict[str, types.ModuleType]:
    cli = types.ModuleType("spacy.cli", "stand-in while spaCy imports (extractor.parsers.sentencizer)")
    cli.__path__ = [cli_folder]  # a submodule imported meanwhile still comes from spaCy's folder
    info = types.ModuleType("spacy.cli.info", cli.__doc__)

    def real_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = real_info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info}
