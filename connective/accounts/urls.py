from django.urls import path

from connective.accounts import views

app_name = "accounts"
urlpatterns = [
    path("legal/<str:kind>/", views.legal_document, name="legal_document"),
    path("legal-documents/publish/", views.publish_document, name="publish_document"),
    path("accept/", views.accept_documents, name="accept_documents"),
    path("consents/", views.consents, name="consents"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("delete/", views.account_delete, name="delete"),
]
