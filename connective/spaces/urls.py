from django.urls import path

from connective.spaces import views

app_name = "spaces"
urlpatterns = [
    path("", views.section_list, name="list"),
    path("new/", views.section_create, name="create"),
    path("<slug:slug>/", views.section_detail, name="detail"),
    path("<slug:slug>/join/", views.section_join, name="join"),
    path("<slug:slug>/leave/", views.section_leave, name="leave"),
    path("<slug:slug>/roles/", views.space_roles, name="roles"),
    path("<slug:slug>/requests/<uuid:request_id>/approve/", views.request_approve, name="request_approve"),
    path("<slug:slug>/requests/<uuid:request_id>/decline/", views.request_decline, name="request_decline"),
]
