from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.newmedia.views")


app_name = "newmedia"

urlpatterns = [
    path("newmedia/", views.matrix, name="matrix"),
    path("workspace/newmedia/", views.registry, name="registry"),
    path("workspace/newmedia/new/", views.apply, name="apply"),
    path("workspace/newmedia/<int:pk>/", views.account_detail, name="account"),
    path("workspace/newmedia/<int:pk>/file/<slug:kind>/", views.file_change, name="file"),
    path("workspace/newmedia/filings/", views.filings, name="filings"),
    path("workspace/newmedia/filings/<int:pk>/", views.filing_detail, name="filing"),
    path("workspace/newmedia/filings/<int:pk>/edit/", views.filing_edit, name="filing_edit"),
    path("workspace/newmedia/reposts/", views.reposts, name="reposts"),
]
