from django import forms

from .models import Frequency, Scope


class FollowForm(forms.Form):
    """The follow box: an address and how often. What to follow comes from hidden fields
    the box fills in (``scope`` and ``slug``), checked against what readers can see."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.EACH,
        widget=forms.RadioSelect,
    )
    scope = forms.ChoiceField(choices=Scope.choices, widget=forms.HiddenInput)
    slug = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices)
