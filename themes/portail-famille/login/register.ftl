<#-- Registration: Keycloak's user-profile fields, the password pair, then the
     optional dossier number, which the user profile keeps admin-editable so
     that a family cannot change it after sign-up. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "user-profile-commons.ftl" as userProfileCommons>
<#import "register-commons.ftl" as registerCommons>
<#import "password-validation.ftl" as validator>
<#import "franceconnect.ftl" as franceconnect>
<#-- After too many tries on a number the form asks for a proof of work: a step of its own (RGAA 8.6). -->
<#if dossierChallenge??><#global pfTitleStep = msg("pfChallengeLegend")></#if>
<@layout.registrationLayout displayMessage=messagesPerField.exists('global') displayRequiredFields=true; section>
    <#if section = "header">
        ${msg("registerTitle")}
    <#elseif section = "form">
        <#assign summaryFields = []>
        <#list profile.attributes as attribute>
            <#if attribute.name != 'locale'><#assign summaryFields = summaryFields + [attribute.name]></#if>
            <#if attribute.name == 'username' && passwordRequired??><#assign summaryFields = summaryFields + ['password', 'password-confirm']></#if>
        </#list>
        <@layout.errorSummary fields=summaryFields + ['dossierNumber', 'termsAccepted']/>
        <@franceconnect.button social=social>
            <p id="pf-franceconnect-intro">${msg("pfFranceConnectRegisterIntro")}</p>
        </@franceconnect.button>
        <form id="kc-register-form" class="${properties.kcFormClass!}" action="${url.registrationAction}" method="post" novalidate="novalidate">
            <@userProfileCommons.userProfileFormFields; callback, attribute>
                <#if callback = "afterField" && passwordRequired?? && attribute.name == 'username'>
                    <@field.password name="password" required=true label=msg("password") autocomplete="new-password" />
                    <@field.password name="password-confirm" required=true label=msg("passwordConfirm") autocomplete="new-password" />
                </#if>
            </@userProfileCommons.userProfileFormFields>

            <#assign dossierError = messagesPerField.get('dossierNumber')>
            <fieldset class="pf-dossier" aria-describedby="dossierNumber-explained">
                <legend class="${properties.kcFormLabelClass!}">${msg("dossierLegend")}</legend>
                <div id="dossierNumber-explained" class="${properties.kcInputHelperTextClass!}">
                    <p>${msg("dossierExplainWhat")}</p>
                    <p>${msg("dossierExplainWith")}</p>
                    <p>${msg("dossierExplainWithout")}</p>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="dossierNumber" class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("dossierNumber")}</span>
                        <span class="pf-optional">${msg("dossierOptional")}</span>
                    </label>
                    <span class="${properties.kcInputClass!} <#if dossierError?has_content>${properties.kcError!}</#if>">
                        <input id="dossierNumber" name="dossierNumber" type="text" inputmode="numeric" autocomplete="off"
                               value="${(register.formData.dossierNumber)!''}"
                               aria-describedby="dossierNumber-hint<#if dossierError?has_content> input-error-dossierNumber</#if>"
                               <#if dossierError?has_content>aria-invalid="true"</#if>/>
                    </span>
                    <div id="dossierNumber-hint" class="${properties.kcInputHelperTextClass!}">${msg("dossierNumberHint")}</div>
                    <p class="pf-lost-number"><a id="pf-lost-number-link" href="${layout.bridgeLink('/numero-de-dossier-perdu')}">${msg("pfLostNumber")}</a></p>
                    <#if dossierError?has_content>
                        <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-dossierNumber" aria-live="polite">
                            <span class="${properties.kcInputErrorMessageClass!}">${kcSanitize(dossierError)?no_esc}</span>
                        </div>
                    </#if>
                    <#-- Too many tries on this number, perhaps by someone else: ALTCHA's proof of work
                         (from the extension's resources) lets a person try again. -->
                    <#if dossierChallenge??>
                        <#-- A group of its own: its legend says the check is required (RGAA 11.10). -->
                        <fieldset class="pf-challenge" id="pf-challenge">
                            <legend>${msg("pfChallengeLegend")} <span class="pf-required" aria-hidden="true">*</span></legend>
                            <altcha-widget name="altcha" challenge="${dossierChallenge}" language="${(locale.currentLanguageTag)!'fr'}"
                                           configuration='{"hideFooter":true,"hideLogo":true}'></altcha-widget>
                            <noscript><p>${msg("dossierChallengeNoScript")}</p></noscript>
                        </fieldset>
                        <script type="module" src="${url.resourcesPath}/vendor/altcha/altcha.i18n.min.js"></script>
                        <script src="${url.resourcesPath}/js/challenge.js" defer></script>
                    </#if>
                </div>
            </fieldset>

            <@registerCommons.termsAcceptance/>

            <p id="pf-register-privacy" class="pf-privacy-note">${msg("pfRegisterPrivacy")} <a id="pf-register-privacy-link" href="${layout.bridgeLink('/confidentialite')}">${msg("pfPrivacy")}</a></p>

            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}" type="submit" value="${msg("doRegister")}"/>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-options" class="${properties.kcFormOptionsClass!}">
                    <span><a href="${url.loginUrl}">${msg("backToLogin")}</a></span>
                </div>
            </div>
        </form>

        <@validator.templates/>
        <@validator.script field="password"/>
    </#if>
</@layout.registrationLayout>
