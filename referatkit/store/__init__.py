"""A municipality's minutes as one collection in a database (issue 27): under construction."""

from ._records import CaseHistory, Discrepancy, SearchHit, StoredMeeting, Treatment

__all__ = ["CaseHistory", "Discrepancy", "SearchHit", "StoredMeeting", "Treatment"]
