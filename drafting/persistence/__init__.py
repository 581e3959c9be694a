"""Keeping outcomes: SQLAlchemy tables, the repository and the unit of work.

SQLite is the embedded default; PostgreSQL is used when DATABASE_URL names it. Alembic
migrations (drafting/persistence/migrations) own the schema.
"""
