"""The contracts service's PDF renderers: contract, lease and existing-home contract PDFs drawn in child processes (see
shared.nameko_kit.process_pool for why never in a thread of the service's eventlet process).

HOUSING_PDF_RENDERERS child processes (default 2), each rendering one PDF at a time; a request waits at most
HOUSING_PDF_RENDER_WAIT_SECONDS (default 3) for a free one, and a render may take at most
HOUSING_PDF_RENDER_TIMEOUT_SECONDS (default 6), together within the gateway's 10 s RPC timeout, else 503
`pdf_renderer_busy` or `pdf_renderer_timeout`. Equal documents (the same print of a contract, downloaded by
the clerk, the buyer and the bureau) share one render, and the last HOUSING_PDF_RENDER_SHARED (default 32)
renders are kept."""
from __future__ import annotations

from shared.nameko_kit.process_pool import ProcessPool
from shared.settings import ProcessSettings
from services.contracts.adapters.existing_home_pdf import render_existing_home_pdf
from services.contracts.adapters.lease_pdf import render_lease_pdf
from services.contracts.adapters.pdf import render_contract_pdf

POOL_NAME = "pdf_renderer"


def pdf_renderers(settings: ProcessSettings) -> ProcessPool:
    return ProcessPool(POOL_NAME, (render_contract_pdf, render_lease_pdf, render_existing_home_pdf),
                       size=int(settings.get("HOUSING_PDF_RENDERERS", "2")),
                       wait=float(settings.get("HOUSING_PDF_RENDER_WAIT_SECONDS", "3")),
                       timeout=float(settings.get("HOUSING_PDF_RENDER_TIMEOUT_SECONDS", "6")),
                       shared=int(settings.get("HOUSING_PDF_RENDER_SHARED", "32")))
