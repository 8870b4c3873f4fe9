"""TrueDialog SMS: accounts and sub-accounts, contacts, push campaigns, opt-outs, callback types and the phone
network's side (inbound texts, keywords), on top of the generic mock. Serves connectors on api.truedialog.com."""

from __future__ import annotations

from generator.mock.packs import Pack


def _create(mock, seed):
    from generator.mock.packs.truedialog.behaviour import TrueDialog

    return TrueDialog(mock, seed)


PACK = Pack("truedialog", ("api.truedialog.com",), _create, contract="generator.mock.packs.truedialog.contract")
