"""/userinfo and /account/{id}: answered from the stored user and accounts."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from generator.mock.packs.truedialog.handlers.registry import Call, handles
from generator.mock.packs.truedialog.state import Account, User

# TrueDialog's account types: a root (master) account and the sub-accounts below it.
ROOT_ACCOUNT, SUB_ACCOUNT = 1, 2
ACTIVE = 1


def present(fields: dict) -> dict:
    """The fields that have a value: the schemas declare no nulls."""
    return {k: v for k, v in fields.items() if v is not None}


def user_json(user: User) -> dict:
    return present({
        "userName": user.user_name, "accountId": user.account_id, "email": user.email,
        "firstName": user.first_name, "lastName": user.last_name, "phoneNumber": user.phone_number,
        "isAdmin": user.is_admin,
        # The secret is never echoed back.
        "apiKey": {"key": user.api_key, "label": "connector", "userName": user.user_name,
                   "accountId": user.account_id, "typeId": 1, "type": 1},
        "isChatUser": False, "reportOnly": False, "requestNumber": False, "canCreateContact": True,
        "isAlertAgent": False, "agreed": True, "isApproved": True, "isLockedOut": False,
        "creationDate": user.created,
    })


def account_json(account: Account) -> dict:
    kind = ROOT_ACCOUNT if account.parent_id is None else SUB_ACCOUNT
    return present({
        "id": account.id, "status": ACTIVE, "parentId": account.parent_id, "name": account.name,
        "created": account.created, "allowCallback": True, "callbackToken": account.callback_token,
        "type": kind, "accountType": kind, "isApproved": True,
    })


@handles("User_Get_Self_Info")
async def user_info(call: Call) -> Response:
    return JSONResponse(user_json(call.user))


@handles("Account_Get_Info")
async def account_info(call: Call) -> Response:
    return JSONResponse(account_json(call.account))
