from django.urls import path

from attune.privacy import views

urlpatterns = [
    path("", views.policy, name="privacy-policy"),
    path("export/", views.export, name="privacy-export"),
    path("export/json/", views.export_json, name="privacy-export-json"),
    path("export/page/", views.export_html, name="privacy-export-html"),
    path("delete/", views.delete_account, name="privacy-delete"),
]
