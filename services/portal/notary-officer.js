/* 公证处 — the notary officer's pages (guide 002, R002.6, R002.7): the office's queue of submitted cases, a case's
 * materials (identity checks, the four documents read, the photos and the signature, the evidence video's
 * length), 通过 (the certificate is issued) or 退回 with reasons, and the decided cases. */
"use strict";

(function () {
  const { $, el, api, busy, notify, dash, table, stateCell, loading, formatTime, explain, describe, showError, shortId } = window.Portal;
  const staff = window.Portal.staff;
  const { askReasons } = window.Portal.bureau;
  const casePath = (id, tail = "") => `/api/v1/notary/cases/${encodeURIComponent(id)}${tail}`;

  explain({
    invalid_case_state: "该公证申请的状态已变化（可能已由其他公证员办结），列表已刷新。",
    other_organisation: "该公证申请属于其他公证处，您无权办理。",
    material_not_found: "买受人尚未上传该材料。",
    certificate_not_issued: "公证书尚未出具。",
    certificate_hash_mismatch: "在案的电子合同与公证时的电子合同不一致，不能出具公证书，请核查。",
    reasons_required: "请填写退回原因。",
  });

  const CASE_STATE = {
    case_opened: ["买受人办理中", "state-formal_printed"], identity_verified: ["买受人办理中", "state-formal_printed"],
    documents_read: ["买受人办理中", "state-formal_printed"], materials_uploaded: ["买受人办理中", "state-formal_printed"],
    submitted: ["待审核", "state-confirmed"], approved: ["已出具公证书", "state-filed"], rejected: ["已退回", "state-filing_rejected"],
    expired: ["已过期", "state-cancelled"],
  };
  const DOCUMENT_TITLE = { sale_contract: "中山市商品房买卖合同", notarization_application: "商品房买卖公证申请表",
    notarization_notice: "商品房买卖合同公证告知", case_record: "收案记录" };
  const MATERIAL_TITLE = { id_document_first: "身份证明文件（第一次核验）", id_document_second: "身份证明文件（第二次核验）",
    id_front: "身份证件正面", id_back: "身份证件反面", id_in_hand: "手持身份证件", signature: "电子签名", evidence_video: "佐证视频" };
  const STAGE = { before_reading: "阅读文件前", at_submission: "提交申请时" };
  const METHOD = { face: "人脸识别", document: "身份证明文件照片" };
  const SOURCE = { camera: "相机现场拍摄", signature_pad: "签名板现场书写" };

  async function fetchCases(stateName) {
    return (await api("GET", `/api/v1/notary/cases?state=${encodeURIComponent(stateName)}`)).cases || [];
  }

  async function loadQueue(preloaded) {
    showError("notary-queue-error", null);
    closeCase();
    const target = $("notary-queue-table");
    if (!preloaded) loading(target);
    try {
      const cases = preloaded || await fetchCases("submitted");
      if (cases.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有待审核的公证申请。买受人提交后会出现在这里。"));
        return;
      }
      target.replaceChildren(table(["提交时间", "案件编号", "合同", "状态", "操作"], cases.map((c) => [
        formatTime(c.updated_at), el("span", { class: "mono" }, shortId(c.case_id)), el("span", { class: "mono" }, shortId(c.contract_id)),
        stateCell(...(CASE_STATE[c.state] || ["—", ""])),
        el("button", { type: "button", class: "btn btn-small", "aria-label": `审核（案件 ${shortId(c.case_id)}）`,
                       onclick: (e) => busy(e.currentTarget, () => openCase(c.case_id, true)) }, "审核")])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("notary-queue-error", error);
    }
  }

  async function loadDecided() {
    showError("notary-decided-error", null);
    const target = $("notary-decided-table");
    loading(target);
    try {
      const cases = await fetchCases($("notary-decided-state").value);
      if (cases.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有该状态的公证申请。"));
        return;
      }
      target.replaceChildren(table(["更新时间", "案件编号", "合同", "状态", "公证书"], cases.map((c) => [
        formatTime(c.updated_at), el("span", { class: "mono" }, shortId(c.case_id)), el("span", { class: "mono" }, shortId(c.contract_id)),
        stateCell(...(CASE_STATE[c.state] || ["—", ""])),
        c.state === "approved" ? certificateButton(c.case_id) : "—"])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("notary-decided-error", error);
    }
  }

  function certificateButton(caseId) {
    const button = el("button", { type: "button", class: "btn btn-small btn-light" }, "下载公证书");
    button.addEventListener("click", () => window.Portal.downloadCertificate(button, caseId, `certificate-${caseId}.pdf`));
    return button;
  }

  // ---- A case: its materials beside the decision ---------------------------------------------------------

  function closeCase() {
    const box = $("notary-case");
    box.hidden = true;
    box.replaceChildren();
  }

  async function material(caseId, kind) {
    try {
      return await api("GET", casePath(caseId, `/materials/${kind}`));
    } catch (error) {
      if (error.status === 401) throw error;
      return { kind, error };
    }
  }

  async function openCase(caseId, deciding) {
    const box = $("notary-case");
    box.hidden = false;
    loading(box, "正在读取公证申请及材料…");
    let c, materials;
    try {
      c = await api("GET", casePath(caseId));
      const kinds = [...(c.mainland ? [] : ["id_document_first", "id_document_second"]), ...c.required_materials]
        .filter((k) => c.materials.includes(k));
      materials = await Promise.all(kinds.map((k) => material(caseId, k)));
    } catch (error) {
      if (error.status !== 401) box.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
      return;
    }
    const room = c.room || {};
    const approve = el("button", { type: "button", class: "btn btn-approve", id: "notary-approve" }, "通过");
    const reject = el("button", { type: "button", class: "btn btn-reject", id: "notary-reject" }, "退回");
    approve.addEventListener("click", () => decide(c, approve, [approve, reject], "approve"));
    reject.addEventListener("click", () => decide(c, reject, [approve, reject], "reject"));
    const close = el("button", { type: "button", class: "btn btn-light", onclick: closeCase }, "关闭");
    box.replaceChildren(
      el("div", { class: "review-head" }, el("h3", {}, `公证申请 · 案件 ${shortId(c.case_id)}`), close),
      el("div", { class: "review-layout" },
        el("div", { class: "case-materials" },
          el("h4", {}, "身份核验"),
          c.verifications.length ? el("ul", { class: "checks" }, c.verifications.map((v) =>
            el("li", {}, `✓ ${STAGE[v.stage] || "核验"}：${METHOD[v.method] || "已核验"}通过（${formatTime(v.at)}）`)))
            : el("p", { class: "empty" }, "尚未核验。"),
          el("h4", {}, "已阅读并确认的文件"),
          el("ul", { class: "checks" }, c.documents.map((d) => el("li", {},
            `${c.documents_read.includes(d) ? "✓" : "✗ 未确认"} 《${DOCUMENT_TITLE[d] || d}》`))),
          el("h4", {}, "上传的材料"),
          el("div", { class: "material-grid" }, materials.map(materialCard)),
          c.required_materials.filter((k) => !c.materials.includes(k)).length
            ? el("p", { class: "error" }, `尚未上传：${c.required_materials.filter((k) => !c.materials.includes(k)).map((k) => MATERIAL_TITLE[k]).join("、")}`) : null),
        el("div", { class: "decision", role: "group", "aria-label": "审核决定" },
          el("dl", { class: "facts" }, ...[
            ["买受人", c.buyer_name], ["证件号码", c.buyer_id_masked], ["身份", c.mainland ? "中国大陆居民" : "非中国大陆居民"],
            ["出卖人", c.seller_name], ["房屋", [room.project_name, room.building_name, room.room_number].filter(Boolean).join(" ")],
            ["状态", (CASE_STATE[c.state] || ["—"])[0]], ["合同内容摘要", `${c.content_hash.slice(0, 16)}…`],
          ].flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, dash(v))])),
          c.certificate ? el("p", { class: "note" }, `公证书编号：${c.certificate.certificate_number}`) : null,
          c.decision && c.decision.reasons.length ? el("p", { class: "note" }, `退回原因：${c.decision.reasons.join("；")}`) : null,
          deciding && c.state === "submitted"
            ? [el("p", { class: "hint" }, "核对身份、文件与材料后作出决定；通过即出具公证书，并随合同提交房管局备案。"),
               el("div", { class: "actions" }, approve, reject)]
            : null)));
    box.scrollIntoView({ block: "start" });
  }

  function materialCard(m) {
    const title = MATERIAL_TITLE[m.kind] || m.kind;
    if (m.error) return el("figure", { class: "material-card" }, el("figcaption", {}, title), el("p", { class: "error" }, describe(m.error)));
    const size = `${Math.max(1, Math.round(m.size / 1024))} KB`;
    if (m.kind === "evidence_video") {
      return el("figure", { class: "material-card", id: "material-evidence_video" }, el("figcaption", {}, title),
        el("p", { class: "video-facts" }, `已上传，时长 ${m.seconds} 秒，${size}`));
    }
    const source = m.capture ? `，${SOURCE[m.capture.source] || "现场采集"}` : "";
    return el("figure", { class: "material-card", id: `material-${m.kind}` },
      el("img", { src: `data:${m.content_type};base64,${m.data_base64}`, alt: title, class: "material-image" }),
      el("figcaption", {}, title, el("span", { class: "hint" }, ` ${size}${source}`)));
  }

  async function decide(c, button, buttons, action) {
    let body;
    if (action === "approve") {
      const yes = await window.Portal.ask({ title: "通过公证申请", confirmLabel: "通过并出具公证书",
        message: [`确认通过买受人 ${c.buyer_name} 的公证申请？`, "通过后将出具公证书，合同随即携公证书提交房管局备案，不能撤回。"] });
      if (yes === null) return;
    } else {
      const reasons = await askReasons("退回公证申请", "退回后合同回到开发企业，修改后可重新推送；买受人可在页面上看到退回原因。");
      if (reasons === null) return;
      body = { reasons };
    }
    await busy(button, async () => {
      buttons.forEach((b) => { b.disabled = true; });
      let answer;
      try {
        answer = await api("POST", casePath(c.case_id, `/${action}`), body);
      } catch (error) {
        buttons.forEach((b) => { b.disabled = false; });
        if (error.status !== 401) notify(describe(error), "error");
        if (error.code === "invalid_case_state") await loadQueue();
        return;
      }
      notify(action === "approve" ? `已通过，公证书编号：${answer.certificate.certificate_number}` : "已退回，合同回到开发企业。", "ok");
      let rows = null;
      for (let attempt = 0; attempt < 8; attempt += 1) {
        rows = await fetchCases("submitted").catch(() => null);
        if (!rows || !rows.some((r) => r.case_id === c.case_id)) break;
        await window.Portal.sleep(400 + attempt * 200);
      }
      await loadQueue(rows || undefined);
    }, "办理中…");
  }

  function forget() {
    closeCase();
    for (const id of ["notary-queue-table", "notary-decided-table"]) $(id).replaceChildren();
    for (const id of ["notary-queue-error", "notary-decided-error"]) showError(id, null);
  }

  staff.register({
    "notary-queue": () => loadQueue(),
    "notary-decided": () => loadDecided(),
  }, forget, () => {
    $("notary-queue-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadQueue()));
    $("notary-decided-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadDecided()));
    $("notary-decided-state").addEventListener("change", () => loadDecided());
  });
})();
