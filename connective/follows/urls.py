from django.urls import path

from connective.follows import views

app_name = "follows"

urlpatterns = [
    path("", views.index, name="index"),
    path("follow/<slug:kind>/<str:key>/", views.follow, name="follow"),
    path("save/<slug:kind>/<str:key>/", views.save, name="save"),
]
