"""The one table of an application's moves (Art 45: 登记 → 审核 → 办理 → 答复 → 归档), with their guards.

Several moves join the same pair of statuses (撤回, 逾期不补正 and 逾期未缴费 all end an open application, each with
its own guard), so the table is keyed by the move's name and `RESULTS` says where each move leads; steps inside
办理 that do not change the status (征求意见, 收费, 延期, 拟定答复 …) are moves whose result is None. The actions
call `FLOW.apply/check`; the detail page shows a button for each of `FLOW.available_moves(app, user)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from zwgk.applications.models import OPEN_STATUSES, Status
from zwgk.core.workflow import Workflow

HANDLE = "applications.handle"
ALL_STATUSES = frozenset(Status.values)

# move → (from statuses, permission, status after the move or None for a step inside the current status)
MOVES: dict[str, tuple[Iterable[str], str, str | None]] = {
    "register": ({Status.SUBMITTED}, "applications.register", Status.REGISTERED),
    "accept": ({Status.REGISTERED}, HANDLE, Status.PROCESSING),
    "request_correction": ({Status.REGISTERED, Status.PROCESSING}, HANDLE, Status.AWAITING_CORRECTION),
    "record_correction": ({Status.AWAITING_CORRECTION}, HANDLE, Status.PROCESSING),
    "transfer": ({Status.SUBMITTED, Status.REGISTERED, Status.PROCESSING}, HANDLE, Status.REGISTERED),
    "submit_for_legal_review": ({Status.PROCESSING}, HANDLE, Status.LEGAL_REVIEW),
    "return_legal_review": ({Status.LEGAL_REVIEW}, "applications.legal_review", Status.PROCESSING),
    "approve_legal_review": ({Status.LEGAL_REVIEW}, "applications.legal_review", Status.APPROVED),
    "reopen_draft": ({Status.APPROVED}, HANDLE, Status.PROCESSING),
    "send_reply": ({Status.APPROVED}, HANDLE, Status.REPLIED),
    "end_no_correction": ({Status.AWAITING_CORRECTION}, HANDLE, Status.ENDED),
    "end_no_payment": ({Status.PROCESSING}, HANDLE, Status.ENDED),
    "withdraw": (OPEN_STATUSES, HANDLE, Status.ENDED),
    "archive": ({Status.REPLIED, Status.ENDED}, HANDLE, Status.ARCHIVED),
    # steps that need a status but do not change it
    "assign": (ALL_STATUSES, "applications.assign", None),
    "consult": ({Status.PROCESSING}, HANDLE, None),
    "record_consultation": (ALL_STATUSES, HANDLE, None),
    "fee": ({Status.PROCESSING}, HANDLE, None),
    "record_payment": (OPEN_STATUSES, HANDLE, None),
    "extend": ({Status.PROCESSING, Status.LEGAL_REVIEW, Status.APPROVED}, HANDLE, None),
    "decide_extension": (ALL_STATUSES, "applications.approve_extension", None),
    "draft": ({Status.PROCESSING}, HANDLE, None),
}

MOVE_LABELS: dict[str, str] = {
    "register": "登记",
    "accept": "审核通过，进入办理",
    "request_correction": "发出补正通知",
    "record_correction": "收到补正",
    "transfer": "转送其他机关",
    "submit_for_legal_review": "提交法律审核",
    "return_legal_review": "法律审核退回修改",
    "approve_legal_review": "法律审核通过",
    "reopen_draft": "撤回修改答复",
    "send_reply": "发出答复",
    "end_no_correction": "逾期不补正，终止处理",
    "end_no_payment": "逾期未缴费，终止处理",
    "withdraw": "申请人撤回申请",
    "archive": "归档",
    "assign": "分配承办人",
    "consult": "征求意见",
    "record_consultation": "记录征求意见结果",
    "fee": "发出收费通知",
    "record_payment": "记录缴费",
    "extend": "申请延期",
    "decide_extension": "审批延期",
    "draft": "拟定答复",
}


def _correction(app: Any) -> Any:
    return getattr(app, "correction", None)


def _fee(app: Any) -> Any:
    return getattr(app, "fee", None)


def _open_only(app: Any, today: date) -> str | None:
    return None if app.is_open else "已办结的申请不能再分配承办人"


def _received(app: Any, today: date) -> str | None:
    return None if app.received_on is not None else "请先登记确认收到申请，再转送"


def _one_correction(app: Any, today: date) -> str | None:
    if _correction(app) is not None:
        return "补正通知只能发出一次（第三十条：一次性告知申请人作出补正）"
    return None


def _correction_lapsed(app: Any, today: date) -> str | None:
    correction = _correction(app)
    if correction is None:
        return "没有补正通知"
    if today <= correction.correction_due:
        return f"补正期限 {correction.correction_due} 尚未届满，不能按逾期不补正终止"
    return None


def _open_consultation(app: Any, today: date) -> str | None:
    if any(c.answered_on is None for c in app.consultations.all()):
        return None
    return "没有待记录结果的征求意见"


def _one_fee(app: Any, today: date) -> str | None:
    if _fee(app) is not None:
        return "每件申请只能选择一种计收方式、发出一次收费通知（国办函〔2020〕109号第三条）"
    return None


def _unpaid(app: Any, today: date) -> str | None:
    fee = _fee(app)
    if fee is None:
        return "没有收费通知"
    return "已记录缴费" if fee.paid_on is not None else None


def _payment_lapsed(app: Any, today: date) -> str | None:
    """109号: an unpaid fee notice whose payment period has run out."""
    fee = _fee(app)
    if fee is None or fee.paid_on is not None:
        return "没有未缴费的收费通知"
    if fee.pay_due is None:
        return "缴费期限尚无法计算（节假日安排未录入），不能按逾期未缴费终止"
    if today <= fee.pay_due:
        return f"缴费期限 {fee.pay_due} 尚未届满"
    return None


def _extendable(app: Any, today: date) -> str | None:
    """Art 33(2): the reply period may be extended once, by one request at a time."""
    extensions = list(app.extensions.all())
    if any(e.approved for e in extensions):
        return "答复期限只能延长一次（第三十三条第二款）"
    if any(e.approved is None for e in extensions):
        return "已有待审批的延期申请"
    return None


def _pending_extension(app: Any, today: date) -> str | None:
    if any(e.approved is None for e in app.extensions.all()):
        return None
    return "没有待审批的延期申请"


def _drafted(app: Any, today: date) -> str | None:
    return None if getattr(app, "reply", None) is not None else "请先拟定答复"


GUARDS_BY_MOVE = {
    "assign": _open_only,
    "transfer": _received,
    "request_correction": _one_correction,
    "end_no_correction": _correction_lapsed,
    "record_consultation": _open_consultation,
    "fee": _one_fee,
    "record_payment": _unpaid,
    "end_no_payment": _payment_lapsed,
    "extend": _extendable,
    "decide_extension": _pending_extension,
    "submit_for_legal_review": _drafted,
}

FLOW = Workflow(
    {(source, move): perm for move, (sources, perm, _) in MOVES.items() for source in sorted(sources)},
    labels={**dict(Status.choices), **MOVE_LABELS},
    guards={
        (source, move): guard for move, guard in GUARDS_BY_MOVE.items() for source in sorted(MOVES[move][0])
    },
    results={move: result for move, (_, _, result) in MOVES.items()},
)
