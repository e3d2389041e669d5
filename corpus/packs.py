"""Documents attached to the agenda pack they belong to, by the pages they share with it.

A council publishes a report or an appendix twice: as a file of its own, and as pages inside the
agenda pack (or supplement) of its meeting. A document whose pages are found inside another stored
document that names its meeting (on its front sheet or its first page) takes that meeting and the
agenda item whose pages hold them, with source 'pack'. Pages are compared by shingles of their
opening words (`page_openings`), so a page number or an "Agenda Item 5" stamp the pack adds does
not hide the match.

It is resolved in the store after every ingest: whichever file arrives first, the link is made when
the other does, and every reader (filters, views, export, report) sees one meeting per document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import duckdb

SHINGLE = 4  # words per shingle
# a page is found in another when this share of its shingles is there too: a copy shares nearly all
# (a stamp the pack adds costs a few); two budget tables with the same row labels and base-year
# figures share up to 0.88 on real Kent appendices, so the bar is above that
MIN_SHARED = 0.9
# pages with fewer shingles than this (blank, a lone heading) are never compared
MIN_SHINGLES = 6
# a document is in a pack when this share of its comparable pages is found there
MIN_PAGES_FOUND = 0.5

# words and figures: figures tell apart two tables with the same row labels
_WORD = re.compile(r"[a-z]{2,}|\d[\d,.]*\d|\d")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return set(zip(*(words[i:] for i in range(SHINGLE)), strict=False))  # every run of SHINGLE words


@dataclass(frozen=True)
class PackLink:
    document: str  # sha256
    pack: str  # sha256 of the pack holding its pages
    pack_page: int  # where its first found page is in the pack
    body: str | None
    date: str | None
    agenda_item: str | None


def _pages(con: duckdb.DuckDBPyConnection) -> dict[str, dict[int, set[tuple[str, ...]]]]:
    pages: dict[str, dict[int, set[tuple[str, ...]]]] = defaultdict(dict)
    for sha, page, text in con.execute("SELECT sha256, page, text FROM page_openings").fetchall():
        found = shingles(text or "")
        if len(found) >= MIN_SHINGLES:
            pages[sha][page] = found
    return pages


def find_links(con: duckdb.DuckDBPyConnection) -> list[PackLink]:
    """Each document (not itself a front-sheet pack) whose pages a longer pack holds."""
    docs = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT sha256, pages, meeting_source, meeting_body, meeting_date FROM documents"
        ).fetchall()
    }
    packs = [sha for sha, (_, source, *_rest) in docs.items() if source in ("front_sheet", "first_page")]
    pages = _pages(con)
    # only a shingle some page of a document to link holds can count towards a match: the packs'
    # other shingles (most of them) stay out of the index
    wanted: set[tuple[str, ...]] = set()
    for sha, (_, source, *_rest) in docs.items():
        if source != "front_sheet":
            wanted.update(*pages.get(sha, {}).values())
    # shingle -> the pack pages holding it (each page once: its shingles are a set)
    index: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for pack in packs:
        for page, found in pages.get(pack, {}).items():
            where = (pack, page)
            for s in found & wanted:
                index[s].append(where)
    links: list[PackLink] = []
    for sha, (count, source, _, own_date) in docs.items():
        own = pages.get(sha, {})
        if source == "front_sheet" or not own:
            continue
        # pack -> {own page: first pack page holding it}
        held: dict[str, dict[int, int]] = defaultdict(dict)
        for page, found in sorted(own.items()):
            # no pack page can share more shingles than the packs hold between them
            if len(found & index.keys()) < MIN_SHARED * len(found):
                continue
            hits: dict[tuple[str, int], int] = defaultdict(int)
            for s in found:
                for where in index.get(s, ()):
                    hits[where] += 1
            for (pack, pack_page), k in sorted(hits.items()):
                if pack != sha and k >= MIN_SHARED * len(found) and docs[pack][0] > count:
                    held[pack].setdefault(page, pack_page)
        # a first page naming another meeting wins: minutes of the last meeting in the next one's pack
        agrees = source != "first_page" or own_date is None
        best = max(
            (
                p
                for p in held
                if len(held[p]) >= MIN_PAGES_FOUND * len(own) and (agrees or docs[p][3] == own_date)
            ),
            key=lambda p: (docs[p][1] == "front_sheet", len(held[p]), -min(held[p].values())),
            default=None,
        )
        if best is None:
            continue
        first = min(held[best].values())
        links.append(PackLink(sha, best, first, docs[best][2], docs[best][3], _item_at(con, best, first)))
    return links


def _item_at(con: duckdb.DuckDBPyConnection, pack: str, page: int) -> str | None:
    row = con.execute(
        "SELECT number FROM agenda_items WHERE sha256 = ? AND ? BETWEEN page_start AND page_end "
        "ORDER BY page_start DESC LIMIT 1",
        [pack, page],
    ).fetchone()
    return str(row[0]) if row else None


def link_packs(con: duckdb.DuckDBPyConnection) -> list[PackLink]:
    """Give every document found inside a stored pack that pack's meeting and agenda item."""
    links = find_links(con)
    # a link made before that no longer holds (a stricter match, a pack stored again) is undone;
    # the document's own reading comes back when it is ingested again
    linked = [link.document for link in links]
    con.execute(
        """UPDATE documents SET meeting_body = NULL, meeting_date = NULL, meeting_agenda_item = NULL,
               meeting_source = NULL, meeting_pack = NULL,
               meeting_note = 'meeting: its pages are no longer found in a stored pack (ingest it again)'
           WHERE meeting_source = 'pack' AND NOT list_contains(?, sha256)""",
        [linked],
    )
    for link in links:
        con.execute(
            """UPDATE documents SET meeting_body = ?, meeting_date = ?, meeting_agenda_item = ?,
                   meeting_source = 'pack', meeting_pack = ?, meeting_note = NULL
               WHERE sha256 = ?""",
            [link.body, link.date, link.agenda_item, link.pack, link.document],
        )
    return links
