"""The unit's 政务公开 team, liaison filings (备案), and training records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from zwgk.accounts.permissions import can, require
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.workplan.access import get_filing, get_member, get_training, int_or_404
from zwgk.workplan.actions import team as actions
from zwgk.workplan.forms import (
    AttendeesForm,
    LeaveForm,
    LiaisonChangeForm,
    MemberForm,
    NoteForm,
    TrainingSessionForm,
)
from zwgk.workplan.models import (
    FILING_FLOW,
    Duty,
    FilingStatus,
    LiaisonFiling,
    TeamMember,
    TrainingAttendance,
    TrainingSession,
)


def _team_agency(request: HttpRequest) -> Agency:
    wanted = request.GET.get("agency")
    agency = get_object_or_404(Agency, pk=int_or_404(wanted)) if wanted else current_agency(request)
    if agency is None:
        raise PermissionDenied("您尚未被分配到任何单位。")
    require(request.user, "workplan.view_team", agency, "您只能查看本单位的政务公开队伍。")
    return agency


@login_required
def team(request: HttpRequest) -> HttpResponse:
    agency = _team_agency(request)
    can_manage = can(request.user, "workplan.manage_team", agency)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "workplan.manage_team", agency)
        if form.is_valid():
            try:
                member = actions.add_member(agency, form.cleaned_data, by=request.user)
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"已登记{member.name}。"
                    + ("联络员已报区政务公开主管部门备案。" if member.duty == Duty.LIAISON else ""),
                )
                return redirect(f"{request.path}?agency={agency.pk}")
    members = (
        TeamMember.objects.filter(agency=agency)
        .annotate(trainings=Count("attendances", distinct=True))
        .order_by("-active", "duty", "id")
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{agency.short_name}-政务公开工作人员.xlsx",
            ["姓名", "分工", "职务", "联系电话", "电子邮箱", "在岗", "起始日期", "离岗日期", "参训次数"],
            (
                (
                    m.name,
                    m.get_duty_display(),
                    m.position,
                    m.phone,
                    m.email,
                    "是" if m.active else "否",
                    m.since,
                    m.left_on,
                    m.trainings,
                )
                for m in members
            ),
            title="政务公开队伍",
        )
    return render(
        request,
        "workplan/team.html",
        {
            "agency": agency,
            "members": members,
            "liaison": actions.current_liaison(agency),
            "filings": LiaisonFiling.objects.filter(agency=agency).select_related("member", "previous")[:10],
            "form": form,
            "can_manage": can_manage,
            "can_file": can(request.user, "workplan.file_liaison"),
        },
    )


@login_required
def liaison_change(request: HttpRequest) -> HttpResponse:
    agency = _team_agency(request)
    require(request.user, "workplan.manage_team", agency)
    previous = actions.current_liaison(agency)
    form = LiaisonChangeForm(request.POST or None)
    candidates = TeamMember.objects.filter(agency=agency, active=True).exclude(duty=Duty.LIAISON)
    form.fields["member"].queryset = candidates  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = actions.change_liaison(
                agency,
                by=request.user,
                handover=data["handover"],
                effective_on=data["effective_on"],
                member=data["member"],
                new_member=None
                if data["member"]
                else {
                    "name": data["name"],
                    "position": data["position"],
                    "phone": data["phone"],
                    "email": data["email"],
                },
                previous_leaves=data["previous_leaves"],
            )
        except Refused as exc:
            form.add_error("handover" if "交接" in str(exc) else None, str(exc))
        else:
            messages.success(request, "联络员已变更，并已报区政务公开主管部门备案。")
            return redirect("workplan:filing", pk=filing.pk)
    return render(
        request, "workplan/liaison_change.html", {"agency": agency, "previous": previous, "form": form}
    )


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member(request.user, pk)
    can_manage = can(request.user, "workplan.manage_team", member)
    form = MemberForm(
        request.POST if request.method == "POST" and "save" in request.POST else None,
        initial={
            "name": member.name,
            "position": member.position,
            "phone": member.phone,
            "email": member.email,
            "duty": member.duty,
            "since": member.since,
        },
    )
    form.fields["duty"].disabled = True
    leave_form = LeaveForm(request.POST if request.method == "POST" and "leave" in request.POST else None)
    if request.method == "POST":
        require(request.user, "workplan.manage_team", member)
        try:
            if "save" in request.POST and form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "duty"}
                actions.update_member(member, data, by=request.user)
                messages.success(request, "已保存。")
                return redirect("workplan:member", pk=member.pk)
            if "leave" in request.POST and leave_form.is_valid():
                actions.member_leaves(member, leave_form.cleaned_data["left_on"], by=request.user)
                messages.success(request, f"{member.name}已登记离岗。")
                return redirect(reverse("workplan:team") + f"?agency={member.agency_id}")
        except Refused as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "workplan/member.html",
        {
            "member": member,
            "form": form,
            "leave_form": leave_form,
            "can_manage": can_manage,
            "attendances": TrainingAttendance.objects.filter(
                Q(member=member) | Q(agency=member.agency, name=member.name)
            ).select_related("session"),
        },
    )


@login_required
def filings(request: HttpRequest) -> HttpResponse:
    require(request.user, "workplan.view_team")
    rows = LiaisonFiling.objects.visible_to(request.user).select_related(
        "agency", "member", "previous", "submitted_by"
    )
    status = request.GET.get(
        "status", FilingStatus.SUBMITTED if can(request.user, "workplan.file_liaison") else ""
    )
    if status in FilingStatus.values:
        rows = rows.filter(status=status)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "联络员备案.xlsx",
            ["单位", "类别", "联络员", "原联络员", "变更日期", "状态", "报送时间", "工作交接情况"],
            (
                (
                    f.agency.short_name,
                    f.get_kind_display(),
                    f.member.name,
                    f.previous.name if f.previous else "",
                    f.effective_on,
                    f.get_status_display(),
                    f.submitted_at,
                    f.handover,
                )
                for f in rows
            ),
            title="联络员备案",
        )
    return render(
        request,
        "workplan/filings.html",
        {
            "page": paginate(request, rows, per_page=30),
            "query": querystring_without_page(request),
            "status": status,
            "statuses": FilingStatus.choices,
        },
    )


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = get_filing(request.user, pk)
    form = NoteForm(request.POST or None)
    form.fields["note"].required = False
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "file":
                actions.file_liaison(filing, by=request.user, note=request.POST.get("note", ""))
                messages.success(request, "已备案。")
            elif decision == "return":
                actions.return_filing(filing, request.POST.get("note", ""), by=request.user)
                messages.success(request, "已退回单位补充。")
            elif decision == "resubmit":
                actions.resubmit_filing(filing, request.POST.get("handover", ""), by=request.user)
                messages.success(request, "已重新报送备案。")
            else:
                raise Refused("未知操作。")
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            return redirect("workplan:filing", pk=filing.pk)
    moves = FILING_FLOW.available_moves(filing, request.user)
    return render(
        request,
        "workplan/filing.html",
        {
            "filing": filing,
            "form": form,
            "can_file": FilingStatus.FILED in moves,
            "can_resubmit": FilingStatus.SUBMITTED in moves,
        },
    )


@login_required
def trainings(request: HttpRequest) -> HttpResponse:
    require(request.user, "workplan.view_trainings")
    # Training records (title, date, who attended) are open to all staff: units learn from each other's.
    sessions = (
        TrainingSession.objects.select_related("agency")
        .annotate(n=Count("attendees"))
        .order_by("-held_on", "-id")
    )
    if request.GET.get("mine") and current_agency(request) is not None:
        mine = current_agency(request)
        sessions = sessions.filter(
            pk__in=TrainingSession.objects.filter(Q(agency=mine) | Q(attendees__agency=mine)).values("pk")
        )
    year = request.GET.get("year", "")
    if year.isdigit():
        sessions = sessions.filter(held_on__year=int(year))
    agency = current_agency(request)
    form = TrainingSessionForm(request.POST or None)
    can_record = agency is not None and can(request.user, "workplan.manage_training", agency)
    if request.method == "POST":
        if agency is None:
            raise PermissionDenied("您尚未被分配到任何单位。")
        require(request.user, "workplan.manage_training", agency)
        if form.is_valid():
            try:
                session = actions.record_training(agency, form.cleaned_data, by=request.user)
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "培训已登记，请添加参训人员。")
                return redirect("workplan:training", pk=session.pk)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "政务公开培训记录.xlsx",
            ["日期", "培训名称", "组织单位", "形式", "学时", "地点", "参训人数"],
            (
                (
                    s.held_on,
                    s.title,
                    s.agency.short_name,
                    s.get_form_display(),
                    float(s.hours),
                    s.location,
                    s.n,
                )
                for s in sessions
            ),
            title="培训记录",
        )
    return render(
        request,
        "workplan/trainings.html",
        {
            "page": paginate(request, sessions, per_page=30),
            "query": querystring_without_page(request),
            "form": form,
            "agency": agency,
            "can_record": can_record,
            "year": year,
        },
    )


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_training(request.user, pk)
    can_manage = can(request.user, "workplan.manage_training", session)
    form = AttendeesForm(request.POST if request.method == "POST" and "add" in request.POST else None)
    form.fields["agency"].queryset = Agency.objects.active().in_display_order()  # type: ignore[attr-defined]
    if request.method == "POST":
        require(request.user, "workplan.manage_training", session)
        if "remove" in request.POST:
            attendance = get_object_or_404(
                TrainingAttendance, session=session, pk=int_or_404(request.POST["remove"])
            )
            actions.remove_attendee(attendance, by=request.user)
            messages.success(request, f"已删除参训人员{attendance.name}。")
            return redirect("workplan:training", pk=session.pk)
        if form.is_valid():
            people = []
            for line in form.cleaned_data["names"].splitlines():
                parts = line.replace("\u3000", " ").split()
                if parts:
                    people.append(
                        actions.AttendeeInput(form.cleaned_data["agency"], parts[0], " ".join(parts[1:]))
                    )
            added = actions.add_attendees(session, people, by=request.user)
            messages.success(request, f"已添加参训人员 {added} 人。")
            return redirect("workplan:training", pk=session.pk)
    attendees = list(session.attendees.select_related("agency", "member"))
    # Link to a member's page only where the viewer may open it.
    viewable_members = {
        a.member_id
        for a in attendees
        if a.member is not None and can(request.user, "workplan.view_team", a.member)
    }
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{session.held_on:%Y%m%d}{session.title}-参训人员.xlsx",
            ["单位", "姓名", "职务"],
            ((a.agency.short_name, a.name, a.position) for a in attendees),
            title="参训人员",
        )
    return render(
        request,
        "workplan/training.html",
        {
            "session": session,
            "attendees": attendees,
            "total": len(attendees),
            "viewable_members": viewable_members,
            "form": form,
            "can_manage": can_manage,
        },
    )
