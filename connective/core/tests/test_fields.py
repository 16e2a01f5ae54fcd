import pytest

from connective.core.fields import ModelMultipleChoiceField
from connective.core.models import Theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("odd", [str(2**63), str(-(2**63) - 1), "9" * 25])
def test_an_id_no_database_holds_is_an_invalid_choice_not_a_server_error(odd: str) -> None:
    field = ModelMultipleChoiceField(queryset=Theme.objects.all())
    with pytest.raises(Exception) as refused:
        field.clean([odd])
    assert getattr(refused.value, "code", None) == "invalid_choice"


def test_ids_that_exist_are_still_chosen() -> None:
    theme = Theme.objects.first()
    assert theme is not None
    assert list(ModelMultipleChoiceField(queryset=Theme.objects.all()).clean([str(theme.pk)])) == [theme]
