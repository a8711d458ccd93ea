from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import MAX_PHOTOS, MAX_TEXT

RATINGS = [(n, str(n)) for n in range(5, 0, -1)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to five files in one input (each checked as an image by the service)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Add at most 5 photos."))
        return [super(PhotosField, self).clean(file, initial) for file in files]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did you buy it for, and how does it do? At most 5,000 characters."),
    )
    language = forms.ChoiceField(label=_("Language of your review"), choices=settings.LANGUAGES)
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 5 photos, JPEG, PNG or WebP, at most 5 MB each."),
    )
