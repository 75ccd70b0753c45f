from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
api = lazy.views("zwgk.columns.api")
views = lazy.views("zwgk.columns.views")


app_name = "columns"

urlpatterns = [
    path("columns/", views.index, name="index"),
    path("columns/banner/<int:pk>/", views.banner, name="banner"),
    path("columns/<slug:slug>/", views.column, name="column"),
    path("sites/<str:code>/", views.site, name="site"),
    path("sites/<str:code>/<slug:slug>/", views.site_column, name="site_column"),
    path("api/v1/columns/", api.columns, name="api_columns"),
    path("workspace/columns/", views.columns, name="ws_columns"),
    path("workspace/columns/new/", views.column_new, name="ws_column_new"),
    path("workspace/columns/supervised/", views.supervised, name="ws_supervised"),
    path("workspace/columns/<int:pk>/", views.column_edit, name="ws_column"),
]
