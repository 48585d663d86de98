from django.urls import path

from attune.checkups import views, views_report

urlpatterns = [
    path("", views_report.history, name="checkups-history"),
    path("start/", views.start, name="checkups-start"),
    path("compare/", views_report.compare, name="checkups-compare"),
    path("<str:code>/", views_report.report, name="checkups-report"),
    path("<str:code>/own-words/", views.own_words, name="checkups-own-words"),
    path("<str:code>/own-words/check/", views.own_words_check, name="checkups-own-words-check"),
    path("<str:code>/section/<int:number>/", views.section, name="checkups-section"),
    path("<str:code>/note/", views.note, name="checkups-note"),
    path("<str:code>/support/", views.support, name="checkups-support"),
]
