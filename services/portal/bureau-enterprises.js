/* 商品房网签备案业务门户 — developer admission (入网, R000.1): register an enterprise, grant its network
 * access, hand over the electronic key (shown once) and the clerk account's credentials. */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, ask, table, busy, explain } = window.Portal;
  const staff = window.Portal.staff;
  const { copyButton, today, CONTROL, problem } = window.Portal.bureau;

  explain({
    permit_date_in_future: "发证日期不能晚于今天，请核对预售许可证。",
    late_admission_needs_reason: "已超过取得预售许可证后 3 个工作日，请填写逾期办理的原因。",
    organisation_not_admitted: "该企业尚未办理入网，请先办理入网再开通网签员账号。",
    organisation_not_found: "没有找到该开发企业，请刷新后重试。",
  });

  const CREDIT_CODE = /^[0-9A-Z]{18}$/;
  const USERNAME = /^[a-z0-9_.-]{3,40}$/;

  /** A password for the clerk's first sign-in: 16 letters and digits from the browser's random source. */
  function newPassword() {
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
  }

  // ---- Enterprise list ---------------------------------------------------------------------------

  async function loadDevelopers() {
    const target = $("rec-developers-table");
    showError("rec-developers-error", null);
    target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const developers = (await api("GET", "/api/v1/developers")).developers || [];
      if (developers.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "还没有登记的开发企业。请在上方登记。"));
        return;
      }
      target.replaceChildren(table(
        ["企业名称", "统一社会信用代码", "入网状态", "操作"],
        developers.map((d) => [
          d.name,
          el("span", { class: "mono" }, d.credit_code),
          d.admitted ? el("span", { class: "pill state-filed" }, "已入网") : el("span", { class: "pill state-formal_printed" }, "未入网"),
          el("span", { class: "nowrap" },
            d.admitted
              ? el("button", { type: "button", class: "btn btn-small",
                               onclick: (e) => openClerkAccount(d, e.currentTarget) }, "开通网签员账号")
              : el("button", { type: "button", class: "btn btn-small btn-approve",
                               onclick: (e) => admit(d, e.currentTarget) }, "办理入网")),
        ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("rec-developers-error", error);
    }
  }

  async function registerDeveloper(event) {
    event.preventDefault();
    showError("rec-developer-form-error", null);
    const name = $("rec-developer-name").value.trim();
    const creditCode = $("rec-developer-credit-code").value.trim().toUpperCase();
    if (!name) return showError("rec-developer-form-error", problem("请填写企业名称。"));
    if (name.length > 200 || CONTROL.test(name)) {
      return showError("rec-developer-form-error", problem("企业名称不超过 200 字，且不能含有无法识别的字符。"));
    }
    if (!CREDIT_CODE.test(creditCode)) {
      return showError("rec-developer-form-error", problem("统一社会信用代码应为 18 位数字或大写字母，请核对营业执照。"));
    }
    await busy($("rec-developer-submit"), async () => {
      try {
        await api("POST", "/api/v1/developers", { name, credit_code: creditCode });
        $("rec-developer-form").reset();
        notify(`已登记“${name}”，请办理入网。`, "ok");
        await loadDevelopers();
      } catch (error) {
        if (error.status === 401) return;
        showError("rec-developer-form-error", error.code === "concurrent_modification"
          ? problem("该统一社会信用代码已经登记过，请在下方列表中查找该企业。") : error);
      }
    }, "登记中…");
  }

  // ---- Admission and handover ----------------------------------------------------------------------

  async function askAdmission(developer, values) {
    return ask({
      title: `办理入网 · ${developer.name}`,
      message: "依据《商品房预售许可证》办理入网，签发电子密钥，并开通一个网签员账号。",
      confirmLabel: "办理入网",
      fields: [
        { name: "permit_number", label: "预售许可证号", required: true, value: values.permit_number },
        { name: "permit_issued_on", label: "发证日期", type: "date", required: true,
          value: values.permit_issued_on || today() },
        { name: "late_reason", label: "逾期办理原因", type: "textarea", value: values.late_reason,
          hint: "取得许可证超过 3 个工作日才办理入网时必填。" },
        { name: "username", label: "网签员用户名", required: true, value: values.username,
          hint: "3 至 40 位小写字母、数字、点、横线或下划线，例如 zhang.san" },
        { name: "display_name", label: "网签员姓名", required: true, value: values.display_name },
      ],
    });
  }

  function admissionProblem(values) {
    if (values.permit_number.length > 60 || CONTROL.test(values.permit_number)) return "预售许可证号不超过 60 字，且不能含有无法识别的字符。";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.permit_issued_on)) return "请选择发证日期。";
    if (values.permit_issued_on > today()) return "发证日期不能晚于今天，请核对预售许可证。";
    if (values.late_reason.length > 500) return "逾期办理原因不超过 500 字。";
    if (!USERNAME.test(values.username)) return "网签员用户名应为 3 至 40 位小写字母、数字、点、横线或下划线。";
    if (values.display_name.length > 100 || CONTROL.test(values.display_name)) return "网签员姓名不超过 100 字。";
    return null;
  }

  async function admit(developer, button) {
    let values = {};
    for (;;) {
      const answer = await askAdmission(developer, values);
      if (answer === null) return;
      values = answer;
      const wrong = admissionProblem(values);
      if (!wrong) break;
      notify(wrong, "error");
    }
    await busy(button, async () => {
      let key;
      try {
        const body = { permit_number: values.permit_number, permit_issued_on: values.permit_issued_on };
        if (values.late_reason) body.late_reason = values.late_reason;
        key = await api("POST", `/api/v1/developers/${encodeURIComponent(developer.developer_id)}/network-access`, body);
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
        return;
      }
      const account = await openAccount(developer, values.username, values.display_name);
      showHandover(developer, key.electronic_key, account);
      await loadDevelopers();
    }, "办理中…");
  }

  /** Open the clerk's account; {username, password} or {username, error}. */
  async function openAccount(developer, username, displayName) {
    const password = newPassword();
    try {
      await api("POST", "/api/v1/accounts", { username, password, role: "developer",
                                              org_id: developer.developer_id, display_name: displayName });
      return { username, password };
    } catch (error) {
      return { username, error };
    }
  }

  async function openClerkAccount(developer, button) {
    const answer = await ask({
      title: `开通网签员账号 · ${developer.name}`, confirmLabel: "开通",
      fields: [
        { name: "username", label: "网签员用户名", required: true,
          hint: "3 至 40 位小写字母、数字、点、横线或下划线" },
        { name: "display_name", label: "网签员姓名", required: true },
      ],
    });
    if (answer === null) return;
    if (!USERNAME.test(answer.username)) {
      notify("网签员用户名应为 3 至 40 位小写字母、数字、点、横线或下划线。", "error");
      return;
    }
    await busy(button, async () => {
      const account = await openAccount(developer, answer.username, answer.display_name.slice(0, 100));
      if (account.error) {
        if (account.error.status !== 401) notify(accountProblem(account.error), "error");
        return;
      }
      showHandover(developer, null, account);
    });
  }

  function accountProblem(error) {
    return error.code === "concurrent_modification" ? "该用户名已被使用，请换一个用户名。" : describe(error);
  }

  function secretRow(label, value, id) {
    return [el("label", { for: id }, label),
            el("div", { class: "secret-row" },
              el("input", { id, class: "mono", readonly: true, value, spellcheck: "false" }),
              copyButton(value, label))];
  }

  /** The electronic key and the clerk's password, shown this once: nothing keeps them after. */
  function showHandover(developer, electronicKey, account) {
    const box = $("handover");
    const rows = [];
    if (electronicKey) rows.push(secretRow("电子密钥", electronicKey, "handover-key"));
    if (account.password) {
      rows.push(secretRow("网签员用户名", account.username, "handover-username"));
      rows.push(secretRow("初始密码", account.password, "handover-password"));
    }
    const done = el("button", { type: "button", class: "btn btn-primary" }, "已交付，关闭");
    done.addEventListener("click", () => { box.hidden = true; box.replaceChildren(); });
    box.replaceChildren(...[
      el("h3", {}, `交付：${developer.name}`),
      el("p", { class: "warning", role: "alert" },
        "电子密钥和初始密码只显示这一次，关闭后无法再次查看。请当面交付开发企业，或复制后妥善保管。"),
      el("div", { class: "handover-fields" }, rows),
      account.error
        ? el("div", { class: "error", role: "alert" },
             `网签员账号未能开通：${accountProblem(account.error)}可稍后在列表中点“开通网签员账号”。`)
        : null,
      el("div", { class: "actions" }, done),
    ].filter(Boolean));
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    $("rec-developers-table").replaceChildren();
    $("handover").replaceChildren();
    $("handover").hidden = true;
    $("rec-developer-form").reset();
    showError("rec-developers-error", null);
    showError("rec-developer-form-error", null);
  }

  staff.register({ "bureau-developers": () => loadDevelopers() }, forget, () => {
    $("rec-developer-form").addEventListener("submit", registerDeveloper);
    $("rec-developers-refresh").addEventListener("click", () => loadDevelopers());
  });
})();
