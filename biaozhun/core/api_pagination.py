"""The API's one pagination: page numbers with bounded inputs.

ninja's own classes accept any integer, and a huge page or offset overflows the database's
integer type (a 500 instead of a 422). This class is the project default
(``NINJA_PAGINATION_CLASS``), so every ``@paginate`` endpoint gets the same bounds.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("page_size", 50)
        kwargs.setdefault("max_page_size", MAX_PAGE_SIZE)
        super().__init__(**kwargs)
