"""URLs of the checking app. Each part keeps its own block (and its own views module)."""

from django.urls import path

app_name = "checking"

urlpatterns: list = []

# --- validity checks of lists: views/checks.py -------------------------------------------------
from biaozhun.checking.views import checks as check_views  # noqa: E402

urlpatterns += [
    path("checks/", check_views.check_list, name="check_list"),
    path("checks/new/", check_views.check_new, name="check_new"),
    path("checks/<uuid:public_id>/", check_views.check_detail, name="check_detail"),
    path("checks/<uuid:public_id>/rerun/", check_views.check_rerun, name="check_rerun"),
    path("checks/<uuid:public_id>/results.xlsx", check_views.check_excel, name="check_excel"),
    path("checks/<uuid:public_id>/report.pdf", check_views.check_report, name="check_report"),
]

# --- references in documents: views/documents.py -----------------------------------------------
from biaozhun.checking.views import documents as document_views  # noqa: E402

urlpatterns += [
    path("documents/new/", document_views.document_new, name="document_new"),
]

# --- watchlists, controlled-standards lists: views/watches.py ----------------------------------
from biaozhun.checking.views import watches as watch_views  # noqa: E402

urlpatterns += [
    path("watches/", watch_views.watch_list, name="watch_list"),
    path("watches/export.xlsx", watch_views.watch_export, name="watch_export"),
    path("watches/new/", watch_views.watch_new, name="watch_new"),
    path("watches/<uuid:public_id>/archive/", watch_views.watch_archive, name="watch_archive"),
    path("controlled-lists/", watch_views.controlled_list_list, name="controlled_list_list"),
    path("controlled-lists/new/", watch_views.controlled_list_new, name="controlled_list_new"),
]

# --- standard texts for enterprises, the ledger: views/texts.py --------------------------------
from biaozhun.checking.views import texts  # noqa: E402

urlpatterns += [
    path("texts/", texts.text_request_list, name="text_request_list"),
    path("texts/new/", texts.text_request_new, name="text_request_new"),
    path("texts/queue/", texts.text_queue, name="text_queue"),
    path("texts/ledger/", texts.text_ledger, name="text_ledger"),
    path("texts/ledger/export.xlsx", texts.text_ledger_export, name="text_ledger_export"),
    path("texts/ledger/new/", texts.text_provision_new, name="text_provision_new"),
    path("texts/target/", texts.text_target, name="text_target"),
    path("texts/<uuid:public_id>/", texts.text_request_detail, name="text_request_detail"),
    path("texts/<uuid:public_id>/fulfil/", texts.text_request_fulfil, name="text_request_fulfil"),
    path("texts/<uuid:public_id>/decline/", texts.text_request_decline, name="text_request_decline"),
    path("texts/provided/<uuid:public_id>/file/", texts.text_provision_file, name="text_provision_file"),
]
