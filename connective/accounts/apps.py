from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "connective.accounts"
    label = "accounts"
    verbose_name = "Accounts"
