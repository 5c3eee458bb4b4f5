"""The build: fingerprints, artefacts, variants, chapter kernels, HTML, PDF, workbooks, generated files."""
