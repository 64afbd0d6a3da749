from django.urls import include, path

from biaozhun.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("inbox/", include("biaozhun.core.inbox_urls")),
]
