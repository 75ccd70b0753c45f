from django.urls import path

from zwgk.core import lazy

# Views named by path (zwgk.core.lazy.views): loading the URLconf imports no view module.
plan = lazy.views("zwgk.workplan.views.plan")
scoring = lazy.views("zwgk.workplan.views.scoring")
supervision = lazy.views("zwgk.workplan.views.supervision")
tasks = lazy.views("zwgk.workplan.views.tasks")
team = lazy.views("zwgk.workplan.views.team")


app_name = "workplan"

W = "workspace/workplan/"

urlpatterns = [
    path(W, plan.ledger, name="ledger"),
    path(f"{W}import/", plan.import_view, name="import"),
    path(f"{W}<int:year>/", plan.plan_overview, name="plan"),
    path(f"{W}<int:year>/items/<int:seq>/", plan.item_detail, name="item"),
    path(f"{W}<int:year>/items/<int:seq>/indicators/", plan.item_indicators, name="item_indicators"),
    path(f"{W}<int:year>/units/<int:agency_id>/", plan.unit_ledger, name="unit_ledger"),
    path(f"{W}tasks/<int:pk>/", tasks.task_detail, name="task"),
    path(f"{W}milestones/<int:pk>/done/", tasks.milestone_done, name="milestone_done"),
    path(f"{W}evidence/<int:pk>/", tasks.evidence_download, name="evidence"),
    path(f"{W}supervision/", supervision.supervision_current, name="supervision_current"),
    path(f"{W}<int:year>/supervision/", supervision.supervision, name="supervision"),
    path(f"{W}<int:year>/reminders/", supervision.send_reminder, name="send_reminder"),
    path(f"{W}reminders/<int:pk>/ack/", supervision.acknowledge_reminder, name="reminder_ack"),
    path(f"{W}<int:year>/inspections/", supervision.inspections, name="inspections"),
    path(f"{W}<int:year>/inspections/new/", supervision.inspection_new, name="inspection_new"),
    path(f"{W}inspections/<int:pk>/", supervision.inspection_detail, name="inspection"),
    path(f"{W}findings/<int:pk>/rectify/", supervision.finding_rectify, name="finding_rectify"),
    path(f"{W}<int:year>/bulletins/", supervision.bulletins, name="bulletins"),
    path(f"{W}bulletins/<int:pk>/download/", supervision.bulletin_download, name="bulletin_download"),
    path(f"{W}bulletins/<int:pk>/void/", supervision.bulletin_void, name="bulletin_void"),
    path(f"{W}<int:year>/review/", supervision.review, name="review"),
    path(f"{W}review/<int:pk>/report/", supervision.review_report, name="review_report"),
    path(f"{W}review/<int:pk>/verify/", supervision.review_verify, name="review_verify"),
    path(f"{W}scores/", scoring.scores_current, name="scores_current"),
    path(f"{W}<int:year>/scores/", scoring.scores, name="scores"),
    path(f"{W}<int:year>/scores/lines/", scoring.lines, name="score_lines"),
    path(f"{W}<int:year>/scores/compute/", scoring.compute, name="score_compute"),
    path(f"{W}<int:year>/scores/adjust/", scoring.adjust, name="score_adjust"),
    path(f"{W}<int:year>/scores/weight/", scoring.weight, name="score_weight"),
    path(f"{W}team/", team.team, name="team"),
    path(f"{W}team/liaison/", team.liaison_change, name="liaison_change"),
    path(f"{W}team/members/<int:pk>/", team.member_detail, name="member"),
    path(f"{W}filings/", team.filings, name="filings"),
    path(f"{W}filings/<int:pk>/", team.filing_detail, name="filing"),
    path(f"{W}trainings/", team.trainings, name="trainings"),
    path(f"{W}trainings/<int:pk>/", team.training_detail, name="training"),
]
