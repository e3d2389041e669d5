"""Tables: find them on each page (ruled or borderless), structure them, stitch them across pages."""

from extractor.parsers.tables.extract import extract_tables

__all__ = ["extract_tables"]
