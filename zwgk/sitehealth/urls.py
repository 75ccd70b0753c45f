from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.sitehealth.views")


app_name = "sitehealth"

urlpatterns = [
    path("workspace/sitehealth/", views.overview, name="overview"),
    path("workspace/sitehealth/tasks/", views.tasks, name="tasks"),
    path("workspace/sitehealth/availability/", views.availability, name="availability"),
    path("workspace/sitehealth/report.docx", views.monthly_report, name="monthly_report"),
    path("workspace/sitehealth/website-report/", views.website_report_view, name="website_report"),
    path(
        "workspace/sitehealth/website-report/<int:year>/",
        views.website_report_view,
        name="website_report_year",
    ),
    path("_pv", views.pageview_mirror, name="pageview_mirror"),
]
