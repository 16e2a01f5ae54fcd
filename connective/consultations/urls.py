from django.urls import path

from connective.consultations import views, views_suggestions

app_name = "consultations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("queue/", views.queue, name="queue"),
    path("suggest/", views_suggestions.suggest, name="suggest"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/invitation/", views.invitation, name="invitation"),
    path("<uuid:public_id>/messages/", views.message, name="message"),
    path("<uuid:public_id>/files/", views.upload, name="upload"),
    path("<uuid:public_id>/files/<uuid:file_id>/", views.download, name="download"),
    path("<uuid:public_id>/meetings/", views.meeting, name="meeting"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path(
        "<uuid:public_id>/invitations/<uuid:advisor>/withdraw/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("<uuid:public_id>/visibility/", views.visibility, name="visibility"),
    path("<uuid:public_id>/service-status/", views.service_status, name="service_status"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:public_id>/close/", views.close, name="close"),
    path("<uuid:public_id>/feedback/", views.feedback, name="feedback"),
    path("<uuid:public_id>/practice/", views.practice_draft, name="practice_draft"),
]
