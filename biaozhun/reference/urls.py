from django.urls import path

from biaozhun.reference import views

app_name = "reference"

urlpatterns = [
    path("", views.index, name="index"),
    path("ccs/", views.list_page, {"code_list": views.CCS}, name="ccs_list"),
    # CCS group codes contain a slash (K20/29), hence the path converter.
    path("ccs/<path:code>/", views.detail_page, {"code_list": views.CCS}, name="ccs_detail"),
    path("ics/", views.list_page, {"code_list": views.ICS}, name="ics_list"),
    path("ics/<str:code>/", views.detail_page, {"code_list": views.ICS}, name="ics_detail"),
    path("hs/", views.list_page, {"code_list": views.HS}, name="hs_list"),
    path("hs/<str:code>/", views.detail_page, {"code_list": views.HS}, name="hs_detail"),
    path("industry-codes/", views.list_page, {"code_list": views.INDUSTRY_CODES}, name="industry_code_list"),
    path(
        "industry-codes/<str:code>/",
        views.detail_page,
        {"code_list": views.INDUSTRY_CODES},
        name="industry_code_detail",
    ),
    path("divisions/", views.list_page, {"code_list": views.DIVISIONS}, name="division_list"),
    path("divisions/<str:code>/", views.detail_page, {"code_list": views.DIVISIONS}, name="division_detail"),
]
