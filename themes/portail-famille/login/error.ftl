<#-- Errors, including expired or already used links: what happened, and a way back. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${kcSanitize(msg("errorTitle"))?no_esc}
    <#elseif section = "form">
        <div id="kc-error-message">
            <p class="pf-alert pf-alert--error instruction">${kcSanitize(message.summary)?no_esc}</p>
            <#if traceId??>
                <p class="instruction" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
            </#if>
            <#if skipLink??>
            <#elseif client?? && client.baseUrl?has_content>
                <p><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
            <#else>
                <p><a id="backToApplication" href="${properties.pfBridgeUrl!}/famille">${msg("pfErrorBack")}</a></p>
            </#if>
            <p>${msg("pfErrorHelp")}</p>
        </div>
    </#if>
</@layout.registrationLayout>
