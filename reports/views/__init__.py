"""Views, one module per audience: `public` for visitors who do not sign in."""
