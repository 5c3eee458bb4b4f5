"""The core: schema, typed parameters, inputs, and the model with its metrics. Imports nothing above it."""
