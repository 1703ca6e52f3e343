"""NHS Trust Index warehouse: landing, synthetic data and build orchestration."""

__version__ = "0.1.0"
