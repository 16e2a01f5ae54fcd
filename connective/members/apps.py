from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "connective.members"
    label = "members"
    verbose_name = "Members"
