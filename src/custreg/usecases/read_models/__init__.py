"""The core's default read models: the KPI figures, the card tabs and the reports computed from
the repositories, for a host whose registry offers no pushdown of its own."""
