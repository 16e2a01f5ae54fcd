from django.urls import path

from connective.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("", views.issue_list, name="list"),
    path("new/", views.create, name="create"),
    path("archive/", views.archive, name="archive"),
    path("archive/<uuid:public_id>/", views.archive_detail, name="archive_detail"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/preview/", views.preview, name="preview"),
    path("<uuid:public_id>/test/", views.test_send, name="test"),
    path("<uuid:public_id>/send/", views.send, name="send"),
]
