"""Every fresh database gets the Contributors and Editors groups and the one
"Editorial review" workflow. The same function repairs them: `manage.py sync_roles`."""

from django.db import migrations


def apply(apps, schema_editor):
    from editorial.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("blog", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
