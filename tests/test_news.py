"""The news pages: /news/ and /news/<slug>/, in the visitor's language where a translation
exists, in English otherwise, with links to the article's other languages."""

import datetime

import pytest

from reports.models import NewsArticle, NewsTranslation


def article(slug, published_on, partnership=None, **titles):
    """An article with one translation per keyword argument: en="Title", bg="Заглавие"."""
    news = NewsArticle.objects.create(slug=slug, partnership=partnership, published_on=published_on)
    for language, title in titles.items():
        NewsTranslation.objects.create(
            article=news, language=language, title=title, lead=f"Lead of {title}", body="Text."
        )
    return news


@pytest.fixture
def bilingual(partnership):
    return article(
        "ecso-week",
        datetime.date(2021, 3, 1),
        partnership,
        en="ECSO at the Week of Regions",
        bg="ECSO на Седмицата на регионите",
    )


@pytest.fixture
def english_only(partnership):
    return article("english-only", datetime.date(2021, 2, 1), partnership, en="Only in English")


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The list


def test_list_shows_newest_first(client, db):
    article("middle", datetime.date(2021, 5, 1), en="Middle")
    article("oldest", datetime.date(2020, 1, 1), en="Oldest")
    article("newest", datetime.date(2022, 9, 1), en="Newest")

    html = html_of(client, "/news/")

    assert html.index("Newest") < html.index("Middle") < html.index("Oldest")
    assert 'href="/news/newest/"' in html
    assert "1 September 2022" in html


def test_list_in_the_visitors_language(client, bilingual, english_only):
    html = html_of(client, "/bg/news/")

    assert '<html lang="bg">' in html
    assert "<h1>Новини</h1>" in html
    assert "ECSO на Седмицата на регионите" in html
    assert "ECSO at the Week of Regions" not in html
    assert "Only in English" in html  # no Bulgarian text: English, marked as such
    assert 'lang="en"' in html
    assert "1 март 2021" in html


def test_list_links_the_partnership(client, bilingual, partnership):
    assert f'href="{partnership.get_absolute_url()}"' in html_of(client, "/news/")


def test_list_leaves_out_inactive_partnerships_and_empty_articles(client, bilingual, partnership):
    partnership.is_active = False
    partnership.save()
    NewsArticle.objects.create(slug="no-text", published_on=datetime.date(2023, 1, 1))

    html = html_of(client, "/news/")

    assert "ECSO at the Week of Regions" in html
    assert partnership.get_absolute_url() not in html
    assert "/news/no-text/" not in html


def test_empty_list(client, db):
    assert "No news yet." in html_of(client, "/news/")


def test_list_is_paginated(client, db):
    for number in range(25):
        article(
            f"a-{number}",
            datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            en=f"N{number:02}",
        )

    first = html_of(client, "/news/")
    second = html_of(client, "/news/?page=2")

    assert "N24" in first and "N05" in first and "N04" not in first
    assert "N04" in second and "N00" in second
    assert "Page 1 of 2" in first
    assert "N24" in html_of(client, "/news/?page=x")


# One article


def test_article_in_the_visitors_language(client, bilingual):
    english = html_of(client, "/news/ecso-week/")
    bulgarian = html_of(client, "/bg/news/ecso-week/")

    assert "<h1>ECSO at the Week of Regions</h1>" in english
    assert '<article class="prose" lang="en">' in english
    assert "<h1>ECSO на Седмицата на регионите</h1>" in bulgarian
    assert '<article class="prose" lang="bg">' in bulgarian
    assert "1 март 2021" in bulgarian
    assert "не е налична" not in bulgarian


def test_article_falls_back_to_english_with_a_notice(client, english_only):
    html = html_of(client, "/bg/news/english-only/")

    assert '<html lang="bg">' in html
    assert "<h1>Only in English</h1>" in html
    assert '<article class="prose" lang="en">' in html
    assert "Тази статия не е налична на български. Показана е на английски." in html


def test_article_links_to_its_other_languages(client, bilingual):
    english = html_of(client, "/news/ecso-week/")
    bulgarian = html_of(client, "/bg/news/ecso-week/")

    assert 'href="/bg/news/ecso-week/" hreflang="bg" lang="bg">Български</a>' in english
    assert 'href="/news/ecso-week/" hreflang="en" lang="en">English</a>' in bulgarian
    assert "Тази статия на други езици" in bulgarian


def test_article_without_other_languages_has_no_language_links(client, english_only):
    assert "This article in other languages" not in html_of(client, english_only.get_absolute_url())


def test_article_links_its_partnership_and_the_list(client, bilingual, partnership):
    html = html_of(client, bilingual.get_absolute_url())

    assert f'href="{partnership.get_absolute_url()}"' in html
    assert "More about Cybersecurity Smart Regions" in html
    assert 'href="/news/"' in html


def test_article_appears_on_its_partnerships_page(client, bilingual, partnership):
    html = html_of(client, "/bg" + partnership.get_absolute_url())

    assert 'href="/bg/news/ecso-week/"' in html
    assert "ECSO на Седмицата на регионите" in html


def test_article_text_is_escaped(client, db):
    news = article("x", datetime.date(2021, 1, 1), en="<script>alert(1)</script>")

    html = html_of(client, news.get_absolute_url())

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_slug_is_404(client, db):
    assert client.get("/news/nothing-here/").status_code == 404


def test_article_without_text_is_404(client, db):
    NewsArticle.objects.create(slug="empty", published_on=datetime.date(2021, 1, 1))

    assert client.get("/news/empty/").status_code == 404
