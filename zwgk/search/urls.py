from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
views = lazy.views("zwgk.search.views")


app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", views.search_api, name="api"),
    path("workspace/search/synonyms/", views.synonyms, name="synonyms"),
    path("workspace/search/synonyms/new/", views.synonym_edit, name="synonym_new"),
    path("workspace/search/synonyms/<int:pk>/", views.synonym_edit, name="synonym_edit"),
    path("workspace/search/synonyms/<int:pk>/delete/", views.synonym_delete, name="synonym_delete"),
    path("workspace/search/best-bets/", views.best_bets, name="best_bets"),
    path("workspace/search/best-bets/new/", views.best_bet_edit, name="best_bet_new"),
    path("workspace/search/best-bets/<int:pk>/", views.best_bet_edit, name="best_bet_edit"),
    path("workspace/search/best-bets/<int:pk>/delete/", views.best_bet_delete, name="best_bet_delete"),
    path("workspace/search/queries/", views.queries, name="queries"),
    path("workspace/search/queries/dismiss/", views.dismiss_query, name="dismiss_query"),
    path("workspace/search/index/", views.index_status, name="index_status"),
]
