"""The store behind SQLAlchemy: its schema and migrations, the write path, the read path, the
records it yields, cross-article entities, and PostgreSQL's write locks."""
