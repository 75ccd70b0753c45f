from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from zwgk.core import lazy, registry
from zwgk.documents import feeds
from zwgk.documents.caching import public_cache

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
api = lazy.views("zwgk.documents.api")
views_issuers = lazy.views("zwgk.documents.views_issuers")
views_public = lazy.views("zwgk.documents.views_public")
views_workspace = lazy.views("zwgk.documents.views_workspace")
views_publicity = lazy.views("zwgk.documents.views_workspace.publicity")

app_name = "documents"

urlpatterns = [
    # The public 政府信息公开 column.
    path("xxgk/", views_public.xxgk, name="xxgk"),
    path("xxgk/guide/", views_public.guide_index, name="guide_index"),
    path("xxgk/guide/<str:code>/", views_public.guide, name="guide"),
    path("xxgk/guide/<str:code>/v<int:version>/", views_public.guide, name="guide_revision"),
    path("xxgk/system/", views_public.system, name="system"),
    path("xxgk/statutory/", views_public.statutory, name="statutory"),
    path("xxgk/statutory/<str:code>/", views_public.statutory_category, name="statutory_category"),
    path("xxgk/agency/<str:code>/", views_public.agency_records, name="agency_records"),
    path("xxgk/annual-reports/", views_public.annual_reports, name="annual_reports"),
    path("xxgk/policies/", views_public.policies, name="policies"),
    path("xxgk/normative/", views_public.normative, name="normative"),
    path("xxgk/interpretations/", views_public.interpretations, name="interpretations"),
    path("xxgk/interpretations/<int:pk>/", views_public.interpretation_detail, name="interpretation"),
    path("xxgk/records/<int:pk>/", views_public.record_detail, name="record"),
    path("xxgk/attachments/<int:pk>/<str:name>", views_public.attachment, name="attachment"),
    path("xxgk/feed/rss/", public_cache(feeds.RecordFeed()), name="feed_rss"),
    path("xxgk/feed/atom/", public_cache(feeds.AtomRecordFeed()), name="feed_atom"),
    path(
        "sitemap.xml",
        public_cache(sitemap_views.index),
        {"sitemaps": registry.sitemaps(), "sitemap_url_name": "documents:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_cache(sitemap_views.sitemap),
        {"sitemaps": registry.sitemaps()},
        name="sitemap_section",
    ),
    # Read-only JSON API.
    path("api/v1/records/", api.records, name="api_records"),
    path("api/v1/records/<int:pk>/", api.record, name="api_record"),
    path("api/v1/interpretations/", api.interpretations, name="api_interpretations"),
    path("api/v1/interpretations/<int:pk>/", api.interpretation, name="api_interpretation"),
    path("api/v1/themes/", api.themes, name="api_themes"),
    path("api/v1/categories/", api.categories, name="api_categories"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    # Workspace.
    path("workspace/documents/", views_workspace.records, name="ws_records"),
    path("workspace/documents/new/", views_workspace.record_new, name="ws_record_new"),
    path("workspace/documents/review/", views_workspace.review_queue, name="ws_review_queue"),
    path("workspace/documents/sign/", views_workspace.sign_queue, name="ws_sign_queue"),
    path("workspace/documents/<int:pk>/", views_workspace.record_detail, name="ws_record"),
    path("workspace/documents/<int:pk>/edit/", views_workspace.record_edit, name="ws_record_edit"),
    path(
        "workspace/documents/<int:pk>/validity/", views_workspace.record_validity, name="ws_record_validity"
    ),
    path("workspace/documents/<int:pk>/correct/", views_workspace.record_correct, name="ws_record_correct"),
    path(
        "workspace/documents/<int:pk>/attachments/",
        views_workspace.attachment_upload,
        name="ws_attachment_upload",
    ),
    path(
        "workspace/documents/<int:pk>/do/<slug:action>/",
        views_workspace.record_action,
        name="ws_record_action",
    ),
    path(
        "workspace/documents/<int:policy_pk>/interpret/",
        views_workspace.interpretation_new,
        name="ws_interpretation_new",
    ),
    path(
        "workspace/documents/attachments/<int:pk>/", views_workspace.attachment_download, name="ws_attachment"
    ),
    path(
        "workspace/documents/attachments/<int:pk>/delete/",
        views_workspace.attachment_delete,
        name="ws_attachment_delete",
    ),
    path("workspace/documents/interpretations/", views_workspace.interpretations, name="ws_interpretations"),
    path(
        "workspace/documents/interpretations/<int:pk>/",
        views_workspace.interpretation_detail,
        name="ws_interpretation",
    ),
    path(
        "workspace/documents/interpretations/<int:pk>/edit/",
        views_workspace.interpretation_edit,
        name="ws_interpretation_edit",
    ),
    path(
        "workspace/documents/interpretations/<int:pk>/attachments/",
        views_workspace.attachment_upload,
        {"owner": "interpretation"},
        name="ws_interpretation_attachment_upload",
    ),
    path(
        "workspace/documents/interpretations/<int:pk>/do/<slug:action>/",
        views_workspace.interpretation_action,
        name="ws_interpretation_action",
    ),
    path("workspace/documents/timeliness/", views_workspace.timeliness, name="ws_timeliness"),
    path(
        "workspace/documents/periodic-reviews/", views_workspace.periodic_reviews, name="ws_periodic_reviews"
    ),
    path(
        "workspace/documents/periodic-reviews/<int:pk>/",
        views_workspace.periodic_review,
        name="ws_periodic_review",
    ),
    path("workspace/documents/normative/", views_workspace.normative_inventory, name="ws_normative"),
    path("workspace/documents/guide/", views_workspace.guide_edit, name="ws_guide"),
    path("workspace/documents/themes/", views_workspace.themes, name="ws_themes"),
    path("workspace/documents/issuers/", views_issuers.issuers, name="ws_issuers"),
    # 公开方式 and 公示 (zwgk.documents.publicity)
    path("workspace/documents/<int:pk>/publicity/", views_publicity.change, name="ws_publicity"),
    path("workspace/documents/<int:pk>/display/", views_publicity.display, name="ws_display"),
    path(
        "workspace/documents/display/<int:pk>/photo/", views_publicity.display_photo, name="ws_display_photo"
    ),
]
