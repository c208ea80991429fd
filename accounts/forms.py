"""Forms for people joining and logging in."""

import unicodedata

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from blog.models import HTTP_URL, MAX_BIO_CHARS, AuthorLink
from uploads.forms import CheckedImageField

from . import lockout, services, throttle
from .backends import account_for_login, lock_subject

PASSWORD_MAX_LENGTH = 4096


def display_name_field():
    """The writer's name as readers see it: asked at sign-up and again on the profile step."""
    return forms.CharField(
        label="Your name",
        max_length=100,
        help_text="As readers will see it on your author profile and bylines.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class LoginForm(WagtailLoginForm):
    """Wagtail's login, with a message for a locked sign-in and one for an address that is
    not confirmed yet.

    Too many failures lock the username and the client address for a while (counted by
    ``backends.AccountBackend``): then even the right password is refused, and the
    form says when to try again.

    Django's backend refuses inactive users with the generic "wrong password" message; a
    person who signed up but has not clicked the link deserves to know what to do next.
    The message only appears when the password is right, so it reveals nothing new.
    """

    unconfirmed_message = (
        "This account is not confirmed yet. Follow the link in the email we sent you, "
        "or sign up again with the same address to get a new link."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email or username"

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        # Contributors sign up with their email address as username, stored lower-case;
        # any other username, whatever its case, is found by accounts.backends.
        return username.lower() if "@" in username else username

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            username = self.cleaned_data.get("username") or ""
            password = self.cleaned_data.get("password") or ""
            user = account_for_login(username)
            ip = throttle.client_ip(self.request) if self.request is not None else None
            try:
                lockout.check(ip=ip, account=lock_subject(username, user))
            except lockout.SignInLockedError as locked:
                raise forms.ValidationError(str(locked), code="locked") from None
            if self._is_unconfirmed(user, password):
                raise forms.ValidationError(self.unconfirmed_message, code="inactive") from None
            raise

    @staticmethod
    def _is_unconfirmed(user, password):
        """Whether ``user`` is a sign-up still waiting for its link, with the right password.

        Always costs one password hash, like the check itself, so a failed sign-in takes
        as long for a pending sign-up as for any other name. An account an administrator
        switched off is not one: it keeps the generic message.
        """
        signup = None
        if user is not None and not user.is_active:
            signup = getattr(user, "contributor_signup", None)
        if signup is not None and signup.is_pending:
            return user.check_password(password)
        make_password(password)
        return False


class SignUpForm(forms.Form):
    """Name, address and a password, for "Write for us".

    The password goes through ``AUTH_PASSWORD_VALIDATORS``, compared with the name and
    address it would sit next to. ``honeypot`` is hidden from people; a bot that fills it
    in is answered as if it had signed up, and nothing happens.
    """

    name = display_name_field()
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send a link to confirm it. You log in with it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text=(
            "At least 10 characters. Not a common password, not only digits, "
            "not like your name or address."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label="Password again",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    honeypot = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bj-signup-%s")
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = services.normalise_name(self.cleaned_data["name"])
        if any(unicodedata.category(char) == "Cc" for char in name):
            raise forms.ValidationError("Use letters, spaces and punctuation only.", code="control")
        return name

    def clean_email(self):
        email = services.normalise_email(self.cleaned_data["email"])
        # The address is also the username, which holds fewer characters than an address.
        if len(email) > get_user_model()._meta.get_field("username").max_length:
            raise forms.ValidationError("This address is too long. Use a shorter one.")
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        confirm = cleaned.get("password_confirm")
        if password and confirm is not None and password != confirm:
            self.add_error("password_confirm", "The two passwords are not the same.")
        if password:
            user = services.new_contributor(
                name=cleaned.get("name") or "", email=cleaned.get("email") or ""
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def retry_initial(self):
        """What to show again in a fresh form: the name and address, never a password."""
        cleaned = getattr(self, "cleaned_data", {})
        return {key: cleaned[key] for key in ("name", "email") if cleaned.get(key)}


class ConfirmForm(forms.Form):
    """The password chosen at sign-up: with the emailed link, it proves both halves."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text="The one you chose when you signed up.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bj-confirm-%s")
        super().__init__(*args, **kwargs)


class ConfirmClickForm(forms.Form):
    """No field: the button that confirms from the browser that signed up. A POST, so a
    mail scanner that opens the link (a GET) confirms nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bj-confirm-%s")
        super().__init__(*args, **kwargs)


# The links the profile step offers, by AuthorLink kind; more are added in the admin.
PROFILE_LINK_KINDS = ("website", "github", "mastodon", "linkedin")


class ProfileForm(forms.Form):
    """The profile step after confirming: the author profile's name, bio, avatar and a few
    links (``blog.models.AuthorPage`` and ``AuthorLink``), with the page's own limits."""

    name = display_name_field()
    bio = forms.CharField(
        label="A short bio",
        required=False,
        max_length=MAX_BIO_CHARS,
        help_text=(
            f"Who you are and where you are on your way, in up to {MAX_BIO_CHARS} "
            "characters. Markdown works."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    avatar = CheckedImageField(
        label="Your photo or avatar",
        required=False,
        help_text="A square picture works best: JPEG, PNG, GIF or WebP.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bj-profile-%s")
        super().__init__(*args, **kwargs)
        labels = dict(AuthorLink.Kind.choices)
        for kind in PROFILE_LINK_KINDS:
            self.fields[f"link_{kind}"] = forms.URLField(
                label=labels[kind],
                required=False,
                max_length=500,
                assume_scheme="https",
                validators=[HTTP_URL],
                widget=forms.URLInput(attrs={"placeholder": "https://…"}),
            )

    def link_fields(self):
        return [self[f"link_{kind}"] for kind in PROFILE_LINK_KINDS]

    def clean_name(self):
        name = services.normalise_name(self.cleaned_data["name"])
        if not name or any(unicodedata.category(char) == "Cc" for char in name):
            raise forms.ValidationError("Use letters, spaces and punctuation only.", code="control")
        return name

    def links(self):
        return [
            (kind, self.cleaned_data[f"link_{kind}"])
            for kind in PROFILE_LINK_KINDS
            if self.cleaned_data.get(f"link_{kind}")
        ]

    @classmethod
    def initial_for(cls, profile):
        """What the form starts with: the profile as last saved (its latest revision)."""
        page = profile.get_latest_revision_as_object()
        initial = {"name": page.title, "bio": page.bio}
        for link in page.links.all():
            initial.setdefault(f"link_{link.kind}", link.url)
        return initial
