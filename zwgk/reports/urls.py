from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
public = lazy.views("zwgk.reports.public")
views = lazy.views("zwgk.reports.views")


app_name = "reports"

urlpatterns = [
    # Public 年报 column (linked into the 政府信息公开 column by the catalogue app).
    path("annual-reports/", public.index, name="public_index"),
    path("annual-reports/<str:code>/", public.agency_reports, name="public_agency"),
    path("annual-reports/<str:code>/<int:year>/", public.detail, name="public_detail"),
    path("annual-reports/<str:code>/<int:year>/v<int:number>/", public.detail, name="public_edition"),
    path("annual-reports/<str:code>/<int:year>/report.<str:fmt>", public.report_file, name="public_file"),
    # Workspace.
    path("workspace/reports/", views.board, name="board"),
    path("workspace/reports/overview/", views.overview, name="overview"),
    path("workspace/reports/start/", views.start, name="start"),
    path("workspace/reports/generate/", views.generate_all, name="generate_all"),
    path("workspace/reports/<int:pk>/", views.detail, name="detail"),
    path("workspace/reports/<int:pk>/report.<str:fmt>", views.draft_file, name="draft_file"),
    path("workspace/reports/<int:pk>/table2/", views.table2_edit, name="table2"),
    path("workspace/reports/<int:pk>/manual/<str:which>/", views.manual_table, name="manual_table"),
    path("workspace/reports/<int:pk>/texts/", views.texts_edit, name="texts"),
    path("workspace/reports/<int:pk>/texts/<str:section>/", views.section_history, name="section_history"),
    path("workspace/reports/<int:pk>/do/<str:action>/", views.transition, name="transition"),
]
