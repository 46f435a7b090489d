<#-- First sign-in through an identity provider (FranceConnect): the identity
     it sent, shown as text to confirm, never retyped. The values travel back
     in hidden fields because Keycloak re-reads the profile from the posted
     form; what the dossier check relies on is the admin-only copy of the
     FranceConnect identity (franceconnect* attributes), which no form can
     change. A value the provider did not send, or one Keycloak refuses,
     becomes a field to fill in. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<@layout.registrationLayout displayMessage=messagesPerField.exists('global'); section>
    <#if section = "header">
        ${msg("pfIdpReviewTitle")}
    <#elseif section = "form">
        <#assign given = (user.attributes.franceconnectGivenNames)!(user.firstName!'')>
        <#assign family = (user.attributes.franceconnectFamilyName)!(user.lastName!'')>
        <#assign usage = (user.attributes.franceconnectUsageName)!''>
        <#assign birth = (user.attributes.franceconnectBirthdate)!''>
        <p id="pf-idp-review-intro">${msg("pfIdpReviewIntro")}</p>
        <dl class="pf-identity" id="pf-idp-identity">
            <#if given?has_content><dt>${msg("pfIdentityGivenNames")}</dt><dd id="pf-identity-given-names">${given}</dd></#if>
            <#if family?has_content><dt>${msg("pfIdentityBirthName")}</dt><dd id="pf-identity-family-name">${family}</dd></#if>
            <#if usage?has_content && usage != family><dt>${msg("pfIdentityUsageName")}</dt><dd id="pf-identity-usage-name">${usage}</dd></#if>
            <#if birth?matches("\\d{4}-\\d{2}-\\d{2}")><dt>${msg("pfIdentityBirthDate")}</dt><dd id="pf-identity-birth-date">${birth?date("yyyy-MM-dd")?string("dd/MM/yyyy")}</dd></#if>
            <#if (user.email!'')?has_content><dt>${msg("pfIdentityEmail")}</dt><dd id="pf-identity-email">${user.email}</dd></#if>
        </dl>
        <form id="kc-idp-review-profile-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#list profile.attributes as attribute>
                <#assign error = messagesPerField.get(attribute.name)>
                <#if attribute.name == 'locale'>
                    <input type="hidden" name="locale" value="${locale.currentLanguageTag}"/>
                <#elseif (attribute.value!'')?has_content && !error?has_content>
                    <input type="hidden" name="${attribute.name}" value="${attribute.value}"/>
                <#elseif !attribute.readOnly>
                    <#if !missingShown??>
                        <p id="pf-idp-review-missing">${msg("pfIdpReviewMissing")}</p>
                        <#assign missingShown = true>
                    </#if>
                    <@field.input name=attribute.name label=advancedMsg(attribute.displayName!'') value=(attribute.value!'')
                                  required=attribute.required autocomplete=(attribute.autocomplete!'off')/>
                </#if>
            </#list>
            <div id="kc-form-buttons" class="${properties.kcFormGroupClass!}">
                <button id="pf-idp-review-confirm" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg("pfIdpReviewConfirm")}</button>
            </div>
            <p id="kc-form-options"><a id="pf-idp-review-restart" href="${url.loginRestartFlowUrl}">${msg("pfIdpReviewNotYou")}</a></p>
        </form>
    </#if>
</@layout.registrationLayout>
