"""Pages of the access app: the user's own account (second factor, password, API token), the
working-scope switcher, users and grants, and the audit log. Split by subject (DESIGN: a module
past ~400 lines becomes a package); dangbo.access.urls names every view."""
