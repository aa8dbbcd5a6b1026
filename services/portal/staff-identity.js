/* 统一身份认证登录 of agencies and agents (guide 001 一, R001.9): the platform sends them back to this page with
 * its signed assertion in the fragment. An identity already bound signs its account in; an unbound one is linked
 * (关联本地用户) to the account whose name and password are typed next, and that account is signed in. */
"use strict";

(function () {
  const { $, api, explain, showError } = window.Portal;
  const staff = window.Portal.staff;
  const STAFF_PORTAL = "/portal/index.html";
  let pending = null;  // the platform's assertion, waiting for the account it is to be linked to

  explain({
    identity_not_bound: "该统一身份认证账号尚未关联网签账号，请输入网签账号名和密码，点击“关联本地用户”。",
    identity_already_bound: "该统一身份认证账号已关联其他网签账号。每个网签账号须关联本人的统一身份认证账号，请核对后重新登录。",
    account_already_bound: "该网签账号已关联其他统一身份认证账号，请使用原统一身份认证账号登录。",
    assertion_expired: "统一身份认证已超时，请点击“统一身份认证登录”重新认证。",
    invalid_assertion: "统一身份认证信息无效，请点击“统一身份认证登录”重新认证。",
  });

  function awaitLink(assertion) {
    pending = assertion;
    $("identity-link-note").hidden = false;
    $("login-submit").textContent = "关联本地用户";
    $("login-username").focus();
  }

  function forgetLink() {
    pending = null;
    $("identity-link-note").hidden = true;
    $("login-submit").textContent = "登录";
  }

  /** After the password sign-in: bind the waiting identity to the account just signed in. */
  async function linkAfterLogin() {
    if (!pending) return;
    const assertion = pending;
    await api("POST", "/api/v1/auth/identity-binding", { assertion });
    forgetLink();
  }

  async function signInFromPlatform() {
    const assertion = new URLSearchParams(location.hash.slice(1)).get("assertion");
    if (!assertion) return;
    history.replaceState(null, "", location.pathname + location.search);
    try {
      const answer = await api("POST", "/api/v1/auth/signing-accounts", { assertion }, { public: true });
      staff.enter(answer);
    } catch (error) {
      if (error.code === "identity_not_bound") awaitLink(assertion);
      else showError("login-error", error);
    }
  }

  async function wirePlatformButton() {
    const button = $("identity-login");
    let url = null;
    try {
      const config = await api("GET", "/portal/config", undefined, { public: true });
      url = config.identity_platform && config.identity_platform.sign_in_url;
    } catch (error) {
      url = null;
    }
    if (!url) {
      button.title = "统一身份认证平台暂时无法访问，请稍后刷新页面再试。";
      return;
    }
    button.disabled = false;
    button.addEventListener("click", () => {
      button.disabled = true;
      location.assign(`${url}?return_to=${encodeURIComponent(location.origin + STAFF_PORTAL)}`);
    });
  }

  staff.afterLogin.push(linkAfterLogin);
  staff.register({}, forgetLink, () => {
    wirePlatformButton();
    signInFromPlatform();
  });
})();
