/* 合同管理 · 公证签约 (guide 002, R002.1, R002.2, R002.7, R002.8): a formal-printed contract submitted on the
 * notarized route instead of confirmed in person; then 设置合同密码, 收件材料 (typed, named, size-checked
 * attachments), the notary office, 推送电子合同, 查看二维码 for the buyer, the case's progress and the saga's
 * history, the certificate and the filing. */
"use strict";

(function () {
  const { $, el, api, busy, notify, ask, dash, table, stateCell, loading, formatTime, explain, uuid, ApiError } = window.Portal;
  const staff = window.Portal.staff;
  const dev = window.Portal.developer;
  const path = (id, tail = "") => `/api/v1/contracts/${encodeURIComponent(id)}${tail}`;
  const MAX_ATTACHMENT = 500 * 1024;

  explain({
    not_notarized_route: "该合同不是公证签约的合同。",
    invalid_notarization_state: "公证签约的进度已变化（已推送的合同不能再修改密码或附件），请刷新后查看。",
    contract_password_missing: "请先设置合同密码，再推送电子合同。",
    attachments_missing: "请先上传房屋平面图和排水布置示意图，再推送电子合同。",
    attachment_too_large: "附件超过 500 KB，请压缩后再上传。",
    unsupported_media_type: "附件须为 PNG、JPEG 图片或 PDF 文件，且文件内容与类型一致。",
    unknown_attachment_kind: "请选择附件类型。",
    too_many_attachments: "附件最多 10 个。同名附件会替换原附件。",
    unknown_notary_office: "请选择列表中的公证处。",
    certificate_hash_mismatch: "合同内容与公证书所证明的文本不一致，不能携原公证书提交，请重新推送公证。",
    certificate_not_issued: "公证书尚未出具。",
    invalid_identity_document: "买受人证件号码不正确，请核对合同中的买受人信息。",
  });

  const NOTARIZATION_LABEL = {
    preparing: ["待推送（设置密码、上传附件）", "state-formal_printed"], pushed: ["已推送，等待公证处返回二维码", "state-confirmed"],
    case_opened: ["公证处已受理，等待买受人在线签约", "state-confirmed"], certified: ["已出具公证书", "state-filed"],
    returned: ["公证处退回，待修改后重新推送", "state-filing_rejected"], failed: ["公证未在期限内完成，合同已作废", "state-cancelled"],
  };
  const ATTACHMENT_KINDS = [["floor_plan", "房屋平面图"], ["drainage_layout", "排水布置示意图"], ["site_plan", "总平面图"], ["other", "其他"]];
  const ATTACHMENT_LABEL = Object.fromEntries(ATTACHMENT_KINDS);
  const ID_TYPE_LABEL = { resident_id: "居民身份证", hk_macau_travel_permit: "港澳居民来往内地通行证",
    taiwan_travel_permit: "台湾居民来往大陆通行证", hk_macau_taiwan_residence_permit: "港澳台居民居住证", passport: "护照" };
  const FILING_LABEL = { notarizing: "公证签约中", confirmed: "已携公证书提交备案，待审核", filing_rejected: "备案被退回", filed: "已备案" };

  const state = { selected: null, pushKey: null, offices: null, timer: null };

  // ---- Choosing the route, from 我的预览合同 --------------------------------------------------------------

  /** 公证签约 instead of 是: the buyer signs remotely before a notary office (R002.1). */
  async function submit(button, c) {
    const yes = await ask({ title: "公证签约", confirmLabel: "提交公证签约",
      message: ["买受人不在现场时，可选择电子公证网签：合同提交后设置合同密码、上传附件，再推送至公证处，由买受人扫码在线签约公证。",
                "提交后合同不能再修改，房屋保持“正在签约中”。"] });
    if (yes === null) return;
    await busy(button, async () => {
      try {
        await api("POST", path(c.contract_id, "/notarization"));
      } catch (error) {
        if (error.status !== 401) notify(dev.explainError(error), "error");
        return;
      }
      notify("合同已提交公证签约，请设置合同密码并上传附件。", "ok");
      state.selected = c.contract_id;
      dev.openTab("dev-notary");
    }, "提交中…");
  }

  // ---- The list -------------------------------------------------------------------------------------------

  async function notarizedContracts() {
    const query = ["notarizing", "confirmed", "filing_rejected", "filed"].map((s) => `state=${s}`).join("&");
    const contracts = ((await api("GET", `/api/v1/contracts?${query}`)).contracts || []).slice(0, 50);
    const withRoute = await Promise.all(contracts.map(async (c) => {
      try {
        return { contract: c, notarization: await api("GET", path(c.contract_id, "/notarization")) };
      } catch (error) {
        if (error.code === "not_notarized_route") return null;
        throw error;
      }
    }));
    return withRoute.filter(Boolean);
  }

  async function loadList() {
    dev.showBox("notary-error", null);
    const target = $("notary-table");
    loading(target);
    try {
      const selected = state.selected;
      const rows = await dev.until(notarizedContracts, (list) => !selected || list.some((r) => r.contract.contract_id === selected), 6);
      if (selected) openDetail(selected);
      if (rows.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "还没有公证签约的合同。在“我的预览合同”中正式打印后，点击“公证签约”即可提交。"));
        return;
      }
      target.replaceChildren(table(["合同编号", "房号", "买受人", "公证进度", "合同状态", "操作"], rows.map(({ contract: c, notarization: n }) => {
        const [label, cls] = NOTARIZATION_LABEL[n.state] || ["办理中", ""];
        return [el("span", { class: "mono" }, dev.contractNumber(c)), dash(c.room_number), dash(c.buyer_name),
          stateCell(label, cls), FILING_LABEL[c.state] || staff.CONTRACT_STATE_LABEL[c.state] || "—",
          el("button", { type: "button", class: "btn btn-small", "aria-label": `办理（合同 ${dev.contractNumber(c)}）`,
                         onclick: (e) => busy(e.currentTarget, () => openDetail(c.contract_id)) }, "办理")];
      })));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) dev.showBox("notary-error", dev.explainError(error));
    }
  }

  // ---- One contract's notarized route --------------------------------------------------------------------

  function closeDetail() {
    clearTimeout(state.timer);
    state.timer = null;
    const box = $("notary-detail");
    box.hidden = true;
    box.replaceChildren();
  }

  async function offices() {
    if (!state.offices) state.offices = (await api("GET", "/api/v1/notary/offices")).offices || [];
    return state.offices;
  }

  async function openDetail(contractId) {
    clearTimeout(state.timer);
    if (state.selected !== contractId) state.pushKey = null;
    state.selected = contractId;
    const box = $("notary-detail");
    box.hidden = false;
    if (!box.firstChild) loading(box, "正在读取公证签约信息…");
    try {
      const [contract, n, history, officeList] = await Promise.all([
        api("GET", path(contractId)), api("GET", path(contractId, "/notarization")),
        api("GET", path(contractId, "/notarization/history")).catch(() => ({ sagas: [] })), offices()]);
      renderDetail(box, contract, n, history, officeList);
      const waiting = n.state === "pushed" || n.state === "case_opened" || (n.state === "certified" && contract.state !== "filed");
      if (waiting) state.timer = setTimeout(() => { if (!document.hidden && state.selected === contractId) openDetail(contractId); }, 4000);
    } catch (error) {
      if (error.status !== 401) box.replaceChildren(el("div", { class: "error", role: "alert" }, dev.explainError(error)));
    }
  }

  function section(title, ...children) {
    return el("section", { class: "notary-step" }, el("h3", {}, title), ...children);
  }

  function renderDetail(box, contract, n, history, officeList) {
    const preparing = n.state === "preparing" || n.state === "returned";
    const [label] = NOTARIZATION_LABEL[n.state] || ["办理中"];
    const close = el("button", { type: "button", class: "btn btn-light", onclick: () => { state.selected = null; closeDetail(); } }, "关闭");
    box.replaceChildren(...[
      el("div", { class: "review-head" }, el("h3", {}, `公证签约 · 合同 ${dev.contractNumber(contract)}`), close),
      el("dl", { class: "facts" }, ...[["买受人", contract.buyer.name], ["房屋", `${contract.room.building_name} ${contract.room.room_number}`],
        ["公证进度", label], ["合同状态", FILING_LABEL[contract.state] || staff.CONTRACT_STATE_LABEL[contract.state]],
        ["合同备案号", contract.filing_number]].flatMap(([k, v]) => [el("dt", {}, k), el("dd", { id: k === "公证进度" ? "notary-progress" : null }, dash(v))])),
      n.returns.length ? el("div", { class: "error", role: "alert" },
        `公证处退回（第 ${n.returns[n.returns.length - 1].attempt} 次推送）：${n.returns[n.returns.length - 1].reasons.join("；")}。请修改附件后重新推送。`) : null,
      preparing ? [passwordStep(contract, n), attachmentsStep(contract, n), pushStep(contract, n, officeList)] : null,
      n.case && n.state === "case_opened" ? qrStep(n) : (n.state === "pushed" ? section("二维码", el("p", { class: "loading", role: "status" }, "电子合同已推送，正在等待公证处返回二维码…")) : null),
      n.certificate ? certificateStep(contract, n) : null,
      historyStep(history)].flat().filter(Boolean));
  }

  function passwordStep(contract, n) {
    const error = el("div", { class: "error", role: "alert", hidden: true });
    const first = el("input", { id: "notary-password", type: "password", autocomplete: "new-password", maxlength: 32 });
    const again = el("input", { id: "notary-password-again", type: "password", autocomplete: "new-password", maxlength: 32 });
    const save = el("button", { type: "submit", class: "btn btn-primary", id: "notary-password-save" }, n.password_set ? "修改合同密码" : "设置合同密码");
    const form = el("form", { class: "stack-form", novalidate: true },
      el("label", { for: "notary-password" }, "合同密码 ", el("span", { class: "hint" }, "6 至 32 个字符，请当面或电话告知买受人，扫码签约时使用")),
      first, el("label", { for: "notary-password-again" }, "再次输入合同密码"), again, error, el("div", { class: "actions" }, save));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const problem = first.value.length < 6 || first.value.length > 32 ? "合同密码须为 6 至 32 个字符。"
        : first.value !== again.value ? "两次输入的合同密码不一致，请重新输入。"
        : dev.textProblem(first.value, "合同密码", 32, true);
      if (problem) { error.textContent = problem; error.hidden = false; return; }
      await busy(save, async () => {
        try {
          await api("PUT", path(contract.contract_id, "/notarization/password"), { password: first.value });
          notify("合同密码已设置。请将密码告知买受人。", "ok");
          await openDetail(contract.contract_id);
        } catch (e) {
          if (e.status !== 401) { error.textContent = dev.explainError(e); error.hidden = false; }
        }
      }, "保存中…");
    });
    return section(`1. 设置合同密码${n.password_set ? "（已设置）" : ""}`, form);
  }

  function attachmentsStep(contract, n) {
    const list = n.attachments.length
      ? table(["附件类型", "文件名", "大小"], n.attachments.map((a) => [ATTACHMENT_LABEL[a.kind] || "其他", a.name, `${Math.max(1, Math.round(a.size / 1024))} KB`]))
      : el("p", { class: "empty" }, "尚未上传附件。须上传房屋平面图和排水布置示意图。");
    const kind = el("select", { id: "attachment-kind" }, ATTACHMENT_KINDS.map(([v, l]) => el("option", { value: v }, l)));
    const missing = ["floor_plan", "drainage_layout"].find((k) => !n.attachments.some((a) => a.kind === k));
    if (missing) kind.value = missing;
    const file = el("input", { id: "attachment-file", class: "file-input", type: "file", accept: "image/png,image/jpeg,application/pdf" });
    const fileName = el("span", { class: "hint", id: "attachment-file-name" }, "未选择文件");
    const name = el("input", { id: "attachment-name", maxlength: 100 });
    const preview = el("img", { class: "attachment-preview", alt: "附件预览", hidden: true });
    const error = el("div", { class: "error", role: "alert", hidden: true });
    const upload = el("button", { type: "submit", class: "btn btn-primary", id: "attachment-upload" }, "上传附件");
    let chosen = null;
    const fail = (text) => { error.textContent = text; error.hidden = !text; };
    file.addEventListener("change", () => {
      chosen = null;
      preview.hidden = true;
      fail("");
      const f = file.files && file.files[0];
      if (!f) { fileName.textContent = "未选择文件"; return; }
      fileName.textContent = `${f.name}（${Math.max(1, Math.round(f.size / 1024))} KB）`;
      if (!["image/png", "image/jpeg", "application/pdf"].includes(f.type)) { fail("只能上传 PNG、JPEG 图片或 PDF 文件，请重新选择。"); return; }
      if (f.size === 0) { fail("所选文件是空的，请重新选择。"); return; }
      if (f.size > MAX_ATTACHMENT) { fail(`文件有 ${Math.round(f.size / 1024)} KB，超过 500 KB，请压缩后再上传。`); return; }
      chosen = f;
      if (!name.value) name.value = f.name.slice(0, 100);
      if (f.type.startsWith("image/")) {
        const reader = new FileReader();
        reader.onload = () => { preview.src = String(reader.result); preview.hidden = false; };
        reader.readAsDataURL(f);
      }
    });
    const form = el("form", { class: "stack-form", novalidate: true },
      el("label", { for: "attachment-kind" }, "附件类型"), kind,
      el("label", { for: "attachment-file" }, "文件 ", el("span", { class: "hint" }, "PNG、JPEG 或 PDF，不超过 500 KB")),
      el("div", { class: "file-row" }, file, el("label", { for: "attachment-file", class: "btn btn-light file-button", "aria-hidden": "true" }, "选择文件…"), fileName),
      preview,
      el("label", { for: "attachment-name" }, "附件名称 ", el("span", { class: "hint" }, "同名附件会替换原附件")), name,
      error, el("div", { class: "actions" }, upload));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!chosen) { fail(file.files && file.files[0] ? error.textContent || "请重新选择文件。" : "请先选择要上传的文件。"); return; }
      const problem = dev.textProblem(name.value, "附件名称", 100, true);
      if (problem) { fail(problem); return; }
      await busy(upload, async () => {
        try {
          const data = await new Promise((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
            reader.onerror = () => reject(new ApiError(0, "", "无法读取所选文件，请重新选择。"));
            reader.readAsDataURL(chosen);
          });
          await api("POST", path(contract.contract_id, "/notarization/attachments"),
                    { kind: kind.value, name: name.value.trim(), content_type: chosen.type, data_base64: data });
          notify(`已上传附件“${name.value.trim()}”。`, "ok");
          await openDetail(contract.contract_id);
        } catch (e) {
          if (e.status !== 401) fail(dev.explainError(e));
        }
      }, "上传中…");
    });
    return section("2. 收件材料（上传附件）", list, form);
  }

  function pushStep(contract, n, officeList) {
    const office = el("select", { id: "notary-office" }, el("option", { value: "" }, "请选择公证处"),
                      officeList.map((o) => el("option", { value: o.office_id }, o.name)));
    const buyer = contract.buyer || {};
    const error = el("div", { class: "error", role: "alert", hidden: true });
    const push = el("button", { type: "button", class: "btn btn-primary", id: "notary-push" }, n.returns.length ? "重新推送电子合同" : "推送电子合同");
    const ready = n.password_set && ["floor_plan", "drainage_layout"].every((k) => n.attachments.some((a) => a.kind === k));
    push.addEventListener("click", async () => {
      error.hidden = true;
      if (!office.value) { error.textContent = "请选择公证处。"; error.hidden = false; office.focus(); return; }
      const name = office.options[office.selectedIndex].textContent;
      const yes = await ask({ title: "推送电子合同", confirmLabel: "确定推送",
        message: [`生成电子合同并推送至“${name}”？`, "推送后不能再修改合同密码和附件；公证处返回二维码后，请让买受人用微信扫码在线签约。"] });
      if (yes === null) return;
      state.pushKey = state.pushKey || uuid();
      await busy(push, async () => {
        try {
          await api("POST", path(contract.contract_id, "/notarization/push"),
                    { office_id: office.value, buyer_id_type: buyer.id_type, buyer_id_number: buyer.id_number },
                    { idempotencyKey: state.pushKey });
          state.pushKey = null;
          notify("电子合同已推送至公证处，正在等待公证处返回二维码。", "ok");
          await openDetail(contract.contract_id);
        } catch (e) {
          if (e.status !== 401) { error.textContent = dev.explainError(e); error.hidden = false; }
        }
      }, "推送中…");
    });
    return section("3. 选择公证处，推送电子合同",
      el("p", { class: "hint" }, `买受人：${dash(buyer.name)}（${ID_TYPE_LABEL[buyer.id_type] || "证件"} ${dash(buyer.id_number)}）。`,
         buyer.id_type === "resident_id" ? "中国大陆居民，在线签约时进行人脸识别。" : "非中国大陆居民，在线签约时拍摄身份证明文件并录制佐证视频。"),
      ready ? null : el("p", { class: "hint" }, "推送前须设置合同密码，并上传房屋平面图和排水布置示意图。"),
      el("label", { for: "notary-office" }, "公证处"), office, error, el("div", { class: "actions" }, push));
  }

  function qrStep(n) {
    const url = n.case.qr_url;
    const shown = el("div", { class: "qr", id: "notary-qr", hidden: true },
      el("img", { src: `/portal/qr.svg?text=${encodeURIComponent(url)}`, alt: "公证签约二维码，请买受人用微信扫描", width: 198, height: 198 }),
      el("p", { class: "hint" }, "请买受人用微信扫描此二维码，输入合同密码后在线签约公证。"),
      el("a", { href: url, id: "notary-qr-link", class: "qr-link mono", target: "_blank", rel: "noopener noreferrer" }, "买受人无法扫码时，可将此链接发给买受人"));
    const toggle = el("button", { type: "button", class: "btn btn-primary", id: "notary-qr-show", "aria-expanded": "false" }, "查看二维码");
    toggle.addEventListener("click", () => {
      shown.hidden = !shown.hidden;
      toggle.setAttribute("aria-expanded", String(!shown.hidden));
      toggle.textContent = shown.hidden ? "查看二维码" : "收起二维码";
    });
    return section("4. 买受人在线签约", el("p", {}, "公证处已受理并返回二维码。"), el("div", { class: "actions" }, toggle), shown);
  }

  function certificateStep(contract, n) {
    const caseId = n.case && n.case.case_id;
    const download = el("button", { type: "button", class: "btn btn-primary", id: "notary-certificate-download" }, "下载公证书");
    download.addEventListener("click", () => window.Portal.downloadCertificate(download, caseId, `certificate-${contract.contract_id}.pdf`));
    return section("5. 公证书",
      el("dl", { class: "facts" }, el("dt", {}, "公证书编号"), el("dd", { class: "mono", id: "notary-certificate-number" }, n.certificate.certificate_number),
         el("dt", {}, "合同备案"), el("dd", {}, contract.state === "filed" ? `已备案，备案号 ${contract.filing_number}` : "已携公证书提交房管局备案，等待审核")),
      caseId ? el("div", { class: "actions" }, download) : null);
  }

  function historyStep(history) {
    const sagas = history.sagas || [];
    if (!sagas.length) return section("办理记录", el("p", { class: "empty" }, "推送电子合同后，这里会逐步记录公证签约的办理过程。"));
    return section("办理记录", sagas.map((saga) => el("div", { class: "saga" },
      el("p", { class: "hint" }, `第 ${saga.attempt} 次推送 · 须在 ${formatTime(saga.complete_by)} 前完成`),
      el("ol", { class: "saga-steps", id: `saga-${saga.attempt}` }, saga.steps.map((s) =>
        el("li", {}, el("span", { class: "saga-time" }, formatTime(s.at)), " ", s.explanation))))));
  }

  function forget() {
    closeDetail();
    Object.assign(state, { selected: null, pushKey: null, offices: null });
    $("notary-table").replaceChildren();
    dev.showBox("notary-error", null);
  }

  window.Portal.developerNotary = { submit };

  staff.register({ "dev-notary": () => loadList() }, forget, () => {
    $("notary-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadList()));
  });
})();
