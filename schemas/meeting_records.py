"""Records of a meeting: the meeting itself, its agenda items and its minutes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from extractor.schemas.record import BBox, DocumentType, Record

MeetingSource = Literal["front_sheet", "pack", "first_page", "file_name"]


class Meeting(Record):
    body: str | None = None
    """the meeting body, e.g. Cabinet or County Council (schemas/vocab/meetings.json)"""
    date: str | None = Field(None, description="ISO date of the meeting")
    time: str | None = Field(None, description="HH:MM, 24-hour")
    venue: str | None = None
    """where the meeting is held"""
    agenda_item: str | None = None
    """the agenda item whose papers the document is, when known (from its pack)"""
    source: MeetingSource | None = None
    """where the meeting was read: the document's own front sheet (or the opening of its minutes),
    the agenda pack holding its pages (in a store), its first page ('To: Cabinet – 12 March 2025',
    'Date: ...'), or its file name"""


class AgendaItem(Record):
    number: str
    """the item number as printed"""
    title: str
    """the item title as printed"""
    printed_page_start: int | None = None
    """first page of the item's papers, as numbered in the pack"""
    printed_page_end: int | None = None
    """last page of the item's papers, as numbered in the pack"""
    page_start: int | None = None
    """first physical page of the item's papers"""
    page_end: int | None = None
    """last physical page of the item's papers"""
    document_type: DocumentType | None = None
    """what the item's papers are"""
    decision_number: str | None = Field(None, description="normalised YY/NNNNN")
    section: Literal["unrestricted", "exempt"] | None = None
    """whether the item is open to the public (unrestricted) or exempt"""


class Minute(Record):
    """One minute of a meeting: "21. 23/00101 - Kent Communities Programme (Item 9)" and what was resolved."""

    number: str
    """the minute number as printed"""
    title: str
    """the minute's title as printed"""
    agenda_item: str | None = Field(None, description="the agenda item the minute records, from '(Item 9)'")
    decision_number: str | None = Field(None, description="normalised YY/NNNNN")
    resolutions: list[str] = Field(default_factory=list, description="each 'RESOLVED that ...' as printed")
    page: int
    """physical page where the minute starts"""
    bbox: BBox
    """the minute's heading on its page"""


class MinutesRecord(Record):
    """The minutes of one meeting (a standalone minutes PDF, or a minutes item inside a pack)."""

    body: str | None = None
    """the body whose meeting is minuted"""
    date: str | None = None
    """ISO date of the meeting"""
    agenda_item: str | None = Field(None, description="the pack's agenda item holding these minutes")
    present: list[str] = Field(default_factory=list)
    """names of the members present"""
    in_attendance: list[str] = Field(default_factory=list)
    """names of others in attendance (officers, guests)"""
    apologies: list[str] = Field(default_factory=list, description="names apologies were received from")
    minutes: list[Minute] = Field(default_factory=list)
    """each minute in order"""
    page_start: int
    """first physical page of the minutes"""
    page_end: int
    """last physical page of the minutes"""
