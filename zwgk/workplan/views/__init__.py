"""Workspace pages of the 工作要点 ledger (thin views: access helper → action → template / xlsx)."""
