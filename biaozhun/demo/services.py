"""Demo data: the Zhongshan units of the master plan, fictional enterprises and one account per persona.

``demo_seed()`` is what ``manage.py seed_demo`` (and so ``make demo``) runs. It reads three files
so the data can be changed without touching code: ``fixtures/zhongshan/units.csv`` (the real
government units named in the annex of the 2021-2025 master plan), and ``fixtures/demo/
organisations.csv`` and ``fixtures/demo/users.csv`` (fictional enterprises, all marked 演示, and the
demo accounts). It never runs in production, and it is idempotent: rows are found by their natural
keys (organisation kind + name, username, user + organisation + role) and only created or brought
back to the seeded values, so running it twice creates nothing the second time.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from biaozhun.accounts import uscc
from biaozhun.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from biaozhun.core.audit import audit_context, audit_record
from biaozhun.core.models import AuditAction
from biaozhun.standards import services as catalogue
from biaozhun.standards.models import ImportRun
from biaozhun.standards.services import topics

# Shared by every demo account, documented in README.md and printed by the command: demo data is
# for showing the platform, and a secret password would only get in the way.
DEMO_PASSWORD = "Demo-2026-biaozhun"  # noqa: S105
AUDIT_NOTE = "manage.py seed_demo: demo data"


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


class DemoSeedRefusedError(Exception):
    """Raised when demo data would be written where it must never be: a production database."""


@dataclass(frozen=True)
class DemoAccount:
    """One demo sign-in as the command prints it."""

    username: str
    role: str
    organisation: str
    awaiting_approval: bool

    @property
    def role_label(self) -> str:
        label = str(Role(self.role).label)
        return f"{label} (awaiting approval)" if self.awaiting_approval else label


@dataclass
class DemoReport:
    """What one run created and changed, and the accounts to sign in with."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = DEMO_PASSWORD

    @property
    def changed_anything(self) -> bool:
        return bool(+self.created or +self.updated)

    def summary(self) -> str:
        if not self.changed_anything:
            return "Demo data already present: nothing created or changed."
        kinds = [
            k
            for k in ("organisations", "users", "memberships", "standards", "thematic databases")
            if self.created[k] or self.updated[k]
        ]
        parts = []
        if +self.created:
            parts.append("Created " + ", ".join(f"{self.created[k]} {k}" for k in kinds) + ".")
        if +self.updated:
            parts.append(
                "Restored to the demo values: " + ", ".join(f"{self.updated[k]} {k}" for k in kinds) + "."
            )
        return " ".join(parts)

    def accounts_table(self) -> str:
        """The demo accounts as a plain-text table, aligned for Chinese (double-width) characters."""
        header = ("username", "role", "organisation", "password")
        rows = [header] + [(a.username, a.role_label, a.organisation, self.password) for a in self.accounts]
        widths = [max(_display_width(row[i]) for row in rows) for i in range(len(header))]
        lines = [
            "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


@dataclass(frozen=True)
class OrganisationSpec:
    kind: str
    name: str
    short_name: str
    uscc: str = ""
    status: str = OrganisationStatus.ACTIVE


@dataclass(frozen=True)
class AccountSpec:
    username: str
    full_name: str
    role: str
    organisation: str


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def government_units(path: Path | None = None) -> list[OrganisationSpec]:
    """The bureau, departments and towns of ``fixtures/zhongshan/units.csv``."""
    rows = _read_csv(path or fixtures_dir() / "zhongshan" / "units.csv")
    return [
        OrganisationSpec(kind=OrganisationKind(row["kind"]), name=row["name"], short_name=row["short_name"])
        for row in rows
    ]


def demo_organisations(path: Path | None = None) -> list[OrganisationSpec]:
    """The fictional organisations; each USCC gets its check character from ``uscc.check_character``."""
    rows = _read_csv(path or fixtures_dir() / "demo" / "organisations.csv")
    specs = []
    for row in rows:
        if "演示" not in row["name"]:
            raise ValueError(
                f"Demo organisation {row['name']!r} must be marked 演示 so nobody takes it for real."
            )
        body = row["uscc_body"]
        specs.append(
            OrganisationSpec(
                kind=OrganisationKind(row["kind"]),
                name=row["name"],
                short_name=row["short_name"],
                uscc=body + uscc.check_character(body),
                status=OrganisationStatus(row["status"]),
            )
        )
    return specs


def demo_accounts(path: Path | None = None) -> list[AccountSpec]:
    rows = _read_csv(path or fixtures_dir() / "demo" / "users.csv")
    return [
        AccountSpec(
            username=row["username"],
            full_name=row["full_name"],
            role=Role(row["role"]),
            organisation=row["organisation"],
        )
        for row in rows
    ]


def _organisation_upsert(spec: OrganisationSpec, report: DemoReport) -> Organisation:
    """Create the organisation, or bring its descriptive fields back to the seeded values.

    The status is only set on creation: approving or rejecting the pending demo registration is
    something a demo user does, and seeding again must not undo it.
    """
    wanted = {"short_name": spec.short_name, "uscc": spec.uscc, "region_code": settings.REGION_CODE}
    org = Organisation.objects.filter(kind=spec.kind, name=spec.name, archived_at__isnull=True).first()
    if org is None:
        org = Organisation(kind=spec.kind, name=spec.name, status=spec.status, **wanted)
        org.full_clean()
        org.save()
        report.created["organisations"] += 1
        return org
    changed = {name: value for name, value in wanted.items() if getattr(org, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(org, name, value)
        org.full_clean()
        org.save()
        report.updated["organisations"] += 1
    return org


def _user_upsert(spec: AccountSpec, report: DemoReport) -> User:
    """Create the account, or make it usable again with the demo password."""
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User(username=spec.username, full_name=spec.full_name, email=f"{spec.username}@example.test")
        user.set_password(DEMO_PASSWORD)
        user.save()
        report.created["users"] += 1
        return user
    changed = False
    if not user.is_active:
        user.is_active = True
        changed = True
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed = True
    if changed:
        user.save()
        report.updated["users"] += 1
    return user


def _membership_upsert(user: User, organisation: Organisation, role: str, report: DemoReport) -> Membership:
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        membership.full_clean()
        membership.save()
        report.created["memberships"] += 1
    elif not membership.is_active:
        membership.is_active = True
        membership.save()
        report.updated["memberships"] += 1
    return membership


def demo_seed() -> DemoReport:
    """Create (or restore) the demo organisations and accounts; refuse in production.

    Every row is written with ``save()`` inside an audit context without an actor, so the audit
    trail shows the demo data as written by the system; a run that changed something also records
    one event whose note names this command.
    """
    if settings.PRODUCTION:
        raise DemoSeedRefusedError(
            "Refusing to load demo data: BIAOZHUN_ENV is production. Demo accounts share a published "
            "password and demo enterprises are fictional; they must never reach a production database."
        )
    report = DemoReport()
    with audit_context(actor=None), transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for spec in government_units() + demo_organisations():
            organisations[spec.name] = _organisation_upsert(spec, report)
        for account in demo_accounts():
            organisation = organisations.get(account.organisation)
            if organisation is None:
                raise ValueError(f"Demo account {account.username} names an unknown organisation.")
            user = _user_upsert(account, report)
            _membership_upsert(user, organisation, account.role, report)
            report.accounts.append(
                DemoAccount(
                    username=user.username,
                    role=account.role,
                    organisation=organisation.name,
                    awaiting_approval=organisation.status == OrganisationStatus.PENDING,
                )
            )
        if report.changed_anything:
            action = AuditAction.CREATE if +report.created else AuditAction.UPDATE
            audit_record(action=action, note=f"{AUDIT_NOTE}: {report.summary()}")
    with audit_context(actor=None):
        _catalogue_seed(report)
        _topics_seed(report)
        _declarations_seed(report)
    return report


def demo_catalogue_files(path: Path | None = None) -> list[tuple[Path, str]]:
    """The demo catalogue's files in import order, with their format (see fixtures/demo/standards/README.md)."""
    folder = path or fixtures_dir() / "demo" / "standards"
    pages = [(page, "openstd") for page in sorted((folder / "openstd").glob("newGbInfo_*.html"))]
    return [
        *pages,
        (folder / "observed_status_records.csv", "flat"),
        (folder / "zhongshan_industries.csv", "flat"),
    ]


def _catalogue_seed(report: DemoReport) -> None:
    """Import the demo catalogue through the real import service, each file once.

    A file already imported (an import of the same name exists) is skipped, so a second run adds no
    import to the log; the import itself is an upsert, so nothing would be duplicated anyway.
    """
    for path, fmt in demo_catalogue_files():
        if ImportRun.objects.filter(file_name=path.name, started_by=None).exists():
            continue
        run = catalogue.import_run_create(file_name=path.name, format=fmt)
        result = catalogue.import_file(run=run, path=path)
        report.created["standards"] += result.created
        report.updated["standards"] += result.updated


def _topics_seed(report: DemoReport) -> None:
    """Load Zhongshan's thematic databases (``fixtures/zhongshan/topics.csv``) and fill them from the catalogue.

    The same loader as ``manage.py load_topics`` (an upsert by slug); the refresh runs here, not in
    the background, so the demo's databases have their standards as soon as the command ends.
    """
    loaded = topics.topics_load(path=fixtures_dir() / "zhongshan" / "topics.csv", refresh=False)
    if loaded.problems:
        raise ValueError(f"fixtures/zhongshan/topics.csv: {loaded.problems}")
    if loaded.created:
        report.created["thematic databases"] += loaded.created
    if loaded.updated:
        report.updated["thematic databases"] += loaded.updated
    topics.topics_refresh()


def _declarations_seed(report: DemoReport) -> None:
    """Publish the demo enterprises' declarations (``fixtures/demo/declarations/``) through the
    migration importer, as a city's existing register would be: idempotent by source key, so a
    second run creates nothing."""
    from biaozhun.declarations.services.migration import declarations_import

    path = fixtures_dir() / "demo" / "declarations" / "existing_declarations.csv"
    result = declarations_import(data=path.read_bytes(), file_name=path.name)
    if result.failure or result.rejected:
        raise ValueError(f"{path}: {result.failure or [r for r in result.rejected]}")
    if result.created:
        report.created["declarations"] += result.created
