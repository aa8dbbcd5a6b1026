/* 存量房网签 — the agency account's agents (R001.8): add an agent of a verified agency, upload the ID image,
 * submit for the bureau's approval, see the approved agent's signing account (its password goes by SMS). */
"use strict";

(function () {
  const { $, el, api, notify, showError, busy, explain, table } = window.Portal;
  const staff = window.Portal.staff;
  const { uploadButton, CONTROL, problem, agencyId } = window.Portal.agency;

  explain({
    agency_not_verified: "企业信息核查通过后才能添加从业人员，请先提交企业信息等待审核。",
    agent_exists: "该人员已经是本机构的从业人员。",
    agent_in_another_agency: "该人员已是其他中介机构的从业人员，一名从业人员只能属于一个中介机构。",
    id_image_missing: "请先上传该从业人员的身份证图片。",
    agent_wrong_state: "该从业人员的状态已变化，请刷新后查看。",
  });

  const AGENT_STATE = { added: "待提交", submitted: "待审核", approved: "已通过", rejected: "未通过" };
  const AGENT_CLASS = { added: "state-formal_printed", submitted: "state-confirmed", approved: "state-filed",
                        rejected: "state-filing_rejected" };
  window.Portal.agency.AGENT_STATE = AGENT_STATE;
  window.Portal.agency.AGENT_CLASS = AGENT_CLASS;

  async function loadAgents() {
    const target = $("agency-agents-table");
    showError("agency-agents-error", null);
    target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const agents = (await api("GET", "/api/v1/agents")).agents || [];
      if (agents.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "还没有从业人员。请在上方添加。"));
        return;
      }
      target.replaceChildren(table(["姓名", "身份证号码", "手机号码", "状态", "网签登录账号", "操作"], agents.map((a) => [
        a.name, el("span", { class: "mono" }, a.id_number_masked), el("span", { class: "mono" }, a.phone_masked),
        el("span", {}, el("span", { class: `pill ${AGENT_CLASS[a.state] || ""}` }, AGENT_STATE[a.state] || "未知"),
           a.reasons.length ? el("div", { class: "note" }, `原因：${a.reasons.join("；")}`) : null),
        a.username ? el("span", { class: "mono" }, a.username) : "—",
        actions(a),
      ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("agency-agents-error", error);
    }
  }

  function actions(agent) {
    if (agent.state !== "added" && agent.state !== "rejected") return "—";
    const path = `/api/v1/agents/${encodeURIComponent(agent.agent_id)}`;
    const upload = uploadButton(agent.id_image ? "重新上传身份证图片" : "上传身份证图片", async (image) => {
      await api("PUT", `${path}/id-image`, image);
      notify(`${agent.name}的身份证图片已上传。`, "ok");
      await loadAgents();
    }, "agency-agents-error");
    const submit = el("button", { type: "button", class: "btn btn-small btn-primary", disabled: !agent.id_image,
      onclick: async (e) => busy(e.currentTarget, async () => {
        try {
          await api("POST", `${path}/submission`);
          notify(`已提交${agent.name}的信息，请等待审核。`, "ok");
          await loadAgents();
        } catch (error) {
          if (error.status !== 401) showError("agency-agents-error", error);
        }
      }) }, "提交审核");
    return el("span", { class: "nowrap" }, upload, submit);
  }

  async function addAgent(event) {
    event.preventDefault();
    showError("agent-add-error", null);
    const body = { name: $("agent-name").value.trim(), id_number: $("agent-id-number").value.trim().toUpperCase(),
                   phone: $("agent-phone").value.trim() };
    if (!body.name || body.name.length > 60 || CONTROL.test(body.name)) {
      return showError("agent-add-error", problem("请填写从业人员姓名（不超过 60 字）。"));
    }
    if (!/^([0-9]{17}[0-9X]|[0-9]{15})$/.test(body.id_number)) {
      return showError("agent-add-error", problem("身份证号码应为 18 位（最后一位可以是 X），请核对。"));
    }
    if (!/^1[0-9]{10}$/.test(body.phone)) return showError("agent-add-error", problem("手机号码应为 11 位。"));
    await busy($("agent-add-submit"), async () => {
      try {
        await api("POST", `/api/v1/agencies/${encodeURIComponent(agencyId())}/agents`, body);
        $("agent-add-form").reset();
        notify(`已添加${body.name}，请上传其身份证图片后提交审核。`, "ok");
        await loadAgents();
      } catch (error) {
        if (error.status === 401) return;
        showError("agent-add-error", error.code === "invalid_input"
          ? problem("身份证号码或手机号码不正确，请核对后再添加。") : error);
      }
    }, "添加中…");
  }

  staff.register({ "agency-agents": loadAgents }, () => {
    $("agency-agents-table").replaceChildren();
    $("agent-add-form").reset();
  }, () => {
    $("agent-add-form").addEventListener("submit", addAgent);
    $("agency-agents-refresh").addEventListener("click", loadAgents);
  });
})();
