/* The form of one clause (条) or attachment (附件) of the standard contract, built from the template the
 * contracts service serves: 我的预设合同条款 (R000.6) and 合同签订 (R000.7) both fill their blanks with it. */
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

  Object.assign(dev, { template, shortTitle, sectionText, sectionForm });
})();
