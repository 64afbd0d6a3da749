"""Public JSON API of the code lists, mounted at /api/reference/.

Every list has a search endpoint (``q`` plus the list's filters, paged) and a detail endpoint by
code that answers 404 for an unknown code. Inputs are bounded in the schema (lengths, patterns,
page numbers) so that odd input gets a 422 or an empty page, never a server error.
"""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.urls import register_converter
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from biaozhun.reference import selectors
from biaozhun.reference.models import AdministrativeDivision, CCSCode, HSCode, ICSCode, IndustryStandardCode

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


def _parent_code(obj: Any) -> str | None:
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


def _get(model: type[Model], code: str) -> Any:
    cleaned = selectors.clean_code(code)
    obj = model._default_manager.filter(code=cleaned).first() if cleaned else None
    if obj is None:
        raise HttpError(404, "Unknown code.")
    return obj


# --- CCS -----------------------------------------------------------------------------------------


class CCSFilters(Schema):
    q: str = Query_q
    ccs_class: str = Field("", pattern=r"^[A-Za-z]?$", description="Level-1 class letter, e.g. K.")
    level: int | None = Field(None, ge=1, le=3, description="1 class, 2 group, 3 category.")


class CCSOut(Schema):
    code: str
    level: int
    name_zh: str
    notes: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: CCSCode) -> str | None:
        return _parent_code(obj)


class CCSDetailOut(CCSOut, TreeMixin):
    pass


@router.get(
    "/ccs",
    response={200: list[CCSOut], 422: ValidationErrorOut},
    url_name="reference_ccs_list",
    summary="Search CCS codes",
)
@paginate
def ccs_list(request: HttpRequest, filters: Query[CCSFilters]) -> Any:
    return selectors.ccs_search(**filters.dict())


@router.get(
    "/ccs/{anycode:code}",
    response={200: CCSDetailOut, 404: Message},
    url_name="reference_ccs_detail",
    summary="One CCS code with its parents and children",
)
def ccs_detail(request: HttpRequest, code: str) -> Any:
    return _get(CCSCode, code)


# --- ICS -----------------------------------------------------------------------------------------


class ICSFilters(Schema):
    q: str = Query_q
    field: str = Field("", pattern=r"^([0-9]{2})?$", description="Two-digit field, e.g. 29.")
    level: int | None = Field(None, ge=1, le=3, description="1 field, 2 group, 3 sub-group.")


class ICSOut(Schema):
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

    @staticmethod
    def resolve_parent_code(obj: ICSCode) -> str | None:
        return _parent_code(obj)


class ICSDetailOut(ICSOut, TreeMixin):
    pass


@router.get(
    "/ics",
    response={200: list[ICSOut], 422: ValidationErrorOut},
    url_name="reference_ics_list",
    summary="Search ICS codes",
)
@paginate
def ics_list(request: HttpRequest, filters: Query[ICSFilters]) -> Any:
    return selectors.ics_search(**filters.dict()).select_related("parent")


@router.get(
    "/ics/{anycode:code}",
    response={200: ICSDetailOut, 404: Message},
    url_name="reference_ics_detail",
    summary="One ICS code with its parents and children",
)
def ics_detail(request: HttpRequest, code: str) -> Any:
    return _get(ICSCode, code)


# --- HS ------------------------------------------------------------------------------------------


class HSFilters(Schema):
    q: str = Query_q
    level: int | None = Field(None, ge=2, le=6, description="2 chapter, 4 heading, 6 subheading.")
    chapter: str = Field("", pattern=r"^([0-9]{2})?$", description="Two-digit chapter, e.g. 85.")
    section: str = Field("", pattern=r"^[IVXivx]{0,5}$", description="Section in Roman numerals, e.g. XVI.")


class HSOut(Schema):
    code: str
    level: int
    description_en: str
    chapter: str
    parent_code: str | None
    section: str | None

    @staticmethod
    def resolve_parent_code(obj: HSCode) -> str | None:
        return _parent_code(obj)

    @staticmethod
    def resolve_section(obj: HSCode) -> str | None:
        return obj.section.numeral if obj.section is not None else None


class HSDetailOut(HSOut, TreeMixin):
    pass


@router.get(
    "/hs",
    response={200: list[HSOut], 422: ValidationErrorOut},
    url_name="reference_hs_list",
    summary="Search HS 2022 codes",
)
@paginate
def hs_list(request: HttpRequest, filters: Query[HSFilters]) -> Any:
    return selectors.hs_search(**filters.dict()).select_related("parent")


@router.get(
    "/hs/{anycode:code}",
    response={200: HSDetailOut, 404: Message},
    url_name="reference_hs_detail",
    summary="One HS code with its parents and children",
)
def hs_detail(request: HttpRequest, code: str) -> Any:
    return _get(HSCode, code)


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


@router.get(
    "/industry-codes",
    response={200: list[IndustryCodeOut], 422: ValidationErrorOut},
    url_name="reference_industry_code_list",
    summary="Search industry standard codes",
)
@paginate
def industry_code_list(request: HttpRequest, filters: Query[IndustryCodeFilters]) -> Any:
    return selectors.industry_code_search(**filters.dict())


@router.get(
    "/industry-codes/{anycode:code}",
    response={200: IndustryCodeOut, 404: Message},
    url_name="reference_industry_code_detail",
    summary="One industry standard code",
)
def industry_code_detail(request: HttpRequest, code: str) -> Any:
    return _get(IndustryStandardCode, code)


# --- divisions -----------------------------------------------------------------------------------


class DivisionFilters(Schema):
    q: str = Query_q
    province: str = Field(
        "", pattern=r"^([0-9]{2}|[0-9]{6})?$", description="Province code, e.g. 44 or 440000."
    )
    level: int | None = Field(None, ge=1, le=2, description="1 province, 2 prefecture.")


class DivisionOut(Schema):
    code: str
    name_zh: str
    level: int
    parent_code: str | None
    local_standard_code: str

    @staticmethod
    def resolve_parent_code(obj: AdministrativeDivision) -> str | None:
        return _parent_code(obj)


class DivisionDetailOut(DivisionOut, TreeMixin):
    pass


@router.get(
    "/divisions",
    response={200: list[DivisionOut], 422: ValidationErrorOut},
    url_name="reference_division_list",
    summary="Search GB/T 2260 provinces and prefectures",
)
@paginate
def division_list(request: HttpRequest, filters: Query[DivisionFilters]) -> Any:
    return selectors.division_search(**filters.dict())


@router.get(
    "/divisions/{anycode:code}",
    response={200: DivisionDetailOut, 404: Message},
    url_name="reference_division_detail",
    summary="One division with its province and prefectures",
)
def division_detail(request: HttpRequest, code: str) -> Any:
    return _get(AdministrativeDivision, code)
