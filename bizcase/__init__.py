"""bizcase: the business case ICT-samenwerking Haarlem-Haarlemmermeer (2013), rebuilt as a model."""

__version__ = "0.1.0"
