"""The page where a signed-in user uploads a document and has the standards it refers to checked.

Anyone signed in may check a document: the check belongs to them (and to their enterprise), and
the results page (``checking:check_detail``) fetches it through ``Check.objects.visible_to``, so
nobody else can open it. The upload is read in memory and kept with the check; nothing is served
back from it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from biaozhun.checking.forms.documents import DocumentUploadForm
from biaozhun.checking.services.documents import DocumentError, document_check


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "checking/document_new.html", {"form": DocumentUploadForm()})
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            check = document_check(by=request.user, data=form.upload_data, file_name=form.file_name)
        except DocumentError as error:
            form.add_error("file", error.message)
        else:
            return redirect(check)
    return render(request, "checking/document_new.html", {"form": form})
