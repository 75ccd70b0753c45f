from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
api = lazy.views("zwgk.interaction.api")
views = lazy.views("zwgk.interaction.views")


app_name = "interaction"

urlpatterns = [
    path("interaction/", views.index, name="index"),
    path("interaction/new/<slug:code>/", views.new_message, name="new"),
    path("interaction/done/", views.done, name="done"),
    path("interaction/status/", views.lookup, name="lookup"),
    path("interaction/status/<str:number>/", views.status, name="status"),
    path("interaction/replies/", views.replies, name="replies"),
    path("interaction/replies/<str:number>/", views.reply_detail, name="reply_detail"),
    path("api/v1/messages/", api.messages, name="api_messages"),
    path("api/v1/messages/<str:number>/", api.message, name="api_message"),
    path("workspace/interaction/", views.inbox, name="inbox"),
    path("workspace/interaction/<int:pk>/", views.detail, name="detail"),
    path("workspace/interaction/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("workspace/interaction/log/", views.consultation_log, name="log"),
    path("workspace/interaction/figures/", views.figures, name="figures"),
    path("workspace/interaction/kinds/", views.kinds, name="kinds"),
    path("workspace/interaction/kinds/new/", views.kind_edit, name="kind_new"),
    path("workspace/interaction/kinds/<int:pk>/", views.kind_edit, name="kind_edit"),
]
