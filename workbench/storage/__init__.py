"""The only layer that speaks SQL: the .wbproj schema, migrations, backups and queries."""
