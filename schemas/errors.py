"""The one base class of the errors extractor raises on purpose, with the exit code the command line
gives each (docs/cli.md lists them). Anything else escaping is a bug."""

from __future__ import annotations


class ExtractorError(Exception):
    """A problem extractor recognises and can explain in one line (not a bug)."""

    exit_code = 1
