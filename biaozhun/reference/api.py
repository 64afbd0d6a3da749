"""Public JSON API of the code lists, mounted at /api/reference/.

Every list has a search endpoint (``q`` plus the list's filters, paged) and a detail endpoint by
code that answers 404 for an unknown code. Inputs are bounded in the schema (lengths, patterns,
page numbers) so that odd input gets a 422 or an empty page, never a server error.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import register_converter
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from biaozhun.reference import selectors
from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    HSCode,
    ICSCode,
    IndustryStandardCode,
)

router = Router()


class AnyCodeConverter:
    """Any non-empty path segment(s), newlines included, so every code reaches the view and gets JSON.

    CCS group codes contain a slash (K20/29), and Django's own ``path`` converter stops at a newline:
    an odd code would otherwise fall through to the HTML 404 page instead of the API's JSON 404.
    """

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyCodeConverter, "anycode")


class Message(Schema):
    detail: str


class ValidationErrorOut(Schema):
    """ninja's answer to a query parameter out of bounds (status 422)."""

    detail: list[dict[str, Any]]


class CodeRef(Schema):
    """A code and its name, for parent chains and children."""

    code: str
    label: str
    url: str = Field(description="The code's public page.")


Query_q = Field(
    "",
    max_length=selectors.MAX_QUERY_LENGTH,
    description="A code prefix or part of a name (Chinese or English).",
)


class ParentCodeMixin(Schema):
    """Fills ``parent_code`` for the rows of hierarchical lists (each schema places the field itself)."""

    @staticmethod
    def resolve_parent_code(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


class TreeMixin(Schema):
    """Parent chain (root first) and direct children, for the detail endpoints of hierarchical lists."""

    ancestors: list[CodeRef]
    children: list[CodeRef]

    @staticmethod
    def resolve_ancestors(obj: Any) -> list[selectors.CodeLink]:
        return selectors.ancestors(obj)

    @staticmethod
    def resolve_children(obj: Any) -> list[selectors.CodeLink]:
        return selectors.children(obj)


def add_endpoints(
    *,
    name: str,
    path: str,
    model: type[Model],
    search: Callable[..., QuerySet[Any]],
    params: type[Schema],
    out: type[Schema],
    detail_out: type[Schema],
    list_summary: str,
    detail_summary: str,
) -> None:
    """Register a list's search endpoint (``/<path>``) and its detail endpoint (``/<path>/<code>``).

    The two endpoints work the same way for every list; what differs is passed in: the query
    parameters (``params``), the row schemas and the texts. The functions are named ``<name>_list``
    and ``<name>_detail`` because ninja derives the OpenAPI operation ids from those names.
    """
    in_tree = hasattr(model, "parent")

    def list_endpoint(request: HttpRequest, filters: Query[params]) -> Any:  # type: ignore[valid-type]
        qs = search(**filters.dict())  # type: ignore[attr-defined]
        # Every row carries its parent's code: fetch the parents in the same query.
        return qs.select_related("parent") if in_tree else qs

    def detail_endpoint(request: HttpRequest, code: str) -> Any:
        cleaned = selectors.clean_code(code)
        obj = model._default_manager.filter(code=cleaned).first() if cleaned else None
        if obj is None:
            raise HttpError(404, "Unknown code.")
        return obj

    list_endpoint.__name__ = list_endpoint.__qualname__ = f"{name}_list"
    detail_endpoint.__name__ = detail_endpoint.__qualname__ = f"{name}_detail"
    router.get(
        f"/{path}",
        response={200: list[out], 422: ValidationErrorOut},  # type: ignore[valid-type]
        url_name=f"reference_{name}_list",
        summary=list_summary,
    )(paginate(list_endpoint))
    router.get(
        f"/{path}/{{anycode:code}}",
        response={200: detail_out, 404: Message},
        url_name=f"reference_{name}_detail",
        summary=detail_summary,
    )(detail_endpoint)


# --- CCS -----------------------------------------------------------------------------------------


class CCSFilters(Schema):
    q: str = Query_q
    ccs_class: str = Field("", pattern=r"^[A-Za-z]?$", description="Level-1 class letter, e.g. K.")
    level: int | None = Field(None, ge=1, le=3, description="1 class, 2 group, 3 category.")


class CCSOut(ParentCodeMixin):
    code: str
    level: int
    name_zh: str
    notes: str
    parent_code: str | None


class CCSDetailOut(CCSOut, TreeMixin):
    pass


add_endpoints(
    name="ccs",
    path="ccs",
    model=CCSCode,
    search=selectors.ccs_search,
    params=CCSFilters,
    out=CCSOut,
    detail_out=CCSDetailOut,
    list_summary="Search CCS codes",
    detail_summary="One CCS code with its parents and children",
)


# --- ICS -----------------------------------------------------------------------------------------


class ICSFilters(Schema):
    q: str = Query_q
    field: str = Field("", pattern=r"^([0-9]{2})?$", description="Two-digit field, e.g. 29.")
    level: int | None = Field(None, ge=1, le=3, description="1 field, 2 group, 3 sub-group.")


class ICSOut(ParentCodeMixin):
    code: str
    level: int
    field_code: str
    title_en: str
    full_title_en: str
    title_zh: str | None
    notes: list[str]
    parent_code: str | None

    @staticmethod
    def resolve_notes(obj: ICSCode) -> list[str]:
        return [f"{part['before']}{part['code']}{part['after']}" for part in obj.note_parts]


class ICSDetailOut(ICSOut, TreeMixin):
    pass


add_endpoints(
    name="ics",
    path="ics",
    model=ICSCode,
    search=selectors.ics_search,
    params=ICSFilters,
    out=ICSOut,
    detail_out=ICSDetailOut,
    list_summary="Search ICS codes",
    detail_summary="One ICS code with its parents and children",
)


# --- HS ------------------------------------------------------------------------------------------


class HSFilters(Schema):
    q: str = Query_q
    level: int | None = Field(None, ge=2, le=6, description="2 chapter, 4 heading, 6 subheading.")
    chapter: str = Field("", pattern=r"^([0-9]{2})?$", description="Two-digit chapter, e.g. 85.")
    section: str = Field("", pattern=r"^[IVXivx]{0,5}$", description="Section in Roman numerals, e.g. XVI.")


class HSOut(ParentCodeMixin):
    code: str
    level: int
    description_en: str
    chapter: str
    parent_code: str | None
    section: str | None

    @staticmethod
    def resolve_section(obj: HSCode) -> str | None:
        return obj.section.numeral if obj.section is not None else None


class HSDetailOut(HSOut, TreeMixin):
    pass


add_endpoints(
    name="hs",
    path="hs",
    model=HSCode,
    search=selectors.hs_search,
    params=HSFilters,
    out=HSOut,
    detail_out=HSDetailOut,
    list_summary="Search HS 2022 codes",
    detail_summary="One HS code with its parents and children",
)


# --- industry standard codes ---------------------------------------------------------------------


class IndustryCodeFilters(Schema):
    q: str = Query_q
    needs_verification: bool | None = Field(
        None, description="Only codes still to verify (true) or confirmed."
    )


class IndustryCodeOut(Schema):
    code: str
    name_zh: str
    name_en: str
    administering_body_pre2018: str = Field(
        description="Body named by the source, mostly before the 2018 reorganisation: history, not current."
    )
    source: str
    confidence: str
    needs_verification: bool


add_endpoints(
    name="industry_code",
    path="industry-codes",
    model=IndustryStandardCode,
    search=selectors.industry_code_search,
    params=IndustryCodeFilters,
    out=IndustryCodeOut,
    detail_out=IndustryCodeOut,
    list_summary="Search industry standard codes",
    detail_summary="One industry standard code",
)


# --- divisions -----------------------------------------------------------------------------------


class DivisionFilters(Schema):
    q: str = Query_q
    province: str = Field(
        "", pattern=r"^([0-9]{2}|[0-9]{6})?$", description="Province code, e.g. 44 or 440000."
    )
    level: int | None = Field(None, ge=1, le=2, description="1 province, 2 prefecture.")


class DivisionOut(ParentCodeMixin):
    code: str
    name_zh: str
    level: int
    parent_code: str | None
    local_standard_code: str


class DivisionDetailOut(DivisionOut, TreeMixin):
    pass


add_endpoints(
    name="division",
    path="divisions",
    model=AdministrativeDivision,
    search=selectors.division_search,
    params=DivisionFilters,
    out=DivisionOut,
    detail_out=DivisionDetailOut,
    list_summary="Search GB/T 2260 provinces and prefectures",
    detail_summary="One division with its province and prefectures",
)
