from django.urls import path

from attune.library import views, views_articles

urlpatterns = [
    path("", views.index, name="library-index"),
    path("articles/<slug:slug>/", views_articles.article, name="library-article"),
    path("search/", views_articles.search_articles, name="library-search"),
    path("feed.xml", views_articles.feed, name="library-feed"),
    path("signs/<slug:concept_id>/", views.sign, name="library-sign"),
    path("causes/<slug:concept_id>/", views.cause, name="library-cause"),
    path("strategies/<slug:concept_id>/", views.strategy, name="library-strategy"),
    path("activities/<slug:activity_id>/", views.activity, name="library-activity"),
    path("decks/<slug:deck_id>/", views.deck, name="library-deck"),
]
