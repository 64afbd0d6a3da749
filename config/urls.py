from django.contrib import admin
from django.urls import include, path

from biaozhun.core import views as core_views
from config.api import api

handler403 = "biaozhun.core.views.error_403"
handler404 = "biaozhun.core.views.error_404"
handler500 = "biaozhun.core.views.error_500"

urlpatterns = [
    path("", include("biaozhun.core.urls")),
    path("accounts/", include("biaozhun.accounts.urls")),
    path("audit/", include("biaozhun.core.audit_urls")),
    path("reference/", include("biaozhun.reference.urls")),
    path("standards/", include("biaozhun.standards.urls")),
    path("checking/", include("biaozhun.checking.urls")),
    path("declarations/", include("biaozhun.declarations.urls")),
    path("supervision/", include("biaozhun.supervision.urls")),
    path("api/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
