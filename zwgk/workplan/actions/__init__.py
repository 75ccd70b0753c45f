"""State changes of the 工作要点 ledger: each checks permission, changes rows, writes an audit event.

One module per aggregate: plan (import), ledger (tasks), supervision, scoring, team (team and training).
"""
