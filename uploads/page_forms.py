"""Page forms take only the images their user may choose.

The image chooser offers a contributor what ``uploads.permissions`` allows, but the form
behind it accepts any image id: a crafted request (or ``PATCH /api/v3/pages/<id>/``, which
builds the same form) could put another writer's draft cover on one's own draft and see it
in the preview. ``ChoosableImagesMixin`` holds every image field of a page form to the images
its user may choose, plus the one the page already has (an editor may have put it there).
The pictures a Markdown field names (``![alt](image:42)``, ``blog.images``) are held to the
same rule: another writer's draft picture cannot be shown in one's own preview by its id.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.forms import ModelChoiceField
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

NOT_CHOOSABLE = (
    "Choose one of the images the image chooser offers you: your own uploads and the "
    "pictures already published."
)

NOT_YOURS = (
    "This text shows a picture you cannot use here (image %(numbers)s): add pictures with "
    "the editor's image button, which uploads them for you."
)


class ChoosableImagesMixin:
    """For ``WagtailAdminPageForm`` subclasses, before it in the bases."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self._for_user = for_user
        if for_user is None:
            return
        image_model = get_image_model()
        choosable = policy_registry.get_by_type(image_model).instances_user_has_permission_for(
            for_user, "choose"
        )
        for name, field in self.fields.items():
            if isinstance(field, ModelChoiceField) and field.queryset.model is image_model:
                current = getattr(self.instance, f"{name}_id", None)
                field.queryset = field.queryset.filter(
                    Q(pk__in=choosable.values("pk")) | Q(pk=current)
                )
                field.error_messages["invalid_choice"] = NOT_CHOOSABLE

    def clean(self):
        cleaned_data = super().clean()
        for name in self._markdown_fields():
            refused = self._refused_images(name, cleaned_data.get(name))
            if refused:
                numbers = ", ".join(str(pk) for pk in sorted(refused))
                self.add_error(name, NOT_YOURS % {"numbers": numbers})
        return cleaned_data

    def _markdown_fields(self):
        from wagtailmarkdown.fields import MarkdownField

        for name in self.fields:
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, MarkdownField):
                yield name

    def _refused_images(self, name, text):
        """The ids of the library images ``text`` names that this form's user may not use,
        less those already in the text as stored (an editor may have put one there)."""
        from blog.images import referenced_image_ids  # blog's models import this module

        from .selectors import images_refused_to

        named = referenced_image_ids(text) - referenced_image_ids(getattr(self.instance, name, ""))
        return images_refused_to(self._for_user, named)
