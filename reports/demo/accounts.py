"""The demo accounts: fictitious people, one per persona of the specification."""

from dataclasses import dataclass

from accounts.models import Role

from .partnerships import PARTNERSHIP_WITHOUT_REPORTS

# Printed by `load_demo`; long enough for the password validators, and dated so nobody
# mistakes it for a real one.
PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class Account:
    username: str
    first_name: str
    last_name: str
    email: str
    role: Role
    organisation: str
    partnerships: tuple[str, ...] = ()  # short names of the partnerships coordinated
    is_superuser: bool = False


ACCOUNTS = [
    Account(
        "coordinator",
        "Maïwenn",
        "Le Goff",
        "maiwenn.legoff@bretagne.example.org",
        Role.COORDINATOR,
        "Brittany Region",
        partnerships=("Cybersecurity",),
    ),
    # Coordinates a partnership without any report, to fill one in from scratch.
    Account(
        "coordinator2",
        "Lucía",
        "Ortega Ruiz",
        "lucia.ortega@andalucia.example.org",
        Role.COORDINATOR,
        "Andalusian Energy Agency",
        partnerships=(PARTNERSHIP_WITHOUT_REPORTS,),
    ),
    # The JRC officer who is also the Cybersecurity partnership's JRC contact.
    Account(
        "reviewer",
        "Pieter",
        "Vandermeulen",
        "pieter.vandermeulen@jrc.example.org",
        Role.REVIEWER,
        "European Commission, Joint Research Centre",
    ),
    Account(
        "admin",
        "Ana",
        "Dimitrova",
        "ana.dimitrova@s3monitor.example.org",
        Role.ADMINISTRATOR,
        "S3 Partnership Monitor",
        is_superuser=True,
    ),
]
