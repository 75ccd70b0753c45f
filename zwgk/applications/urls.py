from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.applications.views")


app_name = "applications"

urlpatterns = [
    # public: the guide, the online form, the applicant's status page (number + private query code)
    path("apply/", views.apply, name="apply"),
    path("apply/new/", views.apply_form, name="apply_form"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("apply/done/receipt.pdf", views.apply_receipt, name="apply_receipt"),
    path("apply/status/", views.status_lookup, name="status_lookup"),
    path("apply/status/<str:number>/", views.status, name="status"),
    path("apply/status/<str:number>/correct/", views.status_correct, name="status_correct"),
    path("apply/status/<str:number>/withdraw/", views.status_withdraw, name="status_withdraw"),
    path(
        "apply/status/<str:number>/letters/<int:letter_id>.<str:fmt>",
        views.status_letter,
        name="status_letter",
    ),
    path("apply/status/<str:number>/attachment/", views.status_attachment, name="status_attachment"),
    # staff
    path("workspace/applications/", views.ledger, name="ledger"),
    path("workspace/applications/register/", views.register, name="register"),
    path("workspace/applications/deadline/", views.deadline, name="deadline"),
    path("workspace/applications/candidates/", views.candidates, name="candidates"),
    path("workspace/applications/ledger-template.xlsx", views.ledger_template, name="ledger_template"),
    path("workspace/applications/templates/", views.templates, name="templates"),
    path("workspace/applications/templates/<str:key>/", views.template_edit, name="template_edit"),
    path("workspace/applications/reviews/", views.review_cases, name="review_cases"),
    path("workspace/applications/reviews/new/", views.review_case_edit, name="review_case_new"),
    path("workspace/applications/reviews/<int:pk>/", views.review_case_edit, name="review_case_edit"),
    path("workspace/applications/<int:pk>/", views.detail, name="detail"),
    path("workspace/applications/<int:pk>/step/<str:name>/", views.step, name="step"),
    path(
        "workspace/applications/<int:pk>/letters/<int:letter_id>.<str:fmt>", views.letter_file, name="letter"
    ),
    path("workspace/applications/<int:pk>/draft.<str:fmt>", views.draft_preview, name="draft_preview"),
    path("workspace/applications/<int:pk>/files/<str:which>/", views.file_download, name="file"),
]
