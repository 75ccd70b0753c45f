from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
api = lazy.views("zwgk.catalogues.api")
views = lazy.views("zwgk.catalogues.views")


app_name = "catalogues"

urlpatterns = [
    path("api/v1/catalogues/", api.catalogues, name="api_catalogues"),
    path("workspace/catalogues/", views.catalogues, name="list"),
    path("workspace/catalogues/template.xlsx", views.template, name="template"),
    path("workspace/catalogues/import/", views.import_view, name="import"),
    path("workspace/catalogues/mine/", views.mine, name="mine"),
    path("workspace/catalogues/coverage/", views.coverage_view, name="coverage"),
    path("workspace/catalogues/<int:pk>/", views.catalogue, name="detail"),
]
