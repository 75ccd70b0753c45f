from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.core.views")


app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("workspace/", views.workspace, name="workspace"),
    path("display/", views.display_mode, name="display_mode"),
    path("site-map/", views.site_page, {"page": "sitemap"}, name="site_map"),
    path("privacy/", views.site_page, {"page": "privacy"}, name="privacy"),
    path("report-error/", views.site_page, {"page": "report_error"}, name="report_error"),
]
