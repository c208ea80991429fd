"""Submit Wagtail admin forms the way a browser does: read the form's fields from the page,
change what the test needs, post it back."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse


def form_fields(html, form_selector="form[method=post]"):
    """The name/value pairs a browser would submit from the first matching form."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    assert form is not None, "no form on the page"
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "input":
            kind = field.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
                continue
            value = field.get("value", "on" if kind in {"checkbox", "radio"} else "")
        elif field.name == "textarea":
            value = field.text.removeprefix("\n")
        else:
            selected = field.select("option[selected]")
            values = [option.get("value", option.text) for option in selected]
            if field.has_attr("multiple"):
                data[name] = values
                continue
            value = values[0] if values else ""
        data.setdefault(name, value)
    return data


def superuser_client():
    User = get_user_model()
    admin = User.objects.filter(username="form-reader").first() or User.objects.create_superuser(
        "form-reader", "form-reader@example.com", "x"
    )
    client = Client()
    client.force_login(admin)
    return client


def edit_form_data(page, **changes):
    """The page's edit form as a superuser sees it, with ``changes`` applied."""
    response = superuser_client().get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = form_fields(response.content.decode(), "form#page-edit-form")
    data.update(changes)
    return data
