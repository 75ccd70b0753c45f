"""Permissions of 政务新媒体. An account, a filing and an update belong to the account's 主办单位 (agency_id);
a repost to the account's unit and to the unit that published the document."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role
from zwgk.newmedia.models import VIEW_ROLES

rules.add_perm("newmedia.view", role_in(*VIEW_ROLES))
# 谁开设、谁主办 (国办发〔2018〕123号): the unit's 单位管理员 applies for opening, change, closure and cancellation.
rules.add_perm("newmedia.apply", role_in(Role.AGENCY_ADMIN))
# The 公开办 keeps the register and approves or returns every filing (regulations.md §4.4, 开设注销登记备案).
rules.add_perm("newmedia.approve", role_in(Role.DISTRICT_ADMIN))
# Whoever runs the account's updates records them where there is no feed; a feed can be read again on demand.
rules.add_perm("newmedia.record_post", role_in(Role.AGENCY_ADMIN, Role.DRAFTER))
# Work plan item 十: where a policy or interpretation was reposted, entered by the staff of either unit.
rules.add_perm("newmedia.record_repost", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN))
