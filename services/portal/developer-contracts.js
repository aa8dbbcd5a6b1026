/* 合同管理: 我的预设合同条款 (R000.6), 合同签订 (the buyer named fully, then 24 clauses and 5 attachments step by
 * step, R000.7; the buyer can be changed until the formal print), 我的预览合同 (预览, 修改, 正式打印, 是否签约 with the 24-hour countdown, R000.8–R000.12) and
 * 我的正式合同 (filing status, 备案号, the bureau's reasons and re-submission, R000.13/14). */
"use strict";

(function () {
  const { $, el, api, busy, notify, ask, dash, table, stateCell, loading, formatTime, explain } = window.Portal;
  const staff = window.Portal.staff;
  const dev = window.Portal.developer;
  const { CONTRACT_STATE_LABEL, CANCEL_REASON_LABEL, openPdf } = staff;
  const PREVIEW_STATES = ["drafted", "preview_printed", "modified", "formal_printed"];
  const EDITABLE = ["drafted", "preview_printed", "modified", "filing_rejected"];
  const BUYER_EDITABLE = ["drafted", "preview_printed", "modified"];
  const FILING_LABEL = { formal_printed: "已正式打印，待确认签约", confirmed: "已签约，待备案",
                         filing_rejected: "备案被退回，待修改", filed: "已备案" };
  const stateLabel = (state) => CONTRACT_STATE_LABEL[state] || "未知状态";
  const path = (id, tail = "") => `/api/v1/contracts/${encodeURIComponent(id)}${tail}`;
  /** 张* · 138****4567: how the lists name a buyer (the whole details are only in the contract itself). */
  const buyerCell = (c) => el("span", {}, dash(c.buyer_name),
    c.buyer_phone_masked ? el("div", { class: "note mono" }, c.buyer_phone_masked) : null);

  explain({
    buyer_details_missing: "买受人信息还不完整（证件类型、证件号码、联系电话、通讯地址），请在“买受人”一步补全后再打印。",
  });

  // ---- 我的预设合同条款 ------------------------------------------------------------------------------

  const presets = { projectId: null, sections: {}, index: 0, form: null };

  async function loadPresets() {
    dev.showBox("presets-error", null);
    const target = $("preset-form");
    loading(target);
    const project = await dev.currentProject().catch(() => null);
    if (!project) { dev.emptyWithoutProject(target); $("preset-sections").replaceChildren(); return; }
    try {
      const [sections, answer] = await Promise.all([
        dev.template(), api("GET", `/api/v1/projects/${encodeURIComponent(project.project_id)}/clause-presets`)]);
      if (presets.projectId !== project.project_id) presets.index = 0;
      Object.assign(presets, { projectId: project.project_id, sections: answer.sections, template: sections });
      renderPresets();
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) dev.showBox("presets-error", dev.explainError(error));
    }
  }

  function renderPresets() {
    const sections = presets.template;
    $("preset-sections").replaceChildren(...sections.map((s, i) => el("button", {
      type: "button", class: "btn btn-small section-choice" + (presets.sections[s.section_id] ? " has-preset" : ""),
      "aria-pressed": String(i === presets.index), title: s.title,
      onclick: () => { presets.index = i; dev.showBox("presets-error", null); renderPresets(); },
    }, dev.shortTitle(s))));
    const section = sections[presets.index];
    presets.form = dev.sectionForm(section, presets.sections[section.section_id], "preset");
    const save = el("button", { type: "submit", class: "btn btn-primary" }, "预设");
    const form = el("form", { novalidate: true }, presets.form.node, el("div", { class: "actions" }, save,
      el("span", { class: "hint" }, presets.sections[section.section_id] ? "本条已有预设内容" : "本条尚未预设")));
    form.addEventListener("submit", (event) => { event.preventDefault(); savePreset(save, section); });
    $("preset-form").replaceChildren(form);
  }

  async function savePreset(button, section) {
    const problem = presets.form.problem();
    dev.showBox("presets-error", problem);
    if (problem) return;
    const projectId = presets.projectId;
    await busy(button, async () => {
      try {
        const answer = await api("PUT", `/api/v1/projects/${encodeURIComponent(projectId)}/clause-presets`,
                                 { sections: { [section.section_id]: presets.form.values() } });
        presets.sections = answer.sections;
        notify(`${dev.shortTitle(section)}的预设内容已保存。`, "ok");
        presets.index = Math.min(presets.index + 1, presets.template.length - 1);
        renderPresets();
      } catch (error) {
        if (error.status !== 401) dev.showBox("presets-error", dev.explainError(error, presets.form.markInvalid(error)));
      }
    }, "保存中…");
  }

  // ---- 合同签订 ----------------------------------------------------------------------------------------

  const signing = { room: null, contract: null, index: 0, form: null, moving: false, sections: null };

  dev.startSigning = (room) => {
    Object.assign(signing, { room, contract: null, index: 0 });
    dev.openTab("dev-signing");
  };

  async function editContract(contractId, sectionId) {
    try {
      const contract = await api("GET", path(contractId));
      const sections = await dev.template();
      const index = Math.max(0, sections.findIndex((s) => s.section_id === sectionId));
      Object.assign(signing, { room: null, contract, index, sections });
      dev.openTab("dev-signing");
    } catch (error) {
      if (error.status !== 401) notify(dev.explainError(error), "error");
    }
  }

  async function loadSigning() {
    dev.showBox("signing-error", null);
    const target = $("signing");
    if (signing.contract && (signing.contract.buyer_missing || []).length && BUYER_EDITABLE.includes(signing.contract.state)) {
      return renderBuyerStep("该合同的买受人信息还不完整，请先补全。");
    }
    if (signing.contract) return renderClauseStep();
    if (signing.room) return renderBuyerStep();
    target.replaceChildren(el("div", { class: "empty" },
      el("p", {}, "请在“我的房屋信息表”或“我的房屋电子图”中点击可售房屋的房号，再点击单户信息上方的“合同签订”。"),
      el("p", {}, "修改已起草的合同，请到“我的预览合同”点击“修改”。"),
      el("button", { type: "button", class: "btn btn-light", onclick: () => dev.openTab("dev-room-table") }, "打开我的房屋信息表")));
    return undefined;
  }

  /** The first step: the buyer named fully. Without a contract it drafts one for `signing.room`; with one it
   *  changes the buyer (修改, until the formal print) and goes back to the clauses. */
  function renderBuyerStep(note) {
    const contract = signing.contract;
    const room = contract ? contract.room : signing.room;
    const info = (signing.room && signing.room.info) || {};
    const editable = !contract || BUYER_EDITABLE.includes(contract.state);
    const form = dev.buyerForm(contract ? contract.buyer : null, !editable);
    const start = el("button", { type: "submit", class: "btn btn-primary" }, contract ? "保存并继续填写条款" : "下一步");
    const back = contract ? el("button", { type: "button", class: "btn btn-light" }, "返回条款") : null;
    const node = el("form", { class: "stack-form buyer-form", novalidate: true },
      el("h3", {}, `买受人信息 · ${room.room_number} 号房`),
      contract ? null : el("p", { class: "hint" }, `${dash(dev.USAGE_LABEL[info.usage])} · ${dash(info.layout)} · ` +
         `${info.area_sqm ? info.area_sqm + " ㎡" : "—"} · ${info.price_per_sqm ? info.price_per_sqm + " 元/㎡" : "—"}`),
      note ? el("p", { class: "hint" }, note) : null,
      form.node,
      el("p", { class: "hint" }, contract ? (editable ? "正式打印前可以修改买受人信息；预览后修改的，须重新打印预览合同。"
        : "合同已正式打印，买受人信息不能再修改。")
        : "点击下一步即开始签约，该房屋的销售状态将变为“正在签约中”。"),
      el("div", { class: "actions" }, back, editable ? start : null));
    if (back) back.addEventListener("click", () => renderClauseStep());
    node.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!editable) return;
      const wrong = form.check();
      dev.showBox("signing-error", wrong.length ? `请按提示填写或修改：${wrong.join("、")}。` : null);
      if (wrong.length) return;
      await busy(start, () => (contract ? saveBuyer(form) : draftFor(room, form)), contract ? "保存中…" : "起草中…");
    });
    $("signing").replaceChildren(...(contract
      ? [el("p", { class: "progress", role: "status" }, "买受人信息（修改后请重新打印预览合同）"), steps(null), node]
      : [node]));
    if (editable) form.focus();
  }

  function showBuyerRefusal(form, error) {
    const wrong = form.showServerProblems(error);
    dev.showBox("signing-error", wrong.length ? `请按提示修改：${wrong.join("、")}。` : dev.explainError(error));
  }

  async function draftFor(room, form) {
    try {
      signing.contract = await api("POST", "/api/v1/contracts", { room_id: room.room_id, ...form.values() });
    } catch (error) {
      if (error.status === 401) return;
      showBuyerRefusal(form, error);
      return;
    }
    notify(`已为 ${room.room_number} 号房开始签约，请逐条填写合同。`, "ok");
    signing.index = 0;
    dev.followRoom(room.room_id, (status) => status !== "available");
    await renderClauseStep();
  }

  async function saveBuyer(form) {
    const contract = signing.contract;
    const values = form.values();
    const buyer = contract.buyer || {};
    const same = values.buyer_name === buyer.name && values.buyer_id_type === buyer.id_type &&
      values.buyer_id_number === buyer.id_number && values.buyer_phone === buyer.phone && values.buyer_address === buyer.address;
    if (!same) {
      try {
        signing.contract = await api("PUT", path(contract.contract_id, "/buyer"), values);
      } catch (error) {
        if (error.status === 401) return;
        showBuyerRefusal(form, error);
        return;
      }
      notify("买受人信息已保存。", "ok");
    }
    await renderClauseStep();
  }

  /** The steps of the contract: 买受人, then the 24 clauses and 5 attachments (`current`: the open one's index). */
  function steps(current) {
    const contract = signing.contract;
    const sections = signing.sections || [];
    const missing = contract.missing_blanks || {};
    const editable = EDITABLE.includes(contract.state);
    const buyerMissing = (contract.buyer_missing || []).length > 0;
    const item = (label, isCurrent, incomplete, onclick, disabled, title) => el("li", {
      class: (isCurrent ? "current " : "") + (incomplete ? "incomplete" : "complete") },
      el("button", { type: "button", "aria-current": isCurrent ? "step" : null, disabled, title,
                     onclick: (e) => onclick(e.currentTarget) }, label));
    return el("ol", { class: "steps", "aria-label": "合同条目（点击可保存本条并跳转）" },
      item("买受人", current === null, buyerMissing, (b) => (current === null ? null : move(b, "buyer")),
           !BUYER_EDITABLE.includes(contract.state) && current !== null,
           buyerMissing ? "买受人信息尚未填写完整" : "买受人信息已填写完整"),
      sections.map((s, i) => item(dev.shortTitle(s), i === current, missing[s.section_id],
        (b) => (current === null ? openClause(i) : move(b, i)), !editable,
        missing[s.section_id] ? "尚有必填空格" : "已填写完整")));
  }

  async function openClause(index) {
    signing.index = index;
    await renderClauseStep();
  }

  async function renderClauseStep() {
    const sections = await dev.template();
    signing.sections = sections;
    const contract = signing.contract;
    const section = sections[signing.index];
    const editable = EDITABLE.includes(contract.state);
    const last = signing.index === sections.length - 1;
    signing.form = dev.sectionForm(section, contract.sections[section.section_id], "clause");
    const back = el("button", { type: "button", class: "btn btn-light", disabled: signing.index === 0 }, "上一步");
    const next = el("button", { type: "submit", class: "btn btn-primary" },
                    last ? (contract.state === "filing_rejected" ? "保存并重新提交备案" : "预览签售") : "下一步");
    const form = el("form", { novalidate: true }, signing.form.node, el("div", { class: "actions step-actions" }, back, next));
    back.addEventListener("click", () => move(back, signing.index - 1));
    form.addEventListener("submit", (event) => { event.preventDefault(); move(next, last ? null : signing.index + 1); });
    $("signing").replaceChildren(
      el("div", { class: "contract-head" },
        el("div", {}, el("strong", {}, `合同 ${dev.contractNumber(contract)}`),
           ` · ${contract.room.building_name || ""} ${contract.room.room_number} 号房 · 买受人 ${contract.buyer_name}`,
           contract.buyer && contract.buyer.phone ? `（${contract.buyer.phone}）` : ""),
        el("span", { class: `pill state-${contract.state}` }, stateLabel(contract.state))),
      el("p", { class: "progress", role: "status" }, `第 ${signing.index + 1} 步，共 ${sections.length} 步（24 条及附件 5 条）`),
      steps(signing.index),
      editable ? form : el("div", {}, signing.form.node,
        el("p", { class: "hint" }, "该合同已正式打印或已签约，不能在此修改。")));
    if (!editable) for (const input of $("signing").querySelectorAll("input, select, textarea")) input.disabled = true;
  }

  /** Save the clause when it changed, then open section `target` ("buyer": the buyer's step; null: preview, or
   *  resubmit a returned one). */
  async function move(button, target) {
    if (signing.moving) return;  // one save at a time: a second click would save the same clause twice
    const problem = signing.form.problem();
    dev.showBox("signing-error", problem);
    if (problem) return;
    signing.moving = true;
    const buttons = Array.from($("signing").querySelectorAll("button"));
    for (const b of buttons) if (b !== button) b.disabled = true;
    try {
      await step(button, target);
    } finally {
      signing.moving = false;
      for (const b of buttons) if (b !== button && b.isConnected) b.disabled = false;
    }
  }

  async function step(button, target) {
    await busy(button, async () => {
      const sections = await dev.template();
      const section = sections[signing.index];
      const values = signing.form.values();
      const saved = signing.contract.sections[section.section_id] || {};
      const changed = Object.entries(values).some(([key, value]) => (saved[key] || "") !== value);
      try {
        if (changed) {
          signing.contract = await api("PUT", path(signing.contract.contract_id, `/clauses/${section.section_id}`),
                                       { values });
        }
      } catch (error) {
        if (error.status !== 401) dev.showBox("signing-error", dev.explainError(error, signing.form.markInvalid(error)));
        return;
      }
      if (target === "buyer") {
        renderBuyerStep();
        return;
      }
      if (target !== null) {
        signing.index = Math.max(0, Math.min(sections.length - 1, target));
        await renderClauseStep();
        $("signing").scrollIntoView({ block: "start" });
        return;
      }
      await finish(sections);
    }, target === null ? "办理中…" : "保存中…");
  }

  async function finish(sections) {
    const contract = signing.contract;
    const resubmit = contract.state === "filing_rejected";
    if (!resubmit && (contract.buyer_missing || []).length) {
      renderBuyerStep("买受人信息还不完整，请补全后再预览签售。");
      dev.showBox("signing-error", "买受人信息还不完整：请填写证件类型、证件号码、联系电话和通讯地址。");
      return;
    }
    const missing = Object.keys(contract.missing_blanks || {});
    if (missing.length) {
      const first = sections.findIndex((s) => missing.includes(s.section_id));
      dev.showBox("signing-error", `还有必填空格没有填写：${sections.filter((s) => missing.includes(s.section_id))
        .map(dev.shortTitle).join("、")}。已为您打开${dev.shortTitle(sections[first])}。`);
      signing.index = first;
      await renderClauseStep();
      return;
    }
    try {
      signing.contract = await api("POST", path(contract.contract_id, resubmit ? "/resubmit" : "/preview"));
    } catch (error) {
      if (error.status !== 401) dev.showBox("signing-error", dev.explainError(error));
      return;
    }
    awaited = { contractId: contract.contract_id, state: signing.contract.state };
    signing.contract = null;
    notify(resubmit ? "已重新提交备案，请等待房管局审核。" : "预览合同已生成，请点击“预览”打印交购房人审阅。", "ok");
    dev.openTab(resubmit ? "dev-contracts" : "dev-previews");
  }

  // ---- 我的预览合同 ------------------------------------------------------------------------------------

  let ticker = null;
  let awaited = null;  // {contractId, state} a command just reached, until the contract list has caught up

  const caughtUp = (list) => !awaited || !list ||
    list.some((r) => r.contract_id === awaited.contractId && r.state === awaited.state);

  async function listContracts(states) {
    const query = states.map((s) => `state=${encodeURIComponent(s)}`).join("&");
    return (await api("GET", `/api/v1/contracts?${query}`)).contracts || [];
  }

  async function loadPreviews(rows) {
    dev.showBox("previews-error", null);
    const target = $("previews-table");
    if (!rows) loading(target);
    try {
      const contracts = rows || await dev.until(() => listContracts(PREVIEW_STATES), caughtUp);
      awaited = null;
      if (contracts.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有临时合同。在“合同签订”中填写完合同并点击“预览签售”后，合同会出现在这里。"));
        return;
      }
      target.replaceChildren(table(["合同编号", "房号", "买受人", "状态", "预览打印", "修改", "正式打印", "是否签约"],
        contracts.map((c) => previewRow(c))));
      tick();
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) dev.showBox("previews-error", dev.explainError(error));
    }
  }

  function previewRow(c) {
    const formal = c.state === "formal_printed";
    const button = (label, onclick, cls, disabled) => el("button", {
      type: "button", class: `btn btn-small ${cls || ""}`, disabled, "aria-label": `${label}（合同 ${dev.contractNumber(c)}）`,
      onclick: (e) => onclick(e.currentTarget) }, label);
    return [
      el("span", { class: "mono" }, dev.contractNumber(c)), dash(c.room_number), buyerCell(c),
      stateCell(stateLabel(c.state), `state-${c.state}`),
      button(formal ? "查看" : "预览", (b) => preview(b, c)),
      button("修改", () => editContract(c.contract_id), "btn-light", formal),
      button("打印", (b) => printFormal(b, c), "", c.state !== "preview_printed"),
      formal ? el("div", { class: "decide" },
        button("是", (b) => confirmSigning(b, c), "btn-approve"), button("否", (b) => abandon(b, c), "btn-reject"),
        button("公证签约", (b) => window.Portal.developerNotary.submit(b, c), "btn-light"),
        el("div", { class: "countdown", dataset: { deadline: c.confirm_by || "" } }))
        : el("span", { class: "hint" }, "正式打印后可确认"),
    ];
  }

  /** 预览: print a preview of the current text when the last one is out of date, then show it. */
  async function preview(button, c) {
    await busy(button, async () => {
      try {
        if (c.state !== "formal_printed") {
          const contract = await api("GET", path(c.contract_id));
          if (!contract.preview_current) await api("POST", path(c.contract_id, "/preview"));
        }
      } catch (error) {
        if (error.status !== 401) notify(dev.explainError(error), "error");
        return;
      }
      await openPdf(c.contract_id, false, null);
      if (c.state === "modified") await refreshUntil(c.contract_id, (row) => row && row.state !== "modified");
    });
  }

  async function printFormal(button, c) {
    await busy(button, async () => {
      try {
        await api("POST", path(c.contract_id, "/formal-print"));
      } catch (error) {
        if (error.status !== 401) notify(dev.explainError(error), "error");
        return;
      }
      notify("正式合同已打印。请双方签字盖章后在 24 小时内点击“是”确认签约。", "ok");
      await openPdf(c.contract_id, false, null);
      await refreshUntil(c.contract_id, (row) => row && row.state === "formal_printed");
    }, "打印中…");
  }

  async function confirmSigning(button, c) {
    const yes = await ask({ title: "确认签约", confirmLabel: "确认签约",
      message: ["请确认买卖双方已在正式合同上签字盖章。", "一旦确认签约，合同将无法修改，房屋状态变为“已售待备案”。"] });
    if (yes === null) return;
    await decide(button, c, "/confirm", "已确认签约，合同已提交房管局备案。", (s) => s === "sold_unfiled");
  }

  async function abandon(button, c) {
    const no = await ask({ title: "购房人放弃购买", confirmLabel: "确认放弃", danger: true,
      message: ["之前打印的合同文本即告失效，该房屋的销售状态将恢复为“可售”。", "此操作不能撤销。"] });
    if (no === null) return;
    await decide(button, c, "/abandon", "合同已作废，房屋已恢复为可售。", (s) => s === "available");
  }

  async function decide(button, c, action, doneText, roomDone) {
    await busy(button, async () => {
      for (const other of button.closest("tr").querySelectorAll("button")) other.disabled = true;
      try {
        await api("POST", path(c.contract_id, action));
      } catch (error) {
        if (error.status !== 401) notify(dev.explainError(error), "error");
        await loadPreviews();
        return;
      }
      notify(doneText, "ok");
      await refreshUntil(c.contract_id, (row) => !row);
      dev.followRoom(c.room_id, roomDone);
    }, "办理中…");
  }

  async function refreshUntil(contractId, done) {
    const rows = await dev.until(() => listContracts(PREVIEW_STATES).catch(() => null),
      (list) => !list || done(list.find((r) => r.contract_id === contractId)));
    if (rows) await loadPreviews(rows);
  }

  /** The live 24-hour countdowns (R000.11). */
  function tick() {
    const now = Date.now();
    for (const box of document.querySelectorAll("#previews-table .countdown")) {
      const deadline = new Date(String(box.dataset.deadline).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
      const left = Math.floor((deadline.getTime() - now) / 1000);
      if (Number.isNaN(left)) { box.textContent = ""; continue; }
      if (left < 0) {
        box.textContent = "已超过 24 小时，合同已自动失效";
        box.classList.add("overdue");
        for (const b of box.closest("td").querySelectorAll("button")) b.disabled = true;
        continue;
      }
      const h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      box.textContent = `剩余 ${h} 小时 ${String(m).padStart(2, "0")} 分 ${String(s).padStart(2, "0")} 秒（${formatTime(box.dataset.deadline)} 前）`;
    }
  }

  // ---- 我的正式合同 ------------------------------------------------------------------------------------

  async function loadContracts() {
    dev.showBox("contracts-error", null);
    const target = $("contracts-table");
    loading(target);
    try {
      const contracts = await dev.until(async () => (await api("GET", "/api/v1/contracts")).contracts || [], caughtUp);
      awaited = null;
      const reasons = new Map(await Promise.all(contracts.filter((c) => c.state === "filing_rejected").map(async (c) => {
        const full = await api("GET", path(c.contract_id));
        const latest = full.rejections[full.rejections.length - 1];
        return [c.contract_id, latest ? latest.reasons : []];
      })));
      if (contracts.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "还没有正式合同。正式打印后的合同及其备案状态会显示在这里。"));
        return;
      }
      target.replaceChildren(table(["合同编号", "买受人", "房号", "备案状态", "合同备案号", "合同文本", "操作"],
        contracts.map((c) => [
          el("span", { class: "mono" }, dev.contractNumber(c)), buyerCell(c), dash(c.room_number),
          stateCell(FILING_LABEL[c.state] || stateLabel(c.state), `state-${c.state}`,
                    reasons.has(c.contract_id) ? `退回原因：${reasons.get(c.contract_id).join("；")}`
                      : (c.cancel_reason ? `原因：${CANCEL_REASON_LABEL[c.cancel_reason] || "已作废"}` : null)),
          el("span", { class: "mono filing-number" }, dash(c.filing_number)),
          staff.pdfButtons(c.contract_id),
          c.state === "filing_rejected" ? el("span", { class: "nowrap" },
            el("button", { type: "button", class: "btn btn-small btn-light", onclick: () => editContract(c.contract_id) }, "修改"),
            el("button", { type: "button", class: "btn btn-small", onclick: (e) => resubmit(e.currentTarget, c) }, "重新提交"))
            : "—",
        ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) dev.showBox("contracts-error", dev.explainError(error));
    }
  }

  async function resubmit(button, c) {
    await busy(button, async () => {
      try {
        await api("POST", path(c.contract_id, "/resubmit"));
      } catch (error) {
        if (error.status !== 401) notify(dev.explainError(error), "error");
        return;
      }
      notify("已重新提交备案，请等待房管局审核。", "ok");
      await dev.until(() => api("GET", "/api/v1/contracts").catch(() => null),
        (a) => !a || (a.contracts.find((r) => r.contract_id === c.contract_id) || {}).state !== "filing_rejected");
      await loadContracts();
    }, "提交中…");
  }

  function forget() {
    Object.assign(presets, { projectId: null, sections: {}, index: 0, form: null });
    Object.assign(signing, { room: null, contract: null, index: 0, form: null, moving: false, sections: null });
    for (const id of ["preset-sections", "preset-form", "signing", "previews-table", "contracts-table"]) $(id).replaceChildren();
    for (const id of ["presets-error", "signing-error", "previews-error", "contracts-error"]) dev.showBox(id, null);
  }

  staff.register({
    "dev-presets": () => loadPresets(),
    "dev-signing": () => loadSigning(),
    "dev-previews": () => loadPreviews(),
    "dev-contracts": () => loadContracts(),
  }, forget, () => {
    $("previews-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadPreviews()));
    $("contracts-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadContracts()));
    if (!ticker) ticker = setInterval(tick, 1000);
  });
})();
