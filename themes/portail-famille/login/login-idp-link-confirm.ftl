<#-- First sign-in through an identity provider whose e-mail (or username)
     already belongs to an account: nothing is linked before the family
     proves the account is its own. "Relier" leads to that account's
     password (the realm's FranceConnect first-login flow); anything else
     links nothing. Keycloak hands the duplicate as an error message; it is
     shown here as the page's explanation. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("confirmLinkIdpTitle")}
    <#elseif section = "form">
        <#if message?has_content>
            <p id="pf-link-existing">${kcSanitize(message.summary)?no_esc}</p>
        </#if>
        <p id="pf-link-explain">${msg("pfLinkConfirmExplain", idpDisplayName)}</p>
        <form id="kc-register-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div id="kc-form-buttons" class="${properties.kcFormGroupClass!}">
                <button type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        name="submitAction" id="linkAccount" value="linkAccount">${msg("confirmLinkIdpContinue", idpDisplayName)}</button>
                <#if !hideReviewButton?has_content>
                    <button type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcMarginTopClass!}"
                            name="submitAction" id="updateProfile" value="updateProfile">${msg("confirmLinkIdpReviewProfile")}</button>
                </#if>
            </div>
            <p id="kc-form-options"><a id="pf-link-cancel" href="${url.loginRestartFlowUrl}">${msg("pfLinkConfirmCancel")}</a></p>
        </form>
    </#if>
</@layout.registrationLayout>
