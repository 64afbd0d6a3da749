"""A URLconf for tests that need a request to save a record through the full middleware stack.

No production view in core saves a record, and the audit context must be proven to come from a
real request (middleware → view → save → audit event), not from a hand-built context.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from biaozhun.accounts.models import Organisation


@require_POST
def rename_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.get(pk=pk)
    organisation.name = request.POST["name"]
    organisation.save()
    return HttpResponse(status=204)


urlpatterns = [
    path("test/organisation/<int:pk>/rename/", rename_organisation, name="test_rename_organisation"),
]
