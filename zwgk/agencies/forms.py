from django import forms

from zwgk.agencies.actions import CONTACT_FIELDS
from zwgk.agencies.models import Agency


class ContactForm(forms.ModelForm):
    website = forms.URLField(label="网址", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = CONTACT_FIELDS
