"""URLs of the declarations app. Each part keeps its own block (and its own views module)."""

from django.urls import path

app_name = "declarations"

urlpatterns: list = []

# --- an enterprise declares: views/declaring.py -------------------------------------------------
from biaozhun.declarations.views import declaring  # noqa: E402

_draft = "<uuid:public_id>/draft/"
urlpatterns += [
    path("mine/", declaring.mine, name="mine"),
    path("mine/export/", declaring.mine_export, name="mine_export"),
    path("start/", declaring.start, name="start"),
    path(_draft, declaring.task_list, name="task_list"),
    path(_draft + "standard/", declaring.step_standard, name="step_standard"),
    path(_draft + "text/", declaring.step_text, name="step_text"),
    path(_draft + "products/", declaring.step_products, name="step_products"),
    path(_draft + "products/add/", declaring.product_add, name="product_add"),
    path(_draft + "products/<int:product_id>/edit/", declaring.product_edit, name="product_edit"),
    path(_draft + "products/<int:product_id>/remove/", declaring.product_remove, name="product_remove"),
    path(_draft + "indicators/", declaring.step_indicators, name="step_indicators"),
    path(_draft + "indicators/add/", declaring.indicator_add, name="indicator_add"),
    path(_draft + "indicators/<int:indicator_id>/edit/", declaring.indicator_edit, name="indicator_edit"),
    path(
        _draft + "indicators/<int:indicator_id>/remove/", declaring.indicator_remove, name="indicator_remove"
    ),
    path(_draft + "commitment/", declaring.step_commitment, name="step_commitment"),
    path(_draft + "check/", declaring.check_answers, name="check_answers"),
    path(_draft + "discard/", declaring.discard, name="discard"),
    path("<uuid:public_id>/publish/", declaring.publish, name="publish"),
    path("<uuid:public_id>/published/", declaring.confirmation, name="confirmation"),
    path("<uuid:public_id>/revise/", declaring.revise, name="revise"),
    path("<uuid:public_id>/withdraw/", declaring.withdraw, name="withdraw"),
]


# --- public disclosure, open data, migration: views/disclosure.py, views/migration.py -----------
from biaozhun.declarations.views import disclosure, migration  # noqa: E402

urlpatterns += [
    path("public/", disclosure.public_search, name="public_search"),
    path("public/open-data.csv", disclosure.open_data_csv, name="open_data_csv"),
    path("public/open-data.xlsx", disclosure.open_data_xlsx, name="open_data_xlsx"),
    path("public/<uuid:public_id>/", disclosure.public_detail, name="public_detail"),
    path("public/<uuid:public_id>/text/<int:number>/", disclosure.public_text, name="public_text"),
    path("migration/", migration.migration, name="migration"),
    path("migration/rejected.xlsx", migration.migration_rejections, name="migration_rejections"),
]

# --- screening: the bureau's review queue, baselines, categories: views/screening.py ------------
from biaozhun.declarations.views import screening  # noqa: E402

urlpatterns += [
    path("screening/", screening.screening_queue, name="screening_queue"),
    path("screening/export.xlsx", screening.screening_export, name="screening_export"),
    path("screening/<int:pk>/", screening.finding_detail, name="finding_detail"),
    path("screening/<int:pk>/resolve/", screening.finding_resolve, name="finding_resolve"),
    path("screening/<int:pk>/dismiss/", screening.finding_dismiss, name="finding_dismiss"),
    path("baselines/", screening.baseline_list, name="baseline_list"),
    path("baselines/new/", screening.baseline_new, name="baseline_new"),
    path("baselines/<int:pk>/edit/", screening.baseline_edit, name="baseline_edit"),
    path("baselines/<int:pk>/archive/", screening.baseline_archive, name="baseline_archive"),
    path("categories/", screening.category_list, name="category_list"),
    path("categories/new/", screening.category_new, name="category_new"),
    path("categories/<int:pk>/edit/", screening.category_edit, name="category_edit"),
]
