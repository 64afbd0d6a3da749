"""Migration of existing self-declarations from the old platform's Excel or CSV exports.

The city already has about 13,000 declarations published elsewhere. ``declarations_import`` reads
them (Chinese or English headers, products in one cell separated by ；/; or one product per row),
checks every row, and publishes each good declaration directly as version 1, dated on its original
disclosure date. Rows that cannot be read are reported with their line and the reason, and the
other rows are kept.

Importing the same file again creates nothing: each declaration carries a ``source_key``
(``USCC|canonical number|product names``, or a digest of the names when long), and a key already
present is counted as "already imported". Missing enterprises (active, with a validated USCC) and
product categories (by name) are created on the way.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biaozhun.accounts import uscc as uscc_rules
from biaozhun.accounts.models import Organisation, OrganisationKind, OrganisationStatus
from biaozhun.core.audit import audit_context
from biaozhun.declarations.models import (
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    Product,
    ProductCategory,
    StandardKind,
    VersionState,
)
from biaozhun.standards import numbers
from biaozhun.standards.models import Edition

MIGRATION_USERNAME = "declarations-migration"
SOURCE_KEY_LENGTH = 200
PRODUCT_SEPARATORS = re.compile(r"[；;\n]+")

# Recognised headers (compared after removing spaces, case-folded), per field.
HEADERS: dict[str, tuple[str, ...]] = {
    "enterprise": ("企业名称", "单位名称", "enterprise", "enterprisename", "enterprise name"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc"),
    "number": ("标准编号", "标准号", "执行标准编号", "执行标准", "standardnumber", "standard number"),
    "title": ("标准名称", "执行标准名称", "standardname", "standardtitle", "standard name"),
    "products": ("产品名称", "产品", "产品/服务名称", "productname", "products", "product"),
    "model": ("规格型号", "产品型号", "型号", "model"),
    "category": ("产品类别", "产品类型", "类别", "category"),
    "date": ("公开日期", "声明日期", "公开时间", "发布日期", "disclosuredate", "date", "disclosure date"),
}
REQUIRED = ("enterprise", "uscc", "number", "products", "date")


@dataclass
class RejectedRow:
    """A row not imported: its line in the file, what it said and why."""

    line: int
    enterprise: str
    uscc: str
    number: str
    reason: str

    def as_list(self) -> list[Any]:
        return [self.line, self.enterprise, self.uscc, self.number, self.reason]


@dataclass
class MigrationReport:
    """What one import did (or, in a dry run, would have done)."""

    file_name: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    already_imported: int = 0
    enterprises_created: int = 0
    categories_created: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    failure: str = ""

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def as_json(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "already_imported": self.already_imported,
            "enterprises_created": self.enterprises_created,
            "categories_created": self.categories_created,
            "failure": self.failure,
            "rejected": [r.as_list() for r in self.rejected],
        }


class FileError(ValueError):
    """The file as a whole cannot be read (not a table, no recognised header)."""


# --- reading the file ---------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def _table_rows(data: bytes, file_name: str) -> Iterator[list[Any]]:
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FileError(_("The file is not an Excel workbook that can be read.")) from exc
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
        workbook.close()
        return
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise FileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
        for row in csv.reader(io.StringIO(text)):
            yield [_cell(v) for v in row]
        return
    raise FileError(_("Only .xlsx and .csv files can be imported."))


def _header_map(header: list[Any]) -> dict[str, int]:
    wanted = {
        alias.replace(" ", "").casefold(): name for name, aliases in HEADERS.items() for alias in aliases
    }
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = str(cell).replace(" ", "").replace("\u3000", "").casefold()
        key = key.rstrip("*＊:：")
        name = wanted.get(key)
        if name and name not in found:
            found[name] = index
    return found


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """A disclosure date as Excel or people write it: a date cell, 2021-03-05, 2021/3/5, 2021年3月5日,
    20210305 (a time after the date is ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def source_key(uscc: str, number: str, product_names: Iterable[str]) -> str:
    """The declaration's key in the old data: USCC, canonical number and the sorted product names
    (a digest of the names when the key would not fit)."""
    names = "、".join(sorted(set(product_names)))
    key = f"{uscc}|{number}|{names}"
    if len(key) <= SOURCE_KEY_LENGTH:
        return key
    digest = hashlib.sha256(names.encode()).hexdigest()[:32]
    return f"{uscc}|{number}|sha256:{digest}"[:SOURCE_KEY_LENGTH]


@dataclass
class _Group:
    """The rows of one declaration: one row with a products cell, or one row per product."""

    first_line: int
    lines: list[int]
    enterprise: str
    uscc: str
    number: str
    title: str
    date: dt.date
    products: list[tuple[str, str, str]]  # name, model, category


def _check_row(
    enterprise: str, raw_uscc: str, raw_number: str, raw_date: Any, raw_products: str, read_number: Any
) -> str | tuple[str, numbers.StandardNumber, dt.date, list[str]]:
    """The row's USCC, number, date and product names, or the reason it cannot be imported."""
    if not enterprise:
        return _("The enterprise name is missing.")
    try:
        code = uscc_rules.parse(raw_uscc).value
    except uscc_rules.USCCError as exc:
        return exc.message
    parsed = read_number(raw_number)
    if isinstance(parsed, numbers.InvalidNumber):
        return parsed.message or _("The standard number cannot be read.")
    date = parse_date(raw_date)
    if date is None:
        return _("The disclosure date is missing or cannot be read.")
    if date > timezone.localdate():
        return _("The disclosure date is in the future.")
    names = [n.strip() for n in PRODUCT_SEPARATORS.split(raw_products) if n.strip()]
    if not names:
        return _("No product is named.")
    return code, parsed, date, names


def _read_groups(data: bytes, file_name: str, report: MigrationReport) -> list[_Group]:
    rows = _table_rows(data, file_name)
    header: list[Any] | None = None
    line = 0
    for row in rows:
        line += 1
        if any(str(v) for v in row):
            header = row
            break
    if header is None:
        raise FileError(_("The file is empty."))
    columns = _header_map(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise FileError(
            _("The header row lacks the columns %(columns)s.")
            % {"columns": "、".join(HEADERS[name][0] for name in missing)}
        )
    read_number = numbers.reader()
    groups: dict[tuple[str, str, dt.date], _Group] = {}
    for row in rows:
        line += 1
        if not any(str(v) for v in row):
            continue
        report.rows += 1

        def get(name: str, row: list[Any] = row) -> Any:
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else ""

        enterprise, raw_uscc, raw_number = str(get("enterprise")), str(get("uscc")), str(get("number"))
        checked = _check_row(enterprise, raw_uscc, raw_number, get("date"), str(get("products")), read_number)
        if isinstance(checked, str):
            report.rejected.append(RejectedRow(line, enterprise, raw_uscc, raw_number, checked))
            continue
        code, parsed, date, names = checked
        model, category = str(get("model")), str(get("category"))
        key = (code, parsed.canonical, date)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(
                first_line=line,
                lines=[],
                enterprise=enterprise,
                uscc=code,
                number=parsed.canonical,
                title=str(get("title")),
                date=date,
                products=[],
            )
        group.lines.append(line)
        for name in names:
            group.products.append((name[:200], model[:200], category[:100]))
    return list(groups.values())


# --- writing ------------------------------------------------------------------------------------


def _migration_user() -> Any:
    """The account migrated declarations are created by when no person is named: it cannot sign in."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=MIGRATION_USERNAME, defaults={"is_active": False, "full_name": "Migration of declarations"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class _RowRejected(Exception):
    pass


def _enterprise(group: _Group, report: MigrationReport) -> Organisation:
    organisation = Organisation.objects.filter(uscc=group.uscc).first()
    if organisation is not None:
        if organisation.kind != OrganisationKind.ENTERPRISE:
            raise _RowRejected(_("This code belongs to an organisation that is not an enterprise."))
        return organisation
    if Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, name=group.enterprise, archived_at__isnull=True
    ).exists():
        raise _RowRejected(
            _("An enterprise of this name is registered with another unified social credit code.")
        )
    report.enterprises_created += 1
    return Organisation.objects.create(
        kind=OrganisationKind.ENTERPRISE,
        name=group.enterprise[:200],
        uscc=group.uscc,
        status=OrganisationStatus.ACTIVE,
    )


def _category(name: str, cache: dict[str, ProductCategory], report: MigrationReport) -> ProductCategory:
    name = name or _("Not categorised")
    if name not in cache:
        category = ProductCategory.objects.filter(name=name).first()
        if category is None:
            category = ProductCategory.objects.create(name=name)
            report.categories_created += 1
        cache[name] = category
    return cache[name]


def _publish(group: _Group, key: str, by: Any, file_name: str, report: MigrationReport, cache: dict) -> None:
    organisation = _enterprise(group, report)
    published_at = timezone.make_aware(dt.datetime.combine(group.date, dt.time(12)))
    parsed = numbers.parse(group.number)
    edition = Edition.objects.filter(number=group.number).only("pk", "title_zh").first()
    title = group.title or (edition.title_zh if edition else "")
    if not title:
        raise _RowRejected(_("The standard name is missing and the number is not in the catalogue."))
    declaration = Declaration.objects.create(
        organisation=organisation,
        status=DeclarationStatus.PUBLISHED,
        created_by=by,
        first_published_at=published_at,
        source_key=key,
    )
    version = DeclarationVersion.objects.create(
        declaration=declaration,
        number=1,
        state=VersionState.PUBLISHED,
        standard_kind=StandardKind.ENTERPRISE
        if parsed.level == numbers.Level.ENTERPRISE
        else StandardKind.CATALOGUE,
        edition=edition,
        standard_number=group.number,
        standard_title=title[:500],
        published_at=published_at,
        published_by=by,
        change_note=_("Migrated from %(file)s") % {"file": file_name[:200]},
    )
    Product.objects.bulk_create(
        Product(
            version=version,
            name=name,
            model=model,
            category=_category(category, cache, report),
            position=position,
        )
        for position, (name, model, category) in enumerate(group.products)
    )
    declaration.current = version
    declaration.save(update_fields=["current", "updated_at"])
    report.created += 1


def declarations_import(
    *, data: bytes, file_name: str, by: Any = None, dry_run: bool = False
) -> MigrationReport:
    """Import the declarations of an .xlsx or .csv export and report, row by row, what happened.

    Good rows are kept when others are rejected (one savepoint per declaration); ``dry_run`` does
    everything and rolls it back, so its report is exactly what a real run would do. A file that
    cannot be read at all gives a report with ``failure`` set and nothing done.
    """
    report = MigrationReport(file_name=file_name, dry_run=dry_run)
    try:
        groups = _read_groups(data, file_name, report)
    except FileError as exc:
        report.failure = str(exc)
        return report
    by = by or _migration_user()
    cache: dict[str, ProductCategory] = {}
    with audit_context(actor=by), transaction.atomic():
        keys = {g.first_line: source_key(g.uscc, g.number, [p[0] for p in g.products]) for g in groups}
        existing = set(
            Declaration.objects.filter(source_key__in=list(keys.values())).values_list(
                "source_key", flat=True
            )
        )
        for group in groups:
            key = keys[group.first_line]
            if key in existing:
                report.already_imported += 1
                continue
            counts = (report.created, report.enterprises_created, report.categories_created)
            try:
                with transaction.atomic():
                    _publish(group, key, by, file_name, report, cache)
                existing.add(key)
                continue
            except (_RowRejected, IntegrityError) as exc:
                # the savepoint is gone: so are its counts and any category it created
                report.created, report.enterprises_created, report.categories_created = counts
                cache.clear()
                error = exc
            if isinstance(error, _RowRejected):
                for line in group.lines:
                    report.rejected.append(
                        RejectedRow(line, group.enterprise, group.uscc, group.number, str(error))
                    )
            else:
                for line in group.lines:
                    report.rejected.append(
                        RejectedRow(
                            line,
                            group.enterprise,
                            group.uscc,
                            group.number,
                            _("The row conflicts with a record already registered."),
                        )
                    )
        if dry_run:
            transaction.set_rollback(True)
    report.rejected.sort(key=lambda r: r.line)
    return report
