from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and the benchmarks. The top layer: nothing imports it."""

    name = "connective.demo"
    label = "demo"
    verbose_name = "Demo data"
