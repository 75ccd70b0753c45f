"""Root URLs. Each app's urls.py holds its public paths and its /workspace/ paths with full prefixes."""

from django.contrib import admin
from django.urls import include, path

from zwgk.core import lazy

core_views = lazy.views("zwgk.core.views")  # named by path: see zwgk.core.lazy.views

admin.site.site_header = "政务公开平台 · 参考数据管理"
admin.site.site_title = "政务公开平台"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("zwgk.core.urls")),
    path("", include("zwgk.accounts.urls")),
    path("", include("zwgk.agencies.urls")),
    path("", include("zwgk.audit.urls")),
    path("", include("zwgk.workdays.urls")),
    path("", include("zwgk.documents.urls")),
    path("", include("zwgk.reports.urls")),
    path("", include("zwgk.secrecy.urls")),
    path("", include("zwgk.workplan.urls")),
    path("", include("zwgk.applications.urls")),
    path("", include("zwgk.search.urls")),
    path("", include("zwgk.qa.urls")),
    path("", include("zwgk.interaction.urls")),
    path("", include("zwgk.participation.urls")),
    path("", include("zwgk.decisions.urls")),
    path("", include("zwgk.policymatch.urls")),
    path("", include("zwgk.datasets.urls")),
    path("", include("zwgk.columns.urls")),  # issue 18 (b18)
    path("", include("zwgk.catalogues.urls")),  # issue 18 (b18)
    path("", include("zwgk.sitehealth.urls")),
    path("", include("zwgk.newmedia.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "zwgk.core.views.error_400"
handler403 = "zwgk.core.views.error_403"
handler404 = "zwgk.core.views.error_404"
handler500 = "zwgk.core.views.error_500"
