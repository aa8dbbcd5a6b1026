"""`make up` seeds demo data through the public API: run here against the test stack, from scratch and
again (a second `make up` changes nothing and still succeeds)."""
from deploy.local.seed import ROOT, seed_demo
from tests.integration.support import eventually


def test_the_demo_seed_leaves_a_lease_and_an_existing_home_contract_waiting_and_can_run_twice(stack, bureau):
    for name in (f"demo-logins-{stack.profile.name}.json", f"demo-lottery-{stack.profile.name}.json",
                 f"demo-existing-home-{stack.profile.name}.json"):
        (ROOT / "var" / name).unlink(missing_ok=True)
    logins = seed_demo(stack)
    assert any(line.startswith("bureau") for line in logins) and any("electronic_key=" in line for line in logins)
    assert any(line.startswith("agency") for line in logins) and any(line.startswith("agent ") for line in logins)
    agent = dict(pair.split("=", 1) for pair in next(l for l in logins if l.startswith("agent ")).split()[1:])
    verified = bureau.login(agent["username"], agent["password"]).ok("POST", "/api/v1/property-verifications", {
        "method": "unit", "unit_number": "442000003003GB00003F00030003", "owner_name": "CHAN TAI MAN"})
    assert verified["property"]["property_id"] == "ZS-0003"  # guide 001's demo agent verifies a demo property
    queue = bureau.ok("GET", "/api/v1/leases?state=submitted")["leases"]
    seeded = [lease for lease in queue if lease["family_id"] == "SZ2026-0001"]
    assert len(seeded) == 1 and seeded[0]["room_label"].startswith("A栋")
    assert seed_demo(stack) == logins
    assert len([lease for lease in bureau.ok("GET", "/api/v1/leases?state=submitted")["leases"]
                if lease["family_id"] == "SZ2026-0001"]) == 1
    agent_api = bureau.login(agent["username"], agent["password"])

    def demo_contracts() -> list[str]:
        listed = agent_api.ok("GET", "/api/v1/existing-home-contracts")["contracts"]
        return [c["state"] for c in listed if c["address"].endswith("1502房")]
    # guide 001's contract waits for the parties, once however often the demo is seeded
    assert eventually(lambda: demo_contracts() == ["signature_order_open"], what="the demo contract listed")
