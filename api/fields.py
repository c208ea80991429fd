"""How Wagtail's generic page endpoints read field types Wagtail does not know."""


def country_schema(generator, field):
    """A django-countries field reads as its ISO 3166 code ("KE"), or "" when blank; it is
    written the same way."""
    name = field.name

    def resolve(obj):
        return getattr(obj, name).code or ""

    return str, "", staticmethod(resolve)
