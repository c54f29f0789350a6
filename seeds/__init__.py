"""CSV importers (LinkedIn export, crosspaths formats), the demo data set and the synthetic-graph generator."""
