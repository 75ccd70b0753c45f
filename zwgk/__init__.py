"""zwgk — 政务公开平台 (government information disclosure platform)."""

__version__ = "0.1.0"
