"""Page forms take only the images their user may choose.

The image chooser offers a contributor what ``uploads.permissions`` allows, but the form
behind it accepts any image id: a crafted request (or ``PATCH /api/v3/pages/<id>/``, which
builds the same form) could put another writer's draft cover on one's own draft and see it
in the preview. ``ChoosableImagesMixin`` holds every image field of a page form to the images
its user may choose, plus the one the page already has (an editor may have put it there).
"""

from django.db.models import Q
from django.forms import ModelChoiceField
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

NOT_CHOOSABLE = (
    "Choose one of the images the image chooser offers you: your own uploads and the "
    "pictures already published."
)


class ChoosableImagesMixin:
    """For ``WagtailAdminPageForm`` subclasses, before it in the bases."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
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
