"""The graph of who said what about whom, built from the store's records, and its exports:
GraphML, GEXF, node-link JSON and CSV."""
