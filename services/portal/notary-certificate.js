/* A case's PDFs, downloaded with the signed-in person's token: the notarial certificate bundle (R002.7), which
 * the buyer's page, the developer's 公证签约, the notary officer's decided cases and the bureau's filing review
 * all offer, and the pushed e-contract the buyer reads before confirming it (R002.5). */
"use strict";

(function () {
  const { api, busy, notify, describe } = window.Portal;

  /** Fetch one of the case's PDFs (`which`: certificate or e-contract; the case id, or a function finding it)
   *  and save it as `filename`. */
  function downloadCasePdf(button, caseId, which, filename) {
    return busy(button, async () => {
      try {
        const id = typeof caseId === "function" ? await caseId() : caseId;
        const blob = await api("GET", `/api/v1/notary/cases/${encodeURIComponent(id)}/${which}`, undefined, { blob: true });
        window.Portal.saveBlob(blob, filename);
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    }, "正在下载…");
  }

  const downloadCertificate = (button, caseId, filename) => downloadCasePdf(button, caseId, "certificate", filename);

  window.Portal.downloadCertificate = downloadCertificate;
  window.Portal.downloadCasePdf = downloadCasePdf;
})();
