<#-- The city's page frame around every Keycloak page a family can meet.
     Same macro and sections as keycloak.v2's template.ftl ("header", "form",
     "show-username", "socialProviders", "info"), so every parent page keeps
     working; the login page asks for layout="home" and draws its own content
     (news + dark blue panel) in the "home" section.
     Branding comes from theme.properties (environment), never from here. -->
<#import "field.ftl" as field>
<#import "footer.ftl" as loginFooter>
<#macro username>
  <#assign label>
    <#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if>
  </#assign>
  <@field.group name="username" label=label>
    <div class="${properties.kcInputGroup}">
      <div class="${properties.kcInputGroupItemClass} ${properties.kcFill}">
        <span class="${properties.kcInputClass} ${properties.kcFormReadOnlyClass}">
          <input id="kc-attempted-username" value="${auth.attemptedUsername}" readonly>
        </span>
      </div>
      <div class="${properties.kcInputGroupItemClass}">
        <a id="reset-login" class="pf-restart" href="${url.loginRestartFlowUrl}">${msg("restartLoginTooltip")}</a>
      </div>
    </div>
  </@field.group>
</#macro>

<#macro alert>
  <#if message?has_content>
    <div class="pf-alert pf-alert--${message.type}" role="<#if message.type = 'error'>alert<#else>status</#if>">
      <span class="${properties.kcAlertTitleClass!} kc-feedback-text">${kcSanitize(message.summary)?no_esc}</span>
    </div>
  </#if>
</#macro>

<#function bridgeLink path>
  <#return (properties.pfBridgeUrl!'http://localhost:5000') + path + "?lang=" + (locale.currentLanguageTag)!'fr'>
</#function>

<#-- The page's title names the page (its main heading, as the template wrote it: already
     escaped, tags removed) and the step, then the site; a page showing an error says so
     first (RGAA 8.5, 8.6). -->
<#-- The page's title: "Erreur :" first after a failed submit, then the step when a page serves
     several (`pfTitleStep`, a global set by the page before its layout), the heading, the site. -->
<#macro pageTitle heading>
  <#local text = heading?markup_string?replace("<[^>]*>", "", "r")?replace("\\s+", " ", "r")?trim>
  <title><#if message?has_content && message.type == 'error'>${msg("pfTitleError")} </#if><#if pfTitleStep??>${pfTitleStep} – </#if><#if text?has_content>${text?no_esc} – </#if>${properties.pfPortalName!} – ${properties.pfCityName!}</title>
</#macro>

<#-- After a failed submit of a long form: the errors listed at the top of the page, each a link to
     its field, and the focus on the list (autofocus: no script needed). `fields` are the names
     of the form's fields in page order; the field's input has the same id. -->
<#macro errorSummary fields>
  <#local failed = fields?filter(name -> messagesPerField.existsError(name))>
  <#if failed?has_content>
    <div class="pf-error-summary" id="pf-error-summary" tabindex="-1" autofocus data-error-summary>
      <h2 class="pf-error-summary__title" id="pf-error-summary-title">${msg((failed?size == 1)?then("pfErrorSummaryOne", "pfErrorSummaryMany"), failed?size)}</h2>
      <ul>
        <#list failed as name>
          <li><a href="#${name}">${messagesPerField.get(name)}</a></li>
        </#list>
      </ul>
    </div>
  </#if>
</#macro>

<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false layout="card">
<#assign pfHeading><#if layout == "home">${msg("pfHomeTitle")}<#else><#nested "header"></#if></#assign>
<!DOCTYPE html>
<html class="${properties.kcHtmlClass!} pf-html" lang="${lang}"<#if realm.internationalizationEnabled> dir="${(locale.rtl)?then('rtl','ltr')}"</#if>>
<head>
    <meta charset="utf-8">
    <meta name="color-scheme" content="light">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <@pageTitle heading=pfHeading/>
    <link rel="icon" href="${url.resourcesPath}/img/favicon.svg" type="image/svg+xml" />
    <#if properties.stylesCommon?has_content>
        <#list properties.stylesCommon?split(' ') as style>
            <link href="${url.resourcesCommonPath}/${style}" rel="stylesheet" />
        </#list>
    </#if>
    <#if properties.styles?has_content>
        <#list properties.styles?split(' ') as style>
            <link href="${url.resourcesPath}/${style}" rel="stylesheet" />
        </#list>
    </#if>
    <#-- The city's colours, from configuration. -->
    <style>
      :root {
        --pf-primary: ${(properties.pfColorPrimary!'#14325c')?replace(";", "")?replace("}", "")};
        --pf-accent: ${(properties.pfColorAccent!'#c8102e')?replace(";", "")?replace("}", "")};
      }
    </style>
    <script type="importmap">
        {
            "imports": {
                "rfc4648": "${url.resourcesCommonPath}/vendor/rfc4648/rfc4648.js"
            }
        }
    </script>
    <#if properties.scripts?has_content>
        <#list properties.scripts?split(' ') as script>
            <script src="${url.resourcesPath}/${script}" type="text/javascript" defer></script>
        </#list>
    </#if>
    <#if scripts??>
        <#list scripts as script>
            <script src="${script}" type="text/javascript"></script>
        </#list>
    </#if>
    <script type="module" src="${url.resourcesPath}/js/passwordVisibility.js"></script>
    <script type="module">
        <#outputformat "JavaScript">
        import { startSessionPolling } from ${(url.resourcesPath + "/js/authChecker.js")?c};
        startSessionPolling(${url.ssoLoginInOtherTabsUrl?c});
        </#outputformat>
    </script>
    <#if authenticationSession??>
        <script type="module">
            <#outputformat "JavaScript">
            import { checkAuthSession } from ${(url.resourcesPath + "/js/authChecker.js")?c};
            checkAuthSession(${authenticationSession.authSessionIdHash?c});
            </#outputformat>
        </script>
    </#if>
</head>

<body id="keycloak-bg" class="pf-body ${bodyClass}" data-page-id="login-${pageId}" data-form-timeout="${properties.pfFormTimeoutSeconds!'0'}"<#if message?has_content && (message.summary == msg("loginTimeout") || message.summary == msg("expiredCodeMessage"))> data-flow-restarted</#if>>
<a class="pf-skip-link" href="#pf-main">${msg("pfSkipToContent")}</a>
<header class="pf-header">
  <div class="pf-header__inner">
    <div class="pf-brand">
      <img class="pf-brand__logo" src="<#if properties.pfLogoUrl?has_content>${properties.pfLogoUrl}<#else>${url.resourcesPath}/img/logo.svg</#if>" alt="" width="56" height="56">
      <p class="pf-brand__text"<#if ((locale.currentLanguageTag)!'fr') != "fr"> lang="fr"</#if>>
        <span class="pf-brand__portal" id="pf-portal-name">${properties.pfPortalName!}</span>
        <span class="pf-brand__city" id="pf-city-name">${properties.pfCityName!}</span>
      </p>
    </div>
    <nav class="pf-nav" aria-label="${msg('pfNavLabel')}">
      <ul>
        <li><a id="pf-link-accessibilite" href="${bridgeLink('/accessibilite')}">${msg("pfAccessibility")}</a></li>
        <li><a id="pf-link-aide" href="${bridgeLink('/aide')}">${msg("pfHelp")}</a></li>
        <#if realm.internationalizationEnabled && locale.supported?size gt 1>
          <#list locale.supported as l>
            <#if l.languageTag != locale.currentLanguageTag>
              <li><a class="pf-lang" href="${l.url}" lang="${l.languageTag}" hreflang="${l.languageTag}">${msg("pfSwitchTo_" + l.languageTag)}</a></li>
            </#if>
          </#list>
        </#if>
      </ul>
    </nav>
  </div>
</header>

<main id="pf-main" class="pf-main pf-main--${layout}" tabindex="-1">
<#if layout = "home">
  <#nested "home">
<#else>
  <div class="pf-card">
    <h1 class="pf-card__title" id="kc-page-title"><#nested "header"></h1>
    <#if !(auth?has_content && auth.showUsername() && !auth.showResetCredentials())>
        <#if displayRequiredFields>
            <p class="pf-required-note">${msg("requiredFields")}</p>
        </#if>
    <#else>
        <#if displayRequiredFields>
            <p class="pf-required-note">${msg("requiredFields")}</p>
        </#if>
        <div class="${properties.kcFormClass} ${properties.kcContentWrapperClass}">
          <#nested "show-username">
          <@username />
        </div>
    </#if>

    <#-- App-initiated actions should not see warning messages about the need to complete the action during login. -->
    <#if displayMessage && message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
        <@alert/>
    </#if>

    <#nested "form">

    <#if auth?has_content && auth.showTryAnotherWayLink()>
      <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post" novalidate="novalidate">
          <input type="hidden" name="tryAnotherWay" value="on"/>
          <button type="submit" class="${properties.kcButtonSecondaryClass} ${properties.kcButtonBlockClass} ${properties.kcMarginTopClass}">${msg("doTryAnotherWay")}</button>
      </form>
    </#if>

    <#nested "socialProviders">

    <#if displayInfo>
        <div id="kc-info" class="pf-card__info">
            <div id="kc-info-wrapper">
                <#nested "info">
            </div>
        </div>
    </#if>
    <@loginFooter.content/>
  </div>
</#if>
</main>

<#-- Time limits (RGAA 13.1), driven by js/form-time.js; nothing shows without JavaScript. -->
<dialog class="pf-time-dialog" id="pf-time-dialog" role="alertdialog" aria-labelledby="pf-time-title" aria-describedby="pf-time-text">
  <h2 class="pf-time-dialog__title" id="pf-time-title" data-expired="${msg("pfTimeExpiredTitle")}">${msg("pfTimeWarningTitle")}</h2>
  <p id="pf-time-text" data-expired="${msg("pfTimeExpiredText")}">${msg("pfTimeWarningText")}</p>
  <button type="button" class="pf-button pf-button--primary" id="pf-time-continue" data-expired="${msg("pfTimeExpiredButton")}" autofocus>${msg("pfTimeWarningButton")}</button>
</dialog>
<template id="pf-draft-notice">
  <div class="pf-draft-notice" role="region" aria-labelledby="pf-draft-title">
    <h2 class="pf-draft-notice__title" id="pf-draft-title">${msg("pfDraftTitle")}</h2>
    <p data-form>${msg("pfDraftText")}</p>
    <p data-login>${msg("pfDraftRegistrationText")}</p>
    <p class="pf-draft-notice__actions">
      <button type="button" class="pf-button pf-button--primary" data-restore>${msg("pfDraftRestore")}</button>
      <a class="pf-button pf-button--primary" data-resume href="#">${msg("pfDraftResumeRegistration")}</a>
      <button type="button" class="pf-button pf-button--secondary" data-discard>${msg("pfDraftDiscard")}</button>
    </p>
  </div>
</template>

<footer class="pf-footer">
  <div class="pf-footer__inner">
    <h2 class="pf-footer__title">${msg("pfContactHeading")}</h2>
    <address class="pf-contact">
      <#-- The city's own names stay in French on an English page: said so (RGAA 8.7). -->
      <span<#if ((locale.currentLanguageTag)!'fr') != "fr"> lang="fr"</#if>><span id="pf-contact-name">${properties.pfContactName!}</span><br>
      ${properties.pfContactAddress!}</span><br>
      ${msg("pfPhone")} <a href="tel:${(properties.pfContactPhone!'')?replace(' ', '')}">${properties.pfContactPhone!}</a><br>
      ${msg("pfEmail")} <a href="mailto:${properties.pfContactEmail!}">${properties.pfContactEmail!}</a>
    </address>
    <ul class="pf-footer__links">
      <li><a href="${bridgeLink('/accessibilite')}">${msg("pfAccessibilityStatus")}</a></li>
      <li><a href="${bridgeLink('/aide')}">${msg("pfHelpLong")}</a></li>
      <li><a id="pf-link-confidentialite" href="${bridgeLink('/confidentialite')}">${msg("pfPrivacy")}</a></li>
      <li><a href="${bridgeLink('/plan-du-site')}">${msg("pfSitemap")}</a></li>
    </ul>
  </div>
</footer>
</body>
</html>
</#macro>
