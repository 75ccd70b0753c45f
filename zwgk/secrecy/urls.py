from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.secrecy.views")
views_wording = lazy.views("zwgk.secrecy.views_wording")


app_name = "secrecy"

urlpatterns = [
    path("workspace/secrecy/", views.screenings, name="screenings"),
    path("workspace/secrecy/records/<str:label>/<str:object_id>/", views.record_review, name="record"),
    path(
        "workspace/secrecy/records/<str:label>/<str:object_id>/screen",
        views.record_start_screening,
        name="start_screening",
    ),
    path("workspace/secrecy/findings/<int:pk>/resolve", views.finding_resolve, name="resolve"),
    path("workspace/secrecy/screenings/<int:pk>/mask-all", views.screening_mask_all, name="mask_all"),
    path("workspace/secrecy/screenings/<int:pk>/rescreen", views.screening_rescreen, name="rescreen"),
    path("workspace/secrecy/lexicon/", views.lexicon, name="lexicon"),
    path("workspace/secrecy/lexicon/<int:pk>/", views.lexicon_edit, name="lexicon_edit"),
    path("workspace/secrecy/lexicon/<int:pk>/delete", views.lexicon_delete, name="lexicon_delete"),
    path("workspace/secrecy/wording/", views_wording.wording, name="wording"),
    path("workspace/secrecy/wording/<int:pk>/", views_wording.wording_edit, name="wording_edit"),
]
