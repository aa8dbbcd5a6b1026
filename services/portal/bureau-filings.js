/* 商品房网签备案业务门户 — the bureau's filing review (R000.13, R000.14): the contract's PDF beside the
 * decision, and the filing register. */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, shortId, dash, formatTime, ask, table, busy } = window.Portal;
  const staff = window.Portal.staff;
  const { pdfButtons, projectName, decide } = staff;
  const { askReasons, contractLabel, facts } = window.Portal.bureau;

  /** Buyer and room number of each contract (the bureau sees every formal contract). */
  async function contractsById() {
    try {
      const answer = await api("GET", "/api/v1/contracts");
      return new Map((answer.contracts || []).map((c) => [c.contract_id, c]));
    } catch (error) {
      if (error.status === 401) throw error;
      return new Map();
    }
  }

  async function fetchFilings(state) {
    const answer = await api("GET", `/api/v1/filings?state=${encodeURIComponent(state)}`);
    return answer.filings || [];
  }

  async function loadFilings(state, preloaded) {
    const errorId = `${state}-error`;
    const target = $(`${state}-table`);
    showError(errorId, null);
    if (state === "pending") closeReview();
    if (!preloaded) target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const [filings, contracts] = await Promise.all([preloaded || fetchFilings(state), contractsById()]);
      const names = new Map(await Promise.all(
        [...new Set(filings.map((f) => f.project_id))].map(async (id) => [id, await projectName(id)])));
      if (filings.length === 0) {
        target.replaceChildren(el("p", { class: "empty" },
          state === "pending" ? "没有待审核的备案申请。" : "登记簿中还没有已备案的合同。"));
        return;
      }
      const contractCells = (f) => {
        const c = contracts.get(f.contract_id) || {};
        return [
          contractLabel(f.contract_id, f, c),
          dash(c.buyer_name),
          dash(c.room_number),
          el("span", { title: f.project_id }, names.get(f.project_id) || shortId(f.project_id)),
        ];
      };
      if (state === "pending") {
        target.replaceChildren(table(
          ["提交时间", "合同", "购房人", "房号", "项目", "提交次数", "操作"],
          filings.map((f) => [
            formatTime(f.submitted_at),
            ...contractCells(f),
            f.submission > 1 ? `第 ${f.submission} 次（重新提交）` : "第 1 次",
            el("button", { type: "button", class: "btn btn-small",
                           onclick: (e) => openReview(f, contracts.get(f.contract_id) || {},
                                                       names.get(f.project_id), e.currentTarget) }, "审核"),
          ])));
      } else {
        target.replaceChildren(table(
          ["备案号", "合同", "购房人", "房号", "项目", "提交时间", "合同文本"],
          filings.map((f) => [
            el("strong", { class: "mono" }, dash(f.filing_number)),
            ...contractCells(f),
            formatTime(f.submitted_at),
            pdfButtons(f.contract_id),
          ])));
      }
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError(errorId, error);
    }
  }

  // ---- The review: the contract's PDF beside the decision ------------------------------------------

  let pdfUrl = null;

  function closeReview() {
    const box = $("filing-review");
    box.hidden = true;
    box.replaceChildren();
    if (pdfUrl) URL.revokeObjectURL(pdfUrl);
    pdfUrl = null;
  }

  /** The whole contract (the list masks the buyer's name; the reviewing officer needs it). */
  async function fullContract(contractId, row) {
    try {
      return await api("GET", `/api/v1/contracts/${encodeURIComponent(contractId)}`);
    } catch (error) {
      if (error.status === 401) throw error;
      return row;
    }
  }

  async function openReview(filing, row, project, button) {
    closeReview();
    let contract;
    try {
      contract = await busy(button, () => fullContract(filing.contract_id, row));
    } catch (error) {
      return;
    }
    if (!contract) return;
    const box = $("filing-review");
    const certificatePane = el("div", { class: "certificate-pane" });
    showCertificate(certificatePane, filing);
    const viewer = el("div", { class: "pdf-pane" }, el("p", { class: "loading", role: "status" }, "正在载入合同文本…"));
    const approve = el("button", { type: "button", class: "btn btn-approve" }, "通过备案");
    const reject = el("button", { type: "button", class: "btn btn-reject" }, "退回");
    const close = el("button", { type: "button", class: "btn btn-light" }, "关闭");
    approve.addEventListener("click", () => approveFiling(filing, approve));
    reject.addEventListener("click", () => rejectFiling(filing, reject));
    close.addEventListener("click", closeReview);
    const rejections = (filing.reasons || []).length
      ? el("p", { class: "note" }, `上次退回原因：${filing.reasons.join("；")}`) : null;
    box.replaceChildren(
      el("div", { class: "review-head" }, el("h3", {}, "备案审核 · 合同 ", contractLabel(filing.contract_id, filing, contract)), close),
      el("div", { class: "review-layout" },
        viewer,
        el("div", { class: "decision", role: "group", "aria-label": "审核决定" },
          facts([
            ["购房人", dash(contract.buyer_name)],
            ["房屋", contract.room ? `${contract.room.building_name} ${contract.room.room_number}` : dash(contract.room_number)],
            ["建筑面积", contract.room ? `${contract.room.area_sqm} ㎡` : "—"],
            ["项目", dash(project)],
            ["提交时间", formatTime(filing.submitted_at)],
            ["提交次数", filing.submission > 1 ? `第 ${filing.submission} 次（重新提交）` : "第 1 次"],
          ]),
          rejections,
          certificatePane,
          el("p", { class: "hint" }, "请对照左侧合同文本审核；通过后自动生成备案号并发送给开发企业。"),
          el("div", { class: "actions" }, approve, reject))));
    box.hidden = false;
    box.scrollIntoView({ block: "start" });
    await busy(button, async () => {
      try {
        const blob = await api("GET", `/api/v1/contracts/${encodeURIComponent(filing.contract_id)}/pdf`, undefined,
                               { blob: true });
        pdfUrl = URL.createObjectURL(blob);
        viewer.replaceChildren(
          el("iframe", { class: "pdf-frame", src: pdfUrl, title: "合同文本（PDF）" }),
          el("a", { href: pdfUrl, download: `contract-${filing.contract_id}.pdf`, class: "btn btn-small btn-light" },
             "下载合同文本"));
      } catch (error) {
        if (error.status === 401) return;
        viewer.replaceChildren(el("div", { class: "error", role: "alert" },
          `合同文本无法显示：${describe(error)}`));
      }
    });
  }

  // ---- A notarized contract's certificate (R002.7, R002.8) ---------------------------------------------

  /** The certificate the filing case carries: its number, whether it certifies this very text, the bundle. */
  async function showCertificate(pane, filing) {
    let record;
    try {
      record = await api("GET", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}`);
    } catch (error) {
      return;
    }
    const certificate = record.certificate;
    if (!certificate) return;
    const matches = certificate.content_hash === record.text_hash;
    const download = el("button", { type: "button", class: "btn btn-small btn-light", id: "filing-certificate-download" }, "下载公证书");
    const caseId = async () => (await api("GET", `/api/v1/contracts/${encodeURIComponent(filing.contract_id)}/notarization`)).case.case_id;
    download.addEventListener("click", () => window.Portal.downloadCertificate(download, caseId, `certificate-${filing.contract_id}.pdf`));
    pane.replaceChildren(el("h4", {}, "公证书（电子公证网签）"),
      facts([["公证书编号", el("span", { class: "mono", id: "filing-certificate-number" }, certificate.certificate_number)],
             ["内容核对", el("span", { id: "filing-certificate-match", class: matches ? "match-ok" : "match-bad" },
                           matches ? "公证书证明的合同文本与备案合同一致" : "不一致：公证书证明的不是本合同文本，请退回")]]),
      download);
  }

  function decideFiling(filing, button, call, doneText) {
    return decide(button, call, doneText, () => fetchFilings("pending"),
                  (f) => f.filing_id === filing.filing_id, (rows) => loadFilings("pending", rows));
  }

  async function approveFiling(filing, button) {
    if (!await ask({ title: "通过备案", message: "确认通过该合同的备案？通过后将生成备案号。",
                     confirmLabel: "通过" })) return;
    let number = null;
    await decideFiling(filing, button, async () => {
      const answer = await api("POST", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}/approve`);
      number = answer.filing_number;
    }, "已通过备案。");
    if (number) {
      notify(`已通过备案，备案号：${number}`, "ok");
      $("filing-outcome").textContent = `最近一次备案：合同 ${shortId(filing.contract_id)}，备案号 ${number}`;
      $("filing-outcome").hidden = false;
    }
  }

  async function rejectFiling(filing, button) {
    const reasons = await askReasons("退回备案申请", "退回后开发企业可修改合同并重新提交。");
    if (reasons === null) return;
    return decideFiling(filing, button,
      () => api("POST", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}/reject`, { reasons }),
      "已退回，开发企业可修改后重新提交。");
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    closeReview();
    for (const id of ["pending-table", "filed-table"]) $(id).replaceChildren();
    for (const id of ["pending-error", "filed-error"]) showError(id, null);
    $("filing-outcome").hidden = true;
  }

  staff.register({
    "bureau-pending": () => loadFilings("pending"),
    "bureau-filed": () => loadFilings("filed"),
  }, forget, () => {
    $("pending-refresh").addEventListener("click", () => loadFilings("pending"));
    $("filed-refresh").addEventListener("click", () => loadFilings("filed"));
  });
})();
