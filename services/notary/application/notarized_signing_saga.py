"""The notarized-signing saga (guide 002): from a contract pushed on the notarized route to its filing with the
notarial certificate. It runs in its own process (notary-saga), keeps its state in its own events
(services.notary.domain.saga), hears what happened through the services' integration events, and acts by
commands sent with idempotency keys, so a command repeated after a crash takes effect once.

Each step with its compensation, side by side:

| source event                      | step                     | command it sends                      | compensation if the notarization fails |
|-----------------------------------|--------------------------|---------------------------------------|----------------------------------------|
| contracts NotarizationPushed      | open_case                | notary.open_case                      | notary.expire_case (timeout)           |
| notary CaseOpened                 | show_qr_code             | contracts.record_notary_case          | -                                      |
| notary IdentityVerified           | identity_verified_*      | -                                     | -                                      |
| notary DocumentsRead              | documents_read           | -                                     | -                                      |
| notary MaterialsUploaded          | materials_uploaded       | -                                     | -                                      |
| notary CaseSubmitted              | submitted                | -                                     | -                                      |
| notary CertificateIssued          | submit_with_certificate  | contracts.submit_with_certificate     | -                                      |
| contracts Filed                   | filed (saga completed)   | -                                     | -                                      |
| notary CaseRejected               | return_to_developer      | contracts.return_notarization         | (is the compensation)                  |
| deadline (case not completed)     | expire_case, void_contract | notary.expire_case, contracts.void_notarization | (is the compensation)      |

A rejected case returns the contract to the developer (the room stays in signing; the developer may correct the
attachments and push again, which starts a new saga). A case not completed within the period (HOUSING_NOTARY_CASE_DAYS,
default 7) is expired and the sale fails: the contract is void and the room for sale again. A compensation whose
step never happened does nothing: each command checks what it would undo.

The consumer declaration (services.notary.adapters.consumers.NOTARIZED_SIGNING) marks each row step or
compensation:

| event                       | kind         |
|-----------------------------|--------------|
| contracts NotarizationPushed | step        |
| contracts Filed             | step         |
| notary CaseOpened           | step         |
| notary IdentityVerified     | step         |
| notary DocumentsRead        | step         |
| notary MaterialsUploaded    | step         |
| notary CaseSubmitted        | step         |
| notary CertificateIssued    | step         |
| notary CaseRejected         | compensation |
"""
from __future__ import annotations

import uuid
from typing import Any, Mapping, Protocol

from eventsourcing.persistence import IntegrityError

from shared import clock
from shared.errors import Conflict
from services.notary.application.ports import Commands
from services.notary.domain.case import case_id
from services.notary.domain.saga import COMPENSATED, COMPLETED, NotarizedSigningSaga, saga_id

STEP, COMPENSATION = "step", "compensation"
SAVE_ATTEMPTS = 5

EXPLANATIONS = {
    "started": "开发企业将电子合同推送至公证处，网签公证流程开始",
    "open_case": "已请公证处为该合同立案，公证处返回购房人扫码用的二维码",
    "show_qr_code": "二维码已交给开发企业，供购房人扫码进入在线公证",
    "identity_verified_before_reading": "购房人已完成身份核验（阅读文件前）",
    "documents_read": "购房人已阅读并确认四份文件",
    "materials_uploaded": "购房人已上传身份证照片、电子签名等材料",
    "identity_verified_at_submission": "购房人在提交时再次完成身份核验",
    "submitted": "公证申请已提交，等待公证员审核",
    "submit_with_certificate": "公证员审核通过并出具公证书，合同已携公证书提交备案",
    "filed": "交易中心审核通过，合同已备案",
    "return_to_developer": "公证员驳回申请，合同退回开发企业修改后可重新推送",
    "expire_case": "公证未在期限内完成，公证处案件已作废",
    "void_contract": "公证未在期限内完成，合同作废，房屋恢复可售",
    "completed": "流程完成",
    "compensated": "流程已撤销（补偿完成）",
}


class SagaIndex(Protocol):
    """Which saga a contract is in, and the sagas' deadlines (a view the consumer keeps)."""

    def started(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def of_contract(self, tx: Any, contract_id: str) -> dict[str, Any] | None: ...
    def closed(self, tx: Any, saga: str) -> None: ...


class NotarizedSigning:
    def __init__(self, index: SagaIndex, app: Any, commands: Commands) -> None:
        self.index, self.app, self.commands = index, app, commands

    # Steps ---------------------------------------------------------------------------------------------

    def pushed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        contract_id = p["contract_id"]
        saga = self._start(tx, contract_id, p["attempt"], e["event_id"])
        self._step(saga, "open_case", e, "notary", "open_case", push={
            "contract_id": contract_id, "attempt": p["attempt"], "office_id": p["office_id"],
            "developer_id": p["developer_id"], "content_hash": p["content_hash"], "pdf_sha256": p["pdf_sha256"],
            "buyer": p["buyer"], "seller_name": p["seller_name"], "room": p["room"]})

    def case_opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        saga = self._saga_of_case(tx, e)
        if saga is not None:
            answer = self.app.qr(self.app.find(uuid.UUID(e["aggregate_id"])))
            self._step(saga, "show_qr_code", e, "contracts", "record_notary_case", contract_id=saga.contract_id,
                       attempt=saga.attempt, case_id=e["aggregate_id"], qr_url=answer["qr_url"])

    def identity_verified(self, tx: Any, e: Mapping[str, Any]) -> None:
        self._fact(tx, e, f"identity_verified_{e['payload']['stage']}")

    def documents_read(self, tx: Any, e: Mapping[str, Any]) -> None:
        self._fact(tx, e, "documents_read")

    def materials_uploaded(self, tx: Any, e: Mapping[str, Any]) -> None:
        self._fact(tx, e, "materials_uploaded")

    def submitted(self, tx: Any, e: Mapping[str, Any]) -> None:
        self._fact(tx, e, "submitted")

    def certificate_issued(self, tx: Any, e: Mapping[str, Any]) -> None:
        saga, p = self._saga_of_case(tx, e), e["payload"]
        if saga is not None:
            self.index.closed(tx, str(saga.id))  # completed in time: the deadline no longer applies
            self._step(saga, "submit_with_certificate", e, "contracts", "submit_with_certificate",
                       contract_id=saga.contract_id, attempt=saga.attempt,
                       certificate_number=p["certificate_number"], content_hash=p["content_hash"],
                       bundle_sha256=p["bundle_sha256"])

    def filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        row = self.index.of_contract(tx, e["aggregate_id"])
        saga = self._saga(row["saga_id"]) if row else None
        if saga is not None and saga.took("submit_with_certificate"):
            self._record(saga, "filed", STEP, e["event_id"], None)
            self._end(tx, saga, COMPLETED)

    # Compensations -------------------------------------------------------------------------------------

    def case_rejected(self, tx: Any, e: Mapping[str, Any]) -> None:
        saga = self._saga_of_case(tx, e)
        if saga is not None:
            self._step(saga, "return_to_developer", e, "contracts", "return_notarization", kind=COMPENSATION,
                       contract_id=saga.contract_id, attempt=saga.attempt, reasons=e["payload"]["reasons"])
            self._end(tx, saga, COMPENSATED)

    def time_out(self, tx: Any, saga_ref: str) -> bool:
        """The durable deadline: a case not completed in time is expired, and the sale fails. A case the officer
        approved meanwhile goes on to filing; one rejected meanwhile is compensated by its own event."""
        saga = self._saga(saga_ref)
        if saga is None or not saga.running or clock.now() <= saga.complete_by:
            return False
        cause = f"deadline {saga.complete_by.isoformat()}"
        answer = self._send(saga, "expire_case", cause, "notary", "expire_case", case_ref=saga.case_id)
        if answer["state"] == "approved":
            self.index.closed(tx, str(saga.id))
            return False
        if answer["state"] == "rejected":
            return False
        self._record(saga, "expire_case", COMPENSATION, cause, self._command(saga, "notary", "expire_case"))
        self._step(saga, "void_contract", {"event_id": cause}, "contracts", "void_notarization", kind=COMPENSATION,
                   contract_id=saga.contract_id, attempt=saga.attempt)
        self._end(tx, saga, COMPENSATED)
        return True

    # Helpers -------------------------------------------------------------------------------------------

    def _start(self, tx: Any, contract_id: str, attempt: int, cause: str) -> NotarizedSigningSaga:
        saga = self.app.find(saga_id(contract_id, attempt))
        if saga is None:
            saga = NotarizedSigningSaga.start(contract_id=contract_id, attempt=attempt,
                                              case_id=str(case_id(contract_id, attempt)),
                                              complete_by=clock.now() + self.app.case_period, cause=cause)
            self.app.save(saga)
        self.index.started(tx, {"saga_id": str(saga.id), "contract_id": contract_id, "attempt": attempt,
                                "case_id": saga.case_id, "complete_by": saga.complete_by})
        return saga

    def _saga(self, ref: str) -> NotarizedSigningSaga | None:
        return self.app.find(uuid.UUID(str(ref)))

    def _saga_of_case(self, tx: Any, e: Mapping[str, Any]) -> NotarizedSigningSaga | None:
        """The case names its contract and push; the saga was stored before its case was opened."""
        case = self.app.find(uuid.UUID(e["aggregate_id"]))
        return self.app.find(saga_id(case.contract_id, case.attempt)) if case is not None else None

    def _fact(self, tx: Any, e: Mapping[str, Any], step: str) -> None:
        saga = self._saga_of_case(tx, e)
        if saga is not None:
            self._record(saga, step, STEP, e["event_id"], None)

    def _step(self, saga: NotarizedSigningSaga, step: str, e: Mapping[str, Any], service: str, method: str,
              kind: str = STEP, **kwargs: Any) -> None:
        """Send the step's command (once per saga and step: the key makes a repeat harmless), then record it."""
        if saga.took(step) or not saga.running:
            return
        self._send(saga, step, e["event_id"], service, method, **kwargs)
        self._record(saga, step, kind, e["event_id"], self._command(saga, service, method, step))

    def _send(self, saga: NotarizedSigningSaga, step: str, cause: str, service: str, method: str,
              **kwargs: Any) -> Any:
        return self.commands.send(service, method, self._key(saga, step), cause, **kwargs)

    def _command(self, saga: NotarizedSigningSaga, service: str, method: str, step: str | None = None) -> dict:
        return {"service": service, "method": method, "idempotency_key": self._key(saga, step or method)}

    @staticmethod
    def _key(saga: NotarizedSigningSaga, step: str) -> str:
        return f"saga/{saga.id}/{step}"

    def _record(self, saga: NotarizedSigningSaga, step: str, kind: str, cause: str, command: Any) -> None:
        self._change(saga, lambda fresh: fresh.take(step, kind, cause, command))

    def _change(self, saga: NotarizedSigningSaga, change: Any) -> None:
        """Apply `change` to the saga and save it; when another handler saved the saga first (its events arrive
        from two sources at once), apply it again to the saga as that handler left it."""
        for _ in range(SAVE_ATTEMPTS):
            fresh = self._saga(str(saga.id))
            if not change(fresh):
                return
            try:
                self.app.save(fresh)
                return
            except IntegrityError:
                continue
        raise Conflict("the saga kept changing while this step was recorded", code="concurrent_modification")

    def _end(self, tx: Any, saga: NotarizedSigningSaga, outcome: str) -> None:
        self.index.closed(tx, str(saga.id))
        self._change(saga, lambda fresh: fresh.end(outcome))


def explained(history: Mapping[str, Any]) -> list[str]:
    """The saga's history as sentences, in order (the CLI prints these)."""
    lines = []
    for saga in history["sagas"]:
        lines.append(f"第 {saga['attempt']} 次推送 · 案件 {saga['case_id']} · {saga['state']}")
        for n, step in enumerate(saga["steps"], start=1):
            command = step.get("command")
            sent = f"（命令 {command['service']}.{command['method']}，幂等键 {command['idempotency_key']}）" if command else ""
            kind = "补偿" if step["kind"] == COMPENSATION else ""
            lines.append(f"  {n}. {step['at']} {kind}{EXPLANATIONS.get(step['step'], step['step'])}{sent}")
    return lines

