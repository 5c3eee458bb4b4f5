"""The fit to the published report: reference figures, comparison, calibration and validation."""
