<#-- Forgotten password: what to type and what happens next, then the one field (its purpose
     given for autofill, RGAA 11.13), then the way back. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username') displayRequiredFields=true; section>
    <#if section = "header">
        ${msg("emailForgotTitle")}
    <#elseif section = "form">
        <p id="kc-reset-instruction"><#if realm.duplicateEmailsAllowed>${msg("emailInstructionUsername")}<#else>${msg("emailInstruction")}</#if></p>
        <form id="kc-reset-password-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#assign label>
                <#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if>
            </#assign>
            <@field.input name="username" label=label value=auth.attemptedUsername!'' autofocus=true autocomplete="username" required=true/>
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg("doSubmit")}</button>
            </div>
            <p id="kc-form-options"><a href="${url.loginUrl}">${msg("backToLogin")}</a></p>
        </form>
    </#if>
</@layout.registrationLayout>
