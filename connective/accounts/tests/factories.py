from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from connective.accounts.choices import ConsentMethod, LegalDocumentKind
from connective.accounts.models import LegalDocument, User
from connective.spaces.choices import MembershipState, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space

PASSWORD = "correct horse battery staple"
# The secret of every test authenticator, so that a test can compute a valid code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_authenticator_create(user: User, secret: str = TOTP_SECRET) -> object:
    """Give `user` an activated TOTP authenticator, as allauth.mfa's activation page does."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    return TOTP.activate(user, secret).instance


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app would show right now for `secret`."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def current_documents_accept(user: User) -> None:
    """Record that `user` accepted the current guidelines and privacy notice."""
    from connective.accounts.selectors import legal_documents_outstanding
    from connective.accounts.services import legal_documents_accept

    outstanding = legal_documents_outstanding(user=user)
    if outstanding:
        legal_documents_accept(user=user, documents=outstanding, method=ConsentMethod.SIGNUP)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """A verified primary email address, as allauth keeps it (pass verified=False to skip)."""
        if not create:
            return
        user.save()
        if extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def accepted_documents(user: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Accept the current legal documents, so pages open without the acceptance step.

        Pass accepted_documents=False for someone who still has to accept them.
        """
        if create and extracted is not False:
            current_documents_accept(user)

    @factory.post_generation
    def totp(user: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Staff get a TOTP authenticator by default (the second factor is required of them).

        Pass totp=True to give one to anyone, totp=False to leave a staff user without.
        """
        if create and (extracted or (extracted is None and user.is_staff)):
            totp_authenticator_create(user)


class LegalDocumentFactory(DjangoModelFactory[LegalDocument]):
    class Meta:
        model = LegalDocument

    kind = LegalDocumentKind.GUIDELINES
    version = factory.Sequence(lambda n: n + 100)
    title = factory.LazyAttribute(lambda o: f"{o.kind} v{o.version}")
    body = "Be collegial. Keep what participants share confidential."


class RegionalCoordinatorFactory(DjangoModelFactory[Membership]):
    """A regional coordinator: the coordinator role of their region's network space.

    `RegionalCoordinatorFactory.create(region="see").user` is a coordinator of SEE; pass
    `user=` to make someone a coordinator of a second region too.
    """

    class Meta:
        model = Membership
        exclude = ("region",)
        skip_postgeneration_save = True

    region = "mena"
    user = factory.SubFactory(UserFactory)
    space = factory.LazyAttribute(lambda o: network_space_get_or_create(o.region))
    role = SpaceRole.COORDINATOR
    state = MembershipState.ACTIVE

    @factory.post_generation
    def totp(role: Membership, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Coordinators sign in with a second factor: give them one unless totp=False."""
        if create and extracted is not False:
            totp_authenticator_create(role.user)


def network_space_get_or_create(region: str) -> Space:
    """The region's network space (a data migration makes them; a flushed test database may not
    have them)."""
    space, _created = Space.objects.get_or_create(
        kind=SpaceKind.NETWORK, region=region, defaults={"slug": region, "name": region.upper()}
    )
    return space
