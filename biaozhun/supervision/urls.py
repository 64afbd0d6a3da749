"""URLs of the supervision app: the bureau's plans, inspectors' and enterprises' pages, public pages."""

from django.urls import path

from biaozhun.supervision.views import inspections, plans, public

app_name = "supervision"

urlpatterns = [
    # the bureau: views/plans.py
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<uuid:public_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:public_id>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<uuid:public_id>/publish-seed/", plans.plan_publish_seed, name="plan_publish_seed"),
    path("plans/<uuid:public_id>/draw/", plans.plan_draw, name="plan_draw"),
    path(
        "plans/<uuid:public_id>/objects.xlsx", plans.plan_assignments_export, name="plan_assignments_export"
    ),
    path("plans/<uuid:public_id>/publish-results/", plans.plan_publish_results, name="plan_publish_results"),
    # inspectors and enterprises: views/inspections.py
    path("inspections/", inspections.inspector_assignments, name="inspector_assignments"),
    path("my-checks/", inspections.enterprise_checks, name="enterprise_checks"),
    path("objects/<uuid:public_id>/", inspections.assignment_detail, name="assignment_detail"),
    path("objects/<uuid:public_id>/inspect/", inspections.inspection_new, name="inspection_new"),
    path("objects/<uuid:public_id>/notice/", inspections.notice_new, name="notice_new"),
    path("notices/<uuid:public_id>/", inspections.notice_detail, name="notice_detail"),
    path("notices/<uuid:public_id>/answer/", inspections.notice_answer, name="notice_answer"),
    path("notices/<uuid:public_id>/reinspect/", inspections.reinspection_new, name="reinspection_new"),
    # the public and officials: views/public.py
    path("results/", public.public_results, name="public_results"),
    path("results/<uuid:public_id>/", public.public_result_detail, name="public_result_detail"),
    path("draws/", public.public_draws, name="public_draws"),
    path("draws/<uuid:public_id>/", public.draw_record, name="draw_record"),
    path("draws/<uuid:public_id>/record.json", public.plan_record_json, name="plan_record_json"),
    path("stats/", public.stats, name="stats"),
    path("stats/export.xlsx", public.stats_export, name="stats_export"),
]
