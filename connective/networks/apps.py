from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "connective.networks"
    label = "networks"
    verbose_name = "Networks"
