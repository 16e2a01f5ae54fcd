from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "connective.practices"
    label = "practices"
    verbose_name = "Good practices"
