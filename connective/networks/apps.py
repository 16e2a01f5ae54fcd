from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "connective.networks"
    label = "networks"
    verbose_name = "Networks"

    def ready(self) -> None:
        from connective.core.home import register_showcase, register_waiting
        from connective.networks.home import home_networks_html, home_waiting_for_coordinator

        # The home page (core's) shows the networks through its registry; core cannot import us.
        register_showcase("networks", order=20, render=home_networks_html)
        register_waiting("networks.declarations", order=40, provider=home_waiting_for_coordinator)

        from connective.networks.notifications import register_notifications

        # Coordinators hear of declarations, members of the decision, through the pipeline.
        register_notifications()
        from connective.networks.programme.home import home_waiting_proposals
        from connective.networks.programme.notifications import register_kinds
        from connective.networks.programme.personal_data import register_parts

        register_waiting("networks.programme", order=41, provider=home_waiting_proposals)
        register_kinds()
        register_parts()
        from connective.networks.space_notifications import register_space_notifications

        register_space_notifications()
