"""Sign-in with EU Login, against a real CAS server (tests/eu_login_server.py).

Every test goes through the protocol: our login view sends the browser to the CAS server,
the person types their password there, the browser comes back with a ticket, and our server
validates it over HTTP. EU Login says who someone is; only an administrator says what they
may do.
"""

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts import eu_login as eu_login_module
from accounts.models import User
from tests.eu_login_server import HIGH, Browser, path_of, sign_in

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def signed_in_user(client: Client):
    return client.get(reverse("reports:home")).wsgi_request.user


@pytest.fixture
def pieter(eu_login):
    """A JRC reviewer known to EU Login as n00pieter, with their address in another case."""
    eu_login.add("n00pieter", email="Pieter.Vandermeulen@ec.europa.eu", first="Pieter", last="V")
    return "n00pieter"


def test_an_existing_account_is_found_by_its_email_and_keeps_its_role(client, pieter, reviewer):
    reviewer.email = "pieter.vandermeulen@ec.europa.eu"
    reviewer.save()

    response, _ = sign_in(client, pieter, next_page=reverse("reports:review_dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:review_dashboard")
    assert signed_in_user(client) == reviewer
    reviewer.refresh_from_db()
    assert reviewer.role == User.Role.REVIEWER
    assert reviewer.eu_login_id == "n00pieter"
    assert client.get(reverse("reports:review_dashboard")).status_code == 200
    assert User.objects.count() == 1


def test_a_first_sign_in_makes_an_account_with_the_attributes_and_no_role(client, eu_login):
    eu_login.add("n00lucia", email="lucia@andalucia.example.org", first="Lucía", last="Ortega Ruiz")

    response, _ = sign_in(client, "n00lucia")

    assert response.status_code == 302 and response["Location"] == reverse("reports:home")
    user = User.objects.get(eu_login_id="n00lucia")
    assert signed_in_user(client) == user
    assert (user.username, user.email, user.first_name, user.last_name, user.eu_login_domain) == (
        "n00lucia",
        "lucia@andalucia.example.org",
        "Lucía",
        "Ortega Ruiz",
        "external",
    )
    # Nobody gets a role, staff status or a password from EU Login.
    assert user.role == User.Role.NONE and user.has_no_role
    assert not user.is_staff and not user.is_superuser
    assert not is_password_usable(user.password)
    workspace = client.get(reverse("reports:workspace"))
    assert "Your account has no role yet" in workspace.content.decode()
    # Pages name them as people know them, not by their EU Login user id.
    assert "Signed in as Lucía Ortega Ruiz" in workspace.content.decode()
    assert client.get(reverse("reports:review_dashboard")).status_code == 404


def test_the_same_person_signing_in_again_with_a_new_email_finds_their_account(client, eu_login):
    eu_login.add("n00aino", email="aino@lapland.example.fi", first="Aino", last="Virtanen")
    sign_in(client, "n00aino")
    user = User.objects.get(eu_login_id="n00aino")
    user.role = User.Role.COORDINATOR
    user.save()
    client.logout()

    eu_login.add("n00aino", email="aino.virtanen@lapland.example.fi", first="Aino", last="V.")
    sign_in(Client(), "n00aino")

    assert User.objects.count() == 1
    user.refresh_from_db()
    assert (user.email, user.last_name, user.role) == (
        "aino.virtanen@lapland.example.fi",
        "V.",
        User.Role.COORDINATOR,
    )


def test_signing_out_ends_the_session_here_and_at_eu_login(client, eu_login, pieter):
    login_at_eu_login = client.get(reverse("eu_login"))["Location"]
    browser = Browser()
    client.get(path_of(browser.sign_in(login_at_eu_login, pieter)))
    assert signed_in_user(client).is_authenticated
    # Signed in at EU Login: it would let the person straight back in.
    assert not browser.is_asked_for_a_password(login_at_eu_login)

    signed_out = client.post(reverse("logout"))

    assert signed_out.status_code == 302
    assert signed_out["Location"] == f"{eu_login.url}logout?service=http%3A%2F%2Ftestserver%2F"
    assert not signed_in_user(client).is_authenticated
    back_home = browser.follow(signed_out["Location"])
    assert back_home.headers["Location"] == "http://testserver/"
    assert browser.is_asked_for_a_password(login_at_eu_login)


def test_signing_out_after_a_local_sign_in_stays_here(client, eu_login, administrator):
    client.force_login(administrator, backend="django.contrib.auth.backends.ModelBackend")

    signed_out = client.post(reverse("logout"))

    assert signed_out.status_code == 302 and signed_out["Location"] == reverse("reports:home")
    assert not signed_in_user(client).is_authenticated


def test_a_forged_ticket_is_refused_and_creates_nothing(client, eu_login):
    response = client.get(reverse("eu_login") + "?ticket=ST-forged-by-someone")

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert messages_of(response) == [
        "EU Login did not confirm this sign-in: the link has expired or was already used. "
        "Please sign in again."
    ]
    assert not signed_in_user(client).is_authenticated
    assert not User.objects.exists()


def test_a_ticket_used_once_is_refused_the_second_time(client, eu_login):
    eu_login.add("n00ana", email="ana@example.eu", first="Ana", last="Ferreira")
    to_eu_login = client.get(reverse("eu_login"))
    back_with_ticket = path_of(Browser().sign_in(to_eu_login["Location"], "n00ana"))
    assert client.get(back_with_ticket).status_code == 302
    assert signed_in_user(client).is_authenticated

    replayed = Client().get(back_with_ticket)

    assert replayed["Location"].startswith(reverse("login"))
    assert "already used" in messages_of(replayed)[0]
    assert User.objects.count() == 1


def test_an_email_of_two_accounts_is_refused_with_a_word_to_the_administrator(client, eu_login):
    User.objects.create_user("twin-1", email="shared@example.eu")
    User.objects.create_user("twin-2", email="SHARED@example.eu")
    eu_login.add("n00shared", email="shared@example.eu", first="Sam", last="Shared")

    response, _ = sign_in(client, "n00shared", next_page=reverse("reports:workspace"))

    assert response["Location"] == f"{reverse('login')}?next=%2Fworkspace%2F"
    assert messages_of(response) == [
        "Your e-mail address matches more than one account here, so we cannot tell which one "
        "is yours. Contact the site administrator."
    ]
    assert not signed_in_user(client).is_authenticated
    assert User.objects.count() == 2 and not User.objects.filter(eu_login_id__isnull=False)


def test_an_email_of_an_account_linked_to_another_eu_login_is_refused(client, eu_login, pieter):
    sign_in(Client(), pieter)
    eu_login.add("n00impostor", email="pieter.vandermeulen@ec.europa.eu", first="P", last="V")

    response, _ = sign_in(client, "n00impostor")

    assert "Contact the site administrator" in messages_of(response)[0]
    assert User.objects.count() == 1


def test_an_assurance_level_below_the_accepted_one_is_refused(client, eu_login, settings):
    settings.EU_LOGIN_MIN_ASSURANCE = settings.EU_LOGIN_ASSURANCE_LEVELS["HIGH"]
    eu_login.add("n00low", email="low@example.eu", first="Lo", last="W")
    eu_login.add("n00high", email="high@example.eu", first="Hi", last="Gh", assurance=HIGH)

    refused, _ = sign_in(client, "n00low")
    accepted, _ = sign_in(Client(), "n00high")

    assert refused["Location"].startswith(reverse("login"))
    assert "assurance level" in messages_of(refused)[0]
    assert accepted["Location"] == reverse("reports:home")
    assert list(User.objects.values_list("eu_login_id", flat=True)) == ["n00high"]


def test_an_address_on_another_site_is_not_where_sign_in_leads(client, pieter):
    response, _ = sign_in(client, pieter, next_page="https://phishing.example.com/")

    assert response["Location"] == reverse("reports:home")


def test_a_person_returning_in_bulgarian_stays_in_bulgarian(client, pieter):
    to_eu_login = client.get("/bg" + reverse("eu_login") + "?next=/bg/workspace/")
    back = Browser().sign_in(to_eu_login["Location"], pieter)

    assert client.get(path_of(back))["Location"] == "/bg/workspace/"


def test_eu_login_unreachable_is_said_plainly(client, settings, db):
    settings.CAS_SERVER_URL = "http://127.0.0.1:9/cas/"

    response = client.get(reverse("eu_login") + "?ticket=ST-anything")

    assert messages_of(response) == [
        "EU Login could not be reached to confirm your sign-in. Please try again later."
    ]


class TestTheLoginPage:
    def test_with_eu_login_it_is_offered_first_keeping_where_the_person_was_going(
        self, client, eu_login
    ):
        page = client.get(reverse("login") + "?next=/workspace/").content.decode()

        assert f'href="{reverse("eu_login")}?next=/workspace/"' in page
        assert page.index("Sign in with EU Login") < page.index("Administrators: local account")
        assert page.index("Administrators: local account") < page.index('name="password"')
        # Nothing draws the eye to the administrators' form.
        assert "autofocus" not in page

    def test_without_eu_login_only_the_local_form_is_there(self, client, db, settings):
        settings.CAS_SERVER_URL = ""

        page = client.get(reverse("login")).content.decode()

        assert "EU Login" not in page and 'name="password"' in page
        assert client.get(reverse("eu_login")).status_code == 404


class TestLocalPasswords:
    """With EU Login, local passwords are the administrators' way in when it is down."""

    def log_in(self, client, username, password):
        return client.post(reverse("login"), {"username": username, "password": password})

    def test_with_eu_login_a_coordinator_is_sent_to_eu_login(self, client, eu_login, coordinator):
        response = self.log_in(client, "coordinator", "pw-coordinator")

        assert response.status_code == 200
        assert "Please sign in with EU Login" in response.content.decode()
        assert not signed_in_user(client).is_authenticated

    def test_with_eu_login_an_administrator_still_signs_in(self, client, eu_login, administrator):
        response = self.log_in(client, "administrator", "pw-administrator")

        assert response.status_code == 302
        assert signed_in_user(client) == administrator

    def test_without_eu_login_everyone_signs_in(self, client, settings, coordinator):
        settings.CAS_SERVER_URL = ""

        assert self.log_in(client, "coordinator", "pw-coordinator").status_code == 302
        assert signed_in_user(client) == coordinator


def test_the_admin_shows_a_newcomer_with_no_role_and_their_eu_login_id(client, eu_login):
    eu_login.add("n00newbie", email="newbie@example.eu", first="New", last="Bie")
    sign_in(Client(), "n00newbie")
    newcomer = User.objects.get(eu_login_id="n00newbie")
    administrator = User.objects.create_user(
        "break-glass", role=User.Role.ADMINISTRATOR, is_superuser=True
    )
    client.force_login(administrator)

    page = client.get(reverse("admin:accounts_user_change", args=[newcomer.pk])).content.decode()

    assert '<option value="" selected>No role yet</option>' in page
    assert "n00newbie" in page and "external" in page


def test_two_first_sign_ins_of_one_person_at_once_open_the_same_account(
    client, eu_login, monkeypatch
):
    """Two tabs, or a double click: the other sign-in makes the account between this one's
    lookup and its insert, and this one's insert collides with it. That is not an error: the
    sign-in looks again and opens the one account. (The other tab's insert is made here in
    this sign-in's transaction, so it is undone with the collision; what is checked is that
    the collision is taken in its stride and leaves one account.)"""
    eu_login.add("n00marta", email="marta@example.eu", first="Marta", last="Kask")
    look_up_by_email = eu_login_module.account_to_link
    made_by_the_other_tab = []

    def the_other_tab_was_quicker(email):
        if not made_by_the_other_tab:
            made_by_the_other_tab.append(
                User.objects.create(username="n00marta", eu_login_id="n00marta")
            )
        return look_up_by_email(email)

    monkeypatch.setattr(eu_login_module, "account_to_link", the_other_tab_was_quicker)

    response, _ = sign_in(client, "n00marta")

    assert response.status_code == 302 and response["Location"] == reverse("reports:home")
    assert made_by_the_other_tab  # the collision happened
    account = User.objects.get()
    assert signed_in_user(client) == account
    assert (account.eu_login_id, account.email) == ("n00marta", "marta@example.eu")
