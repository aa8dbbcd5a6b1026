"""PDFs render in the contracts service's renderer processes while other calls run, and the service stays
healthy (issue #10: a PDF rendered in an OS thread of the eventlet process once wedged contracts for good)."""
import io
import itertools
import random
from concurrent.futures import ThreadPoolExecutor

import requests
from prometheus_client.parser import text_string_to_metric_families
from pypdf import PdfReader

from tests.integration import contract_flow as flow
from tests.integration.lease_flow import families_with_rooms, lease_of, sign_lease_through
from tests.integration.support import eventually, new_developer_with_rooms

PDFS, OTHERS = 20, 200
LEASE_PDFS = 4


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def rendered_calls(stack, function: str) -> float:
    """How many renders of `function` the contracts process counted as ok (its /metrics)."""
    text = requests.get(f"http://127.0.0.1:{stack.specs['contracts'].port}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        if family.name == "housing_process_pool_call_seconds":
            return sum(sample.value for sample in family.samples if sample.name.endswith("_count")
                       and sample.labels == {"pool": "pdf_renderer", "function": function, "outcome": "ok"})
    return 0.0


def test_20_pdfs_render_while_200_other_requests_run_and_contracts_stays_healthy(stack, api, bureau):
    estate = new_developer_with_rooms(api, bureau, floors=2, units_per_floor=3)
    clerk, rooms = estate.clerk, [room["room_id"] for room in estate.rooms]
    formal = [flow.formal_printed(clerk, room)["contract_id"] for room in rooms[:2]]
    previews = []
    for room in rooms[2:4]:
        contract_id = flow.draft(clerk, room)["contract_id"]
        flow.fill(clerk, contract_id)
        clerk.ok("POST", f"/api/v1/contracts/{contract_id}/preview")
        previews.append(contract_id)
    _, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id = lease["lease_id"]
    sign_lease_through(family, lease_id, id_number)
    eventually(lambda: bureau.ok("GET", f"/api/v1/leases?state=submitted&round_id={lease['round_id']}")["leases"],
               what="the lease in the review queue")
    bureau.ok("POST", f"/api/v1/leases/{lease_id}/approve")

    log = stack.log_file("contracts")
    log_start = log.stat().st_size
    counted_before = rendered_calls(stack, "render_contract_pdf") + rendered_calls(stack, "render_lease_pdf")
    contracts = formal + previews
    numbers = {contract_id: clerk.ok("GET", f"/api/v1/contracts/{contract_id}")["contract_number"]
               for contract_id in contracts}  # what the cover names a contract by
    pdf_calls = [("contract", contract_id) for contract_id in itertools.islice(itertools.cycle(contracts),
                                                                                 PDFS - LEASE_PDFS)]
    pdf_calls += [("lease", lease_id)] * LEASE_PDFS
    random.shuffle(pdf_calls)
    others = [
        lambda: clerk.call("GET", f"/api/v1/contracts/{random.choice(contracts)}"),
        lambda: clerk.call("GET", "/api/v1/contracts?state=formal_printed"),
        lambda: clerk.call("GET", f"/api/v1/projects/{estate.project_id}/room-map"),
        lambda: family.call("GET", f"/api/v1/leases/{lease_id}"),
        lambda: bureau.call("GET", "/api/v1/filings?state=pending"),
    ]

    def download(call):
        kind, ref = call
        if kind == "lease":
            return kind, ref, family.call("GET", f"/api/v1/leases/{ref}/pdf")
        return kind, ref, clerk.call("GET", f"/api/v1/contracts/{ref}/pdf")

    with ThreadPoolExecutor(4) as pdf_pool, ThreadPoolExecutor(16) as other_pool:
        downloads = [pdf_pool.submit(download, call) for call in pdf_calls]
        answers = [other_pool.submit(others[i % len(others)]) for i in range(OTHERS)]
        downloads, answers = [d.result() for d in downloads], [a.result() for a in answers]

    assert [a.status_code for a in answers] == [200] * OTHERS, [a.text for a in answers if a.status_code != 200]
    for kind, ref, response in downloads:
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        if kind == "lease":
            assert "公共租赁住房租赁合同" in text and lease_id in text
        else:
            assert numbers[ref] in text and ("预览" in text) == (ref in previews)
    # Every document was drawn in a renderer child (equal downloads arriving together may share a render).
    assert rendered_calls(stack, "render_contract_pdf") + rendered_calls(stack, "render_lease_pdf") \
        >= counted_before + len(set(pdf_calls))

    health = requests.get(f"http://127.0.0.1:{stack.specs['contracts'].port}/health", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    later = flow.draft(clerk, rooms[4], buyer="赵六")
    assert later["state"] == "drafted"
    assert clerk.ok("GET", f"/api/v1/contracts/{later['contract_id']}")["buyer_name"] == "赵六"
    with open(log, "rb") as written:
        written.seek(log_start)
        assert b"Cannot switch to a different thread" not in written.read()
