"""What a contributor may choose from the image library, everywhere Wagtail asks.

The Contributors role has "add" and "choose" image permissions on the root collection
(``editorial/roles.py``): with Wagtail's own policy they could choose, and so preview, every
image in the library, including other writers' draft covers. ``ChoosableImagePermissionPolicy``
narrows "choose" to the rule in ``uploads.selectors`` (their own uploads, images readers can
already see, images attached to their own pages); "change" and "delete" stay Wagtail's
(their own uploads). Every chooser, its search, the "chosen" and duplicate-upload views and
the API's image listing ask the policy registry, so they all get the narrower answer.
Editors keep the whole library.
"""

from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

from .selectors import image_choice_filter

CHOOSE = "choose"


class ChoosableImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        images = super().instances_user_has_any_permission_for(user, actions)
        if CHOOSE not in actions:
            return images
        allowed = image_choice_filter(user)
        if allowed is None:
            return images
        others = set(actions) - {CHOOSE}
        if others:
            # Whatever else the actions allow (their own uploads, to edit) stays allowed.
            changeable = super().instances_user_has_any_permission_for(user, others)
            allowed |= Q(pk__in=changeable.values("pk"))
        return images.filter(allowed)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        others = set(actions) - {CHOOSE}
        if others and super().user_has_any_permission_for_instance(user, others, instance):
            return True
        if CHOOSE not in actions:
            return False
        return (
            self.instances_user_has_any_permission_for(user, [CHOOSE])
            .filter(pk=instance.pk)
            .exists()
        )


def register():
    """Call once from AppConfig.ready. Registered for the exact class, so it wins over the
    policy wagtail.images registers in its own ready(), whichever app starts first."""
    image_model = get_image_model()
    policy = ChoosableImagePermissionPolicy(
        image_model, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    )
    policy_registry.register(image_model, policy, exact_class=True)
