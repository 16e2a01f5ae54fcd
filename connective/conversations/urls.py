from django.urls import path

from connective.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("settings/", views.settings, name="settings"),
    path("<uuid:public_id>/", views.conversation, name="conversation"),
    path("<uuid:public_id>/reply/", views.reply, name="reply"),
    path("questions/<slug:slug>/", views.ask, name="ask"),
]
