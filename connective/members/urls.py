from django.urls import path

from connective.members import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/advising/", views.advising, name="advising"),
    path("<uuid:slug>/", views.detail, name="detail"),
]
