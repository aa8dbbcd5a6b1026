"""The HTTP routes of guide 001's first slice: agencies, agents, unified-identity binding, property verification."""
from __future__ import annotations

from services.gateway import responses as gateway_answers
from services.registry.api import agency_answers as answers, agency_requests as requests

BUREAU, AUDITOR, AGENCY, AGENT, DEVELOPER = "bureau_officer", "auditor", "agency", "agent", "developer"
AGENCY_PATH = "/api/v1/agencies/<agency_id>"
AGENT_PATH = "/api/v1/agents/<agent_id>"
MATERIAL = f"{AGENCY_PATH}/materials/<material_id>"
IMAGES = ("image/png", "image/jpeg")


def agency_routes(route: type) -> tuple:
    """Built with the gateway's `Route` (passed in, so this module and routes.py do not import each other)."""
    return (
        route("apply_for_agency_account", "POST", "/api/v1/agencies", "registry", "apply_for_agency_account",
              "Open the signing account of an agency filed in the agency filing system; the account's credentials "
              "go to the given phone by SMS (R001.2)", roles=(BUREAU,), body=requests.ApplyForAgencySchema,
              response=answers.AgencySchema, tags=("agencies",)),
        route("list_agencies", "GET", "/api/v1/agencies", "registry", "list_agencies",
              "Agencies, newest first (state=submitted: waiting for verification, R001.7)", roles=(BUREAU, AUDITOR),
              query=requests.AgencyQuerySchema, response=answers.AgencyListSchema, tags=("agencies",)),
        route("get_agency", "GET", AGENCY_PATH, "registry", "get_agency", "An agency with its info and materials",
              roles=(BUREAU, AUDITOR, AGENCY, AGENT), response=answers.AgencySchema, tags=("agencies",)),
        route("complete_agency_info", "PUT", f"{AGENCY_PATH}/info", "registry", "complete_agency_info",
              "Complete the enterprise info per the business licence (R001.4); business term and qualification "
              "validity at most 2 years from today (R001.5)", roles=(AGENCY,), body=requests.AgencyInfoSchema,
              response=answers.AgencyChangeSchema, tags=("agencies",)),
        route("add_agency_material", "POST", f"{AGENCY_PATH}/materials", "registry", "add_agency_material",
              "Add a material (收件材料); name and save it before uploading its file (R001.6)", roles=(AGENCY,),
              response=answers.AgencyChangeSchema, tags=("agencies",)),
        route("name_agency_material", "PUT", MATERIAL, "registry", "name_agency_material",
              "Name and save a material (R001.6)", roles=(AGENCY,), body=requests.MaterialNameSchema,
              response=answers.AgencyChangeSchema, tags=("agencies",)),
        route("remove_agency_material", "DELETE", MATERIAL, "registry", "remove_agency_material",
              "Remove a material", roles=(AGENCY,), response=answers.AgencyChangeSchema, tags=("agencies",)),
        route("upload_agency_material", "PUT", f"{MATERIAL}/file", "registry", "upload_agency_material",
              "Upload a named material's image: PNG or JPEG, at most 500 KB, base64 in JSON (R001.6)",
              roles=(AGENCY,), body=requests.ImageFileSchema, response=answers.AgencyChangeSchema,
              tags=("agencies",)),
        route("agency_material_file", "GET", f"{MATERIAL}/file", "registry", "agency_material_file",
              "A material's image", roles=(BUREAU, AUDITOR, AGENCY), media=IMAGES, tags=("agencies",)),
        route("submit_agency", "POST", f"{AGENCY_PATH}/submission", "registry", "submit_agency",
              "Submit the info and materials for the bureau's verification, with a comment (R001.7)",
              roles=(AGENCY,), body=requests.SubmitAgencySchema, response=answers.AgencyChangeSchema,
              tags=("agencies",)),
        route("decide_agency", "POST", f"{AGENCY_PATH}/verification", "registry", "decide_agency",
              "Verify the agency, or return it with reasons (R001.7)", roles=(BUREAU,),
              body=requests.DecisionSchema, response=answers.AgencySchema, tags=("agencies",)),
        route("add_agent", "POST", f"{AGENCY_PATH}/agents", "registry", "add_agent",
              "Add an agent to a verified agency (R001.8); a person is an agent of one agency only (R001.3)",
              roles=(AGENCY,), body=requests.AddAgentSchema, response=answers.AgentSchema, tags=("agencies",)),
        route("list_agents", "GET", "/api/v1/agents", "registry", "list_agents",
              "Agents, newest first (state=submitted: waiting for approval); an agency account sees its own",
              roles=(BUREAU, AUDITOR, AGENCY), query=requests.AgentQuerySchema, response=answers.AgentListSchema,
              tags=("agencies",)),
        route("get_agent", "GET", AGENT_PATH, "registry", "get_agent", "An agent",
              roles=(BUREAU, AUDITOR, AGENCY, AGENT), response=answers.AgentSchema, tags=("agencies",)),
        route("upload_agent_id_image", "PUT", f"{AGENT_PATH}/id-image", "registry", "upload_agent_id_image",
              "Upload the agent's ID image: PNG or JPEG, at most 500 KB, base64 in JSON (R001.8)", roles=(AGENCY,),
              body=requests.ImageFileSchema, response=answers.AgentSchema, tags=("agencies",)),
        route("agent_id_image", "GET", f"{AGENT_PATH}/id-image", "registry", "agent_id_image",
              "The agent's ID image", roles=(BUREAU, AUDITOR, AGENCY), media=IMAGES, tags=("agencies",)),
        route("submit_agent", "POST", f"{AGENT_PATH}/submission", "registry", "submit_agent",
              "Submit the agent for the bureau's approval (R001.8)", roles=(AGENCY,),
              response=answers.AgentSchema, tags=("agencies",)),
        route("decide_agent", "POST", f"{AGENT_PATH}/approval", "registry", "decide_agent",
              "Approve the agent (its signing account's credentials go to its phone by SMS) or reject it with "
              "reasons (R001.8)", roles=(BUREAU,), body=requests.DecisionSchema, response=answers.AgentSchema,
              tags=("agencies",)),
        route("bind_identity", "POST", "/api/v1/auth/identity-binding", "registry", "bind_identity",
              "Bind the signed-in agency or agent account to the unified identity of the assertion, one to one "
              "(R001.9)", roles=(AGENCY, AGENT), body=requests.IdentityAssertionSchema,
              response=answers.IdentityBoundSchema, tags=("auth", "agencies")),
        route("signing_account_login", "POST", "/api/v1/auth/signing-accounts", "registry", "identity_sign_in",
              "An agency or agent signs in with the unified identity bound to its account (R001.9)",
              body=requests.IdentityAssertionSchema, public=True, response=gateway_answers.SignedInSchema,
              tags=("auth", "agencies")),
        route("verify_property", "POST", "/api/v1/property-verifications", "registry", "verify_property",
              "Verify an existing-home property: certificate number + owner name and ID as registered, or owner "
              "name + unit number; a failure says why (R001.10). Agents only (R001.3)", roles=(AGENT,),
              body=requests.PropertyQuerySchema, response=answers.PropertyVerifiedSchema, tags=("agencies",)),
    )
