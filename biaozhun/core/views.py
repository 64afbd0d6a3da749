"""Site-wide pages: the public home page, the personal dashboard, health and error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from biaozhun.core import selectors
from biaozhun.core.navigation import dashboard_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"stats": selectors.home_statistics()})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels": dashboard_for(request.user)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and worker status for load balancers and monitoring.

    503 when the database does not answer; the worker's state is reported but does not fail the
    check, because pages keep working while background jobs wait.
    """
    report: dict[str, object] = {"time": timezone.now().isoformat()}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        report["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # any driver error means the database is unusable
        report["database"] = {"status": "error", "error": exc.__class__.__name__}
        return JsonResponse({**report, "status": "error"}, status=503)
    report["worker"] = selectors.worker_status(stale_after=settings.WORKER_HEARTBEAT_SECONDS * 4)
    report["status"] = "ok" if report["worker"]["status"] == "ok" else "degraded"  # type: ignore[index]
    return JsonResponse(report, status=status)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"site_name": settings.SITE_NAME}), status=500)
