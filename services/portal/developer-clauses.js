/* The forms of the standard contract's parts: one clause (条) or attachment (附件), built from the template the
 * contracts service serves (我的预设合同条款 R000.6 and 合同签订 R000.7 both fill their blanks with it), and the
 * buyer (买受人) the contract names, checked here as the server checks it. */
"use strict";

(function () {
  const { el, api } = window.Portal;
  const dev = window.Portal.developer;
  let templateLoad = null;

  /** The contract template (24 clauses, 5 attachments), loaded once. */
  function template() {
    if (!templateLoad) {
      templateLoad = api("GET", "/api/v1/contract-template").then((t) => t.sections)
        .catch((error) => { templateLoad = null; throw error; });
    }
    return templateLoad;
  }

  /** "第一条 项目建设依据" -> "第一条"; "附件一 房屋平面图" -> "附件一". */
  function shortTitle(section) {
    return section.title.split(" ")[0];
  }

  /** The section's text with each blank shown as 【label】 or its value. */
  function sectionText(section, values) {
    const labels = Object.fromEntries(section.blanks.map((b) => [b.key, b.label]));
    return section.text.replace(/\{([a-z0-9_]+)\}/g, (_, key) => `【${(values && values[key]) || labels[key] || ""}】`);
  }

  function blankInput(blank, id, value) {
    const common = { id, name: blank.key, autocomplete: "off", "aria-required": blank.required ? "true" : null };
    if (blank.kind === "choice") {
      const select = el("select", common, el("option", { value: "" }, "请选择"),
                        blank.choices.map((c) => el("option", { value: c }, c)));
      select.value = blank.choices.includes(value) ? value : "";
      return select;
    }
    let input;
    if (blank.kind === "text" && blank.max_length > 200) {
      input = el("textarea", { ...common, rows: 3, maxlength: blank.max_length });
    } else if (blank.kind === "date") {
      input = el("input", { ...common, type: "date" });
    } else {
      const numeric = blank.kind === "decimal" || blank.kind === "integer";
      input = el("input", { ...common, type: "text", maxlength: numeric ? 16 : blank.max_length,
                            inputmode: numeric ? (blank.kind === "decimal" ? "decimal" : "numeric") : null });
    }
    input.value = value || "";
    return input;
  }

  const KIND_HINT = { decimal: "数字，最多两位小数", integer: "整数", date: "日期" };

  /**
   * The form of `section` filled with `values`. Returns {node, values(), problem(), markInvalid(error)}:
   * values() as the API takes them, problem() a sentence when something cannot be sent.
   */
  function sectionForm(section, values, idPrefix) {
    const inputs = section.blanks.map((blank, index) => {
      const id = `${idPrefix}-${index}`;
      return [blank, blankInput(blank, id, (values || {})[blank.key]), id];
    });
    const rows = inputs.map(([blank, input, id]) => el("div", { class: "blank-row" },
      el("label", { for: id }, blank.label, blank.required ? el("span", { class: "required" }, "（必填）") : null,
         KIND_HINT[blank.kind] ? el("span", { class: "hint" }, ` ${KIND_HINT[blank.kind]}`) : null),
      input));
    const node = el("div", { class: "section-form" },
      el("h3", {}, section.title),
      el("p", { class: "section-text" }, sectionText(section, values)),
      rows.length ? el("div", { class: "blank-rows" }, rows)
        : el("p", { class: "hint" }, "本条没有需要填写的空格，请直接点击下一步。"));
    return {
      node,
      values() {
        return Object.fromEntries(inputs.map(([blank, input]) => [blank.key, input.value.trim()]));
      },
      problem() {
        for (const [blank, input] of inputs) {
          const text = dev.textProblem(input.value, blank.label, blank.max_length, false);
          if (text) { input.focus(); return text; }
        }
        return null;
      },
      missing() {
        return inputs.filter(([blank, input]) => blank.required && !input.value.trim()).map(([blank]) => blank.label);
      },
      markInvalid(error) {
        const wrong = new Set(Object.keys((error && error.details) || {}));
        for (const [blank, input] of inputs) input.setAttribute("aria-invalid", wrong.has(blank.key) ? "true" : "false");
        return Object.fromEntries(inputs.map(([blank]) => [blank.key, blank.label]));
      },
    };
  }

  // ---- 买受人 ------------------------------------------------------------------------------------------

  const { DOCUMENTS, DOCUMENT_LABEL, ID_REASON, idProblem, personCheck } = window.Portal.identity;
  const SERVER_HINT = {
    buyer_name: "请填写与身份证件一致的姓名，不含数字和 @ # < / 等符号，最多 100 个字。",
    buyer_id_type: "请选择证件类型。",
    buyer_phone: "请填写 11 位手机号码，以 1 开头，只写数字。",
    buyer_address: "请填写 5 至 200 个字的通讯地址，写在一行内。",
  };
  const CHECKS = {
    buyer_name: (v) => personCheck.name(v, "买受人姓名"),
    buyer_id_type: personCheck.id_type,
    buyer_phone: personCheck.phone,
    buyer_address: personCheck.address,
  };

  /** A server problem of one buyer field in Chinese (the server's own words are English). */
  function serverProblem(field, messages) {
    if (field !== "buyer_id_number") return SERVER_HINT[field] || "请核对此项。";
    const reason = (/\(([a-z_]+)\)\s*$/.exec(String((messages || [])[0] || "")) || [])[1];
    return ID_REASON[reason] ? `${ID_REASON[reason]}。` : "证件号码不正确，请与证件核对后重新输入。";
  }

  /**
   * The buyer's form, filled with `buyer` ({name, id_type, id_number, phone, address}); `readOnly` shows it only.
   * Returns {node, values(), check(), showServerProblems(error), focus()}: values() as the API takes them
   * (buyer_name, …); check() and showServerProblems() show each field's problem beside it and return the labels
   * of the fields to correct ([] when all is well).
   */
  function buyerForm(buyer, readOnly) {
    const b = buyer || {};
    const field = (name, label, input, hint) => {
      const id = `buyer-${name.replace("buyer_", "").replace(/_/g, "-")}`;
      Object.assign(input, { id, name, disabled: !!readOnly });
      input.setAttribute("aria-describedby", `${id}-hint ${id}-problem`);
      const problem = el("p", { class: "field-problem", id: `${id}-problem`, role: "alert", hidden: true });
      return { name, label, input, problem, node: el("div", { class: "blank-row" },
        el("label", { for: id }, label, el("span", { class: "required" }, "（必填）")), input,
        el("p", { class: "hint", id: `${id}-hint` }, hint), problem) };
    };
    const type = el("select", {}, DOCUMENTS.map(([value, label]) => el("option", { value }, label)));
    type.value = DOCUMENTS.some((d) => d[0] === b.id_type) ? b.id_type : "resident_id";
    const fields = [
      field("buyer_name", "买受人姓名", el("input", { maxlength: 100, autocomplete: "off" }), "与身份证件上的姓名一致"),
      field("buyer_id_type", "证件类型", type, "港澳台居民、外籍人士请选择对应的证件"),
      field("buyer_id_number", "证件号码", el("input", { maxlength: 18, autocomplete: "off", spellcheck: "false",
                                                       autocapitalize: "characters", class: "mono" }), ""),
      field("buyer_phone", "联系电话（手机号码）", el("input", { type: "tel", inputmode: "numeric", maxlength: 11,
                                                             autocomplete: "off" }), "11 位手机号码"),
      field("buyer_address", "通讯地址", el("input", { maxlength: 200, autocomplete: "off" }),
            "省、市、区（县）、街道及门牌号，5 至 200 个字"),
    ];
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    byName.buyer_name.input.value = b.name || "";
    byName.buyer_id_number.input.value = b.id_number || "";
    byName.buyer_phone.input.value = b.phone || "";
    byName.buyer_address.input.value = b.address || "";
    const numberHint = byName.buyer_id_number.node.querySelector(".hint");
    const describeType = () => { numberHint.textContent = DOCUMENTS.find((d) => d[0] === type.value)[2]; };
    type.addEventListener("change", describeType);
    describeType();

    const show = (f, text) => {
      f.problem.textContent = text || "";
      f.problem.hidden = !text;
      f.input.setAttribute("aria-invalid", text ? "true" : "false");
    };
    const values = () => ({
      buyer_name: byName.buyer_name.input.value.trim(), buyer_id_type: type.value,
      buyer_id_number: byName.buyer_id_number.input.value.replace(/\s+/g, "").toUpperCase(),
      buyer_phone: byName.buyer_phone.input.value.replace(/[\s-]+/g, ""), buyer_address: byName.buyer_address.input.value.trim(),
    });
    return {
      node: el("div", { class: "blank-rows buyer-fields" }, fields.map((f) => f.node)),
      values,
      check() {
        const v = values();
        const wrong = fields.filter((f) => {
          const text = f.name === "buyer_id_number" ? idProblem(v.buyer_id_type, v.buyer_id_number) : CHECKS[f.name](v[f.name]);
          show(f, text);
          return !!text;
        });
        if (wrong.length) wrong[0].input.focus();
        return wrong.map((f) => f.label);
      },
      showServerProblems(error) {
        const problems = window.Portal.fieldProblems(error);
        const wrong = fields.filter((f) => {
          const text = problems[f.name] ? serverProblem(f.name, problems[f.name]) : null;
          show(f, text);
          return !!text;
        });
        if (wrong.length) wrong[0].input.focus();
        return wrong.map((f) => f.label);
      },
      focus() { byName.buyer_name.input.focus(); },
    };
  }

  Object.assign(dev, { template, shortTitle, sectionText, sectionForm, buyerForm, DOCUMENT_LABEL });
})();
