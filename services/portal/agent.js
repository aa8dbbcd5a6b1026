/* 存量房网签 — the agent's pages (guide 001): property verification (房源验证, R001.10) by certificate number with
 * the owner's name and ID as registered, or by owner name + unit number; every failure says why. */
"use strict";

(function () {
  const { $, el, api, showError, busy, explain, ApiError } = window.Portal;
  const staff = window.Portal.staff;

  explain({
    property_certificate_not_found: "没有查到该证号的房屋，请按产权证书上的证号逐字输入后再查询。",
    property_unit_not_found: "没有查到该不动产单元号，请以不动产登记部门的查档信息为准再次输入。",
    property_owner_mismatch: "产权人姓名或证件号码与登记信息不一致。请按产权证书或登记簿上的信息输入（姓名或证件号码有变更的，仍按证书填写）；证书上是 15 位一代身份证的，请勾选下方选项后再查询。",
    property_seized: "该房屋已被查封，不能办理存量房网签。",
    property_in_transfer: "该房屋正在办理转移登记，暂不能办理网签。",
    property_in_filed_contract: "该房屋已有已备案的买卖合同，须先注销该合同备案。",
  });

  const problem = (text) => new ApiError(0, "", text);
  const method = () => ($("property-by-unit").checked ? "unit" : "certificate");

  function showMethod() {
    for (const node of $("property-form").querySelectorAll("[data-method]")) {
      node.hidden = node.dataset.method !== method();
    }
  }

  async function verify(event) {
    event.preventDefault();
    showError("property-error", null);
    $("property-result").hidden = true;
    const body = { method: method(), owner_name: $("property-owner").value.trim() };
    if (!body.owner_name) return showError("property-error", problem("请填写产权人姓名。"));
    if (body.method === "unit") {
      body.unit_number = $("property-unit").value.trim().toUpperCase();
      if (!/^[0-9]{12}[A-Z]{2}[0-9]{5}[A-Z][0-9]{8}$/.test(body.unit_number)) {
        return showError("property-error", problem("不动产单元号为 28 位，请按查档信息输入。"));
      }
    } else {
      body.certificate_number = $("property-certificate").value.trim();
      body.owner_id_number = $("property-owner-id").value.trim().toUpperCase();
      body.first_generation_id = $("property-first-generation").checked;
      if (!body.certificate_number) return showError("property-error", problem("请填写房产证号或不动产权证号。"));
      if (!/^[0-9A-Z]{5,18}$/.test(body.owner_id_number)) {
        return showError("property-error", problem("请按产权证书填写产权人证件号码。"));
      }
    }
    await busy($("property-submit"), async () => {
      try {
        showProperty(await api("POST", "/api/v1/property-verifications", body));
      } catch (error) {
        if (error.status === 401) return;
        showError("property-error", error.code === "property_owner_mismatch" && body.method === "unit"
          ? problem("产权人姓名与该不动产单元的登记信息不一致，请按登记簿上的姓名逐字输入（外籍人士按证件上的英文姓名）。")
          : error);
      }
    }, "查询中…");
  }

  function showProperty(answer) {
    const p = answer.property;
    const yes = (flag, text) => (flag ? el("span", { class: "pill state-formal_printed" }, text) : "无");
    $("property-result").replaceChildren(
      el("h3", {}, "房源验证通过"),
      el("dl", { class: "facts" }, [
        ["坐落", p.address], ["证号", p.certificate_number], ["不动产单元号", el("span", { class: "mono" }, p.unit_number)],
        ["建筑面积", `${p.area} 平方米`], ["用途", p.usage], ["抵押", yes(p.mortgaged, "已抵押")],
        ["查封", yes(p.seized, "已查封")], ["产权人", p.owners.map((o) => `${o.name}（${o.share}）`).join("、")],
      ].map(([label, value]) => [el("dt", {}, label), el("dd", {}, value)])),
      el("p", { class: "hint" }, "请核对房源信息与产权证书一致，再签订合同。房屋赠与、土地买卖等不属于存量房网签的范围。"),
      signButton(answer.verification_id));
    $("property-result").hidden = false;
    $("property-result").focus();
  }

  /** 签订合同: online (存量房合同签订线上) or at the bureau's window (线下, R001.16). */
  function signButton(verificationId) {
    const box = el("div", { class: "error", role: "alert", hidden: true });
    const mode = el("fieldset", { class: "choice" }, el("legend", {}, "签约方式"),
      el("label", { class: "check" }, el("input", { type: "radio", name: "eh-mode", value: "online", checked: true }),
         " 存量房合同签订线上（买卖双方扫码电子签名）"),
      el("label", { class: "check" }, el("input", { type: "radio", name: "eh-mode", value: "window" }),
         " 存量房合同签订线下（买卖双方到交易中心窗口签约；有未成年人的须选此项）"));
    const button = el("button", { type: "button", class: "btn btn-primary", id: "eh-draft" }, "签订合同");
    button.addEventListener("click", () => busy(button, async () => {
      box.hidden = true;
      try {
        await window.Portal.existingHome.draft(verificationId, mode.querySelector("input:checked").value);
      } catch (error) {
        if (error.status === 401) return;
        box.textContent = window.Portal.describe(error);
        box.hidden = false;
      }
    }, "创建中…"));
    return el("div", { class: "sign-start" }, mode, box, el("div", { class: "actions" }, button));
  }

  staff.home("agent", "中介从业人员", "agent-view", "agent-verify");
  staff.register({ "agent-verify": () => $("property-owner").focus() }, () => {
    $("property-form").reset();
    $("property-result").hidden = true;
    $("property-result").replaceChildren();
    showMethod();
  }, () => {
    $("property-form").addEventListener("submit", verify);
    $("property-by-certificate").addEventListener("change", showMethod);
    $("property-by-unit").addEventListener("change", showMethod);
    $("property-result").tabIndex = -1;
  });
})();
