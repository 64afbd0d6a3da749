"""Request-scoped audit context: every event recorded during a request names its user and address."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from biaozhun.core.audit import audit_context


def client_ip(request: HttpRequest) -> str | None:
    """The client address. Behind a proxy, set BIAOZHUN_PROXY_COUNT and let the proxy set REMOTE_ADDR."""
    ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    return ip or None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context(request=request, ip_address=client_ip(request)):
            return self.get_response(request)
