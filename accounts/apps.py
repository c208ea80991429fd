from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-up"

    def ready(self):
        from . import display_names

        display_names.connect()
