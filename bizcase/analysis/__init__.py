"""Uncertainty analyses of the model: one assumption at a time, and all at once (Monte Carlo)."""
