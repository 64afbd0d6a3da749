"""Writes and checks of the checking app, one module per part.

``validity`` checks lists of numbers against the catalogue (read-only, shared by every other
part); ``checks`` keeps checks as they were run; ``documents`` finds and checks the references in
uploaded documents; ``watches`` keeps watchlists and sends alerts; ``texts`` keeps the ledger of
standard texts given to enterprises. Import from the module that holds what you need.
"""

from biaozhun.checking.services.validity import CheckReport, EntryResult, validity_check

__all__ = ["CheckReport", "EntryResult", "validity_check"]
