from django.urls import path

from connective.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/members/", views.network_members, name="members"),
    path("<slug:slug>/declarations/", views.declarations, name="declarations"),
    path(
        "<slug:slug>/declarations/<uuid:profile>/approve/",
        views.declaration_approve,
        name="declaration_approve",
    ),
    path(
        "<slug:slug>/declarations/<uuid:profile>/decline/",
        views.declaration_decline,
        name="declaration_decline",
    ),
    path("<slug:slug>/edit/", views.network_edit, name="edit"),
]
