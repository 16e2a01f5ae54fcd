from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from connective.accounts.choices import LegalDocumentKind
from connective.accounts.models import LegalDocument, RegionalCoordinator, User

PASSWORD = "correct horse battery staple"


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


class LegalDocumentFactory(DjangoModelFactory[LegalDocument]):
    class Meta:
        model = LegalDocument

    kind = LegalDocumentKind.GUIDELINES
    version = factory.Sequence(lambda n: n + 100)
    title = factory.LazyAttribute(lambda o: f"{o.kind} v{o.version}")
    body = "Be collegial. Keep what participants share confidential."


class RegionalCoordinatorFactory(DjangoModelFactory[RegionalCoordinator]):
    class Meta:
        model = RegionalCoordinator

    user = factory.SubFactory(UserFactory)
    region = "mena"
