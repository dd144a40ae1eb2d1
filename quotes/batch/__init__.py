"""Many articles at once: reading them from disk, the ingest pipeline, and running extraction in
worker processes, on Dask or on Spark."""
