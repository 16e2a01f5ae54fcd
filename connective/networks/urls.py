from django.urls import path

from connective.networks import views
from connective.networks.programme import views as programme

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
    path("<slug:slug>/programme/", programme.programme, name="programme"),
    path("<slug:slug>/programme/propose/", programme.proposal_create, name="proposal_create"),
    path("<slug:slug>/programme/<uuid:public_id>/", programme.proposal_detail, name="proposal"),
    path(
        "<slug:slug>/programme/<uuid:public_id>/support/", programme.proposal_support, name="proposal_support"
    ),
    path(
        "<slug:slug>/programme/<uuid:public_id>/unsupport/",
        programme.proposal_unsupport,
        name="proposal_unsupport",
    ),
    path(
        "<slug:slug>/programme/<uuid:public_id>/comment/", programme.proposal_comment, name="proposal_comment"
    ),
    path("<slug:slug>/programme/<uuid:public_id>/accept/", programme.proposal_accept, name="proposal_accept"),
    path(
        "<slug:slug>/programme/<uuid:public_id>/decline/", programme.proposal_decline, name="proposal_decline"
    ),
    path("<slug:slug>/programme/<uuid:public_id>/merge/", programme.proposal_merge, name="proposal_merge"),
    path(
        "<slug:slug>/programme/<uuid:public_id>/outcome/", programme.proposal_outcome, name="proposal_outcome"
    ),
    path(
        "<slug:slug>/programme/<uuid:public_id>/withdraw/",
        programme.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path(
        "<slug:slug>/programme/<uuid:public_id>/comments/<uuid:comment>/hide/",
        programme.comment_hide,
        name="proposal_comment_hide",
    ),
]
