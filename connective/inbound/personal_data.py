"""What replies by email keep about a person (filled in with the InboundMessage model)."""


def register_parts() -> None:
    return None
