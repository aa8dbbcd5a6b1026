/* 商品房网签备案业务门户 — the bureau's agencies and agents (guide 001): open a filed agency's signing account
 * (R001.2), verify or return its enterprise info and materials (R001.7), approve or reject its agents (R001.8). */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, busy, explain, table } = window.Portal;
  const staff = window.Portal.staff;
  const { askReasons, facts, CONTROL, problem } = window.Portal.bureau;
  const { STATE_LABEL, STATE_CLASS, AGENT_STATE } = window.Portal.agency;

  explain({
    agency_not_filed: "该机构未在房地产经纪机构备案系统备案，请先办理备案后再申请开设网签账号。",
    agency_exists: "该机构已开设过网签账号，请在下方列表中查找。",
    username_taken: "该账号名已被使用，请换一个。",
  });

  const CREDIT_CODE = /^[0-9A-Z]{18}$/;
  const USERNAME = /^[a-z0-9_.-]{3,40}$/;

  // ---- Opening an agency's account (R001.2) -------------------------------------------------------

  async function openAccount(event) {
    event.preventDefault();
    showError("agency-open-error", null);
    const body = { name: $("agency-open-name").value.trim(),
                   credit_code: $("agency-open-credit-code").value.trim().toUpperCase(),
                   username: $("agency-open-username").value.trim().toLowerCase(),
                   phone: $("agency-open-phone").value.trim() };
    if (!body.name || body.name.length > 200 || CONTROL.test(body.name)) {
      return showError("agency-open-error", problem("请填写机构名称（不超过 200 字）。"));
    }
    if (!CREDIT_CODE.test(body.credit_code)) {
      return showError("agency-open-error", problem("统一社会信用代码应为 18 位数字或大写字母，请核对营业执照。"));
    }
    if (!USERNAME.test(body.username)) {
      return showError("agency-open-error", problem("账号名为 3 至 40 位小写字母、数字、点、横线或下划线。"));
    }
    if (!/^1[0-9]{10}$/.test(body.phone)) return showError("agency-open-error", problem("手机号码应为 11 位。"));
    await busy($("agency-open-submit"), async () => {
      try {
        await api("POST", "/api/v1/agencies", body);
        $("agency-open-form").reset();
        notify(`已为“${body.name}”开设网签账号，账号和初始密码已以短信发送。`, "ok");
        $("agencies-state").value = "applied";
        await loadAgencies();
      } catch (error) {
        if (error.status !== 401) showError("agency-open-error", error);
      }
    }, "开设中…");
  }

  // ---- Agencies and their verification (R001.7) ----------------------------------------------------

  let agencyLoads = 0;

  async function loadAgencies() {
    const ticket = ++agencyLoads;
    const target = $("agencies-table");
    showError("agencies-error", null);
    $("agency-detail").hidden = true;
    target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const state = $("agencies-state").value;
      const agencies = (await api("GET", `/api/v1/agencies?state=${encodeURIComponent(state)}`)).agencies || [];
      if (ticket !== agencyLoads) return;
      if (agencies.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有该状态的中介机构。"));
        return;
      }
      target.replaceChildren(table(["机构名称", "统一社会信用代码", "备案号", "状态", "从业人员", "操作"], agencies.map((a) => [
        a.name, el("span", { class: "mono" }, a.credit_code), a.filing_number,
        el("span", { class: `pill ${STATE_CLASS[a.state] || ""}` }, STATE_LABEL[a.state] || "未知"),
        String(a.agent_count),
        el("button", { type: "button", class: "btn btn-small", onclick: (e) => showAgency(a, e.currentTarget) },
           a.state === "submitted" ? "审核" : "详情"),
      ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("agencies-error", error);
    }
  }

  /** An uploaded image as a data: URL (the page's policy shows images from itself or data: only). */
  async function imageOf(path) {
    const blob = await api("GET", path, undefined, { blob: true });
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(problem("无法显示该图片，请刷新后重试。"));
      reader.readAsDataURL(blob);
    });
  }

  async function showAgency(agency, button) {
    const detail = $("agency-detail");
    const info = agency.info || {};
    const images = el("div", { class: "images" });
    detail.replaceChildren(...[
      el("h3", {}, agency.name),
      facts([["法定代表人", info.legal_representative || "—"], ["住所", info.registered_address || "—"],
             ["经营范围", info.business_scope || "—"], ["联系电话", info.contact_phone || "—"],
             ["营业期限至", info.business_term_until || "—"], ["资质有效期至", info.qualification_valid_until || "—"],
             ["提交意见", agency.comment || "—"], ["账号名", agency.account_username]]),
      el("h4", {}, "收件材料"), images,
      agency.state === "submitted" ? el("div", { class: "actions" },
        el("button", { type: "button", class: "btn btn-approve", onclick: (e) => decideAgency(agency, true, e.currentTarget) }, "审核通过"),
        el("button", { type: "button", class: "btn btn-reject", onclick: (e) => decideAgency(agency, false, e.currentTarget) }, "退回")) : null,
    ].filter(Boolean));
    detail.hidden = false;
    await busy(button, async () => {
      for (const m of agency.materials) {
        const caption = el("figcaption", {}, m.name || "未命名材料");
        if (!m.file) {
          images.append(el("figure", {}, caption, el("p", { class: "hint" }, "未上传")));
          continue;
        }
        try {
          const url = await imageOf(`/api/v1/agencies/${encodeURIComponent(agency.agency_id)}/materials/${encodeURIComponent(m.material_id)}/file`);
          images.append(el("figure", {}, el("img", { class: "material-image", src: url, alt: m.name }), caption));
        } catch (error) {
          images.append(el("figure", {}, caption, el("p", { class: "hint" }, describe(error))));
        }
      }
      if (agency.materials.length === 0) images.append(el("p", { class: "empty" }, "没有收件材料。"));
    });
  }

  async function decideAgency(agency, approve, button) {
    let reasons = [];
    if (!approve) {
      reasons = await askReasons("退回中介机构信息", `请写明退回“${agency.name}”的原因，机构修改后可重新提交。`);
      if (reasons === null) return;
    }
    await busy(button, async () => {
      try {
        await api("POST", `/api/v1/agencies/${encodeURIComponent(agency.agency_id)}/verification`, { approve, reasons });
        notify(approve ? `“${agency.name}”已审核通过。` : `已退回“${agency.name}”。`, "ok");
        await loadAgencies();
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  // ---- Agents waiting for approval (R001.8) --------------------------------------------------------

  async function loadPendingAgents() {
    const target = $("pending-agents-table");
    showError("pending-agents-error", null);
    target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const agents = (await api("GET", "/api/v1/agents?state=submitted")).agents || [];
      if (agents.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有待审核的从业人员。"));
        return;
      }
      target.replaceChildren(table(["姓名", "身份证号码", "手机号码", "状态", "操作"], agents.map((a) => [
        a.name, el("span", { class: "mono" }, a.id_number_masked), el("span", { class: "mono" }, a.phone_masked),
        AGENT_STATE[a.state] || "未知",
        el("span", { class: "nowrap" },
          el("button", { type: "button", class: "btn btn-small btn-light", onclick: (e) => showIdImage(a, e.currentTarget) }, "查看身份证"),
          el("button", { type: "button", class: "btn btn-small btn-approve", onclick: (e) => decideAgent(a, true, e.currentTarget) }, "通过"),
          el("button", { type: "button", class: "btn btn-small btn-reject", onclick: (e) => decideAgent(a, false, e.currentTarget) }, "不通过")),
      ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("pending-agents-error", error);
    }
  }

  async function showIdImage(agent, button) {
    await busy(button, async () => {
      try {
        const url = await imageOf(`/api/v1/agents/${encodeURIComponent(agent.agent_id)}/id-image`);
        const cell = button.closest("td");
        cell.querySelector("img")?.remove();
        cell.append(el("img", { class: "material-image", src: url, alt: `${agent.name}的身份证图片` }));
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  async function decideAgent(agent, approve, button) {
    let reasons = [];
    if (!approve) {
      reasons = await askReasons("从业人员审核不通过", `请写明“${agent.name}”审核不通过的原因。`);
      if (reasons === null) return;
    }
    await busy(button, async () => {
      try {
        const decided = await api("POST", `/api/v1/agents/${encodeURIComponent(agent.agent_id)}/approval`, { approve, reasons });
        notify(approve ? `${agent.name}审核通过，网签账号 ${decided.username} 的初始密码已以短信发送。` : `${agent.name}审核不通过。`, "ok");
        await loadPendingAgents();
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  function loadTab() {
    loadAgencies();
    loadPendingAgents();
  }

  staff.register({ "bureau-agencies": loadTab }, () => {
    $("agencies-table").replaceChildren();
    $("pending-agents-table").replaceChildren();
    $("agency-detail").hidden = true;
    $("agency-detail").replaceChildren();
    $("agency-open-form").reset();
  }, () => {
    $("agency-open-form").addEventListener("submit", openAccount);
    $("agencies-refresh").addEventListener("click", loadAgencies);
    $("agencies-state").addEventListener("change", loadAgencies);
    $("pending-agents-refresh").addEventListener("click", loadPendingAgents);
  });
})();
