from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.qa.views")


app_name = "qa"

urlpatterns = [
    path("qa/", views.home, name="home"),
    path("qa/faq/<int:pk>/", views.faq_detail, name="faq_detail"),
    path("api/qa/ask/", views.ask_api, name="api_ask"),
    path("workspace/qa/faqs/", views.faq_list, name="faq_list"),
    path("workspace/qa/faqs/new/", views.faq_edit, name="faq_new"),
    path("workspace/qa/faqs/<int:pk>/", views.faq_edit, name="faq_edit"),
    path("workspace/qa/faqs/<int:pk>/status/", views.faq_status, name="faq_status"),
    path("workspace/qa/stats/", views.stats, name="stats"),
]
