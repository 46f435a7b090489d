<#-- The city portal's home: the news on the left, the dark blue panel on the
     right with "Connectez-vous" and "Inscrivez-vous". The news arrive from the
     bridge (js/news.js); without the bridge or without JavaScript the forms
     work the same. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "passkeys.ftl" as passkeys>
<#import "social-providers.ftl" as identityProviders>
<#import "franceconnect.ftl" as franceconnect>
<#-- Keycloak asks an existing account's password before linking it to another provider: the same
     form, another step (RGAA 8.6). -->
<#if registrationDisabled??><#global pfTitleStep = msg("pfReauthTitle")></#if>
<@layout.registrationLayout layout="home" bodyClass="pf-home"; section>
<#if section = "header">
    ${msg("loginAccountTitle")}
<#elseif section = "home">
  <h1 class="pf-sr-only" id="kc-page-title">${msg("pfHomeTitle")}</h1>
  <div class="pf-home__grid">
    <div class="pf-panel">
      <section class="pf-panel__block" aria-labelledby="pf-login-title">
        <h2 id="pf-login-title" class="pf-panel__title">${msg("pfLoginHeading")}</h2>
        <#if message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
          <@layout.alert/>
        </#if>
        <#-- FranceConnect first, as its rules ask of public services. When
             Keycloak already knows the account (re-authentication before a
             deletion, or to link FranceConnect), it lists only the providers
             linked to that account: a FranceConnect account re-authenticates
             with FranceConnect, a password account sees no button. -->
        <@franceconnect.button social=social/>
        <#if realm.password>
          <form id="kc-form-login" class="pf-form" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#assign loginError = messagesPerField.getFirstError('username','password')>
            <p class="pf-required-note pf-required-note--panel">${msg("requiredFields")}</p>
            <#if !usernameHidden??>
              <div class="pf-field">
                <label for="username"><#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if> <span class="pf-required" aria-hidden="true">*</span></label>
                <input id="username" name="username" type="text" value="${(login.username!'')}" required aria-required="true"
                       autocomplete="${(enableWebAuthnConditionalUI?has_content)?then('username webauthn', 'username')}"
                       <#if loginError?has_content>aria-invalid="true" aria-describedby="input-error-username"</#if> autofocus>
              </div>
            </#if>
            <div class="pf-field">
              <label for="password">${msg("password")} <span class="pf-required" aria-hidden="true">*</span></label>
              <div class="pf-password">
                <input id="password" name="password" type="password" autocomplete="current-password" required aria-required="true"
                       <#if loginError?has_content>aria-invalid="true" aria-describedby="input-error-username"</#if> <#if usernameHidden??>autofocus</#if>>
                <button class="pf-password__toggle" type="button" aria-label="${msg('showPassword')}"
                        aria-controls="password" data-password-toggle
                        data-icon-show="${properties.kcFormPasswordVisibilityIconShow}" data-icon-hide="${properties.kcFormPasswordVisibilityIconHide}"
                        data-label-show="${msg('showPassword')}" data-label-hide="${msg('hidePassword')}" id="password-show-password">
                  <i class="${properties.kcFormPasswordVisibilityIconShow}" aria-hidden="true"></i>
                </button>
              </div>
            </div>
            <#if loginError?has_content>
              <p class="pf-field-error" id="input-error-username" aria-live="polite">${kcSanitize(loginError)?no_esc}</p>
            </#if>
            <input type="hidden" id="id-hidden-input" name="credentialId" <#if auth.selectedCredential?has_content>value="${auth.selectedCredential}"</#if>/>
            <button class="pf-button pf-button--light" name="login" id="kc-login" type="submit">${msg("doLogIn")}</button>
            <div class="pf-form__options">
              <#if realm.rememberMe && !usernameHidden??>
                <div class="pf-check">
                  <input id="rememberMe" name="rememberMe" type="checkbox" <#if login.rememberMe??>checked</#if>>
                  <label for="rememberMe">${msg("rememberMe")}</label>
                </div>
              </#if>
              <#if realm.resetPasswordAllowed>
                <a class="pf-forgot" href="${url.loginResetCredentialsUrl}">${msg("doForgotPassword")}</a>
              </#if>
            </div>
          </form>
          <@passkeys.conditionalUIData />
        </#if>
        <#if realm.password && franceconnect.others(social)?has_content>
          <@identityProviders.show social={"providers": franceconnect.others(social)}/>
        </#if>
      </section>

      <#if realm.password && realm.registrationAllowed && !registrationDisabled??>
      <section class="pf-panel__block pf-panel__block--register" aria-labelledby="pf-register-title" id="kc-registration">
        <h2 id="pf-register-title" class="pf-panel__title">${msg("pfRegisterHeading")}</h2>
        <p>${msg("pfRegisterIntro")}</p>
        <a class="pf-button pf-button--light" id="pf-register-link" href="${url.registrationUrl}">${msg("pfRegisterButton")}<span class="pf-sr-only"> ${msg("pfRegisterButtonMore")}</span></a>
      </section>
      </#if>
    </div>
    <section class="pf-news" aria-labelledby="pf-news-title" id="pf-news"
             data-news-url="${properties.pfBridgeUrl!}/api/v1/news?limit=3&amp;lang=${locale.currentLanguageTag}"
             data-more-label="${msg('pfNewsMore')}" data-locale="${locale.currentLanguageTag}" data-news-lang="fr">
      <h2 id="pf-news-title" class="pf-news__title">${msg("pfNewsHeading")}</h2>
      <ul class="pf-news__list" id="pf-news-list" aria-busy="false"></ul>
      <p class="pf-news__fallback" id="pf-news-fallback">
        <a href="${properties.pfBridgeUrl!}/actualites?lang=${locale.currentLanguageTag}">${msg("pfNewsAll")}</a>
      </p>
    </section>
  </div>
</#if>
</@layout.registrationLayout>
