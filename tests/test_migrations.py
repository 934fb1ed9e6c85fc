from io import StringIO

from django.core.management import call_command


def test_no_pending_migrations(db):
    """A model change without its migration fails here, before it fails in production."""
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        raise AssertionError(f"Models changed without a migration:\n{out.getvalue()}") from exit_
