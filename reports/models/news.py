from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.models.partnerships import LONG_TEXT, Partnership

# English is the partnerships' working language: every article is written in it first.
FALLBACK_LANGUAGE = "en"


class NewsArticle(models.Model):
    """A news item; its text lives in one NewsTranslation per language."""

    slug = models.SlugField(_("web address"), max_length=150, unique=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("partnership"),
        help_text=_("Optional: the article then appears on the partnership's page."),
    )
    published_on = models.DateField(_("published on"))

    # Not stored: the text a page shows it in, set by the views that list articles
    # (`translation_in` the page's language).
    translation: NewsTranslation | None

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("reports:news_article", kwargs={"slug": self.slug})

    def translation_in(self, language: str) -> NewsTranslation | None:
        """The text in `language`, else in English, else in any language the article has.
        Reads the prefetched translations."""
        by_language = {translation.language: translation for translation in self.translations.all()}
        for code in (language, FALLBACK_LANGUAGE):
            if code in by_language:
                return by_language[code]
        return next(iter(by_language.values()), None)


class NewsTranslation(models.Model):
    article = models.ForeignKey(NewsArticle, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    lead = models.TextField(_("lead paragraph"), max_length=2_000, blank=True)
    body = models.TextField(_("text"), max_length=LONG_TEXT * 5)

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="newstranslation_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"
